#include "pe/system_folders.h"

#include <algorithm>
#include <system_error>

#include "core/list_folder.h"
#include "core/strings.h"

namespace logrx::pe {
namespace {

namespace fs = std::filesystem;

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

}  // namespace

std::vector<fs::path> ChildrenNoCase(const fs::path& dir, std::string_view name) {
  return ListFolder(dir, [name](const fs::directory_entry& e) {
           return EqualsNoCase(e.path().filename().string(), name);
         }).paths;
}

SystemFolders FindSystemFolders(const fs::path& root) {
  SystemFolders out;
  std::vector<fs::path> windirs;
  for (std::string_view w : {"WINNT", "Windows"}) {
    for (const fs::path& p : ChildrenNoCase(root, w)) {
      if (IsDir(p)) windirs.push_back(p);
    }
  }
  windirs.push_back(root);  // the root may be %SystemRoot% itself
  for (const fs::path& w : windirs) {
    for (const fs::path& p : ChildrenNoCase(w, "system32")) {
      if (IsDir(p)) out.system32.push_back(p);
    }
  }
  if (EqualsNoCase(root.filename().string(), "system32") ||
      (root.filename().empty() && EqualsNoCase(root.parent_path().filename().string(), "system32"))) {
    out.system32.push_back(root);
  }
  for (const fs::path& s : out.system32) {
    out.search.push_back(s);
    for (const fs::path& d : ChildrenNoCase(s, "drivers")) out.search.push_back(d);
  }
  for (const fs::path& w : windirs) {
    for (const fs::path& c : ChildrenNoCase(w, "cluster")) {
      if (IsDir(c)) out.search.push_back(c);
    }
  }
  return out;
}

fs::path FindFileNoCase(const std::vector<fs::path>& dirs, std::string_view name) {
  for (const fs::path& dir : dirs) {
    for (const fs::path& p : ChildrenNoCase(dir, name)) {
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) return p;
    }
  }
  return {};
}

}  // namespace logrx::pe
