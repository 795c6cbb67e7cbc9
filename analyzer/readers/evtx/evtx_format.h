// EVTX on-disk layout: the 4 KiB file header, 64 KiB chunks and event records, as
// constants and bounds-checked parsers (docs/formats/evtx.md has the field tables).
//
//   Result<EvtxFileHeader> h = ParseEvtxFileHeader(head_bytes);
//   uint64_t off = EvtxChunkOffset(70000);   // 64-bit arithmetic: > 4 GiB is fine
//
// Parsers never fail on checksum mismatches: they report the computed and stored values
// and let the caller decide. Pure functions; thread-safe.
#ifndef LOGRX_READERS_EVTX_EVTX_FORMAT_H_
#define LOGRX_READERS_EVTX_EVTX_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace logrx::readers {

inline constexpr uint64_t kEvtxFileHeaderBlock = 4096;  // header block; chunks follow it
inline constexpr size_t kEvtxFileHeaderUsed = 128;      // bytes of the block that carry fields
inline constexpr size_t kEvtxChunkSize = 65536;
inline constexpr size_t kEvtxChunkHeaderSize = 512;     // header + string and template tables
inline constexpr size_t kEvtxRecordHeaderSize = 24;     // magic, size, id, written time
inline constexpr size_t kEvtxMinRecordSize = kEvtxRecordHeaderSize + 4;  // + trailing size
inline constexpr std::string_view kEvtxFileMagic{"ElfFile\0", 8};
inline constexpr std::string_view kEvtxChunkMagic{"ElfChnk\0", 8};
inline constexpr uint32_t kEvtxRecordMagic = 0x00002a2a;  // "**\0\0"
inline constexpr uint32_t kEvtxFlagDirty = 0x1;
inline constexpr uint32_t kEvtxFlagFull = 0x2;
inline constexpr uint32_t kEvtxFlagNoCrc = 0x4;       // file or chunk flag: CRC32s not set

// Absolute offset of chunk `index` (64-bit: files over 4 GiB hold > 65535 chunks).
constexpr uint64_t EvtxChunkOffset(uint64_t index) noexcept {
  return kEvtxFileHeaderBlock + index * uint64_t{kEvtxChunkSize};
}
// How many chunk slots (whole or partial) a file of `file_size` bytes has.
constexpr uint64_t EvtxChunkSlots(uint64_t file_size) noexcept {
  if (file_size <= kEvtxFileHeaderBlock) return 0;
  return (file_size - kEvtxFileHeaderBlock + kEvtxChunkSize - 1) / kEvtxChunkSize;
}

struct EvtxFileHeader {
  bool magic_ok = false;
  uint64_t first_chunk = 0;
  uint64_t last_chunk = 0;
  uint64_t next_record_id = 0;
  uint32_t header_size = 0;
  uint16_t minor_version = 0;
  uint16_t major_version = 0;
  uint16_t header_block_size = 0;
  uint16_t chunk_count = 0;
  uint32_t flags = 0;
  uint32_t stored_crc = 0;
  uint32_t computed_crc = 0;
  bool crc_ok() const noexcept { return stored_crc == computed_crc; }
  bool dirty() const noexcept { return (flags & kEvtxFlagDirty) != 0; }
};

// REQUIRES: nothing; fewer than 128 bytes leaves magic_ok false.
EvtxFileHeader ParseEvtxFileHeader(std::span<const std::byte> head) noexcept;

struct EvtxChunkHeader {
  bool magic_ok = false;
  uint64_t first_record_number = 0;
  uint64_t last_record_number = 0;
  uint64_t first_record_id = 0;
  uint64_t last_record_id = 0;
  uint32_t header_size = 0;
  uint32_t last_record_offset = 0;
  uint32_t free_space_offset = 0;
  uint32_t stored_data_crc = 0;
  uint32_t flags = 0;
  uint32_t stored_header_crc = 0;
  uint32_t computed_header_crc = 0;
  bool header_crc_ok() const noexcept { return stored_header_crc == computed_header_crc; }
};

// Parses the first 512 bytes of a chunk. REQUIRES: chunk.size() >= 512, else magic_ok=false.
EvtxChunkHeader ParseEvtxChunkHeader(std::span<const std::byte> chunk) noexcept;

// True when every byte is zero (an unused or wiped chunk).
bool IsAllZero(std::span<const std::byte> bytes) noexcept;

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_EVTX_FORMAT_H_
