// libFuzzer target for the knowledge-base loader and consistency check: any bytes as a KB
// file must give a KB or an error with file:line, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "kb/check.h"
#include "kb/knowledge_base.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;  // KB files are small; huge inputs only cost time
  std::string text(reinterpret_cast<const char*>(data), size);
  logrx::NullDiagnosticSink sink;
  // Unchecked then checked: drives the grammar and every consistency rule (cycles,
  // missing references) on whatever the grammar accepted.
  auto kb = logrx::kb::LoadKnowledgeBaseText({{"fuzz.xml", text}}, sink, /*check=*/false);
  if (kb.ok()) {
    (void)logrx::kb::CheckKnowledgeBase(**kb, {});
    (void)(*kb)->CheckedFileNames();
    for (const auto& p : (*kb)->packages()) (void)(*kb)->SupersededBy(p.id);
  }
  auto checked = logrx::kb::LoadKnowledgeBaseText({{"fuzz.xml", text}}, sink, /*check=*/true);
  (void)checked;
  return 0;
}
