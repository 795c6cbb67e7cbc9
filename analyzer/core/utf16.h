// UTF-16LE to UTF-8 and UTF-8 validation, for every reader.
//
//   std::string out;
//   Utf16Result r = AppendUtf16LeAsUtf8(bytes.data(), bytes.size() / 2, out);
//   if (r.lone_surrogates) ...   // each became U+FFFD; the caller may flag the record
//
// Pure functions; thread-safe. Decoding never fails: unpaired surrogates become U+FFFD
// and are counted, so a hostile string still yields text and the caller decides.
#ifndef LOGRX_CORE_UTF16_H_
#define LOGRX_CORE_UTF16_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logrx {

#if defined(__SSE2__)
// Whether the 8 UTF-16 code units in `v` are all ASCII (none above U+007F).
inline bool Utf16BlockIsAscii(__m128i v) noexcept {
  const __m128i high = _mm_and_si128(v, _mm_set1_epi16(static_cast<int16_t>(0xFF80)));
  return _mm_movemask_epi8(_mm_cmpeq_epi16(high, _mm_setzero_si128())) == 0xFFFF;
}
#endif

struct Utf16Result {
  size_t units_read = 0;        // code units consumed (stops before a NUL if stop_at_nul)
  size_t lone_surrogates = 0;   // unpaired surrogates replaced by U+FFFD
};

// Appends `units` UTF-16LE code units starting at `p` (bytes, any alignment) to `out`.
// With stop_at_nul, stops at the first U+0000 (not appended).
Utf16Result AppendUtf16LeAsUtf8(const std::byte* p, size_t units, std::string& out,
                                bool stop_at_nul = false);
// The same UTF-8 written at `w`; returns its end. REQUIRES: 3 * units writable bytes at w.
char* PutUtf16LeAsUtf8(const std::byte* p, size_t units, char* w, Utf16Result& r,
                       bool stop_at_nul = false) noexcept;

// Appends a code point as UTF-8. Surrogates and values past U+10FFFF become U+FFFD.
void AppendCodePointUtf8(uint32_t cp, std::string& out);

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s) noexcept;

// Replaces every ill-formed sequence with U+FFFD.
std::string SanitizeUtf8(std::string_view s);

}  // namespace logrx

#endif  // LOGRX_CORE_UTF16_H_
