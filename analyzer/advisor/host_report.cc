#include "advisor/host_report.h"

namespace logrx::advisor {

std::string_view FixStatusName(FixStatus s) noexcept {
  switch (s) {
    case FixStatus::kNeedsAction: return "needs-action";
    case FixStatus::kUnknown: return "unknown";
    case FixStatus::kFixed: return "fixed";
    case FixStatus::kInformational: return "informational";
  }
  return "unknown";
}

std::string_view HostStatusName(const HostReport& h) noexcept {
  return h.findings.empty() ? std::string_view("clean") : FixStatusName(h.overall);
}

std::string_view VerdictName(Verdict v) noexcept {
  switch (v) {
    case Verdict::kFixed: return "fixed";
    case Verdict::kNewer: return "newer";
    case Verdict::kNotFixed: return "not-fixed";
    case Verdict::kWeak: return "weak";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view StepKindName(StepKind k) noexcept {
  switch (k) {
    case StepKind::kInstall: return "install";
    case StepKind::kCheckPrerequisite: return "check-prerequisite";
    case StepKind::kProcedure: return "procedure";
    case StepKind::kInvestigate: return "investigate";
    case StepKind::kCollect: return "collect";
  }
  return "install";
}

std::string_view MatchedText(const rules::Match& m) noexcept {
  for (const rules::EvidenceRef& e : m.evidence) {
    if (!e.matched.empty()) return e.matched;
  }
  return {};
}

}  // namespace logrx::advisor
