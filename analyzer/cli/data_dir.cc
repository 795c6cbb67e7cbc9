#include "cli/data_dir.h"

#include <filesystem>
#include <system_error>

namespace logrx::cli {

std::string ResolveDataDir(const std::string& given, const char* name) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::is_directory(name, ec)) return name;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path() / name;
    if (fs::is_directory(beside, ec)) return beside.string();
  }
  return name;
}

}  // namespace logrx::cli
