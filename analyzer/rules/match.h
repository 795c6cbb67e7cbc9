// Match: what the rule engine hands the advisor. Owned data (never an Event view).
//
//   for (const rules::Match& m : matches) Explain(m.rule_id, m.kb, m.captures);
//
// Contract between rules/ and advisor/: fields may be added; none renamed or removed.
#ifndef LOGRX_RULES_MATCH_H_
#define LOGRX_RULES_MATCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace logrx::rules {

enum class RuleSeverity : uint8_t { kInfo, kLow, kMedium, kHigh, kCritical };
// "info", "low", "medium", "high", "critical": the rule file's severity="..." and the reports'.
std::string_view RuleSeverityName(RuleSeverity s) noexcept;
// The inverse of RuleSeverityName (exact, lower case); false leaves `out` unchanged.
bool ParseRuleSeverity(std::string_view name, RuleSeverity& out) noexcept;

struct Capture {
  std::string name;   // RE2 named group, or a field name the rule captures whole
  std::string value;  // UTF-8
};

// One event that contributed to a match.
struct EvidenceRef {
  SourceLoc where;           // file id + offset/line
  uint64_t record_id = 0;
  int64_t time = kNoTime;    // FILETIME ticks UTC
  uint16_t event_id = 0;
  std::string provider;      // Event::Source()
  std::string channel;
  std::string message;       // rendered message if any (may be truncated by the engine)
  std::vector<Capture> captures;
  std::string step;          // which part of the rule it satisfied ("" for single-event rules)
  // Imported rules only: the part of `message` their message pattern matched (the
  // report's "matched text"); empty for hand-written rules and for a rule without a
  // message pattern (cut like `message`).
  std::string matched;
};

struct Match {
  std::string rule_id;            // "clussvc-1024-exchange-imc"
  std::string title;              // the rule's one-line description
  std::string kb;                 // the article it points to, "KB316772"
  std::string cause;              // optional: the cause id within the article
  RuleSeverity severity = RuleSeverity::kMedium;
  bool imported = false;          // the rule was written by `logrx kb import` (RuleInfo::imported)
  std::string host;               // the events' Computer, as written in the first event
  int64_t first_time = kNoTime;
  int64_t last_time = kNoTime;
  uint32_t count = 0;             // events that satisfied the rule (all steps)
  std::vector<Capture> captures;  // captures of the triggering event(s), first wins per name
  std::vector<EvidenceRef> evidence;  // capped; count says how many there were
};

}  // namespace logrx::rules

#endif  // LOGRX_RULES_MATCH_H_
