// Text exports with a stray quote: the reader recovers at the line, and a line
// that cannot be read counts as one record dropped.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/text/text_export_reader.h"

namespace logrx::readers {
namespace {

std::vector<std::byte> Bytes(std::string_view s) {
  std::vector<std::byte> out;
  for (char c : s) out.push_back(std::byte(static_cast<uint8_t>(c)));
  return out;
}

std::string Line(int n, std::string_view description) {
  return "2/15/1999\t7:51:2" + std::to_string(n) + " AM\tClusSvc\tError\tNone\t1024\tN/A\tNODE" +
         std::to_string(n) + "\t" + std::string(description) + "\r\n";
}

struct Got {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diags;
};

Got Read(const std::string& text) {
  Got g;
  CollectingSink sink;
  ReaderOptions o;
  o.display_path = "export.txt";
  auto r = NewTextExportReaderFromBytes(Bytes(text), o, sink);
  REQUIRE(r.ok());
  Event ev;
  while ((*r)->Next(ev).ok()) g.events.emplace_back(ev);
  g.diags = sink.items();
  return g;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("text export: one stray quote does not swallow the rest of the file") {
  const std::string text = Line(1, "first") + Line(2, "\"quoted but never closed") +
                           Line(3, "third") + Line(4, "fourth") + Line(5, "fifth");
  const Got g = Read(text);
  REQUIRE(g.events.size() == 5);
  CHECK(g.events[1].view().message == "\"quoted but never closed");
  CHECK(g.events[2].view().computer == "NODE3");
  CHECK(g.events[4].view().where.line == 5);
  size_t stray = 0;
  for (const Diagnostic& d : g.diags) {
    if (d.what.find("never closes") != std::string::npos) {
      ++stray;
      CHECK(d.line == 2);
      CHECK(d.severity == Severity::kWarning);
    }
  }
  CHECK(stray == 1);
}

TEST_CASE("text export: a line that cannot be read counts as one record dropped") {
  const std::string text = Line(1, "first") + "this is not an event line\r\n" + Line(3, "third");
  const Got g = Read(text);
  CHECK(g.events.size() == 2);
  uint64_t dropped = 0;
  for (const Diagnostic& d : g.diags) dropped += d.records_dropped;
  CHECK(dropped == 1);
}

TEST_CASE("text export: a properly quoted multi-line description still spans lines") {
  const std::string text = Line(1, "\"two\r\nlines\"") + Line(3, "third");
  const Got g = Read(text);
  REQUIRE(g.events.size() == 2);
  CHECK(g.events[0].view().message == "two\nlines");
  for (const Diagnostic& d : g.diags) CHECK(d.what.find("never closes") == std::string::npos);
}

}  // TEST_SUITE

}  // namespace logrx::readers
