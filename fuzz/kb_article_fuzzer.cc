// libFuzzer target for `logrx kb import`: any bytes as an article must give
// facts or an error, never a crash or a hang; whatever the importer writes must load.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "kb/import/importer.h"
#include "kb/knowledge_base.h"
#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (256u << 10)) return 0;  // articles are small; huge inputs only cost time
  const std::string text(reinterpret_cast<const char*>(data), size);
  logrx::kb::import::Importer im({});
  im.AddArticle(text, "fuzz.md");
  logrx::kb::import::ImportOutput out = im.Finish();
  (void)out.ReportText();
  (void)out.ReportJson();
  std::vector<std::pair<std::string, std::string>> kb(out.kb_files.begin(), out.kb_files.end());
  logrx::NullDiagnosticSink sink;
  if (!kb.empty() && !logrx::kb::LoadKnowledgeBaseText(kb, sink).ok()) std::abort();  // we wrote it: it must load
  for (const auto& f : out.rules_files) {
    std::vector<logrx::Status> errors;
    auto rs = logrx::rules::RuleSet::LoadFromString(f.second, f.first, errors);
    if (!errors.empty()) std::abort();
    (void)rs->RunExamples();
  }
  return 0;
}
