#include "inventory/hotfix_table.h"

#include <algorithm>

#include "core/console_columns.h"
#include "core/strings.h"
#include "core/text_lines.h"

namespace logrx::inventory {

namespace {

bool IsBlank(char c) noexcept { return c == ' ' || c == '\t'; }

// The console column where each run of non-blank characters starts, and the runs themselves.
void Runs(std::string_view line, std::vector<size_t>& starts, std::vector<std::string>* words) {
  starts.clear();
  size_t i = 0, col = 0;
  auto step = [&] {
    uint32_t cp = 0;
    i += NextCodePoint(line, i, cp);
    col += ConsoleColumnsOf(cp);
  };
  while (i < line.size()) {
    while (i < line.size() && IsBlank(line[i])) step();
    if (i >= line.size()) break;
    const size_t s = i;
    starts.push_back(col);
    while (i < line.size() && !IsBlank(line[i])) step();
    if (words != nullptr) words->emplace_back(line.substr(s, i - s));
  }
}

// The trimmed cells of `line`: each runs from its start column to the next one's. Columns,
// not bytes: a cell before may hold letters of two or three bytes.
std::vector<std::string> Cells(std::string_view line, const std::vector<size_t>& starts) {
  std::vector<std::string> cells;
  for (size_t c = 0; c < starts.size(); ++c) {
    const size_t from = ByteAtColumn(line, starts[c]);
    const size_t to = c + 1 < starts.size() ? ByteAtColumn(line, starts[c + 1]) : line.size();
    cells.emplace_back(Trim(line.substr(from, to - from), kSpaceOrNul));
  }
  return cells;
}

bool IsDashes(std::string_view line) noexcept {
  const std::string_view t = Trim(line, kSpaceOrNul);
  if (t.empty()) return false;
  for (char c : t) {
    if (c != '-' && !IsBlank(c)) return false;
  }
  return true;
}

bool IsHeader(std::string_view line) noexcept {
  if (line.find_first_of(",\"") != std::string_view::npos) return false;
  std::vector<size_t> starts;
  std::vector<std::string> words;
  Runs(line, starts, &words);
  for (const std::string& w : words) {
    if (EqualsNoCase(w, "HotFixID")) return true;
  }
  return false;
}

}  // namespace

bool LooksLikeHotfixTable(std::string_view text) noexcept {
  bool yes = false;
  ForEachLine(text, [&](uint32_t, std::string_view line) {
    if (Trim(line, kSpaceOrNul).empty()) return true;
    yes = IsHeader(line);
    return false;
  });
  return yes;
}

namespace {

// Where each of a section's columns goes in the table's names: the first section's columns
// are the table's, in order; a later section's are found by name (case-insensitive) and
// added at the end when new.
void MapColumns(const std::vector<std::string>& section, bool first,
                std::vector<std::string>& names, std::vector<size_t>& slot) {
  slot.clear();
  for (const std::string& name : section) {
    size_t at = names.size();
    if (!first) {
      at = static_cast<size_t>(
          std::find_if(names.begin(), names.end(),
                       [&name](const std::string& n) { return EqualsNoCase(n, name); }) -
          names.begin());
    }
    if (at == names.size()) names.push_back(name);
    slot.push_back(at);
  }
}

}  // namespace

HotfixTable ParseHotfixTable(std::string_view text) {
  HotfixTable t;
  std::vector<size_t> starts, slot;
  std::vector<std::string> section;  // the current header's column names
  std::string_view header;
  size_t sections = 0;
  bool dashes_seen = false, mapped = false;
  auto map = [&] {
    if (!mapped) MapColumns(section, sections == 1, t.names, slot);
    mapped = true;
  };
  ForEachLine(text, [&](uint32_t n, std::string_view line) {
    if (Trim(line, kSpaceOrNul).empty()) return;
    // A header again: tables appended to one file (`wmic /node:%h qfe list >> qfe.txt`,
    // `Get-HotFix >> hotfix.txt`), each with its own column widths.
    if (sections == 0 || IsHeader(line)) {
      section.clear();
      Runs(line, starts, &section);  // wmic: a column starts where its header starts
      header = line;
      ++sections;
      dashes_seen = mapped = false;
      return;
    }
    if (!dashes_seen && !mapped && IsDashes(line)) {
      // PowerShell: each column's dashes span its header, spaces included ("Installed On").
      Runs(line, starts, nullptr);
      section = Cells(header, starts);
      dashes_seen = true;
      map();
      return;
    }
    map();
    std::vector<std::string> cells = Cells(line, starts);
    HotfixTableRow row{n, std::vector<std::string>(t.names.size())};
    for (size_t c = 0; c < cells.size(); ++c) row.fields[slot[c]] = std::move(cells[c]);
    t.rows.push_back(std::move(row));
  });
  if (sections > 0) map();  // a header without rows still names its columns
  return t;
}

}  // namespace logrx::inventory
