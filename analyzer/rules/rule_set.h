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
// The rule language is documented in docs/rules.md.
#ifndef LOGRX_RULES_RULE_SET_H_
#define LOGRX_RULES_RULE_SET_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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
  // Events of the same rule, step and capture key counted into this hit by HitStore
  // (rules/hit_store.h) and not held; their first and last time (kNoTime if none known).
  uint64_t folded = 0;
  int64_t folded_first = kNoTime;
  int64_t folded_last = kNoTime;
  // Single-event rules (indices) that suppress this hit's rule by record and hit the same
  // event, as HitStore found them (sorted; empty when the hit was not held by a HitStore
  // or nothing suppresses it). Correlate suppresses the hit when one of them is active.
  std::vector<uint32_t> suppressed_by;
};

struct FoldPolicy;  // rules/hit_store.h
struct RuleInfo;

// Whether a rule's <suppress> counts on the host being correlated (its article applies
// there, or that is not known). Called with the suppressing rule's info; an empty
// function means every rule is active (`rules test`, hosts without facts).
using RuleActive = std::function<bool(const RuleInfo&)>;

// What a report, `logrx explain` or `logrx kb check` needs to know about one rule.
struct RuleInfo {
  std::string id;
  std::string title;
  std::string kb;           // "KB316772"
  std::string cause;        // "" when the rule names none
  RuleSeverity severity = RuleSeverity::kMedium;
  std::string description;  // optional free text
  std::string file;         // rule file as given to Load
  uint32_t line = 0;        // line of the <rule> element
  uint32_t positive_examples = 0;
  uint32_t negative_examples = 0;
  std::vector<std::string> suppresses;  // ids of rules this one suppresses
  bool imported = false;    // imported="true": written by `logrx kb import` (a possible article)
};

// The outcome of one <example> of one rule (`logrx rules test`).
struct ExampleResult {
  std::string rule_id;
  std::string name;     // the example's name, or "example N"
  std::string file;
  uint32_t line = 0;    // line of the <example> element
  bool passed = false;
  std::string detail;   // why it failed ("want 1 match, got 0"), or "" when passed
};

// An article id as rules and the KB write it: "KB316772", "FC-CP_REG_CKPT_RESTORE_FAILED"
// (FailoverClustering symbolic name) or "LX-<NAME>" (logrx's own note; docs/kb.md).
bool IsArticleId(std::string_view id) noexcept;

// Evidence kept per Match (Match::count keeps the true number of events).
inline constexpr size_t kMaxEvidence = 20;
// Bytes of an event's message copied into EvidenceRef::message (cut on a UTF-8 boundary).
inline constexpr size_t kMaxEvidenceMessage = 2048;

// What Load reads besides the hand-written rules.
struct RuleLoadOptions {
  // false: rules marked imported="true" (the archive `logrx kb import` wrote,
  // rules/archive/) are left out unread (`scan --no-archive`).
  bool imported = true;
  // true: an imported rule's pattern is parsed at load (a syntax error is reported as
  // always) and compiled when an event first reaches it, once, thread-safe (`scan`: most
  // of the archive's patterns never meet an event with their provider and event id).
  // A pattern that only compiling finds over the size caps then matches nothing;
  // false (`rules check`, `rules test`) compiles every pattern now and reports it.
  bool defer_imported_patterns = false;
  // Runs fn(0) ... fn(n - 1), each once, possibly several at a time on other threads, and
  // returns when all have returned (the fleet's Scheduler::ForEach): rule files are then
  // parsed in parallel. The rules, their order and the errors are the same either way.
  // Empty: one file after the other on the calling thread.
  std::function<void(size_t n, const std::function<void(size_t)>& fn)> parallel;
};

// One rule as the loader read it, for `logrx kb check` and `logrx explain` (no matcher is
// built): its info and the text its expect="match" examples carry.
struct RuleSummary {
  RuleInfo info;
  // The data values and the message of every event of the rule's expect="match" examples,
  // in document order (the registry keys and names an article lists are written there).
  std::vector<std::string> match_texts;
};

// What ReadRuleSummaries found in a set of rule files.
struct RuleSummaries {
  std::vector<RuleSummary> rules;  // every rule free of errors, in load order
  // Every error, each a Status::At (file, and line when known): the same errors as
  // LoadCollecting's, except the checks across files (duplicate ids, <suppress> targets).
  std::vector<Status> errors;
};

// Reads `paths` (as RuleSet::Load) with the loader's parser. Unlike Load, a file with errors
// still gives its rules that are free of errors. Defined in rules/rule_loader.cc.
RuleSummaries ReadRuleSummaries(const std::vector<std::string>& paths,
                                const RuleLoadOptions& options = {});

class RuleSet {
 public:
  // `paths`: rule files and/or folders (every *.xml in them and in their subfolders, such
  // as rules/archive/: the folder's own files first, then the subfolders', by path;
  // core/data_folder.h).
  static Result<std::shared_ptr<const RuleSet>> Load(const std::vector<std::string>& paths,
                                                     DiagnosticSink& warnings,
                                                     const RuleLoadOptions& options = {});
  // Like Load, but goes on after errors: every error of every file (one Status each,
  // message "file:line: rule 'id': reason") is appended to `errors`; rules from files
  // without errors are kept. A file with any error contributes no rule.
  static std::shared_ptr<const RuleSet> LoadCollecting(const std::vector<std::string>& paths,
                                                       std::vector<Status>& errors,
                                                       DiagnosticSink& warnings,
                                                       const RuleLoadOptions& options = {});
  // Loads rules from one in-memory document (tests, fuzzing); `name` stands for the path.
  static std::shared_ptr<const RuleSet> LoadFromString(std::string_view xml,
                                                       std::string_view name,
                                                       std::vector<Status>& errors,
                                                       const RuleLoadOptions& options = {});
  virtual ~RuleSet() = default;

  // REQUIRES: i < size(). Rules are in load order (files sorted by name, then document).
  virtual const RuleInfo& info(size_t i) const noexcept = 0;
  // Runs every rule's <example>s through Select + Correlate of this whole RuleSet (so
  // suppression between rules is part of the proof). Deterministic order: load order.
  virtual std::vector<ExampleResult> RunExamples() const = 0;

  virtual size_t size() const noexcept = 0;
  // Thread-safe; allocates only for events that satisfy a condition.
  virtual void Select(const Event& ev, std::vector<Hit>& out) const = 0;
  // Thread-safe. REQUIRES: `hits` all belong to one host. De-duplicates hits of the same
  // record (same channel, record id, time and event id) from different files. A rule's
  // suppression of another (any scope) counts only when `active` says the suppressing
  // rule is active on this host; an inactive rule still gives its own matches.
  virtual std::vector<Match> Correlate(std::vector<Hit> hits, const RuleActive& active) const = 0;
  // Every rule active.
  std::vector<Match> Correlate(std::vector<Hit> hits) const {
    return Correlate(std::move(hits), RuleActive());
  }
  // What a HitStore may fold or drop for these rules (rules/hit_store.h); null: nothing.
  // Lives as long as the RuleSet.
  virtual const FoldPolicy* fold_policy() const noexcept { return nullptr; }
};

}  // namespace logrx::rules

#endif  // LOGRX_RULES_RULE_SET_H_
