// LoadInventory: walks a file or folder of inventory exports (sorted, so results and
// diagnostics do not depend on directory order) and parses each by content.
#include "inventory/load_inventory.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/input_file.h"
#include "inventory/inventory_formats.h"

namespace logrx::inventory {

namespace {

constexpr uint64_t kMaxInventoryBytes = 64ull << 20;
constexpr size_t kMaxFiles = 100000;
constexpr int kMaxDepth = 8;

void Skip(DiagnosticSink& sink, const std::string& file, std::string what) {
  ReportProblem(sink, Severity::kWarning, file, "inventory", std::move(what));
}

}  // namespace

Status LoadInventory(const std::string& path, std::map<std::string, HostFacts>& hosts,
                     DiagnosticSink& sink) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return Status::NotFound(fmt::format("inventory path '{}' does not exist", path));
  }
  std::vector<std::string> files;
  if (fs::is_directory(st)) {
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    if (ec) return Status::Io(fmt::format("inventory folder '{}': {}", path, ec.message()));
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        Skip(sink, path, fmt::format("cannot list a folder: {}; rest of the folder skipped",
                                     ec.message()));
        break;
      }
      if (it.depth() > kMaxDepth) {
        it.disable_recursion_pending();
        continue;
      }
      std::error_code fec;
      if (it->is_regular_file(fec)) files.push_back(it->path().string());
      if (files.size() > kMaxFiles) {
        Skip(sink, path, "more than 100000 files; the rest skipped");
        break;
      }
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  for (const std::string& file : files) {
    Result<std::vector<std::byte>> bytes = ReadWholeFile(file, kMaxInventoryBytes);
    if (!bytes.ok()) {
      Skip(sink, file, fmt::format("unreadable ({}); file skipped", bytes.status().ToString()));
      continue;
    }
    ParseInventoryBytes(file, *bytes, FallbackHostForPath(path, file), hosts, sink,
                        InHostFolder(path, file));
  }
  return Status::Ok();
}

}  // namespace logrx::inventory
