// HotfixTable: a hotfix list printed as a text table rather than CSV, already decoded to
// UTF-8: `wmic qfe list > qfe.txt` or `wmic qfe get CSName,HotFixID,InstalledOn > qfe.txt`
// (columns start where their header starts), and `Get-HotFix > hotfix.txt` (PowerShell's
// table: a line of dashes under the header marks each column).
//
//   if (LooksLikeHotfixTable(text)) {
//     HotfixTable t = ParseHotfixTable(text);  // t.names {"Source", "Description", "HotFixID", ...}
//     for (const HotfixTableRow& r : t.rows) ...  // r.fields parallel to t.names, r.line
//   }
//
// A column runs from its start to the next column's start, in console columns (a CJK letter
// takes two); cells are trimmed, so values with spaces ("NT AUTHORITY\SYSTEM", "Security
// Update") stay whole. A header line again starts a new table with its own columns (tables
// appended to one file); its rows' fields are put under the first table's names, and names
// it adds go at the end (earlier rows are shorter then). Pure; thread-safe.
#ifndef LOGRX_INVENTORY_HOTFIX_TABLE_H_
#define LOGRX_INVENTORY_HOTFIX_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logrx::inventory {

// True when the first non-blank line is a header naming the HotFixID column (as a whole
// word, case-insensitive) with neither a comma nor a quote in it (that would be CSV).
bool LooksLikeHotfixTable(std::string_view text) noexcept;

struct HotfixTableRow {
  uint32_t line = 0;
  std::vector<std::string> fields;
};

struct HotfixTable {
  std::vector<std::string> names;
  std::vector<HotfixTableRow> rows;  // every non-blank line after a header (and dashes)
};
HotfixTable ParseHotfixTable(std::string_view text);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_HOTFIX_TABLE_H_
