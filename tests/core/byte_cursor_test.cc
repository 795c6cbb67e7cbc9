#include <doctest/doctest.h>

#include <array>

#include "core/byte_cursor.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("byte cursor: PeekU32At reads ahead without moving and refuses past the end") {
  const std::array<std::byte, 10> b = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4},
                                       std::byte{5}, std::byte{6}, std::byte{7}, std::byte{8},
                                       std::byte{9}, std::byte{10}};
  ByteCursor c(b, 0x100);
  REQUIRE(c.Skip(2, "lead"));
  uint32_t v = 0;
  CHECK(c.PeekU32At(0, v));
  CHECK(v == 0x06050403u);  // little-endian bytes 3..6
  CHECK(c.PeekU32At(4, v));
  CHECK(v == 0x0A090807u);  // the last four bytes
  CHECK_FALSE(c.PeekU32At(5, v));  // one byte short
  CHECK_FALSE(c.PeekU32At(static_cast<size_t>(-1), v));  // no overflow on a huge offset
  CHECK(c.pos() == 2);
  CHECK_FALSE(c.failed());  // a refused peek is not a read error
}

}
}  // namespace logrx
