#include "rules/rule_pattern_internal.h"

#include <string_view>

#include "rules/rule_model_internal.h"

namespace logrx::rules::internal {

namespace {

// RE2 parses before it compiles, and with max_mem at most sizeof(re2::Prog) its compiler
// has room for no instruction, so it gives up at once with ErrorPatternTooLarge. (0 or
// less would mean "no limit".) The parse, its errors and the named groups are complete.
constexpr int64_t kParseOnlyMaxMem = 3;

// A leading flag group such as "(?is)" ends at its ')' and holds only RE2's flag letters.
size_t LeadingFlagGroupEnd(std::string_view pattern) noexcept {
  if (pattern.substr(0, 2) != "(?") return 0;
  for (size_t i = 2; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == ')') return i > 2 ? i + 1 : 0;
    if (c != 'i' && c != 'm' && c != 's' && c != 'U') return 0;
  }
  return 0;
}

RE2::Options ParseOnlyOptions() {
  RE2::Options options = RulePatternOptions();
  options.set_max_mem(kParseOnlyMaxMem);
  return options;
}

}  // namespace

RE2::Options RulePatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kRegexMaxMem);
  return options;
}

std::unique_ptr<RE2> CompileRulePattern(const std::string& pattern) {
  return std::make_unique<RE2>(pattern, RulePatternOptions());
}

std::string WithoutLeadingFoldCase(const std::string& pattern) {
  const size_t end = LeadingFlagGroupEnd(pattern);
  const size_t i = pattern.find('i');
  if (end == 0 || i >= end) return pattern;
  std::string out = pattern;
  out.erase(i, 1);
  if (out.compare(0, 3, "(?)") == 0) out.erase(0, 3);  // "(?i)": the whole group goes
  return out;
}

std::unique_ptr<RE2> ParseRulePattern(const std::string& pattern) {
  const std::string folded_free = WithoutLeadingFoldCase(pattern);
  auto re = std::make_unique<RE2>(folded_free, ParseOnlyOptions());
  // An error is reported as the pattern itself gives it (its text may quote the pattern).
  if (folded_free.size() != pattern.size() && !RulePatternSyntaxOk(*re, true)) {
    re = std::make_unique<RE2>(pattern, ParseOnlyOptions());
  }
  return re;
}

bool BoundedBelowCaps(std::string_view pattern) noexcept {
  // Measured with RE2 on 512-byte patterns of one repeated piece: "." gives 8 instructions
  // a byte (4,100), \W 5.5, \D 4, "\b." 3, (?i:\W) 3.9, [^a] 2; anything else less. What
  // grows faster is a counted repetition ("x{1000}") or a Unicode class (\p{L}, \pL), so
  // with neither, 1,024 bytes stay under about 8,200 instructions: far below
  // kRegexMaxProgramSize, and its memory far below kRegexMaxMem.
  constexpr size_t kMaxBoundedBytes = 1024;
  static_assert(kMaxBoundedBytes * 8 * 2 < static_cast<size_t>(kRegexMaxProgramSize));
  if (pattern.size() > kMaxBoundedBytes) return false;
  if (pattern.find('{') != std::string_view::npos) return false;
  return pattern.find("\\p") == std::string_view::npos &&
         pattern.find("\\P") == std::string_view::npos;
}

bool RulePatternSyntaxOk(const RE2& re, bool parsed_only) noexcept {
  return re.ok() || (parsed_only && re.error_code() == RE2::ErrorPatternTooLarge);
}

const RE2* RulePattern::re() const {
  if (deferred_) std::call_once(once_, [this] { re_ = CompileRulePattern(pattern_); });
  return re_.get();
}

}  // namespace logrx::rules::internal
