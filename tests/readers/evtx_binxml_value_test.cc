// BinXML value text: ANSI strings (type 0x02) are read as Windows-1252; FILETIMEs as
// ISO 8601 text whatever the order they come in.
#include <doctest/doctest.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/event.h"
#include "core/time.h"
#include "readers/evtx/binxml_value.h"

namespace logrx::readers {
namespace {

std::vector<std::byte> Bytes(std::initializer_list<int> b) {
  std::vector<std::byte> out;
  for (int x : b) out.push_back(static_cast<std::byte>(x));
  return out;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("binxml value: ANSI strings are Windows-1252, 0x80-0x9F included") {
  // 'a', euro 0x80, left double quote 0x93, em dash 0x97, undefined 0x81, e-acute 0xE9,
  // then the terminating NUL (dropped).
  const auto bytes = Bytes({'a', 0x80, 0x93, 0x97, 0x81, 0xE9, 0x00});
  std::string out;
  CHECK(AppendValueText(kValueAnsiString, bytes, out) == ValueTextStatus::kOk);
  CHECK(out == "a\u20AC\u201C\u2014\uFFFD\u00E9");

  // An array of ANSI strings: NUL-separated items, each decoded alike.
  const auto items = Bytes({0x80, 0x00, 'b', 0x9F, 0x00});
  std::string joined;
  CHECK(AppendValueText(kValueAnsiString | kValueArrayFlag, items, joined) ==
        ValueTextStatus::kOk);
  CHECK(joined == "\u20AC, b\u0178");
}

TEST_CASE("binxml value: an unsigned value's text from the number equals its text from the bytes") {
  const uint8_t types[] = {kValueUInt8,  kValueUInt16,   kValueUInt32,
                           kValueUInt64, kValueHexInt32, kValueHexInt64};
  const uint64_t values[] = {0, 1, 9, 10, 42, 255, 256, 65535, 0xDEADBEEF, 0xFFFFFFFF,
                             0x100000000, 12345678901234567890u, UINT64_MAX};
  for (const uint8_t type : types) {
    for (const uint64_t v : values) {
      CAPTURE(type);
      CAPTURE(v);
      const size_t size = type == kValueUInt8 ? 1 : type == kValueUInt16 ? 2
                          : type == kValueUInt32 || type == kValueHexInt32 ? 4 : 8;
      if (size < 8 && v >> (8 * size) != 0) continue;
      std::vector<std::byte> bytes(size);
      for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::byte>((v >> (8 * i)) & 0xFF);
      uint64_t read = 0;
      REQUIRE(ValueAsUnsigned(type, bytes, read));
      CHECK(read == v);
      std::string from_bytes = "<", from_number = "<";
      CHECK(AppendValueText(type, bytes, from_bytes) == ValueTextStatus::kOk);
      AppendUnsignedText(type, v, from_number);
      CHECK(from_number == from_bytes);
    }
  }
  std::string hex;
  AppendUnsignedText(kValueHexInt64, 0xDEADBEEF, hex);
  CHECK(hex == "0xdeadbeef");
}

TEST_CASE("binxml value: in-place number text equals to_chars at every digit count") {
  // Each power of 10 and of 2, one below and one above: where the digit count changes.
  std::vector<uint64_t> values = {0, UINT64_MAX};
  for (uint64_t p = 1; p <= UINT64_MAX / 10; p *= 10) {
    for (const uint64_t v : {p - 1, p, p + 1, p * 10 - 1}) values.push_back(v);
  }
  for (int b = 0; b < 64; ++b) {
    const uint64_t p = uint64_t{1} << b;
    for (const uint64_t v : {p - 1, p, p + 1}) values.push_back(v);
  }
  for (const uint64_t v : values) {
    CAPTURE(v);
    char want[24];
    char got[kMaxUnsignedTextChars + 1];
    got[kMaxUnsignedTextChars] = '#';
    auto text = [](const char* from, const char* to) {
      return std::string(from, static_cast<size_t>(to - from));
    };
    const char* end = PutUnsignedText(kValueUInt64, v, got);
    CHECK(text(got, end) == text(want, std::to_chars(want, want + 24, v).ptr));
    end = PutUnsignedText(kValueHexInt64, v, got);
    CHECK(text(got, end) == "0x" + text(want, std::to_chars(want, want + 24, v, 16).ptr));
    CHECK(got[kMaxUnsignedTextChars] == '#');
  }
}

TEST_CASE("binxml value: in-place hex and GUID text equal a byte-at-a-time reference") {
  std::vector<std::byte> bytes;
  for (size_t n = 0; n <= 70; ++n) {
    bytes.clear();
    for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<std::byte>((i * 37 + n) & 0xFF));
    std::string want;
    for (const std::byte b : bytes) {
      want += "0123456789ABCDEF"[std::to_integer<unsigned>(b) >> 4];
      want += "0123456789ABCDEF"[std::to_integer<unsigned>(b) & 0xF];
    }
    std::string room(2 * n + 1, '#');
    const char* end = PutHex(bytes, room.data());
    CHECK(std::string(room.data(), static_cast<size_t>(end - room.data())) == want);
    CHECK(room.back() == '#');
    std::string appended = "x";
    AppendHex(bytes, appended);
    CHECK(appended == "x" + want);
  }
  // Every byte value once, in both nibbles.
  bytes.clear();
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::byte>(i));
  std::string all(512, '#');
  PutHex(bytes, all.data());
  for (int i = 0; i < 256; ++i) {
    CAPTURE(i);
    CHECK(all.substr(2 * static_cast<size_t>(i), 2) == fmt::format("{:02X}", i));
  }
  const auto guid = Bytes({0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA,
                           0xBB, 0xCC, 0xDD, 0xEE, 0xFF});
  char text[kGuidChars];
  PutGuid(guid.data(), text);
  CHECK(std::string(text, kGuidChars) == "{00112233-4455-6677-8899-AABBCCDDEEFF}");
}

TEST_CASE("binxml value: in-place SID text is AppendValueText's, or nothing when malformed") {
  const std::vector<std::vector<std::byte>> sids = {
      Bytes({1, 0, 0, 0, 0, 0, 0, 5}),                                      // S-1-5
      Bytes({1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}),                         // S-1-5-18
      Bytes({1, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0}),
      Bytes({1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0}),                       // one sub short
      Bytes({1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 7}),                      // a byte more
      Bytes({1, 0, 0}),                                                     // no header
  };
  std::vector<std::byte> long_sid = Bytes({255, 15, 0, 0, 0, 0, 0, 5});
  for (int i = 0; i < 15; ++i) {
    for (int b = 0; b < 4; ++b) long_sid.push_back(static_cast<std::byte>(0xF0 + i));
  }
  std::vector<std::vector<std::byte>> all = sids;
  all.push_back(long_sid);
  size_t written = 0;
  for (const auto& sid : all) {
    CAPTURE(sid.size());
    std::string want;
    const ValueTextStatus st = AppendValueText(kValueSid, sid, want);
    std::string room(SidTextBound(sid.size()) + 1, '#');
    const char* end = PutSid(sid, room.data());
    if (end == nullptr) {
      CHECK(st == ValueTextStatus::kMalformed);
    } else {
      ++written;
      CHECK(st == ValueTextStatus::kOk);
      CHECK(std::string(room.data(), static_cast<size_t>(end - room.data())) == want);
      CHECK(room.back() == '#');
    }
  }
  CHECK(written == 4);
  std::string text(SidTextBound(12), '#');
  const char* end = PutSid(sids[1], text.data());
  REQUIRE(end != nullptr);
  CHECK(std::string(text.data(), static_cast<size_t>(end - text.data())) == "S-1-5-18");
}

TEST_CASE("binxml value: in-place FILETIME text is the appended text, or none when not 28 chars") {
  const int64_t times[] = {0, 131445753882141616, FiletimeFromUnixSeconds(253402300799) + 9999999,
                           FiletimeFromUnixSeconds(253402300800), kNoTime, INT64_MAX, -1};
  for (const int64_t t : times) {
    CAPTURE(t);
    std::string appended;
    AppendFiletimeIso8601(t, appended);
    char text[kFiletimeIsoChars];
    if (PutFiletimeIso8601(t, text)) {
      CHECK(std::string(text, kFiletimeIsoChars) == appended);
    } else {
      CHECK(appended.size() != kFiletimeIsoChars);
    }
  }
  char text[kFiletimeIsoChars];
  CHECK(PutFiletimeIso8601(131445753882141616, text));
  CHECK(std::string(text, kFiletimeIsoChars) == "2017-07-15T06:56:28.2141616Z");
  CHECK_FALSE(PutFiletimeIso8601(kNoTime, text));
  CHECK_FALSE(PutFiletimeIso8601(FiletimeFromUnixSeconds(253402300800), text));  // year 10000
}

TEST_CASE("binxml value: FILETIME text is right for repeated, new and earlier seconds") {
  // The text up to the seconds is reused while the second repeats: each call must still
  // give the full text of its own FILETIME (values worked out by hand from the epoch).
  const int64_t t0 = FiletimeFromUnixSeconds(1586000000);  // 2020-04-04T11:33:20Z
  struct Case {
    int64_t filetime;
    const char* text;
  };
  const Case cases[] = {
      {t0 + 1234567, "2020-04-04T11:33:20.1234567Z"},
      {t0 + 9999999, "2020-04-04T11:33:20.9999999Z"},
      {t0 + 10000000, "2020-04-04T11:33:21.0000000Z"},
      {t0 + 86400LL * 10000000, "2020-04-05T11:33:20.0000000Z"},
      {t0 - 1, "2020-04-04T11:33:19.9999999Z"},
      {t0, "2020-04-04T11:33:20.0000000Z"},
      {0, "1601-01-01T00:00:00.0000000Z"},
      {-1, "1600-12-31T23:59:59.9999999Z"},
      {t0 + 5, "2020-04-04T11:33:20.0000005Z"},
  };
  for (const Case& c : cases) {
    std::string out = "x";
    AppendFiletimeIso8601(c.filetime, out);
    CAPTURE(c.filetime);
    CHECK(out == std::string("x") + c.text);
  }
}

TEST_CASE("binxml value: FILETIME text equals the calendar's over a sweep, in any order") {
  // Walks that stay in one day, cross midnights, month and year ends, leap days and the
  // range limits, and jump at random: the cached date and clock must never leak into a
  // FILETIME of another day or second. AppendIso8601 (core/time) is the reference.
  std::vector<int64_t> values;
  const int64_t kDay = 86400LL * kTicksPerSecond;
  const int64_t starts[] = {
      0, -1, FiletimeFromUnixSeconds(951782400) - kDay,    // 2000-02-28 (leap)
      FiletimeFromUnixSeconds(1709164800) - kDay,           // 2024-02-28 (leap)
      FiletimeFromUnixSeconds(4107542400) - kDay,           // 2100-02-28 (not leap)
      FiletimeFromUnixSeconds(1704067199),                  // 2023-12-31T23:59:59
      FiletimeFromUnixSeconds(253402300799) - 3 * kDay,     // up to 9999-12-31T23:59:59
      INT64_MAX - 2 * kDay, INT64_MIN, INT64_MIN + kDay};
  for (const int64_t s : starts) {
    int64_t t = s;
    for (int i = 0; i < 400; ++i) {
      values.push_back(t);
      const int64_t step = (i % 7 == 0) ? 3600LL * kTicksPerSecond + 7 : 777LL * kTicksPerSecond + 3;
      if (t > INT64_MAX - step) break;
      t += step;
    }
  }
  uint64_t x = 0x9E3779B97F4A7C15ULL;  // xorshift: the same "random" values every run
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    values.push_back(i % 2 == 0 ? static_cast<int64_t>(x)
                                : static_cast<int64_t>(x % (400ULL * 365 * kDay)));
    if (i % 3 == 0) values.push_back(values.back() + static_cast<int64_t>(x % (2 * kDay)) - kDay);
  }
  for (const int64_t v : values) {
    if (v == kNoTime) continue;
    std::string got;
    std::string want;
    AppendFiletimeIso8601(v, got);
    AppendIso8601(v, want);
    CAPTURE(v);
    REQUIRE(got == want);
  }
}

}

}  // namespace logrx::readers
