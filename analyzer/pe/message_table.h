// RT_MESSAGETABLE resource data (the compiled .mc messages of a message DLL/EXE) to
// (message id, text) pairs. Layout (docs/messages.md "Message tables"): u32 block count;
// per block u32 low id, u32 high id, u32 offset of its first entry (from the resource
// start); per entry u16 length (including itself), u16 flags (0 ANSI, 1 UTF-16LE), text.
//
//   Result<std::vector<MessageTableEntry>> t = ParseMessageTable(resource.data, "netevent.dll");
//   for (const auto& e : *t) Use(e.id, e.text);   // e.text is UTF-8
//
// Every count, offset and length is bounded by the resource size; ANSI text is read as
// Windows-1252. Texts keep their CR LF and trailing NUL padding removed. kCorrupt (naming
// the file, block and offset) for a malformed table; entries of the blocks before a bad
// block are not returned (a table is all or nothing). Pure; thread-safe.
#ifndef LOGRX_PE_MESSAGE_TABLE_H_
#define LOGRX_PE_MESSAGE_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace logrx::pe {

struct MessageTableEntry {
  uint32_t id = 0;   // full 32-bit message id (severity/facility bits included)
  std::string text;  // UTF-8
};

// Blocks with more than this many ids are rejected (real tables have a few thousand).
inline constexpr uint32_t kMaxMessageBlockIds = 1u << 16;

Result<std::vector<MessageTableEntry>> ParseMessageTable(std::span<const std::byte> data,
                                                         std::string_view display_name);

}  // namespace logrx::pe

#endif  // LOGRX_PE_MESSAGE_TABLE_H_
