// Windows "ANSI" text (the code page Windows writes in message tables and ANSI exports) to
// UTF-8. logrx reads ANSI as Windows-1252: the Western code page of the servers this tool
// is for; 0x80-0x9F follow cp1252 and the bytes it leaves undefined become U+FFFD.
//
//   std::string out;
//   AppendCp1252AsUtf8(bytes, out);   // stops at the first NUL byte
//
// Pure; thread-safe.
#ifndef LOGRX_CORE_WINDOWS_ANSI_H_
#define LOGRX_CORE_WINDOWS_ANSI_H_

#include <cstddef>
#include <span>
#include <string>

namespace logrx {

// Appends Windows-1252 `text` as UTF-8, stopping at a NUL byte.
void AppendCp1252AsUtf8(std::span<const std::byte> text, std::string& out);

}  // namespace logrx

#endif  // LOGRX_CORE_WINDOWS_ANSI_H_
