#include "rules/match.h"

#include "core/enum_names.h"

namespace logrx::rules {

namespace {

constexpr EnumNames<RuleSeverity, 5> kSeverityNames{{"info", "low", "medium", "high", "critical"}};
static_assert(static_cast<size_t>(RuleSeverity::kCritical) + 1 == kSeverityNames.names.size());

}  // namespace

std::string_view RuleSeverityName(RuleSeverity s) noexcept { return kSeverityNames.Name(s, "medium"); }

bool ParseRuleSeverity(std::string_view name, RuleSeverity& out) noexcept {
  return kSeverityNames.Parse(name, out);
}

}  // namespace logrx::rules
