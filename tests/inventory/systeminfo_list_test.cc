// systeminfo in its default list layout (`systeminfo > host.txt`, written by PowerShell 5 as
// UTF-16LE): the same facts as the CSV layout, several hosts appended in one file.
#include "inventory/systeminfo_list.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "inventory/inventory_formats.h"
#include "support/pe_builder.h"

namespace logrx::inventory {
namespace {

// Two hosts as `systeminfo /s EXCLUS1 >> all.txt & systeminfo /s EXCLUS2 >> all.txt` leave
// them (shortened: the labels logrx does not read are cut but for a few).
constexpr std::string_view kTwoHosts =
    "\r\n"
    "Host Name:                 EXCLUS1\r\n"                                       // 2
    "OS Name:                   Microsoft Windows Server 2003, Enterprise Edition\r\n"
    "OS Version:                5.2.3790 Service Pack 2 Build 3790\r\n"
    "OS Build Type:             Multiprocessor Free\r\n"
    "Original Install Date:     4/4/2008, 10:00:00 AM\r\n"
    "System Type:               X86-based PC\r\n"
    "Processor(s):              2 Processor(s) Installed.\r\n"
    "                           [01]: x86 Family 6 Model 15 Stepping 6 GenuineIntel ~2992 Mhz\r\n"
    "                           [02]: x86 Family 6 Model 15 Stepping 6 GenuineIntel ~2992 Mhz\r\n"
    "Hotfix(s):                 3 Hotfix(s) Installed.\r\n"
    "                           [01]: File 1\r\n"
    "                           [02]: Q147222\r\n"
    "                           [03]: KB956572\r\n"
    "Network Card(s):           1 NIC(s) Installed.\r\n"
    "                           [01]: Intel(R) PRO/1000 MT Network Connection\r\n"
    "                                 Connection Name: Local Area Connection\r\n"
    "\r\n"
    "Host Name:                 EXCLUS2\r\n"                                       // 19
    "OS Name:                   Microsoft Windows 2000 Advanced Server\r\n"
    "OS Version:                5.0.2195 Service Pack 4 Build 2195\r\n"
    "System Type:               x64-based PC\r\n"
    "Hotfix(s):                 N/A\r\n";

TEST_SUITE("inventory") {

TEST_CASE("systeminfo list: records per host, continuation lines joined as the CSV layout joins them") {
  REQUIRE(LooksLikeSystemInfoList(kTwoHosts));
  const std::vector<SystemInfoListRecord> r = ParseSystemInfoList(kTwoHosts);
  REQUIRE(r.size() == 2);
  CHECK(r[0].line == 2);
  CHECK(r[1].line == 19);
  REQUIRE(r[0].names.size() == r[0].values.size());
  REQUIRE(r[0].names.size() == 9);
  CHECK(r[0].names[0] == "Host Name");
  CHECK(r[0].values[0] == "EXCLUS1");
  CHECK(r[0].names[4] == "Original Install Date");
  CHECK(r[0].values[4] == "4/4/2008, 10:00:00 AM");  // a colon in the value stays in it
  CHECK(r[0].names[7] == "Hotfix(s)");
  CHECK(r[0].values[7] == "3 Hotfix(s) Installed.,[01]: File 1,[02]: Q147222,[03]: KB956572");
  CHECK(r[0].values[8] ==
        "1 NIC(s) Installed.,[01]: Intel(R) PRO/1000 MT Network Connection,Connection Name: "
        "Local Area Connection");
  CHECK(r[1].values[4] == "N/A");
}

TEST_CASE("systeminfo list: recognised only from its first lines") {
  CHECK_FALSE(LooksLikeSystemInfoList("\"Host Name\",\"OS Name\"\r\n\"A\",\"B\"\r\n"));
  CHECK_FALSE(LooksLikeSystemInfoList("Host Name: A\r\nNotes: x\r\nMore: y\r\nEven: z\r\nOS Name: w\r\n"));
  CHECK_FALSE(LooksLikeSystemInfoList("OS Name: A\r\nHost Name: B\r\n"));
  CHECK_FALSE(LooksLikeSystemInfoList(""));
  CHECK(LooksLikeSystemInfoList("\n\nHost Name: A\nOS Name: B\n"));
}

TEST_CASE("systeminfo list as an inventory (UTF-16LE): OS, kernel, platform, hotfixes per host") {
  std::vector<std::byte> bytes = {std::byte{0xFF}, std::byte{0xFE}};
  testing::PutUtf16(bytes, kTwoHosts, /*nul=*/false);
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/all.txt", bytes, "all", hosts, sink) ==
        InventoryFormat::kSystemInfoList);
  REQUIRE(sink.items().size() == 1);  // the one note for "File 1"
  CHECK(sink.items()[0].severity == Severity::kNote);
  REQUIRE(hosts.size() == 2);
  const HostFacts& a = hosts.at("EXCLUS1");
  CHECK(a.os.product == "Windows Server 2003, Enterprise Edition");
  CHECK(a.os.version == "5.2");
  CHECK(a.os.sp == 2);
  CHECK(a.os.kernel == "Multiprocessor Free");
  CHECK(a.os.arch == Arch::kX86);
  CHECK(a.os.arch_from == "inv/all.txt:2 System Type");
  CHECK(a.has_hotfix_inventory);
  REQUIRE(a.hotfixes.size() == 2);  // "File 1" is not an id
  CHECK(a.hotfixes[0].id == "Q147222");
  CHECK(a.hotfixes[1].id == "Q956572");
  const HostFacts& b = hosts.at("EXCLUS2");
  CHECK(b.os.version == "5.0");
  CHECK(b.os.sp == 4);
  CHECK(b.os.arch == Arch::kX64);
  CHECK(b.has_hotfix_inventory);
  CHECK(b.hotfixes.empty());
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::inventory
