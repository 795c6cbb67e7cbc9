// The XML export reader on exports written here. Lines and offsets are found in the test
// text itself (std::string::find of "<Event", counting '\n'), never taken from the reader.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "readers/message_renderer.h"
#include "readers/xml/xml_reader.h"
#include "support/xml_test_util.h"

namespace logrx::readers {
namespace {

using testing::ReadXmlBytes;
using testing::ToUtf16WithBom;
using testing::XmlRun;

// One wevtutil-style event on one line.
std::string OneLine(int event_id, int record_id, const std::string& computer = "EXCLUS1",
                    const std::string& extra_data = "") {
  return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
         "<Provider Name='ClusSvc'/><EventID Qualifiers='49152'>" +
         std::to_string(event_id) + "</EventID><Level>2</Level><EventRecordID>" +
         std::to_string(record_id) + "</EventRecordID><Channel>System</Channel><Computer>" +
         computer + "</Computer></System><EventData><Data Name='Key'>SYSTEM\\Setup</Data>" +
         extra_data + "</EventData></Event>";
}

// The same event pretty-printed over 5 lines.
std::string Pretty(int record_id, const std::string& data = "<Data>x</Data>") {
  return "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
         "  <System><Provider Name=\"Srv\"/><EventID>7036</EventID>\n"
         "    <EventRecordID>" +
         std::to_string(record_id) +
         "</EventRecordID></System>\n"
         "  <EventData>" +
         data + "</EventData>\n</Event>\n";
}

uint32_t LineOf(const std::string& text, size_t pos) {
  uint32_t line = 1;
  for (size_t i = 0; i < pos; ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

// Offsets of every "<Event" followed by a space or '>' in `text`.
std::vector<size_t> EventStarts(const std::string& text) {
  std::vector<size_t> out;
  for (size_t p = text.find("<Event"); p != std::string::npos; p = text.find("<Event", p + 1)) {
    const char next = p + 6 < text.size() ? text[p + 6] : '\0';
    if (next == ' ' || next == '>') out.push_back(p);
  }
  return out;
}

std::vector<uint64_t> RecordIds(const XmlRun& run) {
  std::vector<uint64_t> ids;
  for (const auto& e : run.events) ids.push_back(e.view().record_id);
  return ids;
}

void CheckSameEvents(const XmlRun& a, const XmlRun& b) {
  REQUIRE(a.events.size() == b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    const Event& x = a.events[i].view();
    const Event& y = b.events[i].view();
    CHECK(x.where.offset == y.where.offset);
    CHECK(x.where.line == y.where.line);
    CHECK(x.record_id == y.record_id);
    CHECK(x.event_id == y.event_id);
    CHECK(x.computer == y.computer);
    REQUIRE(x.data.size() == y.data.size());
    for (size_t k = 0; k < x.data.size(); ++k) CHECK(x.data[k].value == y.data[k].value);
  }
}

TEST_SUITE("readers") {

TEST_CASE("xml reader: wevtutil stream with no root and no declaration, one event a line") {
  const std::string text = OneLine(1024, 11) + "\n" + OneLine(1024, 12, "EXCLUS2") + "\n" +
                           OneLine(1069, 13) + "\n";
  const XmlRun run = ReadXmlBytes(text);
  CHECK(run.final.end());
  CHECK(run.diagnostics.empty());
  REQUIRE(run.events.size() == 3);
  const std::vector<size_t> starts = EventStarts(text);
  REQUIRE(starts.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    const Event& e = run.events[i].view();
    CHECK(e.format == InputFormat::kXml);
    CHECK(e.where.line == i + 1);
    CHECK(e.where.offset == starts[i]);
    CHECK(e.record_id == 11 + i);
    CHECK(e.qualifiers == 0xC000);
    CHECK(e.Data("Key") == "SYSTEM\\Setup");
  }
  CHECK(run.events[1].view().computer == "EXCLUS2");
  CHECK(run.events[2].view().event_id == 1069);
}

TEST_CASE("xml reader: events back to back on one line") {
  const std::string text = OneLine(1, 1) + OneLine(2, 2) + OneLine(3, 3);
  const XmlRun run = ReadXmlBytes(text);
  CHECK(run.diagnostics.empty());
  REQUIRE(run.events.size() == 3);
  const std::vector<size_t> starts = EventStarts(text);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(run.events[i].view().where.line == 1);
    CHECK(run.events[i].view().where.offset == starts[i]);
  }
}

// Event Viewer's "Save as XML": declaration, <Events> root, UTF-16 with BOM.
std::string SavedAsXml() {
  return "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<Events>\r\n" +
         OneLine(1024, 21, "SRV-\xC3\x9C", "<Data Name='Emoji'>\xF0\x9F\x98\x80!</Data>") +
         "\r\n" + OneLine(1024, 22, "SRV-2") + "\r\n</Events>\r\n";
}

TEST_CASE("xml reader: Save-as-XML in UTF-16LE with BOM declaring UTF-16") {
  const std::string utf8 = SavedAsXml();
  const std::string utf16 = ToUtf16WithBom(utf8, true);
  const XmlRun run = ReadXmlBytes(utf16);
  CHECK(run.diagnostics.empty());
  REQUIRE(run.events.size() == 2);
  const std::vector<size_t> starts = EventStarts(utf8);
  for (size_t i = 0; i < 2; ++i) {
    const Event& e = run.events[i].view();
    CHECK(e.where.line == 3 + i);
    // 2 BOM bytes + 2 bytes per UTF-16 unit before the '<' (the emoji is 2 units).
    const size_t units = (ToUtf16WithBom(utf8.substr(0, starts[i])).size() - 2) / 2;
    CHECK(e.where.offset == 2 + 2 * units);
    CHECK(utf16.substr(e.where.offset, 4) == std::string("<\0E\0", 4));
  }
  CHECK(run.events[0].view().computer == "SRV-\xC3\x9C");
  CHECK(run.events[0].view().Data("Emoji") == "\xF0\x9F\x98\x80!");
  CHECK(run.events[1].view().record_id == 22);
}

TEST_CASE("xml reader: UTF-16BE with BOM and UTF-8 with BOM read the same events") {
  const std::string utf8 = SavedAsXml();
  const XmlRun plain = ReadXmlBytes(utf8);
  const XmlRun be = ReadXmlBytes(ToUtf16WithBom(utf8, false));
  const XmlRun bom8 = ReadXmlBytes("\xEF\xBB\xBF" + utf8);
  REQUIRE(plain.events.size() == 2);
  CHECK(be.diagnostics.empty());
  CHECK(bom8.diagnostics.empty());
  REQUIRE(be.events.size() == 2);
  REQUIRE(bom8.events.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(bom8.events[i].view().where.offset == plain.events[i].view().where.offset + 3);
    CHECK(be.events[i].view().computer == plain.events[i].view().computer);
    CHECK(be.events[i].view().where.line == plain.events[i].view().where.line);
  }
}

TEST_CASE("xml reader: 3 good, 1 not well-formed, 2 good gives 5 events and 1 diagnostic") {
  std::string text = "<Events>\n";
  for (int r = 1; r <= 3; ++r) text += Pretty(r);
  const size_t broken_at = text.size();
  text += Pretty(4, "<Data>x</Dat>");
  for (int r = 5; r <= 6; ++r) text += Pretty(r);
  text += "</Events>\n";

  const XmlRun run = ReadXmlBytes(text);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 2, 3, 5, 6});
  REQUIRE(run.diagnostics.size() == 1);
  const Diagnostic& d = run.diagnostics[0];
  const uint32_t line = LineOf(text, broken_at);
  CHECK(line == 17);  // "<Events>" + 3 events of 5 lines
  CHECK(d.line == line);
  CHECK(d.offset == broken_at);
  CHECK(d.severity == Severity::kError);
  CHECK(d.structure == "event 4");
  CHECK(d.records_dropped == 1);
  CHECK(d.bytes_dropped == Pretty(4, "<Data>x</Dat>").size() - 1);  // up to and with '>'
  // The mismatched </Dat> is on the 4th line of the event.
  CHECK(d.what == "not well-formed XML at line 20: Start-end tags mismatch; skipped");
  CHECK(d.ToString() == "test.xml:17 (event 4): not well-formed XML at line 20: Start-end tags "
                        "mismatch; skipped");
  // Events after the damage keep their own lines.
  CHECK(run.events[3].view().where.line == 22);
}

TEST_CASE("xml reader: an event with a non-numeric EventID is skipped, with its line") {
  const std::string bad =
      "<Event><System><EventID>ten</EventID></System></Event>";
  const std::string text = OneLine(1, 1) + "\n\n" + bad + "\n" + OneLine(3, 3) + "\n";
  const XmlRun run = ReadXmlBytes(text);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 3});
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].line == 3);
  CHECK(run.diagnostics[0].ToString() ==
        "test.xml:3 (event 2): <EventID> is not a 16-bit number: 'ten'; skipped");
}

TEST_CASE("xml reader: a file cut inside an event keeps the events before it") {
  const std::string full = OneLine(1, 1) + "\n" + OneLine(2, 2) + "\n";
  const std::string cut = full.substr(0, full.size() - 40);
  const XmlRun run = ReadXmlBytes(cut);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1});
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].line == 2);
  CHECK(run.diagnostics[0].structure == "event 2");
  CHECK(run.diagnostics[0].what ==
        "the file ends inside this event (no </Event>; truncated?); skipped");
  CHECK(run.diagnostics[0].bytes_dropped == cut.size() - (OneLine(1, 1).size() + 1));
}

TEST_CASE("xml reader: text and stray elements between events are reported once per run") {
  const std::string e1 = OneLine(1, 1);
  const std::string text =
      e1 + "\nhello world\n" + OneLine(2, 2) + "<Foo a='1'/>junk\n" + OneLine(3, 3) + "\n";
  const XmlRun run = ReadXmlBytes(text);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 2, 3});
  REQUIRE(run.diagnostics.size() == 2);
  CHECK(run.diagnostics[0].line == 2);
  CHECK(run.diagnostics[0].offset == e1.size() + 1);
  CHECK(run.diagnostics[0].structure == "after event 1");
  CHECK(run.diagnostics[0].bytes_dropped == std::string("hello world\n").size());
  CHECK(run.diagnostics[0].what ==
        "text or markup outside any <Event> element; 12 bytes skipped");
  CHECK(run.diagnostics[1].line == 3);
  CHECK(run.diagnostics[1].structure == "after event 2");
  CHECK(run.diagnostics[1].bytes_dropped == std::string("<Foo a='1'/>junk\n").size());
}

TEST_CASE("xml reader: an event without </Event> is reported when the next one starts") {
  const std::string text = OneLine(1, 1) + "\n<Event><System><EventID>5</EventID></System>\n" +
                           OneLine(3, 3) + "\n";
  const XmlRun run = ReadXmlBytes(text);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 3});
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].line == 2);
  CHECK(run.diagnostics[0].what == "no </Event> before the next <Event> at line 3; skipped");
  CHECK(run.events[1].view().where.line == 3);
}

TEST_CASE("xml reader: </Event> and <Event> inside comments, CDATA and attributes do not split") {
  const std::string tricky =
      "<Event><!-- </Event> <Event> --><System><Provider Name='a>b/>'/>"
      "<EventID>9</EventID><EventRecordID>2</EventRecordID></System><EventData>"
      "<Data Name=\"c\"><![CDATA[</Event><Event>]]></Data><?pi </Event>?></EventData></Event>";
  const std::string text = "<Events>" + OneLine(1, 1) + tricky + OneLine(3, 3) + "</Events>";
  const XmlRun run = ReadXmlBytes(text);
  CHECK(run.diagnostics.empty());
  REQUIRE(RecordIds(run) == std::vector<uint64_t>{1, 2, 3});
  const Event& e = run.events[1].view();
  CHECK(e.provider == "a>b/>");
  CHECK(e.Data("c") == "</Event><Event>");
  CHECK(e.event_id == 9);
}

TEST_CASE("xml reader: names are matched exactly; prefixed events count") {
  const std::string text =
      "<Events><EventsX/></Events>" + OneLine(1, 1) +
      "<ev:Event xmlns:ev='http://schemas.microsoft.com/win/2004/08/events/event'><ev:System>"
      "<ev:EventID>4</ev:EventID><ev:EventRecordID>2</ev:EventRecordID></ev:System></ev:Event>";
  const XmlRun run = ReadXmlBytes(text);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 2});
  REQUIRE(run.diagnostics.size() == 1);  // <EventsX/> is neither an event nor the root
  CHECK(run.diagnostics[0].offset == 8);
  CHECK(run.diagnostics[0].structure == "before the first event");
}

TEST_CASE("xml reader: a file that is not XML, or has no events, gives no events and says so") {
  {
    const XmlRun run = ReadXmlBytes(std::string("not xml at all\n\x01\x02\xff", 18));
    CHECK(run.events.empty());
    CHECK(run.final.end());
    REQUIRE(run.diagnostics.size() == 2);
    CHECK(run.diagnostics[0].what ==
          "text or markup outside any <Event> element; 18 bytes skipped to the end of the file");
    CHECK(run.diagnostics[1].severity == Severity::kWarning);
    CHECK(run.diagnostics[1].what == "no <Event> elements found; not an event log export?");
  }
  {
    const XmlRun run = ReadXmlBytes("<?xml version=\"1.0\"?>\n<Events>\n</Events>\n");
    CHECK(run.events.empty());
    REQUIRE(run.diagnostics.size() == 1);
    CHECK(run.diagnostics[0].what == "no <Event> elements found; not an event log export?");
  }
  {
    const XmlRun run = ReadXmlBytes("");
    CHECK(run.events.empty());
    CHECK(run.diagnostics.size() == 1);
  }
}

TEST_CASE("xml reader: an over-long event is skipped and the next one read") {
  XmlReaderLimits limits;
  limits.max_event_bytes = 400;
  const std::string big = OneLine(2, 2, "BIG", "<Data>" + std::string(1000, 'x') + "</Data>");
  const std::string endless = "<Event><System><EventID>5</EventID><Data>" + std::string(2000, 'y');
  const std::string text = OneLine(1, 1) + "\n" + big + "\n" + OneLine(3, 3) + "\n" + endless +
                           "\n" + OneLine(4, 4) + "\n";
  for (const size_t block : {size_t{16}, size_t{256}, size_t{100000}}) {
    CAPTURE(block);
    limits.block_bytes = block;
    const XmlRun run = ReadXmlBytes(text, limits);
    CHECK(RecordIds(run) == std::vector<uint64_t>{1, 3, 4});
    REQUIRE(run.diagnostics.size() == 2);
    CHECK(run.diagnostics[0].line == 2);
    CHECK(run.diagnostics[0].structure == "event 2");
    CHECK(run.diagnostics[0].what ==
          "event is longer than the 400 bytes limit for one event; skipped up to the next <Event>");
    CHECK(run.diagnostics[1].line == 4);
    CHECK(run.diagnostics[1].structure == "event 4");
  }
}

TEST_CASE("xml reader: block size never changes the events read") {
  std::string text = "<?xml version=\"1.0\"?>\n<!-- comment --><Events>\n";
  for (int r = 1; r <= 3; ++r) text += Pretty(r, "<Data><![CDATA[a]]>\xE2\x82\xAC</Data>");
  text += OneLine(1024, 4, "H\xF0\x9F\x98\x80") + "</Events>";
  const XmlRun reference = ReadXmlBytes(text);
  REQUIRE(reference.events.size() == 4);
  CHECK(reference.diagnostics.empty());
  for (const bool utf16 : {false, true}) {
    const XmlRun ref = utf16 ? ReadXmlBytes(ToUtf16WithBom(text)) : reference;
    for (const size_t block : {1, 2, 3, 4, 5, 7, 11, 64, 333}) {
      CAPTURE(utf16);
      CAPTURE(block);
      XmlReaderLimits limits;
      limits.block_bytes = block;
      const XmlRun run = ReadXmlBytes(utf16 ? ToUtf16WithBom(text) : text, limits);
      CHECK(run.diagnostics.empty());
      CheckSameEvents(ref, run);
    }
  }
}

TEST_CASE("xml reader: a cut at every byte offset yields a prefix of the full events") {
  const std::string text = "<Events>\n" + Pretty(1) + OneLine(2, 2) + "\n" + Pretty(3) + "</Events>\n";
  // [begin, end) of each event in the UTF-8 text.
  std::vector<std::pair<size_t, size_t>> spans;
  for (const size_t b : EventStarts(text)) spans.emplace_back(b, text.find("</Event>", b) + 8);
  REQUIRE(spans.size() == 3);
  for (const bool utf16 : {false, true}) {
    const std::string bytes = utf16 ? ToUtf16WithBom(text) : text;
    const XmlRun full = ReadXmlBytes(bytes);
    REQUIRE(full.events.size() == 3);
    for (size_t cut = 0; cut <= bytes.size(); ++cut) {
      CAPTURE(utf16);
      CAPTURE(cut);
      XmlReaderLimits limits;
      limits.block_bytes = 13;
      const XmlRun run = ReadXmlBytes(bytes.substr(0, cut), limits);
      CHECK(run.final.end());
      // The text is ASCII, so a UTF-16 cut at byte `cut` keeps (cut - 2) / 2 characters.
      const size_t chars = utf16 ? (cut < 2 ? 0 : (cut - 2) / 2) : cut;
      size_t complete = 0;
      bool inside = false;   // the cut leaves "<Event" and its delimiter, not the end
      bool damaged = false;  // the cut leaves part of an event
      for (const auto& [b, e] : spans) {
        if (chars >= e) ++complete;
        if (chars >= b + 7 && chars < e) inside = true;
        if (chars > b && chars < e) damaged = true;
      }
      REQUIRE(run.events.size() == complete);
      for (size_t i = 0; i < run.events.size(); ++i) {
        CHECK(run.events[i].view().record_id == full.events[i].view().record_id);
        CHECK(run.events[i].view().where.offset == full.events[i].view().where.offset);
        CHECK(run.events[i].view().where.line == full.events[i].view().where.line);
      }
      // A cut inside an event costs exactly that event, and says so.
      if (inside) {
        REQUIRE(!run.diagnostics.empty());
        CHECK(run.diagnostics.back().structure == "event " + std::to_string(complete + 1));
      }
      // A cut inside the name "<Event" leaves stray markup, which is reported too.
      if (damaged) CHECK(!run.diagnostics.empty());
    }
  }
}

TEST_CASE("xml reader: render_xml gives each event's own text") {
  const std::string e1 = OneLine(1, 1);
  const std::string e2 = Pretty(2);
  ReaderOptions options;
  options.render_xml = true;
  const XmlRun run = ReadXmlBytes("<Events>" + e1 + "\n" + e2 + "</Events>", {}, options);
  REQUIRE(run.events.size() == 2);
  CHECK(run.events[0].view().xml == e1);
  CHECK(run.events[1].view().xml == e2.substr(0, e2.size() - 1));  // without the last '\n'
  const XmlRun off = ReadXmlBytes(e1);
  CHECK(off.events[0].view().xml.empty());

  // UTF-16 input: the text comes back as UTF-8.
  const XmlRun wide = ReadXmlBytes(ToUtf16WithBom(OneLine(3, 3, "\xC3\xA9t\xC3\xA9")), {}, options);
  REQUIRE(wide.events.size() == 1);
  CHECK(wide.events[0].view().xml == OneLine(3, 3, "\xC3\xA9t\xC3\xA9"));
}

class FakeRenderer final : public MessageRenderer {
 public:
  MessageOrigin Render(const Event& ev, std::string& out) const override {
    if (ev.event_id != 1024) return MessageOrigin::kNone;
    out += "rendered for " + std::string(ev.computer);
    return MessageOrigin::kTemplate;
  }
};

TEST_CASE("xml reader: the message renderer fills a missing message only") {
  const FakeRenderer renderer;
  ReaderOptions options;
  options.messages = &renderer;
  const std::string with_message =
      "<Event><System><EventID>1024</EventID></System><RenderingInfo><Message>from export"
      "</Message></RenderingInfo></Event>";
  const XmlRun run =
      ReadXmlBytes(OneLine(1024, 1, "N1") + with_message + OneLine(7, 3), {}, options);
  REQUIRE(run.events.size() == 3);
  CHECK(run.events[0].view().message == "rendered for N1");
  CHECK(run.events[0].view().message_origin == MessageOrigin::kTemplate);
  CHECK(run.events[1].view().message == "from export");
  CHECK(run.events[1].view().message_origin == MessageOrigin::kExport);
  CHECK(run.events[2].view().message.empty());
  CHECK(run.events[2].view().message_origin == MessageOrigin::kNone);
}

TEST_CASE("xml reader: invalid UTF-8 becomes U+FFFD with a warning; a NUL byte is kept as the text \\x00") {
  const XmlRun run = ReadXmlBytes(OneLine(1, 1, "A\xFFZ") + "\n" +
                                  OneLine(2, 2, std::string("A\0Z", 3)) + "\n" + OneLine(3, 3));
  // A NUL is not XML; the event is kept all the same, the byte shown.
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 2, 3});
  CHECK(run.events[1].view().computer == "A\\x00Z");
  CHECK(run.events[0].view().computer == "A\xEF\xBF\xBDZ");
  REQUIRE(run.diagnostics.size() == 2);
  CHECK(run.diagnostics[0].severity == Severity::kWarning);
  CHECK(run.diagnostics[0].line == 1);
  CHECK(run.diagnostics[0].what == "invalid UTF-8 bytes replaced with U+FFFD; event kept");
  CHECK(run.diagnostics[1].severity == Severity::kWarning);
  CHECK(run.diagnostics[1].line == 2);
  CHECK(run.diagnostics[1].what.find("kept as text") != std::string::npos);
}

TEST_CASE("xml reader: an <Events> export cut after its last </Event> is reported") {
  const std::string whole = "<Events>\n" + OneLine(1, 1) + "\n" + OneLine(2, 2) + "\n</Events>\n";
  CHECK(ReadXmlBytes(whole).diagnostics.empty());
  const std::string cut = whole.substr(0, whole.size() - std::string("</Events>\n").size());
  const XmlRun run = ReadXmlBytes(cut);
  CHECK(RecordIds(run) == std::vector<uint64_t>{1, 2});
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].severity == Severity::kWarning);
  CHECK(run.diagnostics[0].line == 4);  // end of the text: after the third '\n'
  CHECK(run.diagnostics[0].structure == "after event 2");
  CHECK(run.diagnostics[0].what ==
        "the file ends before the </Events> that closes its root; the export may be cut "
        "after its last complete event");
  // A self-closed root and a root-less stream are complete as they are.
  CHECK(ReadXmlBytes("<Events/>" + OneLine(1, 1)).diagnostics.empty());
  CHECK(ReadXmlBytes(OneLine(1, 1)).diagnostics.empty());
}

TEST_CASE("xml reader: UserData nested past 32 levels is reported, the event kept") {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<L" + std::to_string(i) + ">";
  deep += "v";
  for (int i = 39; i >= 0; --i) deep += "</L" + std::to_string(i) + ">";
  const XmlRun run = ReadXmlBytes("<Event><System><EventID>3</EventID></System><UserData><A>a</A>" +
                                  deep + "</UserData></Event>");
  REQUIRE(run.events.size() == 1);
  REQUIRE(run.events[0].view().data.size() == 1);
  CHECK(run.events[0].view().data[0].value == "a");
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].severity == Severity::kWarning);
  CHECK(run.diagnostics[0].what ==
        "<UserData> nested deeper than 32 levels; the deeper elements were not read; event kept");
}

TEST_CASE("xml reader: OpenEventFile detects an .xml export and names it in diagnostics") {
  const std::string path = testing::ScratchPath("detect.xml");
  testing::WriteBytes(path, "\n\n<Event><System><EventID>x</EventID></System></Event>" +
                                OneLine(5, 5));
  CollectingSink sink;
  Result<std::unique_ptr<EventReader>> r = OpenEventFile(path, ReaderOptions{}, sink);
  REQUIRE(r.ok());
  CHECK((*r)->format() == InputFormat::kXml);
  Event ev;
  REQUIRE((*r)->Next(ev).ok());
  CHECK(ev.record_id == 5);
  CHECK((*r)->Next(ev).end());
  CHECK((*r)->Next(ev).end());  // stays at the end
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].file == path);
  CHECK(sink.items()[0].line == 3);
  CHECK((*r)->bytes_consumed() ==
        std::string("\n\n<Event><System><EventID>x</EventID></System></Event>").size() +
            OneLine(5, 5).size());
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
