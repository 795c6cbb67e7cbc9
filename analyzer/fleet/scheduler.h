// Scheduler: the one pool of worker threads of a run (`--jobs N`). File tasks (ForEach)
// and chunk tasks (Post, from readers decoded ahead: fleet/decode_ahead.h) share it.
//
//   Scheduler pool(jobs);
//   pool.ForEach(files.size(), [&](size_t i) { ReadFile(i); });   // the caller works too
//
// N - 1 threads are started; the thread that calls ForEach (or that consumes a file
// decoded ahead) is the N-th worker. Posted tasks run before file tasks: they are short,
// never block, and a reader is waiting for them. A file task may wait for its chunks, but
// a reader decodes itself any chunk no worker has started, so the pool cannot deadlock.
// Memory for decoded-ahead chunks is bounded across the whole run: at most 2 x N
// reservations (TryReserveBatch) are out at once.
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
  // REQUIRES: jobs >= 1 (0 is taken as 1).
  explicit Scheduler(unsigned jobs);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  unsigned jobs() const noexcept { return jobs_; }

  // Calls fn(0) ... fn(n - 1), each once, on the pool and on the calling thread; returns
  // when every call has returned.
  void ForEach(size_t n, const std::function<void(size_t)>& fn);

  // Queues a task that must not block. With jobs() == 1 no thread would run it: callers
  // post only when jobs() > 1.
  void Post(std::function<void()> task);

  // One decoded-ahead batch more may be held (true) or the run's budget is spent (false:
  // decode on the consumer's thread instead). Each true is paid back by ReleaseBatch().
  bool TryReserveBatch() noexcept;
  void ReleaseBatch() noexcept;

 private:
  void WorkerLoop();
  // With `lock` held: runs one queued task (unlocking while it runs). False if none.
  bool RunOne(std::unique_lock<std::mutex>& lock);

  unsigned jobs_;
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
