// Small ASCII text helpers shared by the inventory parsers (case-insensitive compare,
// trimming, hotfix id normalisation).
//
//   std::string id;
//   if (NormalizeHotfixId("KB299444", id)) facts.hotfixes.push_back({id, ...});  // "Q299444"
//
// Pure functions; thread-safe; no allocation except where a std::string is returned.
#ifndef LOGRX_INVENTORY_TEXT_UTIL_H_
#define LOGRX_INVENTORY_TEXT_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace logrx::inventory {

bool EqualsNoCase(std::string_view a, std::string_view b) noexcept;
bool StartsWithNoCase(std::string_view s, std::string_view prefix) noexcept;
// Position of `needle` in `hay` ignoring ASCII case, or npos.
size_t FindNoCase(std::string_view hay, std::string_view needle) noexcept;
// Trims ASCII space, tab, CR, LF and NUL at both ends.
std::string_view Trim(std::string_view s) noexcept;
std::string ToLowerAscii(std::string_view s);

// "KB299444", "kb299444", "Q299444", "Q299444-SRP" -> "Q299444". A hotfix id is a Q or KB
// prefix followed by 4-8 digits. False (out untouched) for anything else.
bool NormalizeHotfixId(std::string_view text, std::string& out);
// The first "KB<digits>" or "Q<digits>" (as a whole word) inside free text, normalised.
bool FindHotfixIdInText(std::string_view text, std::string& out);

// "2019-05-14" (UTC date of a FILETIME).
std::string FormatIsoDate(int64_t filetime);

// The last path component of a Windows or POSIX path ("C:\WINNT\system32\x.dll" -> "x.dll").
std::string_view BaseName(std::string_view path) noexcept;

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_TEXT_UTIL_H_
