#include "report/escape.h"

#include <doctest/doctest.h>

namespace logrx::report {

TEST_SUITE("report") {

TEST_CASE("escape: terminal output shows ESC, CR/LF, NUL, C1 and bidi controls as text") {
  CHECK(TerminalSafe("\x1b[31mred") == "\\x1b[31mred");
  CHECK(TerminalSafe("a\r\nb\tc") == "a\\r\\nb\\tc");
  CHECK(TerminalSafe(std::string("x\0y", 3)) == "x\\x00y");
  CHECK(TerminalSafe("\x7f") == "\\x7f");
  CHECK(TerminalSafe("\xc2\x9b" "2J") == "\\u{009b}2J");       // U+009B, the 8-bit CSI
  CHECK(TerminalSafe("abc\xe2\x80\xae" "def") == "abc\\u{202e}def");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(TerminalSafe("caf\xc3\xa9") == "caf\xc3\xa9");           // ordinary text untouched
}

TEST_CASE("escape: terminal: C0 controls, DEL and ESC become \\xNN; newline, CR and tab are spelt") {
  CHECK(TerminalSafe("plain text, é ü €") == "plain text, é ü €");
  CHECK(TerminalSafe("\x1b[2J\x1b]0;owned\x07") == "\\x1b[2J\\x1b]0;owned\\x07");
  CHECK(TerminalSafe("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(TerminalSafe(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
  CHECK(TerminalSafe("\x08\x08\x08") == "\\x08\\x08\\x08");  // backspaces that hide text
}

TEST_CASE("escape: terminal: C1 controls and bidi overrides become \\u{NNNN}; bad UTF-8 \\xNN") {
  CHECK(TerminalSafe("\xc2\x9b" "31m") == "\\u{009b}31m");  // the 8-bit CSI
  CHECK(TerminalSafe("\xc2\x85") == "\\u{0085}");
  CHECK(TerminalSafe("evil\xe2\x80\xaetxt.exe") == "evil\\u{202e}txt.exe");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(TerminalSafe("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u{2066}x\\u{2069}");
  CHECK(TerminalSafe("\xe2\x80\x8f") == "\xe2\x80\x8f");  // U+200F (a mark, not an override) stays
  CHECK(TerminalSafe("\xff\xfe") == "\\xff\\xfe");
  CHECK(TerminalSafe("\xc3") == "\\xc3");                   // a sequence cut short
  CHECK(TerminalSafe("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // an encoded surrogate
  CHECK(TerminalSafe("\xc0\xaf") == "\\xc0\\xaf");          // an overlong '/'
}

TEST_CASE("escape: invalid UTF-8 is \\xNN for a terminal, U+FFFD in HTML and CSV") {
  // 0xFF is never valid; ED A0 80 would be U+D800, a surrogate, which UTF-8 forbids.
  CHECK(TerminalSafe("a\xff" "b") == "a\\xff" "b");
  CHECK(TerminalSafe("\xed\xa0\x80") == "\\xed\\xa0\\x80");
  // The lone byte 0x9B and the character U+009B stay apart.
  CHECK(TerminalSafe("\x9b") == "\\x9b");
  CHECK(TerminalSafe("\xc2\x9b") == "\\u{009b}");
  CHECK(HtmlEscape("\xed\xa0\x80") .find("\xed\xa0\x80") == std::string::npos);
  CHECK(CsvCell("a\xff").find('\xff') == std::string::npos);
}

TEST_CASE("escape: HTML entities for the five markup characters") {
  CHECK(HtmlEscape("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(HtmlEscape("a&b \"q\"") == "a&amp;b &quot;q&quot;");
  CHECK(HtmlEscape(std::string("n\0l", 3)) == "n\xef\xbf\xbdl");  // NUL is not allowed in HTML
  CHECK(HtmlEscape("line1\nline2") == "line1\nline2");
}

TEST_CASE("escape: CSV cells follow RFC 4180 and neutralise formulas") {
  CHECK(CsvCell("plain") == "plain");
  CHECK(CsvCell("a,b") == "\"a,b\"");
  CHECK(CsvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvCell("two\nlines") == "\"two\nlines\"");
  CHECK(CsvCell("=1+2") == "'=1+2");
  CHECK(CsvCell("+cmd") == "'+cmd");
  CHECK(CsvCell("-5") == "'-5");
  CHECK(CsvCell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(CsvCell("\tx") == "'\tx");
  CHECK(CsvCell("=HYPERLINK(\"u\",\"t\")") == "\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\"");
  CHECK(CsvCell(std::string("a\0b", 3)) == "a\xef\xbf\xbd" "b");
  CHECK(CsvCell("1=1") == "1=1");  // only a leading sign makes a formula
}

TEST_CASE("escape: display width counts console columns, not bytes") {
  CHECK(DisplayWidth("abc") == 3);
  CHECK(DisplayWidth("caf\xc3\xa9") == 4);
  CHECK(DisplayWidth("\xE6\x9B\xB4\xE6\x96\xB0") == 4);  // two CJK letters, two columns each
}

}  // TEST_SUITE

}  // namespace logrx::report
