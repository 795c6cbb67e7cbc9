// Text decoding for inventory files as Windows writes them: UTF-16LE with BOM (reg export,
// wmic and systeminfo redirected by cmd, PowerShell 5 "Unicode"), UTF-16BE with BOM,
// UTF-8 with or without BOM, and ANSI (REGEDIT4; bytes that are not UTF-8 are read as
// Latin-1). UTF-16LE without a BOM is recognised by a NUL in the second byte.
//
//   DecodedText t = DecodeText(bytes);
//   Parse(t.text);   // UTF-8, line ends untouched
//
// Pure; thread-safe.
#ifndef LOGRX_INVENTORY_TEXT_DECODE_H_
#define LOGRX_INVENTORY_TEXT_DECODE_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace logrx::inventory {

struct DecodedText {
  std::string text;           // UTF-8
  std::string_view encoding;  // "utf-16le-bom", "utf-16le", "utf-16be-bom", "utf-8-bom", "utf-8", "ansi"
};

DecodedText DecodeText(std::span<const std::byte> bytes);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_TEXT_DECODE_H_
