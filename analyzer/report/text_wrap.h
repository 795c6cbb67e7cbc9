// Word wrapping for the text report: splits already-escaped text (TerminalSafe output, plus
// our own colour codes, which take no columns) into lines of at most `width` columns.
//
//   for (const std::string& l : WrapText(text, 100 - 4)) out += "    " + l + "\n";
//
// Breaks at spaces; a word longer than the width (a path, a registry key) is cut at a
// code point boundary. Spaces inside a line are kept as they are (aligned columns stay
// aligned); spaces at a break and leading spaces are dropped. Pure; thread-safe.
#ifndef LOGRX_REPORT_TEXT_WRAP_H_
#define LOGRX_REPORT_TEXT_WRAP_H_

#include <string>
#include <string_view>
#include <vector>

namespace logrx::report {

// `width` < 1 is treated as 1. Empty text gives one empty line.
std::vector<std::string> WrapText(std::string_view text, size_t width);

// `first` (already laid out, `first_width` columns) followed by `text` wrapped so that
// every line fits `width`; continuation lines start with `indent` spaces. When fewer than
// 20 columns would be left after `first`, the text starts on the next line instead.
std::string HangingWrap(std::string_view first, size_t first_width, std::string_view text,
                        size_t indent, size_t width);

}  // namespace logrx::report

#endif  // LOGRX_REPORT_TEXT_WRAP_H_
