#include <doctest/doctest.h>

#include <vector>

#include "core/utf16.h"

namespace logrx {
TEST_SUITE("core") {

static std::vector<std::byte> Units(std::initializer_list<uint16_t> units) {
  std::vector<std::byte> out;
  for (uint16_t u : units) {
    out.push_back(std::byte(u & 0xFF));
    out.push_back(std::byte(u >> 8));
  }
  return out;
}

TEST_CASE("utf16: BMP, supplementary and lone surrogates") {
  std::string out;
  auto b = Units({'A', 0x00E9, 0xD83D, 0xDE00, 0xD800, 'Z'});
  Utf16Result r = AppendUtf16LeAsUtf8(b.data(), 6, out);
  CHECK(out == "A\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBDZ");
  CHECK(r.lone_surrogates == 1);
  CHECK(r.units_read == 6);
}

TEST_CASE("utf16: stop_at_nul stops before the terminator") {
  std::string out;
  auto b = Units({'h', 'i', 0, 'x'});
  Utf16Result r = AppendUtf16LeAsUtf8(b.data(), 4, out, true);
  CHECK(out == "hi");
  CHECK(r.units_read == 2);
}

TEST_CASE("utf8: validation rejects overlongs and surrogates") {
  CHECK(IsValidUtf8("plain \xC3\xA9"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));
  CHECK(SanitizeUtf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
}

}
}  // namespace logrx
