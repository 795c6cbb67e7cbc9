// DecodeAhead and Scheduler: one EVTX file decoded on several threads gives the events
// and diagnostics of one thread, in the same order. Files are built here (EvtxBuilder)
// with damage at known chunks, so the expected ids and diagnostics come from the test.
#include "fleet/decode_ahead.h"

#include <atomic>
#include <cstring>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "core/diagnostic.h"
#include "fleet/scheduler.h"
#include "readers/evtx/evtx_reader.h"
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

Read ReadWithJobs(const std::vector<std::byte>& file, unsigned jobs,
                  const std::atomic<bool>* cancel = nullptr, size_t stop_after = SIZE_MAX,
                  std::atomic<bool>* set_cancel = nullptr) {
  Read out;
  CollectingSink sink;
  Scheduler pool(jobs);  // outlives the reader
  readers::ReaderOptions o;
  o.display_path = "d.evtx";
  o.cancel = cancel;
  auto r = readers::NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  DecodeAhead(**r, pool);
  Event ev;
  while ((out.end = (*r)->Next(ev)).ok()) {
    out.events.push_back(fmt::format("{}|{}|{}", ev.record_id, static_cast<int>(ev.integrity),
                                     ev.data.empty() ? std::string_view() : ev.data[0].value));
    if (out.events.size() == stop_after && set_cancel != nullptr) set_cancel->store(true);
  }
  r->reset();
  for (const Diagnostic& d : sink.items()) out.diags.push_back(d.ToString());
  return out;
}

TEST_SUITE("fleet") {

TEST_CASE("decode ahead: records and diagnostics of a damaged multi-chunk file are the same on 1, 2 and 4 jobs") {
  const std::vector<std::byte> file = DamagedFile();
  const Read one = ReadWithJobs(file, 1);
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
    for (int round = 0; round < 5; ++round) {  // thread timing differs between rounds
      const Read many = ReadWithJobs(file, jobs);
      CHECK(many.end.end());
      CHECK(many.events == one.events);
      CHECK(many.diags == one.diags);
    }
  }
}

TEST_CASE("decode ahead: file tasks and chunk tasks share one pool and each file keeps its order") {
  const std::vector<std::byte> damaged = DamagedFile();
  EvtxBuilder clean;
  for (uint64_t id = 1; id <= 40; ++id) {
    if (id != 1 && (id - 1) % 4 == 0) clean.NewChunk();
    EvtxTestRecord r;
    r.id = id;
    clean.AddRecord(r);
  }
  const std::vector<std::vector<std::byte>> files = {damaged, clean.Build(), damaged};
  std::vector<Read> alone;
  for (const auto& f : files) alone.push_back(ReadWithJobs(f, 1));
  Scheduler pool(3);
  std::vector<Read> together(files.size());
  std::vector<CollectingSink> sinks(files.size());
  pool.ForEach(files.size(), [&](size_t i) {
    readers::ReaderOptions o;
    o.display_path = "d.evtx";
    auto r = readers::NewEvtxReaderFromMemory(files[i], o, sinks[i]);
    if (!r.ok()) return;
    DecodeAhead(**r, pool);
    Event ev;
    while ((together[i].end = (*r)->Next(ev)).ok()) {
      together[i].events.push_back(fmt::format("{}|{}|{}", ev.record_id,
                                               static_cast<int>(ev.integrity),
                                               ev.data.empty() ? std::string_view() : ev.data[0].value));
    }
  });
  for (size_t i = 0; i < files.size(); ++i) {
    CAPTURE(i);
    for (const Diagnostic& d : sinks[i].items()) together[i].diags.push_back(d.ToString());
    CHECK(together[i].end.end());
    CHECK(together[i].events == alone[i].events);
    CHECK(together[i].diags == alone[i].diags);
  }
  CHECK(alone[1].events.size() == 40);
}

TEST_CASE("decode ahead: cancel stops the read with kCancelled and the reader closes") {
  const std::vector<std::byte> file = DamagedFile();
  std::atomic<bool> cancel{false};
  const Read got = ReadWithJobs(file, 4, &cancel, 10, &cancel);
  CHECK(got.end.code() == StatusCode::kCancelled);
  CHECK(got.events.size() == 10);
  CHECK(got.end.message().find("reading stopped on request") != std::string::npos);
}

TEST_CASE("scheduler: ForEach runs each index once with the caller as a worker") {
  for (unsigned jobs : {1u, 3u}) {
    Scheduler pool(jobs);
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
