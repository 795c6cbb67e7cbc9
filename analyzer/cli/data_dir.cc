#include "cli/data_dir.h"

#include <filesystem>
#include <system_error>

namespace logrx::cli {

std::string ResolveDataDir(const std::string& given, const char* name) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& c : {exe.parent_path().parent_path() / name, exe.parent_path() / name}) {
      if (fs::is_directory(c, ec)) return c.lexically_normal().string();
    }
  }
  return name;  // ./<name>, or a missing folder the loader reports by this name
}

}  // namespace logrx::cli
