#include "report/record_writer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/byte_cursor.h"
#include "core/diagnostic.h"
#include "core/time.h"
#include "core/utf16.h"
#include "readers/evtx/binxml_value.h"
#include "readers/xml_escape.h"

namespace logrx::report {

namespace {

// 128 KiB: fewer fresh pages to touch than a larger block (a page's first touch costs
// about as much as copying it), few enough writes.
constexpr size_t kFlushAt = 128 << 10;
// The output buffer: records are written in place at its end, each into room for its
// bound, and it is flushed once it holds kFlushAt bytes or a record's room does not fit.
constexpr size_t kBufferSize = kFlushAt + (256 << 10);
// An in-memory writer's first buffer; it doubles as needed (a unit's output, an EVTX
// chunk's records, is ~150 KiB of XML).
constexpr size_t kMemoryBlockSize = 64 << 10;


constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The two base64 digits of each 12-bit value: three bytes are two lookups.
struct Base64Pairs {
  char pair[4096][2] = {};
  constexpr Base64Pairs() {
    for (int v = 0; v < 4096; ++v) {
      pair[v][0] = kBase64Alphabet[v >> 6];
      pair[v][1] = kBase64Alphabet[v & 63];
    }
  }
};
constexpr Base64Pairs kBase64Pairs;

// Writes `in` as base64 at `w` (room for 4 * ceil(n / 3) bytes) and returns the end.
// Six bytes at a time while eight can be loaded: one big-endian load, four lookups.
char* Base64(std::string_view in, char* w) {
  size_t i = 0;
  const char* p = in.data();
  auto byte = [p](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(p[k])); };
  for (; i + 8 <= in.size(); i += 6) {
    uint64_t v;
    std::memcpy(&v, p + i, 8);
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    // Bytes i..i+5 are now bits 63..16.
    std::memcpy(w, kBase64Pairs.pair[(v >> 52) & 0xFFF], 2);
    std::memcpy(w + 2, kBase64Pairs.pair[(v >> 40) & 0xFFF], 2);
    std::memcpy(w + 4, kBase64Pairs.pair[(v >> 28) & 0xFFF], 2);
    std::memcpy(w + 6, kBase64Pairs.pair[(v >> 16) & 0xFFF], 2);
    w += 8;
  }
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    std::memcpy(w, kBase64Pairs.pair[v >> 12], 2);
    std::memcpy(w + 2, kBase64Pairs.pair[v & 0xFFF], 2);
    w += 4;
  }
  if (i < in.size()) {
    uint32_t v = byte(i) << 16;
    if (i + 1 < in.size()) v |= byte(i + 1) << 8;
    *w++ = kBase64Alphabet[(v >> 18) & 63];
    *w++ = kBase64Alphabet[(v >> 12) & 63];
    *w++ = i + 1 < in.size() ? kBase64Alphabet[(v >> 6) & 63] : '=';
    *w++ = '=';
  }
  return w;
}

// Writes `v` in decimal at `w` (room for 20 bytes) and returns the end. The numbers of a
// record (ids, offsets, process ids) fit 32 bits: their digits come two at a time from
// 32-bit arithmetic, their count from the bit width and one compare.
[[gnu::always_inline]] inline char* PutDecimal(uint64_t v, char* w) noexcept {
  if (v < 10) {  // version, level, opcode...: mostly one digit
    *w = static_cast<char>('0' + v);
    return w + 1;
  }
  if (v > UINT32_MAX) return std::to_chars(w, w + 20, v).ptr;
  static constexpr uint32_t kPow10[10] = {1,      10,      100,      1000,      10000,
                                          100000, 1000000, 10000000, 100000000, 1000000000};
  auto x = static_cast<uint32_t>(v);
  const auto guess = static_cast<size_t>((std::bit_width(x) * 1233) >> 12);  // ~ log10
  const size_t n = guess + (x >= kPow10[guess] ? 1 : 0);
  char* p = w + n;
  while (x >= 100) {
    const uint32_t q = x / 100;
    p -= 2;
    std::memcpy(p, readers::kDecimalPairs + 2 * (x - 100 * q), 2);
    x = q;
  }
  if (x >= 10) {
    std::memcpy(p - 2, readers::kDecimalPairs + 2 * x, 2);
  } else {
    p[-1] = static_cast<char>('0' + x);
  }
  return w + n;
}

// Bytes a JSON string must escape: '"', '\\' and C0 controls. The short forms JSON has
// (\b \t \n \f \r) are used for those five controls, \u00XX (upper-case hex) for the
// other controls; everything else, DEL and UTF-8 sequences included, is copied.
struct JsonEscapes {
  char code[256] = {};  // 0: copy; 'u': \u00XX; else the letter after the backslash
  constexpr JsonEscapes() {
    for (int c = 0; c < 0x20; ++c) code[c] = 'u';
    code[0x08] = 'b';
    code[0x09] = 't';
    code[0x0A] = 'n';
    code[0x0C] = 'f';
    code[0x0D] = 'r';
    code[static_cast<unsigned char>('"')] = '"';
    code[static_cast<unsigned char>('\\')] = '\\';
  }
};
constexpr JsonEscapes kJsonEscapes;

// True when one of the 8 bytes of `w` is a C0 control, '"' or '\\' (may also say true
// for a word without one: the caller then looks byte by byte).
constexpr bool WordNeedsEscape(uint64_t w) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const uint64_t quote = w ^ (kOnes * '"');
  const uint64_t backslash = w ^ (kOnes * '\\');
  const uint64_t below_space = (w - kOnes * 0x20) & ~w;
  const uint64_t is_quote = (quote - kOnes) & ~quote;
  const uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((below_space | is_quote | is_backslash) & kHigh) != 0;
}

#if defined(__SSE2__)
// Bit i set when byte i of `v` is '"', '\\', a C0 control or, unless `utf8_checked`,
// above 0x7F.
inline int CareMask16(__m128i v, bool utf8_checked) noexcept {
  const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  // Signed: bytes above 0x7F are negative, so one compare finds them and the controls;
  // unsigned (min(v, 0x1F) == v) finds the controls alone.
  const __m128i low = utf8_checked ? _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v)
                                   : _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), low));
}
// True when none of the 16 bytes of `v` is '"', '\\', a C0 control or above 0x7F.
inline bool PlainAscii16(__m128i v) noexcept { return CareMask16(v, false) == 0; }
#endif

// When `s` is ASCII with nothing to escape (most event text), copies it to `w` and returns
// the end; else returns nullptr (what it wrote is then overwritten). Strings of 4 bytes and
// more are checked as (overlapping) whole words, their first and last ones stored as they are.
[[gnu::always_inline]] inline char* CopyIfPlainJson(std::string_view s, char* w) noexcept {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const size_t n = s.size();
  const char* p = s.data();
  if (n < 4) {
    for (size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(p[i]);
      if (c >= 0x80 || kJsonEscapes.code[c] != 0) return nullptr;
      w[i] = static_cast<char>(c);
    }
    return w + n;
  }
  if (n < 8) {
    uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    const uint64_t both = (uint64_t{tail} << 32) | head;
    if (WordNeedsEscape(both) || (both & kHigh) != 0) return nullptr;
    std::memcpy(w, p, 4);
    std::memcpy(w + n - 4, p + n - 4, 4);
    return w + n;
  }
#if defined(__SSE2__)
  if (n < 16) {
    const __m128i v = _mm_unpacklo_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)),
                                         _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + n - 8)));
    if (!PlainAscii16(v)) return nullptr;
    std::memcpy(w, p, 8);
    std::memcpy(w + n - 8, p + n - 8, 8);
    return w + n;
  }
  // Checked and stored a block at a time, the last block overlapping the one before.
  for (size_t i = 0; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    if (!PlainAscii16(v)) return nullptr;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w + i), v);
  }
  const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
  if (!PlainAscii16(last)) return nullptr;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(w + n - 16), last);
  return w + n;
#else
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (WordNeedsEscape(word) || (word & kHigh) != 0) return nullptr;
  }
  uint64_t last;
  std::memcpy(&last, p + n - 8, 8);
  if (WordNeedsEscape(last) || (last & kHigh) != 0) return nullptr;
  std::memcpy(w, p, n);
  return w + n;
#endif
}

// WriteJsonString for text CopyIfPlainJson did not take: `w` is just after the opening
// quote. Text is copied sixteen bytes at a time (eight near its end) up to the next byte
// to escape; UTF-8 is checked once, when the first byte above 0x7F shows up. Kept out of
// line: its register saves would otherwise be paid by every short plain string.
[[gnu::noinline]] char* WriteEscapedJsonString(std::string_view s, char* w) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const char* p = s.data();
  const char* const end = p + s.size();
  bool utf8_checked = false;
  bool tail_tried = s.size() < 8;
  auto plain = [&utf8_checked](uint64_t word) {
    return !WordNeedsEscape(word) && (utf8_checked || (word & kHigh) == 0);
  };
  // The byte at p, escaped or copied; false when the text turns out not to be UTF-8.
  auto one = [&]() {
    const auto c = static_cast<unsigned char>(*p++);
    if (c >= 0x80 && !utf8_checked) {
      if (!IsValidUtf8(s)) return false;
      utf8_checked = true;
    }
    const char e = kJsonEscapes.code[c];
    if (e == 0) {
      *w++ = static_cast<char>(c);
    } else if (e == 'u') {
      const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      std::memcpy(w, u, 6);
      w += 6;
    } else {
      w[0] = '\\';
      w[1] = e;
      w += 2;
    }
    return true;
  };
  while (p < end) {
#if defined(__SSE2__)
    if (end - p >= 16) {
      // Stored as they are, then kept up to the first byte that needs care (the rest is
      // written over): room is 6 bytes per byte of text, and 16 of them are left.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), v);
      const int care = CareMask16(v, utf8_checked);
      if (care == 0) {
        w += 16;
        p += 16;
        continue;
      }
      const int k = __builtin_ctz(static_cast<unsigned>(care));
      w += k;
      p += k;
      if (!one()) return nullptr;
      continue;
    }
#endif
    uint64_t word;
    if (end - p >= 8) {
      std::memcpy(&word, p, 8);
      if (plain(word)) {
        std::memcpy(w, p, 8);
        w += 8;
        p += 8;
        continue;
      }
    } else if (!tail_tried) {
      // Fewer than 8 bytes left: when the string's last 8 bytes need nothing, the ones
      // before p among them were copied as they are, so the word can be stored over them.
      tail_tried = true;
      std::memcpy(&word, end - 8, 8);
      if (plain(word)) {
        const auto left = end - p;
        std::memcpy(w - (8 - left), end - 8, 8);
        w += left;
        break;
      }
    }
    if (!one()) return nullptr;
  }
  *w++ = '"';
  return w;
}

// Writes `s` as a quoted JSON string at `w` (room for 6 * s.size() + 2 bytes) and returns
// the end, or returns nullptr when `s` is not UTF-8. Inline: most event text is short and
// plain, and takes only the copy.
inline char* WriteJsonString(std::string_view s, char* w) {
  *w++ = '"';
  if (char* e = CopyIfPlainJson(s, w)) {
    *e++ = '"';
    return e;
  }
  return WriteEscapedJsonString(s, w);
}

// JsonOut::Text at `w`; returns the end. A function of its own, not a member: a member
// kept out of line would take the JsonOut's address, and its write position would then be
// stored and reloaded around every literal its caller writes.
[[gnu::noinline]] char* WriteText(std::string_view v, char* w) {
  if (char* e = WriteJsonString(v, w)) return e;
  static constexpr char kOpen[] = "{\"bytes\":\"";
  std::memcpy(w, kOpen, sizeof(kOpen) - 1);
  w = Base64(v, w + sizeof(kOpen) - 1);
  w[0] = '"';
  w[1] = '}';
  return w + 2;
}

// Room a time's text takes in the output: kFiletimeIsoChars, or AppendFiletimeIso8601's
// longer text for a year outside 0..9999 (cut to this length; no int64 FILETIME needs it).
constexpr size_t kTimeRoom = 64;

// A time's text, quoted, at `w` (kTimeRoom + 2 bytes); returns the end. `scratch` holds
// the rare text PutFiletimeIso8601 does not write.
[[gnu::always_inline]] inline char* PutTime(int64_t t, char* w, std::string& scratch) {
  *w++ = '"';
  if (readers::PutFiletimeIso8601(t, w)) {
    w += readers::kFiletimeIsoChars;
  } else {
    scratch.clear();
    readers::AppendFiletimeIso8601(t, scratch);
    w += scratch.copy(w, kTimeRoom);  // at most kTimeRoom bytes
  }
  *w++ = '"';
  return w;
}

// Bytes JsonOut::Text may write for `v`: escaped (6 per byte) or the base64 object.
constexpr size_t TextBound(size_t n) noexcept { return 6 * n + 16; }

// One JSON record written into memory sized for it up front (the caller adds the bounds
// of what it writes), so each key and each value is one copy without a capacity check.
// Keys and separators are our own ASCII literals; only event text goes through the escaper.
class JsonOut {
 public:
  explicit JsonOut(char* w) : w_(w) {}
  char* end() const noexcept { return w_; }

  // A literal of our own, e.g. `,"record_id":`.
  template <size_t N>
  void Lit(const char (&s)[N]) noexcept {
    std::memcpy(w_, s, N - 1);
    w_ += N - 1;
  }
  void Bytes(std::string_view s) noexcept {
    if (s.empty()) return;
    std::memcpy(w_, s.data(), s.size());
    w_ += s.size();
  }
  [[gnu::always_inline]] void Uint(uint64_t v) noexcept { w_ = PutDecimal(v, w_); }
  // The first `n` of `Room` bytes at `s`, copied as one block of `Room` (a constant size:
  // no call); the bytes after the n are written over next.
  template <size_t Room>
  void Padded(const char* s, size_t n) noexcept {
    std::memcpy(w_, s, Room);
    w_ += n;
  }
  void Hex(uint64_t v) noexcept { w_ = std::to_chars(w_, w_ + 16, v, 16).ptr; }
  // A time, quoted (PutTime).
  void Time(int64_t t, std::string& scratch) { w_ = PutTime(t, w_, scratch); }
  // `key` (a literal of our own such as `,"level":`) and the number `v`.
  template <size_t N>
  void KeyUint(const char (&key)[N], uint64_t v) noexcept {
    Lit(key);
    Uint(v);
  }
  // `key` and a value of our own, quoted.
  template <size_t N>
  void KeyQuoted(const char (&key)[N], std::string_view v) noexcept {
    Lit(key);
    Quoted(v);
  }
  // `key` and event text (see Text).
  template <size_t N>
  void KeyText(const char (&key)[N], std::string_view v) {
    Lit(key);
    Text(v);
  }
  // A value of our own (enum names, times, hex, base64): quoted, nothing to escape.
  void Quoted(std::string_view v) noexcept {
    *w_++ = '"';
    Bytes(v);
    *w_++ = '"';
  }
  void QuotedBase64(std::string_view v) noexcept {
    *w_++ = '"';
    w_ = Base64(v, w_);
    *w_++ = '"';
  }
  // Event text: escaped, or {"bytes":"<base64>"} when it is not UTF-8.
  void Text(std::string_view v) { w_ = WriteText(v, w_); }
  // One data item: {"name":"<name>","value":"<value>"}, or {"value":...} for a field
  // without a name. A named field with plain ASCII name and value (most are) is written as
  // five copies; any other goes through Text and ValueOrBytes.
  void Item(const Field& f) {
    char* const start = w_;
    if (!f.name.empty()) {
      Lit("{\"name\":\"");
      if (char* e = CopyIfPlainJson(f.name, w_)) {
        w_ = e;
        Lit("\",\"value\":\"");
        if ((e = CopyIfPlainJson(f.value, w_)) != nullptr) {
          w_ = e;
          Lit("\"}");
          return;
        }
      }
      w_ = start;
    }
    Lit("{");
    if (!f.name.empty()) {
      Lit("\"name\":");
      Text(f.name);
      Lit(",");
    }
    ValueOrBytes(f.value);
    Lit("}");
  }
  // "value":"<text>", or "bytes":"<base64>" when the text is not UTF-8.
  void ValueOrBytes(std::string_view v) {
    Lit("\"value\":");
    if (char* e = WriteJsonString(v, w_)) {
      w_ = e;
      return;
    }
    w_ -= 8;
    Lit("\"bytes\":\"");
    w_ = Base64(v, w_);
    *w_++ = '"';
  }

 private:
  char* w_;
};

void AppendJsonText(std::string_view v, std::string& out) {
  const size_t start = out.size();
  out.resize(start + TextBound(v.size()));
  JsonOut o(out.data() + start);
  o.Text(v);
  out.resize(static_cast<size_t>(o.end() - out.data()));
}

void Escape(std::string_view s, std::string& out, bool attr) {
  readers::AppendXmlEscaped(s, out, attr);
}

// JSON text made from a few numbers of a record, kept by those numbers: records repeat
// them (a template's event id, level and keywords; a service's process and thread), so
// most records copy the text instead of writing each number. Direct-mapped, kEntries
// entries of kRoom bytes; a text is made again when its entry held other numbers.
template <size_t kRoom, size_t kEntries>
class NumberTextCache {
 public:
  struct Key {
    uint64_t a = 0, b = 0, c = 0;
    bool operator==(const Key&) const = default;
  };
  // The text for `key`: kRoom bytes at the result, the first `size` of them the text.
  // `make(at)` writes it at `at` (at most kRoom bytes) and returns its end.
  template <typename Make>
  const char* Get(const Key& key, size_t& size, Make&& make) {
    const uint64_t h = (key.a ^ (key.b * 0x9E3779B97F4A7C15ULL) ^ (key.c * 0xC2B2AE3D27D4EB4FULL)) *
                       0xFF51AFD7ED558CCDULL;
    Entry& e = entries_[(h >> 32) % kEntries];
    if (!e.valid || !(e.key == key)) {
      e.key = key;
      e.valid = true;
      e.size = static_cast<size_t>(make(e.text) - e.text);
    }
    size = e.size;
    return e.text;
  }

 private:
  struct Entry {
    Key key;
    bool valid = false;
    size_t size = 0;
    char text[kRoom] = {};
  };
  std::array<Entry, kEntries> entries_{};
};

// What a record's text keeps from one record to the next: scratch for a time outside
// PutFiletimeIso8601's years, and the text of its numbers (NumberTextCache).
struct RecordTexts {
  std::string time;
  // `,"event_id":...` through `,"keywords":"0x..."` and `,"evt_type":...`.
  static constexpr size_t kSystemRoom = 160;
  NumberTextCache<kSystemRoom, 64> system;
  // `,"process_id":...,"thread_id":...`.
  static constexpr size_t kExecutionRoom = 48;
  NumberTextCache<kExecutionRoom, 16> execution;
};

}  // namespace

std::string_view IntegrityName(Integrity i) noexcept {
  switch (i) {
    case Integrity::kOk: return "ok";
    case Integrity::kChecksumMismatch: return "checksum-mismatch";
    case Integrity::kRecovered: return "recovered";
  }
  return "ok";
}

struct RecordWriter::Scratch {
  RecordTexts texts;      // text kept from one record to the next
  std::string xml;        // a record's XML built from its fields, or a comment before it
  std::string file;       // the last file name written
  InputFormat format = InputFormat::kUnknown;  // and the last format
  // `{"file":<file>,"format":"<format>","record_id":`, the name escaped once per file,
  // not once per record.
  std::string head;

  std::string_view Head(std::string_view name, InputFormat f) {
    if (head.empty() || f != format || !SameBytes(name, file)) {  // inline: every record
      file.assign(name);
      format = f;
      head.assign("{\"file\":");
      AppendJsonText(name, head);
      head.append(",\"format\":\"");
      head.append(InputFormatName(f));
      head.append("\",\"record_id\":");
    }
    return head;
  }
};

namespace {

// Bytes WriteJson may write for `ev`: our own keys and numbers (well under kFixed) plus
// the bound of each piece of event text.
size_t JsonBound(const Event& ev, size_t head) {
  constexpr size_t kFixed = 2048 + 2 * kTimeRoom;
  size_t text = ev.provider.size() + ev.provider_guid.size() + ev.event_source.size() +
                ev.channel.size() + ev.computer.size() + ev.user_sid.size() +
                ev.level_text.size() + ev.task_text.size() + ev.message.size();
  size_t n = kFixed + head + 9 * TextBound(0);
  for (const Field& f : ev.data) {
    n += 32 + 2 * TextBound(0);
    text += f.name.size() + f.value.size();
  }
  return n + TextBound(text) - TextBound(0) + 4 * (ev.binary.size() / 3 + 1);
}

// `key` and its text, left out when the text is empty.
template <size_t N>
void OptText(JsonOut& o, const char (&key)[N], std::string_view v) {
  if (!v.empty()) o.KeyText(key, v);
}

// The numbers RecordTexts::system keeps the text of, as its key.
NumberTextCache<RecordTexts::kSystemRoom, 64>::Key SystemKey(const Event& ev) noexcept {
  return {uint64_t{ev.event_id} | (uint64_t{ev.qualifiers} << 16) |
              (uint64_t{ev.has_qualifiers} << 32) | (uint64_t{ev.version} << 40) |
              (uint64_t{ev.level} << 48) | (uint64_t{ev.opcode} << 56),
          ev.keywords, uint64_t{ev.task} | (uint64_t{ev.evt_type} << 16)};
}

// `,"event_id":` through `"keywords"` and `"evt_type"` at `w` (at most 137 bytes).
char* WriteSystemNumbers(char* w, const Event& ev) {
  JsonOut o(w);
  o.KeyUint(",\"event_id\":", ev.event_id);
  if (ev.has_qualifiers) o.KeyUint(",\"qualifiers\":", ev.qualifiers);
  o.KeyUint(",\"version\":", ev.version);
  o.KeyUint(",\"level\":", ev.level);
  o.KeyUint(",\"task\":", ev.task);
  o.KeyUint(",\"opcode\":", ev.opcode);
  o.Lit(",\"keywords\":\"0x");
  o.Hex(ev.keywords);
  o.Lit("\"");
  if (ev.evt_type != 0) o.KeyUint(",\"evt_type\":", ev.evt_type);
  return o.end();
}

// WriteJsonBody and WriteJsonTail write at `w` and return the end. Their JsonOut is a
// local whose address does not escape, so its write position stays in a register: a
// caller's JsonOut, reached by reference, would be reloaded after every byte stored
// (a char store may alias anything).
char* WriteJsonBody(char* w, const Event& ev, std::string_view head, RecordTexts& texts) {
  JsonOut o(w);
  o.Bytes(head);  // through "record_id":, made once per file
  o.Uint(ev.record_id);
  if (ev.time_created != kNoTime) {
    o.Lit(",\"time\":");
    o.Time(ev.time_created, texts.time);
  }
  if (ev.time_written != kNoTime) {
    o.Lit(",\"time_written\":");
    o.Time(ev.time_written, texts.time);
  }
  if (ev.where.offset != kNoOffset) o.KeyUint(",\"offset\":", ev.where.offset);
  if (ev.where.line != 0) o.KeyUint(",\"line\":", ev.where.line);
  if (ev.integrity == Integrity::kOk) {
    o.Lit(",\"integrity\":\"ok\",\"provider\":");
  } else {
    o.KeyQuoted(",\"integrity\":", IntegrityName(ev.integrity));
    o.Lit(",\"provider\":");
  }
  o.Text(ev.provider);
  OptText(o, ",\"provider_guid\":", ev.provider_guid);
  OptText(o, ",\"event_source\":", ev.event_source);
  size_t n = 0;
  const char* system = texts.system.Get(SystemKey(ev), n, [&ev](char* at) {
    return WriteSystemNumbers(at, ev);
  });
  o.Padded<RecordTexts::kSystemRoom>(system, n);
  const char* execution = texts.execution.Get(
      {(uint64_t{ev.process_id} << 32) | ev.thread_id, 0, 0}, n, [&ev](char* at) {
        JsonOut e(at);
        e.KeyUint(",\"process_id\":", ev.process_id);
        e.KeyUint(",\"thread_id\":", ev.thread_id);
        return e.end();
      });
  o.Padded<RecordTexts::kExecutionRoom>(execution, n);
  o.KeyText(",\"channel\":", ev.channel);
  o.KeyText(",\"computer\":", ev.computer);
  OptText(o, ",\"user_sid\":", ev.user_sid);
  OptText(o, ",\"level_text\":", ev.level_text);
  OptText(o, ",\"task_text\":", ev.task_text);
  return o.end();
}

char* WriteJsonTail(char* w, const Event& ev) {
  JsonOut o(w);
  if (!ev.message.empty()) {
    o.KeyText(",\"message\":", ev.message);
    switch (ev.message_origin) {
      case MessageOrigin::kExport: o.Lit(",\"message_origin\":\"export\""); break;
      case MessageOrigin::kTemplate: o.Lit(",\"message_origin\":\"template\""); break;
      default: o.Lit(",\"message_origin\":\"server\""); break;
    }
  }
  if (ev.data_is_user_data) {
    o.Lit(",\"user_data\":[");
  } else {
    o.Lit(",\"data\":[");
  }
  bool first = true;
  for (const Field& f : ev.data) {
    if (!first) o.Lit(",");
    first = false;
    o.Item(f);
  }
  o.Lit("]");
  if (!ev.binary.empty()) {
    o.Lit(",\"binary\":");
    o.QuotedBase64(
        std::string_view(reinterpret_cast<const char*>(ev.binary.data()), ev.binary.size()));
  }
  o.Lit("}");
  return o.end();
}

// Writes `ev`'s JSON object (no newline) at `room(bound)`, memory for `bound` bytes, and
// returns its end. `head`: Scratch::Head.
template <typename Room>
char* WriteJson(const Event& ev, std::string_view head, RecordTexts& texts, Room&& room) {
  char* w = room(JsonBound(ev, head.size()));
  w = WriteJsonBody(w, ev, head, texts);
  return WriteJsonTail(w, ev);
}

}  // namespace

RecordWriter::RecordWriter(std::FILE* out, RecordFormat format)
    : out_(out), scratch_(std::make_unique<Scratch>()), format_(format) {
  // Output is buffered here, in blocks; a stdio buffer too would split each block into
  // three writes (fill its buffer, the whole blocks, the rest). Done before any output.
  std::setvbuf(out_, nullptr, _IONBF, 0);
}

RecordWriter::RecordWriter(RecordFormat format)
    : out_(nullptr), scratch_(std::make_unique<Scratch>()), format_(format) {}

RecordWriter::~RecordWriter() { Flush(); }

RecordWriter::Block RecordWriter::TakeBlock() {
  Block b{std::move(buf_), size_, capacity_};
  size_ = 0;
  capacity_ = 0;
  if (!spare_.empty()) {
    buf_ = std::move(spare_.back().data);
    capacity_ = spare_.back().capacity;
    spare_.pop_back();
  }
  return b;
}

void RecordWriter::Recycle(Block&& b) {
  if (b.data == nullptr) return;
  b.size = 0;
  spare_.push_back(std::move(b));
}

void RecordWriter::WriteBlock(const Block& b) {
  Flush();
  if (ok_ && b.size != 0 && std::fwrite(b.data.get(), 1, b.size, out_) != b.size) ok_ = false;
}

void RecordWriter::AppendJson(const Event& ev, std::string_view file, std::string& out) {
  Scratch scratch;
  const size_t start = out.size();
  char* end = WriteJson(ev, scratch.Head(file, ev.format), scratch.texts, [&out, start](size_t n) {
    out.resize(start + n);
    return out.data() + start;
  });
  out.resize(static_cast<size_t>(end - out.data()));
}

void RecordWriter::AppendXml(const Event& ev, std::string& out) {
  if (!ev.xml.empty()) {
    out.append(ev.xml);
    return;
  }
  auto attr = [&out](const char* name, std::string_view v) {
    if (v.empty()) return;
    out += ' ';
    out += name;
    out += "=\"";
    Escape(v, out, true);
    out += '"';
  };
  auto elem = [&out](const char* name, std::string_view v) {
    fmt::format_to(std::back_inserter(out), "<{}>", name);
    Escape(v, out, false);
    fmt::format_to(std::back_inserter(out), "</{}>", name);
  };
  out += "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider";
  attr("Name", ev.provider);
  attr("Guid", ev.provider_guid);
  attr("EventSourceName", ev.event_source);
  out += "/><EventID";
  if (ev.has_qualifiers) fmt::format_to(std::back_inserter(out), " Qualifiers=\"{}\"", ev.qualifiers);
  fmt::format_to(std::back_inserter(out),
                 ">{}</EventID><Version>{}</Version><Level>{}</Level><Task>{}</Task>"
                 "<Opcode>{}</Opcode><Keywords>0x{:x}</Keywords>",
                 ev.event_id, ev.version, ev.level, ev.task, ev.opcode, ev.keywords);
  out += "<TimeCreated";
  if (ev.time_created != kNoTime) attr("SystemTime", FormatIso8601(ev.time_created));
  fmt::format_to(std::back_inserter(out),
                 "/><EventRecordID>{}</EventRecordID><Execution ProcessID=\"{}\" "
                 "ThreadID=\"{}\"/>",
                 ev.record_id, ev.process_id, ev.thread_id);
  elem("Channel", ev.channel);
  elem("Computer", ev.computer);
  out += "<Security";
  attr("UserID", ev.user_sid);
  out += "/></System>";
  if (ev.data_is_user_data) {
    out += "<UserData><EventXML>";
    for (const Field& f : ev.data) {
      const std::string_view name = f.name.empty() ? std::string_view("Data") : f.name;
      out += '<';
      out += name;
      out += '>';
      Escape(f.value, out, false);
      out += "</";
      out += name;
      out += '>';
    }
    out += "</EventXML></UserData>";
  } else {
    out += "<EventData>";
    for (const Field& f : ev.data) {
      out += "<Data";
      attr("Name", f.name);
      out += '>';
      Escape(f.value, out, false);
      out += "</Data>";
    }
    if (!ev.binary.empty()) {
      out += "<Binary>";
      for (std::byte b : ev.binary) {
        fmt::format_to(std::back_inserter(out), "{:02X}", std::to_integer<unsigned>(b));
      }
      out += "</Binary>";
    }
    out += "</EventData>";
  }
  if (!ev.message.empty() || !ev.level_text.empty() || !ev.task_text.empty()) {
    out += "<RenderingInfo Culture=\"\">";
    // Say where a message logrx rendered came from: it is not the one the host wrote.
    if (ev.message_origin == MessageOrigin::kTemplate) {
      out += "<!-- Message rendered by logrx from kb/messages -->";
    } else if (ev.message_origin == MessageOrigin::kServer) {
      out += "<!-- Message rendered by logrx from the server's message files -->";
    }
    if (!ev.message.empty()) elem("Message", ev.message);
    if (!ev.level_text.empty()) elem("Level", ev.level_text);
    if (!ev.task_text.empty()) elem("Task", ev.task_text);
    out += "</RenderingInfo>";
  }
  out += "</Event>";
}

char* RecordWriter::Room(size_t n) {
  if (capacity_ - size_ < n) {
    if (out_ == nullptr) return Grow(n);
    Flush();
    if (capacity_ < n) {
      capacity_ = std::max(n, kBufferSize);
      buf_ = std::make_unique_for_overwrite<char[]>(capacity_);
    }
  }
  return buf_.get() + size_;
}

char* RecordWriter::Grow(size_t n) {
  const size_t capacity = std::max({size_ + n, capacity_ * 2, kMemoryBlockSize});
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ != 0) std::memcpy(bigger.get(), buf_.get(), size_);
  buf_ = std::move(bigger);
  capacity_ = capacity;
  return buf_.get() + size_;
}

void RecordWriter::Append(std::string_view s) {
  char* w = Room(s.size());
  if (!s.empty()) std::memcpy(w, s.data(), s.size());
  size_ += s.size();
}

void RecordWriter::Begin() {
  if (format_ == RecordFormat::kXml && out_ != nullptr) {
    Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n");
  }
}

void RecordWriter::Write(const Event& ev, std::string_view file) {
  if (format_ == RecordFormat::kJsonl) {
    // Written in place at the end of the buffer: room for the record's bound and the newline.
    char* end = WriteJson(ev, scratch_->Head(file, ev.format), scratch_->texts,
                          [this](size_t n) { return Room(n + 1); });
    *end++ = '\n';
    size_ = static_cast<size_t>(end - buf_.get());
  } else {
    std::string& xml = scratch_->xml;
    if (ev.integrity != Integrity::kOk) {
      xml.clear();
      fmt::format_to(std::back_inserter(xml), "<!-- record {} at offset {}: {} -->\n",
                     ev.record_id, ev.where.offset, IntegrityName(ev.integrity));
      Append(xml);
    }
    std::string_view text = ev.xml;
    if (text.empty()) {
      xml.clear();
      AppendXml(ev, xml);
      text = xml;
    }
    char* w = Room(text.size() + 1);
    std::memcpy(w, text.data(), text.size());
    w[text.size()] = '\n';
    size_ += text.size() + 1;
  }
  if (size_ >= kFlushAt) Flush();  // a no-op in memory
}

void RecordWriter::End() {
  if (format_ == RecordFormat::kXml && out_ != nullptr) Append("</Events>\n");
  Flush();
}

void RecordWriter::Flush() {
  const size_t n = size_;
  if (n == 0 || out_ == nullptr) return;
  if (ok_ && std::fwrite(buf_.get(), 1, n, out_) != n) ok_ = false;
  size_ = 0;
  if (ok_ && std::fflush(out_) != 0) ok_ = false;
}

}  // namespace logrx::report
