// Console columns of UTF-8 text, as a Windows console lays out a table (PowerShell's
// Format-Table, wmic): one column per code point, two for East Asian wide and fullwidth
// letters. Text tables are cut into cells by column, and a column is not a byte once a cell
// holds "é" (two bytes, one column) or "更" (three bytes, two columns).
//
//   size_t b = ByteAtColumn(line, 34);   // where the cell that starts at column 34 begins
//
// A byte that does not start valid UTF-8 counts as one column. Pure; thread-safe.
#ifndef LOGRX_CORE_CONSOLE_COLUMNS_H_
#define LOGRX_CORE_CONSOLE_COLUMNS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace logrx {

// Columns code point `cp` takes: 2 for East Asian Wide (W) and Fullwidth (F), else 1.
size_t ConsoleColumnsOf(uint32_t cp) noexcept;

// Bytes of the UTF-8 sequence that starts at `s[i]` (1 when it is not a valid one), its code
// point in `cp` (the byte itself when invalid). REQUIRES: i < s.size().
size_t NextCodePoint(std::string_view s, size_t i, uint32_t& cp) noexcept;

// Columns of the whole of `s`.
size_t ConsoleColumns(std::string_view s) noexcept;

// The byte offset in `line` where column `col` starts; line.size() when the line is shorter.
// A wide letter that straddles `col` counts as starting there.
size_t ByteAtColumn(std::string_view line, size_t col) noexcept;

}  // namespace logrx

#endif  // LOGRX_CORE_CONSOLE_COLUMNS_H_
