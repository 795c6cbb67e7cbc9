// The samples/ exports use the exact event schema the XML reader parses: every event of
// each well-formed sample converts with readers::EventFromXml, names one Computer, and
// has increasing record ids; the damaged sample fails where its README says.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include "core/input_file.h"
#include "readers/xml/xml_event.h"

namespace logrx::kb {
namespace {

struct SampleSummary {
  size_t events = 0;
  size_t bad = 0;
  std::vector<std::string> computers;
  std::vector<uint64_t> records;
  std::vector<std::string> sources;
  std::vector<uint16_t> ids;
};

// Each sample line (stream) or the <Events> root holds whole <Event> elements; parse each
// line on its own so a damaged line does not hide the others.
SampleSummary Read(const std::string& name) {
  auto text = ReadWholeFileAsString(std::string(LOGRX_SOURCE_DIR) + "/samples/fleet/" + name);
  REQUIRE(text.ok());
  SampleSummary s;
  std::vector<std::string> chunks;
  const std::string& t = *text;
  if (t.rfind("<?xml", 0) == 0) {
    chunks.push_back(t);
  } else {
    size_t start = 0;
    while (start < t.size()) {
      size_t end = t.find("\r\n", start);
      if (end == std::string::npos) end = t.size();
      if (end > start) chunks.push_back(t.substr(start, end - start));
      start = end + 2;
    }
  }
  for (std::string& c : chunks) {
    pugi::xml_document doc;
    if (!doc.load_buffer(c.data(), c.size())) {
      ++s.bad;
      continue;
    }
    pugi::xml_node root = doc.document_element();
    std::vector<pugi::xml_node> events;
    if (std::string_view(root.name()) == "Events") {
      for (pugi::xml_node e : root.children("Event")) events.push_back(e);
    } else {
      events.push_back(root);
    }
    for (pugi::xml_node e : events) {
      readers::XmlEventScratch scratch;
      Event ev;
      if (!readers::EventFromXml(e, scratch, ev).ok()) {
        ++s.bad;
        continue;
      }
      ++s.events;
      s.computers.emplace_back(ev.computer);
      s.records.push_back(ev.record_id);
      s.sources.emplace_back(ev.Source());
      s.ids.push_back(ev.event_id);
    }
  }
  return s;
}

void CheckConsistent(const SampleSummary& s, const std::string& host) {
  for (const std::string& c : s.computers) CHECK(c == host);
  for (size_t i = 1; i < s.records.size(); ++i) CHECK(s.records[i] > s.records[i - 1]);
}

TEST_SUITE("kb") {

TEST_CASE("samples: the KB316772 hosts carry a ClusSvc 1024 among boot markers") {
  for (const char* host : {"EXCLUS1", "EXCLUS4", "EXCLUS5", "EXCLUS6"}) {
    SampleSummary s = Read(std::string(host) + "-System.xml");
    CHECK(s.bad == 0);
    CHECK(s.events == 7);
    CheckConsistent(s, host);
    CHECK(s.ids == std::vector<uint16_t>{6009, 6005, 1, 1024, 6006, 6009, 6005});
    CHECK(s.sources[3] == "ClusSvc");
  }
}

TEST_CASE("samples: the other causes, the clean host, FC node and Autochk parse") {
  SampleSummary es = Read("EXCLUS2-System.xml");
  CHECK(es.bad == 0);
  CheckConsistent(es, "EXCLUS2");
  CHECK(es.ids == std::vector<uint16_t>{6009, 6005, 1069, 1024});
  SampleSummary ds = Read("EXCLUS3-System.xml");
  CheckConsistent(ds, "EXCLUS3");
  CHECK(ds.ids == std::vector<uint16_t>{6009, 6005, 1024, 1042});
  SampleSummary clean = Read("CLEAN1-System.xml");
  CheckConsistent(clean, "CLEAN1");
  CHECK(clean.events == 5);
  SampleSummary fc = Read("FCNODE1-System.xml");
  CheckConsistent(fc, "FCNODE1.corp.example.com");
  CHECK(fc.sources[0] == "Microsoft-Windows-FailoverClustering");
  SampleSummary wks = Read("WKS1-Application.xml");
  CHECK(wks.sources[0] == "Autochk");
  CHECK(wks.ids[0] == 1024);
}

TEST_CASE("samples: the damaged export has two bad events and three good ones") {
  SampleSummary s = Read("BROKEN1-System.xml");
  CHECK(s.bad == 2);
  CHECK(s.events == 3);
  CHECK(s.records == std::vector<uint64_t>{700, 702, 704});
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::kb
