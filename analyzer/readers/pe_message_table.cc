#include "readers/pe_message_table.h"

#include <fmt/format.h>

#include "core/byte_cursor.h"
#include "core/utf16.h"

namespace logrx::readers {
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
    if (ch == 0) break;
    if (ch < 0x80) {
      out.push_back(static_cast<char>(ch));
    } else {
      AppendCodePointUtf8(ch < 0xA0 ? kCp1252High[ch - 0x80] : ch, out);
    }
  }
}

Result<std::vector<MessageTableEntry>> ParseMessageTable(std::span<const std::byte> data,
                                                         std::string_view name) {
  ByteCursor c(data, 0);
  uint32_t blocks = 0;
  if (!c.ReadU32(blocks, "message table block count")) return c.ErrorStatus(name);
  if (blocks > (data.size() - 4) / 12) {
    return Status::Corrupt(fmt::format("{} @0x0: message table: {} blocks do not fit in {} bytes",
                                       name, blocks, data.size()));
  }
  std::vector<MessageTableEntry> out;
  for (uint32_t b = 0; b < blocks; ++b) {
    uint32_t low = 0, high = 0, offset = 0;
    if (!c.ReadU32(low, "block low id") || !c.ReadU32(high, "block high id") ||
        !c.ReadU32(offset, "block offset")) {
      return c.ErrorStatus(name);
    }
    if (high < low || high - low >= kMaxMessageBlockIds) {
      return Status::Corrupt(fmt::format("{} @0x{:x}: message table block {}: id range 0x{:x}..0x{:x} is invalid",
                                         name, 4 + 12 * b, b, low, high));
    }
    ByteCursor e(data, 0);
    if (!e.Seek(offset, "block entries")) {
      return Status::Corrupt(fmt::format("{} @0x{:x}: message table block {}: entry offset 0x{:x} is past the end ({} bytes)",
                                         name, 4 + 12 * b, b, offset, data.size()));
    }
    for (uint64_t id = low; id <= high; ++id) {
      const size_t at = e.pos();
      uint16_t length = 0, flags = 0;
      if (!e.ReadU16(length, "entry length") || !e.ReadU16(flags, "entry flags")) {
        return e.ErrorStatus(name);
      }
      std::span<const std::byte> text;
      if (length < 4 || !e.ReadBytes(length - 4u, text, "entry text")) {
        return Status::Corrupt(fmt::format("{} @0x{:x}: message 0x{:x}: entry length {} is invalid",
                                           name, at, id, length));
      }
      MessageTableEntry entry;
      entry.id = static_cast<uint32_t>(id);
      if (flags & 1) {
        AppendUtf16LeAsUtf8(text.data(), text.size() / 2, entry.text, true);
      } else {
        AppendCp1252AsUtf8(text, entry.text);
      }
      out.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace logrx::readers
