#include "core/windows_ansi.h"

#include <cstdint>

#include "core/utf16.h"

namespace logrx {
namespace {

// Windows-1252 0x80..0x9F; the rest of the high half is Latin-1.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

}  // namespace

void AppendCp1252AsUtf8(std::span<const std::byte> text, std::string& out) {
  for (std::byte x : text) {
    const auto ch = std::to_integer<uint8_t>(x);
    if (ch < 0x80) {
      out.push_back(static_cast<char>(ch));
    } else {
      AppendCodePointUtf8(ch < 0xA0 ? kCp1252High[ch - 0x80] : ch, out);
    }
  }
}

}  // namespace logrx
