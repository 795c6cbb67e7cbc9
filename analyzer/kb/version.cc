#include "kb/version.h"

#include <fmt/format.h>

namespace logrx::kb {

namespace {

bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }

// Parses up to 4 components; `end` gets the offset after the last digit.
bool ParseComponents(std::string_view v, uint64_t (&parts)[4], int& count) noexcept {
  count = 0;
  size_t i = 0;
  while (i < v.size() && v[i] == ' ') ++i;
  while (true) {
    if (i >= v.size() || !IsDigit(v[i]) || count == 4) return false;
    uint64_t n = 0;
    size_t digits = 0;
    while (i < v.size() && IsDigit(v[i])) {
      n = n * 10 + static_cast<uint64_t>(v[i] - '0');
      if (++digits > 10 || n > 0xFFFFFFFFull) return false;
      ++i;
    }
    parts[count++] = n;
    if (i < v.size() && v[i] == '.' && i + 1 < v.size() && IsDigit(v[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  // Trailing label allowed only after a separator (" (", space).
  if (i < v.size() && v[i] != ' ' && v[i] != '(') return false;
  for (int k = count; k < 4; ++k) parts[k] = 0;
  return true;
}

}  // namespace

bool IsVersion(std::string_view v) noexcept {
  uint64_t parts[4];
  int count = 0;
  if (!ParseComponents(v, parts, count)) return false;
  // A bare version has nothing after it.
  size_t dots = 0;
  for (char c : v) {
    if (c == '.') ++dots;
    else if (!IsDigit(c)) return false;
  }
  return dots + 1 == static_cast<size_t>(count);
}

bool CompareVersions(std::string_view a, std::string_view b, int& cmp) noexcept {
  uint64_t pa[4], pb[4];
  int na = 0, nb = 0;
  if (!ParseComponents(a, pa, na) || !ParseComponents(b, pb, nb)) return false;
  cmp = 0;
  for (int k = 0; k < 4; ++k) {
    if (pa[k] != pb[k]) {
      cmp = pa[k] < pb[k] ? -1 : 1;
      break;
    }
  }
  return true;
}

bool ParseDate(std::string_view t, Date& out) noexcept {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  auto num = [&](size_t from, size_t len, int& v) {
    v = 0;
    for (size_t i = from; i < from + len; ++i) {
      if (!IsDigit(t[i])) return false;
      v = v * 10 + (t[i] - '0');
    }
    return true;
  };
  Date d;
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return false;
  if (d.year < 1601 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.day > kDays[d.month - 1]) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  if (d.month == 2 && d.day == 29 && !leap) return false;
  out = d;
  return true;
}

std::string FormatBytes(uint64_t n) {
  std::string digits = fmt::format("{}", n);
  std::string out;
  const size_t lead = digits.size() % 3;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && i >= lead && (i - lead) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace logrx::kb
