// libFuzzer target for the rule-file loader: any bytes -> RuleSet::LoadFromString, then
// (when the file loads) Select/Correlate on its own examples and on a fixed event.
// Must never crash, hang or throw; errors are values.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "rules/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Big inputs only re-test pugixml's speed; rule files are small.
  if (size > 64 * 1024) return 0;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  std::vector<logrx::Status> errors;
  const auto set = logrx::rules::RuleSet::LoadFromString(xml, "fuzz.xml", errors);
  if (set->size() == 0) return 0;
  (void)set->RunExamples();
  logrx::OwnedEvent ev;
  ev.set_provider("ClusSvc");
  ev.set_computer("EXCLUS1");
  ev.set_message(
      "The registry checkpoint for cluster resource X could not be restored to registry key "
      "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC. The resource",
      logrx::MessageOrigin::kExport);
  ev.AddField("", "X");
  ev.AddField("", "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC");
  std::vector<logrx::rules::Hit> hits;
  for (uint16_t id : {uint16_t{1024}, uint16_t{1069}, uint16_t{0}}) {
    ev.mutable_header().event_id = id;
    ev.mutable_header().time_created = 126000000000000000 + id;
    ev.mutable_header().record_id = id;
    set->Select(ev.view(), hits);
  }
  (void)set->Correlate(std::move(hits));
  return 0;
}
