#include "readers/xml_escape.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/utf16.h"

namespace logrx::readers {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Bytes that AppendXmlEscaped copies without a look: printable ASCII other than & < > ".
// ('"' only matters in attributes, TAB/LF/CR only there or as CR: they take the slow path.)
struct Tables {
  bool plain[256] = {};
  bool name_ascii[256] = {};  // ASCII NameChar
  constexpr Tables() {
    for (int c = 0x20; c < 0x7F; ++c) plain[c] = c != '&' && c != '<' && c != '>' && c != '"';
    for (int c = 'a'; c <= 'z'; ++c) name_ascii[c] = true;
    for (int c = 'A'; c <= 'Z'; ++c) name_ascii[c] = true;
    for (int c = '0'; c <= '9'; ++c) name_ascii[c] = true;
    name_ascii[static_cast<unsigned char>('_')] = true;
    name_ascii[static_cast<unsigned char>(':')] = true;
    name_ascii[static_cast<unsigned char>('-')] = true;
    name_ascii[static_cast<unsigned char>('.')] = true;
  }
};
constexpr Tables kTables;

// True when none of the 8 bytes of `w` needs a look: every one is printable ASCII other
// than & < > " (a false "no" only sends the word through the byte-by-byte path).
constexpr bool WordIsPlain(uint64_t w) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_byte = [](uint64_t v, unsigned char b) {
    const uint64_t x = v ^ (kOnes * b);
    return (x - kOnes) & ~x;
  };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w;
  const uint64_t flags = w | below_space | has_byte(w, 0x7F) | has_byte(w, '&') |
                         has_byte(w, '<') | has_byte(w, '>') | has_byte(w, '"');
  return (flags & kHigh) == 0;
}

#if defined(__SSE2__)
// True when none of the 16 bytes of `v` needs a look: no C0 control, nothing above 0x7F,
// no & < > (and no '"' when `attr`).
inline bool PlainXml16(__m128i v, bool attr) noexcept {
  __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
  bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
  if (attr) bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
  // Signed: bytes above 0x7F are negative, so one compare finds them and the controls.
  bad = _mm_or_si128(bad, _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  return _mm_movemask_epi8(bad) == 0;
}

// True when AppendXmlEscaped would copy `s` as it is (may say false for some such strings:
// the byte loop then decides); checks whole (overlapping) blocks, or short strings by table.
bool PlainXml(std::string_view s, bool attr) noexcept {
  const size_t n = s.size();
  const char* p = s.data();
  if (n < 4) {
    bool plain = true;
    for (size_t i = 0; i < n; ++i) plain &= kTables.plain[static_cast<unsigned char>(p[i])];
    return plain;
  }
  if (n < 8) {
    uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    // Both halves twice: every lane holds a byte of s (zero lanes would read as controls).
    return PlainXml16(_mm_set_epi32(static_cast<int>(tail), static_cast<int>(head),
                                    static_cast<int>(tail), static_cast<int>(head)),
                      attr);
  }
  if (n < 16) {
    return PlainXml16(_mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
                                         _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + n - 8))),
                      attr);
  }
  for (size_t i = 0; i + 16 <= n; i += 16) {
    if (!PlainXml16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), attr)) return false;
  }
  return PlainXml16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)), attr);
}
#endif

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

bool NameStart(uint32_t c) {
  return c == ':' || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C ||
         c == 0x200D || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

bool NameChar(uint32_t c) {
  return NameStart(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || c == 0x203F || c == 0x2040;
}

uint32_t DecodeAt(std::string_view s, size_t i, size_t len) {
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

}  // namespace

size_t RepairXmlText(std::string_view in, std::string& out) {
  size_t repairs = 0;
  size_t copied = 0;  // bytes of `in` already copied to `out`
  auto flush = [&](size_t upto) {
    if (repairs == 0) out.clear();
    out.append(in.data() + copied, upto - copied);
  };
  size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '<' && in.compare(i, 9, "<![CDATA[") == 0) {
      const size_t e = in.find("]]>", i + 9);
      i = e == std::string_view::npos ? in.size() : e + 3;
      continue;
    }
    if (c == '<' && in.compare(i, 4, "<!--") == 0) {
      const size_t e = in.find("-->", i + 4);
      i = e == std::string_view::npos ? in.size() : e + 3;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      flush(i);
      AppendByteEscape(c, out);
      ++repairs;
      copied = ++i;
      continue;
    }
    if (c != '&') {
      ++i;
      continue;
    }
    // A reference: "&name;" or "&#N;" / "&#xH;" within a few bytes.
    const size_t semi = in.substr(i, 40).find(';');
    bool ok = false;
    if (semi != std::string_view::npos && semi > 1) {
      const std::string_view ref = in.substr(i + 1, semi - 1);
      if (ref[0] == '#') {
        uint64_t v = 0;
        const bool hex = ref.size() > 1 && (ref[1] == 'x');
        size_t k = hex ? 2 : 1;
        ok = k < ref.size();
        for (; ok && k < ref.size(); ++k) {
          const char d = ref[k];
          int dv = -1;
          if (d >= '0' && d <= '9') dv = d - '0';
          else if (hex && d >= 'a' && d <= 'f') dv = d - 'a' + 10;
          else if (hex && d >= 'A' && d <= 'F') dv = d - 'A' + 10;
          if (dv < 0) {
            ok = false;
          } else {
            v = v * (hex ? 16 : 10) + static_cast<uint64_t>(dv);
            if (v > 0x10FFFF) ok = false;
          }
        }
        ok = ok && IsXmlChar(static_cast<uint32_t>(v));
      } else {
        ok = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos";
      }
    }
    if (!ok) {
      flush(i);
      out.append("&amp;");
      ++repairs;
      copied = i + 1;
    }
    ++i;
  }
  if (repairs != 0) out.append(in.data() + copied, in.size() - copied);
  return repairs;
}

bool IsXmlChar(uint32_t c) noexcept {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

void AppendXmlName(std::string_view name, std::string& out) {
  if (name.empty()) {
    out.push_back('_');
    return;
  }
  // Fast path: an ASCII name (every real one) that is already valid.
  const auto first_byte = static_cast<unsigned char>(name[0]);
  if (first_byte < 0x80 && kTables.name_ascii[first_byte] && !(first_byte >= '0' && first_byte <= '9') &&
      first_byte != '-' && first_byte != '.') {
    size_t k = 1;
    while (k < name.size() && kTables.name_ascii[static_cast<unsigned char>(name[k])]) ++k;
    if (k == name.size()) {
      out.append(name);
      return;
    }
  }
  size_t i = 0;
  bool first = true;
  while (i < name.size()) {
    const auto c = static_cast<unsigned char>(name[i]);
    size_t len = 1;
    uint32_t cp = c;
    if (c >= 0x80) {
      len = Utf8SequenceLength(name, i);
      if (len == 0) {
        out.push_back('_');
        ++i;
        first = false;
        continue;
      }
      cp = DecodeAt(name, i, len);
    }
    if (first ? NameStart(cp) : NameChar(cp)) {
      out.append(name.data() + i, len);
    } else {
      out.push_back('_');
    }
    first = false;
    i += len;
  }
}

bool IsPlainXmlText(std::string_view s, bool attr) noexcept {
#if defined(__SSE2__)
  return PlainXml(s, attr);
#else
  (void)attr;
  for (const char c : s) {
    if (!kTables.plain[static_cast<unsigned char>(c)]) return false;
  }
  return true;
#endif
}

char* PutUtf16LeAsPlainXml(const std::byte* p, size_t units, char* w) noexcept {
#if defined(__SSE2__)
  // Units packed to bytes with unsigned saturation of their signed values: a unit up to
  // U+007F stays itself, U+0080..U+7FFF become 0xFF (negative to PlainXml16) and
  // U+8000..U+FFFF become 0 (a control to it), so one check covers both.
  auto load = [p](size_t i) noexcept {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * i));
  };
  if (units >= 16) {
    // 16 units a step, then the last 16 (overlapping what is already written).
    auto block = [&load, w](size_t i) noexcept {
      const __m128i bytes = _mm_packus_epi16(load(i), load(i + 8));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w + i), bytes);
      return PlainXml16(bytes, /*attr=*/true);
    };
    size_t i = 0;
    for (; units - i >= 16; i += 16) {
      if (!block(i)) return nullptr;
    }
    if (i < units && !block(units - 16)) return nullptr;
    return w + units;
  }
  if (units >= 8) {  // the first 8 units and the last 8 (overlapping) in one block
    const __m128i bytes = _mm_packus_epi16(load(0), load(units - 8));
    if (!PlainXml16(bytes, /*attr=*/true)) return nullptr;
    _mm_storel_epi64(reinterpret_cast<__m128i*>(w + units - 8), _mm_unpackhi_epi64(bytes, bytes));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(w), bytes);
    return w + units;
  }
  if (units >= 4) {  // the first 4 units and the last 4 (overlapping) in one block
    const __m128i v = _mm_unpacklo_epi64(
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 2 * (units - 4))));
    const __m128i bytes = _mm_packus_epi16(v, v);
    if (!PlainXml16(bytes, /*attr=*/true)) return nullptr;
    const auto packed = static_cast<uint64_t>(_mm_cvtsi128_si64(bytes));
    const auto head = static_cast<uint32_t>(packed);
    const auto tail = static_cast<uint32_t>(packed >> 32);
    std::memcpy(w + units - 4, &tail, 4);
    std::memcpy(w, &head, 4);
    return w + units;
  }
#endif
  for (size_t i = 0; i < units; ++i) {
    const unsigned u = std::to_integer<unsigned>(p[2 * i]) |
                       (std::to_integer<unsigned>(p[2 * i + 1]) << 8);
    if (u > 0x7F || !kTables.plain[u]) return nullptr;
    w[i] = static_cast<char>(u);
  }
  return w + units;
}

void AppendXmlEscaped(std::string_view s, std::string& out, bool attr) {
  if (IsPlainXmlText(s, attr)) {  // most event text: one check, one copy
    out.append(s);
    return;
  }
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    if (s.size() - i >= 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (WordIsPlain(w)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (kTables.plain[c]) {
      ++i;
      continue;
    }
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
