#include <doctest/doctest.h>

#include <array>

#include "core/byte_cursor.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("SameBytes: every length up to 40, a difference at every position found") {
  std::array<std::byte, 40> a{}, b{};
  for (size_t i = 0; i < a.size(); ++i) a[i] = b[i] = static_cast<std::byte>(i * 37 + 1);
  for (size_t n = 0; n <= a.size(); ++n) {
    CAPTURE(n);
    CHECK(SameBytes(a.data(), b.data(), n));
    for (size_t at = 0; at < n; ++at) {
      CAPTURE(at);
      b[at] ^= std::byte{0x80};  // one bit, in a byte the words and the tail may both cover
      CHECK_FALSE(SameBytes(a.data(), b.data(), n));
      b[at] ^= std::byte{0x80};
    }
    if (n < a.size()) {  // a difference just past the run is not looked at
      b[n] ^= std::byte{1};
      CHECK(SameBytes(a.data(), b.data(), n));
      b[n] ^= std::byte{1};
    }
  }
  CHECK(SameBytes(nullptr, nullptr, 0));
  CHECK(SameBytes(std::string_view("C:\\logs\\System.evtx"), "C:\\logs\\System.evtx"));
  CHECK_FALSE(SameBytes(std::string_view("C:\\logs\\System.evtx"), "C:\\logs\\System.evt"));
  CHECK_FALSE(SameBytes(std::string_view("a.evtx"), "b.evtx"));
}

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

TEST_CASE("byte cursor: ReadFields reads a layout by each field's width and stops where one does not fit") {
  const std::array<std::byte, 10> b = {std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4},
                                       std::byte{5}, std::byte{6}, std::byte{7}, std::byte{8},
                                       std::byte{9}, std::byte{10}};
  ByteCursor c(b, 0x100);
  uint8_t u8 = 0;
  uint16_t u16 = 0;
  uint32_t u32 = 0;
  CHECK(c.ReadFields("layout", u8, u16, u32));
  CHECK(u8 == 0x01);
  CHECK(u16 == 0x0302);
  CHECK(u32 == 0x07060504u);
  CHECK(c.pos() == 7);
  uint16_t a = 0;
  uint32_t z = 0xdeadbeef;
  CHECK_FALSE(c.ReadFields("tail", a, z));  // 3 bytes left: a fits, z does not
  CHECK(a == 0x0908);
  CHECK(z == 0xdeadbeef);
  CHECK(c.pos() == 9);
  REQUIRE(c.failed());
  CHECK(c.error().offset == 0x109);
  CHECK(c.error().need == 4);
}

}
}  // namespace logrx
