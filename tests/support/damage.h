// Damage generator: systematic, deterministic damaged variants of an event log file, in
// memory, each with the byte range it may have affected and whether a reader must report it.
//
//   std::vector<Damage> plan = PlanDamage(bytes, DamageFormat::kEvtx, DamagePlanOptions{});
//   for (const Damage& d : plan) { std::vector<std::byte> v = ApplyDamage(bytes, d); ... }
//
// A Damage is a cheap description (a name, a list of byte overwrites and/or a truncation
// point); ApplyDamage builds the variant, so a suite holds one variant at a time.
// `affected` is the part of the ORIGINAL file whose records may legitimately change or
// vanish: for EVTX a whole chunk (records share the chunk's string and template tables, and a
// template is defined inline in the first record that uses it), for EVT one record (EVT records
// are independent), for XML one or two <Event> elements, for a truncation [cut, size).
// Records wholly outside `affected` must come out of a reader identical to the undamaged run.
//
// Formats (offsets as in docs/formats/*.md): EVTX file header 4096 bytes, 64 KiB chunks from
// 4096, records from chunk offset 512; EVT 48-byte header then records framed by a leading and
// a trailing size; XML a sequence of <Event> elements.
// Pure functions, no I/O, no globals; thread-safe. Plans are deterministic for a given seed.
#ifndef LOGRX_TESTS_SUPPORT_DAMAGE_H_
#define LOGRX_TESTS_SUPPORT_DAMAGE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace logrx::testing {

enum class DamageFormat : uint8_t { kEvtx, kEvt, kXml };

inline constexpr uint64_t kNoCut = ~uint64_t{0};

struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = 0;  // exclusive
  bool Overlaps(uint64_t b, uint64_t e) const noexcept { return b < end && begin < e; }
  bool empty() const noexcept { return begin >= end; }
};

// One overwrite of the original bytes at `offset` (must lie inside the file).
struct ByteEdit {
  uint64_t offset = 0;
  std::vector<std::byte> bytes;
};

enum class DamageKind : uint8_t {
  kTruncate,     // file cut at `cut`
  kHeaderField,  // a file-header field changed
  kChunkField,   // an EVTX chunk-header field changed (or a chunk zeroed)
  kRecordField,  // a record header/trailer field changed
  kPointer,      // an in-file offset redirected (out of bounds, to itself, to a header)
  kNesting,      // deep element nesting
  kCount,        // a huge count (substitutions, strings)
  kContent,      // XML text damage
};

struct Damage {
  std::string name;  // "chunk 2 @0x21000: free space offset = 0xfffffff0 (crc repaired)"
  DamageKind kind = DamageKind::kHeaderField;
  std::vector<ByteEdit> edits;
  uint64_t cut = kNoCut;       // truncate the result to this many bytes (after the edits)
  ByteRange affected;          // see the file comment; empty = no record may change
  bool expect_report = true;   // a reader must emit a diagnostic or an integrity mark
  std::string exemption;       // why no report is required (when !expect_report)
};

struct DamagePlanOptions {
  uint64_t seed = 0x10A9;           // random truncation points
  unsigned random_cuts = 4;         // random truncation points
  unsigned max_page_cuts = 32;      // 4 KiB-boundary cuts, spread evenly when more exist
  unsigned max_chunks = 2;          // EVTX chunks that get field damage (first, then last)
  unsigned max_records = 2;         // EVT records / XML events that get record damage
  unsigned nesting_depth = 3000;    // deep-nesting variants
};

// A record (EVTX/EVT) or <Event> element (XML) as laid out in the original bytes.
struct RecordSpan {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t record_id = 0;  // EVTX/EVT id from the record header; 0 for XML
};

// Walks the structure the way the format describes it (not the way a reader does):
// EVTX records chained by size from 512 in each chunk with the "ElfChnk\0" magic up to its
// free-space offset; EVT records framed by size + "LfLe" + trailing size (scanning, so a
// wrapped log is found too); XML <Event> elements (top-level start tags to the matching
// </Event>). Stops at the first inconsistency within a chunk; never reads out of bounds.
std::vector<RecordSpan> FindRecords(std::span<const std::byte> file, DamageFormat format);

// Every damage this file's structure allows, in a fixed order.
std::vector<Damage> PlanDamage(std::span<const std::byte> file, DamageFormat format,
                               const DamagePlanOptions& options);

// The damaged variant: original bytes with the edits applied, then cut.
std::vector<std::byte> ApplyDamage(std::span<const std::byte> file, const Damage& damage);

// EVTX checksum helpers (used by the planner, and by tests that build their own damage).
// Header CRC32 over bytes 0..120 of the 4 KiB file header, stored at 124.
uint32_t EvtxFileHeaderCrc(std::span<const std::byte> header);
// Chunk header CRC32 over 0..120 and 128..512, stored at 124.
uint32_t EvtxChunkHeaderCrc(std::span<const std::byte> chunk);
// Records CRC32 over 512..free_space_offset (clamped to the chunk), stored at 52.
uint32_t EvtxChunkRecordsCrc(std::span<const std::byte> chunk);

inline constexpr uint64_t kEvtxFileHeaderSize = 4096;
inline constexpr uint64_t kEvtxChunkSize = 65536;
inline constexpr uint64_t kEvtxChunkHeaderSize = 512;

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_DAMAGE_H_
