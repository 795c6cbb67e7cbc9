#include "readers/evtx/evtx_reader.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "readers/evtx/evtx_chunk.h"
#include "readers/evtx/evtx_format.h"
#include "readers/reader_factories_internal.h"

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

class EvtxReader final : public EventReader {
 public:
  EvtxReader(std::unique_ptr<ByteSource> src, const ReaderOptions& o, DiagnosticSink& sink)
      : src_(std::move(src)), opts_(o), sink_(sink) {}
  ~EvtxReader() override { StopWorkers(); }

  Status Open();
  Status Next(Event& out) override;
  InputFormat format() const noexcept override { return InputFormat::kEvtx; }
  uint64_t bytes_consumed() const noexcept override { return consumed_; }

 private:
  struct Slot {
    ChunkEvents events;
    std::vector<std::byte> buf;
    bool ready = false;
    Status io;
  };

  void Note(Severity sev, uint64_t offset, std::string structure, std::string what) {
    Diagnostic d;
    d.severity = sev;
    d.file = opts_.display_path;
    d.offset = offset;
    d.structure = std::move(structure);
    d.what = std::move(what);
    sink_.Report(d);
  }
  void FillSlot(EvtxChunkDecoder& dec, Slot& slot, uint64_t index);
  Status LoadNext(bool& have);
  void Absorb(const ChunkEvents& ce);
  void FlushZeroRun();
  void StartWorkers();
  void StopWorkers();
  void WorkerLoop();

  std::unique_ptr<ByteSource> src_;
  ReaderOptions opts_;
  DiagnosticSink& sink_;
  EvtxChunkSettings settings_;
  EvtxFileHeader header_;
  uint64_t slots_total_ = 0;
  uint64_t consumed_ = 0;

  // Single-threaded path.
  std::unique_ptr<EvtxChunkDecoder> decoder_;
  Slot single_;

  // Parallel path: chunk i decodes into ring_[i % ring_.size()].
  std::vector<std::unique_ptr<Slot>> ring_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t next_claim_ = 0;
  bool stop_ = false;

  uint64_t next_chunk_ = 0;     // next chunk the consumer will take
  const ChunkEvents* cur_ = nullptr;
  size_t cur_pos_ = 0;
  bool done_ = false;
  uint64_t zero_first_ = 0, zero_count_ = 0;
  bool noted_past_count_ = false;
};

Status EvtxReader::Open() {
  const uint64_t size = src_->size();
  std::vector<std::byte> head(kEvtxFileHeaderUsed);
  Result<size_t> got = src_->ReadAt(0, head);
  if (!got.ok()) return got.status();
  head.resize(*got);
  header_ = ParseEvtxFileHeader(head);
  settings_.file_id = opts_.file_id;
  settings_.display_path = opts_.display_path;
  settings_.render_xml = opts_.render_xml;
  settings_.recover = opts_.recover;
  settings_.strict = opts_.strict;
  settings_.messages = opts_.messages;
  settings_.file_no_crc = header_.magic_ok && (header_.flags & kEvtxFlagNoCrc) != 0;
  settings_.header_chunk_count = header_.magic_ok ? header_.chunk_count : 0;
  settings_.cancel = opts_.cancel;
  slots_total_ = EvtxChunkSlots(size);
  if (!header_.magic_ok) {
    Note(Severity::kError, 0, "file header",
         "no 'ElfFile' magic; header ignored, scanning the file for chunks");
  } else {
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
  }
  if (opts_.jobs > 1 && slots_total_ > 1) {
    StartWorkers();
  } else {
    decoder_ = std::make_unique<EvtxChunkDecoder>(settings_);
  }
  return Status::Ok();
}

void EvtxReader::FillSlot(EvtxChunkDecoder& dec, Slot& slot, uint64_t index) {
  slot.buf.resize(kEvtxChunkSize);
  Result<size_t> got = src_->ReadAt(EvtxChunkOffset(index), slot.buf);
  if (!got.ok()) {
    slot.io = got.status();
    slot.events.Clear();
    slot.events.chunk_index = index;
    return;
  }
  // The file was shorter than when it was opened: it shrank (or was replaced) while
  // being read. What was read stays; reading stops here, reported.
  const uint64_t at = EvtxChunkOffset(index);
  const uint64_t want = at >= src_->size() ? 0 : std::min<uint64_t>(kEvtxChunkSize, src_->size() - at);
  if (*got < want) {
    slot.io = Status::Io(fmt::format("the file shrank while being read: {} bytes when opened, "
                                     "only {} at offset {}", src_->size(), at + *got, at));
    slot.events.Clear();
    slot.events.chunk_index = index;
    return;
  }
  slot.io = Status::Ok();
  dec.Decode(std::span<const std::byte>(slot.buf.data(), *got), index, slot.events);
}

void EvtxReader::StartWorkers() {
  const unsigned jobs = std::min<unsigned>(opts_.jobs, 64);
  const size_t ring = size_t{jobs} * 2;
  for (size_t i = 0; i < ring; ++i) ring_.push_back(std::make_unique<Slot>());
  for (unsigned i = 0; i < jobs; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

void EvtxReader::StopWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

void EvtxReader::WorkerLoop() {
  EvtxChunkDecoder dec(settings_);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    // A slot is free once the consumer has moved past the chunk that used it.
    cv_.wait(lock, [this] {
      return stop_ || (next_claim_ < slots_total_ && next_claim_ < next_chunk_ + ring_.size());
    });
    if (stop_) return;
    const uint64_t index = next_claim_++;
    Slot& slot = *ring_[index % ring_.size()];
    lock.unlock();
    FillSlot(dec, slot, index);
    lock.lock();
    slot.ready = true;
    cv_.notify_all();
  }
}

void EvtxReader::FlushZeroRun() {
  if (zero_count_ == 0) return;
  Note(Severity::kNote, EvtxChunkOffset(zero_first_), fmt::format("chunk {}", zero_first_),
       zero_count_ == 1
           ? std::string("zero-filled chunk skipped")
           : fmt::format("{} zero-filled chunks (chunks {} to {}) skipped", zero_count_,
                         zero_first_, zero_first_ + zero_count_ - 1));
  zero_count_ = 0;
}

void EvtxReader::Absorb(const ChunkEvents& ce) {
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

Status EvtxReader::LoadNext(bool& have) {
  have = false;
  if (next_chunk_ >= slots_total_) return Status::Ok();
  const uint64_t index = next_chunk_;
  Slot* slot;
  if (workers_.empty()) {
    slot = &single_;
    FillSlot(*decoder_, single_, index);
  } else {
    std::unique_lock<std::mutex> lock(mu_);
    slot = ring_[index % ring_.size()].get();
    cv_.wait(lock, [slot] { return slot->ready; });
    slot->ready = false;
  }
  consumed_ = std::min(src_->size(), EvtxChunkOffset(index + 1));
  if (!slot->io.ok()) return slot->io;
  Absorb(slot->events);
  cur_ = &slot->events;
  cur_pos_ = 0;
  have = true;
  return Status::Ok();
}

Status EvtxReader::Next(Event& out) {
  for (;;) {
    if (done_) return Status::EndOfInput();
    if (opts_.cancel != nullptr && opts_.cancel->load(std::memory_order_relaxed)) {
      done_ = true;
      StopWorkers();
      return Status::Cancelled(fmt::format("{}: reading stopped on request after {} bytes",
                                           opts_.display_path, consumed_));
    }
    if (cur_ != nullptr && cur_pos_ < cur_->events.size()) {
      out = cur_->events[cur_pos_++];
      return Status::Ok();
    }
    if (cur_ != nullptr) {
      // Done with this chunk: its slot may be refilled.
      cur_ = nullptr;
      if (workers_.empty()) {
        ++next_chunk_;
      } else {
        // Workers read next_chunk_ under mu_ (which slots are free): write it under mu_
        // too (ThreadSanitizer, tests/tsan/run).
        std::lock_guard<std::mutex> lock(mu_);
        ++next_chunk_;
        cv_.notify_all();
      }
    }
    bool have = false;
    Status s = LoadNext(have);
    if (!s.ok()) {
      done_ = true;
      Note(Severity::kError, EvtxChunkOffset(next_chunk_), fmt::format("chunk {}", next_chunk_),
           fmt::format("read failed: {}; reading stopped", s.ToString()));
      return s;
    }
    if (!have) {
      FlushZeroRun();
      done_ = true;
      StopWorkers();
      // Bytes past the size seen at open: the file grew while being read (a live log).
      std::byte probe[1];
      Result<size_t> more = src_->ReadAt(src_->size(), probe);
      if (more.ok() && *more != 0) {
        Note(Severity::kError, src_->size(), "file",
             fmt::format("the file grew while being read ({} bytes when opened); what was "
                         "appended after that was not read", src_->size()));
      }
      return Status::EndOfInput();
    }
  }
}

}  // namespace

Result<std::unique_ptr<EventReader>> NewEvtxReaderFromSource(std::unique_ptr<ByteSource> source,
                                                             const ReaderOptions& options,
                                                             DiagnosticSink& sink) {
  auto r = std::make_unique<EvtxReader>(std::move(source), options, sink);
  Status s = r->Open();
  if (!s.ok()) return s;
  return std::unique_ptr<EventReader>(std::move(r));
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
