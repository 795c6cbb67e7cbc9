// Parsing unsigned numbers from text (XML attributes, CSV cells, rule and KB files).
//
//   uint32_t id = 0;
//   if (!ParseUnsigned(attr.value(), id, NumberBase::kDecimalOrHex)) return Error("bad id");
//
// The whole text must be the number, apart from XML white space around it (kXmlSpace):
// no sign, no suffix, no thousands separator. A value that does not fit in T fails.
// On failure `out` is unchanged. Pure; thread-safe; never allocates.
#ifndef LOGRX_CORE_NUMBERS_H_
#define LOGRX_CORE_NUMBERS_H_

#include <charconv>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "core/strings.h"

namespace logrx {

enum class NumberBase {
  kDecimal,       // "1024"
  kDecimalOrHex,  // "1024" or "0x400" / "0X400"
};

template <typename T>
[[nodiscard]] bool ParseUnsigned(std::string_view text, T& out,
                                 NumberBase base = NumberBase::kDecimal) noexcept {
  static_assert(std::is_unsigned_v<T>, "ParseUnsigned parses unsigned types");
  std::string_view s = Trim(text);
  int radix = 10;
  if (base == NumberBase::kDecimalOrHex && s.size() > 2 && s[0] == '0' &&
      (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  }
  if (s.empty()) return false;
  T value{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, radix);
  if (ec != std::errc() || end != s.data() + s.size()) return false;
  out = value;
  return true;
}

}  // namespace logrx

#endif  // LOGRX_CORE_NUMBERS_H_
