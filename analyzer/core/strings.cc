#include "core/strings.h"

namespace logrx {

std::string_view Trim(std::string_view s, std::string_view chars) noexcept {
  const size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return s.substr(s.size());
  const size_t last = s.find_last_not_of(chars);
  return s.substr(first, last - first + 1);
}

std::string CollapseSpace(std::string_view s, std::string_view space) {
  bool is_space[256] = {};
  for (const char c : space) is_space[static_cast<unsigned char>(c)] = true;
  auto spaced = [&is_space](char c) { return is_space[static_cast<unsigned char>(c)]; };
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  const size_t n = s.size();
  for (;;) {
    while (i < n && spaced(s[i])) ++i;
    if (i == n) break;
    size_t end = i + 1;
    while (end < n && !spaced(s[end])) ++end;
    if (!out.empty()) out.push_back(' ');
    out.append(s.data() + i, end - i);
    i = end;
  }
  return out;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) s += sep;
    s += parts[i];
  }
  return s;
}

std::string ToUpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToUpperAscii(c);
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

bool EndsWithNoCase(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && EqualsNoCase(s.substr(s.size() - suffix.size()), suffix);
}

size_t FindNoCase(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (EqualsNoCase(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

int CompareNoCase(std::string_view a, std::string_view b) noexcept {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(ToLowerAscii(a[i]));
    const auto y = static_cast<unsigned char>(ToLowerAscii(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace logrx
