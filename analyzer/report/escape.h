// Escaping event-derived text for each output: terminal, HTML, CSV. Event data is
// hostile (markup, formulas, ANSI escapes, NUL, invalid UTF-8), so every sink passes every
// string that came from an input file through one of these before writing it.
//
//   out += TerminalSafe(match.message);       // "\x1b[2J" is printed as the text "\x1b[2J"
//   out += HtmlEscape(ev.provider);           // "<script>" -> "&lt;script&gt;"
//
// Pure functions; thread-safe. Ill-formed UTF-8 (a stray byte, a sequence cut short, an
// overlong form, an encoded surrogate) becomes U+FFFD in HTML and CSV; TerminalSafe shows
// each such byte as \xNN instead, so the bytes stay visible for forensics.
#ifndef LOGRX_REPORT_ESCAPE_H_
#define LOGRX_REPORT_ESCAPE_H_

#include <string>
#include <string_view>

namespace logrx::report {

// For a terminal or a plain-text file (the text report, and every line the CLI prints on
// stderr): C0 controls and DEL as "\xNN" ("\n", "\r", "\t" spelt), C1 controls
// (U+0080..U+009F, e.g. the 8-bit CSI) and the bidirectional controls (U+202A..U+202E,
// U+2066..U+2069) as "\u{NNNN}", and each byte that is not part of well-formed UTF-8 as
// "\xNN" (so "\x9b" is the lone byte 0x9B, "\u{009b}" the character). Nothing a terminal
// interprets survives; all other text is kept as is.
std::string TerminalSafe(std::string_view s);

// For HTML text and quoted attribute values: & < > " ' become entities; C0 controls other
// than TAB/LF/CR and C1 controls become U+FFFD (HTML forbids them).
std::string HtmlEscape(std::string_view s);

// One RFC 4180 cell: quoted when it holds a comma, quote, CR or LF (quotes doubled). A
// cell starting with = + - @ TAB or CR is prefixed with ' so a spreadsheet reads it as
// text, not a formula. NUL and other C0 controls (except TAB/LF/CR) become U+FFFD.
std::string CsvCell(std::string_view s);

// Columns a string takes in a monospace terminal (core ConsoleColumns: a code point each,
// two for East Asian wide letters). Used to align columns.
size_t DisplayWidth(std::string_view s) noexcept;

}  // namespace logrx::report

#endif  // LOGRX_REPORT_ESCAPE_H_
