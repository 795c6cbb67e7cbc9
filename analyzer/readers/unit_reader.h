// UnitReader: an input that splits into independent work units (EVTX: its 64 KiB chunks),
// so that units can be decoded on any thread and consumed in order. Readers own no
// threads: where Decode runs is the caller's choice (fleet/ordered_units.h runs it on
// every thread of the run's pool, UnitEventReader::Next on the calling thread).
//
//   for (Status s; (s = reader->Next(ev)).ok();) Use(ev);          // one thread
//   if (UnitEventReader* u = reader->unit_reader())                 // or several:
//     fleet::ConsumeUnitsInOrder(*u, pool, make_consumer);          // same events, same order
//
// The contract that makes the order independent of the thread count:
// - Decode is const and thread-safe: any number of threads may decode different units at
//   once, each with its own UnitDecoder and UnitBatch. It reads and decodes only; what it
//   finds wrong goes into the batch, never to the sink, and it never waits for another
//   unit. Its cost is bounded by the unit's size.
// - Accept and Finish run on one thread, once per unit, in unit order. Accept reports the
//   batch's diagnostics to the sink, with those that depend on earlier units (a run of
//   empty units is reported once); Finish reports what only the end reveals.
#ifndef LOGRX_READERS_UNIT_READER_H_
#define LOGRX_READERS_UNIT_READER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/event.h"
#include "core/status.h"
#include "readers/reader.h"

namespace logrx::readers {

// One decoded unit: its events (views into the batch, valid until it is decoded again or
// destroyed) and, inside, its diagnostics for Accept.
class UnitBatch {
 public:
  virtual ~UnitBatch() = default;
  virtual std::span<const Event> events() const noexcept = 0;
};

// Per-thread decoding scratch (template caches, buffers). Not thread-safe.
class UnitDecoder {
 public:
  virtual ~UnitDecoder() = default;
};

class UnitReader {
 public:
  virtual ~UnitReader() = default;
  virtual InputFormat format() const noexcept = 0;
  // Units in the input, fixed when it was opened.
  virtual uint64_t unit_count() const noexcept = 0;
  virtual std::unique_ptr<UnitDecoder> NewDecoder() const = 0;
  virtual std::unique_ptr<UnitBatch> NewBatch() const = 0;
  // Decodes unit `index` into `out` (its previous content is dropped). Thread-safe, see
  // above. REQUIRES: index < unit_count(); `decoder` and `out` come from this reader.
  virtual void Decode(uint64_t index, UnitDecoder& decoder, UnitBatch& out) const = 0;
  // Consumer thread, units in order. OK: the batch's events may be used. Otherwise the
  // input became unreadable (reported); no further units are read.
  [[nodiscard]] virtual Status Accept(const UnitBatch& batch) = 0;
  // Consumer thread, after the last unit was accepted.
  virtual void Finish() = 0;
  // Bytes of the input behind the units accepted so far.
  virtual uint64_t bytes_consumed() const noexcept = 0;
};

// An EventReader over a UnitReader: events in unit order, the cancel flag checked before
// each event (Status kCancelled naming the bytes read). Each unit is decoded on the
// calling thread when its first event is asked for, into one reused batch. Not
// thread-safe.
class UnitEventReader final : public EventReader {
 public:
  // `cancel` may be null; `display_path` names the file in the cancel status.
  UnitEventReader(std::unique_ptr<UnitReader> units, const std::atomic<bool>* cancel,
                  std::string display_path);
  ~UnitEventReader() override;

  [[nodiscard]] Status Next(Event& out) override;
  InputFormat format() const noexcept override { return units_->format(); }
  uint64_t bytes_consumed() const noexcept override { return units_->bytes_consumed(); }
  UnitEventReader* unit_reader() noexcept override { return this; }

  const UnitReader& units() const noexcept { return *units_; }

  // For a caller that consumes whole units on several threads instead of calling Next()
  // (fleet/ordered_units.h): the units, to decode and to Accept and Finish in order as
  // Next() would. Next() returns end of input from now on. REQUIRES: Next() not called.
  UnitReader& TakeOverUnits();
  // The reader's cancel flag (may be null) and the status Next() returns once it is set.
  const std::atomic<bool>* cancel_flag() const noexcept { return cancel_; }
  Status CancelledStatus() const;

 private:
  std::unique_ptr<UnitReader> units_;
  const std::atomic<bool>* cancel_;
  std::string display_path_;
  std::unique_ptr<UnitDecoder> decoder_;  // made on the first Next()
  std::unique_ptr<UnitBatch> batch_;
  uint64_t next_unit_ = 0;              // the unit to decode next
  std::span<const Event> cur_events_;  // of the unit decoded last, accepted
  size_t cur_pos_ = 0;
  bool done_ = false;
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_UNIT_READER_H_
