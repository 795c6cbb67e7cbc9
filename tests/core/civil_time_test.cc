#include <doctest/doctest.h>

#include <string>

#include "core/time.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("civil time: days around the epoch and leap days (std::chrono calendar)") {
  CHECK(DaysFromCivil(1970, 1, 1) == 0);
  CHECK(DaysFromCivil(1969, 12, 31) == -1);
  CHECK(DaysFromCivil(1601, 1, 1) == -134774);  // the FILETIME epoch
  CHECK(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28) == 2);  // 2000 is a leap year
  CHECK(DaysFromCivil(1900, 3, 1) - DaysFromCivil(1900, 2, 28) == 1);  // 1900 is not
  int y = 0, m = 0, d = 0;
  CivilFromDays(-1, y, m, d);
  CHECK(y == 1969);
  CHECK(m == 12);
  CHECK(d == 31);
  CivilFromDays(DaysFromCivil(2024, 2, 29), y, m, d);
  CHECK(m == 2);
  CHECK(d == 29);
}

TEST_CASE("civil time: FiletimeFromCivil accepts real dates only") {
  int64_t t = 0;
  CHECK(FiletimeFromCivil(CivilTime{2000, 2, 29, 0, 0, 0, 0}, t));
  CHECK_FALSE(FiletimeFromCivil(CivilTime{2001, 2, 29, 0, 0, 0, 0}, t));
  CHECK_FALSE(FiletimeFromCivil(CivilTime{1900, 2, 29, 0, 0, 0, 0}, t));
  CHECK_FALSE(FiletimeFromCivil(CivilTime{2001, 4, 31, 0, 0, 0, 0}, t));
  CHECK_FALSE(FiletimeFromCivil(CivilTime{1600, 12, 31, 0, 0, 0, 0}, t));  // before FILETIME 0
  REQUIRE(FiletimeFromCivil(CivilTime{1601, 1, 1, 0, 0, 0, 0}, t));
  CHECK(t == 0);
}

TEST_CASE("iso time: date only, fraction digits, and appending") {
  const int64_t t = FiletimeFromUnixSeconds(1557835200) + 1234567;  // 2019-05-14T12:00:00.1234567Z
  CHECK(FormatIsoDate(t) == "2019-05-14");
  CHECK(FormatIso8601(t) == "2019-05-14T12:00:00.1234567Z");
  CHECK(FormatIso8601(t, 3) == "2019-05-14T12:00:00.123Z");
  CHECK(FormatIso8601(t, 0) == "2019-05-14T12:00:00Z");
  std::string out = "at ";
  AppendIso8601(t, out, 1);
  CHECK(out == "at 2019-05-14T12:00:00.1Z");
  CHECK(FormatIso8601(0, 0) == "1601-01-01T00:00:00Z");
  CHECK(FormatIso8601(kNoTime).empty());
}

}  // TEST_SUITE
}  // namespace logrx
