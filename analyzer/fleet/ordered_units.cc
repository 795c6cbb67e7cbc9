#include "fleet/ordered_units.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace logrx::fleet {

namespace {

// Units claimed and not yet emitted: one per thread and one more (a thread may finish its
// unit while the one in turn is still being decoded), never more than 8. A decoded EVTX
// chunk and its rendered output take about 0.5 MiB together: with --jobs 2 a window of 3
// kept `dump` of 256 MiB at 14.0 MiB peak RSS, 4 at 15.2 MiB, for the same speed (measured).
constexpr uint64_t kMaxWindow = 8;

// Shared by the caller and the helpers it posted; a helper that starts after the caller
// closed the run does nothing.
struct Run {
  Run(readers::UnitReader& u, const std::atomic<bool>* c, Scheduler& p,
      const std::function<std::unique_ptr<UnitConsumer>()>& m)
      : units(u), cancel(c), pool(p), make(m), count(u.unit_count()),
        threads(std::min(p.jobs(), p.cpus())),
        window(std::min<uint64_t>(uint64_t{threads} + 1, kMaxWindow)) {}
  readers::UnitReader& units;
  const std::atomic<bool>* cancel;  // may be null
  Scheduler& pool;
  const std::function<std::unique_ptr<UnitConsumer>()>& make;
  const uint64_t count;
  const unsigned threads;  // the caller and threads - 1 helpers
  const uint64_t window;
  std::mutex mu;
  bool open = true;  // helpers may still join
  int helpers = 0;   // helpers in Work
  std::condition_variable cv;  // the turn moved on, or the run stopped
  uint64_t next_claim = 0;     // the next unit nobody has claimed
  uint64_t turn = 0;           // the next unit to emit
  bool stop = false;
  bool cancelled = false;
  Status failed = Status::Ok();  // the Accept status that stopped the run
};

bool Cancelled(const Run& r) {
  return r.cancel != nullptr && r.cancel->load(std::memory_order_relaxed);
}

struct Kept {
  uint64_t unit;
  std::unique_ptr<readers::UnitBatch> batch;  // for Accept, at the unit's turn
  bool reserved;  // holds one of the run's batch reservations (Scheduler::TryReserveBatch)
};

// One thread's share: claims units while the window allows, emits its own in turn. A
// thread holds one unit freely; each more takes a reservation from the run's budget, so
// files read at once on one pool hold at most 2 x jobs units more than their threads.
void Work(Run& r) {
  std::unique_ptr<UnitConsumer> consumer = r.make();
  std::unique_ptr<readers::UnitDecoder> decoder = r.units.NewDecoder();
  std::deque<Kept> kept;  // claimed, processed, not emitted; increasing units
  std::vector<std::unique_ptr<readers::UnitBatch>> spare;
  std::unique_lock<std::mutex> lock(r.mu);
  for (;;) {
    // This thread's oldest unit is the only one it may emit, once the turn reaches it;
    // nobody else emits meanwhile (the turn moves on only after it).
    while (!r.stop && !kept.empty() && kept.front().unit == r.turn) {
      if (Cancelled(r)) {
        r.stop = r.cancelled = true;
        break;
      }
      lock.unlock();
      Kept k = std::move(kept.front());
      kept.pop_front();
      Status accepted = r.units.Accept(*k.batch);
      const bool emitted = accepted.ok() && consumer->EmitOldest();
      spare.push_back(std::move(k.batch));
      if (k.reserved) r.pool.ReleaseBatch();
      lock.lock();
      if (!accepted.ok()) r.failed = std::move(accepted);
      if (!emitted) r.stop = true;
      ++r.turn;
      r.cv.notify_all();
    }
    if (r.stop) break;
    bool reserved = false;
    if (r.next_claim < r.count && r.next_claim < r.turn + r.window &&
        (kept.empty() || (reserved = r.pool.TryReserveBatch()))) {
      if (Cancelled(r)) {
        if (reserved) r.pool.ReleaseBatch();
        r.stop = r.cancelled = true;
        break;
      }
      const uint64_t unit = r.next_claim++;
      lock.unlock();
      std::unique_ptr<readers::UnitBatch> batch;
      if (spare.empty()) {
        batch = r.units.NewBatch();
      } else {
        batch = std::move(spare.back());
        spare.pop_back();
      }
      r.units.Decode(unit, *decoder, *batch);
      consumer->Process(batch->events());
      kept.push_back({unit, std::move(batch), reserved});
      lock.lock();
      continue;
    }
    if (kept.empty()) break;  // every unit is claimed, and this thread's are emitted
    r.cv.wait(lock);
  }
  for (const Kept& k : kept) {
    if (k.reserved) r.pool.ReleaseBatch();
  }
  r.cv.notify_all();  // the run may have stopped here
}

void Help(Run& r) {
  {
    std::lock_guard<std::mutex> lock(r.mu);
    if (!r.open) return;
    ++r.helpers;
  }
  Work(r);
  std::lock_guard<std::mutex> lock(r.mu);
  --r.helpers;
  r.cv.notify_all();
}

}  // namespace

Status ConsumeUnitsInOrder(readers::UnitEventReader& reader, Scheduler& pool,
                           const std::function<std::unique_ptr<UnitConsumer>()>& make) {
  readers::UnitReader& units = reader.TakeOverUnits();
  auto shared = std::make_shared<Run>(units, reader.cancel_flag(), pool, make);
  Run& run = *shared;
  // Helpers, not ForEach: a file task of `scan` (itself in a ForEach) calls this too.
  for (unsigned i = 1; i < run.threads; ++i) pool.Post([shared] { Help(*shared); });
  Work(run);
  {
    std::unique_lock<std::mutex> lock(run.mu);
    run.open = false;
    run.cv.wait(lock, [&run] { return run.helpers == 0; });
  }
  if (run.cancelled) return reader.CancelledStatus();
  if (!run.failed.ok()) return run.failed;
  if (run.stop) return Status::Ok();
  units.Finish();
  return Status::EndOfInput();
}

}  // namespace logrx::fleet
