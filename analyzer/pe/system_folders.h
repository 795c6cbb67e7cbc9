// SystemFolders: where a Windows system root keeps its system files, found in a mounted
// drive or a copied tree (ntfs-3g and copies keep Windows' mixed case, so every name is
// matched ignoring ASCII case).
//
//   SystemFolders f = FindSystemFolders("/mnt/win");
//   for (const auto& dir : f.search) ...          // system32 (+drivers), then cluster
//   std::filesystem::path dll = FindFileNoCase(f.search, "netevent.dll");
//
// Looked for: <root>/{WINNT,Windows}/system32, <root>/system32, and <root> itself when it
// is a system32 folder; each one's drivers folder; <root>/{WINNT,Windows}/cluster and
// <root>/cluster. Reads directories only (at most kMaxFolderEntries entries each, core/list_folder.h); results
// are sorted so they do not depend on directory order. Thread-safe.
#ifndef LOGRX_PE_SYSTEM_FOLDERS_H_
#define LOGRX_PE_SYSTEM_FOLDERS_H_

#include <filesystem>
#include <string_view>
#include <vector>

namespace logrx::pe {

struct SystemFolders {
  std::vector<std::filesystem::path> system32;  // WINNT, Windows, then the root's own
  // Search order: each system32 folder followed by its drivers folder, then each cluster
  // folder.
  std::vector<std::filesystem::path> search;
};

SystemFolders FindSystemFolders(const std::filesystem::path& root);

// Children of `dir` whose name equals `name` ignoring ASCII case, sorted (a case-sensitive
// mount may hold both "System32" and "system32"). Empty when `dir` cannot be read.
std::vector<std::filesystem::path> ChildrenNoCase(const std::filesystem::path& dir,
                                                  std::string_view name);

// The first regular file named `name` (ignoring case) in `dirs`, in order; empty if none.
std::filesystem::path FindFileNoCase(const std::vector<std::filesystem::path>& dirs,
                                     std::string_view name);

}  // namespace logrx::pe

#endif  // LOGRX_PE_SYSTEM_FOLDERS_H_
