// The event XML the EVTX reader renders (dump --format xml) is well-formed whatever the
// BinXML holds: names that are not XML names, repeated attributes, character references
// to characters XML cannot hold, undefined entities, a PI target "xml".
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "core/diagnostic.h"
#include "core/utf16.h"
#include "readers/evtx/evtx_reader.h"
#include "readers/xml_escape.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using testing::BinXmlWriter;
using testing::EvtxBuilder;

void InlineNameRef(BinXmlWriter& w, std::string_view name) {
  w.U32(w.pos() + 4);
  w.U32(0);
  uint32_t h = 0;
  for (char c : name) h = h * 65599u + static_cast<unsigned char>(c);
  w.U16(static_cast<uint16_t>(h & 0xFFFF));
  w.U16(static_cast<uint16_t>(name.size()));
  w.Utf16(name);
  w.U16(0);
}

void Hostile(BinXmlWriter& w) {
  w.FragmentHeader();
  w.Open("Event", false);
  w.CloseStart();
  w.Open("bad name<", true);
  w.Attribute("x");
  w.Text("1");
  w.Attribute("x");
  w.Text("2");
  w.Attribute("9");
  w.Text("3");
  w.CloseStart();
  w.U8(0x08);  // character reference: ESC
  w.U16(0x1B);
  w.U8(0x08);  // 'A'
  w.U16(0x41);
  w.U8(0x09);  // entity reference to an entity nobody declared
  InlineNameRef(w, "lol9");
  w.U8(0x0A);  // PI target "xml" (reserved)
  InlineNameRef(w, "xml");
  w.U8(0x0B);
  w.U16(3);
  w.Utf16("a<b");
  w.Text("t");
  w.End();
  w.End();
  w.Eof();
}

bool AllXmlChars(std::string_view s) {
  if (!IsValidUtf8(s)) return false;
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("evtx xml: hostile names, repeated attributes, bad character references and undefined entities render well-formed") {
  EvtxBuilder b;
  b.AddRawRecord(1, 131445753882141616, Hostile);
  const std::vector<std::byte> file = b.Build();
  CollectingSink sink;
  ReaderOptions o;
  o.render_xml = true;
  auto r = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  Event ev;
  REQUIRE((*r)->Next(ev).ok());
  const std::string xml(ev.xml);
  CAPTURE(xml);
  CHECK(AllXmlChars(xml));
  pugi::xml_document d;
  REQUIRE(d.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_pi,
                        pugi::encoding_utf8));
  const pugi::xml_node e = d.child("Event").child("bad_name_");
  REQUIRE(e);
  CHECK(std::string(e.attribute("x").value()) == "1");
  CHECK(std::string(e.attribute("x_").value()) == "2");  // the repeat, renamed
  CHECK(std::string(e.attribute("_").value()) == "3");    // "9" cannot start a name
  std::string text;  // the PI splits the text in two
  for (pugi::xml_node c : e.children()) {
    if (c.type() == pugi::node_pcdata) text += c.value();
  }
  CHECK(text == "\\u{1b}A&lol9;t");
  const pugi::xml_node pi = e.find_child([](pugi::xml_node n) { return n.type() == pugi::node_pi; });
  REQUIRE(pi);
  CHECK(std::string(pi.name()) == "_xml");
  CHECK(std::string(pi.value()) == "a&lt;b");
}

TEST_CASE("xml names: every invalid character of a name becomes '_', valid names are kept") {
  std::string out;
  AppendXmlName("Data", out);
  CHECK(out == "Data");
  out.clear();
  AppendXmlName("", out);
  CHECK(out == "_");
  out.clear();
  AppendXmlName("1a-b.c", out);
  CHECK(out == "_a-b.c");
  out.clear();
  AppendXmlName(std::string("a\xff\xef\xbf\xbf" "b\xc3\xa9", 8), out);  // bad byte, U+FFFF, é
  CHECK(out == "a__b\xc3\xa9");
}

}  // TEST_SUITE

}  // namespace logrx::readers
