#include "core/console_columns.h"

#include <array>
#include <utility>

namespace logrx {

namespace {

// East Asian Width W and F ranges of Unicode (UAX #11) that hold letters a console shows.
constexpr std::array<std::pair<uint32_t, uint32_t>, 14> kWide = {{
    {0x1100, 0x115F},    // Hangul Jamo initials
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, CJK symbols and punctuation
    {0x3041, 0x33FF},    // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compat
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE30, 0xFE4F},    // CJK compatibility forms
    {0xFF00, 0xFF60},    // fullwidth forms
    {0xFFE0, 0xFFE6},    // fullwidth signs
    {0x1F300, 0x1F64F},  // pictographs, emoticons
    {0x20000, 0x2FFFD},  // CJK extensions B-F
    {0x30000, 0x3FFFD},  // CJK extension G
}};

bool IsContinuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

size_t ConsoleColumnsOf(uint32_t cp) noexcept {
  if (cp < 0x1100) return 1;
  for (const auto& [lo, hi] : kWide) {
    if (cp >= lo && cp <= hi) return 2;
  }
  return 1;
}

size_t NextCodePoint(std::string_view s, size_t i, uint32_t& cp) noexcept {
  const auto b = static_cast<unsigned char>(s[i]);
  cp = b;
  size_t n = 0;
  uint32_t min = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
    min = 0x80;
    cp = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    min = 0x800;
    cp = b & 0x0Fu;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    min = 0x10000;
    cp = b & 0x07u;
  } else {
    cp = b;
    return 1;
  }
  if (i + n > s.size()) {
    cp = b;
    return 1;
  }
  for (size_t k = 1; k < n; ++k) {
    if (!IsContinuation(s[i + k])) {
      cp = b;
      return 1;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = b;
    return 1;
  }
  return n;
}

size_t ConsoleColumns(std::string_view s) noexcept {
  size_t i = 0, n = 0;
  while (i < s.size()) {
    uint32_t cp = 0;
    i += NextCodePoint(s, i, cp);
    n += ConsoleColumnsOf(cp);
  }
  return n;
}

size_t ByteAtColumn(std::string_view line, size_t col) noexcept {
  size_t i = 0, at = 0;
  while (i < line.size()) {
    uint32_t cp = 0;
    const size_t n = NextCodePoint(line, i, cp);
    const size_t w = ConsoleColumnsOf(cp);
    if (at + w > col) return i;
    at += w;
    i += n;
  }
  return line.size();
}

}  // namespace logrx
