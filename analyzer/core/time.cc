#include "core/time.h"

#include <chrono>
#include <iterator>

#include <fmt/format.h>

namespace logrx {

int64_t DaysFromCivil(int year, int month, int day) noexcept {
  namespace chr = std::chrono;
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  return chr::sys_days{ymd}.time_since_epoch().count();
}

void CivilFromDays(int64_t days, int& year, int& month, int& day) noexcept {
  namespace chr = std::chrono;
  const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  year = static_cast<int>(ymd.year());
  month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  day = static_cast<int>(static_cast<unsigned>(ymd.day()));
}

bool FiletimeFromCivil(const CivilTime& c, int64_t& out) noexcept {
  namespace chr = std::chrono;
  if (c.year < 1601 || c.year > 30827 || c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 ||
      !chr::year_month_day{chr::year{c.year}, chr::month{static_cast<unsigned>(c.month)},
                           chr::day{static_cast<unsigned>(c.day)}}
           .ok() ||
      c.hour < 0 || c.hour > 23 || c.minute < 0 ||
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

void PutIsoDate(const CivilTime& c, char* at) noexcept {
  PutDecimal(at, c.year, 4);
  at[4] = '-';
  PutDecimal(at + 5, c.month, 2);
  at[7] = '-';
  PutDecimal(at + 8, c.day, 2);
}

void PutIsoClock(const CivilTime& c, char* at) noexcept {
  at[0] = 'T';
  PutDecimal(at + 1, c.hour, 2);
  at[3] = ':';
  PutDecimal(at + 4, c.minute, 2);
  at[6] = ':';
  PutDecimal(at + 7, c.second, 2);
}

namespace {

void AppendDate(const CivilTime& c, std::string& out) {
  if (c.year < 0 || c.year > 9999) {
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", c.year, c.month, c.day);
    return;
  }
  char b[kIsoDateChars];
  PutIsoDate(c, b);
  out.append(b, sizeof(b));
}

}  // namespace

void AppendIsoDate(int64_t filetime, std::string& out) {
  AppendDate(CivilFromFiletime(filetime), out);
}

void AppendIso8601(int64_t filetime, std::string& out, int fraction_digits) {
  if (filetime == kNoTime) return;
  const CivilTime c = CivilFromFiletime(filetime);
  AppendDate(c, out);
  char b[kIsoClockChars + 8];  // "T17:16:28.2141610"
  PutIsoClock(c, b);
  size_t n = kIsoClockChars;
  if (fraction_digits > 0) {
    if (fraction_digits > 7) fraction_digits = 7;
    int64_t frac = c.ticks;
    for (int i = 7; i > fraction_digits; --i) frac /= 10;
    b[n] = '.';
    PutDecimal(b + n + 1, frac, fraction_digits);
    n += 1 + static_cast<size_t>(fraction_digits);
  }
  out.append(b, n);
  out.push_back('Z');
}

std::string FormatIso8601(int64_t filetime, int fraction_digits) {
  std::string out;
  AppendIso8601(filetime, out, fraction_digits);
  return out;
}

std::string FormatIsoDate(int64_t filetime) {
  std::string out;
  AppendIsoDate(filetime, out);
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
