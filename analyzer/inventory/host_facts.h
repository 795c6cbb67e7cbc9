// HostFacts: what logrx knows about one host (from its own System log, from inventory
// exports, from a mounted system root). Owned data, filled by inventory/, read by advisor/.
//
//   const FileFact* f = facts.FindFile("winlogon.exe");
//   if (f && f->has_version) Compare(f->file_version, "4.0.1381.7103");
//
// Contract between inventory/ and advisor/: fields may be added; none renamed or removed.
#ifndef LOGRX_INVENTORY_HOST_FACTS_H_
#define LOGRX_INVENTORY_HOST_FACTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace logrx::inventory {

enum class Arch : uint8_t { kUnknown, kX86, kAlpha, kX64, kIa64, kArm64, kMips, kPpc };
std::string_view ArchName(Arch a) noexcept;  // "Intel", "Alpha", "x64", ...

// Where a fact came from, for the report's evidence ("systeminfo.csv:2", "6009 record 88").
struct FactSource {
  std::string file;          // path as given by the user
  uint32_t line = 0;         // 1-based, 0 if n/a
  uint64_t record_id = 0;    // for facts read from events
  uint32_t file_id = 0;      // for facts read from events: the run's file table id (fleet maps it)
  std::string detail;        // "EventLog 6009", "HKLM\...\Hotfix\Q299444 Installed=1"
};

struct OsFacts {
  bool known = false;
  std::string product;       // "Windows NT", "Windows 2000", "Windows Server 2019"
  std::string version;       // "4.0", "5.0", "10.0"
  std::string build;         // "1381"
  std::string csd;           // "Service Pack 6" (empty when none)
  int sp = -1;               // service pack number; -1 unknown, 0 none
  bool sp6a = false;         // proven SP6a (Hotfix\Q246009 or "6a" text); SP6 in 6009 says nothing
  std::string kernel;        // "Multiprocessor Free"
  bool multiprocessor = false;
  bool checked_build = false;  // "Checked" kernel (debug build) instead of "Free"
  bool terminal_server = false;
  Arch arch = Arch::kUnknown;
  std::string arch_from;     // where `arch` came from ("x.csv:2 System Type"), "" when unknown
  std::string edition;       // "Server", "Enterprise", "Workstation", "TSE" when known, else ""
  // When the fact was true: the 6009 record's time; kNoTime for inventory exports, which
  // describe the host as it is now (MergeFacts lets them win over log facts).
  int64_t as_of = kNoTime;
  FactSource from;
};

struct HotfixFact {
  std::string id;            // normalised "Q299444" (KB299444 -> Q299444)
  std::string description;   // as the inventory gives it
  std::string installed_on;  // as the inventory gives it
  FactSource from;
};

struct FileFact {
  std::string name;           // lower-case base name, "winlogon.exe"
  std::string path;           // as listed or found
  bool has_size = false;
  uint64_t size = 0;
  bool has_version = false;
  std::string file_version;   // "4.0.1381.7103"
  std::string product_version;
  std::string version_text;   // the version as the source wrote it ("4.00", "4.0.1381.7103 (...)")
  bool has_time = false;
  int64_t time = kNoTime;     // last-write / file date as FILETIME ticks (local build time)
  bool has_pe_timestamp = false;
  uint32_t pe_timestamp = 0;  // IMAGE_FILE_HEADER TimeDateStamp (seconds since 1970 UTC)
  Arch arch = Arch::kUnknown;
  FactSource from;
};

struct BootFacts {
  uint32_t boots = 0;                 // EventLog 6005 (or 6009)
  uint32_t clean_shutdowns = 0;       // 6006
  uint32_t unexpected_shutdowns = 0;  // 6008
  int64_t last_boot = kNoTime;
  uint32_t version_reports = 0;       // 6009 records seen
  int64_t last_unexpected = kNoTime;  // time of the newest 6008
};

struct HostFacts {
  std::string host;          // as the events write it
  OsFacts os;
  BootFacts boots;
  std::vector<HotfixFact> hotfixes;
  std::vector<FileFact> files;
  bool has_hotfix_inventory = false;  // a hotfix list was given (absence then means "not installed")
  bool has_file_inventory = false;    // a file listing or system root was given
  std::vector<std::string> inventory_sources;  // files read for this host
  // Products the host runs, as declared ("Exchange Server 5.5"); has_product_inventory
  // means the list is complete (a product not in it is not installed).
  std::vector<std::string> products;
  bool has_product_inventory = false;

  const HotfixFact* FindHotfix(std::string_view id) const noexcept;  // "Q299444" or "KB299444"
  const FileFact* FindFile(std::string_view name) const noexcept;    // case-insensitive base name
};

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_HOST_FACTS_H_
