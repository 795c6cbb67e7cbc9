#include "core/windows_text.h"

#include <cstdint>
#include <vector>

#include "core/utf16.h"

namespace logrx {
namespace {

// Windows-1252 0x80..0x9F; the rest of the high half is Latin-1.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

}  // namespace

void AppendWindows1252AsUtf8(std::span<const std::byte> bytes, std::string& out) {
  for (std::byte x : bytes) {
    const auto ch = std::to_integer<uint8_t>(x);
    if (ch < 0x80) {
      out.push_back(static_cast<char>(ch));
    } else {
      AppendCodePointUtf8(ch < 0xA0 ? kCp1252High[ch - 0x80] : ch, out);
    }
  }
}

DecodedText DecodeWindowsText(std::span<const std::byte> b) {
  DecodedText out;
  auto at = [&](size_t i) { return std::to_integer<uint8_t>(b[i]); };
  if (b.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) {
    AppendUtf16LeAsUtf8(b.data() + 2, (b.size() - 2) / 2, out.text);
    out.encoding = "utf-16le-bom";
    return out;
  }
  if (b.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) {
    std::vector<std::byte> swapped(b.size() - 2);
    for (size_t i = 2; i + 1 < b.size(); i += 2) {
      swapped[i - 2] = b[i + 1];
      swapped[i - 1] = b[i];
    }
    AppendUtf16LeAsUtf8(swapped.data(), swapped.size() / 2, out.text);
    out.encoding = "utf-16be-bom";
    return out;
  }
  if (b.size() >= 2 && at(1) == 0 && at(0) != 0) {
    AppendUtf16LeAsUtf8(b.data(), b.size() / 2, out.text);
    out.encoding = "utf-16le";
    return out;
  }
  size_t start = 0;
  out.encoding = "utf-8";
  if (b.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    start = 3;
    out.encoding = "utf-8-bom";
  }
  const std::span<const std::byte> body = b.subspan(start);
  const std::string_view raw(reinterpret_cast<const char*>(body.data()), body.size());
  if (IsValidUtf8(raw)) {
    out.text.assign(raw);
    return out;
  }
  out.encoding = "ansi";
  AppendWindows1252AsUtf8(body, out.text);
  return out;
}

}  // namespace logrx
