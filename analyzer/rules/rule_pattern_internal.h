// RulePattern: a rule's regex= pattern, compiled at load or when an event first reaches it.
// Internal to rules/.
//
//   std::unique_ptr<RE2> parsed = ParseRulePattern(text);       // syntax and named groups
//   if (RulePatternSyntaxOk(*parsed, true)) p.regex = std::make_unique<RulePattern>(text);
//   p.regex->re()->Match(...);                                   // compiles on the first call
//
// Imported rules (rules/archive: about 1,600 patterns) are deferred: an event reaches a
// pattern only after the index matched its provider and event id, so most are never
// compiled, and compiling them all cost two thirds of `scan`'s start-up. Deferring keeps
// the syntax check at load: ParseRulePattern runs RE2's parser (named groups included) and
// stops before compiling, so a bad pattern is reported at load with the message an
// eager compile gives. What only compiling finds (a program over kRegexMaxMem or
// kRegexMaxProgramSize) cannot happen to a deferred pattern: only patterns that
// BoundedBelowCaps() are deferred, the rest are compiled (and their size checked) at load.
// `logrx rules check` and `rules test` compile every pattern at load.
//
// Thread-safe: re() may be called from any number of threads; the first call compiles
// (std::call_once, once per pattern), concurrent callers wait for it. An eager pattern
// costs one branch per call.
#ifndef LOGRX_RULES_RULE_PATTERN_INTERNAL_H_
#define LOGRX_RULES_RULE_PATTERN_INTERNAL_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <re2/re2.h>

namespace logrx::rules::internal {

class RulePattern {
 public:
  // Compiled at load. REQUIRES: `compiled` ok() and within the caps.
  explicit RulePattern(std::unique_ptr<RE2> compiled) : re_(std::move(compiled)) {}
  // Compiled by the first re() call. REQUIRES: RulePatternSyntaxOk(ParseRulePattern(p), true).
  explicit RulePattern(std::string pattern) : pattern_(std::move(pattern)), deferred_(true) {}
  RulePattern(const RulePattern&) = delete;
  RulePattern& operator=(const RulePattern&) = delete;

  // The compiled pattern, never null: a deferred one passed the syntax check and is
  // BoundedBelowCaps, so it compiles within the caps.
  const RE2* re() const;

 private:
  std::string pattern_;  // deferred only
  bool deferred_ = false;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;  // deferred: written once under once_
};

// The options every rule pattern is compiled with (no logging, max_mem kRegexMaxMem).
RE2::Options RulePatternOptions();

// `pattern` compiled with RulePatternOptions() (the caller checks ok() and the size cap).
std::unique_ptr<RE2> CompileRulePattern(const std::string& pattern);

// `pattern` parsed but not compiled: error() and error_arg() of a syntax error are those
// CompileRulePattern gives, and NamedCapturingGroups() is filled. Case folding never
// changes whether a pattern parses or what its groups are, but under (?i) RE2 builds a
// case-folded class for every letter, which made the parse of an imported rule's
// "(?is)..." pattern cost 2.4 times the parse without it: so the leading flag group is
// parsed without its 'i' (WithoutLeadingFoldCase), and a pattern that fails that way is
// parsed again as written, for its own error text. The RE2 it returns is for the check
// and the groups only, never for matching.
std::unique_ptr<RE2> ParseRulePattern(const std::string& pattern);

// `pattern` with the 'i' of a leading flag group of flag letters only ("(?is)" -> "(?s)",
// "(?i)" -> ""); any other pattern as it is.
std::string WithoutLeadingFoldCase(const std::string& pattern);

// Whether `pattern` is too short and too plain (no counted repetition, no Unicode class) to
// compile over kRegexMaxProgramSize or kRegexMaxMem: only such patterns may be deferred.
bool BoundedBelowCaps(std::string_view pattern) noexcept;

// Whether `re` (from CompileRulePattern, or from ParseRulePattern when `parsed_only`)
// holds a pattern without syntax errors.
bool RulePatternSyntaxOk(const RE2& re, bool parsed_only) noexcept;

}  // namespace logrx::rules::internal

#endif  // LOGRX_RULES_RULE_PATTERN_INTERNAL_H_
