// EventBuilder on damaged BinXML, through the EVTX reader with XML rendering on.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evtx/evtx_reader.h"
#include "support/evtx_builder.h"

namespace logrx::readers {

TEST_SUITE("readers") {

TEST_CASE("evtx event builder: an attribute before any element, after a record with attributes") {
  // The first record leaves attribute names of its start tag behind; the second starts
  // with an attribute outside any start tag (found by the evtx fuzzer: the builder compared
  // it against the first record's XML positions and threw std::out_of_range).
  testing::EvtxBuilder b;
  b.AddRawRecord(1, 0, [](testing::BinXmlWriter& w) {
    w.FragmentHeader();
    w.Open("Event", true);
    w.Attribute("LongAttributeName");
    w.Text("first record's value");
    w.CloseEmpty();
    w.Eof();
  });
  b.AddRawRecord(2, 0, [](testing::BinXmlWriter& w) {
    w.FragmentHeader();
    w.Attribute("B");
    w.Text("w");
    w.Open("Event", false);
    w.CloseEmpty();
    w.Eof();
  });
  const auto file = b.Build();
  CollectingSink sink;
  ReaderOptions o;
  o.display_path = "t.evtx";
  o.render_xml = true;
  auto reader = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(reader.ok());
  std::vector<std::string> xml;
  Event ev;
  Status s;
  while ((s = (*reader)->Next(ev)).ok()) xml.emplace_back(ev.xml);
  CHECK(s.end());
  REQUIRE(xml.size() == 2);
  CHECK(xml[0] == "<Event LongAttributeName=\"first record's value\"/>");
  CHECK(xml[1].find("<Event/>") != std::string::npos);
}

}

}  // namespace logrx::readers
