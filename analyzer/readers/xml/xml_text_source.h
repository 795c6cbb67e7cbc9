// XmlTextSource: reads an XML export block by block and hands it on as UTF-8, whatever
// the file's encoding (UTF-8 with or without BOM, UTF-16LE/BE with BOM, or BOM-less
// UTF-16 recognised by its leading "<\0" / "\0<").
//
//   XmlTextSource src(file, 256 << 10);
//   while (!src.eof()) LOGRX_RETURN_IF_ERROR(src.ReadMore(window));   // appends UTF-8
//
// UTF-16 is converted block by block; a code unit or surrogate pair cut by a block
// boundary is carried to the next block, unpaired surrogates become U+FFFD (one code
// unit each), and an odd last byte is dropped. OriginalOffset() maps a UTF-8 position
// back to the file byte offset so diagnostics point into the real file. Memory: one block.
// The InputFile must outlive the source. Not thread-safe.
#ifndef LOGRX_READERS_XML_XML_TEXT_SOURCE_H_
#define LOGRX_READERS_XML_XML_TEXT_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_file.h"
#include "core/status.h"

namespace logrx::readers {

enum class XmlEncoding : uint8_t { kUtf8, kUtf16Le, kUtf16Be };

class XmlTextSource {
 public:
  // REQUIRES: block_bytes >= 1.
  XmlTextSource(const InputFile& file, size_t block_bytes);
  XmlTextSource(const XmlTextSource&) = delete;
  XmlTextSource& operator=(const XmlTextSource&) = delete;

  // Reads the next block and appends its text as UTF-8 to `out` (possibly nothing, e.g.
  // while a BOM is still incomplete). Sets eof() once the file is exhausted and every
  // carried byte is flushed. kIo if the read fails.
  [[nodiscard]] Status ReadMore(std::string& out);

  bool eof() const noexcept { return eof_; }
  // Known after the first ReadMore().
  XmlEncoding encoding() const noexcept { return encoding_; }
  // Bytes of the byte-order mark (0, 2 or 3).
  uint64_t bom_bytes() const noexcept { return bom_bytes_; }
  // Bytes of the file read so far.
  uint64_t file_pos() const noexcept { return file_pos_; }

  // File byte count that the UTF-8 `text` stands for (1:1 for UTF-8; 2 bytes per UTF-16
  // code unit, a 4-byte UTF-8 sequence being a surrogate pair).
  uint64_t OriginalBytes(std::string_view text) const noexcept;

 private:
  const InputFile* file_;
  size_t block_bytes_;
  std::vector<std::byte> raw_;
  size_t carry_ = 0;  // undecoded bytes at the front of raw_
  uint64_t file_pos_ = 0;
  uint64_t bom_bytes_ = 0;
  XmlEncoding encoding_ = XmlEncoding::kUtf8;
  bool started_ = false;
  bool eof_ = false;
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_XML_XML_TEXT_SOURCE_H_
