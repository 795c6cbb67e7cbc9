// XML exports holding what a strict parser refuses: undefined entities, character
// references to NUL or ESC, bare '&', raw control bytes. Each is kept as visible text and
// reported; the rendered event XML (dump --format xml) is well-formed.
#include <doctest/doctest.h>

#include <string>

#include <pugixml.hpp>

#include "core/utf16.h"
#include "readers/xml_escape.h"
#include "support/xml_test_util.h"

namespace logrx::readers {
namespace {

using testing::ReadXmlBytes;

std::string EventWith(const std::string& data) {
  return "<Events><Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">"
         "<System><Provider Name=\"P\"/><EventID>1</EventID><EventRecordID>7</EventRecordID>"
         "<Channel>System</Channel><Computer>H</Computer></System><EventData>" +
         data + "</EventData></Event></Events>";
}

bool StrictXmlChars(std::string_view s) {
  if (!IsValidUtf8(s)) return false;
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("xml repair: undefined entities and bad character references stay as text, NUL does not cut the value") {
  ReaderOptions o;
  o.render_xml = true;
  const auto run = ReadXmlBytes(EventWith("<Data Name=\"a\">x&lol9;y</Data><Data Name=\"b\">c&#27;d</Data>"
                                          "<Data Name=\"c\">e&#0;f</Data><Data Name=\"d\">g & h&amp;</Data>"
                                          "<Data Name=\"e\">i\x1bj&#x41;</Data>"),
                                {}, o);
  REQUIRE(run.events.size() == 1);
  const Event& ev = run.events[0].view();
  CHECK(ev.Data("a") == "x&lol9;y");
  CHECK(ev.Data("b") == "c&#27;d");
  CHECK(ev.Data("c") == "e&#0;f");  // was cut to "e"
  CHECK(ev.Data("d") == "g & h&");
  CHECK(ev.Data("e") == "i\\x1bjA");
  size_t warned = 0;
  for (const Diagnostic& d : run.diagnostics) {
    if (d.what.find("kept as text") != std::string::npos) {
      ++warned;
      CHECK(d.what.find("5 undefined") != std::string::npos);  // lol9, #27, #0, bare &, ESC
    }
  }
  CHECK(warned == 1);
  const std::string xml(ev.xml);
  CHECK(StrictXmlChars(xml));
  CHECK(xml.find("&lol9;") == std::string::npos);
  CHECK(xml.find("&#0;") == std::string::npos);
  pugi::xml_document d;
  CHECK(d.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8));
}

TEST_CASE("xml repair: clean text, CDATA and comments are left alone") {
  std::string out = "unchanged";
  CHECK(RepairXmlText("<a>&amp;&lt;&#65;&#x10FFFF;</a>", out) == 0);
  CHECK(out == "unchanged");
  CHECK(RepairXmlText("<a><![CDATA[&lol;]]><!-- & --></a>", out) == 0);
  CHECK(RepairXmlText("<a>&#xD800;</a>", out) == 1);  // a surrogate is not a character
  CHECK(out == "<a>&amp;#xD800;</a>");
  CHECK(RepairXmlText("<a>&#1114112;</a>", out) == 1);  // past U+10FFFF
  CHECK(out == "<a>&amp;#1114112;</a>");
}

}  // TEST_SUITE

}  // namespace logrx::readers
