// EVTX records without RenderingInfo get their message from the catalog with the record's
// own EventData as inserts (the chunk decoder binds fields late; rendering must not see an
// empty insert list). Synthetic file from tests/support/evtx_builder.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evtx/evtx_reader.h"
#include "messages/catalog.h"
#include "readers/message_renderer.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using messages::MessageCatalog;

// 40 records of event 7036 with data "Svc<record id>": enough that the reader's field vector
// and XML buffer regrow.
std::vector<std::byte> FortyServiceRecords() {
  testing::EvtxBuilder b;
  for (uint64_t id = 1; id <= 40; ++id) {
    testing::EvtxTestRecord r;
    r.id = id;
    r.event_id = 7036;
    r.data = "Svc" + std::to_string(id);
    b.AddRecord(r);
  }
  return b.Build();
}

TEST_SUITE("readers") {

TEST_CASE("evtx + message catalog: inserts come from the record's EventData") {
  auto catalog = MessageCatalog::FromXml(
      "<messages><source name='TestProvider'>"
      "<message id='7036'>The %1 service entered the running state.</message>"
      "</source></messages>",
      "t.xml");
  REQUIRE(catalog.ok());
  const std::vector<std::byte> file = FortyServiceRecords();
  ReaderOptions o;
  o.display_path = "t.evtx";
  o.messages = catalog->get();
  CollectingSink sink;
  auto reader = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(reader.ok());
  Event ev;
  uint64_t n = 0;
  while ((*reader)->Next(ev).ok()) {
    ++n;
    CHECK(ev.message == "The Svc" + std::to_string(ev.record_id) + " service entered the running state.");
    CHECK(ev.message_origin == MessageOrigin::kTemplate);
    REQUIRE(ev.data.size() == 1);
    CHECK(ev.data[0].value == "Svc" + std::to_string(ev.record_id));
  }
  CHECK(n == 40);
}

// Sees what the renderer is shown: the record's event XML (when the reader renders it).
class XmlSeen final : public MessageRenderer {
 public:
  MessageOrigin Render(const Event& ev, std::string& out) const override {
    seen.emplace_back(ev.xml);
    out += "m";
    return MessageOrigin::kTemplate;
  }
  mutable std::vector<std::string> seen;
};

TEST_CASE("evtx + message renderer: the renderer sees the record's XML when it is rendered") {
  const std::vector<std::byte> file = FortyServiceRecords();
  for (const bool xml : {false, true}) {
    CAPTURE(xml);
    const XmlSeen renderer;
    ReaderOptions o;
    o.display_path = "t.evtx";
    o.render_xml = xml;
    o.messages = &renderer;
    CollectingSink sink;
    auto reader = NewEvtxReaderFromMemory(file, o, sink);
    REQUIRE(reader.ok());
    Event ev;
    std::vector<std::string> given;
    while ((*reader)->Next(ev).ok()) given.emplace_back(ev.xml);
    REQUIRE(given.size() == 40);
    CHECK(renderer.seen == given);
    CHECK(given.front().empty() == !xml);
    if (xml) CHECK(given.back().find("Svc40") != std::string::npos);
  }
}

TEST_CASE("evtx reader: event_fields off keeps the XML and record id, skips the data") {
  testing::EvtxBuilder b;
  for (uint64_t id = 1; id <= 40; ++id) {
    testing::EvtxTestRecord r;
    r.id = id;
    r.event_id = static_cast<uint16_t>(7000 + id);
    r.data = "Svc" + std::to_string(id);
    r.has_qualifiers = true;
    r.qualifiers = 16384;
    b.AddRecord(r);
  }
  const std::vector<std::byte> file = b.Build();
  struct Seen {
    std::string xml;
    uint64_t record_id;
    uint16_t event_id;
    size_t data;
    bool has_qualifiers;
  };
  std::vector<Seen> runs[2];
  for (const bool fields : {true, false}) {
    ReaderOptions o;
    o.display_path = "t.evtx";
    o.render_xml = true;
    o.event_fields = fields;
    CollectingSink sink;
    auto reader = NewEvtxReaderFromMemory(file, o, sink);
    REQUIRE(reader.ok());
    Event ev;
    while ((*reader)->Next(ev).ok()) {
      runs[fields ? 0 : 1].push_back(
          Seen{std::string(ev.xml), ev.record_id, ev.event_id, ev.data.size(), ev.has_qualifiers});
    }
  }
  REQUIRE(runs[0].size() == 40);
  REQUIRE(runs[1].size() == 40);
  for (size_t i = 0; i < 40; ++i) {
    CAPTURE(i);
    CHECK(runs[1][i].xml == runs[0][i].xml);
    CHECK(runs[1][i].record_id == runs[0][i].record_id);
    CHECK(runs[0][i].event_id == 7001 + i);
    CHECK(runs[0][i].data == 1);
    CHECK(runs[0][i].has_qualifiers);
    CHECK(runs[1][i].data == 0);  // the rest is unspecified: numbers may still be set
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::readers
