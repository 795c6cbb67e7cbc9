#include <doctest/doctest.h>

#include <string>

#include "core/console_columns.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("console columns: one per code point, two for East Asian wide letters") {
  CHECK(ConsoleColumnsOf('a') == 1);
  CHECK(ConsoleColumnsOf(0xE9) == 1);     // é
  CHECK(ConsoleColumnsOf(0x66F4) == 2);   // 更 (CJK unified)
  CHECK(ConsoleColumnsOf(0x30D7) == 2);   // プ (Katakana)
  CHECK(ConsoleColumnsOf(0xAC00) == 2);   // 가 (Hangul syllable)
  CHECK(ConsoleColumnsOf(0xFF21) == 2);   // Ａ (fullwidth)
  CHECK(ConsoleColumnsOf(0xFF61) == 1);   // ｡ (halfwidth)
  CHECK(ConsoleColumnsOf(0x2026) == 1);   // …
}

TEST_CASE("console columns: UTF-8 decoding refuses overlong, surrogate and cut sequences") {
  uint32_t cp = 0;
  CHECK(NextCodePoint("\xC3\xA9", 0, cp) == 2);
  CHECK(cp == 0xE9);
  CHECK(NextCodePoint("\xE6\x9B\xB4", 0, cp) == 3);
  CHECK(cp == 0x66F4);
  CHECK(NextCodePoint("\xF0\x9F\x98\x80", 0, cp) == 4);
  CHECK(cp == 0x1F600);
  CHECK(NextCodePoint("\xC0\xAF", 0, cp) == 1);      // overlong '/'
  CHECK(cp == 0xC0);
  CHECK(NextCodePoint("\xED\xA0\x80", 0, cp) == 1);  // surrogate D800
  CHECK(NextCodePoint("\xE6\x9B", 0, cp) == 1);      // cut at the end
  CHECK(NextCodePoint("\xE6" "a", 0, cp) == 1);      // not a continuation
  CHECK(NextCodePoint("\x80", 0, cp) == 1);          // lone continuation
}

TEST_CASE("console columns: the byte where a column starts") {
  const std::string line = "ab\xC3\xA9" "c\xE6\x9B\xB4" "d";  // a b é c 更 d: columns 0..6
  CHECK(ByteAtColumn(line, 0) == 0);
  CHECK(ByteAtColumn(line, 2) == 2);   // é
  CHECK(ByteAtColumn(line, 3) == 4);   // c
  CHECK(ByteAtColumn(line, 4) == 5);   // 更 starts at column 4
  CHECK(ByteAtColumn(line, 5) == 5);   // ... and covers 5
  CHECK(ByteAtColumn(line, 6) == 8);   // d
  CHECK(ByteAtColumn(line, 7) == line.size());
  CHECK(ByteAtColumn(line, 100) == line.size());
  CHECK(ByteAtColumn("", 3) == 0);
  CHECK(ByteAtColumn("\xFF\xFE" "x", 2) == 2);  // invalid bytes are one column each
}

}  // TEST_SUITE
}  // namespace logrx
