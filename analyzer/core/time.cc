#include "core/time.h"

#include <fmt/format.h>

namespace logrx {

// Howard Hinnant's days-from-civil algorithm (public domain description), restated.
int64_t DaysFromCivil(int year, int month, int day) noexcept {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t days, int& year, int& month, int& day) noexcept {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

static bool IsLeap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int DaysInMonth(int y, int m) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool FiletimeFromCivil(const CivilTime& c, int64_t& out) noexcept {
  if (c.year < 1601 || c.year > 30827 || c.month < 1 || c.month > 12 || c.day < 1 ||
      c.day > DaysInMonth(c.year, c.month) || c.hour < 0 || c.hour > 23 || c.minute < 0 ||
      c.minute > 59 || c.second < 0 || c.second > 59 || c.ticks < 0 ||
      c.ticks >= kTicksPerSecond) {
    return false;
  }
  const int64_t days = DaysFromCivil(c.year, c.month, c.day);
  const int64_t secs = days * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
  out = secs * kTicksPerSecond + c.ticks + kUnixEpochTicks;
  return true;
}

CivilTime CivilFromFiletime(int64_t filetime) noexcept {
  CivilTime c;
  // Seconds first, then the epoch: `filetime - kUnixEpochTicks` overflows for the hostile
  // FILETIMEs near INT64_MIN that damaged records carry.
  static_assert(kUnixEpochTicks % kTicksPerSecond == 0);
  int64_t secs = filetime / kTicksPerSecond - kUnixEpochTicks / kTicksPerSecond;
  int64_t ticks = filetime % kTicksPerSecond;
  if (ticks < 0) {
    ticks += kTicksPerSecond;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  CivilFromDays(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(sod / 3600);
  c.minute = static_cast<int>(sod / 60 % 60);
  c.second = static_cast<int>(sod % 60);
  c.ticks = ticks;
  return c;
}

std::string FormatIso8601(int64_t filetime, int fraction_digits) {
  if (filetime == kNoTime) return {};
  const CivilTime c = CivilFromFiletime(filetime);
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day,
                                c.hour, c.minute, c.second);
  if (fraction_digits > 0) {
    if (fraction_digits > 7) fraction_digits = 7;
    int64_t frac = c.ticks;
    for (int i = 7; i > fraction_digits; --i) frac /= 10;
    fmt::format_to(std::back_inserter(out), ".{:0{}}", frac, fraction_digits);
  }
  out.push_back('Z');
  return out;
}

namespace {

bool ReadDigits(std::string_view s, size_t& pos, size_t n, int& out) noexcept {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char ch = s[pos + i];
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + (ch - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char ch) noexcept {
  if (pos >= s.size() || s[pos] != ch) return false;
  ++pos;
  return true;
}

}  // namespace

bool ParseIso8601(std::string_view s, int64_t& out) noexcept {
  CivilTime c;
  size_t pos = 0;
  if (!ReadDigits(s, pos, 4, c.year) || !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, c.month) ||
      !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, c.day)) {
    return false;
  }
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != ' ')) return false;
  ++pos;
  if (!ReadDigits(s, pos, 2, c.hour) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, c.minute) ||
      !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, c.second)) {
    return false;
  }
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int64_t frac = 0;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 7) frac = frac * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return false;
    for (int i = digits; i < 7; ++i) frac *= 10;
    c.ticks = frac;
  }
  int64_t offset_secs = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(s, pos, 2, oh) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, om) ||
        oh > 23 || om > 59) {
      return false;
    }
    offset_secs = sign * (oh * 3600 + om * 60);
  }
  if (pos != s.size()) return false;
  if (!FiletimeFromCivil(c, out)) return false;
  out -= offset_secs * kTicksPerSecond;
  return true;
}

}  // namespace logrx
