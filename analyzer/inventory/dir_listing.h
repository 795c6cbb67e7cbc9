// DirListing: the files of a cmd.exe `dir` listing, the one file inventory an NT 4.0
// workstation can make of a server (`dir \\EXCLUS1\ADMIN$\system32\winlogon.exe > x.txt`),
// already decoded to UTF-8.
//
//   if (LooksLikeDirListing(text)) {
//     DirListing d = ParseDirListing(text);
//     for (const DirFile& f : d.files) ...  // f.folder "\\EXCLUS1\ADMIN$\system32"
//   }
//
// The layouts of NT 4.0 ("04/04/00  12:46a   192,272 winlogon.exe"), of Windows 2000 and
// later ("04/04/2000  12:46 AM   192,272 winlogon.exe", 24-hour locales
// "04.04.2000  00:46   192.272 winlogon.exe") and of PowerShell's dir
// ("-a----   4/4/2000  12:46 AM   192272 winlogon.exe" under "Directory: ..."); headings in
// English, German, French or Spanish ("Directory of", "Verzeichnis von", "Répertoire de",
// "Directorio de"). Folders, junctions and links, and the summary lines are not files. A line that starts like a file
// line but is not one is reported in `errors` with its line number. Pure; thread-safe.
#ifndef LOGRX_INVENTORY_DIR_LISTING_H_
#define LOGRX_INVENTORY_DIR_LISTING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace logrx::inventory {

// True when one of the first four non-blank lines is a `dir` heading ("Volume in drive",
// "Directory of", PowerShell's "Directory:", or the German, French or Spanish forms).
bool LooksLikeDirListing(std::string_view text) noexcept;

struct DirFile {
  std::string folder;      // from the "Directory of" heading above it; "" when none
  std::string name;        // as listed
  uint64_t size = 0;
  bool has_time = false;
  int64_t filetime = 0;    // the listed local wall-clock time (no zone), minute precision
  uint32_t line = 0;
};

// The files in listing order, and each line that starts with a date but is not a file line
// (line number, what is wrong with it).
struct DirListing {
  std::vector<DirFile> files;
  std::vector<std::pair<uint32_t, std::string>> errors;
};
DirListing ParseDirListing(std::string_view text);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_DIR_LISTING_H_
