// FileLoc: where in an input or data file something is, for errors and diagnostics.
//
//   FileLoc at{"rules/base.xml", kNoOffset, 12};
//   at.ToString();   // "rules/base.xml:12"
//
// Binary formats locate by byte offset, text formats by 1-based line (and column when
// known). Unlike an Event's SourceLoc (a file id, kept small for the hot path) it names
// the file, so a Status or Diagnostic can be printed on its own.
#ifndef LOGRX_CORE_FILE_LOC_H_
#define LOGRX_CORE_FILE_LOC_H_

#include <cstdint>
#include <string>

namespace logrx {

inline constexpr uint64_t kNoOffset = ~uint64_t{0};

struct FileLoc {
  std::string file;             // path as the user gave it (relative stays relative)
  uint64_t offset = kNoOffset;  // absolute byte offset, kNoOffset if not known
  uint32_t line = 0;            // 1-based line, 0 if not known
  uint32_t column = 0;          // 1-based column within `line`, 0 if not known

  // "a.xml:12:5", "a.xml:12", "System.evt @0x1a00", "a.xml" (the parts that are known).
  std::string ToString() const;
};

}  // namespace logrx

#endif  // LOGRX_CORE_FILE_LOC_H_
