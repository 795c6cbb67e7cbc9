// Hotfix lists saved as text tables: `wmic qfe list > qfe.txt` (UTF-16LE, CR CR LF, columns
// at their headers), `Get-HotFix > hotfix.txt` (PowerShell's dashes), `wmic qfe get hotfixid`.
#include "inventory/hotfix_table.h"

#include <doctest/doctest.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "inventory/inventory_formats.h"
#include "support/pe_builder.h"

namespace logrx::inventory {
namespace {

constexpr std::string_view kWmic =
    "Caption                                     CSName   Description      FixComments  "
    "HotFixID   InstallDate  InstalledBy          InstalledOn  Name  ServicePackInEffect  "
    "Status  \r\r\n"
    "http://support.microsoft.com/?kbid=2533552  FCNODE1  Update                        "
    "KB2533552               NT AUTHORITY\\SYSTEM  6/1/2011                                 "
    "       \r\r\n"
    "http://support.microsoft.com/               FCNODE1  Security Update               "
    "File 1                  NT AUTHORITY\\SYSTEM                            "
    "KB958488                     \r\r\n"
    "\r\r\n";

constexpr std::string_view kGetHotFix =
    "\r\n"
    "Source        Description      HotFixID      InstalledBy          InstalledOn\r\n"
    "------        -----------      --------      -----------          -----------\r\n"
    "FCNODE2       Update           KB2533552     NT AUTHORITY\\SYSTEM  6/1/2011 12:00:00 AM\r\n"
    "FCNODE2       Security Update  KB958488      FCNODE2\\Admin        6/2/2011 12:00:00 AM\r\n"
    "\r\n";

std::vector<std::byte> Utf16LeBom(std::string_view text) {
  std::vector<std::byte> out = {std::byte{0xFF}, std::byte{0xFE}};
  testing::PutUtf16(out, text, /*nul=*/false);
  return out;
}

TEST_SUITE("inventory") {

TEST_CASE("hotfix table: wmic's columns start at their headers; cells keep inner spaces") {
  REQUIRE(LooksLikeHotfixTable(kWmic));
  const HotfixTable t = ParseHotfixTable(kWmic);
  REQUIRE(t.names.size() == 11);
  CHECK(t.names[4] == "HotFixID");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].line == 2);
  REQUIRE(t.rows[0].fields.size() == 11);
  CHECK(t.rows[0].fields[1] == "FCNODE1");
  CHECK(t.rows[0].fields[4] == "KB2533552");
  CHECK(t.rows[0].fields[6] == "NT AUTHORITY\\SYSTEM");
  CHECK(t.rows[0].fields[7] == "6/1/2011");
  CHECK(t.rows[1].fields[2] == "Security Update");
  CHECK(t.rows[1].fields[4] == "File 1");
  CHECK(t.rows[1].fields[9] == "KB958488");  // ServicePackInEffect
}

TEST_CASE("hotfix table: PowerShell's dashes mark the columns") {
  REQUIRE(LooksLikeHotfixTable(kGetHotFix));
  const HotfixTable t = ParseHotfixTable(kGetHotFix);
  REQUIRE(t.names == std::vector<std::string>{"Source", "Description", "HotFixID", "InstalledBy",
                                              "InstalledOn"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1].line == 5);
  CHECK(t.rows[1].fields == std::vector<std::string>{"FCNODE2", "Security Update", "KB958488",
                                                     "FCNODE2\\Admin", "6/2/2011 12:00:00 AM"});
}

TEST_CASE("hotfix table: a PowerShell header with a space is one column") {
  const std::string text =
      "Source   HotFixID   Installed On\r\n"
      "------   --------   ------------\r\n"
      "FCNODE4  KB958488   6/2/2011\r\n";
  const HotfixTable t = ParseHotfixTable(text);
  CHECK(t.names == std::vector<std::string>{"Source", "HotFixID", "Installed On"});
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].fields == std::vector<std::string>{"FCNODE4", "KB958488", "6/2/2011"});
}

TEST_CASE("hotfix table: CSV and other text are not tables") {
  CHECK_FALSE(LooksLikeHotfixTable("\"Source\",\"HotFixID\"\r\n\"A\",\"KB1\"\r\n"));
  CHECK_FALSE(LooksLikeHotfixTable("Node,HotFixID\r\nA,KB1\r\n"));
  CHECK_FALSE(LooksLikeHotfixTable("Source HotFixIDs\r\n"));
  CHECK_FALSE(LooksLikeHotfixTable("Some text\r\nHotFixID\r\n"));
  CHECK(LooksLikeHotfixTable("hotfixid\r\nKB1\r\n"));
}

TEST_CASE("hotfix tables as inventories: hosts from CSName/Source, else the file name") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/qfe.txt", Utf16LeBom(kWmic), "qfe", hosts, sink) ==
        InventoryFormat::kHotfixTable);
  CHECK(ParseInventoryBytes("inv/hotfix.txt", Utf16LeBom(kGetHotFix), "hotfix", hosts, sink) ==
        InventoryFormat::kHotfixTable);
  const std::string_view bare = "HotFixID   \r\r\nKB2533552  \r\r\nQ299444    \r\r\n\r\r\n";
  CHECK(ParseInventoryBytes("inv/FCNODE3_hotfixes.txt", std::as_bytes(std::span(bare)), "FCNODE3",
                            hosts, sink) == InventoryFormat::kHotfixTable);
  REQUIRE(hosts.count("FCNODE1") == 1);
  const HostFacts& a = hosts["FCNODE1"];
  CHECK(a.has_hotfix_inventory);
  REQUIRE(a.hotfixes.size() == 2);
  CHECK(a.hotfixes[0].id == "Q2533552");  // ids are kept as Q numbers
  CHECK(a.hotfixes[0].from.line == 2);
  CHECK(a.hotfixes[1].id == "Q958488");  // "File 1" carries its KB in ServicePackInEffect
  const HostFacts& b = hosts["FCNODE2"];
  REQUIRE(b.hotfixes.size() == 2);
  CHECK(b.hotfixes[1].id == "Q958488");
  CHECK(b.hotfixes[1].description == "Security Update");
  CHECK(b.FindHotfix("KB2533552") != nullptr);
  const HostFacts& c = hosts["FCNODE3"];
  REQUIRE(c.hotfixes.size() == 2);
  CHECK(c.FindHotfix("Q299444") != nullptr);
  CHECK(sink.items().empty());
}


TEST_CASE("hotfix table: columns are counted in characters, not UTF-8 bytes") {
  // A French Get-HotFix table: "Mise \u00e0 jour de s\u00e9curit\u00e9" fills its column; each
  // accented letter is one console cell but two UTF-8 bytes. Wide (CJK) letters take two cells.
  const std::string text =
      "Source   Description              HotFixID  InstalledBy          InstalledOn\r\n"
      "------   -----------              --------  -----------          -----------\r\n"
      "SRV1     Mise \xC3\xA0 jour de s\xC3\xA9" "curit\xC3\xA9  KB2533552 NT AUTHORITY\\SYSTEM  6/1/2011\r\n"
      "SRV1     \xE6\x9B\xB4\xE6\x96\xB0\xE3\x83\x97\xE3\x83\xAD\xE3\x82\xB0\xE3\x83\xA9"
      "\xE3\x83\xA0           KB958488  NT AUTHORITY\\SYSTEM  6/2/2011\r\n";
  const HotfixTable t = ParseHotfixTable(text);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].fields == std::vector<std::string>{"SRV1", "Mise \xC3\xA0 jour de s\xC3\xA9" "curit\xC3\xA9",
                                                     "KB2533552", "NT AUTHORITY\\SYSTEM", "6/1/2011"});
  CHECK(t.rows[1].fields[2] == "KB958488");
  CHECK(t.rows[1].fields[3] == "NT AUTHORITY\\SYSTEM");
}

TEST_CASE("hotfix table: tables appended to one file each keep their own columns") {
  // `Get-HotFix -ComputerName A >> f` then `... B >> f`: the second table's columns are
  // wider, and a wmic table appended with other columns in another order.
  const std::string text =
      "\r\n"
      "Source  Description  HotFixID   InstalledBy  InstalledOn\r\n"
      "------  -----------  --------   -----------  -----------\r\n"
      "SRV1    Update       KB2533552  Admin        6/1/2011\r\n"
      "\r\n"
      "Source       Description      HotFixID   InstalledBy          InstalledOn\r\n"
      "------       -----------      --------   -----------          -----------\r\n"
      "FILESERVER2  Security Update  KB958488   NT AUTHORITY\\SYSTEM  6/2/2011\r\n"
      "HotFixID   CSName\r\n"
      "Q299444    EXCLUS1\r\n";
  const HotfixTable t = ParseHotfixTable(text);
  REQUIRE(t.names == std::vector<std::string>{"Source", "Description", "HotFixID", "InstalledBy",
                                              "InstalledOn", "CSName"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].fields[2] == "KB2533552");
  CHECK(t.rows[1].line == 8);
  CHECK(t.rows[1].fields == std::vector<std::string>{"FILESERVER2", "Security Update", "KB958488",
                                                     "NT AUTHORITY\\SYSTEM", "6/2/2011"});
  REQUIRE(t.rows[2].fields.size() == 6);
  CHECK(t.rows[2].fields[2] == "Q299444");
  CHECK(t.rows[2].fields[5] == "EXCLUS1");
  CHECK(t.rows[2].fields[0].empty());
}

TEST_CASE("hotfix table cut at the console's width: cut ids and hosts are errors, not facts") {
  // Get-HotFix | Format-Table in a narrow console: Windows PowerShell ends a cut cell with
  // "...", PowerShell 7 with U+2026.
  const std::string text =
      "Source       Description      HotFixID     InstalledBy          InstalledOn\r\n"
      "------       -----------      --------     -----------          -----------\r\n"
      "EXCHSRV01    Security Upd...  KB29944...   NT AUTHORITY\\SY...  4/4/2002 12:00:00 AM\r\n"
      "EXCHSRV01    Update           KB2533552    NT AUTHORITY\\SY...   6/1/2011 12:00:00 AM\r\n"
      "EXCHSRV0\xE2\x80\xA6    Update           KB958488     Admin                6/2/2011\r\n"
      "EXCHSRV01    Hotfix           Q299444      Admin\xE2\x80\xA6               4/5/2002\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/hotfix.txt", Utf16LeBom(text), "hotfix", hosts, sink) ==
        InventoryFormat::kHotfixTable);
  REQUIRE(hosts.size() == 1);  // no host "EXCHSRV0..."
  const HostFacts& h = hosts["EXCHSRV01"];
  REQUIRE(h.hotfixes.size() == 2);  // not Q29944 from "KB29944..."
  CHECK(h.hotfixes[0].id == "Q2533552");
  CHECK(h.hotfixes[1].id == "Q299444");
  CHECK(h.FindHotfix("Q29944") == nullptr);
  std::vector<uint32_t> error_lines;
  size_t notes = 0;
  for (const Diagnostic& d : sink.items()) {
    if (d.severity == Severity::kError) error_lines.push_back(d.line);
    if (d.severity == Severity::kNote && d.what.find("2 cells") != std::string::npos) ++notes;
  }
  CHECK(error_lines == std::vector<uint32_t>{3, 5});
  CHECK(notes == 1);  // InstalledBy on lines 4 and 6; line 3 was not read
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::inventory
