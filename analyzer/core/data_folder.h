// Data folders: the *.xml files of a rules/ or kb/ folder and of its subfolders
// (rules/archive/, kb/archive/), in one order every loader shares.
//
//   Result<std::vector<std::string>> files = ListDataFiles("kb", ".xml", {"messages"});
//   for (const std::string& f : *files) ... ;   // "kb/clussvc-1024.xml", ..., "kb/archive/q101.xml"
//
// Order: the folder's own files first, then its subfolders' files, each by path relative
// to the folder (byte-wise, '/' separated): never the directory's own order. Symlinked subfolders are not followed (a link cycle cannot
// make the walk endless); symlinked files are listed. Fails with kIo ("kb: cannot list:
// Permission denied") when the folder or a subfolder cannot be read. Thread-safe.
#ifndef LOGRX_CORE_DATA_FOLDER_H_
#define LOGRX_CORE_DATA_FOLDER_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace logrx {

// Regular files (or links to them) under `dir` whose name ends in `ext`, walking every
// subfolder except those whose name is in `skip_dirs` (at any depth). An empty result is
// not an error (the caller says what was expected). REQUIRES: `dir` is a directory.
[[nodiscard]] Result<std::vector<std::string>> ListDataFiles(
    const std::string& dir, std::string_view ext, std::initializer_list<std::string_view> skip_dirs = {});

}  // namespace logrx

#endif  // LOGRX_CORE_DATA_FOLDER_H_
