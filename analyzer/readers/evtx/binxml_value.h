// BinXML value types (docs/formats/binxml.md, "Value types") and their text forms, the
// way Windows' event XML shows them (integers decimal, HexInt "0x..", GUID "{...}",
// FILETIME/SYSTEMTIME ISO 8601 UTC with 7 digits, SID "S-1-...", binary as hex).
//
//   std::string out;
//   ValueTextStatus s = AppendValueText(kValueUInt32, bytes, out);
//
// Pure functions; thread-safe. Hostile input never fails: a value whose size does not
// fit its type renders as hex of its bytes and returns kMalformed, so the caller can
// report it and the record still loses nothing.
#ifndef LOGRX_READERS_EVTX_BINXML_VALUE_H_
#define LOGRX_READERS_EVTX_BINXML_VALUE_H_

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/byte_cursor.h"

namespace logrx::readers {

enum BinXmlValueType : uint8_t {
  kValueNull = 0x00,
  kValueWString = 0x01,
  kValueAnsiString = 0x02,
  kValueInt8 = 0x03,
  kValueUInt8 = 0x04,
  kValueInt16 = 0x05,
  kValueUInt16 = 0x06,
  kValueInt32 = 0x07,
  kValueUInt32 = 0x08,
  kValueInt64 = 0x09,
  kValueUInt64 = 0x0A,
  kValueReal32 = 0x0B,
  kValueReal64 = 0x0C,
  kValueBool = 0x0D,
  kValueBinary = 0x0E,
  kValueGuid = 0x0F,
  kValueSizeT = 0x10,
  kValueFiletime = 0x11,
  kValueSystemtime = 0x12,
  kValueSid = 0x13,
  kValueHexInt32 = 0x14,
  kValueHexInt64 = 0x15,
  kValueEvtHandle = 0x20,
  kValueBinXml = 0x21,
  kValueEvtXml = 0x23,
  kValueArrayFlag = 0x80,
};

enum class ValueTextStatus : uint8_t {
  kOk,
  kLoneSurrogate,  // UTF-16 had unpaired surrogates (rendered as U+FFFD)
  kMalformed,      // size does not fit the type; rendered as hex bytes
  kUnknownType,    // type not in the table; rendered as hex bytes
};

// Appends the text form of one substitution value. Arrays (type | 0x80) render their
// elements separated by ", " (string arrays are NUL-separated in the data).
// REQUIRES: type != kValueBinXml (the caller renders nested BinXML itself).
ValueTextStatus AppendValueText(uint8_t type, std::span<const std::byte> bytes, std::string& out);

// Iterates the items of an array value (type | 0x80): string arrays are NUL-separated,
// SID arrays are self-sized, others have a fixed item size (SizeT: 8, or 4 when the size
// is not a multiple of 8). Returns false when there is no further item; a malformed tail
// comes back as one last item of the remaining bytes.
bool NextArrayItem(uint8_t type, std::span<const std::byte> bytes, size_t& pos,
                   std::span<const std::byte>& item) noexcept;
// The type of one item of an array type; SizeT items are typed by their size.
uint8_t ArrayItemType(uint8_t type) noexcept;

// Appends FormatIso8601(filetime) ("2017-07-12T17:16:28.2141616Z") without allocating.
void AppendFiletimeIso8601(int64_t filetime, std::string& out);
// The text of a FILETIME in years 0..9999 is always this long.
inline constexpr size_t kFiletimeIsoChars = 28;
// Writes AppendFiletimeIso8601's text at `at` when it is kFiletimeIsoChars long and returns
// true; else (kNoTime, a year outside 0..9999) writes nothing and returns false.
// REQUIRES: kFiletimeIsoChars writable bytes at `at`.
bool PutFiletimeIso8601(int64_t filetime, char* at) noexcept;

// Upper-case hex of `bytes` ("0A1B"), as Windows renders Binary values.
void AppendHex(std::span<const std::byte> bytes, std::string& out);
// The same written at `at`; returns its end. REQUIRES: 2 * bytes.size() writable bytes.
char* PutHex(std::span<const std::byte> bytes, char* at) noexcept;
// "{01234567-89AB-CDEF-0123-456789ABCDEF}". REQUIRES: bytes.size() >= 16.
void AppendGuid(const std::byte* bytes, std::string& out);
inline constexpr size_t kGuidChars = 38;
// The same written at `at`. REQUIRES: 16 bytes at `bytes`, kGuidChars writable at `at`.
void PutGuid(const std::byte* bytes, char* at) noexcept;

// Appends the text AppendValueText gives a well-sized unsigned value `v` of `type`
// (UInt8..UInt64 decimal, HexInt32/HexInt64 "0x" and lower-case hex; the value as
// ValueAsUnsigned read it). REQUIRES: type is one of those six.
void AppendUnsignedText(uint8_t type, uint64_t v, std::string& out);
// The same text written at `at`; returns its end. REQUIRES: kMaxUnsignedTextChars
// writable bytes at `at` (hex text may write up to 18 of them, past its end). Inline: a
// record has a dozen of them.
inline constexpr size_t kMaxUnsignedTextChars = 20;  // 2^64-1 decimal; "0x" + 16 digits
inline char* PutUnsignedText(uint8_t type, uint64_t v, char* at) noexcept;

// Room PutSid needs for a value of `size` bytes.
inline constexpr size_t SidTextBound(size_t size) { return 24 + 11 * (size / 4); }
// The text AppendValueText gives a well-formed SID value ("S-1-5-21-..."), written at `at`;
// returns its end, or nullptr (nothing written) when `bytes` is not exactly one SID.
// REQUIRES: SidTextBound(bytes.size()) writable bytes at `at`.
char* PutSid(std::span<const std::byte> bytes, char* at) noexcept;

// A FILETIME from 8 raw bytes, or false if the size is wrong.
bool ValueAsFiletime(uint8_t type, std::span<const std::byte> bytes, int64_t& out) noexcept;
// An unsigned integer value of any width (incl. hex ints, SizeT); false for other types.
inline bool ValueAsUnsigned(uint8_t type, std::span<const std::byte> bytes,
                            uint64_t& out) noexcept;

// ---- inline definitions ----

// "00" "01" ... "99": two decimal digits at a time.
inline constexpr char kDecimalPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// The 16 lower-case hex digits of `v`, most significant first, at `at`.
inline void PutHex64Lower(uint64_t v, char* at) noexcept {
#if defined(__SSE2__)
  // Bytes most significant first, each split into its two nibbles (high one first); a
  // nibble n becomes '0' + n, plus 39 ('a' - '0' - 10) when it is above 9.
  const __m128i x = _mm_cvtsi64_si128(static_cast<long long>(__builtin_bswap64(v)));
  const __m128i low4 = _mm_set1_epi8(0x0F);
  const __m128i nib = _mm_unpacklo_epi8(_mm_and_si128(_mm_srli_epi16(x, 4), low4),
                                        _mm_and_si128(x, low4));
  const __m128i letters = _mm_and_si128(_mm_cmpgt_epi8(nib, _mm_set1_epi8(9)), _mm_set1_epi8(39));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(at),
                   _mm_add_epi8(_mm_add_epi8(nib, _mm_set1_epi8('0')), letters));
#else
  for (int i = 15; i >= 0; --i, v >>= 4) at[i] = "0123456789abcdef"[v & 0xF];
#endif
}

inline char* PutUnsignedText(uint8_t type, uint64_t v, char* at) noexcept {
  if (type == kValueHexInt32 || type == kValueHexInt64) {
    at[0] = '0';
    at[1] = 'x';
    // Digits: 1 + (bits above the lowest nibble) / 4. All 16 are written, v shifted so
    // that its n come first (the rest, zeros, lie past the returned end).
    const size_t n = std::max<size_t>(1, (static_cast<size_t>(std::bit_width(v)) + 3) / 4);
    PutHex64Lower(v << (4 * (16 - n)), at + 2);
    return at + 2 + n;
  }
  if (v < 10) {  // Level, Task, Opcode, Version: mostly one digit
    at[0] = static_cast<char>('0' + v);
    return at + 1;
  }
  // Digit count from the bit width (1233/4096 ~ log10 2), corrected by one compare.
  static constexpr uint64_t kPow10[20] = {
      1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
      100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
      10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
      100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL};
  const size_t guess = (static_cast<size_t>(std::bit_width(v)) * 1233) >> 12;
  const size_t n = std::max<size_t>(1, guess + (v >= kPow10[guess] ? 1 : 0));
  char* p = at + n;
  while (v >= 100) {
    p -= 2;
    std::memcpy(p, kDecimalPairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (v >= 10) {
    std::memcpy(p - 2, kDecimalPairs + 2 * v, 2);
  } else {
    p[-1] = static_cast<char>('0' + v);
  }
  return at + n;
}

inline bool ValueAsUnsigned(uint8_t type, std::span<const std::byte> bytes,
                            uint64_t& out) noexcept {
  switch (type) {
    case kValueUInt8: case kValueInt8:
      if (bytes.size() != 1) return false;
      out = std::to_integer<uint8_t>(bytes[0]);
      return true;
    case kValueUInt16: case kValueInt16:
      if (bytes.size() != 2) return false;
      out = LoadU16(bytes.data());
      return true;
    case kValueUInt32: case kValueInt32: case kValueHexInt32:
      if (bytes.size() != 4) return false;
      out = LoadU32(bytes.data());
      return true;
    case kValueUInt64: case kValueInt64: case kValueHexInt64:
      if (bytes.size() != 8) return false;
      out = LoadU64(bytes.data());
      return true;
    case kValueSizeT:
      if (bytes.size() == 4) { out = LoadU32(bytes.data()); return true; }
      if (bytes.size() == 8) { out = LoadU64(bytes.data()); return true; }
      return false;
    default: return false;
  }
}

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_BINXML_VALUE_H_
