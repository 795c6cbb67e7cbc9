// Walk: turns the paths given to `logrx scan` into a sorted list of files to read.
// A folder named "inventory" inside a tree holds inventories, not logs (see WalkOptions).
//
//   CollectingSink diags;
//   std::vector<WalkedFile> files = Walk({"fleet/"}, {.skip_dirs = {"fleet/inventory"}}, diags);
//
// Folders are walked recursively in name order. Directories are visited once by
// (device, inode), so symlink loops end; an unreadable folder is reported (error) and the
// walk goes on. A symlink that leads out of the inputs is not followed unless
// WalkOptions::follow (a note says so). An input that is not a regular file or folder
// (FIFO, device, socket) is an error; below an input such files are skipped with a note.
// Names starting with '.' are ignored. A file is a candidate when the readers know its
// extension or its first bytes carry the EVTX/EVT magic (readers/format_sniff.h);
// anything else is returned with `skip` and `skip_reason` set (the scanner lists it as
// skipped).
// Reads the file system; thread-compatible.
#ifndef LOGRX_FLEET_WALK_H_
#define LOGRX_FLEET_WALK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace logrx::fleet {

// Why a walked file is not read for events.
enum class Skip : uint8_t {
  kNone,             // read it for events
  kNotEventLog,      // neither a known extension nor the EVTX/EVT magic
  kRegistryExport,   // a .reg file: an inventory, given among the logs
  kUsedAsInventory,  // an inventory export the scanner reads as such (fleet/inventory_sniff.h)
};

struct WalkedFile {
  std::string path;         // input path joined with the relative path below it ("-": stdin)
  std::string open_path;    // what to open when not `path` (the spooled standard input)
  uint64_t size = 0;
  Skip skip = Skip::kNone;
  std::string skip_reason;  // what the scanner says of a skipped file; empty when kNone
};

struct WalkOptions {
  std::vector<std::string> skip_dirs;  // e.g. the --inventory folder inside the tree
  // When set, folders named "inventory" (any case) below an input are not walked for
  // events; their paths are appended here (sorted walk order) for inventory::LoadInventory.
  std::vector<std::string>* inventory_dirs = nullptr;
  // At most this many files are listed (memory is a few hundred bytes per file, held for
  // the whole scan); past it the walk stops with an error naming the folder it was in.
  size_t max_files = 1'000'000;
  // A symlink below an input whose target lies outside every input is not followed
  // (a note names it) unless this is set.
  bool follow = false;
  // The input "-" is this file (standard input copied by the CLI), listed as "-".
  std::string stdin_file;
};

// The form of a file name used in reports: unchanged when it is UTF-8; otherwise every
// byte of an ill-formed sequence and every backslash is written \xNN (lossless).
std::string DisplayPath(std::string_view raw);

// Sorted by path, without duplicates (a file reached twice, e.g. through a symlink to
// a folder already walked, is listed once).
std::vector<WalkedFile> Walk(const std::vector<std::string>& inputs, const WalkOptions& options,
                             DiagnosticSink& sink);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_WALK_H_
