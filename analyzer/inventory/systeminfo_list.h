// SystemInfoList: the records of `systeminfo` in its default list layout (`systeminfo >
// EXCLUS1.txt`, `systeminfo /s EXCLUS1 /fo list`), already decoded to UTF-8, as the same
// columns and values `systeminfo /fo csv` gives, so one row reader serves both.
//
//   if (LooksLikeSystemInfoList(text))
//     for (const SystemInfoListRecord& r : ParseSystemInfoList(text)) ...  // r.names[i], r.values[i]
//
// A record starts at each "Host Name:" line (several hosts may be appended to one file);
// "Label:   value" lines give a column, and the indented lines under a label continue its
// value, joined with "," as the CSV layout joins them ("3 Hotfix(s) Installed.,[01]:
// Q299444,..."). Labels are English only, as for the CSV layout. Pure; thread-safe.
#ifndef LOGRX_INVENTORY_SYSTEMINFO_LIST_H_
#define LOGRX_INVENTORY_SYSTEMINFO_LIST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logrx::inventory {

// True when the first non-blank line is "Host Name:" and "OS Name:" follows within the next
// three non-blank lines.
bool LooksLikeSystemInfoList(std::string_view text) noexcept;

struct SystemInfoListRecord {
  uint32_t line = 0;                // its "Host Name:" line
  std::vector<std::string> names;   // "Host Name", "OS Name", ..., "Hotfix(s)"
  std::vector<std::string> values;  // parallel to names
};
std::vector<SystemInfoListRecord> ParseSystemInfoList(std::string_view text);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_SYSTEMINFO_LIST_H_
