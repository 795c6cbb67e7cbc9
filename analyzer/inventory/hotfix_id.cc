#include "inventory/hotfix_id.h"

#include <utility>

#include "core/strings.h"

namespace logrx::inventory {

namespace {

bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) noexcept {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

namespace {

// Digits of a hotfix id at the start of `s` after its prefix; 0 when not an id.
size_t HotfixDigits(std::string_view s, size_t prefix) noexcept {
  size_t n = 0;
  while (prefix + n < s.size() && IsDigit(s[prefix + n])) ++n;
  return n >= 4 && n <= 8 ? n : 0;
}

// "Q" + digits, built in a fresh string and moved into `out`. Not `out = "Q"; out.append(..)`:
// GCC 12 at -O3 reports a false -Wrestrict on that assignment (GCC PR105329), and a fresh
// string is also safe when `digits` views `out` itself.
void SetQId(std::string_view digits, std::string& out) {
  std::string id(1, 'Q');
  id.append(digits);
  out = std::move(id);
}

size_t HotfixPrefix(std::string_view s) noexcept {
  if (StartsWithNoCase(s, "KB")) return 2;
  if (!s.empty() && (s[0] == 'Q' || s[0] == 'q')) return 1;
  return 0;
}

}  // namespace

bool NormalizeHotfixId(std::string_view text, std::string& out) {
  text = Trim(text, kSpaceOrNul);
  const size_t prefix = HotfixPrefix(text);
  if (prefix == 0) return false;
  const size_t n = HotfixDigits(text, prefix);
  if (n == 0) return false;
  if (prefix + n < text.size() && IsDigit(text[prefix + n])) return false;
  SetQId(text.substr(prefix, n), out);
  return true;
}

bool FindHotfixIdInText(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && IsAlnum(text[i - 1])) continue;
    const size_t prefix = HotfixPrefix(text.substr(i));
    if (prefix == 0) continue;
    const size_t n = HotfixDigits(text.substr(i), prefix);
    if (n == 0) continue;
    const size_t end = i + prefix + n;
    if (end < text.size() && IsAlnum(text[end])) continue;
    SetQId(text.substr(i + prefix, n), out);
    return true;
  }
  return false;
}

}  // namespace logrx::inventory
