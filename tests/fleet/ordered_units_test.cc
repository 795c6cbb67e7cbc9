// ConsumeUnitsInOrder and Scheduler: one EVTX file decoded on several threads gives the
// events and diagnostics of one thread, in the same order. Files are built here
// (EvtxBuilder) with damage at known chunks, so the expected ids and diagnostics come from
// the test; a fake UnitReader counts what runs where.
#include "fleet/ordered_units.h"

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "core/diagnostic.h"
#include "fleet/scheduler.h"
#include "readers/evtx/evtx_reader.h"
#include "readers/unit_reader.h"
#include "support/evtx_builder.h"

namespace logrx::fleet {
namespace {

using testing::EvtxBuilder;
using testing::EvtxTestChunkOffset;
using testing::EvtxTestRecord;

constexpr uint64_t kChunks = 20;
constexpr uint64_t kPerChunk = 3;

// kChunks chunks of kPerChunk records, ids 1.., data "v<id>". Chunk 5 has a bad magic,
// chunks 8 and 9 are zero-filled, one record of chunk 12 has a bad CRC (data changed).
std::vector<std::byte> DamagedFile() {
  EvtxBuilder b;
  std::vector<uint64_t> offsets;
  for (uint64_t id = 1; id <= kChunks * kPerChunk; ++id) {
    if (id != 1 && (id - 1) % kPerChunk == 0) b.NewChunk();
    EvtxTestRecord r;
    r.id = id;
    r.data = fmt::format("v{}", id);
    offsets.push_back(b.AddRecord(r));
  }
  std::vector<std::byte> file = b.Build();
  file[EvtxTestChunkOffset(5) + 3] = std::byte{'X'};
  std::memset(file.data() + EvtxTestChunkOffset(8), 0, 2 * 65536);
  // Record 37 (chunk 12): flip a byte of its data; the chunk's record CRC no longer fits.
  const uint64_t rec37 = offsets[36];
  bool flipped = false;
  for (uint64_t i = rec37; i + 6 <= EvtxTestChunkOffset(13) && !flipped; ++i) {
    if (file[i] == std::byte{'v'} && file[i + 2] == std::byte{'3'} &&
        file[i + 4] == std::byte{'7'}) {
      file[i] = std::byte{'w'};
      flipped = true;
    }
  }
  REQUIRE(flipped);
  return file;
}

struct Read {
  std::vector<std::string> events;  // id|integrity|data
  std::vector<std::string> diags;   // ToString(), in the order reported
  Status end;
};

// Next() on the calling thread: what every thread count must reproduce.
Read ReadOnOneThread(const std::vector<std::byte>& file) {
  Read out;
  CollectingSink sink;
  readers::ReaderOptions o;
  o.display_path = "d.evtx";
  auto r = readers::NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  Event ev;
  while ((out.end = (*r)->Next(ev)).ok()) {
    out.events.push_back(fmt::format("{}|{}|{}", ev.record_id, static_cast<int>(ev.integrity),
                                     ev.data.empty() ? std::string_view() : ev.data[0].value));
  }
  r->reset();
  for (const Diagnostic& d : sink.items()) out.diags.push_back(d.ToString());
  return out;
}

TEST_SUITE("fleet") {

// ConsumeUnitsInOrder with a consumer that keeps "id|integrity|data" lines per unit and
// appends them to `out` when emitted; records which thread processed and emitted each.
struct LineConsumer final : UnitConsumer {
  struct Shared {
    std::vector<std::string> out;
    std::vector<std::pair<std::thread::id, std::thread::id>> threads;  // per emitted unit
    std::atomic<int> held{0}, max_held{0};  // units processed and not yet emitted
    size_t stop_after = SIZE_MAX;           // units; EmitOldest returns false then
    std::atomic<bool>* cancel_after_3 = nullptr;
    // The first unit processed waits (up to 5 s) until another has been: a second thread
    // must then take part, even on one CPU.
    bool first_waits = false;
    std::atomic<int> processed{0};
  };
  explicit LineConsumer(Shared& s) : shared(s) {}
  void Process(std::span<const Event> events) override {
    std::vector<std::string> lines;
    for (const Event& ev : events) {
      lines.push_back(fmt::format("{}|{}|{}", ev.record_id, static_cast<int>(ev.integrity),
                                  ev.data.empty() ? std::string_view() : ev.data[0].value));
    }
    kept.push_back({std::move(lines), std::this_thread::get_id()});
    if (shared.processed.fetch_add(1) == 0 && shared.first_waits) {
      for (int ms = 0; ms < 5000 && shared.processed.load() < 2; ++ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    const int now = shared.held.fetch_add(1) + 1;
    int m = shared.max_held.load();
    while (now > m && !shared.max_held.compare_exchange_weak(m, now)) {
    }
  }
  bool EmitOldest() override {
    shared.held.fetch_sub(1);
    for (std::string& l : kept.front().first) shared.out.push_back(std::move(l));
    shared.threads.emplace_back(kept.front().second, std::this_thread::get_id());
    kept.pop_front();
    if (shared.cancel_after_3 != nullptr && shared.threads.size() == 3) {
      shared.cancel_after_3->store(true);
    }
    return shared.threads.size() < shared.stop_after;
  }
  Shared& shared;
  std::deque<std::pair<std::vector<std::string>, std::thread::id>> kept;
};

// `cpus` 0: as many CPUs as jobs, whatever machine runs the test.
Read ConsumeWithJobs(const std::vector<std::byte>& file, unsigned jobs,
                     LineConsumer::Shared& shared, const std::atomic<bool>* cancel = nullptr,
                     unsigned cpus = 0) {
  Read out;
  CollectingSink sink;
  Scheduler pool(jobs, cpus == 0 ? jobs : cpus);
  readers::ReaderOptions o;
  o.display_path = "d.evtx";
  o.cancel = cancel;
  auto r = readers::NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  readers::UnitEventReader* u = (*r)->unit_reader();
  REQUIRE(u != nullptr);
  out.end = ConsumeUnitsInOrder(*u, pool,
                                [&shared] { return std::make_unique<LineConsumer>(shared); });
  Event ev;
  CHECK((*r)->Next(ev).end());  // the units were taken over
  out.events = shared.out;
  for (const Diagnostic& d : sink.items()) out.diags.push_back(d.ToString());
  return out;
}

TEST_CASE("ordered units: records and diagnostics of a damaged file are those of one thread, each unit kept on its thread") {
  const std::vector<std::byte> file = DamagedFile();
  const Read one = ReadOnOneThread(file);
  CHECK(one.end.end());
  // Expected from the damage: chunks 5, 8, 9 give nothing; every other record in order.
  std::vector<uint64_t> want_ids;
  for (uint64_t id = 1; id <= kChunks * kPerChunk; ++id) {
    const uint64_t chunk = (id - 1) / kPerChunk;
    if (chunk != 5 && chunk != 8 && chunk != 9) want_ids.push_back(id);
  }
  REQUIRE(one.events.size() == want_ids.size());
  for (size_t i = 0; i < want_ids.size(); ++i) {
    CHECK(one.events[i].rfind(fmt::format("{}|", want_ids[i]), 0) == 0);
  }
  // The diagnostics in file order: bad magic, then the zero run, then the CRC.
  REQUIRE(one.diags.size() >= 3);
  CHECK(one.diags[0].find(fmt::format("@0x{:x}", EvtxTestChunkOffset(5))) != std::string::npos);
  CHECK(one.diags[0].find("bad chunk magic") != std::string::npos);
  CHECK(one.diags[1].find("2 zero-filled chunks (chunks 8 to 9) skipped") != std::string::npos);
  CHECK(one.diags[2].find("CRC32 mismatch") != std::string::npos);
  for (unsigned jobs : {2u, 4u}) {
    CAPTURE(jobs);
    bool two_threads_emitted = false;
    for (int round = 0; round < 5; ++round) {
      LineConsumer::Shared shared;
      shared.first_waits = true;
      const Read many = ConsumeWithJobs(file, jobs, shared);
      CHECK(many.end.end());
      CHECK(many.events == one.events);
      CHECK(many.diags == one.diags);
      REQUIRE(shared.threads.size() == kChunks);  // every unit emitted once, bad ones too
      std::thread::id first = shared.threads[0].second;
      for (const auto& [processed, emitted] : shared.threads) {
        CHECK(processed == emitted);  // a unit's result never left its thread
        if (emitted != first) two_threads_emitted = true;
      }
      CHECK(shared.max_held.load() <= static_cast<int>(jobs + 1));
      CHECK(shared.held.load() == 0);
    }
    CHECK(two_threads_emitted);  // the pool's threads work, not only the caller
  }
}

TEST_CASE("ordered units: files read as ForEach tasks of the same pool each keep their order") {
  // As `scan` does: each file task runs its own ordered run, helpers posted on the pool.
  const std::vector<std::byte> damaged = DamagedFile();
  EvtxBuilder clean;
  for (uint64_t id = 1; id <= 40; ++id) {
    if (id != 1 && (id - 1) % 4 == 0) clean.NewChunk();
    EvtxTestRecord r;
    r.id = id;
    clean.AddRecord(r);
  }
  const std::vector<std::vector<std::byte>> files = {damaged, clean.Build(), damaged, damaged};
  std::vector<Read> alone;
  for (const auto& f : files) alone.push_back(ReadOnOneThread(f));
  CHECK(alone[1].events.size() == 40);
  for (int round = 0; round < 5; ++round) {
    Scheduler pool(3, 3);
    std::vector<Read> together(files.size());
    std::vector<LineConsumer::Shared> shared(files.size());
    std::vector<CollectingSink> sinks(files.size());
    pool.ForEach(files.size(), [&](size_t i) {
      readers::ReaderOptions o;
      o.display_path = "d.evtx";
      auto r = readers::NewEvtxReaderFromMemory(files[i], o, sinks[i]);
      if (!r.ok()) return;
      together[i].end = ConsumeUnitsInOrder(*(*r)->unit_reader(), pool, [&shared, i] {
        return std::make_unique<LineConsumer>(shared[i]);
      });
    });
    for (size_t i = 0; i < files.size(); ++i) {
      CAPTURE(i);
      for (const Diagnostic& d : sinks[i].items()) together[i].diags.push_back(d.ToString());
      CHECK(together[i].end.end());
      CHECK(shared[i].out == alone[i].events);
      CHECK(together[i].diags == alone[i].diags);
    }
    // The run's budget is whole again: every reservation was paid back.
    unsigned got = 0;
    while (pool.TryReserveBatch()) ++got;
    CHECK(got == 6);
  }
}

TEST_CASE("ordered units: one file never takes more threads than CPUs, whatever --jobs says") {
  const std::vector<std::byte> file = DamagedFile();
  const Read one = ReadOnOneThread(file);
  for (unsigned cpus : {1u, 2u}) {
    CAPTURE(cpus);
    LineConsumer::Shared shared;
    shared.first_waits = cpus > 1;  // then a second thread must take part
    const Read got = ConsumeWithJobs(file, 6, shared, nullptr, cpus);
    CHECK(got.end.end());
    CHECK(got.events == one.events);
    std::set<std::thread::id> threads;
    for (const auto& t : shared.threads) threads.insert(t.second);
    CHECK(threads.size() == cpus);
    CHECK(shared.max_held.load() <= static_cast<int>(cpus + 1));  // the window follows
  }
  Scheduler detected(3);
  cpu_set_t set;
  CPU_ZERO(&set);
  REQUIRE(sched_getaffinity(0, sizeof(set), &set) == 0);
  CHECK(detected.cpus() == static_cast<unsigned>(CPU_COUNT(&set)));
}

TEST_CASE("ordered units: an emit that fails stops the run with nothing emitted after it") {
  const std::vector<std::byte> file = DamagedFile();
  LineConsumer::Shared shared;
  shared.stop_after = 4;
  const Read got = ConsumeWithJobs(file, 3, shared);
  CHECK(got.end.ok());
  CHECK(shared.threads.size() == 4);
  // Units 0-3: 12 records, the first 12 of the file.
  REQUIRE(got.events.size() == 12);
  CHECK(got.events[11].rfind("12|", 0) == 0);
}

TEST_CASE("ordered units: cancel stops the run with kCancelled after the unit being emitted") {
  const std::vector<std::byte> file = DamagedFile();
  std::atomic<bool> cancel{false};
  LineConsumer::Shared shared;
  shared.cancel_after_3 = &cancel;
  const Read got = ConsumeWithJobs(file, 2, shared, &cancel);
  CHECK(got.end.code() == StatusCode::kCancelled);
  CHECK(got.end.message().find("d.evtx: reading stopped on request") != std::string::npos);
  CHECK(shared.threads.size() == 3);
  CHECK(got.events.size() == 9);
}

// A UnitReader whose unit `fail_at` cannot be accepted (as an EVTX chunk whose read
// failed): counts Accept and Finish calls.
class FakeUnits final : public readers::UnitReader {
 public:
  FakeUnits(uint64_t count, uint64_t fail_at) : count_(count), fail_at_(fail_at) {}
  struct Batch final : readers::UnitBatch {
    std::vector<Event> evs;
    std::span<const Event> events() const noexcept override { return evs; }
  };
  InputFormat format() const noexcept override { return InputFormat::kEvtx; }
  uint64_t unit_count() const noexcept override { return count_; }
  std::unique_ptr<readers::UnitDecoder> NewDecoder() const override {
    return std::make_unique<readers::UnitDecoder>();
  }
  std::unique_ptr<readers::UnitBatch> NewBatch() const override {
    return std::make_unique<Batch>();
  }
  void Decode(uint64_t index, readers::UnitDecoder&, readers::UnitBatch& out) const override {
    auto& b = static_cast<Batch&>(out);
    b.evs.assign(2, Event());
    b.evs[0].record_id = index * 2;
    b.evs[1].record_id = index * 2 + 1;
  }
  Status Accept(const readers::UnitBatch& batch) override {
    const uint64_t unit = static_cast<const Batch&>(batch).evs[0].record_id / 2;
    accepted.push_back(unit);
    return unit == fail_at_ ? Status::Io("unit unreadable") : Status::Ok();
  }
  void Finish() override { ++finished; }
  uint64_t bytes_consumed() const noexcept override { return accepted.size(); }
  std::vector<uint64_t> accepted;  // in the order Accept was called
  int finished = 0;

 private:
  uint64_t count_, fail_at_;
};

TEST_CASE("ordered units: units are accepted in order; a unit Accept refuses ends the run with its status") {
  for (uint64_t fail_at : {uint64_t{7}, uint64_t{1000}}) {
    CAPTURE(fail_at);
    auto owned = std::make_unique<FakeUnits>(30, fail_at);
    FakeUnits& fake = *owned;
    readers::UnitEventReader reader(std::move(owned), nullptr, "f");
    Scheduler pool(4, 4);
    LineConsumer::Shared shared;
    const Status s = ConsumeUnitsInOrder(
        reader, pool, [&shared] { return std::make_unique<LineConsumer>(shared); });
    const uint64_t emitted = fail_at == 7 ? 7 : 30;
    std::vector<uint64_t> want_accepted;
    for (uint64_t u = 0; u < std::min<uint64_t>(fail_at + 1, 30); ++u) want_accepted.push_back(u);
    CHECK(fake.accepted == want_accepted);
    CHECK(shared.threads.size() == emitted);  // the refused unit's records are not emitted
    REQUIRE(shared.out.size() == 2 * emitted);
    for (size_t i = 0; i < shared.out.size(); ++i) {
      CHECK(shared.out[i].rfind(fmt::format("{}|", i), 0) == 0);
    }
    if (fail_at == 7) {
      CHECK(s.code() == StatusCode::kIo);
      CHECK(fake.finished == 0);
    } else {
      CHECK(s.end());
      CHECK(fake.finished == 1);
    }
  }
}

TEST_CASE("scheduler: ForEach runs each index once with the caller as a worker") {
  for (unsigned jobs : {1u, 3u}) {
    Scheduler pool(jobs, jobs);  // as many CPUs as jobs, whatever runs the test
    std::vector<std::atomic<int>> ran(100);
    pool.ForEach(ran.size(), [&](size_t i) { ran[i].fetch_add(1); });
    for (auto& r : ran) CHECK(r.load() == 1);
    // The budget of decoded-ahead batches is 2 x jobs, paid back by ReleaseBatch.
    unsigned got = 0;
    while (pool.TryReserveBatch()) ++got;
    CHECK(got == 2 * jobs);
    pool.ReleaseBatch();
    CHECK(pool.TryReserveBatch());
    CHECK(!pool.TryReserveBatch());
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::fleet
