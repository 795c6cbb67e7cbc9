#include "report/text_wrap.h"

#include <algorithm>

#include "core/console_columns.h"


namespace logrx::report {

namespace {

// Byte length of the longest prefix of `s` that takes at most `cols` columns (>= 1 code
// point, so progress is always made).
size_t PrefixBytes(std::string_view s, size_t cols) {
  size_t i = 0, n = 0;
  while (i < s.size()) {
    uint32_t cp = 0;
    const size_t len = NextCodePoint(s, i, cp);
    const size_t w = ConsoleColumnsOf(cp);
    if (n + w > cols && n > 0) break;
    n += w;
    i += len;
  }
  return i;
}

// Columns of `s`, not counting our own colour codes (ESC [ ... m): event text reaches
// here through TerminalSafe, so a real ESC byte is always one of ours.
size_t Width(std::string_view s) {
  size_t n = 0, i = 0;
  while (i < s.size()) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      size_t j = i + 2;
      while (j < s.size() && s[j] != 'm') ++j;
      i = j + 1;
      continue;
    }
    uint32_t cp = 0;
    i += NextCodePoint(s, i, cp);
    n += ConsoleColumnsOf(cp);
  }
  return n;
}

// The first line holds `first` columns, the others `width`.
std::vector<std::string> Wrap(std::string_view text, size_t first, size_t rest) {
  first = std::max<size_t>(first, 1);
  rest = std::max<size_t>(rest, 1);
  std::vector<std::string> lines;
  auto width_now = [&] { return lines.empty() ? first : rest; };
  std::string line;
  size_t line_w = 0;
  size_t i = 0;
  while (i < text.size()) {
    // The spaces before the word are kept when it stays on the same line (alignment).
    size_t gap = 0;
    while (i < text.size() && text[i] == ' ') {
      ++gap;
      ++i;
    }
    if (i == text.size()) break;
    gap = std::max<size_t>(gap, 1);
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view word = text.substr(i, j - i);
    i = j;
    size_t w = Width(word);
    // Fits on the current line (after its spaces)?
    if (line_w > 0 && line_w + gap + w <= width_now()) {
      line.append(gap, ' ');
      line.append(word);
      line_w += gap + w;
      continue;
    }
    if (line_w > 0) {
      lines.push_back(std::move(line));
      line.clear();
      line_w = 0;
    }
    while (w > width_now()) {  // a word longer than a line: cut it
      const size_t cut = PrefixBytes(word, width_now());
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
      w = Width(word);
    }
    line.assign(word);
    line_w = w;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

std::vector<std::string> WrapText(std::string_view text, size_t width) {
  return Wrap(text, width, width);
}

std::string HangingWrap(std::string_view first, size_t first_width, std::string_view text,
                        size_t indent, size_t width) {
  std::string out(first);
  const size_t avail = width > first_width ? width - first_width : 0;
  const size_t rest = width > indent ? width - indent : 1;
  if (text.empty()) return out + "\n";
  if (avail < 20 && first_width > indent) {
    out += '\n';
    for (const std::string& l : Wrap(text, rest, rest)) {
      out.append(indent, ' ');
      out += l;
      out += '\n';
    }
    return out;
  }
  const std::vector<std::string> lines = Wrap(text, avail, rest);
  for (size_t k = 0; k < lines.size(); ++k) {
    if (k > 0) out.append(indent, ' ');
    out += lines[k];
    out += '\n';
  }
  return out;
}

}  // namespace logrx::report
