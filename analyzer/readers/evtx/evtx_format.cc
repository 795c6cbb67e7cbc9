#include "readers/evtx/evtx_format.h"

#include <cstring>

#include "core/byte_cursor.h"
#include "core/crc32.h"

namespace logrx::readers {

namespace {
bool HasMagic(std::span<const std::byte> b, std::string_view magic) noexcept {
  return b.size() >= magic.size() && std::memcmp(b.data(), magic.data(), magic.size()) == 0;
}
}  // namespace

EvtxFileHeader ParseEvtxFileHeader(std::span<const std::byte> head) noexcept {
  EvtxFileHeader h;
  if (head.size() < kEvtxFileHeaderUsed) return h;
  const std::byte* p = head.data();
  h.magic_ok = HasMagic(head, kEvtxFileMagic);
  h.first_chunk = LoadU64(p + 8);
  h.last_chunk = LoadU64(p + 16);
  h.next_record_id = LoadU64(p + 24);
  h.header_size = LoadU32(p + 32);
  h.minor_version = LoadU16(p + 36);
  h.major_version = LoadU16(p + 38);
  h.header_block_size = LoadU16(p + 40);
  h.chunk_count = LoadU16(p + 42);
  h.flags = LoadU32(p + 120);
  h.stored_crc = LoadU32(p + 124);
  h.computed_crc = Crc32(head.subspan(0, 120));
  return h;
}

EvtxChunkHeader ParseEvtxChunkHeader(std::span<const std::byte> chunk) noexcept {
  EvtxChunkHeader h;
  if (chunk.size() < kEvtxChunkHeaderSize) return h;
  const std::byte* p = chunk.data();
  h.magic_ok = HasMagic(chunk, kEvtxChunkMagic);
  h.first_record_number = LoadU64(p + 8);
  h.last_record_number = LoadU64(p + 16);
  h.first_record_id = LoadU64(p + 24);
  h.last_record_id = LoadU64(p + 32);
  h.header_size = LoadU32(p + 40);
  h.last_record_offset = LoadU32(p + 44);
  h.free_space_offset = LoadU32(p + 48);
  h.stored_data_crc = LoadU32(p + 52);
  h.flags = LoadU32(p + 120);
  h.stored_header_crc = LoadU32(p + 124);
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
