#include "core/utf16.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logrx {

void AppendCodePointUtf8(uint32_t cp, std::string& out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// Writes `cp` (a scalar value, not a surrogate, <= U+10FFFF) at w; returns the end.
char* PutUtf8(uint32_t cp, char* w) noexcept {
  if (cp < 0x80) {
    *w++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *w++ = static_cast<char>(0xC0 | (cp >> 6));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *w++ = static_cast<char>(0xE0 | (cp >> 12));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *w++ = static_cast<char>(0xF0 | (cp >> 18));
    *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return w;
}

#if defined(__SSE2__)
// 8 units that decode one byte each: all ASCII and, when stopping at NUL, none zero.
bool AsciiBlock(__m128i v, bool stop_at_nul) noexcept {
  if (!Utf16BlockIsAscii(v)) return false;
  return !stop_at_nul || _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128())) == 0;
}
#endif

}  // namespace

Utf16Result AppendUtf16LeAsUtf8(const std::byte* p, size_t units, std::string& out,
                                bool stop_at_nul) {
  Utf16Result r;
  // Room for the worst case (3 bytes per unit; a pair is 4 bytes for 2 units), written
  // through a pointer and trimmed at the end: no per-character growth checks.
  const size_t start = out.size();
  out.resize(start + 3 * units);
  char* const end = PutUtf16LeAsUtf8(p, units, out.data() + start, r, stop_at_nul);
  out.resize(static_cast<size_t>(end - out.data()));
  return r;
}

char* PutUtf16LeAsUtf8(const std::byte* p, size_t units, char* w, Utf16Result& r,
                       bool stop_at_nul) noexcept {
  r = Utf16Result{};
  auto unit = [p](size_t i) -> uint32_t {
    return static_cast<uint32_t>(std::to_integer<uint8_t>(p[2 * i])) |
           (static_cast<uint32_t>(std::to_integer<uint8_t>(p[2 * i + 1])) << 8);
  };
  size_t i = 0;
  while (i < units) {
    // Most event text is ASCII: eight, then four units at a time while none has a bit
    // above 0x7F and (when stopping at NUL) none is zero.
#if defined(__SSE2__)
    while (units - i >= 8) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * i));
      if (!AsciiBlock(v, stop_at_nul)) break;
      _mm_storel_epi64(reinterpret_cast<__m128i*>(w), _mm_packus_epi16(v, v));
      w += 8;
      i += 8;
    }
    // Fewer than 8 units left after at least 8: the last 8 as one block when they are all
    // ASCII. Those before i were then ASCII too, one byte each, so the block's first bytes
    // rewrite what is already there.
    if (units >= 8 && i < units && units - i < 8) {
      const size_t j = units - 8;
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 2 * j));
      if (AsciiBlock(v, stop_at_nul)) {
        _mm_storel_epi64(reinterpret_cast<__m128i*>(w - (i - j)), _mm_packus_epi16(v, v));
        w += units - i;
        i = units;
        break;
      }
    }
#endif
    while (units - i >= 4) {
      uint64_t word = 0;
      for (size_t k = 0; k < 8; ++k) {
        word |= uint64_t{std::to_integer<uint8_t>(p[2 * i + k])} << (8 * k);
      }
      if ((word & 0xFF80FF80FF80FF80ULL) != 0) break;
      if (stop_at_nul && ((word - 0x0001000100010001ULL) & ~word & 0x8000800080008000ULL) != 0) break;
      w[0] = static_cast<char>(word);
      w[1] = static_cast<char>(word >> 16);
      w[2] = static_cast<char>(word >> 32);
      w[3] = static_cast<char>(word >> 48);
      w += 4;
      i += 4;
    }
    if (i >= units) break;
    const uint32_t u = unit(i);
    if (u == 0 && stop_at_nul) break;
    if (u < 0x80) {
      *w++ = static_cast<char>(u);
      ++i;
      continue;
    }
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      const uint32_t lo = unit(i + 1);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        w = PutUtf8(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), w);
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      ++r.lone_surrogates;
      w = PutUtf8(0xFFFD, w);
    } else {
      w = PutUtf8(u, w);
    }
    ++i;
  }
  r.units_read = i;
  return w;
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 if ill-formed.
size_t SequenceLength(std::string_view s, size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

bool IsValidUtf8(std::string_view s) noexcept {
  for (size_t i = 0; i < s.size();) {
    const size_t n = SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = SequenceLength(s, i);
    if (n == 0) {
      AppendCodePointUtf8(0xFFFD, out);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace logrx
