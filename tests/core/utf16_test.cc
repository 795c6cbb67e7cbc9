#include <doctest/doctest.h>

#include <cstddef>
#include <string>
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

// One unit at a time, straight from the UTF-16 and UTF-8 definitions: the reference the
// decoder's four-units-at-a-time ASCII path must agree with.
static std::string Reference(const std::vector<uint16_t>& units, bool stop_at_nul) {
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    uint32_t cp = units[i];
    if (cp == 0 && stop_at_nul) break;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (units[i + 1] - 0xDC00u);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

TEST_CASE("utf16: a non-ASCII unit, pair, lone surrogate or NUL at any offset of an ASCII run") {
  const std::vector<std::vector<uint16_t>> specials = {
      {0x00E9}, {0x0080}, {0x07FF}, {0x20AC}, {0xD83D, 0xDE00}, {0xDC00}, {0xD800}, {0x0000},
      {0x007F}, {0xFFFF}, {0x0100}};
  size_t cases = 0;
  for (size_t len = 0; len <= 19; ++len) {
    for (size_t at = 0; at <= len; ++at) {
      for (const auto& sp : specials) {
        std::vector<uint16_t> units;
        for (size_t i = 0; i < len; ++i) units.push_back(static_cast<uint16_t>('a' + i % 26));
        units.insert(units.begin() + static_cast<std::ptrdiff_t>(at), sp.begin(), sp.end());
        std::vector<std::byte> bytes;
        for (uint16_t u : units) {
          bytes.push_back(std::byte(u & 0xFF));
          bytes.push_back(std::byte(u >> 8));
        }
        for (bool stop : {false, true}) {
          std::string out = "prefix";
          (void)AppendUtf16LeAsUtf8(bytes.data(), units.size(), out, stop);
          CHECK_MESSAGE(out == "prefix" + Reference(units, stop),
                        "len " << len << " at " << at << " unit " << sp[0] << " stop " << stop);
          // The pointer form writes the same bytes and returns their end, nothing past it.
          std::string room(3 * units.size() + 1, '#');
          Utf16Result r;
          const char* end = PutUtf16LeAsUtf8(bytes.data(), units.size(), room.data(), r, stop);
          const std::string put(room.data(), static_cast<size_t>(end - room.data()));
          CHECK(put == Reference(units, stop));
          CHECK(room.back() == '#');
          ++cases;
        }
      }
    }
  }
  CHECK(cases == 4620);
}

TEST_CASE("utf8: validation rejects overlongs and surrogates") {
  CHECK(IsValidUtf8("plain \xC3\xA9"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));
  CHECK(SanitizeUtf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
}

}
}  // namespace logrx
