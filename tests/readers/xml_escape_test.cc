// AppendXmlEscaped against its contract (readers/xml_escape.h) written out per character:
// plain text is checked a block at a time, so each character that needs a look is put at
// every position of strings around the block sizes.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

namespace {

std::vector<std::byte> Utf16Le(const std::vector<uint16_t>& units) {
  std::vector<std::byte> b;
  for (const uint16_t u : units) {
    b.push_back(static_cast<std::byte>(u & 0xFF));
    b.push_back(static_cast<std::byte>(u >> 8));
  }
  return b;
}

// PutUtf16LeAsPlainXml into `units` bytes followed by guard bytes that must stay as they
// are; "<null>" when it declined.
std::string PlainXmlOf(const std::vector<uint16_t>& units) {
  const std::vector<std::byte> in = Utf16Le(units);
  std::string room(units.size() + 16, '#');
  const char* end = PutUtf16LeAsPlainXml(in.data(), units.size(), room.data());
  CHECK(room.substr(units.size()) == std::string(16, '#'));
  if (end == nullptr) return "<null>";
  CHECK(end == room.data() + units.size());
  return room.substr(0, units.size());
}

}  // namespace

TEST_CASE("xml escape: UTF-16 decoded as plain text, or declined, at every length and place") {
  // Units that need a look; DEL may be taken or declined (either is right: it is copied).
  constexpr uint16_t kLook[] = {'&', '<', '>', '"', '\t', '\n', '\r', 0x01, 0x1F, 0x00,
                                0x80, 0xE9, 0x100, 0x2028, 0xD800, 0xDC00, 0xFFFE, 0xFFFF};
  size_t declined = 0;
  for (size_t len = 0; len <= 40; ++len) {
    std::vector<uint16_t> units;
    std::string ascii;
    for (size_t i = 0; i < len; ++i) {
      const char c = static_cast<char>(' ' + 1 + (i * 7) % 90);  // printable, varied
      const bool skip = c == '&' || c == '<' || c == '>' || c == '"';
      units.push_back(static_cast<uint16_t>(skip ? 'x' : c));
      ascii.push_back(skip ? 'x' : c);
    }
    CHECK_MESSAGE(PlainXmlOf(units) == ascii, "length " << len);
    for (size_t at = 0; at < len; ++at) {
      for (const uint16_t look : kLook) {
        std::vector<uint16_t> in = units;
        in[at] = look;
        const bool was_declined = PlainXmlOf(in) == "<null>";
        CHECK_MESSAGE(was_declined, "length " << len << " at " << at << " unit " << look);
        declined += was_declined ? 1 : 0;
      }
      std::vector<uint16_t> del = units;
      del[at] = 0x7F;
      const std::string got = PlainXmlOf(del);
      std::string want = ascii;
      want[at] = '\x7f';
      CHECK((got == "<null>" || got == want));
    }
  }
  CHECK(declined == 18 * (40 * 41 / 2));
}

}  // TEST_SUITE
}  // namespace logrx::readers
