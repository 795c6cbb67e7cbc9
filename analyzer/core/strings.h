// ASCII string helpers: trimming and case-insensitive comparison of names, keys and
// column headers (Windows treats them case-insensitively, and only ASCII letters fold).
//
//   if (EqualsNoCase(Trim(header_cell), "Event ID")) ...
//   std::map<std::string, int, LessNoCase> by_name;   // "Security" == "SECURITY"
//
// Bytes >= 0x80 never change or fold, so UTF-8 text stays UTF-8 and compares bytewise.
// The results do not depend on the C locale. Pure functions; thread-safe; views returned
// point into the argument; nothing allocates except the functions returning std::string.
#ifndef LOGRX_CORE_STRINGS_H_
#define LOGRX_CORE_STRINGS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace logrx {

// The XML 1.0 white space characters (production S): space, tab, CR, LF.
inline constexpr std::string_view kXmlSpace = " \t\r\n";
// What C's isspace() accepts in the "C" locale: XML space plus VT and FF.
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";
// XML space plus NUL: text decoded from registry data and fixed-size Windows buffers
// carries NUL padding.
inline constexpr std::string_view kSpaceOrNul{" \t\r\n\0", 5};

// `s` without leading and trailing characters from `chars`.
std::string_view Trim(std::string_view s, std::string_view chars = kXmlSpace) noexcept;

// `s` trimmed, with every run of characters from `space` inside it made one ' ' (text of
// indented XML, of article paragraphs).
std::string CollapseSpace(std::string_view s, std::string_view space = kXmlSpace);

constexpr char ToLowerAscii(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char ToUpperAscii(char c) noexcept {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
std::string ToLowerAscii(std::string_view s);
std::string ToUpperAscii(std::string_view s);

// The parts with `sep` between each two: Join({"a", "", "b"}, ", ") == "a, , b".
std::string Join(const std::vector<std::string>& parts, std::string_view sep = ", ");

// Inline: rules compare providers and channels with it for every event.
inline bool EqualsNoCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) return false;
  }
  return true;
}
bool StartsWithNoCase(std::string_view s, std::string_view prefix) noexcept;
bool EndsWithNoCase(std::string_view s, std::string_view suffix) noexcept;
// Position of the first `needle` in `hay` ignoring ASCII case, or npos. An empty needle
// is found at 0.
size_t FindNoCase(std::string_view hay, std::string_view needle) noexcept;
// <0, 0 or >0 as `a` sorts before, with or after `b` once both are folded to lower case.
int CompareNoCase(std::string_view a, std::string_view b) noexcept;

// Transparent "less" for ordered containers keyed case-insensitively.
struct LessNoCase {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept {
    return CompareNoCase(a, b) < 0;
  }
};

// Transparent hash and equality for unordered containers keyed case-insensitively (ASCII),
// so a lookup by string_view neither allocates nor folds a copy.
struct HashNoCase {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept {
    uint64_t h = 14695981039346656037ull;  // FNV-1a over the lower-cased bytes
    for (char c : s) h = (h ^ static_cast<unsigned char>(ToLowerAscii(c))) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
};
struct EqualNoCase {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept { return EqualsNoCase(a, b); }
};

}  // namespace logrx

#endif  // LOGRX_CORE_STRINGS_H_
