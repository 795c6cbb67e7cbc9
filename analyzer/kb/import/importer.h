// `logrx kb import`: turns parsed articles (kb/import/article.h) into knowledge-base and
// rule XML that `KnowledgeBase::Load` and the rule loader accept, plus a per-article report.
//
//   Importer im(options);
//   im.AddArticle(text, "articles/Q316772.md");        // any number
//   ImportOutput out = im.Finish();                     // out.kb_xml, out.rules_xml, out.report
//
// What is written holds facts only (ids, sources, message texts, keys, packages, files,
// sizes, dates, versions, platforms); titles and summaries are composed from those facts.
// Deterministic: output depends only on the articles' content and names, not on the order
// they were added. Not thread-safe; Finish() once.
#ifndef LOGRX_KB_IMPORT_IMPORTER_H_
#define LOGRX_KB_IMPORT_IMPORTER_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kb/import/article.h"
#include "kb/import/pattern.h"

namespace logrx::kb::import {

struct ImportOptions {
  // Folder of cited articles (referenced/Q299444.md) read for package prerequisites; "" = none.
  std::vector<std::string> referenced_dirs;
  // Article and package ids that already exist where the output will be loaded (the shipped
  // kb/): they are referenced but not written again. Articles whose id is here are skipped.
  std::set<std::string> known_articles;
  std::set<std::string> known_packages;
};

enum class Outcome : uint8_t { kEventAndFix, kEventOnly, kNotImported };
const char* OutcomeName(Outcome o) noexcept;  // "event-and-fix", "event-only", "not-imported"

struct ArticleReport {
  std::string file;
  std::string article;             // "KB316772" ("" when unreadable)
  Outcome outcome = Outcome::kNotImported;
  std::string reason;              // why not imported / what was left out
  std::vector<std::string> rules;  // rule ids written
  std::vector<std::string> packages;
  size_t events = 0, file_checks = 0;
  std::vector<ImportProblem> problems;
};

struct ImportOutput {
  std::map<std::string, std::string> kb_files;     // file name -> XML ("kb-imported-0.xml")
  std::map<std::string, std::string> rules_files;  // file name -> XML
  std::vector<ArticleReport> report;               // sorted by article / file
  size_t articles = 0, rules = 0, packages = 0, stubs = 0;
  std::string ReportText() const;
  std::string ReportJson() const;  // {"summary":{...},"articles":[...]}
};

class Importer {
 public:
  explicit Importer(ImportOptions options);
  void AddArticle(std::string_view text, const std::string& file);
  void AddUnreadable(const std::string& file, const std::string& reason);
  ImportOutput Finish();

 private:
  struct Entry {
    ParsedArticle article;
    ArticleReport report;
  };
  ImportOptions options_;
  std::vector<Entry> entries_;
  std::vector<ArticleReport> failed_;
};

// "ClusSvc" + 1024 -> "clussvc-1024"; used in rule ids "kb316772-clussvc-1024".
std::string RuleSlug(std::string_view source, uint32_t event_id);

// Article text as XML attribute value or text: readers::AppendXmlEscaped in attribute mode
// (& < > " and TAB/LF/CR as references; what XML 1.0 cannot hold as visible "\xNN").
std::string XmlEscape(std::string_view s);

}  // namespace logrx::kb::import

#endif  // LOGRX_KB_IMPORT_IMPORTER_H_
