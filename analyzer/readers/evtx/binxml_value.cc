#include "readers/evtx/binxml_value.h"

#include <charconv>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "core/byte_cursor.h"
#include "core/time.h"
#include "core/utf16.h"
#include "core/windows_ansi.h"

namespace logrx::readers {

namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

template <typename T>
void AppendInt(T v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

void AppendHexInt(uint64_t v, std::string& out) {
  char buf[24];
  buf[0] = '0';
  buf[1] = 'x';
  auto r = std::to_chars(buf + 2, buf + sizeof(buf), v, 16);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

// Fixed size of a scalar type, 0 for variable-size types.
size_t ScalarSize(uint8_t type) {
  switch (type) {
    case kValueInt8: case kValueUInt8: return 1;
    case kValueInt16: case kValueUInt16: return 2;
    case kValueInt32: case kValueUInt32: case kValueReal32: case kValueBool:
    case kValueHexInt32: return 4;
    case kValueInt64: case kValueUInt64: case kValueReal64: case kValueFiletime:
    case kValueHexInt64: return 8;
    case kValueGuid: case kValueSystemtime: return 16;
    default: return 0;
  }
}

bool AppendSystemtime(const std::byte* p, std::string& out) {
  CivilTime c;
  c.year = LoadU16(p);
  c.month = LoadU16(p + 2);
  c.day = LoadU16(p + 6);
  c.hour = LoadU16(p + 8);
  c.minute = LoadU16(p + 10);
  c.second = LoadU16(p + 12);
  const uint16_t ms = LoadU16(p + 14);
  if (ms > 999) return false;
  c.ticks = int64_t{ms} * 10'000;
  int64_t ft = 0;
  if (!FiletimeFromCivil(c, ft)) return false;
  AppendFiletimeIso8601(ft, out);
  return true;
}

// Appends a SID from `bytes` starting at `pos`; advances pos. False if malformed.
bool AppendSid(std::span<const std::byte> bytes, size_t& pos, std::string& out) {
  if (bytes.size() - pos < 8) return false;
  const std::byte* p = bytes.data() + pos;
  const uint8_t revision = std::to_integer<uint8_t>(p[0]);
  const uint8_t count = std::to_integer<uint8_t>(p[1]);
  if (bytes.size() - pos - 8 < size_t{count} * 4) return false;
  uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | std::to_integer<uint8_t>(p[i]);
  out += "S-";
  AppendInt(revision, out);
  out.push_back('-');
  AppendInt(authority, out);
  for (size_t i = 0; i < count; ++i) {
    out.push_back('-');
    AppendInt(LoadU32(p + 8 + 4 * i), out);
  }
  pos += 8 + size_t{count} * 4;
  return true;
}

// One fixed-size scalar. REQUIRES: p points at ScalarSize(type) bytes.
void AppendScalar(uint8_t type, const std::byte* p, std::string& out) {
  switch (type) {
    case kValueInt8: AppendInt(static_cast<int8_t>(std::to_integer<uint8_t>(p[0])), out); break;
    case kValueUInt8: AppendInt(std::to_integer<uint8_t>(p[0]), out); break;
    case kValueInt16: AppendInt(static_cast<int16_t>(LoadU16(p)), out); break;
    case kValueUInt16: AppendInt(LoadU16(p), out); break;
    case kValueInt32: AppendInt(static_cast<int32_t>(LoadU32(p)), out); break;
    case kValueUInt32: AppendInt(LoadU32(p), out); break;
    case kValueInt64: AppendInt(static_cast<int64_t>(LoadU64(p)), out); break;
    case kValueUInt64: AppendInt(LoadU64(p), out); break;
    case kValueReal32: {
      float f;
      const uint32_t bits = LoadU32(p);
      std::memcpy(&f, &bits, 4);
      fmt::format_to(std::back_inserter(out), "{}", static_cast<double>(f));
      break;
    }
    case kValueReal64: {
      double d;
      const uint64_t bits = LoadU64(p);
      std::memcpy(&d, &bits, 8);
      fmt::format_to(std::back_inserter(out), "{}", d);
      break;
    }
    // Any non-zero value is true: producers write values other than 0/1 (the
    // "irregular bool" sample), and Windows treats BOOL as int.
    case kValueBool: out += LoadU32(p) != 0 ? "true" : "false"; break;
    case kValueHexInt32: AppendHexInt(LoadU32(p), out); break;
    case kValueHexInt64: AppendHexInt(LoadU64(p), out); break;
    case kValueFiletime: AppendFiletimeIso8601(static_cast<int64_t>(LoadU64(p)), out); break;
    case kValueGuid: AppendGuid(p, out); break;
    case kValueSystemtime:
      if (!AppendSystemtime(p, out)) AppendHex(std::span<const std::byte>(p, 16), out);
      break;
    default: break;
  }
}

Utf16Result AppendUtf16Trimmed(std::span<const std::byte> bytes, std::string& out) {
  size_t units = bytes.size() / 2;
  // Windows stores many strings with their terminating NUL; it is not text.
  while (units > 0 && LoadU16(bytes.data() + 2 * (units - 1)) == 0) --units;
  return AppendUtf16LeAsUtf8(bytes.data(), units, out);
}

void AppendAnsi(std::span<const std::byte> bytes, std::string& out) {
  size_t n = bytes.size();
  while (n > 0 && bytes[n - 1] == std::byte{0}) --n;
  // The record does not say its code page: Windows-1252, as evtxexport assumes and as the
  // project reads ANSI everywhere (core/windows_ansi.h).
  AppendCp1252AsUtf8(bytes.first(n), out);
}

}  // namespace

bool PutFiletimeIso8601(int64_t filetime, char* at) noexcept {
  if (filetime == kNoTime) return false;
  // Records come in time order, mostly many to a second and nearly all to a day: the text
  // up to the seconds is kept for the last second written (per thread), so a record in
  // that second writes only its 7 tick digits and one later in the same UTC day only its
  // clock; the calendar date is worked out once a day.
  struct LastSecond {
    bool valid = false;
    int64_t second = 0;
    int64_t day = 0;
    char text[kIsoDateChars + kIsoClockChars + 1] = {};  // "YYYY-MM-DDThh:mm:ss."
  };
  static_assert(sizeof(LastSecond::text) + 8 == kFiletimeIsoChars);
  thread_local LastSecond last;
  int64_t second = filetime / kTicksPerSecond;
  int64_t ticks = filetime % kTicksPerSecond;
  if (ticks < 0) {
    ticks += kTicksPerSecond;
    --second;
  }
  // The clock of a new second in a known day is written to `at` and to the kept text
  // after the copy: reading back the bytes just stored would stall the copy.
  uint32_t clock_of = UINT32_MAX;  // the second of the day to write, if any
  if (!last.valid || last.second != second) {
    // FILETIME day boundaries are UTC midnights (1601-01-01 starts one).
    int64_t day = second / 86400;
    int64_t sod = second % 86400;
    if (sod < 0) {
      sod += 86400;
      --day;
    }
    if (!last.valid || last.day != day) {
      const CivilTime c = CivilFromFiletime(filetime);
      if (c.year < 0 || c.year > 9999) return false;
      PutIsoDate(c, last.text);
      PutIsoClock(c, last.text + kIsoDateChars);
      last.text[kIsoDateChars + kIsoClockChars] = '.';
      last.day = day;
    } else {
      clock_of = static_cast<uint32_t>(sod);
    }
    last.second = second;
    last.valid = true;
  }
  std::memcpy(at, last.text, sizeof(last.text));
  if (clock_of != UINT32_MAX) {  // "Thh:mm:ss": the separators stay, the three pairs change
    const char* const pairs[3] = {kDecimalPairs + 2 * (clock_of / 3600),
                                  kDecimalPairs + 2 * (clock_of / 60 % 60),
                                  kDecimalPairs + 2 * (clock_of % 60)};
    for (size_t i = 0; i < 3; ++i) {
      std::memcpy(at + kIsoDateChars + 1 + 3 * i, pairs[i], 2);
      std::memcpy(last.text + kIsoDateChars + 1 + 3 * i, pairs[i], 2);
    }
  }
  // The 7 tick digits: one, then three pairs.
  auto t = static_cast<uint32_t>(ticks);
  char* d = at + sizeof(last.text);
  d[0] = static_cast<char>('0' + t / 1000000);
  t %= 1000000;
  std::memcpy(d + 1, kDecimalPairs + 2 * (t / 10000), 2);
  t %= 10000;
  std::memcpy(d + 3, kDecimalPairs + 2 * (t / 100), 2);
  std::memcpy(d + 5, kDecimalPairs + 2 * (t % 100), 2);
  at[kFiletimeIsoChars - 1] = 'Z';
  return true;
}

void AppendFiletimeIso8601(int64_t filetime, std::string& out) {
  char b[kFiletimeIsoChars];
  if (PutFiletimeIso8601(filetime, b)) {
    out.append(b, sizeof(b));
  } else if (filetime != kNoTime) {
    AppendIso8601(filetime, out);
  }
}

void AppendUnsignedText(uint8_t type, uint64_t v, std::string& out) {
  char b[kMaxUnsignedTextChars];
  out.append(b, static_cast<size_t>(PutUnsignedText(type, v, b) - b));
}

char* PutSid(std::span<const std::byte> bytes, char* w) noexcept {
  if (bytes.size() < 8) return nullptr;
  const std::byte* p = bytes.data();
  const uint8_t count = std::to_integer<uint8_t>(p[1]);
  if (bytes.size() != 8 + size_t{count} * 4) return nullptr;
  uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | std::to_integer<uint8_t>(p[i]);
  *w++ = 'S';
  *w++ = '-';
  w = PutUnsignedText(kValueUInt8, std::to_integer<uint8_t>(p[0]), w);
  *w++ = '-';
  w = PutUnsignedText(kValueUInt64, authority, w);
  for (size_t i = 0; i < count; ++i) {
    *w++ = '-';
    w = PutUnsignedText(kValueUInt32, LoadU32(p + 8 + 4 * i), w);
  }
  return w;
}

void AppendHex(std::span<const std::byte> bytes, std::string& out) {
  const size_t start = out.size();
  out.resize(start + 2 * bytes.size());
  PutHex(bytes, out.data() + start);
}

char* PutHex(std::span<const std::byte> bytes, char* w) noexcept {
  size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: each nibble n becomes '0' + n, plus 7 when it is above 9.
  const __m128i low4 = _mm_set1_epi8(0x0F);
  const __m128i nine = _mm_set1_epi8(9);
  const __m128i seven = _mm_set1_epi8(7);
  const __m128i zero_char = _mm_set1_epi8('0');
  auto ascii = [&](__m128i n) {
    return _mm_add_epi8(_mm_add_epi8(n, zero_char), _mm_and_si128(_mm_cmpgt_epi8(n, nine), seven));
  };
  for (; bytes.size() - i >= 16; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data() + i));
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), low4);
    const __m128i lo = _mm_and_si128(v, low4);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w), ascii(_mm_unpacklo_epi8(hi, lo)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w + 16), ascii(_mm_unpackhi_epi8(hi, lo)));
    w += 32;
  }
#endif
  for (; i < bytes.size(); ++i) {
    const uint8_t v = std::to_integer<uint8_t>(bytes[i]);
    *w++ = kHexUpper[v >> 4];
    *w++ = kHexUpper[v & 0xF];
  }
  return w;
}

void AppendGuid(const std::byte* p, std::string& out) {
  char buf[kGuidChars];
  PutGuid(p, buf);
  out.append(buf, sizeof(buf));
}

void PutGuid(const std::byte* p, char* buf) noexcept {
  // Upper-case hex of each byte value, two characters a byte.
  struct Pairs {
    char c[512] = {};
    constexpr Pairs() {
      for (int i = 0; i < 256; ++i) {
        c[2 * i] = kHexUpper[i >> 4];
        c[2 * i + 1] = kHexUpper[i & 0xF];
      }
    }
  };
  static constexpr Pairs kPairs;
  // Data1..Data3 are little-endian numbers shown most significant byte first; the last 8
  // bytes are shown in order. Byte kFrom[i] goes to buf[kTo[i]].
  static constexpr uint8_t kFrom[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  static constexpr uint8_t kTo[16] = {1, 3, 5, 7, 10, 12, 15, 17, 20, 22, 25, 27, 29, 31, 33, 35};
  buf[0] = '{';
  buf[9] = buf[14] = buf[19] = buf[24] = '-';
  buf[37] = '}';
  for (size_t i = 0; i < 16; ++i) {
    std::memcpy(buf + kTo[i], kPairs.c + 2 * std::to_integer<size_t>(p[kFrom[i]]), 2);
  }
}

namespace {

// An array value (kValueArrayFlag): its items joined with ", ". Strings are NUL-separated;
// SIDs follow each other; fixed-size items split the bytes evenly (size_t as 8 bytes).
ValueTextStatus AppendArrayText(uint8_t base, std::span<const std::byte> bytes,
                                std::string& out) {
  ValueTextStatus st = ValueTextStatus::kOk;
  if (base == kValueWString) {
    if (bytes.size() % 2 != 0) {
      AppendHex(bytes, out);
      return ValueTextStatus::kMalformed;
    }
    const size_t units = bytes.size() / 2;
    size_t start = 0;
    bool first = true;
    for (size_t i = 0; i <= units; ++i) {
      if (i == units || LoadU16(bytes.data() + 2 * i) == 0) {
        if (i == units && start == units) break;  // trailing NUL ends the list
        if (!first) out += ", ";
        first = false;
        if (AppendUtf16LeAsUtf8(bytes.data() + 2 * start, i - start, out).lone_surrogates != 0) {
          st = ValueTextStatus::kLoneSurrogate;
        }
        start = i + 1;
      }
    }
    return st;
  }
  if (base == kValueAnsiString) {
    size_t start = 0;
    bool first = true;
    for (size_t i = 0; i <= bytes.size(); ++i) {
      if (i == bytes.size() || bytes[i] == std::byte{0}) {
        if (i == bytes.size() && start == bytes.size()) break;
        if (!first) out += ", ";
        first = false;
        AppendAnsi(bytes.subspan(start, i - start), out);
        start = i + 1;
      }
    }
    return st;
  }
  if (base == kValueSid) {
    size_t pos = 0;
    bool first = true;
    while (pos < bytes.size()) {
      if (!first) out += ", ";
      first = false;
      if (!AppendSid(bytes, pos, out)) {
        AppendHex(bytes.subspan(pos), out);
        return ValueTextStatus::kMalformed;
      }
    }
    return st;
  }
  size_t elem = ScalarSize(base);
  if (base == kValueSizeT) elem = 8;
  if (elem == 0 || bytes.size() % elem != 0) {
    AppendHex(bytes, out);
    return elem == 0 ? ValueTextStatus::kUnknownType : ValueTextStatus::kMalformed;
  }
  for (size_t i = 0; i < bytes.size(); i += elem) {
    if (i != 0) out += ", ";
    if (base == kValueSizeT) {
      AppendHexInt(LoadU64(bytes.data() + i), out);
    } else {
      AppendScalar(base, bytes.data() + i, out);
    }
  }
  return st;
}

}  // namespace

ValueTextStatus AppendValueText(uint8_t type, std::span<const std::byte> bytes, std::string& out) {
  const size_t fixed = ScalarSize(type);
  if (fixed != 0) {
    if (bytes.size() != fixed) {
      AppendHex(bytes, out);
      return ValueTextStatus::kMalformed;
    }
    AppendScalar(type, bytes.data(), out);
    return ValueTextStatus::kOk;
  }
  switch (type) {
    case kValueNull: return ValueTextStatus::kOk;
    case kValueWString: {
      if (bytes.size() % 2 != 0) {
        AppendHex(bytes, out);
        return ValueTextStatus::kMalformed;
      }
      return AppendUtf16Trimmed(bytes, out).lone_surrogates != 0 ? ValueTextStatus::kLoneSurrogate
                                                                 : ValueTextStatus::kOk;
    }
    case kValueAnsiString: AppendAnsi(bytes, out); return ValueTextStatus::kOk;
    case kValueBinary: AppendHex(bytes, out); return ValueTextStatus::kOk;
    case kValueSizeT:  // pointer-sized: 4 or 8 bytes by the producer's architecture
      if (bytes.size() == 4) {
        AppendHexInt(LoadU32(bytes.data()), out);
      } else if (bytes.size() == 8) {
        AppendHexInt(LoadU64(bytes.data()), out);
      } else {
        AppendHex(bytes, out);
        return ValueTextStatus::kMalformed;
      }
      return ValueTextStatus::kOk;
    case kValueSid: {
      size_t pos = 0;
      if (!AppendSid(bytes, pos, out) || pos != bytes.size()) {
        AppendHex(bytes, out);
        return ValueTextStatus::kMalformed;
      }
      return ValueTextStatus::kOk;
    }
    case kValueEvtXml: {  // XML text in UTF-16
      return AppendUtf16Trimmed(bytes, out).lone_surrogates != 0 ? ValueTextStatus::kLoneSurrogate
                                                                 : ValueTextStatus::kOk;
    }
    default: break;
  }
  if ((type & kValueArrayFlag) != 0) return AppendArrayText(type & 0x7F, bytes, out);
  AppendHex(bytes, out);
  return ValueTextStatus::kUnknownType;
}

uint8_t ArrayItemType(uint8_t type) noexcept { return type & 0x7F; }

bool NextArrayItem(uint8_t type, std::span<const std::byte> bytes, size_t& pos,
                   std::span<const std::byte>& item) noexcept {
  if (pos >= bytes.size()) return false;
  const uint8_t base = type & 0x7F;
  const size_t left = bytes.size() - pos;
  size_t n = left;
  if (base == kValueWString) {
    for (size_t i = 0; i + 1 < left; i += 2) {
      if (LoadU16(bytes.data() + pos + i) == 0) {
        item = bytes.subspan(pos, i);
        pos += i + 2;
        return true;
      }
    }
  } else if (base == kValueAnsiString) {
    for (size_t i = 0; i < left; ++i) {
      if (bytes[pos + i] == std::byte{0}) {
        item = bytes.subspan(pos, i);
        pos += i + 1;
        return true;
      }
    }
  } else if (base == kValueSid) {
    if (left >= 8) {
      const size_t need = 8 + size_t{std::to_integer<uint8_t>(bytes[pos + 1])} * 4;
      if (need <= left) n = need;
    }
  } else {
    size_t elem = ScalarSize(base);
    if (base == kValueSizeT) elem = bytes.size() % 8 == 0 ? 8 : 4;
    if (elem != 0 && elem <= left) n = elem;
  }
  item = bytes.subspan(pos, n);
  pos += n;
  return true;
}

bool ValueAsFiletime(uint8_t type, std::span<const std::byte> bytes, int64_t& out) noexcept {
  if (type != kValueFiletime || bytes.size() != 8) return false;
  out = static_cast<int64_t>(LoadU64(bytes.data()));
  return true;
}

}  // namespace logrx::readers
