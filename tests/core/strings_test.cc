#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/numbers.h"
#include "core/strings.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("strings: Trim strips XML white space by default, the given set otherwise") {
  CHECK(Trim(" \t\r\nEvent ID \r\n") == "Event ID");
  CHECK(Trim("\v x \f") == "\v x \f");  // VT and FF are not XML white space
  CHECK(Trim("\v x \f", kAsciiSpace) == "x");
  CHECK(Trim(std::string_view("Q1\0\0", 4), std::string_view(" \0", 2)) == "Q1");
  CHECK(Trim(" \t ").empty());
  CHECK(Trim("").empty());
}

TEST_CASE("strings: CollapseSpace trims and makes each inner run of the set one space") {
  CHECK(CollapseSpace("  Winlogon.exe\n\t  holds\r\n keys ") == "Winlogon.exe holds keys");
  CHECK(CollapseSpace("") == "");
  CHECK(CollapseSpace(" \t\r\n") == "");
  CHECK(CollapseSpace("one") == "one");
  // XML space by default: vertical tab and form feed are text; kAsciiSpace takes them too.
  CHECK(CollapseSpace("a\vb\fc") == "a\vb\fc");
  CHECK(CollapseSpace("a\v b\f\fc\v", kAsciiSpace) == "a b c");
  CHECK(CollapseSpace("a,,b,", ",") == "a b");
}

TEST_CASE("strings: Join puts the separator between parts only, empty parts kept") {
  CHECK(Join({}, ", ").empty());
  CHECK(Join({"KB1"}) == "KB1");
  CHECK(Join({"a", "", "b"}) == "a, , b");
  CHECK(Join({"Q1", "Q2", "Q3"}, " -> ") == "Q1 -> Q2 -> Q3");
}

TEST_CASE("strings: case folding is ASCII only and leaves UTF-8 bytes alone") {
  CHECK(ToLowerAscii("HeLLo-\xC3\x89") == "hello-\xC3\x89");  // É stays É
  CHECK(ToUpperAscii("kb299444") == "KB299444");
  CHECK(EqualsNoCase("Security", "SECURITY"));
  CHECK_FALSE(EqualsNoCase("\xC3\xA9", "\xC3\x89"));  // é vs É: not ASCII
  CHECK_FALSE(EqualsNoCase("abc", "abcd"));
  CHECK(StartsWithNoCase("KB299444", "kb"));
  CHECK_FALSE(StartsWithNoCase("K", "kb"));
  CHECK(EndsWithNoCase("7:51 pm", " PM"));
  CHECK(FindNoCase("C:\\WINNT\\System32", "system32") == 9);
  CHECK(FindNoCase("abc", "") == 0);
  CHECK(FindNoCase("ab", "abc") == std::string_view::npos);
}

TEST_CASE("strings: CompareNoCase orders like the folded strings, shorter first") {
  CHECK(CompareNoCase("apple", "BANANA") < 0);
  CHECK(CompareNoCase("Zeta", "alpha") > 0);
  CHECK(CompareNoCase("ABC", "abc") == 0);
  CHECK(CompareNoCase("ab", "ABC") < 0);
  // Letters fold down: "a_" < "ab" (0x5F < 0x62), where folding up would give "A_" > "AB".
  CHECK(CompareNoCase("a_", "AB") < 0);
  std::map<std::string, int, LessNoCase> m{{"Security", 1}};
  CHECK(m.count("SECURITY") == 1);
  CHECK(m.find(std::string_view("security"))->second == 1);
}

TEST_CASE("numbers: whole-text unsigned decimal, hex only when asked, out kept on failure") {
  uint32_t v = 7;
  CHECK(ParseUnsigned(" 1024\r\n", v));
  CHECK(v == 1024);
  CHECK_FALSE(ParseUnsigned("0x400", v));
  CHECK(v == 1024);
  CHECK(ParseUnsigned("0x400", v, NumberBase::kDecimalOrHex));
  CHECK(v == 0x400);
  CHECK(ParseUnsigned("0XfF", v, NumberBase::kDecimalOrHex));
  CHECK(v == 255);
  v = 7;
  CHECK_FALSE(ParseUnsigned("12abc", v));  // a prefix parses, but not the whole text
  CHECK(v == 7);
  CHECK_FALSE(ParseUnsigned("-1", v));
  CHECK_FALSE(ParseUnsigned("+1", v));
  CHECK_FALSE(ParseUnsigned("", v));
  CHECK_FALSE(ParseUnsigned("0x", v, NumberBase::kDecimalOrHex));
  CHECK_FALSE(ParseUnsigned("4294967296", v));  // 2^32 does not fit
  uint64_t w = 0;
  CHECK(ParseUnsigned("4294967296", w));
  CHECK(w == 4294967296ull);
  uint16_t s = 0;
  CHECK_FALSE(ParseUnsigned("65536", s));
}

}  // TEST_SUITE
}  // namespace logrx
