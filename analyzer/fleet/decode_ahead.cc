#include "fleet/decode_ahead.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "readers/unit_reader.h"

namespace logrx::fleet {

namespace {

enum class SlotState : uint8_t { kFree, kQueued, kRunning, kDone };

// Units of one file in flight: 2 per job (one decoding, one decoded and waiting), at most
// kMaxWindow whatever --jobs says. A decoded EVTX chunk with its event XML takes about
// 0.5 MiB, so 8 keep `dump` of one file under 16 MiB peak RSS; 8 units in flight already
// keep 4 cores busy on one file.
constexpr size_t kMaxWindow = 8;

struct Slot {
  uint64_t unit = 0;
  SlotState state = SlotState::kFree;
  bool reserved = false;  // holds one of the scheduler's batch reservations
  // Written only by the thread that moved the slot to kRunning, read by the consumer
  // once it is kDone (both under Shared::mu), so it needs no lock of its own.
  std::unique_ptr<readers::UnitBatch> batch;
};

// What a queued task shares with its reader. Tasks keep it alive, so a task that runs
// after the reader was destroyed finds `units` null and does nothing.
struct Shared {
  Shared(const readers::UnitReader& u, size_t window) : units(&u), slots(window) {}
  std::mutex mu;
  std::condition_variable cv;  // a slot became kDone
  const readers::UnitReader* units;  // null once the reader is gone
  std::vector<Slot> slots;           // unit u lives in slots[u % slots.size()]
  // Decoders not in use, with the thread that used each last: a thread takes back its own
  // (its caches of templates and skeletons are in that core's cache, not another's).
  std::vector<std::pair<std::thread::id, std::unique_ptr<readers::UnitDecoder>>> idle_decoders;
  int running = 0;
};

// REQUIRES: `lock` holds s.mu, slot.state == kQueued, s.units non-null. Decodes the slot's
// unit with the lock released.
void DecodeSlot(Shared& s, Slot& slot, std::unique_lock<std::mutex>& lock) {
  slot.state = SlotState::kRunning;
  ++s.running;
  const std::thread::id me = std::this_thread::get_id();
  std::unique_ptr<readers::UnitDecoder> decoder;
  if (!s.idle_decoders.empty()) {
    auto it = std::find_if(s.idle_decoders.begin(), s.idle_decoders.end(),
                           [me](const auto& d) { return d.first == me; });
    if (it == s.idle_decoders.end()) it = s.idle_decoders.end() - 1;
    decoder = std::move(it->second);
    s.idle_decoders.erase(it);
  }
  const readers::UnitReader& units = *s.units;
  lock.unlock();
  if (decoder == nullptr) decoder = units.NewDecoder();
  if (slot.batch == nullptr) slot.batch = units.NewBatch();
  units.Decode(slot.unit, *decoder, *slot.batch);
  lock.lock();
  s.idle_decoders.emplace_back(me, std::move(decoder));
  slot.state = SlotState::kDone;
  --s.running;
  s.cv.notify_all();
}

void RunTask(Shared& s, uint64_t unit) {
  std::unique_lock<std::mutex> lock(s.mu);
  if (s.units == nullptr) return;
  Slot& slot = s.slots[unit % s.slots.size()];
  // The consumer may have decoded it already (it does not wait for a queued task).
  if (slot.unit != unit || slot.state != SlotState::kQueued) return;
  DecodeSlot(s, slot, lock);
}

class AheadSource final : public readers::BatchSource {
 public:
  AheadSource(const readers::UnitReader& units, Scheduler& pool)
      : pool_(pool),
        shared_(std::make_shared<Shared>(units, std::min(size_t{pool.jobs()} * 2, kMaxWindow))),
        unit_count_(units.unit_count()) {}

  ~AheadSource() override {
    Shared& s = *shared_;
    std::unique_lock<std::mutex> lock(s.mu);
    s.units = nullptr;  // queued tasks do nothing from now on
    s.cv.wait(lock, [&s] { return s.running == 0; });
    for (Slot& slot : s.slots) {
      if (slot.reserved) pool_.ReleaseBatch();
      slot = Slot();
    }
    s.idle_decoders.clear();
  }

  const readers::UnitBatch& Acquire(uint64_t index) override {
    Shared& s = *shared_;
    std::unique_lock<std::mutex> lock(s.mu);
    QueueAhead(index);
    Slot& mine = s.slots[index % s.slots.size()];
    for (;;) {
      if (mine.state == SlotState::kDone) return *mine.batch;
      if (mine.state == SlotState::kQueued) {
        DecodeSlot(s, mine, lock);
        continue;
      }
      // A worker is decoding it: decode a later unit meanwhile rather than idle.
      Slot* later = nullptr;
      for (uint64_t u = index + 1; u < queued_end_ && later == nullptr; ++u) {
        Slot& c = s.slots[u % s.slots.size()];
        if (c.state == SlotState::kQueued) later = &c;
      }
      if (later != nullptr) {
        DecodeSlot(s, *later, lock);
      } else {
        s.cv.wait(lock);
      }
    }
  }

  void Release(uint64_t index) override {
    std::lock_guard<std::mutex> lock(shared_->mu);
    Slot& slot = shared_->slots[index % shared_->slots.size()];
    slot.state = SlotState::kFree;
    if (slot.reserved) {
      slot.reserved = false;
      pool_.ReleaseBatch();
    }
  }

 private:
  // REQUIRES: shared_->mu held. Units [index, index + window) that are not queued yet get
  // a slot; all but `index` itself need a reservation and get a task. `index` needs
  // neither: the consumer holds one batch anyway and decodes it if no worker has.
  void QueueAhead(uint64_t index) {
    Shared& s = *shared_;
    const size_t window = s.slots.size();
    if (queued_end_ <= index) {
      Slot& slot = s.slots[index % window];
      slot.unit = index;
      slot.state = SlotState::kQueued;
      queued_end_ = index + 1;
    }
    const uint64_t end = std::min<uint64_t>(unit_count_, index + window);
    while (queued_end_ < end && pool_.TryReserveBatch()) {
      Slot& slot = s.slots[queued_end_ % window];
      slot.unit = queued_end_;
      slot.state = SlotState::kQueued;
      slot.reserved = true;
      pool_.Post([shared = shared_, unit = queued_end_] { RunTask(*shared, unit); });
      ++queued_end_;
    }
  }

  Scheduler& pool_;
  std::shared_ptr<Shared> shared_;
  uint64_t unit_count_;
  uint64_t queued_end_ = 0;  // units below it have had a slot (consumer thread only)
};

}  // namespace

void DecodeAhead(readers::EventReader& reader, Scheduler& pool) {
  if (pool.jobs() < 2) return;
  readers::UnitEventReader* u = reader.unit_reader();
  if (u == nullptr || u->units().unit_count() < 2) return;
  u->SetBatchSource(std::make_unique<AheadSource>(u->units(), pool));
}

}  // namespace logrx::fleet
