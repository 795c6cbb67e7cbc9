#include "rules/match.h"

namespace logrx::rules {

std::string_view RuleSeverityName(RuleSeverity s) noexcept {
  switch (s) {
    case RuleSeverity::kInfo: return "info";
    case RuleSeverity::kLow: return "low";
    case RuleSeverity::kMedium: return "medium";
    case RuleSeverity::kHigh: return "high";
    case RuleSeverity::kCritical: return "critical";
  }
  return "medium";
}

}  // namespace logrx::rules
