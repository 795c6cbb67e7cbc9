#include "inventory/text_util.h"

#include <utility>

#include <fmt/format.h>

#include "core/time.h"

namespace logrx::inventory {

namespace {

char Lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) noexcept {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool EqualsNoCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

size_t FindNoCase(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (EqualsNoCase(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

std::string_view Trim(std::string_view s) noexcept {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

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
  text = Trim(text);
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

std::string FormatIsoDate(int64_t filetime) {
  const CivilTime c = CivilFromFiletime(filetime);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string_view BaseName(std::string_view path) noexcept {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace logrx::inventory
