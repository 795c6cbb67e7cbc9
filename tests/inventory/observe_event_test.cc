#include <doctest/doctest.h>

#include <string>

#include "core/time.h"
#include "inventory/inventory.h"
#include "inventory/os_banner.h"

namespace logrx::inventory {
namespace {

OwnedEvent MakeEvent(uint16_t id, std::string source, std::string message, uint64_t record = 1,
                     int64_t time = kNoTime) {
  OwnedEvent ev;
  ev.set_provider(std::move(source));
  ev.set_computer("EXCLUS1");
  if (!message.empty()) ev.set_message(std::move(message), MessageOrigin::kExport);
  ev.mutable_header().event_id = id;
  ev.mutable_header().record_id = record;
  ev.mutable_header().time_created = time;
  ev.mutable_header().where.file_id = 3;
  return ev;
}

TEST_SUITE("inventory") {

TEST_CASE("6009 banner: NT4 SP4 example with (R) twice and a trailing period") {
  OsFacts os;
  REQUIRE(ParseOsBanner("Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 4 Uniprocessor Free.",
                        os));
  CHECK(os.known);
  CHECK(os.product == "Windows NT");
  CHECK(os.version == "4.0");
  CHECK(os.build == "1381");
  CHECK(os.csd == "Service Pack 4");
  CHECK(os.sp == 4);
  CHECK_FALSE(os.sp6a);
  CHECK(os.kernel == "Uniprocessor Free");
  CHECK_FALSE(os.multiprocessor);
  CHECK_FALSE(os.checked_build);
}

TEST_CASE("6009 banner: KB 196452 form, one (R), lower-case free, no period") {
  OsFacts os;
  REQUIRE(ParseOsBanner("Microsoft (R) Windows NT 4.0 1381 Service Pack 6 Multiprocessor free", os));
  CHECK(os.product == "Windows NT");
  CHECK(os.version == "4.0");
  CHECK(os.build == "1381");
  CHECK(os.sp == 6);
  CHECK_FALSE(os.sp6a);  // SP6 and SP6a look alike in 6009
  CHECK(os.multiprocessor);
  CHECK(os.kernel == "Multiprocessor Free");
}

TEST_CASE("6009 banner: Windows 2000 sample without a service pack") {
  OsFacts os;
  REQUIRE(ParseOsBanner("Microsoft (R) Windows 2000 (R) 5.0 2202 Multiprocessor Free.", os));
  CHECK(os.product == "Windows 2000");
  CHECK(os.version == "5.0");
  CHECK(os.build == "2202");
  CHECK(os.csd.empty());
  CHECK(os.sp == 0);
  CHECK(os.multiprocessor);
}

TEST_CASE("6009 banner: the brief's SP6 example, wrapped over lines") {
  OsFacts os;
  REQUIRE(ParseOsBanner("Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6\r\n"
                        "Uniprocessor Free.", os));
  CHECK(os.version == "4.0");
  CHECK(os.csd == "Service Pack 6");
  CHECK(os.sp == 6);
  CHECK(os.kernel == "Uniprocessor Free");
}

TEST_CASE("6009 banner: modern text and a checked kernel") {
  OsFacts os;
  REQUIRE(ParseOsBanner("Microsoft (R) Windows (R) 10.00. 15063  Multiprocessor Free.", os));
  CHECK(os.version == "10.0");
  CHECK(os.build == "15063");
  CHECK(os.product == "Windows 10 / Server 2016+");
  CHECK(os.sp == 0);
  OsFacts c;
  REQUIRE(ParseOsBanner("Microsoft (R) Windows NT (R) 4.0 1381 Uniprocessor Checked.", c));
  CHECK(c.checked_build);
  CHECK(c.kernel == "Uniprocessor Checked");
  OsFacts bad;
  CHECK_FALSE(ParseOsBanner("The Event log service was started.", bad));
  CHECK_FALSE(bad.known);
}

TEST_CASE("6009 insertion strings: modern and NT4 forms") {
  OwnedEvent modern;
  for (const char* v : {"10.00.", "15063", "", "Multiprocessor Free", "0"}) modern.AddField("", v);
  OsFacts os;
  REQUIRE(ParseOsInsertionStrings(modern.view().data, os));
  CHECK(os.version == "10.0");
  CHECK(os.build == "15063");
  CHECK(os.csd.empty());
  CHECK(os.sp == 0);
  CHECK(os.multiprocessor);
  OwnedEvent nt4;
  for (const char* v : {"4.0", "1381", "Service Pack 6", "Uniprocessor Free"}) nt4.AddField("", v);
  OsFacts os4;
  REQUIRE(ParseOsInsertionStrings(nt4.view().data, os4));
  CHECK(os4.product == "Windows NT");
  CHECK(os4.sp == 6);
  CHECK_FALSE(os4.multiprocessor);
}

TEST_CASE("observe: 6009 from message, with source and record id; later boot wins") {
  HostFacts f;
  const int64_t t1 = FiletimeFromUnixSeconds(954000000);
  const int64_t t2 = FiletimeFromUnixSeconds(990000000);
  OwnedEvent sp6 = MakeEvent(6009, "EventLog",
                             "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6 Uniprocessor Free.",
                             88, t2);
  OwnedEvent sp5 = MakeEvent(6009, "EventLog",
                             "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 5 Uniprocessor Free.",
                             12, t1);
  ObserveEvent(sp6.view(), f);
  ObserveEvent(sp5.view(), f);  // older boot read later (second file): must not win
  CHECK(f.os.sp == 6);
  CHECK(f.os.from.record_id == 88u);
  CHECK(f.os.from.file_id == 3u);
  CHECK(f.os.from.detail == "EventLog 6009");
  CHECK(f.boots.version_reports == 2u);
  CHECK(f.boots.last_boot == t2);
  CHECK(f.host == "EXCLUS1");
}

TEST_CASE("observe: 6009 without a message reads the insertion strings") {
  HostFacts f;
  OwnedEvent ev = MakeEvent(6009, "EventLog", "");
  for (const char* v : {"4.0", "1381", "Service Pack 4", "Multiprocessor Free"}) ev.AddField("", v);
  ObserveEvent(ev.view(), f);
  CHECK(f.os.known);
  CHECK(f.os.sp == 4);
  CHECK(f.os.multiprocessor);
}

TEST_CASE("observe: boots, clean and unexpected shutdowns, TSE 6008; other sources ignored") {
  HostFacts f;
  ObserveEvent(MakeEvent(6005, "EventLog", "The Event log service was started.").view(), f);
  ObserveEvent(MakeEvent(6005, "Event Log", "The Event log service was started.").view(), f);
  ObserveEvent(MakeEvent(6006, "EventLog", "The Event log service was stopped.").view(), f);
  ObserveEvent(MakeEvent(6008, "EventLog",
                         "The previous system shutdown at 07:51 on 15/02/99 was unexpected.", 5,
                         FiletimeFromUnixSeconds(919065060)).view(), f);
  ObserveEvent(MakeEvent(6008, "EventLog", "The last system shutdown was unexpected.").view(), f);
  ObserveEvent(MakeEvent(6005, "Srv", "not a boot").view(), f);
  ObserveEvent(MakeEvent(1024, "ClusSvc", "checkpoint").view(), f);
  CHECK(f.boots.boots == 2u);
  CHECK(f.boots.clean_shutdowns == 1u);
  CHECK(f.boots.unexpected_shutdowns == 2u);
  CHECK(f.boots.last_unexpected == FiletimeFromUnixSeconds(919065060));
  CHECK_FALSE(f.os.known);
}

TEST_CASE("observe: WindowsUpdateClient 19 and NtServicePack 4377 become hotfix facts") {
  HostFacts f;
  OwnedEvent wu = MakeEvent(19, "Microsoft-Windows-WindowsUpdateClient",
                            "Installation Successful: Windows successfully installed the following "
                            "update: 2019-05 Cumulative Update for Windows Server 2016 for x64-based "
                            "Systems (KB4494440)", 4242, FiletimeFromUnixSeconds(1557878400));
  wu.AddField("updateTitle",
              "2019-05 Cumulative Update for Windows Server 2016 for x64-based Systems (KB4494440)");
  ObserveEvent(wu.view(), f);
  ObserveEvent(MakeEvent(4377, "NtServicePack", "Windows Server 2003 Hotfix KB823980 was installed.",
                         77).view(), f);
  ObserveEvent(MakeEvent(19, "SomethingElse", "KB1234567").view(), f);
  REQUIRE(f.hotfixes.size() == 2);
  CHECK(f.hotfixes[0].id == "Q4494440");
  CHECK(f.hotfixes[0].installed_on == "2019-05-15");
  CHECK(f.hotfixes[0].from.record_id == 4242u);
  CHECK(f.hotfixes[0].from.detail == "Microsoft-Windows-WindowsUpdateClient 19");
  CHECK(f.hotfixes[0].description ==
        "2019-05 Cumulative Update for Windows Server 2016 for x64-based Systems (KB4494440)");
  CHECK(f.hotfixes[1].id == "Q823980");
  CHECK(f.FindHotfix("KB823980") != nullptr);
  CHECK_FALSE(f.has_hotfix_inventory);  // a log is not a complete list
}

TEST_CASE("observe: MayObserve is false only for events ObserveEvent takes nothing from") {
  // Every event id, from each source ObserveEvent reads, with text that would give a boot,
  // an OS banner and a hotfix: where MayObserve says false the facts must stay as they were
  // (the scanner drops such events before their turn, fleet/scanner.cc).
  const char* sources[] = {"EventLog", "Microsoft-Windows-WindowsUpdateClient", "NtServicePack"};
  const std::string text =
      "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6 Uniprocessor Free. Hotfix KB823980";
  int may = 0, changed = 0;
  for (uint32_t id = 0; id <= 0xFFFF; ++id) {
    for (const char* source : sources) {
      OwnedEvent ev = MakeEvent(static_cast<uint16_t>(id), source, text, 1,
                                FiletimeFromUnixSeconds(919065060));
      ev.AddField("updateTitle", "Security Update (KB4494440)");
      HostFacts f;
      ObserveEvent(ev.view(), f);
      const bool change = !f.host.empty() || f.os.known || f.boots.boots != 0 ||
                          f.boots.clean_shutdowns != 0 || f.boots.unexpected_shutdowns != 0 ||
                          !f.hotfixes.empty();
      if (!MayObserve(ev.view())) {
        if (change) FAIL_CHECK("event id " << id << " from " << source << " changed facts");
      } else {
        ++may;
        if (change) ++changed;
      }
    }
  }
  CHECK(may == 6 * 3);  // 6005, 6006, 6008, 6009, 19, 4377 from each source
  CHECK(changed == 6);  // each id from the source it reads
}

TEST_CASE("host key: case-insensitive first DNS label, trimmed") {
  CHECK(HostKey("exclus1.corp.example.com") == "EXCLUS1");
  CHECK(HostKey("  EXCLUS1 \r\n") == "EXCLUS1");
  CHECK(HostKey("\\\\ExClus1") == "EXCLUS1");
  CHECK(HostKey("exclus2") != HostKey("exclus1"));
  CHECK(HostKey("") == "");
}

TEST_CASE("merge: boots add, later OS wins, inventory OS wins over log, SP6a proof kept") {
  HostFacts a, b;
  a.os.known = true;
  a.os.version = "4.0";
  a.os.sp = 6;
  a.os.kernel = "Uniprocessor Free";
  a.os.as_of = FiletimeFromUnixSeconds(100);
  a.boots.boots = 3;
  a.hotfixes.push_back({"Q246009", "", "", {}});
  b.os.known = true;
  b.os.version = "4.0";
  b.os.sp = 6;
  b.os.sp6a = true;  // from the Hotfix key
  b.os.as_of = kNoTime;
  b.boots.boots = 2;
  b.has_hotfix_inventory = true;
  b.hotfixes.push_back({"Q246009", "", "", {}});
  b.hotfixes.push_back({"Q299444", "", "", {}});
  b.inventory_sources = {"hotfix.reg"};
  MergeFacts(a, b);
  CHECK(a.boots.boots == 5u);
  CHECK(a.os.sp6a);
  CHECK(a.os.kernel == "Uniprocessor Free");  // kept: the inventory did not say
  CHECK(a.hotfixes.size() == 2);
  CHECK(a.has_hotfix_inventory);
  CHECK(a.inventory_sources.size() == 1);

  HostFacts newer;
  newer.os.known = true;
  newer.os.version = "4.0";
  newer.os.sp = 5;
  newer.os.as_of = FiletimeFromUnixSeconds(50);  // older than a's inventory (kNoTime ranks last)
  MergeFacts(a, newer);
  CHECK(a.os.sp == 6);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::inventory
