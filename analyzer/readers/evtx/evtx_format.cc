#include "readers/evtx/evtx_format.h"

#include <cstring>

#include "core/byte_cursor.h"
#include "core/crc32.h"

namespace logrx::readers {

namespace {
bool HasMagic(std::span<const std::byte> b, std::string_view magic) noexcept {
  return b.size() >= magic.size() && std::memcmp(b.data(), magic.data(), magic.size()) == 0;
}

// Both headers: the magic (8 bytes), their own fields from offset 8, then flags and a
// CRC32 at offsets 120 and 124. The caller checked the size, so every read fits.
template <typename... T>
void ReadHeaderFields(std::span<const std::byte> head, uint32_t& flags, uint32_t& stored_crc,
                      T&... fields) noexcept {
  ByteCursor c(head, 0);
  (void)(c.Seek(8, "header fields") && c.ReadFields("header fields", fields...) &&
         c.Seek(120, "header flags") && c.ReadFields("header flags", flags, stored_crc));
}

}  // namespace

EvtxFileHeader ParseEvtxFileHeader(std::span<const std::byte> head) noexcept {
  EvtxFileHeader h;
  if (head.size() < kEvtxFileHeaderUsed) return h;
  h.magic_ok = HasMagic(head, kEvtxFileMagic);
  ReadHeaderFields(head, h.flags, h.stored_crc, h.first_chunk, h.last_chunk, h.next_record_id,
                   h.header_size, h.minor_version, h.major_version, h.header_block_size,
                   h.chunk_count);
  h.computed_crc = Crc32(head.subspan(0, 120));
  return h;
}

EvtxChunkHeader ParseEvtxChunkHeader(std::span<const std::byte> chunk) noexcept {
  EvtxChunkHeader h;
  if (chunk.size() < kEvtxChunkHeaderSize) return h;
  h.magic_ok = HasMagic(chunk, kEvtxChunkMagic);
  ReadHeaderFields(chunk, h.flags, h.stored_header_crc, h.first_record_number,
                   h.last_record_number, h.first_record_id, h.last_record_id, h.header_size,
                   h.last_record_offset, h.free_space_offset, h.stored_data_crc);
  h.computed_header_crc =
      Crc32Extend(Crc32(chunk.subspan(0, 120)), chunk.subspan(128, kEvtxChunkHeaderSize - 128));
  return h;
}

bool IsAllZero(std::span<const std::byte> bytes) noexcept {
  // Word-at-a-time: wiped chunks are common in dirty files and this runs per slot.
  size_t i = 0;
  const std::byte* p = bytes.data();
  for (; i + 8 <= bytes.size(); i += 8) {
    if (LoadU64(p + i) != 0) return false;
  }
  for (; i < bytes.size(); ++i) {
    if (p[i] != std::byte{0}) return false;
  }
  return true;
}

}  // namespace logrx::readers
