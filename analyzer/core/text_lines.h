// ForEachLine: the lines of a text in order, numbered from 1, for the line-oriented readers
// (inventory exports, .reg files, `dir` listings) that report problems as file:line.
//
//   ForEachLine(text, [&](uint32_t n, std::string_view line) { ... });
//   ForEachLine(text, [&](uint32_t n, std::string_view line) { return !done; });  // false stops
//
// A line is the text up to "\n" without it and without the "\r"s before it (CRLF, and wmic's
// CR CR LF); leading blanks are kept. A last line without "\n" counts; "" has no line, and
// "a\n" has one. Views point into `text`. Pure; thread-safe.
#ifndef LOGRX_CORE_TEXT_LINES_H_
#define LOGRX_CORE_TEXT_LINES_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace logrx {

template <typename Fn>
void ForEachLine(std::string_view text, Fn&& fn) {
  uint32_t n = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(i, e - i);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    i = e + 1;
    ++n;
    if constexpr (std::is_same_v<std::invoke_result_t<Fn&, uint32_t, std::string_view>, bool>) {
      if (!fn(n, line)) return;
    } else {
      fn(n, line);
    }
  }
}

}  // namespace logrx

#endif  // LOGRX_CORE_TEXT_LINES_H_
