#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/time.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("time: unix epoch is FILETIME 116444736000000000") {
  int64_t t = 0;
  REQUIRE(ParseIso8601("1970-01-01T00:00:00Z", t));
  CHECK(t == 116444736000000000);
}

TEST_CASE("time: Windows and python-evtx spellings parse to the same instant") {
  int64_t a = 0, b = 0;
  REQUIRE(ParseIso8601("2017-07-12T17:16:28.2141610Z", a));
  REQUIRE(ParseIso8601("2017-07-12 17:16:28.214161", b));
  CHECK(a == b);
  CHECK(FormatIso8601(a) == "2017-07-12T17:16:28.2141610Z");
}

TEST_CASE("time: 9 fraction digits truncate to 100 ns and offsets convert to UTC") {
  int64_t a = 0, b = 0;
  REQUIRE(ParseIso8601("2002-03-12T10:15:42.123456789Z", a));
  CHECK(FormatIso8601(a) == "2002-03-12T10:15:42.1234567Z");
  REQUIRE(ParseIso8601("2002-03-12T12:15:42+02:00", b));
  CHECK(FormatIso8601(b, 0) == "2002-03-12T10:15:42Z");
}

TEST_CASE("time: FILETIMEs at both ends of int64 convert without overflow") {
  // FILETIME 0 is 1601-01-01T00:00:00Z, so -1 tick is the last tick of 1600.
  CHECK(FormatIso8601(-1) == "1600-12-31T23:59:59.9999999Z");
  // The largest FILETIME, as Windows documents it (SYSTEMTIME 30828-09-14 02:48:05.477).
  CHECK(FormatIso8601(INT64_MAX) == "30828-09-14T02:48:05.4775807Z");
  // Damaged records carry values like these; the epoch shift once overflowed on them.
  const CivilTime c = CivilFromFiletime(INT64_MIN);
  CHECK(c.ticks == 5224192);  // -9223372036854775808 mod 10^7, taken positive
  CHECK(c.year < -27000);
}

TEST_CASE("time: the fixed-width pieces spell what FormatIso8601 writes") {
  const int64_t t = FiletimeFromUnixSeconds(1586000000) + 1234567;  // 2020-04-04T11:33:20
  const CivilTime c = CivilFromFiletime(t);
  char b[kIsoDateChars + kIsoClockChars + 8];
  PutIsoDate(c, b);
  PutIsoClock(c, b + kIsoDateChars);
  b[kIsoDateChars + kIsoClockChars] = '.';
  PutDecimal(b + kIsoDateChars + kIsoClockChars + 1, c.ticks, 7);
  CHECK(std::string(b, sizeof(b)) + "Z" == FormatIso8601(t));
  CHECK(std::string(b, sizeof(b)) == "2020-04-04T11:33:20.1234567");
  char d[3];
  PutDecimal(d, 7, 3);  // leading zeros
  CHECK(std::string(d, 3) == "007");
  PutDecimal(d, 12345, 3);  // higher digits dropped
  CHECK(std::string(d, 3) == "345");
  CHECK(FormatIsoDate(t) == "2020-04-04");
  CHECK(FormatIso8601(t, 3) == "2020-04-04T11:33:20.123Z");
}

TEST_CASE("time: rejects impossible dates and trailing junk") {
  int64_t t = 0;
  CHECK_FALSE(ParseIso8601("2001-02-29T00:00:00Z", t));
  CHECK(ParseIso8601("2000-02-29T00:00:00Z", t));
  CHECK_FALSE(ParseIso8601("2000-01-01T00:00:00Zjunk", t));
  CHECK_FALSE(ParseIso8601("2000-01-01", t));
}

}
}  // namespace logrx
