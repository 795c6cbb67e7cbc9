// Time: every timestamp in logrx is a FILETIME tick count (100 ns since 1601-01-01 UTC),
// never local time.
//
//   int64_t t = FiletimeFromUnixSeconds(1586000000);
//   std::string s = FormatIso8601(t);   // "2020-04-04T11:33:20.0000000Z"
//
// All functions are pure and thread-safe.
#ifndef LOGRX_CORE_TIME_H_
#define LOGRX_CORE_TIME_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/event.h"

namespace logrx {

inline constexpr int64_t kTicksPerSecond = 10'000'000;
inline constexpr int64_t kUnixEpochTicks = 116'444'736'000'000'000;  // 1970-01-01 as FILETIME

constexpr int64_t FiletimeFromUnixSeconds(int64_t secs) noexcept {
  return secs * kTicksPerSecond + kUnixEpochTicks;
}

struct CivilTime {
  int year = 1601, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t ticks = 0;  // 100 ns units within the second, 0..9'999'999
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back (std::chrono's civil
// calendar; years -32767..32767, which every int64 FILETIME fits).
int64_t DaysFromCivil(int year, int month, int day) noexcept;
void CivilFromDays(int64_t days, int& year, int& month, int& day) noexcept;

// Fails (returns false) for fields out of range; leap seconds are not accepted.
bool FiletimeFromCivil(const CivilTime& c, int64_t& out) noexcept;
CivilTime CivilFromFiletime(int64_t filetime) noexcept;

// "2017-07-12T17:16:28.2141610Z" (7 fraction digits, Windows' own precision).
// `fraction_digits` 0..7. kNoTime gives "". The Append form allocates only to grow `out`.
std::string FormatIso8601(int64_t filetime, int fraction_digits = 7);
void AppendIso8601(int64_t filetime, std::string& out, int fraction_digits = 7);
// "2019-05-14", the UTC date of a FILETIME.
std::string FormatIsoDate(int64_t filetime);
void AppendIsoDate(int64_t filetime, std::string& out);

// The fixed-width pieces of that text, written in place for a writer that keeps part of
// it (AppendFiletimeIso8601 keeps the text up to the second). REQUIRES: 0 <= c.year <=
// 9999 (other years take more digits: use AppendIso8601).
inline constexpr size_t kIsoDateChars = 10;   // "2017-07-12"
inline constexpr size_t kIsoClockChars = 9;   // "T17:16:28"
void PutIsoDate(const CivilTime& c, char* at) noexcept;
void PutIsoClock(const CivilTime& c, char* at) noexcept;
// `v` (>= 0) as exactly `digits` decimal digits at at[0..digits): leading zeros, higher
// digits dropped. Inline: the tick digits of every record's time go through it.
inline void PutDecimal(char* at, int64_t v, int digits) noexcept {
  for (int i = digits - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

// Accepts "2017-07-12T17:16:28.2141610Z", "2017-07-12 17:16:28.214161" (python-evtx),
// "2017-07-12T17:16:28Z", an optional "+hh:mm"/"-hh:mm" offset (converted to UTC) and up
// to 9 fraction digits (truncated to 100 ns). Returns false on anything else.
bool ParseIso8601(std::string_view text, int64_t& out) noexcept;

}  // namespace logrx

#endif  // LOGRX_CORE_TIME_H_
