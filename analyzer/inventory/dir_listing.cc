#include "inventory/dir_listing.h"

#include <fmt/format.h>

#include <array>

#include "core/numbers.h"
#include "core/strings.h"
#include "core/text_lines.h"
#include "inventory/inventory_formats.h"

namespace logrx::inventory {

namespace {

// "Directory of C:\WINNT\system32" in the languages we read, and PowerShell's
// "Directory: C:\WINNT\system32"; the folder follows. cmd.exe writes a redirected listing in
// the OEM code page, so a French "Répertoire" arrives as CP850's 0x82 read as Windows-1252
// (U+201A); a listing saved as Unicode has the real letter.
constexpr std::array<std::string_view, 6> kFolderHeadings = {
    "Directory of ",          "Directory: ",     "Verzeichnis von ", "R\xC3\xA9pertoire de ",
    "R\xE2\x80\x9Apertoire de ", "Directorio de "};

// PowerShell's Mode column ("-a----", "d-----", "-ar---"): the letters of d a r h s l or '-'.
bool IsModeToken(std::string_view t) noexcept {
  if (t.size() < 5 || t.size() > 6) return false;
  for (char c : t) {
    if (c != '-' && c != 'd' && c != 'a' && c != 'r' && c != 'h' && c != 's' && c != 'l') {
      return false;
    }
  }
  return true;
}

bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }

// Splits off the next run of non-blank characters.
std::string_view NextToken(std::string_view& s) noexcept {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  size_t e = i;
  while (e < s.size() && s[e] != ' ' && s[e] != '\t') ++e;
  const std::string_view t = s.substr(i, e - i);
  s.remove_prefix(e);
  return t;
}

// digits{1,4} SEP digits{1,2} SEP digits{2,4}, one separator out of / . -: the date a file
// line starts with. Summary lines ("1 File(s)", "1.234.567 Bytes frei") are not dates.
bool LooksLikeDate(std::string_view t) noexcept {
  size_t i = 0;
  auto digits = [&](size_t lo, size_t hi) {
    size_t n = 0;
    while (i < t.size() && IsDigit(t[i])) ++i, ++n;
    return n >= lo && n <= hi;
  };
  if (!digits(1, 4) || i >= t.size()) return false;
  const char sep = t[i];
  if (sep != '/' && sep != '.' && sep != '-') return false;
  ++i;
  if (!digits(1, 2) || i >= t.size() || t[i] != sep) return false;
  ++i;
  return digits(2, 4) && i == t.size();
}

// "192,272", "192.272", "192'272", "192 272" with a no-break space, "192272": the
// separators (each after a digit) dropped, the digits read by core ParseUnsigned.
bool ParseSize(std::string_view t, uint64_t& out) {
  std::string digits;
  for (size_t i = 0; i < t.size(); ++i) {
    if (IsDigit(t[i])) {
      digits += t[i];
    } else if (digits.empty()) {
      return false;
    } else if (t.substr(i, 2) == "\xC2\xA0") {
      ++i;  // U+00A0 NO-BREAK SPACE, the French thousands separator
    } else if (t[i] != ',' && t[i] != '.' && t[i] != '\'') {
      return false;
    }
  }
  return !t.empty() && IsDigit(t.back()) && ParseUnsigned(digits, out);
}

bool IsFolderTag(std::string_view t) noexcept {
  return t.size() > 2 && t.front() == '<' && t.back() == '>';  // <DIR>, <JUNCTION>, <SYMLINK>
}

// One line that starts with a date. Returns "" and fills `f` (or leaves f.name empty for a
// folder or link), else what is wrong.
std::string ParseFileLine(std::string_view rest, std::string_view date, DirFile& f) {
  std::string_view time = NextToken(rest);
  std::string when = fmt::format("{} ", date);
  if (time.empty() || !IsDigit(time.front())) return fmt::format("no time after the date '{}'", date);
  const char last = time.back();
  if (last == 'a' || last == 'A' || last == 'p' || last == 'P') {  // NT 4.0: "12:46a"
    when.append(time.substr(0, time.size() - 1));
    when.append((last == 'a' || last == 'A') ? " AM" : " PM");
  } else {
    when.append(time);
  }
  std::string_view after = rest;
  std::string_view size = NextToken(after);
  if (EqualsNoCase(size, "AM") || EqualsNoCase(size, "PM")) {
    when.append(" ").append(size);
    rest = after;
    size = NextToken(rest);
  } else {
    rest = after;
  }
  const std::string_view name = Trim(rest, kSpaceOrNul);
  if (size.empty() || name.empty()) return "no size and name after the date and time";
  if (IsFolderTag(size)) return "";
  if (!ParseSize(size, f.size)) return fmt::format("'{}' is not a file size", size);
  if (!ParseLocalDateTime(when, f.filetime)) {
    return fmt::format("date and time '{}' not understood", when);
  }
  f.has_time = true;
  f.name.assign(name);
  return "";
}

}  // namespace

bool LooksLikeDirListing(std::string_view text) noexcept {
  int seen = 0;
  bool heading = false;
  ForEachLine(text, [&](uint32_t, std::string_view raw) {
    const std::string_view line = Trim(raw, kSpaceOrNul);
    if (line.empty()) return true;
    heading = StartsWithNoCase(line, "Volume in drive ");
    for (std::string_view h : kFolderHeadings) heading = heading || StartsWithNoCase(line, h);
    return !heading && ++seen < 4;
  });
  return heading;
}

DirListing ParseDirListing(std::string_view text) {
  DirListing out;
  std::string folder;
  ForEachLine(text, [&](uint32_t n, std::string_view raw) {
    const std::string_view line = Trim(raw, kSpaceOrNul);
    bool heading = false;
    for (std::string_view h : kFolderHeadings) {
      if (StartsWithNoCase(line, h)) {
        folder.assign(Trim(line.substr(h.size()), kSpaceOrNul));
        heading = true;
      }
    }
    if (heading || line.empty()) return;
    std::string_view rest = line;
    std::string_view date = NextToken(rest);
    if (IsModeToken(date)) {  // PowerShell: "-a----  4/4/2000  12:46 AM  192272 winlogon.exe"
      if (date.front() == 'd') return;  // a folder
      date = NextToken(rest);
    }
    if (!LooksLikeDate(date)) return;  // "1 File(s) 192,272 bytes", headings and the like
    DirFile f;
    f.line = n;
    f.folder = folder;
    std::string what = ParseFileLine(rest, date, f);
    if (!what.empty()) {
      out.errors.emplace_back(n, std::move(what));
    } else if (!f.name.empty()) {
      out.files.push_back(std::move(f));
    }
  });
  return out;
}

}  // namespace logrx::inventory
