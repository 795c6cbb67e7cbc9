// The shard label "K/N": one parser for `scan --shard` (fleet::ParseShard) and for the parts
// `logrx merge` checks (report::CheckParts).
#include <cstdint>

#include <doctest/doctest.h>

#include "report/merge.h"

namespace logrx::report {

TEST_SUITE("report") {

TEST_CASE("shard label: K/N with 1 <= K <= N <= 65536, nothing else") {
  uint32_t k = 0, n = 0;
  CHECK(ParseShardLabel("2/8", k, n));
  CHECK(k == 2);
  CHECK(n == 8);
  CHECK(ParseShardLabel("1/1", k, n));
  CHECK(ParseShardLabel("65536/65536", k, n));
  CHECK(k == 65536);
  for (const char* bad : {"", "2", "/8", "2/", "0/8", "9/8", "1/65537", "2/8x", "a/8", "-1/8",
                          "+2/8", "2/8/9", "0x2/8", "4294967297/4294967297"}) {
    CAPTURE(bad);
    k = 7;
    n = 7;
    CHECK_FALSE(ParseShardLabel(bad, k, n));
    CHECK(k == 7);
    CHECK(n == 7);
  }
}

}  // TEST_SUITE

}  // namespace logrx::report
