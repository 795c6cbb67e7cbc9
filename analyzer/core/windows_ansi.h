// Windows "ANSI" text (the code page Windows writes in message tables, .reg and CSV
// exports) to UTF-8: the one place that decides what an ANSI byte means. logrx reads ANSI
// as Windows-1252, the Western code page of the servers this tool is for: 0x80-0x9F follow
// cp1252 (curly quotes, dashes, the euro sign), the five bytes it leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD, and 0xA0-0xFF are Latin-1.
//
//   std::string out;
//   AppendCp1252AsUtf8(bytes, out);   // every byte; a NUL becomes U+0000
//
// Pure; thread-safe.
#ifndef LOGRX_CORE_WINDOWS_ANSI_H_
#define LOGRX_CORE_WINDOWS_ANSI_H_

#include <cstddef>
#include <span>
#include <string>

namespace logrx {

// Appends Windows-1252 `text` as UTF-8. Every byte is decoded; callers that hold a
// NUL-terminated string cut it first.
void AppendCp1252AsUtf8(std::span<const std::byte> text, std::string& out);

}  // namespace logrx

#endif  // LOGRX_CORE_WINDOWS_ANSI_H_
