#include "readers/evtx/evtx_reader.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "readers/evtx/evtx_chunk.h"
#include "readers/evtx/evtx_format.h"
#include "readers/reader_factories_internal.h"
#include "readers/unit_reader.h"

namespace logrx::readers {

namespace {

class FileSource final : public ByteSource {
 public:
  explicit FileSource(InputFile f) : f_(std::move(f)) {}
  uint64_t size() const noexcept override { return f_.size(); }
  Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) const override {
    return f_.ReadAt(offset, out);
  }

 private:
  InputFile f_;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::span<const std::byte> d) : d_(d) {}
  uint64_t size() const noexcept override { return d_.size(); }
  Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) const override {
    if (offset >= d_.size()) return size_t{0};
    const size_t n = std::min<uint64_t>(out.size(), d_.size() - offset);
    std::memcpy(out.data(), d_.data() + offset, n);
    return n;
  }

 private:
  std::span<const std::byte> d_;
};

// One chunk slot: its bytes, its decoded events and diagnostics, or why it was not read.
class EvtxBatch final : public UnitBatch {
 public:
  std::span<const Event> events() const noexcept override { return chunk.events; }
  ChunkEvents chunk;
  std::vector<std::byte> bytes;
  Status io;
};

class EvtxDecoder final : public UnitDecoder {
 public:
  explicit EvtxDecoder(const EvtxChunkSettings& settings) : chunk(settings) {}
  EvtxChunkDecoder chunk;
};

// The file's chunk slots as units. Decode reads and decodes one slot; Accept adds what
// only the order of slots tells (runs of zero-filled chunks, the first chunk past the
// header's count, a cut last slot) before the slot's own diagnostics.
class EvtxUnits final : public UnitReader {
 public:
  EvtxUnits(std::unique_ptr<ByteSource> src, const ReaderOptions& o, DiagnosticSink& sink)
      : src_(std::move(src)), opts_(o), sink_(sink) {}

  Status Open();
  InputFormat format() const noexcept override { return InputFormat::kEvtx; }
  uint64_t unit_count() const noexcept override { return slots_total_; }
  std::unique_ptr<UnitDecoder> NewDecoder() const override {
    return std::make_unique<EvtxDecoder>(settings_);
  }
  std::unique_ptr<UnitBatch> NewBatch() const override { return std::make_unique<EvtxBatch>(); }
  void Decode(uint64_t index, UnitDecoder& decoder, UnitBatch& out) const override;
  Status Accept(const UnitBatch& batch) override;
  void Finish() override;
  uint64_t bytes_consumed() const noexcept override { return consumed_; }

 private:
  void Note(Severity sev, uint64_t offset, std::string structure, std::string what) {
    Diagnostic d;
    d.severity = sev;
    d.file = opts_.display_path;
    d.offset = offset;
    d.structure = std::move(structure);
    d.what = std::move(what);
    sink_.Report(d);
  }
  void Absorb(const ChunkEvents& ce);
  void FlushZeroRun();

  std::unique_ptr<ByteSource> src_;
  ReaderOptions opts_;
  DiagnosticSink& sink_;
  EvtxChunkSettings settings_;
  EvtxFileHeader header_;
  uint64_t slots_total_ = 0;
  // Consumer state (Accept, Finish).
  uint64_t consumed_ = 0;
  uint64_t zero_first_ = 0, zero_count_ = 0;
  bool noted_past_count_ = false;
};

Status EvtxUnits::Open() {
  const uint64_t size = src_->size();
  std::vector<std::byte> head(kEvtxFileHeaderUsed);
  Result<size_t> got = src_->ReadAt(0, head);
  if (!got.ok()) return got.status();
  head.resize(*got);
  header_ = ParseEvtxFileHeader(head);
  static_cast<ReaderOptions&>(settings_) = opts_;
  settings_.file_no_crc = header_.magic_ok && (header_.flags & kEvtxFlagNoCrc) != 0;
  settings_.header_chunk_count = header_.magic_ok ? header_.chunk_count : 0;
  slots_total_ = EvtxChunkSlots(size);
  if (!header_.magic_ok) {
    Note(Severity::kError, 0, "file header",
         "no 'ElfFile' magic; header ignored, scanning the file for chunks");
    return Status::Ok();
  }
  if (!settings_.file_no_crc && !header_.crc_ok()) {
    Note(Severity::kWarning, 0, "file header",
         fmt::format("header CRC32 mismatch (stored 0x{:08x}, computed 0x{:08x}); header "
                     "fields are not trusted, every chunk is read",
                     header_.stored_crc, header_.computed_crc));
  }
  if (header_.major_version != 3) {
    Note(Severity::kNote, 36, "file header",
         fmt::format("format version {}.{} (expected 3.x); reading anyway",
                     header_.major_version, header_.minor_version));
  }
  if (header_.dirty()) {
    Note(Severity::kNote, 120, "file header",
         "dirty flag set (file not closed cleanly); reading every chunk in the file, "
         "not only the header's chunk count");
  }
  if (header_.chunk_count > slots_total_) {
    Note(Severity::kWarning, 42, "file header",
         fmt::format("header claims {} chunk(s) but the file holds {} (truncated file)",
                     header_.chunk_count, slots_total_));
  }
  return Status::Ok();
}

void EvtxUnits::Decode(uint64_t index, UnitDecoder& decoder, UnitBatch& out) const {
  auto& batch = static_cast<EvtxBatch&>(out);
  batch.bytes.resize(kEvtxChunkSize);
  const uint64_t at = EvtxChunkOffset(index);
  Result<size_t> got = src_->ReadAt(at, batch.bytes);
  if (!got.ok()) {
    batch.io = got.status();
    batch.chunk.Clear();
    batch.chunk.chunk_index = index;
    return;
  }
  // The file was shorter than when it was opened: it shrank (or was replaced) while
  // being read. What was read stays; reading stops here, reported.
  const uint64_t want =
      at >= src_->size() ? 0 : std::min<uint64_t>(kEvtxChunkSize, src_->size() - at);
  if (*got < want) {
    batch.io = Status::Io(fmt::format("the file shrank while being read: {} bytes when opened, "
                                      "only {} at offset {}", src_->size(), at + *got, at));
    batch.chunk.Clear();
    batch.chunk.chunk_index = index;
    return;
  }
  batch.io = Status::Ok();
  static_cast<EvtxDecoder&>(decoder).chunk.Decode(
      std::span<const std::byte>(batch.bytes.data(), *got), index, batch.chunk);
}

Status EvtxUnits::Accept(const UnitBatch& unit) {
  const auto& batch = static_cast<const EvtxBatch&>(unit);
  const uint64_t index = batch.chunk.chunk_index;
  consumed_ = std::min(src_->size(), EvtxChunkOffset(index + 1));
  if (!batch.io.ok()) {
    Note(Severity::kError, EvtxChunkOffset(index), fmt::format("chunk {}", index),
         fmt::format("read failed: {}; reading stopped", batch.io.ToString()));
    return batch.io;
  }
  Absorb(batch.chunk);
  return Status::Ok();
}

void EvtxUnits::FlushZeroRun() {
  if (zero_count_ == 0) return;
  Note(Severity::kNote, EvtxChunkOffset(zero_first_), fmt::format("chunk {}", zero_first_),
       zero_count_ == 1
           ? std::string("zero-filled chunk skipped")
           : fmt::format("{} zero-filled chunks (chunks {} to {}) skipped", zero_count_,
                         zero_first_, zero_first_ + zero_count_ - 1));
  zero_count_ = 0;
}

void EvtxUnits::Absorb(const ChunkEvents& ce) {
  const uint64_t chunk_at = EvtxChunkOffset(ce.chunk_index);
  const uint64_t file_size = src_->size();
  if (ce.state == ChunkState::kZeroed && file_size - chunk_at < kEvtxChunkSize) {
    // A short last slot is a cut file even when what is left of it is zero fill: the
    // chunk decoder only reports truncation of chunks whose header survived.
    FlushZeroRun();
    const uint64_t have = file_size - chunk_at;
    if (header_.magic_ok && ce.chunk_index < header_.chunk_count) {
      Note(Severity::kError, chunk_at, fmt::format("chunk {}", ce.chunk_index),
           fmt::format("file truncated inside chunk {}, which the header's chunk count ({}) "
                       "includes: {} of {} bytes present, all zero; the file is {} bytes, the "
                       "chunk count needs {}",
                       ce.chunk_index, header_.chunk_count, have, kEvtxChunkSize, file_size,
                       EvtxChunkOffset(header_.chunk_count)));
    } else {
      Note(Severity::kWarning, chunk_at, fmt::format("chunk {}", ce.chunk_index),
           fmt::format("file truncated inside zero-filled chunk {}: {} of {} bytes present; the "
                       "file is {} bytes, not a whole number of chunks ({})",
                       ce.chunk_index, have, kEvtxChunkSize, file_size, chunk_at + kEvtxChunkSize));
    }
    return;
  }
  if (ce.state == ChunkState::kZeroed) {
    if (zero_count_ == 0) zero_first_ = ce.chunk_index;
    ++zero_count_;
    return;
  }
  FlushZeroRun();
  if (ce.state == ChunkState::kValid && header_.magic_ok &&
      ce.chunk_index >= header_.chunk_count && !noted_past_count_) {
    noted_past_count_ = true;
    Note(Severity::kNote, EvtxChunkOffset(ce.chunk_index), fmt::format("chunk {}", ce.chunk_index),
         fmt::format("valid chunk past the header's chunk count ({}); reading on to the end "
                     "of the file", header_.chunk_count));
  }
  for (const Diagnostic& d : ce.diags) sink_.Report(d);
}

void EvtxUnits::Finish() {
  FlushZeroRun();
  // Bytes past the size seen at open: the file grew while being read (a live log).
  std::byte probe[1];
  Result<size_t> more = src_->ReadAt(src_->size(), probe);
  if (more.ok() && *more != 0) {
    Note(Severity::kError, src_->size(), "file",
         fmt::format("the file grew while being read ({} bytes when opened); what was "
                     "appended after that was not read", src_->size()));
  }
}

}  // namespace

Result<std::unique_ptr<EventReader>> NewEvtxReaderFromSource(std::unique_ptr<ByteSource> source,
                                                             const ReaderOptions& options,
                                                             DiagnosticSink& sink) {
  auto units = std::make_unique<EvtxUnits>(std::move(source), options, sink);
  Status s = units->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<EventReader>(
      std::make_unique<UnitEventReader>(std::move(units), options.cancel, options.display_path));
}

Result<std::unique_ptr<EventReader>> NewEvtxReaderFromMemory(std::span<const std::byte> data,
                                                             const ReaderOptions& options,
                                                             DiagnosticSink& sink) {
  return NewEvtxReaderFromSource(std::make_unique<MemorySource>(data), options, sink);
}

Result<std::unique_ptr<EventReader>> NewEvtxReader(InputFile file, const ReaderOptions& options,
                                                   DiagnosticSink& sink) {
  return NewEvtxReaderFromSource(std::make_unique<FileSource>(std::move(file)), options, sink);
}

}  // namespace logrx::readers
