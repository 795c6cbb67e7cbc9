// Inventory exports written by hand in the shape Windows produces them (column sets,
// quoting, wmic's blank first line and CR CR LF, PowerShell's #TYPE line, UTF-16LE + BOM).
#include "inventory/inventory_formats.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/time.h"
#include "inventory/inventory.h"
#include "inventory/reg_file.h"
#include "support/pe_builder.h"

namespace logrx::inventory {
namespace {

std::vector<std::byte> Utf16LeBom(std::string_view text) {
  std::vector<std::byte> out = {std::byte{0xFF}, std::byte{0xFE}};
  testing::PutUtf16(out, text, /*nul=*/false);
  return out;
}

std::vector<std::byte> Utf8(std::string_view text, bool bom) {
  std::vector<std::byte> out;
  if (bom) out = {std::byte{0xEF}, std::byte{0xBB}, std::byte{0xBF}};
  for (char c : text) out.push_back(std::byte(static_cast<unsigned char>(c)));
  return out;
}

std::vector<const Diagnostic*> AtLine(const CollectingSink& sink, uint32_t line) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : sink.items()) {
    if (d.line == line) out.push_back(&d);
  }
  return out;
}

// systeminfo /fo csv (Windows Server 2003 column set), one NT4-style row, one malformed.
const char kSystemInfo[] =
    "\"Host Name\",\"OS Name\",\"OS Version\",\"OS Manufacturer\",\"OS Configuration\","
    "\"OS Build Type\",\"Registered Owner\",\"Registered Organization\",\"Product ID\","
    "\"Original Install Date\",\"System Up Time\",\"System Manufacturer\",\"System Model\","
    "\"System Type\",\"Processor(s)\",\"BIOS Version\",\"Windows Directory\","
    "\"System Directory\",\"Boot Device\",\"System Locale\",\"Input Locale\",\"Time Zone\","
    "\"Total Physical Memory\",\"Available Physical Memory\",\"Page File: Max Size\","
    "\"Page File: Available\",\"Page File: In Use\",\"Page File Location(s)\",\"Domain\","
    "\"Logon Server\",\"Hotfix(s)\",\"Network Card(s)\"\r\n"
    // line 2
    "\"EXCLUS1\",\"Microsoft Windows Server 2003, Enterprise Edition\","
    "\"5.2.3790 Service Pack 2 Build 3790\",\"Microsoft Corporation\",\"Member Server\","
    "\"Multiprocessor Free\",\"Admin\",\"Contoso\",\"69713-640-0000000-45000\","
    "\"4/4/2008, 10:00:00 AM\",\"0 Days, 1 Hours, 2 Minutes, 3 Seconds\",\"HP\",\"DL380\","
    "\"X86-based PC\",\"2 Processor(s) Installed.,[01]: x86 Family 6,[02]: x86 Family 6\","
    "\"HP - 1\",\"C:\\WINDOWS\",\"C:\\WINDOWS\\system32\",\"\\Device\\HarddiskVolume1\","
    "\"en-us;English (United States)\",\"en-us;English (United States)\","
    "\"(GMT-08:00) Pacific Time (US & Canada)\",\"4,095 MB\",\"3,000 MB\",\"5,000 MB\","
    "\"4,000 MB\",\"1,000 MB\",\"C:\\pagefile.sys\",\"CONTOSO\",\"\\\\DC1\","
    "\"3 Hotfix(s) Installed.,[01]: File 1,[02]: Q147222,[03]: KB956572\","
    "\"1 NIC(s) Installed.,[01]: Intel(R) PRO/1000 MT Network Connection,"
    "      Connection Name: Local Area Connection\r\n      DHCP Enabled:    No\"\r\n"
    // line 4 (the NIC cell above spans lines 2-3)
    "\"exclus2.contoso.com\",\"Microsoft Windows NT Server\",\"4.0.1381 Service Pack 6\","
    "\"Microsoft Corporation\",\"Member Server\",\"Uniprocessor Free\",\"\",\"\",\"\",\"\",\"\","
    "\"\",\"\",\"X86-based PC\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
    "\"\",\"\",\"\",\"2 Hotfix(s) Installed.,[01]: Q246009,[02]: Q299444\",\"\"\r\n"
    // line 5: too few fields
    "\"EXCLUS3\",\"Microsoft Windows 2000 Server\",\"5.0.2195 Service Pack 4 Build 2195\"\r\n"
    // line 6: text after a closing quote
    "\"EXCLUS4\"x,\"a\"\r\n";

TEST_SUITE("inventory") {

TEST_CASE("systeminfo csv in UTF-16LE: OS, SP, kernel, arch, hotfixes; bad rows by line") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/systeminfo.csv", Utf16LeBom(kSystemInfo), "inv", hosts, sink) ==
        InventoryFormat::kSystemInfo);
  REQUIRE(hosts.size() == 2);
  const HostFacts& a = hosts.at("EXCLUS1");
  CHECK(a.host == "EXCLUS1");
  CHECK(a.os.product == "Windows Server 2003, Enterprise Edition");
  CHECK(a.os.version == "5.2");
  CHECK(a.os.build == "3790");
  CHECK(a.os.csd == "Service Pack 2");
  CHECK(a.os.sp == 2);
  CHECK(a.os.multiprocessor);
  CHECK(a.os.kernel == "Multiprocessor Free");
  CHECK(a.os.arch == Arch::kX86);
  CHECK(a.os.from.line == 2u);
  CHECK(a.has_hotfix_inventory);
  REQUIRE(a.hotfixes.size() == 2);  // "File 1" is not an id
  CHECK(a.hotfixes[0].id == "Q147222");
  CHECK(a.hotfixes[1].id == "Q956572");
  CHECK(a.hotfixes[1].from.file == "inv/systeminfo.csv");
  CHECK(a.hotfixes[1].from.line == 2u);
  CHECK(a.inventory_sources == std::vector<std::string>{"inv/systeminfo.csv"});

  const HostFacts& b = hosts.at("EXCLUS2");
  CHECK(b.host == "exclus2.contoso.com");
  CHECK(b.os.version == "4.0");
  CHECK(b.os.build == "1381");
  CHECK(b.os.sp == 6);
  CHECK(b.os.sp6a);  // Q246009 is listed
  CHECK(b.FindHotfix("Q299444") != nullptr);
  CHECK(b.FindHotfix("KB299444")->from.line == 4u);

  auto l5 = AtLine(sink, 5);
  REQUIRE(l5.size() == 1);
  CHECK(l5[0]->what == "expected 32 fields, found 3; row skipped");
  CHECK(l5[0]->file == "inv/systeminfo.csv");
  auto l6 = AtLine(sink, 6);
  REQUIRE(l6.size() == 1);
  CHECK(l6[0]->what == "text after a closing quote; row skipped");
}

TEST_CASE("systeminfo: concatenated exports repeat the header; it is skipped") {
  std::string twice = kSystemInfo;
  twice.resize(twice.find("\"EXCLUS3\""));  // header + rows on lines 1-4
  const std::string header = twice.substr(0, twice.find("\r\n") + 2);
  twice += header;  // line 5
  twice += "\"EXCLUS5\",\"Microsoft Windows 2000 Server\",\"5.0.2195 Service Pack 4 Build 2195\"";
  for (int i = 0; i < 29; ++i) twice += ",\"\"";
  twice += "\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  ParseInventoryBytes("all.csv", Utf8(twice, false), "all", hosts, sink);
  REQUIRE(sink.items().size() == 1);  // only the note about EXCLUS1's "File 1" entry
  CHECK(sink.items()[0].severity == Severity::kNote);
  REQUIRE(hosts.size() == 3);
  CHECK(hosts.count("HOST NAME") == 0);
  CHECK(hosts.at("EXCLUS5").os.version == "5.0");
  CHECK(hosts.at("EXCLUS5").os.sp == 4);
  CHECK(hosts.at("EXCLUS5").os.from.line == 6u);
}

TEST_CASE("wmic qfe csv: blank first line, CR CR LF, File 1 rows, UTF-16LE") {
  const char kWmic[] =
      "\r\r\n"
      "Node,Caption,CSName,Description,FixComments,HotFixID,InstallDate,InstalledBy,InstalledOn,"
      "Name,ServicePackInEffect,Status\r\r\n"
      "EXCLUS1,http://support.microsoft.com/?kbid=299444,EXCLUS1,Security Update,,Q299444,,"
      "Administrator,4/4/2002,,,\r\r\n"
      "EXCLUS1,,EXCLUS1,,,File 1,,,,,KB956572,\r\r\n"
      "EXCLUS1,,EXCLUS1,Update\r\r\n"
      "WEB01,http://support.microsoft.com/?kbid=4494440,WEB01,Security Update,,KB4494440,,"
      "NT AUTHORITY\\SYSTEM,5/15/2019,,,\r\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("qfe.csv", Utf16LeBom(kWmic), "qfe", hosts, sink) ==
        InventoryFormat::kWmicQfe);
  REQUIRE(hosts.size() == 2);
  const HostFacts& a = hosts.at("EXCLUS1");
  REQUIRE(a.hotfixes.size() == 2);
  CHECK(a.hotfixes[0].id == "Q299444");
  CHECK(a.hotfixes[0].description == "Security Update");
  CHECK(a.hotfixes[0].installed_on == "4/4/2002");
  CHECK(a.hotfixes[0].from.line == 3u);
  CHECK(a.hotfixes[1].id == "Q956572");
  CHECK(hosts.at("WEB01").hotfixes.at(0).id == "Q4494440");
  auto l5 = AtLine(sink, 5);
  REQUIRE(l5.size() == 1);
  CHECK(l5[0]->what == "expected 12 fields, found 4; row skipped");
}

TEST_CASE("Get-HotFix Export-Csv: #TYPE line, doubled quotes, PSComputerName, UTF-8 BOM") {
  const char kGetHotFix[] =
      "#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering\r\n"
      "\"PSComputerName\",\"InstalledOn\",\"__GENUS\",\"__CLASS\",\"__RELPATH\",\"__SERVER\","
      "\"Caption\",\"CSName\",\"Description\",\"FixComments\",\"HotFixID\",\"InstallDate\","
      "\"InstalledBy\",\"Name\",\"ServicePackInEffect\",\"Status\"\r\n"
      "\"WEB01\",\"5/15/2019 12:00:00 AM\",\"2\",\"Win32_QuickFixEngineering\","
      "\"Win32_QuickFixEngineering.HotFixID=\"\"KB4494440\"\",ServicePackInEffect=\"\"\"\"\","
      "\"WEB01\",\"http://support.microsoft.com/?kbid=4494440\",\"WEB01\",\"Security Update\","
      "\"\",\"KB4494440\",\"\",\"NT AUTHORITY\\SYSTEM\",\"\",\"\",\"\"\r\n"
      "\"web01\",\"6/11/2019 12:00:00 AM\",\"2\",\"Win32_QuickFixEngineering\",\"\",\"WEB01\","
      "\"\",\"WEB01\",\"Update\",\"\",\"KB4503537\",\"\",\"\",\"\",\"\",\"\"\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("hotfix.csv", Utf8(kGetHotFix, true), "x", hosts, sink) ==
        InventoryFormat::kGetHotFix);
  REQUIRE(hosts.size() == 1);
  const HostFacts& w = hosts.at("WEB01");
  REQUIRE(w.hotfixes.size() == 2);
  CHECK(w.hotfixes[0].id == "Q4494440");
  CHECK(w.hotfixes[0].installed_on == "5/15/2019 12:00:00 AM");
  CHECK(w.hotfixes[0].from.line == 3u);
  CHECK(w.hotfixes[1].id == "Q4503537");
  CHECK(w.hotfixes[1].from.line == 4u);
  CHECK(w.has_hotfix_inventory);
  CHECK(sink.items().empty());
}

const char kRegExport[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix]\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\Q246009]\r\n"
    "\"Installed\"=dword:00000001\r\n"
    "\"Comments\"=\"Windows NT 4.0 Service Pack 6a\"\r\n"
    "\"Backup Dir\"=\"C:\\\\WINNT\\\\$NtServicePackUninstall$\"\r\n"
    "\"Fix Description\"=hex(2):43,00,3a,00,5c,00,57,00,49,00,4e,00,4e,00,54,00,5c,\\\r\n"
    "  00,00,00\r\n"
    "\r\n"  // line 11
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\Q299444]\r\n"
    "\"Installed\"=dword:00000001\r\n"
    "\"Installed By\"=\"Administrator\"\r\n"
    "\"Installed On\"=\"4/4/2002\"\r\n"
    "\"Comments\"=\"Security Rollup Package\"\r\n"
    "\r\n"  // line 17
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\Q299444\\File 1]\r\n"
    "\"Flags\"=dword:00000001\r\n"
    "\r\n"  // line 20
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\Q147222]\r\n"
    "\"Installed\"=dword:00000000\r\n"
    "\r\n"  // line 23
    "this line is garbage\r\n"
    "\"Bad\"=dword:xyz\r\n";

TEST_CASE(".reg parser: values, continuation, errors with line numbers") {
  RegFile reg = ParseRegFile(kRegExport);
  CHECK(reg.header_ok);
  REQUIRE(reg.keys.size() == 5);
  CHECK(reg.keys[1].line == 5u);
  const RegValue* fd = reg.keys[1].Find("fix description");
  REQUIRE(fd != nullptr);
  CHECK(fd->type == "hex(2)");
  CHECK(fd->text == "43,00,3a,00,5c,00,57,00,49,00,4e,00,4e,00,54,00,5c,00,00,00");
  CHECK(fd->line == 9u);
  CHECK(reg.keys[1].Find("Backup Dir")->text == "C:\\WINNT\\$NtServicePackUninstall$");
  CHECK(reg.keys[1].Find("Installed")->dword == 1u);
  REQUIRE(reg.errors.size() == 2);
  CHECK(reg.errors[0].first == 24u);
  CHECK(reg.errors[0].second == "not a key, value or comment line");
  CHECK(reg.errors[1].first == 25u);
  CHECK(reg.errors[1].second == "dword value: not hex");
}

TEST_CASE("reg export of the Hotfix key in UTF-16LE: hotfixes, SP6a, host from file name") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/EXCLUS1_hotfix.reg", Utf16LeBom(kRegExport),
                            FallbackHostForPath("inv", "inv/EXCLUS1_hotfix.reg"), hosts,
                            sink) == InventoryFormat::kRegHotfix);
  REQUIRE(hosts.count("EXCLUS1") == 1);
  const HostFacts& h = hosts.at("EXCLUS1");
  CHECK(h.has_hotfix_inventory);
  REQUIRE(h.hotfixes.size() == 2);  // Q147222 has Installed=0
  CHECK(h.hotfixes[0].id == "Q246009");
  CHECK(h.hotfixes[1].id == "Q299444");
  CHECK(h.hotfixes[1].installed_on == "4/4/2002");
  CHECK(h.hotfixes[1].description == "Security Rollup Package");
  CHECK(h.hotfixes[1].from.line == 12u);
  CHECK(h.hotfixes[1].from.detail == "Hotfix key Installed=00000001 Q299444");
  CHECK(h.os.sp == 6);
  CHECK(h.os.sp6a);
  CHECK(AtLine(sink, 22).size() == 1);  // Installed=0 note
  CHECK(AtLine(sink, 24).at(0)->what == "not a key, value or comment line; line skipped");
  CHECK(AtLine(sink, 25).size() == 1);
}

TEST_CASE("wmic qfe csv: a quote that never closes costs its row, not the rows after it") {
  const char kWmic[] =
      "Node,Description,HotFixID\r\n"
      "EXCLUS1,\"Security Update,Q299444\r\n"  // line 2: the quote never closes
      "EXCLUS1,Hotfix,Q246009\r\n"
      "EXCLUS1,Hotfix,Q147222\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("qfe.csv", Utf8(kWmic, false), "qfe", hosts, sink) ==
        InventoryFormat::kWmicQfe);
  const HostFacts& a = hosts.at("EXCLUS1");
  REQUIRE(a.hotfixes.size() == 2);  // lines 3 and 4 (before, the quote swallowed them)
  CHECK(a.hotfixes[0].id == "Q246009");
  CHECK(a.hotfixes[1].id == "Q147222");
  auto l2 = AtLine(sink, 2);
  REQUIRE(l2.size() == 1);
  CHECK(l2[0]->what == "quoted field not closed before end of file; row skipped");
}

TEST_CASE("ANSI inventory text is Windows-1252: 0x92 is a right quote, not a C1 control") {
  const char kQfe[] =
      "Node,Description,HotFixID\r\n"
      "EXCLUS1,Admin\x92s fix,Q299444\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("qfe.csv", Utf8(kQfe, false), "qfe", hosts, sink) ==
        InventoryFormat::kWmicQfe);
  CHECK(hosts.at("EXCLUS1").hotfixes.at(0).description == "Admin\xE2\x80\x99s fix");
}

TEST_CASE("REGEDIT4 (ANSI) export is read too") {
  const char kRegedit4[] =
      "REGEDIT4\r\n\r\n"
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\Q299444]\r\n"
      "\"Installed\"=dword:00000001\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("EXCLUS9.reg", Utf8(kRegedit4, false), "EXCLUS9", hosts, sink) ==
        InventoryFormat::kRegHotfix);
  CHECK(hosts.at("EXCLUS9").FindHotfix("Q299444") != nullptr);
  CHECK_FALSE(hosts.at("EXCLUS9").os.sp6a);
}

TEST_CASE(".reg without a Hotfix key is reported, not silently accepted") {
  const char kOther[] =
      "Windows Registry Editor Version 5.00\r\n\r\n"
      "[HKEY_CURRENT_USER\\Software\\Contoso]\r\n\"A\"=\"b\"\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  ParseInventoryBytes("EXCLUS1.reg", Utf16LeBom(kOther), "EXCLUS1", hosts, sink);
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].severity == Severity::kWarning);
  CHECK(sink.items()[0].what.find("nothing learned") != std::string::npos);
  CHECK_FALSE(hosts.at("EXCLUS1").has_hotfix_inventory);
}

TEST_CASE("local date-time rule for LastWriteTime") {
  int64_t t = 0;
  REQUIRE(ParseLocalDateTime("4/4/2000 12:46:00 AM", t));
  CHECK(t == FiletimeFromUnixSeconds(954809160));
  REQUIRE(ParseLocalDateTime("11/14/2001 1:27:00 PM", t));
  CHECK(t == FiletimeFromUnixSeconds(1005744420));
  REQUIRE(ParseLocalDateTime("24/05/2000 11:22:00", t));  // en-GB
  CHECK(t == FiletimeFromUnixSeconds(959167320));
  REQUIRE(ParseLocalDateTime("04/04/2000 00:46:00", t));
  CHECK(t == FiletimeFromUnixSeconds(954809160));
  REQUIRE(ParseLocalDateTime("24.05.2000 11:22:00", t));  // de-DE
  CHECK(t == FiletimeFromUnixSeconds(959167320));
  REQUIRE(ParseLocalDateTime("2000-04-04T00:46:00", t));
  CHECK(t == FiletimeFromUnixSeconds(954809160));
  CHECK_FALSE(ParseLocalDateTime("13/13/2000 10:00:00", t));
  CHECK_FALSE(ParseLocalDateTime("yesterday", t));
  CHECK_FALSE(ParseLocalDateTime("4/4/2000 13:00:00 PM", t));
}

TEST_CASE("file listing with VersionInfo objects: sizes, versions, times, bad Length line") {
  const char kList[] =
      "#TYPE Selected.System.IO.FileInfo\r\n"
      "\"FullName\",\"Length\",\"LastWriteTime\",\"VersionInfo\"\r\n"
      "\"C:\\WINNT\\system32\\winlogon.exe\",\"192784\",\"11/14/2001 1:27:00 PM\","
      "\"File:             C:\\WINNT\\system32\\winlogon.exe\r\n"
      "InternalName:     winlogon\r\n"
      "OriginalFilename: WINLOGON.EXE\r\n"
      "FileVersion:      4.0.1381.7103\r\n"
      "FileDescription:  Windows NT Logon Application\r\n"
      "Product:          Microsoft(R) Windows NT(TM) Operating System\r\n"
      "ProductVersion:   4.0.1381.7103\r\n"
      "Debug:            False\r\n"
      "Language:         English (United States)\r\n"
      "\"\r\n"
      // line 13
      "\"C:\\WINNT\\system32\\Services.exe\",\"135440\",\"4/4/2000 12:46:00 AM\","
      "\"File:             C:\\WINNT\\system32\\Services.exe\r\n"
      "FileVersion:      4.00\r\n"
      "\"\r\n"
      // line 16
      "\"C:\\WINNT\\system32\\config\",\"\",\"4/4/2000 12:46:00 AM\",\"\"\r\n"
      "\"C:\\WINNT\\system32\\bad.dll\",\"12x\",\"4/4/2000 12:46:00 AM\",\"\"\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/EXCLUS1/files.csv", Utf16LeBom(kList),
                            FallbackHostForPath("inv", "inv/EXCLUS1/files.csv"), hosts,
                            sink) == InventoryFormat::kFileList);
  const HostFacts& h = hosts.at("EXCLUS1");
  CHECK(h.has_file_inventory);
  CHECK_FALSE(h.has_hotfix_inventory);
  REQUIRE(h.files.size() == 2);
  const FileFact* w = h.FindFile("WINLOGON.EXE");
  REQUIRE(w != nullptr);
  CHECK(w->name == "winlogon.exe");
  CHECK(w->path == "C:\\WINNT\\system32\\winlogon.exe");
  CHECK(w->size == 192784u);
  CHECK(w->has_version);
  CHECK(w->file_version == "4.0.1381.7103");
  CHECK(w->product_version == "4.0.1381.7103");
  CHECK(w->time == FiletimeFromUnixSeconds(1005744420));
  CHECK(w->from.line == 3u);
  const FileFact* s = h.FindFile("services.exe");
  REQUIRE(s != nullptr);
  CHECK(s->size == 135440u);
  CHECK_FALSE(s->has_version);  // "4.00" says nothing about the build
  CHECK(s->version_text == "4.00");
  CHECK(s->time == FiletimeFromUnixSeconds(954809160));
  CHECK(s->from.line == 13u);
  auto l17 = AtLine(sink, 17);
  REQUIRE(l17.size() == 1);
  CHECK(l17[0]->what == "Length '12x' is not a byte count; row skipped");
}

TEST_CASE("file listing with VersionInfo.FileVersion and PSComputerName, en-GB times") {
  const char kList[] =
      "\"PSComputerName\",\"FullName\",\"Length\",\"LastWriteTime\",\"VersionInfo.FileVersion\"\n"
      "\"EXCLUS2\",\"C:\\WINNT\\system32\\winlogon.exe\",\"192272\",\"04/04/2000 00:46:00\",\"4.00\"\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("files.csv", Utf8(kList, false), "files", hosts, sink) ==
        InventoryFormat::kFileList);
  REQUIRE(hosts.count("EXCLUS2") == 1);
  const FileFact* w = hosts.at("EXCLUS2").FindFile("winlogon.exe");
  REQUIRE(w != nullptr);
  CHECK(w->size == 192272u);
  CHECK(w->time == FiletimeFromUnixSeconds(954809160));
  CHECK_FALSE(w->has_version);
}

TEST_CASE("file listing taken by address: each address is its own host") {
  const char kList[] =
      "\"FullName\",\"Length\",\"LastWriteTime\"\n"
      "\"\\\\10.0.0.5\\ADMIN$\\system32\\winlogon.exe\",\"192272\",\"04/04/2000 00:46:00\"\n"
      "\"\\\\10.0.0.6\\ADMIN$\\system32\\winlogon.exe\",\"180000\",\"04/04/1999 00:46:00\"\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("files.csv", Utf8(kList, false), "files", hosts, sink) ==
        InventoryFormat::kFileList);
  REQUIRE(hosts.size() == 2);
  REQUIRE(hosts.count("10.0.0.5") == 1);
  REQUIRE(hosts.count("10.0.0.6") == 1);
  const FileFact* w = hosts.at("10.0.0.6").FindFile("winlogon.exe");
  REQUIRE(w != nullptr);
  CHECK(w->size == 180000u);
}

TEST_CASE("format detection by content, unknown files reported as skipped") {
  CHECK(DetectInventoryFormat("REGEDIT4\r\n") == InventoryFormat::kRegHotfix);
  CHECK(DetectInventoryFormat("\r\nNode,HotFixID\r\n") == InventoryFormat::kWmicQfe);
  CHECK(DetectInventoryFormat("\"Host Name\",\"OS Name\"\r\n") == InventoryFormat::kSystemInfo);
  CHECK(DetectInventoryFormat("hello world\n") == InventoryFormat::kUnknown);
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("notes.txt", Utf8("hello\n", false), "notes", hosts, sink) ==
        InventoryFormat::kUnknown);
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].file == "notes.txt");
  CHECK(sink.items()[0].what.find("file skipped") != std::string::npos);
  CHECK(hosts.empty());
}

TEST_CASE("fallback host: parent folder inside the root, else the file name stem") {
  CHECK(FallbackHostForPath("inv", "inv/EXCLUS1_hotfix.reg") == "EXCLUS1");
  CHECK(FallbackHostForPath("inv/", "inv/exclus2.reg") == "exclus2");
  CHECK(FallbackHostForPath("inv", "inv/EXCLUS3/hotfix.reg") == "EXCLUS3");
  CHECK(FallbackHostForPath("inv/EXCLUS4.reg", "inv/EXCLUS4.reg") == "EXCLUS4");
  CHECK(FallbackHostForPath("inv", "inv/EXCLUS1-hotfix.reg") == "EXCLUS1");
  CHECK(FallbackHostForPath("inv", "inv/WEB-01-files.csv") == "WEB-01");
  CHECK(FallbackHostForPath("inv", "inv/WEB-01.reg") == "WEB-01");
  // The same rule as for event logs: "FC-NODE1_hotfix" is host FC-NODE1, not FC.
  CHECK(FallbackHostForPath("inv", "inv/FC-NODE1_hotfix.reg") == "FC-NODE1");
  CHECK(FallbackHostForPath("inv", "inv/FC-NODE1-systeminfo.csv") == "FC-NODE1");
  // A file whose name names no host names none (its rows are reported), not host "hotfix".
  CHECK(FallbackHostForPath("inv", "inv/hotfix.reg") == "");
  // Given by itself, a file with a kind name belongs to the folder it sits in.
  CHECK(FallbackHostForPath("fleet/EXCLUS5/files.csv", "fleet/EXCLUS5/files.csv") == "EXCLUS5");
}

TEST_CASE("LoadInventory: a fleet folder, merged per host, sorted, missing path is an error") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(LOGRX_BINARY_DIR) / "test_tmp" / "inventory_fleet";
  fs::remove_all(root);
  fs::create_directories(root / "EXCLUS1");
  auto write = [](const fs::path& p, const std::vector<std::byte>& b) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  };
  write(root / "EXCLUS1" / "hotfix.reg", Utf16LeBom(kRegExport));
  write(root / "systeminfo.csv", Utf16LeBom(kSystemInfo));
  write(root / "readme.txt", Utf8("collected 2002-04-05\n", false));
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  REQUIRE(LoadInventory(root.string(), hosts, sink).ok());
  REQUIRE(hosts.size() == 2);
  const HostFacts& h = hosts.at("EXCLUS1");
  CHECK(h.FindHotfix("Q299444") != nullptr);  // from the .reg in EXCLUS1/
  CHECK(h.FindHotfix("Q956572") != nullptr);  // from systeminfo
  CHECK(h.os.version == "5.2");
  CHECK(h.inventory_sources.size() == 2);
  size_t skipped = 0;
  for (const Diagnostic& d : sink.items()) {
    if (d.file.find("readme.txt") != std::string::npos) ++skipped;
  }
  CHECK(skipped == 1);
  std::map<std::string, HostFacts> none;
  Status missing = LoadInventory((root / "nope").string(), none, sink);
  CHECK(missing.code() == StatusCode::kNotFound);
  fs::remove_all(root);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::inventory
