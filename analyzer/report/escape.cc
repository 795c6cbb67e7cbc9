#include "report/escape.h"

#include <cstdint>

#include <fmt/format.h>

#include "core/console_columns.h"
#include "core/utf16.h"

namespace logrx::report {

namespace {

// Decodes the next code point of well-formed UTF-8 (callers sanitize first).
uint32_t NextCodePoint(std::string_view s, size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = 1;
  uint32_t cp = b0;
  if (b0 >= 0xF0) {
    len = 4;
    cp = b0 & 0x07u;
  } else if (b0 >= 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
  }
  if (i + len > s.size()) len = s.size() - i;  // cannot happen on sanitized input
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += len;
  return cp;
}

// Length of the well-formed UTF-8 sequence at s[i] (1..4) with its code point in `cp`, or 0
// when the byte at i does not start one (stray continuation, cut short, overlong, surrogate).
size_t WellFormedUtf8At(std::string_view s, size_t i, uint32_t& cp) noexcept {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n = 0;
  uint32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1Fu;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0Fu;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (n > s.size() - i) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool IsC1(uint32_t cp) noexcept { return cp >= 0x80 && cp <= 0x9F; }
bool IsBidiControl(uint32_t cp) noexcept {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Sanitizes only when needed: the common case (valid UTF-8) costs one scan, no copy.
template <typename Fn>
void ForEachCodePoint(std::string_view s, Fn&& fn) {
  std::string clean;
  if (!IsValidUtf8(s)) {
    clean = SanitizeUtf8(s);
    s = clean;
  }
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const uint32_t cp = NextCodePoint(s, i);
    fn(cp, s.substr(start, i - start));
  }
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

std::string TerminalSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = WellFormedUtf8At(s, i, cp);
    if (n == 0) {  // not UTF-8: the byte itself, visible (not U+FFFD) for forensics
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", cp);
    } else if (IsC1(cp) || IsBidiControl(cp)) {
      // \u{..}, not \xNN: U+009B must not read like the lone byte 0x9B.
      fmt::format_to(std::back_inserter(out), "\\u{{{:04x}}}", cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  ForEachCodePoint(s, [&out](uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&': out += "&amp;"; return;
      case '<': out += "&lt;"; return;
      case '>': out += "&gt;"; return;
      case '"': out += "&quot;"; return;
      case '\'': out += "&#39;"; return;
      case '\t': case '\n': case '\r': out += bytes; return;
      default: break;
    }
    if (cp < 0x20 || cp == 0x7F || IsC1(cp)) {
      out += kReplacement;
    } else {
      out += bytes;
    }
  });
  return out;
}

std::string CsvCell(std::string_view s) {
  std::string body;
  body.reserve(s.size() + 2);
  bool needs_quotes = false;
  ForEachCodePoint(s, [&](uint32_t cp, std::string_view bytes) {
    if (cp == ',' || cp == '"' || cp == '\n' || cp == '\r') needs_quotes = true;
    if (cp == '"') {
      body += "\"\"";
    } else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F) {
      body += kReplacement;
    } else {
      body += bytes;
    }
  });
  if (!body.empty()) {
    const char c = body.front();
    if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
      body.insert(body.begin(), '\'');
    }
  }
  if (!needs_quotes) return body;
  std::string out;
  out.reserve(body.size() + 2);
  out += '"';
  out += body;
  out += '"';
  return out;
}

size_t DisplayWidth(std::string_view s) noexcept { return ConsoleColumns(s); }

}  // namespace logrx::report
