#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "support/pe_builder.h"

namespace logrx::inventory {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, const std::vector<std::byte>& b) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

fs::path MakeTree() {
  const fs::path root = fs::path(LOGRX_BINARY_DIR) / "test_tmp" / "sysroot";
  fs::remove_all(root);
  testing::PeVersionSpec v;
  v.file_version = testing::PeVersion(4, 0, 1381, 7103);
  v.product_version = testing::PeVersion(4, 0, 1381, 7103);
  v.strings = {{"FileVersion", "4.0.1381.7103"}};
  Write(root / "WINNT" / "System32" / "WinLogon.EXE",
        testing::PeBuilder(pe::kMachineI386).SetTimestamp(0x3BF27E3C).AddVersion(v).Build());
  Write(root / "WINNT" / "System32" / "drivers" / "ClusDisk.SYS",
        testing::PeBuilder(pe::kMachineAlpha).SetTimestamp(0x37286E80).Build());
  Write(root / "WINNT" / "cluster" / "CLUSSVC.EXE",
        testing::PeBuilder(pe::kMachineI386).AddVersion(v).Build());
  Write(root / "WINNT" / "System32" / "services.exe", {std::byte{'x'}, std::byte{'y'}});
  Write(root / "WINNT" / "System32" / "other.dll", testing::PeBuilder().Build());
  Write(root / "WINNT" / "System32" / "CONFIG" / "SysEvent.Evt", {std::byte{0}});
  Write(root / "WINNT" / "System32" / "config" / "AppEvent.EVT", {std::byte{0}});
  Write(root / "WINNT" / "System32" / "config" / "SAM", {std::byte{0}});
  return root;
}

TEST_SUITE("inventory") {

TEST_CASE("system root: mixed-case names found, PE machine/version/timestamp read") {
  const fs::path root = MakeTree();
  HostFacts facts;
  CollectingSink sink;
  REQUIRE(ScanSystemRoot(root.string(),
                         {"winlogon.exe", "clusdisk.sys", "clussvc.exe", "services.exe",
                          "rpcrt4.dll"},
                         facts, sink)
              .ok());
  CHECK(facts.has_file_inventory);
  REQUIRE(facts.files.size() == 4);
  const FileFact* w = facts.FindFile("winlogon.exe");
  REQUIRE(w != nullptr);
  CHECK(w->path == (root / "WINNT" / "System32" / "WinLogon.EXE").string());
  CHECK(w->from.file == w->path);
  CHECK(w->arch == Arch::kX86);
  CHECK(w->has_version);
  CHECK(w->file_version == "4.0.1381.7103");
  CHECK(w->product_version == "4.0.1381.7103");
  CHECK(w->version_text == "4.0.1381.7103");
  CHECK(w->has_pe_timestamp);
  CHECK(w->pe_timestamp == 0x3BF27E3Cu);
  CHECK(w->has_size);
  CHECK(w->size == fs::file_size(root / "WINNT" / "System32" / "WinLogon.EXE"));
  CHECK(w->has_time);
  const FileFact* d = facts.FindFile("clusdisk.sys");
  REQUIRE(d != nullptr);
  CHECK(d->arch == Arch::kAlpha);
  CHECK_FALSE(d->has_version);
  CHECK(d->pe_timestamp == 0x37286E80u);
  const FileFact* c = facts.FindFile("clussvc.exe");
  REQUIRE(c != nullptr);
  CHECK(c->path.find("cluster") != std::string::npos);
  const FileFact* s = facts.FindFile("services.exe");
  REQUIRE(s != nullptr);  // not a PE: size kept, reported
  CHECK(s->size == 2u);
  CHECK(s->arch == Arch::kUnknown);
  CHECK_FALSE(s->has_pe_timestamp);
  CHECK(facts.FindFile("other.dll") == nullptr);  // not asked for
  bool services_warned = false, rpcrt4_noted = false;
  for (const Diagnostic& diag : sink.items()) {
    if (diag.file.find("services.exe") != std::string::npos) services_warned = true;
    if (diag.what == "rpcrt4.dll not found under the system root") rpcrt4_noted = true;
  }
  CHECK(services_warned);
  CHECK(rpcrt4_noted);
  fs::remove_all(root);
}

TEST_CASE("system root: the system32 folder itself can be the root; missing root fails") {
  const fs::path root = MakeTree();
  HostFacts facts;
  CollectingSink sink;
  REQUIRE(ScanSystemRoot((root / "WINNT" / "System32").string(), {"WINLOGON.EXE"}, facts, sink)
              .ok());
  REQUIRE(facts.files.size() == 1);
  CHECK(facts.files[0].name == "winlogon.exe");
  HostFacts none;
  CHECK(ScanSystemRoot((root / "absent").string(), {"winlogon.exe"}, none, sink).code() ==
        StatusCode::kNotFound);
  CHECK(ScanSystemRoot((root / "WINNT" / "cluster").string(), {"clussvc.exe"}, none, sink)
            .code() == StatusCode::kNotFound);
  fs::remove_all(root);
}

TEST_CASE("system root: event logs found case-insensitively (.evt and winevt .evtx)") {
  const fs::path root = MakeTree();
  Write(root / "Windows" / "System32" / "winevt" / "Logs" / "System.evtx", {std::byte{0}});
  Write(root / "Windows" / "System32" / "winevt" / "Logs" / "notes.txt", {std::byte{0}});
  const std::vector<std::string> logs = FindEventLogs(root.string());
  const std::vector<std::string> want = {
      (root / "WINNT" / "System32" / "CONFIG" / "SysEvent.Evt").string(),
      (root / "WINNT" / "System32" / "config" / "AppEvent.EVT").string(),
      (root / "Windows" / "System32" / "winevt" / "Logs" / "System.evtx").string(),
  };
  std::vector<std::string> sorted_want = want;
  std::sort(sorted_want.begin(), sorted_want.end());
  CHECK(logs == sorted_want);
  CHECK(FindEventLogs((root / "absent").string()).empty());
  fs::remove_all(root);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::inventory
