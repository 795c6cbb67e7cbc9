// ListDataFiles: a recursive, sorted walk of a data folder (core/data_folder.h).
#include "core/data_folder.h"

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace logrx {

Result<std::vector<std::string>> ListDataFiles(const std::string& dir, std::string_view ext,
                                               std::initializer_list<std::string_view> skip_dirs) {
  namespace fs = std::filesystem;
  struct Found {
    bool nested;      // in a subfolder
    std::string rel;  // generic path relative to `dir`
    std::string path;
    bool operator<(const Found& o) const { return std::tie(nested, rel) < std::tie(o.nested, o.rel); }
  };
  std::vector<Found> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    const std::string name = e.path().filename().string();
    std::error_code type_ec;
    if (e.is_directory(type_ec) && !e.is_symlink(type_ec)) {
      if (std::find(skip_dirs.begin(), skip_dirs.end(), name) != skip_dirs.end()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (name.size() <= ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0) {
      continue;
    }
    if (!e.is_regular_file(type_ec)) continue;
    std::error_code rel_ec;
    const fs::path rel = fs::relative(e.path(), dir, rel_ec);
    found.push_back(Found{it.depth() > 0, rel_ec ? e.path().generic_string() : rel.generic_string(),
                          e.path().string()});
  }
  if (ec) return Status::Io(fmt::format("{}: cannot list: {}", dir, ec.message()));
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  out.reserve(found.size());
  for (Found& f : found) out.push_back(std::move(f.path));
  return out;
}

}  // namespace logrx
