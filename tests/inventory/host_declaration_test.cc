// The "[logrx host]" declaration (docs/inventory.md "Host declaration") and
// which host an inventory file belongs to (a file in one host's folder naming another host
// is a conflict and is not used).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "inventory/inventory_formats.h"

namespace logrx::inventory {
namespace {

std::vector<std::byte> Bytes(std::string_view text) {
  std::vector<std::byte> out;
  for (char c : text) out.push_back(std::byte(static_cast<unsigned char>(c)));
  return out;
}

TEST_SUITE("inventory") {

TEST_CASE("host declaration: platform and edition, with file:line; bad lines are warnings") {
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  const std::string text =
      "\r\n[logrx host]\r\n# NT4 has no systeminfo\r\nhost = EXCLUS9\r\nplatform = Alpha\r\n"
      "edition = TSE\r\nplatform = MIPS\r\ncolour = blue\r\nnonsense\r\n";
  CHECK(ParseInventoryBytes("inv/decl.txt", Bytes(text), "decl", hosts, sink) ==
        InventoryFormat::kHostDeclaration);
  REQUIRE(hosts.count("EXCLUS9") == 1);
  const HostFacts& h = hosts["EXCLUS9"];
  CHECK(h.os.arch == Arch::kAlpha);
  CHECK(h.os.arch_from == "inv/decl.txt:5 platform");
  CHECK(h.os.edition == "TSE");
  CHECK(h.os.terminal_server);
  CHECK_FALSE(h.os.known);  // a declaration is not OS facts
  REQUIRE(sink.items().size() == 3);
  CHECK(sink.items()[0].line == 7);
  CHECK(sink.items()[0].what == "platform 'MIPS' is not Intel, Alpha or x64; line skipped");
  CHECK(sink.items()[1].what == "unknown key 'colour'; line skipped");
  CHECK(sink.items()[2].line == 9);
}

TEST_CASE("host declaration: merged into the host's OS facts from the log") {
  HostFacts log;
  log.host = "EXCLUS9";
  log.os.known = true;
  log.os.version = "4.0";
  log.os.sp = 6;
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  ParseInventoryBytes("d.txt", Bytes("[logrx host]\nplatform = x86\nproduct = Exchange Server 5.5\n"),
                      "EXCLUS9", hosts, sink);
  MergeFacts(log, hosts["EXCLUS9"]);
  CHECK(log.products == std::vector<std::string>{"Exchange Server 5.5"});
  CHECK(log.has_product_inventory);
  CHECK(log.os.arch == Arch::kX86);
  CHECK(log.os.sp == 6);
  CHECK(log.os.arch_from == "d.txt:2 platform");
}

TEST_CASE("inventory: a file in one host's folder naming another host is a conflict, not used") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "logrx_h13_folder_conflict";
  fs::remove_all(root);
  fs::create_directories(root / "EXCLUS1");
  {
    std::ofstream f(root / "EXCLUS1" / "files.csv");
    f << "\"FullName\",\"Length\",\"LastWriteTime\"\n"
         "\"\\\\EXCLUS2\\ADMIN$\\system32\\winlogon.exe\",\"192272\",\"4/4/2000 12:46:00 AM\"\n";
    std::ofstream g(root / "EXCLUS1" / "own.csv");
    g << "\"FullName\",\"Length\",\"LastWriteTime\"\n"
         "\"\\\\EXCLUS1\\ADMIN$\\system32\\winlogon.exe\",\"192272\",\"4/4/2000 12:46:00 AM\"\n";
    std::ofstream top(root / "top.csv");
    top << "\"FullName\",\"Length\",\"LastWriteTime\"\n"
           "\"\\\\EXCLUS3\\ADMIN$\\system32\\winlogon.exe\",\"192272\",\"4/4/2000 12:46:00 AM\"\n";
  }
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(LoadInventory(root.string(), hosts, sink).ok());
  CHECK(hosts.count("EXCLUS2") == 0);
  CHECK(hosts.count("EXCLUS1") == 1);
  CHECK(hosts.count("EXCLUS3") == 1);  // the top of --inventory belongs to the hosts it names
  bool warned = false;
  for (const Diagnostic& d : sink.items()) {
    warned = warned || d.what.find("describes host 'EXCLUS2' but sits in the folder of host 'EXCLUS1'") == 0;
  }
  CHECK(warned);
  fs::remove_all(root);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::inventory
