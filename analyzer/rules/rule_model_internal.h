// The compiled form of a rule file: what rule_loader.cc builds from XML and what
// rule_matcher.cc / correlate.cc evaluate. Internal to rules/.
//
//   std::vector<internal::Rule> rules;
//   internal::ParseRuleDocument(xml, "rules/a.xml", rules, errors);
//
// Everything here is built once at load and then only read (thread-safe for reading;
// a deferred pattern compiles itself once, rules/rule_pattern_internal.h).
// RE2 can be neither copied nor moved, so each pattern lives in a unique_ptr.
#ifndef LOGRX_RULES_RULE_MODEL_INTERNAL_H_
#define LOGRX_RULES_RULE_MODEL_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <re2/re2.h>

#include "core/event.h"
#include "core/status.h"
#include "rules/match.h"
#include "rules/rule_pattern_internal.h"
#include "rules/rule_set.h"

namespace logrx::rules::internal {

// Caps that keep a hostile or careless rule file from costing unbounded time or memory.
inline constexpr int64_t kRegexMaxMem = 8 << 20;        // RE2::Options::max_mem
inline constexpr int kRegexMaxProgramSize = 20000;       // RE2::ProgramSize()
inline constexpr size_t kMaxProviderLength = 255;
inline constexpr size_t kMaxEventIdsPerCondition = 4096;  // after expanding ranges
inline constexpr int kMaxPredicateDepth = 8;
inline constexpr size_t kMaxExampleEvents = 1000;

enum class PredicateKind : uint8_t {
  kField,    // a named (<Data Name=>) or positional (1-based, like %N) field
  kMessage,  // Event::message
  kPrefer,   // the first child whose input is present decides
  kAny,      // any child matches
  kAll,      // every child matches (a group inside <prefer> or <any>)
};

struct Predicate {
  PredicateKind kind = PredicateKind::kField;
  std::string field_name;    // kField by name (case-sensitive, as Event::Data)
  uint32_t field_index = 0;  // kField by position (1-based); 0 when by name
  bool has_equals = false;
  std::string equals;
  bool ignore_case = false;  // for equals
  std::unique_ptr<RulePattern> regex;
  std::vector<std::pair<std::string, int>> regex_groups;  // named groups: name, index
  std::string capture;       // capture the whole value under this name
  std::vector<Predicate> children;  // kPrefer, kAny, kAll
  uint32_t line = 0;
};

// One <when>: everything in it must hold.
struct Condition {
  std::vector<std::string> providers;  // lower-case; empty = any provider
  std::vector<uint16_t> event_ids;     // sorted, unique; empty = any id
  uint8_t level_mask = 0;              // bit n = level n (0..5); 0 = any level
  std::vector<std::string> channels;   // lower-case; empty = any channel
  std::vector<Predicate> predicates;
  uint32_t line = 0;
};

struct Step {
  std::string id;                     // "" for single-event rules
  bool absent = false;                // sequences: no such event may appear
  std::vector<Condition> conditions;  // any one of them
  uint32_t line = 0;
};

enum class RuleKind : uint8_t { kSingle, kCount, kRepeat, kSequence };

enum class SuppressScope : uint8_t { kRecord, kWindow };

struct Suppression {
  std::string target_id;
  uint32_t target = 0;  // resolved index, after every file is loaded
  SuppressScope scope = SuppressScope::kRecord;
  int64_t within = 0;   // ticks, kWindow only
  uint32_t line = 0;
};

struct ExpectedCapture {
  std::string name;
  std::string value;
};

struct Example {
  std::string name;
  uint32_t line = 0;
  bool expect_match = true;
  int64_t expect_count = -1;  // exact number of matches wanted; -1 = "at least one"
  std::vector<OwnedEvent> events;
  std::vector<ExpectedCapture> captures;  // checked on the first match
};

struct Rule {
  RuleInfo info;
  RuleKind kind = RuleKind::kSingle;
  std::vector<Step> steps;  // exactly one unless kSequence
  // kCount
  uint32_t min_count = 0;
  int64_t within = 0;  // ticks; kCount and kSequence
  std::string group_by;
  // kRepeat
  int64_t every = 0;
  int64_t tolerance = 0;
  // kSequence
  bool in_order = true;
  std::string join;
  std::vector<Suppression> suppressions;
  std::vector<Example> examples;
};

// Parses one rule document. Appends rules that are free of errors to `rules` and one
// Status per error to `errors`: Status::At(name:line), what() "rule 'id': reason" (or the
// reason alone for a document-level error). Goes on with the
// next <rule> after a bad one. Never throws; bounded work for any input.
// `skip_imported`: <rule imported="true"> elements are passed over unread (scan
// --no-archive), so they cost no regex compilation and report no error.
// `defer_imported_patterns`: the patterns of imported rules are parsed now and compiled
// on first use (RuleLoadOptions::defer_imported_patterns).
void ParseRuleDocument(std::string_view xml, std::string_view name, std::vector<Rule>& rules,
                       std::vector<Status>& errors, bool skip_imported = false,
                       bool defer_imported_patterns = false);

// Bytes a rule file may hold.
inline constexpr uint64_t kMaxRuleFileBytes = 16u << 20;

// The rule files `paths` name, in load order: a file as given, a folder's *.xml files
// and its subfolders' (core/data_folder.h). A path that names nothing, a folder without
// rule files and one that cannot be listed each append an error (Status::At the path).
std::vector<std::string> ListRuleFiles(const std::vector<std::string>& paths,
                                       std::vector<Status>& errors);

// Reads `file` (at most kMaxRuleFileBytes) and parses it with ParseRuleDocument; a file
// that cannot be read appends one error.
void ParseRuleFile(const std::string& file, std::vector<Rule>& rules, std::vector<Status>& errors,
                   bool skip_imported = false, bool defer_imported_patterns = false);

// "1h", "90m", "1h30m", "45s", "2d", or ISO 8601 "PT1H30M". Returns false on anything else
// (or a zero or overflowing duration).
bool ParseDuration(std::string_view text, int64_t& ticks) noexcept;

// The level used for matching: Event::level, else the EVT type (1 error -> 2, 2 warning
// -> 3, 4/8/16 -> 4), else 4 (Event Viewer shows level 0 as Information).
uint8_t EffectiveLevel(const Event& ev) noexcept;

// Tests a condition. Provider and event id are NOT checked (the index did that). When
// `captures` is non-null, named groups and capture= fields are appended to it (this
// allocates; callers pass null for the cheap first pass). When `matched` is non-null too,
// it receives the span of the message that the first <message regex> matched.
bool EvalCondition(const Condition& c, const Event& ev, std::vector<Capture>* captures,
                   std::string* matched = nullptr);
bool ConditionMatchesProviderAndId(const Condition& c, const Event& ev) noexcept;

// The earlier / later of two times where kNoTime means "no time" (not "earliest"); used
// when folded hits are merged (hit_store.cc) and when matches are built (correlate.cc).
inline int64_t MinTime(int64_t a, int64_t b) noexcept {
  if (a == kNoTime) return b;
  if (b == kNoTime) return a;
  return a < b ? a : b;
}
inline int64_t MaxTime(int64_t a, int64_t b) noexcept {
  if (a == kNoTime) return b;
  if (b == kNoTime) return a;
  return a > b ? a : b;
}

// Correlate() for `rules` (see RuleSet::Correlate). REQUIRES: hits of one host, each
// Hit::rule < rules.size() and Hit::step < that rule's step count (others are dropped).
// `active` empty: every rule's suppressions count.
std::vector<Match> CorrelateHits(const std::vector<Rule>& rules, std::vector<Hit> hits,
                                 const RuleActive& active = RuleActive());

// Correlate's total order on hits (time, record id, event id, channel, rule, step, place).
bool HitLess(const Hit& a, const Hit& b);
// Same event record, possibly read from two files (see correlate.cc).
bool SameRecord(const EvidenceRef& a, const EvidenceRef& b) noexcept;

}  // namespace logrx::rules::internal

#endif  // LOGRX_RULES_RULE_MODEL_INTERNAL_H_
