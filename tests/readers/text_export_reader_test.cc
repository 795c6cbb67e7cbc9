// Event Viewer text exports written by hand in the tests (TSV, CSV, UTF-16); expected
// values read off the lines themselves.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "core/time.h"
#include "messages/catalog.h"
#include "readers/text/text_export_reader.h"
#include "readers/xml/xml_event.h"
#include "support/evt_builder.h"

namespace logrx::readers {
namespace {

using messages::MessageCatalog;

struct TextResult {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diags;
};

std::vector<std::byte> B(std::string_view s) {
  std::vector<std::byte> out;
  for (char c : s) out.push_back(std::byte(static_cast<uint8_t>(c)));
  return out;
}

TextResult ReadText(std::vector<std::byte> bytes, const MessageRenderer* messages = nullptr) {
  TextResult out;
  CollectingSink sink;
  ReaderOptions opts;
  opts.display_path = "export.txt";
  opts.messages = messages;
  {
    auto r = NewTextExportReaderFromBytes(std::move(bytes), opts, sink);
    REQUIRE(r.ok());
    Event ev;
    while ((*r)->Next(ev).ok()) out.events.emplace_back(ev);
  }
  out.diags = sink.items();
  return out;
}

std::vector<const Diagnostic*> Errors(const TextResult& r) {
  std::vector<const Diagnostic*> out;
  for (const auto& d : r.diags) if (d.severity == Severity::kError) out.push_back(&d);
  return out;
}

TEST_SUITE("readers") {

TEST_CASE("text export: headerless NT4 tab-separated lines") {
  TextResult r = ReadText(B(
      "2/15/1999\t7:51:24 AM\tEventLog\tError\tNone\t6008\tN/A\tSERVER1\tThe previous system "
      "shutdown at 7:43:10 AM on 2/15/1999 was unexpected.\r\n"
      "2/15/1999\t7:51:24 PM\tEventLog\tInformation\tNone\t6005\tN/A\tSERVER1\tThe Event log "
      "service was started.\r\n"));
  REQUIRE(r.events.size() == 2);
  const Event& ev = r.events[0].view();
  CHECK(ev.format == InputFormat::kText);
  CHECK(ev.where.line == 1);
  CHECK(FormatIso8601(ev.time_created, 0) == "1999-02-15T07:51:24Z");
  CHECK(ev.provider == "EventLog");
  CHECK(ev.level == 2);
  CHECK(ev.evt_type == 1);
  CHECK(ev.level_text == "Error");
  CHECK(ev.task_text == "None");
  CHECK(ev.event_id == 6008);
  CHECK(ev.computer == "SERVER1");
  CHECK(ev.user_sid.empty());
  CHECK(ev.message == "The previous system shutdown at 7:43:10 AM on 2/15/1999 was unexpected.");
  CHECK(ev.message_origin == MessageOrigin::kExport);
  CHECK(FormatIso8601(r.events[1].view().time_created, 0) == "1999-02-15T19:51:24Z");
  CHECK(r.events[1].view().level == 4);
  CHECK(r.events[1].view().where.line == 2);
  REQUIRE(r.diags.size() == 1);  // the local-time note
  CHECK(r.diags[0].severity == Severity::kNote);
  CHECK(r.diags[0].what.find("local") != std::string::npos);
}

TEST_CASE("text export: CSV with a header, quoted multi-line description and quotes") {
  TextResult r = ReadText(B(
      "Date,Time,Type,User,Computer,Source,Category,Event,Description\n"
      "3/14/2005,10:15:31 AM,Warning,NT AUTHORITY\\SYSTEM,NODE2,ClusSvc,(64),1069,"
      "\"Cluster resource 'Disk Q:' failed.\n\nFor more information, see \"\"Help\"\", then, retry.\"\n"
      "3/14/2005,10:16:00 AM,Information,N/A,NODE2,Service Control Manager,None,7036,"
      "The Alerter service entered the stopped state.\n"));
  REQUIRE(r.events.size() == 2);
  const Event& ev = r.events[0].view();
  CHECK(ev.where.line == 2);
  CHECK(ev.provider == "ClusSvc");
  CHECK(ev.event_id == 1069);
  CHECK(ev.level == 3);
  CHECK(ev.task == 64);
  CHECK(ev.task_text == "(64)");
  CHECK(ev.computer == "NODE2");
  CHECK(ev.message ==
        "Cluster resource 'Disk Q:' failed.\n\nFor more information, see \"Help\", then, retry.");
  CHECK(r.events[1].view().where.line == 5);
  CHECK(r.events[1].view().provider == "Service Control Manager");
  CHECK(Errors(r).empty());
}

TEST_CASE("text export: UTF-16LE with BOM") {
  std::vector<std::byte> bytes = {std::byte{0xFF}, std::byte{0xFE}};
  const auto body = testing::Utf16Le(
      "Date\tTime\tSource\tType\tCategory\tEvent\tUser\tComputer\tDescription\r\n"
      "1/2/2003\t23:59:58\tTcpip\tWarning\tNone\t4199\tN/A\tSERV\xC3\x89UR\tAddress conflict.\r\n",
      false);
  bytes.insert(bytes.end(), body.begin(), body.end());
  TextResult r = ReadText(bytes);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].view().computer == "SERV\xC3\x89UR");
  CHECK(r.events[0].view().event_id == 4199);
  CHECK(FormatIso8601(r.events[0].view().time_created, 0) == "2003-01-02T23:59:58Z");
}

TEST_CASE("text export: a malformed line is reported with its line number and skipped") {
  TextResult r = ReadText(B(
      "2/15/1999\t7:51:24 AM\tEventLog\tError\tNone\t6008\tN/A\tS1\tfirst\n"
      "2/15/1999\t7:51:24 AM\tEventLog\tError\tNone\tnot-a-number\tN/A\tS1\tbad id\n"
      "garbage line without fields\n"
      "2/15/1999\t25:00:00\tEventLog\tError\tNone\t6008\tN/A\tS1\tbad time\n"
      "2/16/1999\t7:51:24 AM\tEventLog\tError\tNone\t6008\tN/A\tS1\tlast\n"));
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[1].view().message == "last");
  CHECK(r.events[1].view().where.line == 5);
  auto errors = Errors(r);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0]->line == 2);
  CHECK(errors[0]->what.find("event id 'not-a-number'") != std::string::npos);
  CHECK(errors[1]->line == 3);
  CHECK(errors[2]->line == 4);
  CHECK(errors[2]->ToString().substr(0, 12) == "export.txt:4");
}

TEST_CASE("text export: a day above 12 makes the whole file D/M/Y; 12 AM is midnight") {
  TextResult r = ReadText(B(
      "03/04/1999\t12:05:00 AM\tEventLog\tInformation\tNone\t6005\tN/A\tS1\ta\n"
      "15/04/1999\t12:05:00 PM\tEventLog\tInformation\tNone\t6005\tN/A\tS1\tb\n"));
  REQUIRE(r.events.size() == 2);
  CHECK(FormatIso8601(r.events[0].view().time_created, 0) == "1999-04-03T00:05:00Z");
  CHECK(FormatIso8601(r.events[1].view().time_created, 0) == "1999-04-15T12:05:00Z");
  TextResult us = ReadText(B("03/04/99\t00:05\tEventLog\tInformation\tNone\t6005\tN/A\tS1\ta\n"));
  REQUIRE(us.events.size() == 1);
  CHECK(FormatIso8601(us.events[0].view().time_created, 0) == "1999-03-04T00:05:00Z");
}

TEST_CASE("text export: the type-first column order without a header") {
  TextResult r = ReadText(B("5/6/2002,8:00:00 AM,Error,N/A,NODE1,ClusSvc,None,1024,text\n"));
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].view().provider == "ClusSvc");
  CHECK(r.events[0].view().computer == "NODE1");
  CHECK(r.events[0].view().event_id == 1024);
}

TEST_CASE("text export: DetectFormat wants an export-like first line for .txt/.csv") {
  CHECK(DetectFormat(B("Date\tTime\tSource\tType\tCategory\tEvent\tUser\tComputer\tDescription\n"),
                     "x.txt") == InputFormat::kText);
  CHECK(DetectFormat(B("2/15/1999,7:51:24 AM,EventLog,Error,None,6008,N/A,S1,x\n"), "x.csv") ==
        InputFormat::kText);
  CHECK(DetectFormat(B("Dear admin, the cluster is down.\n"), "notes.txt") == InputFormat::kUnknown);
  CHECK(DetectFormat(B("Date\tTime\tSource\tType\tCategory\tEvent\n"), "x.log") == InputFormat::kUnknown);
  CHECK(DetectFormat(B("<Events>"), "x.xml") == InputFormat::kXml);
  std::vector<std::byte> evt = B(std::string("\x30\0\0\0LfLe", 8));
  CHECK(DetectFormat(evt, "x.txt") == InputFormat::kEvt);
}

TEST_CASE("text export + xml: a ClusSvc 1024 gives the same Event fields and message") {
  CollectingSink sink;
  auto mc = MessageCatalog::Load(std::string(LOGRX_SOURCE_DIR) + "/kb/messages", "", sink);
  REQUIRE(mc.ok());
  TextResult r = ReadText(
      B("5/6/2002\t8:00:00 AM\tClusSvc\tError\t(64)\t1024\tN/A\tNODE1\tThe registry checkpoint "
        "for cluster resource Microsoft Exchange Internet Mail Service could not be restored to "
        "registry key HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC. The "
        "resource may not function correctly. Make sure that no other processes have open handles "
        "to registry keys in this registry subtree.\n"),
      mc->get());
  REQUIRE(r.events.size() == 1);
  const Event& text_ev = r.events[0].view();

  const std::string xml =
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
      "<Provider Name='ClusSvc'/><EventID Qualifiers='49152'>1024</EventID><Level>2</Level>"
      "<Task>64</Task><TimeCreated SystemTime='2002-05-06T08:00:00.000Z'/>"
      "<Computer>NODE1</Computer></System><EventData>"
      "<Data>Microsoft Exchange Internet Mail Service</Data>"
      "<Data>SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC</Data></EventData></Event>";
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  XmlEventScratch scratch;
  Event xml_ev;
  REQUIRE(EventFromXml(doc.child("Event"), scratch, xml_ev).ok());
  std::string xml_msg;
  REQUIRE((*mc)->Render(xml_ev, xml_msg) == MessageOrigin::kTemplate);

  CHECK(text_ev.Source() == xml_ev.Source());
  CHECK(text_ev.event_id == xml_ev.event_id);
  CHECK(text_ev.level == xml_ev.level);
  CHECK(text_ev.task == xml_ev.task);
  CHECK(text_ev.computer == xml_ev.computer);
  CHECK(text_ev.time_created == xml_ev.time_created);
  REQUIRE(text_ev.data.size() == 2);
  CHECK(text_ev.data[0].value == xml_ev.data[0].value);
  CHECK(text_ev.data[1].value == xml_ev.data[1].value);
  CHECK(text_ev.message == xml_msg);
  CHECK(text_ev.message_origin == MessageOrigin::kExport);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
