// Message templates and rendering. Expected texts are written out by hand from
// ../shared/facts/events.tsv and FormatMessage's documented escape codes.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "readers/evt/evt_reader.h"
#include "messages/catalog.h"
#include "messages/format.h"
#include "pe/message_table.h"
#include "readers/xml/xml_event.h"
#include "support/evt_builder.h"

namespace logrx::messages {
namespace {

using pe::MessageTableEntry;
using pe::ParseMessageTable;
using readers::EventFromXml;
using readers::NewEvtReaderFromBytes;
using readers::ReaderOptions;
using readers::XmlEventScratch;

const std::string kTemplates = std::string(LOGRX_SOURCE_DIR) + "/kb/messages";

std::string Fmt(std::string_view t, std::vector<std::string> inserts, RenderStats* stats = nullptr,
                const ParameterTable* params = nullptr) {
  std::vector<Field> f;
  for (const auto& s : inserts) f.push_back(Field{{}, s});
  std::string out;
  RenderStats st;
  FormatEventMessage(t, f, params, out, st);
  if (stats != nullptr) *stats = st;
  return out;
}

std::shared_ptr<const MessageCatalog> Shipped() {
  CollectingSink sink;
  auto mc = MessageCatalog::Load(kTemplates, "", sink);
  REQUIRE_MESSAGE(mc.ok(), mc.status().ToString());
  return *mc;
}

OwnedEvent ClusSvc1024() {
  OwnedEvent ev;
  ev.set_provider("ClusSvc");
  ev.mutable_header().event_id = 1024;
  ev.mutable_header().qualifiers = 0xC000;
  ev.mutable_header().has_qualifiers = true;
  ev.AddField("", "Microsoft Exchange Internet Mail Service");
  ev.AddField("", "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC");
  return ev;
}

const char* kRendered1024 =
    "The registry checkpoint for cluster resource Microsoft Exchange Internet Mail Service could "
    "not be restored to registry key "
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC. The resource may not "
    "function correctly. Make sure that no other processes have open handles to registry keys in "
    "this registry subtree.";

// The message `mc` renders for an event of `provider` with `id`, or "(none)".
std::string RenderOrNone(const MessageCatalog& mc, std::string_view provider, uint16_t id) {
  OwnedEvent ev;
  ev.set_provider(std::string(provider));
  ev.mutable_header().event_id = id;
  std::string out;
  return mc.Render(ev.view(), out) == MessageOrigin::kNone ? std::string("(none)") : out;
}

TEST_SUITE("messages") {

TEST_CASE("message format: inserts, escape codes and %0") {
  CHECK(Fmt("Cluster resource '%1' failed.", {"Cluster IP Address"}) ==
        "Cluster resource 'Cluster IP Address' failed.");
  CHECK(Fmt("%2 before %1", {"a", "b"}) == "b before a");
  CHECK(Fmt("a%nb%tc%%d% e%.f%!", {}) == "a\nb\tc%d e.f!");
  CHECK(Fmt("line one\r\nline two\r\n", {}) == "line one\nline two");
  CHECK(Fmt("stop here%0 not this", {}) == "stop here");
  CHECK(Fmt("value %1!d! ok", {"12"}) == "value 12 ok");
  CHECK(Fmt("%11 and %1", {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}) == "k and a");
  CHECK(Fmt("odd %q code", {}) == "odd %q code");
  CHECK(Fmt("ends with %", {}) == "ends with %");
  // Literal runs end at each code and at each CR (a lone CR is kept, CR LF becomes LF).
  CHECK(Fmt("a\rb\r\nc%1d\r", {"<1>"}) == "a\rb\nc<1>d");
  CHECK(Fmt("\r\n%1\r\r\n%%", {"x"}) == "\nx\r\n%");
  CHECK(Fmt("no codes at all", {}) == "no codes at all");
}

TEST_CASE("message format: a missing insertion string stays visible and is counted") {
  RenderStats st;
  CHECK(Fmt("Cluster node %1 failed over network '%2'. The error code was %3.", {"N1", "Public"},
            &st) == "Cluster node N1 failed over network 'Public'. The error code was %3.");
  CHECK(st.missing_inserts == 1);
  CHECK(st.unresolved_params == 0);
}

TEST_CASE("message format: %%NNNN in an insert is resolved from the parameter table or left visible") {
  ParameterTable params{{1793, "Enabled"}};
  RenderStats st;
  CHECK(Fmt("State: %1; other: %2", {"%%1793", "%%1234"}, &st, &params) ==
        "State: Enabled; other: %%1234");
  CHECK(st.unresolved_params == 1);
  RenderStats none;
  CHECK(Fmt("%1", {"%%1793"}, &none, nullptr) == "%%1793");
  CHECK(none.unresolved_params == 1);
  CHECK(Fmt("%1", {"100%% sure"}) == "100%% sure");
}

TEST_CASE("message format: a template read once renders each event's own inserts") {
  // The catalog reads each template once and renders it for many events: nothing of one
  // event's inserts, count or text may show in the next one's message.
  const CompiledMessage m("Node %2 left '%1'.%r%n%3!s! done %q%% \r\n");
  auto render = [&m](std::vector<std::string> inserts, RenderStats& st) {
    std::vector<Field> f;
    for (const auto& s : inserts) f.push_back(Field{{}, s});
    std::string out = "[";
    m.AppendTo(f, nullptr, out, st);
    return out;
  };
  RenderStats a, b, c;
  CHECK(render({"c1", "n1", "x"}, a) == "[Node n1 left 'c1'.\r\nx done %q%");
  CHECK(render({"c2"}, b) == "[Node %2 left 'c2'.\r\n%3!s! done %q%");
  CHECK(render({"c3", "n3", "y \n"}, c) == "[Node n3 left 'c3'.\r\ny \n done %q%");
  CHECK(a.missing_inserts == 0);
  CHECK(b.missing_inserts == 2);
  CHECK(c.missing_inserts == 0);
  // A message that is all blanks trims to nothing, and never into what `out` held before.
  RenderStats d;
  CHECK(render({" \n\t"}, d) == "[Node %2 left ' \n\t'.\r\n%3!s! done %q%");
  std::string kept = "kept ";
  CompiledMessage("%1%n").AppendTo(std::vector<Field>{Field{{}, "\n "}}, nullptr, kept, d);
  CHECK(kept == "kept ");
}

TEST_CASE("message catalog: ClusSvc 1024 renders the KB 316772 text with its inserts") {
  auto mc = Shipped();
  OwnedEvent ev = ClusSvc1024();
  std::string out;
  RenderStats st;
  CHECK(mc->Render(ev.view(), out, st) == MessageOrigin::kTemplate);
  CHECK(out == kRendered1024);
  CHECK(st.missing_inserts == 0);
}

TEST_CASE("message catalog: sources match case-insensitively and by alias") {
  auto mc = Shipped();
  CHECK(mc->FindTemplate("clussvc", 1024) != nullptr);
  CHECK(mc->FindTemplate("CLUSSVC", 1069) != nullptr);
  CHECK(mc->FindTemplate("service control manager", 7036) != nullptr);
  CHECK(mc->FindTemplate("Microsoft-Windows-FailoverClustering", 1146) != nullptr);
  CHECK(mc->FindTemplate("ClusSvc", 1146) == nullptr);  // NT4 ClusSvc has no 1146
  CHECK(mc->FindTemplate("Autochk", 1024) == nullptr);   // same id, other source
  OwnedEvent ev;
  ev.set_provider("Microsoft-Windows-FailoverClustering");
  ev.set_event_source("FailoverClustering");
  ev.mutable_header().event_id = 1069;
  ev.AddField("ResourceName", "Cluster IP Address");
  ev.AddField("ResourceGroup", "Cluster Group");
  std::string out;
  CHECK(mc->Render(ev.view(), out) == MessageOrigin::kTemplate);
  CHECK(out == "Cluster resource 'Cluster IP Address' in clustered role 'Cluster Group' failed.");
  OwnedEvent scm;
  scm.set_provider("Service Control Manager");
  scm.mutable_header().event_id = 7036;
  scm.AddField("param1", "Windows Event Log");
  scm.AddField("param2", "running");
  out.clear();
  CHECK(mc->Render(scm.view(), out) == MessageOrigin::kTemplate);
  CHECK(out == "The Windows Event Log service entered the running state.");
}

TEST_CASE("message catalog: unknown source or id renders nothing and leaves out alone") {
  auto mc = Shipped();
  OwnedEvent ev;
  ev.set_provider("NoSuchSource");
  ev.mutable_header().event_id = 1;
  std::string out = "keep";
  CHECK(mc->Render(ev.view(), out) == MessageOrigin::kNone);
  CHECK(out == "keep");
  // A catalog without a single message, and the highest event id.
  auto empty = MessageCatalog::FromXml("<messages/>", "empty.xml");
  REQUIRE(empty.ok());
  ev.set_provider("Service Control Manager");
  for (const uint16_t id : {uint16_t{7036}, uint16_t{65535}}) {
    ev.mutable_header().event_id = id;
    CHECK((*empty)->Render(ev.view(), out) == MessageOrigin::kNone);
    CHECK(mc->Render(ev.view(), out) == (id == 7036 ? MessageOrigin::kTemplate : MessageOrigin::kNone));
  }
  CHECK(out.rfind("keep", 0) == 0);
}

TEST_CASE("message catalog: bad template files are rejected with file:line") {
  auto dup = MessageCatalog::FromXml(
      "<messages>\n<source name='A'>\n<message id='1'>x</message>\n<message id='1'>y</message>\n"
      "</source>\n</messages>\n",
      "dup.xml");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.status().message() == "dup.xml:4: message 1 of A is defined twice");
  auto bad_id = MessageCatalog::FromXml("<messages><source name='A'>\n\n<message id='70000'>x</message></source></messages>", "id.xml");
  REQUIRE_FALSE(bad_id.ok());
  CHECK(bad_id.status().message().substr(0, 9) == "id.xml:3:");
  auto unknown = MessageCatalog::FromXml("<messages>\n<sauce name='A'/></messages>", "u.xml");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message().substr(0, 8) == "u.xml:2:");
  auto broken = MessageCatalog::FromXml("<messages>\n<source name='A'>\n", "b.xml");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().find("b.xml:") == 0);
  auto alias = MessageCatalog::FromXml(
      "<messages><source name='A' aliases='X'/>\n<source name='B' aliases='x'/></messages>", "a.xml");
  REQUIRE_FALSE(alias.ok());
  CHECK(alias.status().message().substr(0, 8) == "a.xml:2:");
}

TEST_CASE("message catalog: a server message wins over the shipped template") {
  CollectingSink sink;
  auto loaded = MessageCatalog::Load(kTemplates, "", sink);
  REQUIRE(loaded.ok());
  MessageCatalog mc(**loaded);  // a mutable copy for the test
  const MessageTableEntry entries[] = {{0xC0000400u, "Server text for %1 and %2.\r\n"}};
  mc.AddServerMessages("ClusSvc", entries);
  OwnedEvent ev = ClusSvc1024();
  std::string out;
  CHECK(mc.Render(ev.view(), out) == MessageOrigin::kServer);
  CHECK(out ==
        "Server text for Microsoft Exchange Internet Mail Service and "
        "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC.");
  // Without qualifiers (an EVTX/XML event) the low 16 bits still find it.
  ev.mutable_header().has_qualifiers = false;
  out.clear();
  CHECK(mc.Render(ev.view(), out) == MessageOrigin::kServer);
}

TEST_CASE("message catalog: an event id is found for its own source only, shared or not") {
  // Id 1 belongs to A alone (names compared), id 2 to A and B (names hashed); id 3 to
  // nobody. An event of the wrong source, or of an unknown one, gets no message either way.
  auto loaded = MessageCatalog::FromXml(
      "<messages><source name='A' aliases='Alpha'><message id='1'>A one</message>"
      "<message id='2'>A two</message></source>"
      "<source name='B'><message id='2'>B two</message></source></messages>",
      "ids.xml");
  REQUIRE(loaded.ok());
  const MessageCatalog& mc = **loaded;
  CHECK(RenderOrNone(mc, "A", 1) == "A one");
  CHECK(RenderOrNone(mc, "alpha", 1) == "A one");
  CHECK(RenderOrNone(mc, "ALPHA", 2) == "A two");
  CHECK(RenderOrNone(mc, "b", 2) == "B two");
  CHECK(RenderOrNone(mc, "B", 1) == "(none)");
  CHECK(RenderOrNone(mc, "C", 1) == "(none)");
  CHECK(RenderOrNone(mc, "C", 2) == "(none)");
  CHECK(RenderOrNone(mc, "A", 3) == "(none)");
  CHECK(RenderOrNone(mc, "Alph", 1) == "(none)");

  // A server message makes id 1 shared: both sources then find theirs.
  MessageCatalog grown(mc);
  const MessageTableEntry entries[] = {{0x40000001u, "C server one"}};
  grown.AddServerMessages("C", entries);
  OwnedEvent c1;
  c1.set_provider("c");
  c1.mutable_header().event_id = 1;
  std::string out;
  CHECK(grown.Render(c1.view(), out) == MessageOrigin::kServer);
  CHECK(out == "C server one");
  c1.set_provider("Alpha");
  out.clear();
  CHECK(grown.Render(c1.view(), out) == MessageOrigin::kTemplate);
  CHECK(out == "A one");
}

TEST_CASE("message catalog: ids that share a low byte are told apart (0x0401, 0x0101, 65535)") {
  // The id table is kept by high byte, then low byte: ids 1025 (0x401) and 257 (0x101)
  // share their low byte and 1024 (0x400) its high byte with 1025; none may answer for another.
  auto loaded = MessageCatalog::FromXml(
      "<messages><source name='A'><message id='1025'>A 1025</message>"
      "<message id='65535'>A max</message></source>"
      "<source name='B'><message id='257'>B 257</message>"
      "<message id='0x400'>B 1024</message></source></messages>",
      "blocks.xml");
  REQUIRE(loaded.ok());
  const MessageCatalog& mc = **loaded;
  CHECK(RenderOrNone(mc, "A", 1025) == "A 1025");
  CHECK(RenderOrNone(mc, "B", 257) == "B 257");
  CHECK(RenderOrNone(mc, "B", 1024) == "B 1024");
  CHECK(RenderOrNone(mc, "A", 65535) == "A max");
  CHECK(RenderOrNone(mc, "A", 257) == "(none)");
  CHECK(RenderOrNone(mc, "B", 1025) == "(none)");
  CHECK(RenderOrNone(mc, "A", 1024) == "(none)");
  CHECK(RenderOrNone(mc, "A", 1) == "(none)");     // low byte of 257 and 1025, high byte 0: no block
  CHECK(RenderOrNone(mc, "A", 0x04FF) == "(none)");  // in 1025's block, no entry
}

TEST_CASE("message catalog: a source found once on a thread is not taken for another catalog's") {
  // Each catalog numbers its sources in the order it meets them: "X" is source 1 in the
  // first and source 0 in the second. Renders alternate between them on one thread, and the
  // second is changed after a name was missed, so an answer remembered for the wrong
  // catalog, or for a catalog before it changed, gives a wrong or no message.
  auto first = MessageCatalog::FromXml(
      "<messages><source name='Y'><message id='1'>Y one</message></source>"
      "<source name='X'><message id='1'>first X %1</message></source></messages>",
      "first.xml");
  auto second = MessageCatalog::FromXml(
      "<messages><source name='X'><message id='1'>second X %1</message></source></messages>",
      "second.xml");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  OwnedEvent x;
  x.set_provider("X");
  x.mutable_header().event_id = 1;
  x.AddField("", "v");
  for (int round = 0; round < 3; ++round) {
    std::string a, b;
    CHECK((*first)->Render(x.view(), a) == MessageOrigin::kTemplate);
    CHECK((*second)->Render(x.view(), b) == MessageOrigin::kTemplate);
    CHECK(a == "first X v");
    CHECK(b == "second X v");
  }
  // Asked in another case, the same source.
  OwnedEvent lower = x;
  lower.set_provider("x");
  std::string l;
  CHECK((*first)->Render(lower.view(), l) == MessageOrigin::kTemplate);
  CHECK(l == "first X v");

  MessageCatalog grown(**second);
  OwnedEvent z;
  z.set_provider("Z");
  z.mutable_header().event_id = 5;
  std::string out;
  CHECK(grown.Render(z.view(), out) == MessageOrigin::kNone);  // no source Z yet
  const MessageTableEntry entries[] = {{5, "Z five"}};
  grown.AddServerMessages("Z", entries);
  CHECK(grown.Render(z.view(), out) == MessageOrigin::kServer);
  CHECK(out == "Z five");

  // A name longer than what is remembered is still found, every time.
  const std::string long_name(300, 'L');
  MessageCatalog big(**second);
  big.AddServerMessages(long_name, entries);
  OwnedEvent l5;
  l5.set_provider(long_name);
  l5.mutable_header().event_id = 5;
  for (int round = 0; round < 2; ++round) {
    std::string t;
    CHECK(big.Render(l5.view(), t) == MessageOrigin::kServer);
    CHECK(t == "Z five");
  }
}

std::vector<std::byte> Bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int x : v) out.push_back(std::byte(static_cast<uint8_t>(x)));
  return out;
}

TEST_CASE("message table: blocks, Unicode and ANSI entries") {
  // 2 blocks: ids 0x10..0x11 at 28, id 0xC0000400 at 48.
  std::vector<std::byte> t = Bytes({2, 0, 0, 0,  0x10, 0, 0, 0,  0x11, 0, 0, 0,  28, 0, 0, 0,
                                    0x00, 0x04, 0, 0xC0,  0x00, 0x04, 0, 0xC0,  48, 0, 0, 0});
  auto add = [&](std::initializer_list<int> v) { for (int x : v) t.push_back(std::byte(static_cast<uint8_t>(x))); };
  add({8, 0, 0, 0, 'H', 'i', 0, 0});                 // 0x10 ANSI "Hi"
  add({12, 0, 0, 0, 'A', 0xE9, '%', '1', 0, 0, 0, 0});  // 0x11 ANSI "Aé%1" (cp1252 0xE9)
  add({12, 0, 1, 0, 'O', 0, 'K', 0, 0x0D, 0, 0x0A, 0});  // 0xC0000400 Unicode "OK\r\n"
  REQUIRE(t.size() == 60);
  auto r = ParseMessageTable(t, "x.dll");
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  REQUIRE(r->size() == 3);
  CHECK((*r)[0].id == 0x10);
  CHECK((*r)[0].text == "Hi");
  CHECK((*r)[1].text == "A\xC3\xA9%1");
  CHECK((*r)[2].id == 0xC0000400u);
  CHECK((*r)[2].text == "OK\r\n");
}

TEST_CASE("message table: hostile counts, offsets and lengths are errors, not reads") {
  CHECK_FALSE(ParseMessageTable(Bytes({1, 0}), "x.dll").ok());
  CHECK_FALSE(ParseMessageTable(Bytes({0xff, 0xff, 0xff, 0xff}), "x.dll").ok());
  auto past = ParseMessageTable(Bytes({1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0xf0, 0, 0, 0}), "x.dll");
  REQUIRE_FALSE(past.ok());
  CHECK(past.status().message().find("block 0") != std::string::npos);
  auto zero_len = ParseMessageTable(
      Bytes({1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0}), "x.dll");
  REQUIRE_FALSE(zero_len.ok());
  CHECK(zero_len.status().message().find("entry length 0") != std::string::npos);
  auto range = ParseMessageTable(
      Bytes({1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 16, 0, 0, 0}), "x.dll");
  CHECK_FALSE(range.ok());
}

TEST_CASE("evt + xml: a ClusSvc 1024 gives the same Event fields and message in both formats") {
  auto mc = Shipped();
  testing::EvtRecordSpec r;
  r.number = 42;
  r.generated = r.written = 1000000000;
  r.identifier = 0xC0000400;
  r.type = 1;
  r.category = 64;
  r.source = "ClusSvc";
  r.computer = "NODE1";
  r.strings = {"Microsoft Exchange Internet Mail Service",
               "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC"};
  CollectingSink sink;
  ReaderOptions opts;
  opts.display_path = "SysEvent.Evt";
  opts.messages = mc.get();
  auto reader = NewEvtReaderFromBytes(testing::BuildLinearEvt({r}, 0x400).file, opts, sink);
  REQUIRE(reader.ok());
  Event evt_ev;
  REQUIRE((*reader)->Next(evt_ev).ok());

  std::string xml =
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
      "<Provider Name='ClusSvc'/><EventID Qualifiers='49152'>1024</EventID><Level>2</Level>"
      "<Task>64</Task><TimeCreated SystemTime='2001-09-09T01:46:40.000Z'/>"
      "<EventRecordID>42</EventRecordID><Channel>System</Channel><Computer>NODE1</Computer>"
      "</System><EventData><Data>Microsoft Exchange Internet Mail Service</Data>"
      "<Data>SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC</Data></EventData></Event>";
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  XmlEventScratch scratch;
  Event xml_ev;
  REQUIRE(EventFromXml(doc.child("Event"), scratch, xml_ev).ok());
  std::string xml_msg;
  REQUIRE(mc->Render(xml_ev, xml_msg) == MessageOrigin::kTemplate);

  CHECK(evt_ev.Source() == xml_ev.Source());
  CHECK(evt_ev.event_id == xml_ev.event_id);
  CHECK(evt_ev.qualifiers == xml_ev.qualifiers);
  CHECK(evt_ev.level == xml_ev.level);
  CHECK(evt_ev.task == xml_ev.task);
  CHECK(evt_ev.record_id == xml_ev.record_id);
  CHECK(evt_ev.time_created == xml_ev.time_created);
  CHECK(evt_ev.channel == xml_ev.channel);
  CHECK(evt_ev.computer == xml_ev.computer);
  REQUIRE(evt_ev.data.size() == xml_ev.data.size());
  for (size_t i = 0; i < evt_ev.data.size(); ++i) {
    CHECK(evt_ev.data[i].name == xml_ev.data[i].name);
    CHECK(evt_ev.data[i].value == xml_ev.data[i].value);
  }
  CHECK(evt_ev.message_origin == MessageOrigin::kTemplate);
  CHECK(evt_ev.message == xml_msg);
  CHECK(evt_ev.message == kRendered1024);
}

}  // TEST_SUITE("messages")

TEST_SUITE("corpus") {

// ../shared/facts/events.tsv is the independent source of the ClusSvc/EventLog texts.
TEST_CASE("message catalog: every ClusSvc, ClusDisk and FailoverClustering text in events.tsv is shipped verbatim") {
  std::ifstream in(std::string(LOGRX_SHARED_DIR) + "/facts/events.tsv");
  REQUIRE(in.good());
  auto mc = Shipped();
  std::string line;
  std::getline(in, line);  // header
  size_t checked = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() < 6) continue;
    const std::string& source = cols[0];
    if (source != "ClusSvc" && source != "ClusDisk" && source != "FailoverClustering" &&
        !(source == "EventLog" && cols[1] != "6009")) {
      continue;
    }
    const std::string* t = mc->FindTemplate(source, static_cast<uint16_t>(std::stoi(cols[1])));
    REQUIRE_MESSAGE(t != nullptr, source << " " << cols[1]);
    CHECK_MESSAGE(*t == cols[5], source << " " << cols[1]);
    ++checked;
  }
  CHECK(checked == 19 + 11 + 3);  // 18 ClusSvc + ClusDisk 1034, 11 FailoverClustering, 6005/6006/6008
}

}  // TEST_SUITE("corpus")
}  // namespace
}  // namespace logrx::messages
