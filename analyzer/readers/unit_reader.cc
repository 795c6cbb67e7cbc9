#include "readers/unit_reader.h"

#include <cstring>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

namespace logrx::readers {

namespace {

// `to = from` for the ~300-byte Event, in pieces: GCC turns a whole-struct copy of this
// size into `rep movsq`, whose start-up cost is most of the copy's time here.
void CopyEvent(const Event& from, Event& to) noexcept {
  static_assert(std::is_trivially_copyable_v<Event>);
  constexpr size_t kPiece = 64;
  auto* dst = reinterpret_cast<unsigned char*>(&to);
  const auto* src = reinterpret_cast<const unsigned char*>(&from);
  size_t i = 0;
  for (; i + kPiece <= sizeof(Event); i += kPiece) std::memcpy(dst + i, src + i, kPiece);
  std::memcpy(dst + i, src + i, sizeof(Event) - i);
}

}  // namespace

UnitEventReader::UnitEventReader(std::unique_ptr<UnitReader> units,
                                 const std::atomic<bool>* cancel, std::string display_path)
    : units_(std::move(units)), cancel_(cancel), display_path_(std::move(display_path)) {}

UnitEventReader::~UnitEventReader() = default;

UnitReader& UnitEventReader::TakeOverUnits() {
  done_ = true;
  return *units_;
}

Status UnitEventReader::CancelledStatus() const {
  return Status::Cancelled(fmt::format("{}: reading stopped on request after {} bytes",
                                       display_path_, units_->bytes_consumed()));
}

Status UnitEventReader::Next(Event& out) {
  for (;;) {
    if (done_) return Status::EndOfInput();
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) {
      done_ = true;
      return CancelledStatus();
    }
    if (cur_pos_ < cur_events_.size()) {
      CopyEvent(cur_events_[cur_pos_++], out);
      return Status::Ok();
    }
    if (next_unit_ >= units_->unit_count()) {
      done_ = true;
      units_->Finish();
      return Status::EndOfInput();
    }
    if (decoder_ == nullptr) {
      decoder_ = units_->NewDecoder();
      batch_ = units_->NewBatch();
    }
    units_->Decode(next_unit_++, *decoder_, *batch_);
    if (Status s = units_->Accept(*batch_); !s.ok()) {
      done_ = true;
      return s;
    }
    cur_events_ = batch_->events();
    cur_pos_ = 0;
  }
}

}  // namespace logrx::readers
