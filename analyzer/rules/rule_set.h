// RuleSet: rules/*.xml compiled once into an immutable, indexed matcher.
//
//   CollectingSink warnings;
//   Result<std::shared_ptr<const RuleSet>> rs = RuleSet::Load({"rules/"}, warnings);
//   std::vector<Hit> hits;  rs.value()->Select(event, hits);        // per event, any thread
//   std::vector<Match> m = rs.value()->Correlate(std::move(host_hits));  // per host, at the end
//
// Two phases keep matching pure and thread-count independent: Select() tests one event
// against the single-event conditions (indexed by provider and event id, RE2 compiled
// once) and yields owned Hits; Correlate() sorts one host's hits by time and applies
// counts, windows, sequences, thresholds and suppression.
// Load fails with the first bad file as "rules/x.xml:12: rule 'r1': bad regex: ...".
// RuleSet is immutable and thread-safe. Hits and Matches are owned values.
// OWNER: rules/ (implementation may add members; these signatures are the contract).
#ifndef LOGRX_RULES_RULE_SET_H_
#define LOGRX_RULES_RULE_SET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/status.h"
#include "rules/match.h"

namespace logrx::rules {

// One event satisfying one condition ("step") of one rule.
struct Hit {
  uint32_t rule = 0;         // index into the RuleSet
  uint16_t step = 0;         // which condition of the rule
  std::string host;          // Event::computer
  EvidenceRef evidence;      // owned copy of what the report needs from the event
};

class RuleSet {
 public:
  // `paths`: rule files and/or folders (every *.xml in them, sorted by name).
  static Result<std::shared_ptr<const RuleSet>> Load(const std::vector<std::string>& paths,
                                                     DiagnosticSink& warnings);
  virtual ~RuleSet() = default;

  virtual size_t size() const noexcept = 0;
  // Thread-safe; allocates only for events that satisfy a condition.
  virtual void Select(const Event& ev, std::vector<Hit>& out) const = 0;
  // Thread-safe. REQUIRES: `hits` all belong to one host. De-duplicates hits of the same
  // record (same channel, record id, time and event id) from different files.
  virtual std::vector<Match> Correlate(std::vector<Hit> hits) const = 0;
};

}  // namespace logrx::rules

#endif  // LOGRX_RULES_RULE_SET_H_
