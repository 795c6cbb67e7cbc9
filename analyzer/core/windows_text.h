// Text files as Windows writes them (BOM or none, UTF-16 or UTF-8 or ANSI), decoded to
// UTF-8.
//
//   DecodedText t = DecodeWindowsText(bytes);   // a .reg export, a CSV, an Event Viewer export
//   Parse(t.text);                              // UTF-8, line ends untouched
//
// Encodings, in the order they are tried: UTF-16LE with BOM (reg export, cmd and
// PowerShell 5 redirection, Event Viewer "Unicode" text), UTF-16BE with BOM, UTF-16LE
// without BOM (a NUL second byte after a non-NUL first), UTF-8 with or without BOM, and
// ANSI when the bytes are not valid UTF-8 (read as Windows-1252, core/windows_ansi.h).
// NUL bytes are kept as U+0000: decoding never stops early. Pure; thread-safe.
#ifndef LOGRX_CORE_WINDOWS_TEXT_H_
#define LOGRX_CORE_WINDOWS_TEXT_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace logrx {

struct DecodedText {
  std::string text;           // UTF-8
  std::string_view encoding;  // "utf-16le-bom", "utf-16le", "utf-16be-bom", "utf-8-bom", "utf-8", "ansi"
};

DecodedText DecodeWindowsText(std::span<const std::byte> bytes);

}  // namespace logrx

#endif  // LOGRX_CORE_WINDOWS_TEXT_H_
