#include "cli/stage_paths.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

namespace logrx::cli {

namespace {
bool IsDir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
}  // namespace

std::string ResolveStageDir(const std::string& given, const char* name) {
  if (!given.empty()) return given;
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    std::string exe(buf, static_cast<size_t>(n));
    const size_t slash = exe.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : exe.substr(0, slash);
    if (IsDir(dir + "/../" + name)) return dir + "/../" + name;
    if (IsDir(dir + "/" + name)) return dir + "/" + name;
  }
  return name;
}

}  // namespace logrx::cli
