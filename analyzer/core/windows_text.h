// Text files as Windows writes them, decoded to UTF-8: the one place that decides what
// an ANSI byte means.
//
//   DecodedText t = DecodeWindowsText(bytes);   // a .reg export, a CSV, an Event Viewer export
//   Parse(t.text);                              // UTF-8, line ends untouched
//
// Encodings, in the order they are tried: UTF-16LE with BOM (reg export, cmd and
// PowerShell 5 redirection, Event Viewer "Unicode" text), UTF-16BE with BOM, UTF-16LE
// without BOM (a NUL second byte after a non-NUL first), UTF-8 with or without BOM, and
// ANSI when the bytes are not valid UTF-8. ANSI is read as Windows-1252, the code page of
// the Western-European Windows that wrote these files; 0x81, 0x8D, 0x8F, 0x90 and 0x9D,
// which 1252 leaves undefined, become U+FFFD. NUL bytes are kept as U+0000 (decoding never
// stops early). Pure functions; thread-safe.
#ifndef LOGRX_CORE_WINDOWS_TEXT_H_
#define LOGRX_CORE_WINDOWS_TEXT_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace logrx {

// Appends Windows-1252 bytes as UTF-8, every byte (a NUL becomes U+0000).
void AppendWindows1252AsUtf8(std::span<const std::byte> bytes, std::string& out);

struct DecodedText {
  std::string text;           // UTF-8
  std::string_view encoding;  // "utf-16le-bom", "utf-16le", "utf-16be-bom", "utf-8-bom", "utf-8", "ansi"
};

DecodedText DecodeWindowsText(std::span<const std::byte> bytes);

}  // namespace logrx

#endif  // LOGRX_CORE_WINDOWS_TEXT_H_
