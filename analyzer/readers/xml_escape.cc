#include "readers/xml_escape.h"

#include <cstddef>
#include <cstdint>

namespace logrx::readers {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendByteEscape(unsigned char c, std::string& out) {
  const char e[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
  out.append(e, 4);
}

// Length of the well-formed UTF-8 sequence at s[i] (lead byte >= 0x80), or 0 if none
// (Unicode 15, table 3-7: no overlongs, no surrogates, nothing past U+10FFFF).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const size_t left = s.size() - i;
  auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
    return k < left && b(k) >= lo && b(k) <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

}  // namespace

void AppendXmlEscaped(std::string_view s, std::string& out, bool attr) {
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const char* rep = nullptr;
    size_t len = 1;
    if (c >= 0x80) {
      len = Utf8SequenceLength(s, i);
      if (len == 0) {
        out.append(s.data() + run, i - run);
        AppendByteEscape(c, out);
        run = ++i;
        continue;
      }
      // U+FFFE, U+FFFF: EF BF BE / EF BF BF are not XML characters.
      if (len == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
          static_cast<unsigned char>(s[i + 2]) >= 0xBE) {
        rep = static_cast<unsigned char>(s[i + 2]) == 0xBE ? "\\u{fffe}" : "\\u{ffff}";
      }
    } else {
      switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': if (attr) rep = "&quot;"; break;
        case '\t': if (attr) rep = "&#9;"; break;
        case '\n': if (attr) rep = "&#10;"; break;
        case '\r':
          // A raw CR is turned into LF by every XML parser: keep it as a reference.
          rep = "&#13;";
          break;
        default:
          if (c < 0x20) {
            out.append(s.data() + run, i - run);
            AppendByteEscape(c, out);
            run = ++i;
            continue;
          }
      }
    }
    if (rep != nullptr) {
      out.append(s.data() + run, i - run);
      out.append(rep);
      run = i + len;
    }
    i += len;
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace logrx::readers
