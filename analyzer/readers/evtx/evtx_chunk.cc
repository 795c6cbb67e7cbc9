#include "readers/evtx/evtx_chunk.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/byte_cursor.h"
#include "core/crc32.h"
#include "readers/evtx/evtx_format.h"
#include "readers/message_renderer.h"

namespace logrx::readers {

namespace {
constexpr size_t kXmlRoomPerChunk = 4 * kEvtxChunkSize;
}  // namespace

bool EvtxRecordFrameOk(std::span<const std::byte> data, uint32_t pos, uint32_t limit,
                       uint32_t& size) noexcept {
  if (limit > data.size() || pos > limit || limit - pos < kEvtxMinRecordSize) return false;
  if (LoadU32(data.data() + pos) != kEvtxRecordMagic) return false;
  size = LoadU32(data.data() + pos + 4);
  if (size < kEvtxMinRecordSize || size > limit - pos) return false;
  return LoadU32(data.data() + pos + size - 4) == size;
}

void EvtxChunkDecoder::Report(ChunkEvents& out, Severity sev, uint64_t offset, std::string what,
                              uint64_t bytes_dropped, uint64_t records_dropped) {
  Diagnostic d;
  d.severity = sev;
  d.file = settings_.display_path;
  d.offset = offset;
  d.structure = fmt::format("chunk {}", out.chunk_index);
  d.what = std::move(what);
  d.bytes_dropped = bytes_dropped;
  d.records_dropped = records_dropped;
  out.records_dropped += records_dropped;
  out.diags.push_back(std::move(d));
}

bool EvtxChunkDecoder::DecodeRecord(uint32_t pos, uint32_t size, Integrity integrity,
                                    ChunkEvents& out, BinXmlError& err) {
  const std::byte* r = data_.data() + pos;
  Event& ev = out.events.emplace_back();
  ev.format = InputFormat::kEvtx;
  ev.where.file_id = settings_.file_id;
  ev.where.offset = base_ + pos;
  ev.integrity = integrity;
  ev.record_id = LoadU64(r + 8);
  const auto written = static_cast<int64_t>(LoadU64(r + 16));
  const uint32_t first_field = static_cast<uint32_t>(out.fields.size());
  const auto xml_at = static_cast<uint32_t>(out.xml.size());
  builder_.Begin(&out.arena, &out.fields, &ev, &out.xml);
  bx_.ClearAnomalies();
  const bool ok = bx_.Render(pos + kEvtxRecordHeaderSize, pos + size - 4, builder_, err);
  builder_.Finish();
  if (!ok) {
    out.events.pop_back();
    out.fields.resize(first_field);
    out.xml.resize(xml_at);
    return false;
  }
  // The record header's written time stands in when the XML has no TimeCreated.
  if (ev.time_created == kNoTime) ev.time_created = written;
  out.field_ranges.emplace_back(first_field, builder_.fields_added());
  if (settings_.render_xml) {
    out.xml_ranges.emplace_back(xml_at, static_cast<uint32_t>(out.xml.size()) - xml_at);
  }
  if (ev.message.empty() && settings_.messages != nullptr) {
    // ev.data and ev.xml are bound to out.fields and out.xml only when the chunk is done
    // (the storage may still move), but the renderer sees the record as the reader gives
    // it: its inserts (%1, %2...) and its event XML (a caller may skip the message of a
    // record that has XML).
    ev.data = std::span<const Field>(out.fields.data() + first_field, builder_.fields_added());
    if (settings_.render_xml) ev.xml = std::string_view(out.xml).substr(xml_at);
    message_.clear();
    const MessageOrigin origin = settings_.messages->Render(ev, message_);
    ev.data = {};
    ev.xml = {};
    if (origin != MessageOrigin::kNone) {
      ev.message = out.arena.Copy(message_);
      ev.message_origin = origin;
    }
  }
  const BinXmlAnomalies& a = bx_.anomalies();
  const uint32_t surrogates = a.lone_surrogates + builder_.lone_surrogates();
  const uint32_t malformed = a.malformed_values + builder_.malformed_values();
  if (surrogates != 0 || malformed != 0 || a.substitution_out_of_range != 0 ||
      builder_.too_deep() != 0) {
    // Carved (recovered) records are not part of the live log: their oddities are notes.
    Report(out, integrity == Integrity::kRecovered ? Severity::kNote : Severity::kWarning,
           base_ + pos,
           fmt::format("record {}: {} lone UTF-16 surrogate(s) shown as U+FFFD, {} value(s) "
                       "whose size does not fit their type shown as hex, {} substitution(s) "
                       "out of range, {} element(s) nested too deeply; record kept",
                       ev.record_id, surrogates, malformed, a.substitution_out_of_range,
                       builder_.too_deep()));
  }
  return true;
}

uint32_t EvtxChunkDecoder::Carve(uint32_t begin, uint32_t end, ChunkEvents& out,
                                 uint32_t& failed) {
  uint32_t recovered = 0;
  uint32_t pos = begin;
  while (end > pos && end - pos >= kEvtxMinRecordSize) {
    if (Cancelled()) break;
    const void* hit = std::memchr(data_.data() + pos, '*', end - pos - kEvtxMinRecordSize + 1);
    if (hit == nullptr) break;
    pos = static_cast<uint32_t>(static_cast<const std::byte*>(hit) - data_.data());
    uint32_t size = 0;
    if (!EvtxRecordFrameOk(data_, pos, end, size)) {
      ++pos;
      continue;
    }
    BinXmlError err;
    bx_.set_check_template_ids(true);
    const bool ok = DecodeRecord(pos, size, Integrity::kRecovered, out, err);
    bx_.set_check_template_ids(false);
    if (ok) {
      ++recovered;
      pos += size;
    } else {
      // Slack is not part of the live log: a stale record that cannot be decoded with
      // its own template is a note, never guessed with whatever template is there now.
      ++failed;
      Report(out, Severity::kNote, base_ + pos,
             fmt::format("carved record {} not decoded: BinXML {} (0x{:x}) at 0x{:x}",
                         LoadU64(data_.data() + pos + 8), err.what ? err.what : "error",
                         err.detail, base_ + err.offset));
      ++pos;
    }
  }
  return recovered;
}

void EvtxChunkDecoder::Decode(std::span<const std::byte> data, uint64_t chunk_index,
                              ChunkEvents& out) {
  // A chunk's XML is typically two to three times its bytes: room made once, before the
  // first record, is not copied as it grows (each copy would touch fresh pages again).
  if (settings_.render_xml) out.xml.reserve(kXmlRoomPerChunk);
  DecodeBody(data, chunk_index, out);
  // Fields and XML are linked last: their storage may have moved while records were added.
  for (size_t i = 0; i < out.events.size(); ++i) {
    const auto [first, count] = out.field_ranges[i];
    out.events[i].data = std::span<const Field>(out.fields.data() + first, count);
  }
  for (size_t i = 0; i < out.xml_ranges.size(); ++i) {
    const auto [at, size] = out.xml_ranges[i];
    out.events[i].xml = std::string_view(out.xml).substr(at, size);
  }
}

void EvtxChunkDecoder::DecodeBadMagic(uint64_t chunk_index, ChunkEvents& out) {
  const std::span<const std::byte> data = data_;
  if (IsAllZero(data)) {
    out.state = ChunkState::kZeroed;
    return;
  }
  out.state = ChunkState::kBadMagic;
  std::string magic;
  for (size_t i = 0; i < 8 && i < data.size(); ++i) {
    const auto c = std::to_integer<unsigned char>(data[i]);
    magic += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
  }
  static constexpr char kRecordSig[4] = {'*', '*', '\0', '\0'};
  const auto* bytes = reinterpret_cast<const char*>(data.data());
  if (chunk_index >= settings_.header_chunk_count &&
      std::search(bytes, bytes + data.size(), kRecordSig, kRecordSig + 4) ==
          bytes + data.size()) {
    // Pre-allocated slots past the chunk count hold whatever the disk held before.
    Report(out, Severity::kNote, base_,
           fmt::format("unused chunk slot past the header's chunk count ({}): no chunk "
                       "header and no record signature in its {} bytes; skipped",
                       settings_.header_chunk_count, data.size()));
    return;
  }
  if (!settings_.recover) {
    Report(out, Severity::kError, base_,
           fmt::format("bad chunk magic '{}' (want 'ElfChnk'); {} bytes skipped "
                       "(--recover carves records from them)", magic, data.size()),
           data.size());
    return;
  }
  bx_.Reset(data);
  uint32_t failed = 0;
  const uint32_t n = Carve(0, static_cast<uint32_t>(data.size()), out, failed);
  Report(out, Severity::kError, base_,
         fmt::format("bad chunk magic '{}' (want 'ElfChnk'); carved {} record(s) from its {} "
                     "bytes ({} candidate(s) failed to decode)", magic, n, data.size(), failed),
         n == 0 ? data.size() : 0);
}

bool EvtxChunkDecoder::CheckChunk(const EvtxChunkHeader& h, ChunkEvents& out, uint32_t& limit,
                                  Integrity& integrity) {
  const std::span<const std::byte> data = data_;
  const auto size = static_cast<uint32_t>(data.size());
  const bool truncated = size < kEvtxChunkSize;
  const bool check_crc = !settings_.file_no_crc && (h.flags & kEvtxFlagNoCrc) == 0;
  integrity = Integrity::kOk;
  if (check_crc && !h.header_crc_ok()) {
    integrity = Integrity::kChecksumMismatch;
    Report(out, Severity::kWarning, base_,
           fmt::format("chunk header CRC32 mismatch (stored 0x{:08x}, computed 0x{:08x}); "
                       "records kept and marked checksum-mismatch",
                       h.stored_header_crc, h.computed_header_crc));
  }
  limit = h.free_space_offset;
  if (truncated) {
    Report(out, Severity::kError, base_,
           fmt::format("chunk truncated: {} of {} bytes present (file ends); reading the "
                       "records that fit", size, kEvtxChunkSize),
           0);
  }
  if (truncated && (limit < kEvtxChunkHeaderSize || limit > size)) {
    // The records checksum covers bytes that are gone: nothing here can be verified.
    integrity = Integrity::kChecksumMismatch;
  }
  if (limit < kEvtxChunkHeaderSize || limit > size) {
    if (!truncated || limit < kEvtxChunkHeaderSize || limit > kEvtxChunkSize) {
      Report(out, Severity::kWarning, base_ + 48,
             fmt::format("free-space offset 0x{:x} outside the chunk; reading records up to "
                         "the chunk end", h.free_space_offset));
    }
    limit = size;
  } else if (check_crc) {
    const uint32_t crc = Crc32(data.subspan(kEvtxChunkHeaderSize, limit - kEvtxChunkHeaderSize));
    if (crc != h.stored_data_crc) {
      integrity = Integrity::kChecksumMismatch;
      Report(out, Severity::kWarning, base_,
             fmt::format("chunk records CRC32 mismatch (stored 0x{:08x}, computed 0x{:08x}); "
                         "records kept and marked checksum-mismatch", h.stored_data_crc, crc));
    }
  }
  if (integrity == Integrity::kChecksumMismatch && settings_.strict) {
    Report(out, Severity::kError, base_,
           "strict mode: records of a chunk whose checksum does not match are dropped",
           limit - kEvtxChunkHeaderSize);
    return false;
  }
  return true;
}

uint32_t EvtxChunkDecoder::SkipBadFrame(uint32_t pos, uint32_t limit, bool truncated,
                                        ChunkEvents& out) {
  const std::span<const std::byte> data = data_;
  // Resync on the next plausible record frame.
  uint32_t next = pos + 1;
  for (; next < limit && limit - next >= kEvtxMinRecordSize; ++next) {
    uint32_t s2 = 0;
    if (data[next] == std::byte{'*'} && EvtxRecordFrameOk(data, next, limit, s2)) break;
  }
  if (next >= limit || limit - next < kEvtxMinRecordSize) next = limit;
  const uint32_t magic = LoadU32(data.data() + pos);
  const uint32_t claimed = LoadU32(data.data() + pos + 4);
  // Recover mode: a record whose size fields were damaged may still be whole; take
  // the bytes up to the next record as its frame.
  BinXmlError rerr;
  if (settings_.recover && magic == kEvtxRecordMagic &&
      DecodeRecord(pos, next - pos, Integrity::kRecovered, out, rerr)) {
    Report(out, Severity::kWarning, base_ + pos,
           fmt::format("record size 0x{:x} does not match its trailing copy; recovered "
                       "record {} from the {} bytes up to the next record", claimed,
                       out.events.back().record_id, next - pos));
    return next;
  }
  const bool past_end = truncated && magic == kEvtxRecordMagic && claimed > limit - pos;
  Report(out, Severity::kError, base_ + pos,
         past_end ? fmt::format("record size 0x{:x} runs past the end of the truncated "
                                "chunk; {} bytes dropped", claimed, next - pos)
         : magic == kEvtxRecordMagic
             ? fmt::format("record size 0x{:x} does not match its trailing copy or the chunk; "
                           "skipped {} bytes to the next record", claimed, next - pos)
             : fmt::format("no record magic (found 0x{:08x}); skipped {} bytes to the next "
                           "record", magic, next - pos),
         next - pos, magic == kEvtxRecordMagic ? 1 : 0);
  return next;
}

bool EvtxChunkDecoder::DecodeRecords(uint32_t limit, bool truncated, Integrity integrity,
                                     ChunkEvents& out, uint32_t& pos) {
  const std::span<const std::byte> data = data_;
  bx_.Reset(data, limit);
  pos = kEvtxChunkHeaderSize;
  while (pos < limit && limit - pos >= kEvtxMinRecordSize) {
    if (Cancelled()) return false;
    uint32_t rsize = 0;
    if (!EvtxRecordFrameOk(data, pos, limit, rsize)) {
      // All zero from here: the chunk's records end early (free space offset lies).
      if (IsAllZero(data.subspan(pos, limit - pos))) break;
      pos = SkipBadFrame(pos, limit, truncated, out);
      continue;
    }
    BinXmlError err;
    if (!DecodeRecord(pos, rsize, integrity, out, err)) {
      Report(out, Severity::kError, base_ + pos,
             fmt::format("record {}: BinXML {} (0x{:x}) at 0x{:x}; record skipped",
                         LoadU64(data.data() + pos + 8), err.what ? err.what : "error",
                         err.detail, base_ + err.offset),
             rsize, 1);
    }
    pos += rsize;
  }
  return true;
}

void EvtxChunkDecoder::CarveSlack(uint32_t pos, uint32_t limit, ChunkEvents& out) {
  const auto size = static_cast<uint32_t>(data_.size());
  if (!settings_.recover || pos >= size) return;
  uint32_t failed = 0;
  const uint32_t start = pos > limit ? pos : limit;
  bx_.SetUsedEnd(size);  // slack records carry their own (inline) definitions
  const uint32_t n = Carve(start, size, out, failed);
  if (n != 0 || failed != 0) {
    Report(out, Severity::kNote, base_ + start,
           fmt::format("recovered {} record(s) from chunk slack ({} candidate(s) failed to "
                       "decode)", n, failed));
  }
}

void EvtxChunkDecoder::DecodeBody(std::span<const std::byte> data, uint64_t chunk_index,
                                  ChunkEvents& out) {
  out.Clear();
  builder_.UseOneArena();  // out.arena, until the next chunk
  out.chunk_index = chunk_index;
  data_ = data;
  base_ = EvtxChunkOffset(chunk_index);
  if (data.empty()) return;
  const EvtxChunkHeader h = ParseEvtxChunkHeader(data);
  if (!h.magic_ok) {
    DecodeBadMagic(chunk_index, out);
    return;
  }
  out.state = ChunkState::kValid;
  const auto size = static_cast<uint32_t>(data.size());
  if (size < kEvtxChunkHeaderSize) return;  // magic_ok implies >= 512
  uint32_t limit = 0;
  Integrity integrity = Integrity::kOk;
  if (!CheckChunk(h, out, limit, integrity)) return;
  uint32_t pos = 0;
  if (!DecodeRecords(limit, size < kEvtxChunkSize, integrity, out, pos)) return;
  CarveSlack(pos, limit, out);
}

}  // namespace logrx::readers
