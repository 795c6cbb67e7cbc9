// EnumNames: the text names of an enum's values, in one table indexed by the value, for an
// enum that is both read from text and written as text (a rule's severity, a package's
// kind), so that reading and writing cannot drift apart.
//
//   constexpr EnumNames<RuleSeverity, 5> kNames{{"info", "low", "medium", "high", "critical"}};
//   kNames.Name(RuleSeverity::kHigh, "medium");       // "high"
//   RuleSeverity s;
//   if (!kNames.Parse(attr, s)) return Error(...);    // exact, case-sensitive
//
// REQUIRES: the enum's values are 0..N-1 in table order (a static_assert at the table
// keeps N in step with the last enumerator). Pure; constexpr; thread-safe.
#ifndef LOGRX_CORE_ENUM_NAMES_H_
#define LOGRX_CORE_ENUM_NAMES_H_

#include <array>
#include <cstddef>
#include <string_view>

namespace logrx {

template <typename E, size_t N>
struct EnumNames {
  std::array<const char*, N> names;

  // The name of `v`; `fallback` for a value outside the table.
  constexpr const char* Name(E v, const char* fallback) const noexcept {
    const auto i = static_cast<size_t>(v);
    return i < N ? names[i] : fallback;
  }
  // The value named `text` exactly; false (and `out` unchanged) for any other text.
  constexpr bool Parse(std::string_view text, E& out) const noexcept {
    for (size_t i = 0; i < N; ++i) {
      if (text == names[i]) {
        out = static_cast<E>(i);
        return true;
      }
    }
    return false;
  }
};

}  // namespace logrx

#endif  // LOGRX_CORE_ENUM_NAMES_H_
