// AppendXmlEscaped against its contract (readers/xml_escape.h) written out per character:
// plain text is checked a block at a time, so each character that needs a look is put at
// every position of strings around the block sizes.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "readers/xml_escape.h"

namespace logrx::readers {
namespace {

struct Special {
  std::string_view in;
  std::string_view text;  // as element text
  std::string_view attr;  // in an attribute value
};

// From the header's contract, one line per kind of character.
constexpr Special kSpecials[] = {
    {"&", "&amp;", "&amp;"},
    {"<", "&lt;", "&lt;"},
    {">", "&gt;", "&gt;"},
    {"\"", "\"", "&quot;"},
    {"\t", "\t", "&#9;"},
    {"\n", "\n", "&#10;"},
    {"\r", "&#13;", "&#13;"},
    {"\x01", "\\x01", "\\x01"},
    {"\x1f", "\\x1f", "\\x1f"},
    {"\x7f", "\x7f", "\x7f"},               // DEL is allowed: copied
    {"\xC3\xA9", "\xC3\xA9", "\xC3\xA9"},   // U+00E9: copied
    {"\xff", "\\xff", "\\xff"},             // not UTF-8
    {"\xEF\xBF\xBE", "\\u{fffe}", "\\u{fffe}"},  // a non-character
};

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("xml escape: each special character at every place of strings of 0 to 40 bytes") {
  size_t cases = 0;
  for (size_t len = 0; len <= 40; ++len) {
    std::string plain;
    for (size_t i = 0; i < len; ++i) plain.push_back(static_cast<char>('a' + i % 26));
    for (const bool attr : {false, true}) {
      std::string out = "pre";
      AppendXmlEscaped(plain, out, attr);
      CHECK(out == "pre" + plain);
      CHECK(IsPlainXmlText(plain, attr));
      for (const Special& sp : kSpecials) {
        for (size_t at = 0; at <= len; ++at) {
          std::string in = plain;
          in.insert(at, sp.in);
          const std::string want =
              plain.substr(0, at) + std::string(attr ? sp.attr : sp.text) + plain.substr(at);
          out = "pre";
          AppendXmlEscaped(in, out, attr);
          CHECK_MESSAGE(out == "pre" + want, "length " << len << " at " << at << " attr " << attr
                                                       << " special " << sp.text);
          // Plain only if escaping would copy it unchanged.
          CHECK((!IsPlainXmlText(in, attr) || want == in));
          ++cases;
        }
      }
    }
  }
  CHECK(cases == 2 * 13 * (41 * 42 / 2));
}

}  // TEST_SUITE
}  // namespace logrx::readers
