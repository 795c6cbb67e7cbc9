// ListFolder: the entries of one folder (not its subfolders), bounded and sorted, without
// exceptions: the one directory listing for `--root` system folders, message templates and
// KB import folders. (Recursive data folders: core/data_folder.h.)
//
//   FolderListing l = ListFolder(dir, [](const std::filesystem::directory_entry& e) {
//     return e.path().extension() == ".xml";
//   });
//   if (l.error) return Status::Io(...);   // l.paths still holds what was read before
//
// Reads at most kMaxFolderEntries entries, so a huge folder (or a file system that never
// ends a listing) cannot hold the caller; `truncated` says so. Paths are sorted byte-wise,
// never in the directory's own order. Thread-safe; `keep` is called on the caller's thread.
#ifndef LOGRX_CORE_LIST_FOLDER_H_
#define LOGRX_CORE_LIST_FOLDER_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <system_error>
#include <vector>

namespace logrx {

inline constexpr size_t kMaxFolderEntries = 200000;

struct FolderListing {
  std::vector<std::filesystem::path> paths;  // entries `keep` accepted, sorted
  std::error_code error;                     // why the folder could not be (fully) listed
  bool truncated = false;                    // stopped after kMaxFolderEntries entries
};

// Entries of `dir` for which `keep` returns true (every entry when `keep` is empty).
FolderListing ListFolder(const std::filesystem::path& dir,
                         const std::function<bool(const std::filesystem::directory_entry&)>& keep = {});

}  // namespace logrx

#endif  // LOGRX_CORE_LIST_FOLDER_H_
