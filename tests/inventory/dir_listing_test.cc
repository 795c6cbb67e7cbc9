// `dir` listings as inventories (docs/inventory.md "File listing"): cmd.exe on NT 4.0 and
// later, 24-hour locales, PowerShell's dir, and what is not a file line.
#include "inventory/dir_listing.h"

#include <doctest/doctest.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "inventory/inventory_formats.h"

namespace logrx::inventory {
namespace {

std::span<const std::byte> Bytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

int64_t Local(std::string_view text) {
  int64_t t = 0;
  REQUIRE(ParseLocalDateTime(text, t));
  return t;
}

constexpr std::string_view kNt4 =
    " Volume in drive \\\\EXD1\\ADMIN$ has no label.\r\n"
    " Volume Serial Number is 1C2D-3E4F\r\n"
    "\r\n"
    " Directory of \\\\EXD1\\ADMIN$\\system32\r\n"
    "\r\n"
    "04/04/00  12:46a               192,272 winlogon.exe\r\n"
    "04/04/00  12:46p               135,440 services.exe\r\n"
    "               2 File(s)        327,712 bytes\r\n"
    "                          123,456,789 bytes free\r\n";

TEST_SUITE("inventory") {

TEST_CASE("dir listing: NT 4.0 layout, two-digit years and a/p times, summary lines skipped") {
  REQUIRE(LooksLikeDirListing(kNt4));
  const DirListing d = ParseDirListing(kNt4);
  CHECK(d.errors.empty());
  REQUIRE(d.files.size() == 2);
  CHECK(d.files[0].folder == "\\\\EXD1\\ADMIN$\\system32");
  CHECK(d.files[0].name == "winlogon.exe");
  CHECK(d.files[0].size == 192272);
  CHECK(d.files[0].line == 6);
  REQUIRE(d.files[0].has_time);
  CHECK(d.files[0].filetime == Local("2000-04-04 00:46"));
  CHECK(d.files[1].filetime == Local("2000-04-04 12:46"));
}

TEST_CASE("dir listing: Windows 2000+ layout, folders and links are not files, dir /s folders") {
  const std::string text =
      " Volume in drive C has no label.\n"
      " Directory of C:\\WINNT\\system32\n\n"
      "12/01/1999  10:00 AM    <DIR>          config\n"
      "11/18/1999  07:19 PM           192,272 winlogon.exe\n"
      "12/01/1999  10:00 AM    <JUNCTION>     old [C:\\x]\n"
      "               1 File(s)        192,272 bytes\n\n"
      " Directory of C:\\WINNT\\system32\\dllcache\n\n"
      "04/04/2000  12:46 AM           192,272 Winlogon Copy.exe\n"
      "     Total Files Listed:\n"
      "               2 File(s)        384,544 bytes\n"
      "               3 Dir(s)  1,234,567,890 bytes free\n";
  const DirListing d = ParseDirListing(text);
  CHECK(d.errors.empty());
  REQUIRE(d.files.size() == 2);
  CHECK(d.files[0].folder == "C:\\WINNT\\system32");
  CHECK(d.files[0].filetime == Local("1999-11-18 19:19"));
  CHECK(d.files[1].folder == "C:\\WINNT\\system32\\dllcache");
  CHECK(d.files[1].name == "Winlogon Copy.exe");  // names keep their spaces
}

TEST_CASE("dir listing: 24-hour locales with '.' and no-break-space thousands, day first") {
  const std::string de =
      " Datentr\xC3\xA4ger in Laufwerk C: ist SYSTEM\n"
      " Verzeichnis von C:\\WINNT\\system32\n\n"
      "04.05.2000  00:46           192.272 winlogon.exe\n"
      "               1 Datei(en),        192.272 Bytes\n"
      "               0 Verzeichnis(se), 1.234.567.890 Bytes frei\n";
  REQUIRE(LooksLikeDirListing(de));
  DirListing d = ParseDirListing(de);
  CHECK(d.errors.empty());
  REQUIRE(d.files.size() == 1);
  CHECK(d.files[0].size == 192272);
  CHECK(d.files[0].filetime == Local("2000-05-04 00:46"));
  // French: "Répertoire" as cmd.exe writes it (CP850 0x82 read as Windows-1252), size with
  // U+00A0 between the thousands.
  const std::string fr =
      " R\xE2\x80\x9Apertoire de C:\\WINNT\\system32\n\n"
      "04/05/2000  00:46           192\xC2\xA0" "272 winlogon.exe\n";
  REQUIRE(LooksLikeDirListing(fr));
  d = ParseDirListing(fr);
  CHECK(d.errors.empty());
  REQUIRE(d.files.size() == 1);
  CHECK(d.files[0].size == 192272);
  CHECK(d.files[0].filetime == Local("2000-05-04 00:46"));
}

TEST_CASE("dir listing: PowerShell's dir (Mode, LastWriteTime, Length, Name)") {
  const std::string ps =
      "\r\n\r\n    Directory: \\\\EXD3\\ADMIN$\\system32\r\n\r\n\r\n"
      "Mode                 LastWriteTime         Length Name\r\n"
      "----                 -------------         ------ ----\r\n"
      "d-----         4/4/2000  12:46 AM                config\r\n"
      "-a----         4/4/2000  12:46 AM         192272 winlogon.exe\r\n";
  REQUIRE(LooksLikeDirListing(ps));
  const DirListing d = ParseDirListing(ps);
  CHECK(d.errors.empty());
  REQUIRE(d.files.size() == 1);
  CHECK(d.files[0].folder == "\\\\EXD3\\ADMIN$\\system32");
  CHECK(d.files[0].filetime == Local("2000-04-04 00:46"));
}

TEST_CASE("dir listing: a line that starts with a date but is no file line is an error") {
  const std::string text =
      " Directory of C:\\WINNT\\system32\n"
      "13/45/1999  10:00 AM           135,440 broken.exe\n"
      "11/18/1999  07:19 PM           19x,272 size.exe\n"
      "11/18/1999  07:19 PM\n"
      "11/18/1999  07:19 PM           192,272 winlogon.exe\n";
  const DirListing d = ParseDirListing(text);
  REQUIRE(d.errors.size() == 3);
  CHECK(d.errors[0].first == 2);
  CHECK(d.errors[0].second == "date and time '13/45/1999 10:00 AM' not understood");
  CHECK(d.errors[1].second == "'19x,272' is not a file size");
  CHECK(d.errors[2].first == 4);
  REQUIRE(d.files.size() == 1);
  CHECK(d.files[0].name == "winlogon.exe");
}

TEST_CASE("dir listing: not detected in CSV inventories or Event Viewer text exports") {
  CHECK_FALSE(LooksLikeDirListing("\"FullName\",\"Length\"\n\"C:\\x\",\"1\"\n"));
  CHECK_FALSE(LooksLikeDirListing(
      "Date\tTime\tSource\tType\tCategory\tEvent\tUser\tComputer\tDescription\n"
      "3/12/2002\t2:20:05 PM\tClusSvc\tError\t(64)\t1024\tN/A\tEXD1\t Directory of C:\\x\n"));
  CHECK_FALSE(LooksLikeDirListing(""));
}

TEST_CASE("dir listing as an inventory: host from the UNC folder, else the file name") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/any-name.txt", Bytes(kNt4), "ANY", hosts, sink) ==
        InventoryFormat::kDirListing);
  REQUIRE(hosts.count("EXD1") == 1);
  CHECK(hosts.count("ANY") == 0);
  const HostFacts& h = hosts["EXD1"];
  CHECK(h.has_file_inventory);
  REQUIRE(h.files.size() == 2);
  CHECK(h.files[0].name == "winlogon.exe");
  CHECK(h.files[0].path == "\\\\EXD1\\ADMIN$\\system32\\winlogon.exe");
  CHECK(h.files[0].has_size);
  CHECK(h.files[0].size == 192272);
  CHECK(h.files[0].has_time);
  CHECK(h.files[0].from.file == "inv/any-name.txt");
  CHECK(h.files[0].from.line == 6);
  CHECK(sink.items().empty());

  std::map<std::string, HostFacts> local;
  const std::string text =
      " Directory of C:\\WINNT\\system32\\\n"
      "13/45/1999  10:00 AM           135,440 broken.exe\n"
      "04/04/2000  12:46 AM           192,272 WINLOGON.EXE\n";
  ParseInventoryBytes("inv/EXD2_files.txt", Bytes(text), "EXD2", local, sink);
  REQUIRE(local.count("EXD2") == 1);
  REQUIRE(local["EXD2"].files.size() == 1);
  CHECK(local["EXD2"].files[0].name == "winlogon.exe");
  CHECK(local["EXD2"].files[0].path == "C:\\WINNT\\system32\\WINLOGON.EXE");
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].line == 2);
  CHECK(sink.items()[0].what == "date and time '13/45/1999 10:00 AM' not understood; line skipped");
}

TEST_CASE("dir listing as an inventory: a listing without files says so") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  ParseInventoryBytes("inv/EXD4_files.txt",
                      Bytes(" Directory of C:\\WINNT\\system32\n File Not Found\n"), "EXD4", hosts,
                      sink);
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].what == "dir listing names no file");
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::inventory
