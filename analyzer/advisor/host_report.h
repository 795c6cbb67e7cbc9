// HostReport: the advisor's answer for one host. Owned data; knows no output format.
//
//   for (const Finding& f : report.findings) for (const PlanStep& s : report.plan) ...
//
// Contract between advisor/ and report/: fields may be added; none renamed or removed.
// report/ prints it; fleet/ aggregates it; `logrx merge` reads it back from JSON.
#ifndef LOGRX_ADVISOR_HOST_REPORT_H_
#define LOGRX_ADVISOR_HOST_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/host_facts.h"
#include "rules/match.h"

namespace logrx::advisor {

// Per finding and per host. Order matters: a host's overall status is the first of these
// that any of its findings has (needs-action beats unknown beats fixed).
enum class FixStatus : uint8_t {
  kNeedsAction,    // evidence says the fix is missing, or a procedure must be followed
  kUnknown,        // a fix exists but nothing proves whether it is installed
  kFixed,          // every check of the fix passed (or a newer build is present)
  kInformational,  // a match with nothing to install (e.g. expected after a procedure)
};
std::string_view FixStatusName(FixStatus s) noexcept;  // "needs-action", ...

// Per file or registry check.
enum class Verdict : uint8_t {
  kFixed,     // version (or date) at least the required one
  kNewer,     // newer than required: superseded by a later build, fine
  kNotFixed,  // older than required
  kWeak,      // only size (or only date) agrees; several builds share it
  kUnknown,   // no evidence about this file/key
};
std::string_view VerdictName(Verdict v) noexcept;  // "fixed", "newer", "not-fixed", ...

struct CheckResult {
  std::string package;      // "Q299444"
  std::string kind;         // "file" or "registry"
  std::string target;       // "Winlogon.exe" or "HKLM\...\Hotfix\Q299444"
  std::string platform;     // "Intel", "Alpha"
  std::string required;     // "size 192,272 bytes, dated 2000-04-04 or later"
  std::string found;        // "4.0.1381.7103, 192,784 bytes, 2001-11-14" or ""
  std::string evidence;     // where `found` came from: "inventory/EXCLUS1-files.csv:14"
  Verdict verdict = Verdict::kUnknown;
  std::string reason;       // one sentence: why this verdict
  std::string to_collect;   // for kUnknown/kWeak: what would settle it
};

enum class StepKind : uint8_t {
  kInstall,             // install a package
  kCheckPrerequisite,   // a prerequisite the evidence cannot settle (SP6 vs SP6a)
  kProcedure,           // follow a documented procedure (no package)
  kInvestigate,         // gather more facts (no known fix)
  kCollect,             // collect the evidence that settles a verdict (listed, not verified)
};
std::string_view StepKindName(StepKind k) noexcept;

struct PlanStep {
  int order = 0;                      // 1-based install order
  StepKind kind = StepKind::kInstall;
  std::string package;                // "Q246009" (empty for procedures)
  std::string title;                  // "Windows NT 4.0 Service Pack 6a"
  std::string why;                    // "prerequisite of Q299444", "fixes KB316772"
  std::vector<std::string> for_articles;  // articles this step serves
  std::vector<std::string> covers;    // older packages this one supersedes that the host needed
};

struct Finding {
  std::string article;      // "KB316772"
  std::string title;        // article title
  std::string cause_id;     // "winlogon-handles"
  std::string cause;        // one-paragraph cause summary
  std::string why_this_cause;  // the evidence that picked this cause over the others
  std::string tells_apart;  // the article's own "how this cause is told apart" (same on every host)
  rules::RuleSeverity severity = rules::RuleSeverity::kMedium;
  FixStatus status = FixStatus::kUnknown;
  std::string status_reason;
  std::vector<rules::Match> matches;  // the rule matches behind the finding
  std::vector<CheckResult> checks;    // file/registry checks that prove the fix
  // Applicability of the article to this host (docs/kb.md "applies-to"): "applies",
  // "does-not-apply", "facts-missing" or "unstated", with one sentence
  // ("does not apply (host is 6.1 SP1): KB236949 is for Windows NT 4.0 SP4-SP5").
  std::string applies;
  std::string applies_reason;
  std::vector<std::string> conditions;  // "needs Exchange Server 5.5 on the host"
  // The article's workaround until the fix is in, or "" when it gives none
  // (workaround_note then says so).
  std::string workaround;
  std::string workaround_note;
  std::string to_collect;             // what settles a "listed, not verified" or unknown verdict
  // A possible article: the article was imported from the KB archive (`logrx kb import`,
  // kb/archive/) or only imported rules matched. Reports say "possible article" and quote
  // the matched text (EvidenceRef::matched). Its advice comes from the article's own
  // packages and file checks only, and it is informational unless its pattern matched text,
  // its <applies-to> fits the host's known OS and products, and a cause names a package.
  bool imported = false;
};

struct HostReport {
  std::string host;
  inventory::HostFacts facts;
  uint64_t events_read = 0;
  std::vector<std::string> files;     // input files that held this host's events
  std::vector<Finding> findings;      // sorted by article
  std::vector<PlanStep> plan;         // in install order
  FixStatus overall = FixStatus::kFixed;  // kFixed also when there are no findings
  std::string platform;               // "Intel", "Alpha", "x64" or "" when unknown
  std::string platform_how;           // the evidence ("PE machine type of winlogon.exe (...)")
};

// What every report calls a host: "clean" when nothing matched, else FixStatusName(overall).
std::string_view HostStatusName(const HostReport& h) noexcept;

// The text an imported rule's message pattern matched in the first event that has one
// (EvidenceRef::matched), or "" (a hand-written rule, or an imported rule without a
// pattern). The view lives as long as `m`.
std::string_view MatchedText(const rules::Match& m) noexcept;

}  // namespace logrx::advisor

#endif  // LOGRX_ADVISOR_HOST_REPORT_H_
