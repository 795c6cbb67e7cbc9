#include "pe/message_table.h"

#include <fmt/format.h>

#include "core/byte_cursor.h"
#include "core/utf16.h"
#include "core/windows_ansi.h"

namespace logrx::pe {
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
        size_t len = 0;  // ANSI entries are NUL-padded to a 4-byte boundary
        while (len < text.size() && text[len] != std::byte{0}) ++len;
        AppendCp1252AsUtf8(text.first(len), entry.text);
      }
      out.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace logrx::pe
