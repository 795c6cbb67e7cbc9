// Messages from a system root: PE images built by tests/support/pe_builder (an
// independent writer of RT_MESSAGETABLE resources) in a temporary folder laid out like a
// mounted NT 4.0 root, with Windows' mixed-case names.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "messages/catalog.h"
#include "pe/message_table.h"
#include "support/evt_builder.h"
#include "support/pe_builder.h"

namespace logrx::messages {
namespace {

namespace fs = std::filesystem;

struct TempRoot {
  fs::path dir;
  TempRoot() {
    dir = fs::temp_directory_path() / ("logrx_msgroot_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "WINNT" / "System32");
    fs::create_directories(dir / "Cluster");
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

TEST_SUITE("messages") {

TEST_CASE("message table: parses what an independent builder writes (Unicode and ANSI)") {
  for (bool unicode : {true, false}) {
    auto bytes = testing::BuildMessageTableResource(
        {{0x40001B7Cu, "The %1 service entered the %2 state.\r\n"},
         {0x40001B7Du, "next\r\n"},
         {0xC0000400u, "checkpoint %1 %2\r\n"}},
        unicode);
    auto t = pe::ParseMessageTable(bytes, "netevent.dll");
    REQUIRE_MESSAGE(t.ok(), t.status().ToString());
    REQUIRE(t->size() == 3);
    CHECK((*t)[0].id == 0x40001B7Cu);
    CHECK((*t)[0].text == "The %1 service entered the %2 state.\r\n");
    CHECK((*t)[1].id == 0x40001B7Du);
    CHECK((*t)[2].id == 0xC0000400u);
    CHECK((*t)[2].text == "checkpoint %1 %2\r\n");
  }
}

TEST_CASE("message catalog: --root reads netevent.dll and clussvc.exe, US English first") {
  TempRoot root;
  auto netevent = testing::PeBuilder()
                      .AddMessageTable({{0x40001B7Cu, "Der Dienst %1 ist jetzt %2.\r\n"}}, 0x407)
                      .AddMessageTable({{0x40001B7Cu, "Server: the %1 service is now %2.\r\n"}}, 0x409)
                      .Build();
  testing::WriteBytes((root.dir / "WINNT" / "System32" / "NetEvent.DLL").string(), netevent);
  auto clussvc = testing::PeBuilder()
                     .AddMessageTable({{0xC0000400u, "Server checkpoint text for %1 at %2.\r\n"}})
                     .Build();
  testing::WriteBytes((root.dir / "Cluster" / "CLUSSVC.EXE").string(), clussvc);
  // A broken message file is a warning; the templates stay.
  testing::WriteBytes((root.dir / "WINNT" / "System32" / "netmsg.dll").string(),
                      testing::TruncateAt(netevent, 100));

  CollectingSink sink;
  auto mc = MessageCatalog::Load(std::string(LOGRX_SOURCE_DIR) + "/kb/messages", root.dir.string(), sink);
  REQUIRE(mc.ok());
  // netevent.dll serves 5 sources of the built-in map (docs/messages.md), clussvc.exe 1.
  CHECK((*mc)->server_message_count() == 6);
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].severity == Severity::kWarning);
  CHECK(sink.items()[0].file.find("netmsg.dll") != std::string::npos);

  OwnedEvent scm;
  scm.set_provider("Service Control Manager");
  scm.mutable_header().event_id = 7036;
  scm.mutable_header().qualifiers = 0x4000;
  scm.mutable_header().has_qualifiers = true;
  scm.AddField("", "Alerter");
  scm.AddField("", "stopped");
  std::string out;
  CHECK((*mc)->Render(scm.view(), out) == MessageOrigin::kServer);
  CHECK(out == "Server: the Alerter service is now stopped.");
  // EventLog shares netevent.dll: same file, its own source entry.
  CHECK((*mc)->FindServerMessage("eventlog", 0x40001B7Cu) != nullptr);

  OwnedEvent clus;
  clus.set_provider("ClusSvc");
  clus.mutable_header().event_id = 1024;
  clus.AddField("", "R");
  clus.AddField("", "SYSTEM\\X");
  out.clear();
  CHECK((*mc)->Render(clus.view(), out) == MessageOrigin::kServer);
  CHECK(out == "Server checkpoint text for R at SYSTEM\\X.");
  // A source the root has no file for still gets the shipped template.
  OwnedEvent fc;
  fc.set_provider("FailoverClustering");
  fc.mutable_header().event_id = 1069;
  fc.AddField("", "A");
  fc.AddField("", "B");
  out.clear();
  CHECK((*mc)->Render(fc.view(), out) == MessageOrigin::kTemplate);
}

TEST_CASE("message catalog: a missing system root is a warning, not a failure") {
  CollectingSink sink;
  auto mc = MessageCatalog::Load("", "/nonexistent/logrx/root", sink);
  REQUIRE(mc.ok());
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].what.find("not a directory") != std::string::npos);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::messages
