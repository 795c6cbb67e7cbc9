// KnowledgeBase: kb/*.xml (articles, causes, packages, file checks) loaded at run time.
//
//   Result<std::shared_ptr<const KnowledgeBase>> kb = KnowledgeBase::Load("kb/", diags);
//   const Article* a = kb.value()->FindArticle("KB316772");
//
// Load rejects a bad file with "kb/x.xml:12: package 'Q299444': ...". Immutable and
// thread-safe once loaded.
// OWNER: kb/ (the data model is the KB owner's to design; keep Load and the lookups).
#ifndef LOGRX_KB_KNOWLEDGE_BASE_H_
#define LOGRX_KB_KNOWLEDGE_BASE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"

namespace logrx::kb {

struct Article;   // defined by the KB owner in kb/model.h
struct Package;

class KnowledgeBase {
 public:
  // `path`: a folder (every *.xml in it, sorted, not recursing into messages/) or a file.
  static Result<std::shared_ptr<const KnowledgeBase>> Load(const std::string& path,
                                                           DiagnosticSink& warnings);
  virtual ~KnowledgeBase() = default;
  virtual const Article* FindArticle(std::string_view id) const noexcept = 0;  // "KB316772"
  virtual const Package* FindPackage(std::string_view id) const noexcept = 0;  // "Q299444"
  // Lower-case base names of every file any check names ("winlogon.exe"), for --root.
  virtual std::vector<std::string> CheckedFileNames() const = 0;
};

}  // namespace logrx::kb

#endif  // LOGRX_KB_KNOWLEDGE_BASE_H_
