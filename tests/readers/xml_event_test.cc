// EventFromXml on single events written here. Expected values are read off the XML in
// each test; FILETIMEs were computed with Python's datetime (ticks since 1601-01-01).
#include <string>

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include "readers/xml/xml_event.h"

namespace logrx::readers {
namespace {

struct Parsed {
  pugi::xml_document doc;
  XmlEventScratch scratch;
  Event ev;
  Status status;
};

void Parse(const std::string& xml, Parsed& p) {
  const pugi::xml_parse_result r = p.doc.load_string(xml.c_str(), kXmlEventParseOptions);
  REQUIRE(r);
  p.status = EventFromXml(p.doc.document_element(), p.scratch, p.ev);
}

// wevtutil style: single quotes, self-closing empty elements, one line.
const char kWindowsEvent[] =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='ClusSvc' Guid='{baf908ea-3421-4ca9-9b84-6689b8c6f85f}' "
    "EventSourceName='ClusSvc'/><EventID Qualifiers='49152'>1024</EventID><Version>0</Version>"
    "<Level>2</Level><Task>3</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords>"
    "<TimeCreated SystemTime='2003-05-06T07:08:09.1234567Z'/><EventRecordID>4711</EventRecordID>"
    "<Correlation/><Execution ProcessID='1234' ThreadID='5678'/><Channel>System</Channel>"
    "<Computer>EXCLUS1.corp.example</Computer><Security UserID='S-1-5-18'/></System>"
    "<EventData><Data>SYSTEM\\CurrentControlSet\\Services\\W3SVC</Data><Data>5</Data>"
    "<Binary>0A00FF10</Binary></EventData></Event>";

TEST_SUITE("readers") {

TEST_CASE("xml event: Windows dialect fills every System field") {
  Parsed p;
  p.ev.where.line = 77;  // kept: the reader sets it
  Parse(kWindowsEvent, p);
  REQUIRE(p.status.ok());
  const Event& e = p.ev;
  CHECK(e.where.line == 77);
  CHECK(e.provider == "ClusSvc");
  CHECK(e.provider_guid == "{baf908ea-3421-4ca9-9b84-6689b8c6f85f}");
  CHECK(e.event_source == "ClusSvc");
  CHECK(e.event_id == 1024);
  CHECK(e.has_qualifiers);
  CHECK(e.qualifiers == 0xC000);
  CHECK(e.version == 0);
  CHECK(e.level == 2);
  CHECK(e.task == 3);
  CHECK(e.keywords == 0x80000000000000ull);
  CHECK(e.time_created == 126966784891234567);
  CHECK(e.record_id == 4711);
  CHECK(e.process_id == 1234);
  CHECK(e.thread_id == 5678);
  CHECK(e.channel == "System");
  CHECK(e.computer == "EXCLUS1.corp.example");
  CHECK(e.user_sid == "S-1-5-18");
  REQUIRE(e.data.size() == 2);
  CHECK(e.data[0].name.empty());
  CHECK(e.data[0].value == "SYSTEM\\CurrentControlSet\\Services\\W3SVC");
  CHECK(e.data[1].value == "5");
  CHECK_FALSE(e.data_is_user_data);
  REQUIRE(e.binary.size() == 4);
  CHECK(std::to_integer<int>(e.binary[0]) == 0x0A);
  CHECK(std::to_integer<int>(e.binary[2]) == 0xFF);
  CHECK(std::to_integer<int>(e.binary[3]) == 0x10);
  CHECK(e.message.empty());
  CHECK(e.message_origin == MessageOrigin::kNone);
  CHECK(p.scratch.warnings.empty());
}

TEST_CASE("xml event: python-evtx dialect (space in SystemTime, empty Qualifiers, base64)") {
  Parsed p;
  Parse("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
        "<Provider Name=\"EventLog\"></Provider>\n<EventID Qualifiers=\"\">6005</EventID>\n"
        "<TimeCreated SystemTime=\"2017-07-12 17:16:28.214161\"></TimeCreated>\n"
        "<EventRecordID>2</EventRecordID>\n<Security UserID=\"\"></Security>\n</System>\n"
        "<EventData><Data Name=\"param1\">a</Data>\n<Binary>cwBlAGcAMQAAAA==</Binary>\n"
        "</EventData>\n</Event>",
        p);
  REQUIRE(p.status.ok());
  CHECK(p.ev.event_id == 6005);
  CHECK_FALSE(p.ev.has_qualifiers);
  CHECK(p.ev.time_created == 131443533882141610);
  CHECK(p.ev.user_sid.empty());
  CHECK(p.ev.Data("param1") == "a");
  // base64 "cwBlAGcAMQAAAA==" is UTF-16LE "seg1" plus a NUL unit: 10 bytes.
  REQUIRE(p.ev.binary.size() == 10);
  CHECK(std::to_integer<char>(p.ev.binary[0]) == 's');
  CHECK(std::to_integer<char>(p.ev.binary[6]) == '1');
  CHECK(std::to_integer<int>(p.ev.binary[9]) == 0);
}

TEST_CASE("xml event: RenderingInfo message is the export's; an empty one is no message") {
  Parsed p;
  Parse("<Event><System><EventID>1</EventID></System><RenderingInfo Culture='en-US'>"
        "<Message>The Cluster Service failed &amp; stopped.</Message><Level>Error</Level>"
        "<Task>Checkpoint</Task></RenderingInfo></Event>",
        p);
  REQUIRE(p.status.ok());
  CHECK(p.ev.message == "The Cluster Service failed & stopped.");
  CHECK(p.ev.message_origin == MessageOrigin::kExport);
  CHECK(p.ev.level_text == "Error");
  CHECK(p.ev.task_text == "Checkpoint");

  Parsed q;
  Parse("<Event><System><EventID>1</EventID></System><RenderingInfo><Message/></RenderingInfo>"
        "</Event>",
        q);
  REQUIRE(q.status.ok());
  CHECK(q.ev.message.empty());
  CHECK(q.ev.message_origin == MessageOrigin::kNone);
}

TEST_CASE("xml event: named and positional Data keep document order; split text is joined") {
  Parsed p;
  // pugixml makes separate text nodes around a CDATA section and a skipped comment.
  Parse("<Event><System><EventID>7</EventID></System><EventData>"
        "<Data Name='a'>x<![CDATA[<y>]]>z</Data><Data>p<!-- c -->q</Data>"
        "<Data Name='b'/><Data Name='c'> </Data></EventData></Event>",
        p);
  REQUIRE(p.status.ok());
  REQUIRE(p.ev.data.size() == 4);
  CHECK(p.ev.data[0].name == "a");
  CHECK(p.ev.data[0].value == "x<y>z");
  CHECK(p.ev.data[1].name.empty());
  CHECK(p.ev.data[1].value == "pq");
  CHECK(p.ev.data[2].name == "b");
  CHECK(p.ev.data[2].value.empty());
  CHECK(p.ev.data[3].value == " ");  // whitespace-only value kept
}

TEST_CASE("xml event: UserData leaves become fields named after their element") {
  Parsed p;
  Parse("<Event><System><EventID>104</EventID></System><UserData>"
        "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>"
        "<SubjectUserName>admin</SubjectUserName><Inner>text<Deep>d</Deep></Inner>"
        "<BackupPath></BackupPath></LogFileCleared></UserData></Event>",
        p);
  REQUIRE(p.status.ok());
  CHECK(p.ev.data_is_user_data);
  REQUIRE(p.ev.data.size() == 3);
  CHECK(p.ev.data[0].name == "SubjectUserName");
  CHECK(p.ev.data[0].value == "admin");
  CHECK(p.ev.data[1].name == "Deep");  // <Inner> has an element child: not a leaf
  CHECK(p.ev.data[1].value == "d");
  CHECK(p.ev.data[2].name == "BackupPath");
  CHECK(p.ev.data[2].value.empty());
}

TEST_CASE("xml event: namespace prefixes are ignored") {
  Parsed p;
  Parse("<e:Event xmlns:e='http://schemas.microsoft.com/win/2004/08/events/event'><e:System>"
        "<e:Provider Name='Disk'/><e:EventID>11</e:EventID><e:Computer>H1</e:Computer>"
        "</e:System><e:EventData><e:Data Name='DeviceName'>\\Device\\Harddisk0</e:Data>"
        "</e:EventData></e:Event>",
        p);
  REQUIRE(p.status.ok());
  CHECK(p.ev.provider == "Disk");
  CHECK(p.ev.event_id == 11);
  CHECK(p.ev.computer == "H1");
  CHECK(p.ev.Data("DeviceName") == "\\Device\\Harddisk0");
}

TEST_CASE("xml event: damaged System fields are errors that name the field") {
  struct Case {
    const char* xml;
    const char* message;
  };
  const Case cases[] = {
      {"<Event/>", "<Event> has no <System> element"},
      {"<Event><System><Level>2</Level></System></Event>", "<System> has no <EventID>"},
      {"<Event><System><EventID>abc</EventID></System></Event>",
       "<EventID> is not a 16-bit number: 'abc'"},
      {"<Event><System><EventID>70000</EventID></System></Event>",
       "<EventID> is not a 16-bit number: '70000'"},
      {"<Event><System><EventID> </EventID></System></Event>",
       "<EventID> is not a 16-bit number: ''"},
      {"<Event><System><EventID Qualifiers='x1'>1</EventID></System></Event>",
       "<EventID Qualifiers> is not a 16-bit number: 'x1'"},
      {"<Event><System><EventID>1</EventID><Level>300</Level></System></Event>",
       "<Level> is not a number that fits: '300'"},
      {"<Event><System><EventID>1</EventID><EventRecordID>-5</EventRecordID></System></Event>",
       "<EventRecordID> is not a number that fits: '-5'"},
      {"<Event><System><EventID>1</EventID><Execution ProcessID='4x'/></System></Event>",
       "<Execution ProcessID> is not a number that fits: '4x'"},
      {"<Event><System><EventID>1</EventID><TimeCreated SystemTime='yesterday'/></System>"
       "</Event>",
       "<TimeCreated SystemTime> is not a time: 'yesterday'"},
      {"<Events><System><EventID>1</EventID></System></Events>", "expected <Event>, found <Events>"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.xml);
    Parsed p;
    Parse(c.xml, p);
    CHECK(p.status.code() == StatusCode::kCorrupt);
    CHECK(p.status.message() == c.message);
  }
}

TEST_CASE("xml event: a Binary that is neither hex nor base64 is dropped with a warning") {
  Parsed p;
  Parse("<Event><System><EventID>1</EventID></System><EventData><Binary>zz!</Binary>"
        "</EventData></Event>",
        p);
  REQUIRE(p.status.ok());
  CHECK(p.ev.binary.empty());
  REQUIRE(p.scratch.warnings.size() == 1);
  CHECK(p.scratch.warnings[0] == "<Binary> is neither hex nor base64 ('zz!'); binary data dropped");
}

TEST_CASE("xml event: scratch is reused; a second event forgets the first one's fields") {
  Parsed p;
  Parse(kWindowsEvent, p);
  REQUIRE(p.status.ok());
  pugi::xml_document doc2;
  REQUIRE(doc2.load_string("<Event><System><EventID>9</EventID></System></Event>"));
  p.ev.where.line = 3;
  REQUIRE(EventFromXml(doc2.document_element(), p.scratch, p.ev).ok());
  CHECK(p.ev.event_id == 9);
  CHECK(p.ev.data.empty());
  CHECK(p.ev.binary.empty());
  CHECK(p.ev.computer.empty());
  CHECK(p.ev.time_created == kNoTime);
  CHECK(p.ev.where.line == 3);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
