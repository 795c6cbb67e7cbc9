#include "report/text_wrap.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "report/escape.h"

namespace logrx::report {

TEST_SUITE("report") {

TEST_CASE("text wrap: breaks at spaces, keeps inner spacing, cuts over-long words") {
  CHECK(WrapText("aaa bbb ccc", 7) == std::vector<std::string>{"aaa bbb", "ccc"});
  CHECK(WrapText("a    b", 10) == std::vector<std::string>{"a    b"});  // alignment kept
  CHECK(WrapText("", 10) == std::vector<std::string>{""});
  CHECK(WrapText("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
  // Cut at code point boundaries: "é" is two bytes, one column.
  const std::vector<std::string> u = WrapText("\xc3\xa9\xc3\xa9\xc3\xa9", 2);
  REQUIRE(u.size() == 2);
  CHECK(u[0] == "\xc3\xa9\xc3\xa9");
  for (const std::string& l : WrapText("word another thing \xc3\xa9t\xc3\xa9 hello", 6)) {
    CHECK(DisplayWidth(l) <= 6);
  }
}

TEST_CASE("text wrap: East Asian wide letters take two columns") {
  // 更新 (two letters, four columns) and プログラム (five letters, ten columns).
  const std::string a = "\xE6\x9B\xB4\xE6\x96\xB0";
  const std::string b = "\xE3\x83\x97\xE3\x83\xAD\xE3\x82\xB0\xE3\x83\xA9\xE3\x83\xA0";
  CHECK(WrapText(a + " " + a, 9) == std::vector<std::string>{a + " " + a});
  CHECK(WrapText(a + " " + a, 8) == std::vector<std::string>{a, a});
  // A wide word cut in a 4-column line: two letters a line, never half a letter.
  const std::vector<std::string> cut = WrapText(b, 4);
  REQUIRE(cut.size() == 3);
  CHECK(cut[0] == "\xE3\x83\x97\xE3\x83\xAD");
  CHECK(cut[2] == "\xE3\x83\xA0");
  // A 1-column line still makes progress on a 2-column letter.
  CHECK(WrapText(a, 1) == std::vector<std::string>{"\xE6\x9B\xB4", "\xE6\x96\xB0"});
}

TEST_CASE("text wrap: colour codes take no columns") {
  const std::string red = "\x1b[1;31mred\x1b[0m";
  CHECK(WrapText(red + " blue", 8) == std::vector<std::string>{red + " blue"});
  CHECK(WrapText(red + " blue", 7).size() == 2);
}

TEST_CASE("text wrap: hanging indent keeps every line within the width") {
  const std::string out = HangingWrap("HOST  ", 6, "one two three four five six", 6, 16);
  CHECK(out == "HOST  one two\n      three four\n      five six\n");
  // No room after the head: the text starts on the next line.
  const std::string late = HangingWrap("a-very-long-head ", 17, "x y", 2, 30);
  CHECK(late == "a-very-long-head \n  x y\n");
}

}  // TEST_SUITE

}  // namespace logrx::report
