// KnowledgeBase: kb/*.xml (articles, causes, packages, file checks) loaded at run time.
//
//   Result<std::shared_ptr<const KnowledgeBase>> kb = KnowledgeBase::Load("kb/", diags);
//   const Article* a = kb.value()->FindArticle("KB316772");
//
// Load rejects a bad file with "kb/x.xml:12: package 'Q299444': ...". Immutable and
// thread-safe once loaded. Returned pointers live as long as the KnowledgeBase.
// Load checks the grammar and duplicate ids; cross-references (missing packages,
// supersedence cycles) are checked by kb/check.h so that one run reports them all.
#ifndef LOGRX_KB_KNOWLEDGE_BASE_H_
#define LOGRX_KB_KNOWLEDGE_BASE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"
#include "kb/model.h"

namespace logrx::kb {

// What Load keeps besides the hand-written entries.
struct LoadOptions {
  // false: articles and packages marked imported="true" (the archive `logrx kb import`
  // wrote, kb/archive/) are left out (`scan --no-archive`).
  bool imported = true;
};

class KnowledgeBase {
 public:
  // `path`: a folder (every *.xml in it and in its subfolders such as kb/archive/, except
  // messages/; the folder's own files first, core/data_folder.h) or a file.
  // Fails on a grammar error or on the first consistency problem (kb/check.h).
  static Result<std::shared_ptr<const KnowledgeBase>> Load(const std::string& path,
                                                           DiagnosticSink& warnings,
                                                           const LoadOptions& options = {});
  // Grammar only: lets `logrx kb check` list every consistency problem at once.
  static Result<std::shared_ptr<const KnowledgeBase>> LoadUnchecked(const std::string& path,
                                                                    DiagnosticSink& warnings);
  virtual ~KnowledgeBase() = default;
  virtual const Article* FindArticle(std::string_view id) const noexcept = 0;  // "KB316772"
  virtual const Package* FindPackage(std::string_view id) const noexcept = 0;  // "Q299444"
  // Lower-case base names of every file any check names ("winlogon.exe"), for --root.
  virtual std::vector<std::string> CheckedFileNames() const = 0;
  // Everything, in file order then document order.
  virtual const std::vector<Article>& articles() const noexcept = 0;
  virtual const std::vector<Package>& packages() const noexcept = 0;
  // Packages that list `id` in <supersedes> (direct only), sorted by id.
  virtual std::vector<const Package*> SupersededBy(std::string_view id) const = 0;
};

// Loads KB text already in memory: {name used in messages, XML text} per file, in order.
// Same result and errors as Load (for tests and the fuzzer).
Result<std::shared_ptr<const KnowledgeBase>> LoadKnowledgeBaseText(
    const std::vector<std::pair<std::string, std::string>>& files, DiagnosticSink& warnings,
    bool check = true, const LoadOptions& options = {});

}  // namespace logrx::kb

#endif  // LOGRX_KB_KNOWLEDGE_BASE_H_
