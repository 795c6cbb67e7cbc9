// The maintainers' samples/inventory/ folder (synthetic exports described in
// samples/README.md): every file is recognised and gives the facts the README lists.
#include <doctest/doctest.h>

#include <string>

#include "core/time.h"
#include "inventory/inventory.h"

namespace logrx::inventory {
namespace {

TEST_SUITE("inventory") {

TEST_CASE("samples/inventory: every file read, facts as samples/README.md describes") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  REQUIRE(LoadInventory(std::string(LOGRX_SOURCE_DIR) + "/samples/inventory", hosts, sink).ok());
  for (const Diagnostic& d : sink.items()) {
    CHECK_MESSAGE(d.severity == Severity::kNote, d.ToString());
  }
  REQUIRE(hosts.size() == 4);

  const HostFacts& e1 = hosts.at("EXCLUS1");
  CHECK(e1.has_hotfix_inventory);
  CHECK(e1.has_file_inventory);
  CHECK(e1.FindHotfix("Q299444") != nullptr);
  CHECK(e1.os.sp6a);
  const FileFact* w1 = e1.FindFile("winlogon.exe");
  REQUIRE(w1 != nullptr);
  CHECK(w1->size == 192784u);
  CHECK(w1->file_version == "4.0.1381.7103");
  CHECK(w1->time == FiletimeFromUnixSeconds(1005744420));  // 2001-11-14 13:27

  const HostFacts& e4 = hosts.at("EXCLUS4");
  CHECK(e4.FindHotfix("Q246009") != nullptr);
  CHECK(e4.FindHotfix("Q299444") == nullptr);
  CHECK(e4.has_hotfix_inventory);
  const FileFact* w4 = e4.FindFile("winlogon.exe");
  REQUIRE(w4 != nullptr);
  CHECK(w4->size == 192272u);
  CHECK_FALSE(w4->has_version);
  CHECK(w4->version_text == "4.00");
  REQUIRE(w4->has_time);
  CHECK(FormatIso8601(w4->time, 0) == "1999-11-18T19:19:00Z");

  const HostFacts& e5 = hosts.at("EXCLUS5");
  CHECK_FALSE(e5.has_hotfix_inventory);
  const FileFact* w5 = e5.FindFile("winlogon.exe");
  REQUIRE(w5 != nullptr);
  CHECK(w5->size == 192272u);
  CHECK_FALSE(w5->has_time);
  CHECK_FALSE(w5->has_version);

  const HostFacts& fc = hosts.at("FCNODE1");
  CHECK(fc.os.version == "10.0");
  CHECK(fc.os.build == "17763");
  CHECK(fc.os.sp == 0);
  CHECK(fc.os.arch == Arch::kX64);
  CHECK(fc.os.product == "Windows Server 2019 Datacenter");
  CHECK(fc.hotfixes.size() == 3);
  CHECK(fc.FindHotfix("KB5027222") != nullptr);
  CHECK(fc.inventory_sources.size() == 3);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::inventory
