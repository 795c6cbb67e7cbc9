// File listings without FullName (Get-ChildItem | Select Name,Directory,...): read by Name
// in Directory, or refused with the column that is missing.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/diagnostic.h"
#include "inventory/inventory_formats.h"

namespace logrx::inventory {

namespace {

std::vector<std::byte> Bytes(const std::string& s) {
  std::vector<std::byte> b;
  for (char c : s) b.push_back(static_cast<std::byte>(c));
  return b;
}

}  // namespace

TEST_SUITE("inventory") {

TEST_CASE("file listing with Name and Directory instead of FullName is read") {
  const std::string csv =
      "\"Name\",\"Directory\",\"Length\",\"LastWriteTime\",\"FileVersion\"\r\n"
      "\"winlogon.exe\",\"C:\\WINNT\\system32\",\"192784\",\"11/14/2001 12:00:00 PM\","
      "\"4.0.1381.7103\"\r\n"
      "\"services.exe\",\"C:\\WINNT\\system32\\\",\"135440\",\"4/4/2000 12:00:00 PM\",\"\"\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/NODE7-files.csv", Bytes(csv), "NODE7", hosts, sink) ==
        InventoryFormat::kFileList);
  REQUIRE(hosts.size() == 1);
  const HostFacts& h = hosts.begin()->second;
  REQUIRE(h.files.size() == 2);
  CHECK(h.files[0].name == "winlogon.exe");
  CHECK(h.files[0].path == "C:\\WINNT\\system32\\winlogon.exe");
  CHECK(h.files[0].size == 192784);
  CHECK(h.files[1].path == "C:\\WINNT\\system32\\services.exe");  // no doubled separator
  CHECK(sink.items().empty());
}

TEST_CASE("file listing without FullName or Directory is refused naming the column") {
  const std::string csv =
      "\"Name\",\"Length\",\"FileVersion\"\r\n\"winlogon.exe\",\"192784\",\"4.0.1381.7103\"\r\n";
  std::map<std::string, HostFacts> hosts;
  CollectingSink sink;
  CHECK(ParseInventoryBytes("inv/x.csv", Bytes(csv), "x", hosts, sink) == InventoryFormat::kUnknown);
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].ToString().find("Directory (or FullName) column") != std::string::npos);
  CHECK(hosts.empty());
  const std::string no_name = "\"Length\",\"FileVersion\"\r\n\"192784\",\"4.0.1381.7103\"\r\n";
  CollectingSink sink2;
  ParseInventoryBytes("inv/y.csv", Bytes(no_name), "y", hosts, sink2);
  REQUIRE(sink2.items().size() == 1);
  CHECK(sink2.items()[0].ToString().find("FullName (or Name and Directory) column") != std::string::npos);
}

TEST_CASE("file listing: Length is a whole byte count that fits 64 bits, else the row is skipped") {
  auto sizes = [](const std::string& length, std::string& diag) {
    const std::string csv = "\"FullName\",\"Length\"\r\n\"C:\\WINNT\\a.dll\",\"" + length + "\"\r\n";
    std::map<std::string, HostFacts> hosts;
    CollectingSink sink;
    ParseInventoryBytes("inv/H-files.csv", Bytes(csv), "H", hosts, sink);
    diag = sink.items().empty() ? std::string() : sink.items()[0].what;
    std::vector<uint64_t> out;
    for (const auto& entry : hosts) {
      for (const FileFact& f : entry.second.files) out.push_back(f.size);
    }
    return out;
  };
  std::string diag;
  CHECK(sizes("18446744073709551615", diag) == std::vector<uint64_t>{18446744073709551615u});
  CHECK(diag.empty());
  CHECK(sizes("0", diag) == std::vector<uint64_t>{0});
  for (const char* bad : {"18446744073709551616", "12a", "-1", "1,024", "0x10"}) {
    CAPTURE(bad);
    CHECK(sizes(bad, diag).empty());
    CHECK(diag == "Length '" + std::string(bad) + "' is not a byte count; row skipped");
  }
}

}  // TEST_SUITE

}  // namespace logrx::inventory
