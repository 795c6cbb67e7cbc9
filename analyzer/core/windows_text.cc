#include "core/windows_text.h"

#include <cstdint>
#include <vector>

#include "core/utf16.h"
#include "core/windows_ansi.h"

namespace logrx {

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
  AppendCp1252AsUtf8(body, out.text);
  return out;
}

}  // namespace logrx
