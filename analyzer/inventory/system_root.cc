// ScanSystemRoot and FindEventLogs: a mounted Windows system drive or %SystemRoot%, read
// case-insensitively because the mount (ntfs-3g, a copied tree) keeps Windows' mixed case.
#include "inventory/system_root.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "core/input_file.h"
#include "core/list_folder.h"
#include "core/strings.h"
#include "core/time.h"
#include "pe/image.h"
#include "pe/system_folders.h"

namespace logrx::inventory {

namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMaxPeBytes = 128ull << 20;
using pe::ChildrenNoCase;

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

Arch ArchFromMachine(uint16_t m) {
  switch (m) {
    case pe::kMachineI386: return Arch::kX86;
    case pe::kMachineAlpha: return Arch::kAlpha;
    case pe::kMachineAmd64: return Arch::kX64;
    case pe::kMachineIa64: return Arch::kIa64;
    case pe::kMachineArm64: return Arch::kArm64;
    default: return Arch::kUnknown;
  }
}

void Note(DiagnosticSink& sink, Severity sev, const std::string& file, std::string what) {
  ReportProblem(sink, sev, file, "system root", std::move(what));
}

}  // namespace

Status ScanSystemRoot(const std::string& root, const std::vector<std::string>& file_names,
                      HostFacts& facts, DiagnosticSink& sink) {
  if (!IsDir(root)) return Status::NotFound(fmt::format("system root '{}' is not a folder", root));
  const std::vector<fs::path> dirs = pe::FindSystemFolders(fs::path(root)).search;
  if (dirs.empty()) {
    return Status::NotFound(fmt::format(
        "system root '{}': no WINNT/system32, Windows/System32 or system32 folder", root));
  }
  std::set<std::string> wanted;
  for (const std::string& n : file_names) wanted.insert(ToLowerAscii(n));
  std::set<std::string> found;
  facts.has_file_inventory = true;
  if (std::find(facts.inventory_sources.begin(), facts.inventory_sources.end(), root) ==
      facts.inventory_sources.end()) {
    facts.inventory_sources.push_back(root);
  }
  for (const fs::path& dir : dirs) {
    const FolderListing hits = ListFolder(dir, [&wanted](const fs::directory_entry& e) {
      std::error_code ec;
      return wanted.count(ToLowerAscii(e.path().filename().string())) != 0 &&
             e.is_regular_file(ec);
    });
    for (const fs::path& p : hits.paths) {
      const std::string path = p.string();
      FileFact f;
      f.name = ToLowerAscii(p.filename().string());
      f.path = path;
      f.from.file = path;
      f.from.detail = "system root";
      std::error_code tec;
      const auto mtime = fs::last_write_time(p, tec);
      if (!tec) {
        const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::file_clock::to_sys(mtime).time_since_epoch());
        f.has_time = true;
        f.time = FiletimeFromUnixSeconds(secs.count());
      }
      Result<std::vector<std::byte>> bytes = ReadWholeFile(path, kMaxPeBytes);
      if (!bytes.ok()) {
        Note(sink, Severity::kError, path,
             fmt::format("unreadable ({}); file skipped", bytes.status().ToString()));
        continue;
      }
      f.has_size = true;
      f.size = bytes->size();
      Result<pe::PeImage> image = pe::PeImage::Parse(*bytes, path);
      if (!image.ok()) {
        Note(sink, Severity::kWarning, path,
             fmt::format("not a readable PE image ({}); size and time kept",
                         image.status().ToString()));
      } else {
        f.arch = ArchFromMachine(image->machine());
        f.has_pe_timestamp = true;
        f.pe_timestamp = image->timestamp();
        if (std::optional<pe::PeVersionInfo> v = image->Version()) {
          f.version_text = v->file_version_text;
          if (v->has_fixed) {
            f.has_version = true;
            f.file_version = v->FileVersionString();
            f.product_version = v->ProductVersionString();
          }
        }
      }
      found.insert(f.name);
      facts.files.push_back(std::move(f));
    }
  }
  for (const std::string& w : wanted) {
    if (found.count(w) == 0) {
      Note(sink, Severity::kNote, root, fmt::format("{} not found under the system root", w));
    }
  }
  return Status::Ok();
}

std::vector<std::string> FindEventLogs(const std::string& root) {
  std::vector<std::string> out;
  if (!IsDir(root)) return out;
  const std::vector<fs::path> sys32 = pe::FindSystemFolders(fs::path(root)).system32;
  auto collect = [&](const fs::path& dir, std::string_view ext) {
    const FolderListing logs = ListFolder(dir, [ext](const fs::directory_entry& e) {
      std::error_code ec;
      return EqualsNoCase(e.path().extension().string(), ext) && e.is_regular_file(ec);
    });
    for (const fs::path& p : logs.paths) out.push_back(p.string());
  };
  for (const fs::path& s : sys32) {
    for (const fs::path& c : ChildrenNoCase(s, "config")) collect(c, ".evt");
    for (const fs::path& w : ChildrenNoCase(s, "winevt")) {
      for (const fs::path& l : ChildrenNoCase(w, "Logs")) collect(l, ".evtx");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace logrx::inventory
