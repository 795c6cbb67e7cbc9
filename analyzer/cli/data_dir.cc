#include "cli/data_dir.h"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

// Set on this file by cmake/install.cmake; a missing one means that file names a stale path.
#if !defined(LOGRX_DATA_DIR) || !defined(LOGRX_BIN_TO_DATA)
#error "LOGRX_DATA_DIR / LOGRX_BIN_TO_DATA not set: update the source path in cmake/install.cmake"
#endif

namespace logrx::cli {
namespace {

namespace fs = std::filesystem;

// The source tree named by a build tree's marker file (first line), or "" when there is none.
fs::path SourceTreeOf(const fs::path& exe_dir) {
  std::ifstream in(exe_dir / "logrx-source-dir");
  std::string line;
  if (!in || !std::getline(in, line) || line.size() > 4096) return {};
  return fs::path(line);
}

}  // namespace

std::string ResolveDataDir(const std::string& given, const char* name) {
  if (!given.empty()) return given;
  std::error_code ec;
  std::vector<fs::path> candidates;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path dir = exe.parent_path();
    if (const fs::path src = SourceTreeOf(dir); !src.empty()) candidates.push_back(src / name);
    candidates.push_back(dir / LOGRX_BIN_TO_DATA / name);
    candidates.push_back(dir.parent_path() / name);
    candidates.push_back(dir / name);
  }
  candidates.push_back(fs::path(LOGRX_DATA_DIR) / name);
  for (const fs::path& c : candidates) {
    if (fs::is_directory(c, ec)) return c.lexically_normal().string();
  }
  return name;  // ./<name>, or a missing folder the loader reports by this name
}

}  // namespace logrx::cli
