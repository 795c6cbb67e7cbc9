#include "fleet/scheduler.h"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace logrx::fleet {

namespace {

unsigned UsableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

Scheduler::Scheduler(unsigned jobs, unsigned cpus)
    : jobs_(std::max(1u, jobs)),
      cpus_(cpus != 0 ? cpus : UsableCpus()),
      batches_left_(static_cast<int>(std::min(jobs_, 4096u)) * 2) {
  for (unsigned i = 1; i < jobs_; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

Scheduler::~Scheduler() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool Scheduler::RunOne(std::unique_lock<std::mutex>& lock) {
  if (!posted_.empty()) {
    std::function<void()> task = std::move(posted_.front());
    posted_.pop_front();
    lock.unlock();
    task();
    task = nullptr;  // what it captured is released outside the lock
    lock.lock();
    return true;
  }
  if (each_ != nullptr && each_next_ < each_count_) {
    const std::function<void(size_t)>& fn = *each_;
    const size_t i = each_next_++;
    lock.unlock();
    fn(i);
    lock.lock();
    if (++each_done_ == each_count_) cv_.notify_all();
    return true;
  }
  return false;
}

void Scheduler::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (!RunOne(lock)) cv_.wait(lock);
  }
}

void Scheduler::ForEach(size_t n, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  std::unique_lock<std::mutex> lock(mu_);
  each_ = &fn;
  each_next_ = 0;
  each_count_ = n;
  each_done_ = 0;
  cv_.notify_all();
  while (each_done_ < each_count_) {
    if (!RunOne(lock)) cv_.wait(lock);
  }
  each_ = nullptr;
}

void Scheduler::Post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    posted_.push_back(std::move(task));
  }
  cv_.notify_one();
}

bool Scheduler::TryReserveBatch() noexcept {
  int left = batches_left_.load(std::memory_order_relaxed);
  while (left > 0) {
    if (batches_left_.compare_exchange_weak(left, left - 1, std::memory_order_relaxed)) return true;
  }
  return false;
}

void Scheduler::ReleaseBatch() noexcept { batches_left_.fetch_add(1, std::memory_order_relaxed); }

}  // namespace logrx::fleet
