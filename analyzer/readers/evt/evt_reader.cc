// EVT reader. The file is a ring buffer: we walk it in "logical" offsets, 0 being the
// header's start offset (the oldest record) and n_ - 1 the byte just before it after
// running to the end of the file and continuing at 0x30. docs/formats/evt.md explains
// each decision below.
#include "readers/evt/evt_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "core/byte_cursor.h"
#include "core/input_file.h"
#include "core/time.h"
#include "core/utf16.h"
#include "readers/evt/evt_format.h"
#include "readers/message_renderer.h"
#include "readers/reader_factories_internal.h"
#include "readers/size_check.h"

namespace logrx::readers {
namespace {

class EvtReader final : public EventReader {
 public:
  EvtReader(std::vector<std::byte> bytes, const ReaderOptions& options, DiagnosticSink& sink)
      : bytes_(std::move(bytes)), options_(options), sink_(sink) {
    channel_ = EvtChannelFromFileName(options_.display_path);
    Init();
  }

  Status Next(Event& out) override;
  InputFormat format() const noexcept override { return InputFormat::kEvt; }
  uint64_t bytes_consumed() const noexcept override {
    if (phase_ == Phase::kDone) return bytes_.size();
    const uint64_t done = base_ + (phase_ == Phase::kLive ? pos_ : carve_pos_);
    return std::min<uint64_t>(done, bytes_.size());
  }

 private:
  enum class Phase { kLive, kCarve, kDone };
  enum class Kind { kNone, kRecord, kEof };
  struct Candidate {
    Kind kind = Kind::kNone;
    uint64_t pos = 0;
  };

  void Init();
  struct EofCopy {
    uint64_t at = 0;  // physical offset of the end-of-file record
    EvtEofRecord eof;
  };
  // The end-of-file record to take the oldest record from when the header cannot give it
  // (docs/formats/evt.md "File header"), if any has a begin offset inside the file.
  std::optional<EofCopy> FindEofRecord() const;
  // Physical ring reads for Init, before base_/origin_ are set: past the end of the file
  // reading continues at 0x30. REQUIRES: size > 0x30 + 40.
  uint32_t RingU32(uint64_t phys) const noexcept;
  // True when a record signature or an end-of-file record starts at `phys`.
  bool RecordOrEofAt(uint64_t phys) const noexcept;
  uint64_t Phys(uint64_t logical) const noexcept {
    return base_ + (origin_ - base_ + logical) % n_;
  }
  uint32_t U32At(uint64_t logical) const noexcept {
    uint32_t v = 0;
    for (uint64_t i = 0; i < 4; ++i) {
      v |= static_cast<uint32_t>(std::to_integer<uint8_t>(bytes_[Phys(logical + i)])) << (8 * i);
    }
    return v;
  }
  // A view of `len` logical bytes at `logical`; copies into `scratch` only when the range
  // runs across the end of the file. REQUIRES: logical + len <= n_.
  std::span<const std::byte> Get(uint64_t logical, uint64_t len,
                                 std::vector<std::byte>& scratch) const;
  // A record at `pos` with its fixed part in `info` and its bytes in `rec`, or why there
  // is none. `lenient` (carving) also takes a record whose trailing size copy was
  // overwritten when its own offsets agree with its size; `trailer_mismatch` says so.
  Status ProbeRecord(uint64_t pos, bool lenient, std::vector<std::byte>& scratch,
                     EvtRecordInfo& info, std::span<const std::byte>& rec,
                     bool& trailer_mismatch) const;
  bool ProbeEof(uint64_t pos, EvtEofRecord& eof) const noexcept;
  Candidate FindNext(uint64_t from, bool lenient, bool want_eof);
  void Report(Severity severity, uint64_t logical, std::string structure, std::string what,
              uint64_t bytes_dropped = 0, uint64_t records_dropped = 0);
  void ReportHeader(Severity severity, std::string what) {
    Diagnostic d;
    d.severity = severity;
    d.file = options_.display_path;
    d.offset = 0;
    d.structure = "file header";
    d.what = std::move(what);
    sink_.Report(d);
  }
  void ReportSkip(uint64_t from, uint64_t to, std::string_view why);
  void EndLive(uint64_t at, bool saw_eof, uint64_t eof_pos);
  // The walk from the header's start offset (kLive) and the scan of the unused space
  // (kCarve): true with `out` filled, false when the phase has ended.
  bool NextLive(Event& out);
  bool NextCarved(Event& out);
  void ReportCarveEnd();
  void Decode(const EvtRecordInfo& info, std::span<const std::byte> rec, uint64_t pos,
              Integrity integrity, Event& out);
  // The part after the fixed 56 bytes: source and computer names, SID and insertion
  // strings into text_ (one range each in ranges_, in that order), binary data into
  // out.binary; what lies outside the record is dropped with a warning.
  void DecodeVariablePart(const EvtRecordInfo& info, std::span<const std::byte> rec,
                          uint64_t pos, Event& out);
  // Appends the NUL-terminated UTF-16 string at [off, end) of `rec` to text_ and its range
  // to ranges_; returns the offset after the NUL (past `end` when there is none).
  size_t ReadString(std::span<const std::byte> rec, size_t off, size_t end);

  std::vector<std::byte> bytes_;
  ReaderOptions options_;
  DiagnosticSink& sink_;
  std::string_view channel_;
  EvtFileHeader header_;
  bool header_ok_ = false;
  bool used_eof_copy_ = false;  // origin_ came from an end-of-file record, not the header
  uint64_t eof_copy_at_ = 0;    // that record's physical offset

  uint64_t base_ = 0;    // physical offset where records may start (0x30, or 0 headerless)
  uint64_t n_ = 0;       // logical size: bytes_.size() - base_
  uint64_t origin_ = 0;  // physical offset of logical 0
  Phase phase_ = Phase::kLive;
  uint64_t pos_ = 0;        // live phase position (logical)
  uint64_t carve_pos_ = 0;  // carve phase position (logical)
  uint64_t live_end_ = 0;
  bool have_last_ = false;
  uint32_t last_number_ = 0;
  uint64_t live_count_ = 0;
  // Record numbers the live walk handed out (sorted once the walk ends), so the scan of
  // the unused space can tell live records the header hid from ones already read.
  std::vector<uint32_t> seen_numbers_;
  bool seen_sorted_ = false;
  uint64_t hidden_count_ = 0;  // records the header's view hid, found by the scan
  bool HiddenByHeader(uint32_t number) {
    if (!header_ok_) return false;
    if (!seen_sorted_) {
      std::sort(seen_numbers_.begin(), seen_numbers_.end());
      seen_sorted_ = true;
    }
    const uint32_t lo = header_.oldest_record;
    const uint32_t hi = std::max<uint32_t>(header_.current_record, have_last_ ? last_number_ + 1 : 0);
    if (number < lo || number >= hi) return false;
    return !std::binary_search(seen_numbers_.begin(), seen_numbers_.end(), number);
  }
  uint64_t recovered_count_ = 0;

  std::vector<std::byte> record_scratch_;
  std::vector<std::byte> probe_scratch_;
  std::string text_;     // decoded UTF-8 strings of the current record
  std::string message_;  // rendered message of the current record
  std::vector<std::pair<size_t, size_t>> ranges_;  // source, computer, sid, strings...
  std::vector<Field> fields_;
};

void EvtReader::Init() {
  const uint64_t size = bytes_.size();
  header_ok_ = ParseEvtFileHeader(std::span<const std::byte>(bytes_), header_);
  base_ = header_ok_ ? kEvtHeaderSize : 0;
  n_ = size > base_ ? size - base_ : 0;
  origin_ = base_;
  if (header_ok_) {
    if (header_.trailing_size != kEvtHeaderSize) {
      ReportHeader(Severity::kWarning,
                   fmt::format("trailing header size copy is 0x{:x} (expected 0x30); reading anyway",
                               header_.trailing_size));
    }
    if (header_.major != 1 || header_.minor != 1) {
      ReportHeader(Severity::kWarning, fmt::format("version {}.{} (expected 1.1); reading anyway",
                                                   header_.major, header_.minor));
    }
  }
  // Why the header cannot give the oldest record (empty: it can). The end-of-file record
  // repeats the header's start offset as its begin offset, so a wrapped log's oldest
  // records, stored after that record, are not lost with the header.
  std::string problem;
  bool start_unchecked = false;  // in bounds, but neither a record nor the EOF record there
  if (size < kEvtHeaderSize) {
    problem = fmt::format("file is {} bytes, shorter than the 48-byte header", size);
  } else if (!header_ok_) {
    if (header_.header_size != kEvtHeaderSize) {
      problem = fmt::format("header size 0x{:x} (expected 0x30)", header_.header_size);
    } else {
      std::string sig;
      for (size_t i = 4; i < 8; ++i) {
        const auto c = std::to_integer<unsigned char>(bytes_[i]);
        sig += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
      }
      problem = fmt::format("signature '{}' (expected 'LfLe')", sig);
    }
  } else if (header_.start_offset < kEvtHeaderSize || header_.start_offset >= size) {
    problem = fmt::format("start offset 0x{:x} is outside the file (size 0x{:x})",
                          header_.start_offset, size);
  } else if (!RecordOrEofAt(header_.start_offset)) {
    problem = fmt::format("start offset 0x{:x} holds neither a record nor the end-of-file record",
                          header_.start_offset);
    start_unchecked = true;
  }
  if (problem.empty()) {
    origin_ = header_.start_offset;
  } else if (const std::optional<EofCopy> copy = FindEofRecord()) {
    base_ = kEvtHeaderSize;
    n_ = size - base_;
    origin_ = copy->eof.begin_offset;
    used_eof_copy_ = true;
    eof_copy_at_ = copy->at;
    ReportHeader(header_ok_ ? Severity::kWarning : Severity::kError,
                 fmt::format("{}; {} not used: the oldest record is taken from the end-of-file "
                             "record at 0x{:x} (begin offset 0x{:x}, end offset 0x{:x}, next "
                             "record {}, oldest record {})",
                             problem, header_ok_ ? "header start offset" : "header",
                             copy->at, copy->eof.begin_offset, copy->eof.end_offset,
                             copy->eof.current_record, copy->eof.oldest_record));
  } else if (start_unchecked) {
    // The walk reports what it finds there and resynchronises on the next record.
    origin_ = header_.start_offset;
  } else if (header_ok_) {
    ReportHeader(Severity::kWarning,
                 fmt::format("{}; no end-of-file record found either; reading from 0x30", problem));
  } else {
    // Without a header we still scan the bytes for records (a fragment, a carved copy).
    ReportHeader(Severity::kError,
                 fmt::format("{}; no end-of-file record found either; scanning the whole file "
                             "for records", problem));
  }
  if (n_ == 0) phase_ = Phase::kDone;
}

uint32_t EvtReader::RingU32(uint64_t phys) const noexcept {
  const uint64_t size = bytes_.size();
  uint32_t v = 0;
  for (uint64_t i = 0; i < 4; ++i) {
    uint64_t p = phys + i;
    if (p >= size) p = kEvtHeaderSize + (p - size);  // REQUIRES: p - size < size - 0x30
    v |= static_cast<uint32_t>(std::to_integer<uint8_t>(bytes_[p])) << (8 * i);
  }
  return v;
}

bool EvtReader::RecordOrEofAt(uint64_t phys) const noexcept {
  if (bytes_.size() < kEvtHeaderSize + kEvtEofRecordSize || phys < kEvtHeaderSize ||
      phys >= bytes_.size()) {
    return false;
  }
  return RingU32(phys + 4) == kEvtSignature ||
         (RingU32(phys) == kEvtEofRecordSize && RingU32(phys + 4) == 0x11111111);
}

std::optional<EvtReader::EofCopy> EvtReader::FindEofRecord() const {
  const uint64_t size = bytes_.size();
  if (size < kEvtHeaderSize + kEvtEofRecordSize) return std::nullopt;
  std::optional<EofCopy> best;
  bool best_lands = false;
  // Every 4-byte aligned start in the ring, including the last 36 bytes: the record may
  // itself be split across the end of the file.
  for (uint64_t q = kEvtHeaderSize; q + 4 <= size; q += 4) {
    if (RingU32(q) != kEvtEofRecordSize || RingU32(q + 4) != 0x11111111) continue;
    uint32_t v[10];
    for (uint64_t i = 0; i < 10; ++i) v[i] = RingU32(q + 4 * i);
    if (v[2] != 0x22222222 || v[3] != 0x33333333 || v[4] != 0x44444444 ||
        v[9] != kEvtEofRecordSize || v[5] < kEvtHeaderSize || v[5] >= size) {
      continue;
    }
    // A stale end-of-file record (the service stopped without closing the log, then went
    // on) can sit among the live records: prefer one whose begin offset holds a record,
    // then the newest (highest next record number).
    const bool lands = RecordOrEofAt(v[5]);
    if (!best || (lands && !best_lands) ||
        (lands == best_lands && v[7] > best->eof.current_record)) {
      best = EofCopy{q, {v[5], v[6], v[7], v[8]}};
      best_lands = lands;
    }
  }
  return best;
}

std::span<const std::byte> EvtReader::Get(uint64_t logical, uint64_t len,
                                          std::vector<std::byte>& scratch) const {
  const uint64_t start = Phys(logical);
  const uint64_t first = std::min<uint64_t>(len, bytes_.size() - start);
  if (first == len) return std::span<const std::byte>(bytes_).subspan(start, len);
  scratch.resize(len);
  std::memcpy(scratch.data(), bytes_.data() + start, first);
  std::memcpy(scratch.data() + first, bytes_.data() + base_, len - first);
  return std::span<const std::byte>(scratch.data(), len);
}

Status EvtReader::ProbeRecord(uint64_t pos, bool lenient, std::vector<std::byte>& scratch,
                              EvtRecordInfo& info, std::span<const std::byte>& rec,
                              bool& trailer_mismatch) const {
  trailer_mismatch = false;
  if (pos + 8 > n_) {
    return Status::Truncated(fmt::format("{} bytes left, too few for a record", n_ - pos));
  }
  const uint32_t size = U32At(pos);
  if (U32At(pos + 4) != kEvtSignature) {
    return Status::Corrupt(size == 0 ? std::string("no record here (zero bytes)")
                                     : fmt::format("no 'LfLe' record signature (size field "
                                                   "0x{:x})",
                                                   size));
  }
  if (size < kEvtMinRecordSize) {
    return Status::Corrupt(
        fmt::format("record size {} is below the minimum {}", size, kEvtMinRecordSize));
  }
  if (size > n_ - pos) {
    return Status::Truncated(fmt::format(
        "record size {} runs past the end of the data ({} bytes left)", size, n_ - pos));
  }
  rec = Get(pos, size, scratch);
  info = EvtRecordInfo();
  Status parsed = ParseEvtRecordFixed(rec, info);
  if (parsed.ok()) return parsed;
  if (!lenient || info.size != rec.size() || info.trailing_size == info.size) return parsed;
  // Carving: a record whose tail was overwritten still has a usable start when its own
  // offsets agree with its size (libevt recovers such records too).
  const uint64_t body = info.size - 4;
  const bool plausible =
      info.strings_offset >= kEvtRecordFixedSize && info.strings_offset <= body &&
      (info.sid_size == 0 || (info.sid_offset <= body && info.sid_size <= body - info.sid_offset)) &&
      (info.data_size == 0 ||
       (info.data_offset <= body && info.data_size <= body - info.data_offset));
  if (!plausible) return parsed;
  trailer_mismatch = true;
  return Status::Ok();
}

bool EvtReader::ProbeEof(uint64_t pos, EvtEofRecord& eof) const noexcept {
  if (pos + kEvtEofRecordSize > n_) return false;
  if (U32At(pos) != kEvtEofRecordSize || U32At(pos + 4) != 0x11111111) return false;
  uint32_t v[10];
  for (uint64_t i = 0; i < 10; ++i) v[i] = U32At(pos + 4 * i);
  if (v[2] != 0x22222222 || v[3] != 0x33333333 || v[4] != 0x44444444 ||
      v[9] != kEvtEofRecordSize) {
    return false;
  }
  eof = {v[5], v[6], v[7], v[8]};
  return true;
}

EvtReader::Candidate EvtReader::FindNext(uint64_t from, bool lenient, bool want_eof) {
  EvtRecordInfo info;
  std::span<const std::byte> rec;
  bool mismatch = false;
  EvtEofRecord eof;
  for (uint64_t q = from; q + 8 <= n_; ++q) {
    // Cheap byte test before the full probe: records have 'L' at +4, EOF records 0x28 at 0.
    const uint8_t b4 = std::to_integer<uint8_t>(bytes_[Phys(q + 4)]);
    if (b4 == 'L' && ProbeRecord(q, lenient, probe_scratch_, info, rec, mismatch).ok()) {
      return {Kind::kRecord, q};
    }
    if (want_eof && b4 == 0x11 && ProbeEof(q, eof)) return {Kind::kEof, q};
  }
  return {};
}

void EvtReader::Report(Severity severity, uint64_t logical, std::string structure,
                       std::string what, uint64_t bytes_dropped, uint64_t records_dropped) {
  Diagnostic d;
  d.severity = severity;
  d.file = options_.display_path;
  d.offset = n_ == 0 ? kNoOffset : Phys(logical);
  d.structure = std::move(structure);
  d.what = std::move(what);
  d.bytes_dropped = bytes_dropped;
  d.records_dropped = records_dropped;
  sink_.Report(d);
}

void EvtReader::ReportSkip(uint64_t from, uint64_t to, std::string_view why) {
  if (to <= from) return;
  const uint64_t len = to - from;
  bool all_zero = true;
  for (uint64_t q = from; q < to && all_zero; ++q) {
    all_zero = bytes_[Phys(q)] == std::byte{0};
  }
  const uint64_t phys_from = Phys(from);
  const bool wraps = phys_from + len > bytes_.size();
  const std::string where = wraps ? fmt::format(" (running past the end of the file to 0x{:x})",
                                                Phys(to - 1) + 1)
                                  : std::string();
  if (all_zero) {
    // Zero fill is unused space, not lost data.
    Report(Severity::kNote, from, "records", fmt::format("skipped {} zero bytes{}", len, where));
    return;
  }
  Report(Severity::kError, from, "record",
         fmt::format("{}; skipped {} bytes to the next record{}", why, len, where), len);
}

void EvtReader::EndLive(uint64_t at, bool saw_eof, uint64_t eof_pos) {
  live_end_ = at;
  carve_pos_ = at;
  phase_ = Phase::kCarve;
  if (used_eof_copy_ && !header_ok_) {
    if (!saw_eof || Phys(eof_pos) != eof_copy_at_) {
      ReportHeader(Severity::kWarning,
                   fmt::format("the live log ended at {}, not at the end-of-file record at 0x{:x} "
                               "whose begin offset was used",
                               saw_eof ? fmt::format("the end-of-file record at 0x{:x}", Phys(eof_pos))
                                       : std::string("no end-of-file record"),
                               eof_copy_at_));
    }
    return;
  }
  if (!header_ok_) return;
  // A header flagged dirty was not rewritten at the last append: trust what the scan found.
  const uint32_t next = have_last_ ? last_number_ + 1 : header_.oldest_record;
  const bool end_differs = saw_eof && Phys(eof_pos) != header_.end_offset;
  const bool next_differs = have_last_ && next != header_.current_record;
  if (end_differs || next_differs) {
    const bool dirty = (header_.flags & kEvtFlagDirty) != 0;
    ReportHeader(dirty ? Severity::kNote : Severity::kWarning,
           fmt::format("{}header says end-of-file record at 0x{:x} and next record {}; the scan "
                       "found {} and next record {}; using the scan",
                       dirty ? "dirty " : "", header_.end_offset, header_.current_record,
                       saw_eof ? fmt::format("the end-of-file record at 0x{:x}", Phys(eof_pos))
                               : std::string("no end-of-file record"),
                       next));
  }
}

void EvtReader::Decode(const EvtRecordInfo& info, std::span<const std::byte> rec, uint64_t pos,
                       Integrity integrity, Event& out) {
  out = Event();
  out.format = InputFormat::kEvt;
  out.integrity = integrity;
  out.where.file_id = options_.file_id;
  out.where.offset = Phys(pos);
  out.record_id = info.record_number;
  out.time_created = FiletimeFromUnixSeconds(info.time_generated);
  out.time_written = FiletimeFromUnixSeconds(info.time_written);
  out.event_id = static_cast<uint16_t>(info.identifier & 0xFFFF);
  out.qualifiers = static_cast<uint16_t>(info.identifier >> 16);
  out.has_qualifiers = true;
  out.evt_type = info.event_type;
  out.level = EvtTypeToLevel(info.event_type);
  out.level_text = EvtTypeName(info.event_type);
  out.task = info.category;
  out.channel = channel_;
  DecodeVariablePart(info, rec, pos, out);
  auto view = [&](size_t i) { return std::string_view(text_).substr(ranges_[i].first, ranges_[i].second); };
  out.provider = view(0);
  out.computer = view(1);
  out.user_sid = view(2);
  fields_.clear();
  for (size_t i = 3; i < ranges_.size(); ++i) fields_.push_back(Field{{}, view(i)});
  out.data = fields_;

  if (options_.messages != nullptr) {
    message_.clear();
    const MessageOrigin origin = options_.messages->Render(out, message_);
    if (origin != MessageOrigin::kNone) {
      out.message = message_;
      out.message_origin = origin;
    }
  }
}

size_t EvtReader::ReadString(std::span<const std::byte> rec, size_t off, size_t end) {
  const size_t start = text_.size();
  const size_t units = off < end ? (end - off) / 2 : 0;
  const Utf16Result r = AppendUtf16LeAsUtf8(rec.data() + off, units, text_, true);
  ranges_.emplace_back(start, text_.size() - start);
  return off + 2 * r.units_read + 2;  // past the NUL (or past the end: caller checks)
}

void EvtReader::DecodeVariablePart(const EvtRecordInfo& info, std::span<const std::byte> rec,
                                   uint64_t pos, Event& out) {
  text_.clear();
  ranges_.clear();
  const size_t body = info.size - 4;  // the trailing size copy is not content
  auto problem = [&](std::string what) {
    Report(Severity::kWarning, pos, fmt::format("record {}", info.record_number),
           std::move(what));
  };
  size_t off = ReadString(rec, kEvtRecordFixedSize, body);  // source name
  off = ReadString(rec, off, body);                          // computer name
  // SID
  const size_t sid_start = text_.size();
  if (info.sid_size != 0) {
    if (info.sid_offset > body || info.sid_size > body - info.sid_offset) {
      problem(fmt::format("user SID (offset 0x{:x}, {} bytes) lies outside the record; SID dropped",
                          info.sid_offset, info.sid_size));
    } else if (!AppendSidText(rec.subspan(info.sid_offset, info.sid_size), text_)) {
      problem(fmt::format("user SID at record offset 0x{:x} is malformed; SID dropped",
                          info.sid_offset));
    }
  }
  ranges_.emplace_back(sid_start, text_.size() - sid_start);
  // Insertion strings end where the binary data starts (when it follows them).
  if (info.num_strings != 0) {
    if (info.strings_offset < kEvtRecordFixedSize || info.strings_offset > body) {
      problem(fmt::format("strings offset 0x{:x} lies outside the record; {} strings dropped",
                          info.strings_offset, info.num_strings));
    } else {
      size_t end = body;
      if (info.data_size != 0 && info.data_offset >= info.strings_offset && info.data_offset < end) {
        end = info.data_offset;
      }
      size_t s = info.strings_offset;
      uint32_t got = 0;
      for (; got < info.num_strings && s + 2 <= end; ++got) s = ReadString(rec, s, end);
      if (got < info.num_strings) {
        problem(fmt::format("{} of {} insertion strings present", got, info.num_strings));
      }
    }
  }
  if (info.data_size != 0) {
    if (info.data_offset > body || info.data_size > body - info.data_offset) {
      problem(fmt::format("binary data (offset 0x{:x}, {} bytes) lies outside the record; dropped",
                          info.data_offset, info.data_size));
    } else {
      out.binary = rec.subspan(info.data_offset, info.data_size);
    }
  }
}

Status EvtReader::Next(Event& out) {
  if (phase_ == Phase::kLive && NextLive(out)) return Status();
  if (phase_ == Phase::kCarve && NextCarved(out)) return Status();
  return Status::EndOfInput();
}

bool EvtReader::NextLive(Event& out) {
  EvtRecordInfo info;
  std::span<const std::byte> rec;
  bool mismatch = false;
  while (phase_ == Phase::kLive) {
    if (pos_ >= n_) {
      EndLive(n_, false, 0);
      break;
    }
    EvtEofRecord eof;
    if (ProbeEof(pos_, eof)) {
      const uint64_t after = pos_ + kEvtEofRecordSize;
      // An end-of-file record followed by the next record number is stale (the service
      // stopped without closing the log, then appended more): read on.
      const Candidate c = FindNext(after, false, false);
      if (c.kind == Kind::kRecord && have_last_ && U32At(c.pos + 8) == last_number_ + 1) {
        Report(Severity::kWarning, pos_, "end-of-file record",
               fmt::format("stale end-of-file record: record {} follows it; reading on",
                           last_number_ + 1));
        ReportSkip(after, c.pos, "unexpected bytes after a stale end-of-file record");
        pos_ = c.pos;
        continue;
      }
      EndLive(after, true, pos_);
      break;
    }
    const Status probe = ProbeRecord(pos_, false, record_scratch_, info, rec, mismatch);
    if (probe.ok()) {
      if (have_last_ && info.record_number <= last_number_) {
        Report(Severity::kWarning, pos_, fmt::format("record {}", info.record_number),
               fmt::format("no end-of-file record after record {}: this record is older; the rest "
                           "is unused space",
                           last_number_));
        EndLive(pos_, false, 0);
        break;
      }
      if (have_last_ && info.record_number != last_number_ + 1) {
        const uint64_t missing = info.record_number - last_number_ - 1;
        Report(Severity::kError, pos_, fmt::format("record {}", info.record_number),
               fmt::format("records {} to {} are missing", last_number_ + 1,
                           info.record_number - 1),
               0, missing);
      }
      have_last_ = true;
      last_number_ = info.record_number;
      ++live_count_;
      seen_numbers_.push_back(info.record_number);
      const uint64_t at = pos_;
      pos_ += info.size;
      Decode(info, rec, at, Integrity::kOk, out);
      return true;
    }
    const Candidate c = FindNext(pos_ + 1, false, true);
    const uint64_t to = c.kind == Kind::kNone ? n_ : c.pos;
    ReportSkip(pos_, to, probe.message());
    pos_ = to;
  }
  return false;
}

void EvtReader::ReportCarveEnd() {
  if (hidden_count_ != 0) {
    Report(Severity::kWarning, live_end_, "file header",
           fmt::format("the header's start offset, oldest record number ({}) or record "
                       "order left {} record(s) numbered within its range ({} to {}) out "
                       "of the walked log; found by scanning the file, read and marked "
                       "recovered",
                       header_.oldest_record, hidden_count_, header_.oldest_record,
                       std::max<uint32_t>(header_.current_record,
                                          have_last_ ? last_number_ + 1 : 0) - 1));
  }
  if (recovered_count_ != 0 && options_.recover) {
    Report(Severity::kNote, live_end_, "unused space",
           fmt::format("recovered {} records from unused space", recovered_count_));
  }
}

bool EvtReader::NextCarved(Event& out) {
  EvtRecordInfo info;
  std::span<const std::byte> rec;
  bool mismatch = false;
  while (phase_ == Phase::kCarve) {
    // The unused space is always scanned: when the header's start offset, oldest-record
    // number or a record running backwards ended the walk early, live records sit there
    // (records numbered within the header's range that the walk did not hand out). They
    // are read, marked recovered, and the disagreement reported. With --recover every
    // intact record there is carved as well.
    const Candidate c = FindNext(carve_pos_, options_.recover, false);
    if (c.kind == Kind::kNone) {
      ReportCarveEnd();
      phase_ = Phase::kDone;
      break;
    }
    if (!ProbeRecord(c.pos, options_.recover, record_scratch_, info, rec, mismatch).ok()) {
      carve_pos_ = c.pos + 1;  // unreachable: FindNext just accepted it
      continue;
    }
    if (HiddenByHeader(info.record_number)) {
      ++hidden_count_;
      seen_numbers_.push_back(info.record_number);  // a second copy is not read twice
      seen_sorted_ = false;
    } else if (!options_.recover) {
      carve_pos_ = c.pos + 1;
      continue;
    }
    ++recovered_count_;
    // A record whose tail was overwritten may overlap the next intact one: step past its
    // header only, so the scan still finds that one.
    carve_pos_ = c.pos + (mismatch ? kEvtRecordFixedSize : info.size);
    if (mismatch) {
      Report(Severity::kWarning, c.pos, fmt::format("record {}", info.record_number),
             fmt::format("recovered record's trailing size copy {} does not match its size {}; "
                         "its strings may be damaged",
                         info.trailing_size, info.size));
    }
    Decode(info, rec, c.pos, Integrity::kRecovered, out);
    return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<EventReader>> NewEvtReaderFromBytes(std::vector<std::byte> bytes,
                                                           const ReaderOptions& options,
                                                           DiagnosticSink& sink) {
  LOGRX_RETURN_IF_ERROR(CheckSizeLimit(bytes.size(), kEvtMaxFileSize, "EVT", options));
  return std::unique_ptr<EventReader>(new EvtReader(std::move(bytes), options, sink));
}

Result<std::unique_ptr<EventReader>> NewEvtReader(InputFile file, const ReaderOptions& options,
                                                  DiagnosticSink& sink) {
  Result<std::vector<std::byte>> bytes =
      ReadWholeInput(file, kEvtMaxFileSize, "EVT", options, sink);
  if (!bytes.ok()) return bytes.status();
  return NewEvtReaderFromBytes(std::move(bytes).value(), options, sink);
}

}  // namespace logrx::readers
