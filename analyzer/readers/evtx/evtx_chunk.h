// EvtxChunkDecoder: one 64 KiB EVTX chunk -> its events and diagnostics, independent of
// every other chunk (so chunks decode in parallel and merge in order).
//
//   EvtxChunkDecoder dec(settings);  ChunkEvents out;
//   dec.Decode(chunk_bytes, chunk_index, out);   // out.events[i] are views into out
//
// Damage never stops a chunk: a bad record is reported and the walk resyncs on the next
// "**\0\0" whose size and trailing size agree; CRC mismatches mark records
// Integrity::kChecksumMismatch (or drop them in strict mode); recover mode carves intact
// records from the slack after the free-space offset and from chunks without a valid
// header, marked kRecovered. Events and their strings live in `out` until out.Clear().
// Not thread-safe: one decoder per thread.
#ifndef LOGRX_READERS_EVTX_EVTX_CHUNK_H_
#define LOGRX_READERS_EVTX_EVTX_CHUNK_H_

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/arena.h"
#include "core/diagnostic.h"
#include "core/event.h"
#include "readers/evtx/binxml_parser.h"
#include "readers/evtx/evtx_event_builder.h"
#include "readers/reader.h"

namespace logrx::readers {

struct EvtxChunkHeader;

class MessageRenderer;

// The reader's options (file id, display path, render_xml, recover, strict, messages,
// cancel) and what the file header says about every chunk.
struct EvtxChunkSettings : ReaderOptions {
  bool file_no_crc = false;  // file header flag 0x4: checksums are not maintained
  // The file header's chunk count when its magic is right, else 0. A slot past it with
  // no chunk header and no record signature is unused space (a note, not damage).
  uint64_t header_chunk_count = 0;
};

enum class ChunkState : uint8_t {
  kValid,     // "ElfChnk" header found
  kZeroed,    // all zero: never used or wiped
  kBadMagic,  // not a chunk (reported; carved in recover mode)
  kAbsent,    // no bytes at all
};

struct ChunkEvents {
  uint64_t chunk_index = 0;
  ChunkState state = ChunkState::kAbsent;
  std::vector<Event> events;
  std::vector<Field> fields;
  std::vector<std::pair<uint32_t, uint32_t>> field_ranges;  // per event: first, count
  std::string xml;  // the events' XML (when rendering), one after another
  std::vector<std::pair<uint32_t, uint32_t>> xml_ranges;  // per event: offset, size
  std::vector<Diagnostic> diags;
  Arena arena{256 * 1024};
  uint64_t records_dropped = 0;
  void Clear() {
    events.clear();
    fields.clear();
    field_ranges.clear();
    xml.clear();
    xml_ranges.clear();
    diags.clear();
    arena.Reset();
    records_dropped = 0;
    state = ChunkState::kAbsent;
  }
};

class EvtxChunkDecoder {
 public:
  explicit EvtxChunkDecoder(EvtxChunkSettings settings)
      : settings_(std::move(settings)), builder_(settings_.render_xml, settings_.event_fields) {}

  // `data` holds the chunk slot's bytes: 65536, fewer for a truncated last chunk.
  void Decode(std::span<const std::byte> data, uint64_t chunk_index, ChunkEvents& out);

 private:
  void DecodeBody(std::span<const std::byte> data, uint64_t chunk_index, ChunkEvents& out);
  // The steps of DecodeBody, on the chunk in data_. A slot without the chunk magic:
  // zeroed, unused, or damaged (carved in recover mode).
  void DecodeBadMagic(uint64_t chunk_index, ChunkEvents& out);
  // Checks the header and records checksums and the free-space offset; sets the end of
  // the records (`limit`) and their integrity. False when strict mode drops the records.
  bool CheckChunk(const EvtxChunkHeader& h, ChunkEvents& out, uint32_t& limit,
                  Integrity& integrity);
  // Decodes the records in [header end, limit); `pos` ends where reading stopped.
  // False when cancelled.
  bool DecodeRecords(uint32_t limit, bool truncated, Integrity integrity, ChunkEvents& out,
                     uint32_t& pos);
  // Reports (or, in recover mode, recovers) the bad record frame at `pos`; returns the
  // offset of the next plausible frame, or `limit`.
  uint32_t SkipBadFrame(uint32_t pos, uint32_t limit, bool truncated, ChunkEvents& out);
  // Recover mode: carves records from the slack past max(pos, limit).
  void CarveSlack(uint32_t pos, uint32_t limit, ChunkEvents& out);
  // Decodes the record at `pos` (validated size). False if its BinXML failed.
  bool DecodeRecord(uint32_t pos, uint32_t size, Integrity integrity, ChunkEvents& out,
                    BinXmlError& err);
  // Carves records from [begin, end); returns how many were recovered.
  uint32_t Carve(uint32_t begin, uint32_t end, ChunkEvents& out, uint32_t& failed);
  void Report(ChunkEvents& out, Severity sev, uint64_t offset, std::string what,
              uint64_t bytes_dropped = 0, uint64_t records_dropped = 0);

  bool Cancelled() const noexcept {
    return settings_.cancel != nullptr && settings_.cancel->load(std::memory_order_relaxed);
  }

  EvtxChunkSettings settings_;
  BinXmlChunk bx_;
  EventBuilder builder_;
  std::span<const std::byte> data_;
  uint64_t base_ = 0;
  std::string message_;
};

// True when [pos, pos+size) in `data` looks like a whole record: magic, size >= 28,
// inside `limit`, trailing size copy equal. Exposed for tests.
bool EvtxRecordFrameOk(std::span<const std::byte> data, uint32_t pos, uint32_t limit,
                       uint32_t& size) noexcept;

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_EVTX_CHUNK_H_
