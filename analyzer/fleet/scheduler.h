// Scheduler: the one pool of worker threads of a run (`--jobs N`). File tasks (ForEach)
// and the helpers of one file's chunks (Post, from fleet/ordered_units.h) share it.
//
//   Scheduler pool(jobs);
//   pool.ForEach(files.size(), [&](size_t i) { ReadFile(i); });   // the caller works too
//
// N - 1 threads are started; the thread that calls ForEach (or ConsumeUnitsInOrder) is
// the N-th worker. Posted tasks run before file tasks: a file is waiting for them. A
// posted helper waits only for threads working on the same file, which run already (the
// file's own task works its chunks too, whether helpers start or not), so the pool cannot
// deadlock. Memory for chunks held beyond one per thread is bounded across the whole run:
// at most 2 x N reservations (TryReserveBatch) are out at once.
// Thread-safe, except that ForEach calls must not overlap (nor nest). The destructor
// joins the threads; tasks still queued then are dropped (they must tolerate that).
#ifndef LOGRX_FLEET_SCHEDULER_H_
#define LOGRX_FLEET_SCHEDULER_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace logrx::fleet {

class Scheduler {
 public:
  // REQUIRES: jobs >= 1 (0 is taken as 1). `cpus`: how many threads may run at once; 0
  // means the CPUs this process may run on (sched_getaffinity), as the kernel says.
  explicit Scheduler(unsigned jobs, unsigned cpus = 0);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  unsigned jobs() const noexcept { return jobs_; }
  // At least 1. Work on one file uses at most min(jobs(), cpus()) threads: more threads
  // than CPUs on one file only take turns (`dump --jobs 4` on 2 CPUs: 1.5x the wall time of
  // --jobs 2, measured), while whole files in parallel lose little.
  unsigned cpus() const noexcept { return cpus_; }

  // Calls fn(0) ... fn(n - 1), each once, on the pool and on the calling thread; returns
  // when every call has returned.
  void ForEach(size_t n, const std::function<void(size_t)>& fn);

  // Queues a task (see above for what it may wait for). With jobs() == 1 no thread would
  // run it: callers post only when jobs() > 1.
  void Post(std::function<void()> task);

  // One decoded chunk more may be held (true) or the run's budget is spent (false: wait
  // until a held one is used). Each true is paid back by ReleaseBatch().
  bool TryReserveBatch() noexcept;
  void ReleaseBatch() noexcept;

 private:
  void WorkerLoop();
  // With `lock` held: runs one queued task (unlocking while it runs). False if none.
  bool RunOne(std::unique_lock<std::mutex>& lock);

  unsigned jobs_;
  unsigned cpus_;
  std::atomic<int> batches_left_;
  std::mutex mu_;
  std::condition_variable cv_;  // a task was queued, a ForEach call finished, or stop
  std::deque<std::function<void()>> posted_;
  const std::function<void(size_t)>* each_ = nullptr;  // the current ForEach
  size_t each_next_ = 0, each_count_ = 0, each_done_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_SCHEDULER_H_
