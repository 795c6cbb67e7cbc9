// ListFolder: a bounded, sorted, non-throwing listing of one folder (core/list_folder.h).
#include "core/list_folder.h"

#include <algorithm>

namespace logrx {

FolderListing ListFolder(const std::filesystem::path& dir,
                         const std::function<bool(const std::filesystem::directory_entry&)>& keep) {
  namespace fs = std::filesystem;
  FolderListing out;
  // increment(ec), never operator++ (which throws), and never a range-for.
  fs::directory_iterator it(dir, out.error);
  size_t n = 0;
  for (; !out.error && it != fs::directory_iterator(); it.increment(out.error)) {
    if (n++ == kMaxFolderEntries) {
      out.truncated = true;
      break;
    }
    if (!keep || keep(*it)) out.paths.push_back(it->path());
  }
  std::sort(out.paths.begin(), out.paths.end());
  return out;
}

}  // namespace logrx
