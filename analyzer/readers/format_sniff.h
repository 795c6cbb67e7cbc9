// Format sniffing: which reader an input needs, from its first bytes and its name. The one
// place that knows the formats' signatures and extensions; OpenEventFile and the fleet's
// folder walk both ask here.
//
//   InputFormat f = DetectFormat(first_512_bytes, "logs/System.evtx");
//   if (!HasEventLogExtension(path) && !HasBinaryLogMagic(first_8_bytes)) Skip(path);
//
// Pure functions of their arguments; thread-safe.
#ifndef LOGRX_READERS_FORMAT_SNIFF_H_
#define LOGRX_READERS_FORMAT_SNIFF_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/event.h"

namespace logrx::readers {

// Identifies a format from the first bytes (and, for text exports, the path's extension).
// EVTX: "ElfFile\0" at 0. EVT: header size 0x30 then "LfLe" at 4. XML: optional BOM then
// '<'. Text export: .txt/.csv/.tsv with a known header line. Else kUnknown.
InputFormat DetectFormat(std::span<const std::byte> head, std::string_view path) noexcept;

// The EVTX or EVT signature at the start of `head` (8 bytes suffice).
bool HasBinaryLogMagic(std::span<const std::byte> head) noexcept;

// `path` ends in an extension some reader handles: .evtx .evt .xml .txt .csv .tsv (any case).
bool HasEventLogExtension(std::string_view path);

// The extension of the last path component, lower-cased ASCII, without the dot; "" if none.
std::string LowerExtension(std::string_view path);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_FORMAT_SNIFF_H_
