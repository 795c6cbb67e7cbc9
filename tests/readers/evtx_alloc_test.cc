// Proves the EVTX reader's steady state makes no heap allocation per record (STYLE.md §3
// "no per-record allocation on hot paths", §6 "prove it with a counting operator new").
//
// This TU replaces the global operator new/delete for the whole test binary: one relaxed
// atomic increment, then malloc/free, so every other test is unaffected. Under a
// sanitizer, whose runtime owns operator new, the replacement is left out and the test is
// skipped (doctest::skip); it sits in its own suite, "alloc" (CTest unit.alloc), so that
// such a build reports it SKIPPED rather than passed (tests/unit_suite.bash).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/sanitizers.h"
#include "core/time.h"
#include "readers/evtx/evtx_reader.h"
#include "support/evtx_builder.h"

#define LOGRX_TEST_COUNTS_ALLOCATIONS (!LOGRX_SANITIZER_OWNS_MALLOC)

namespace {
std::atomic<uint64_t> g_allocations{0};  // test-only: the replaced operator new counts here
uint64_t AllocationCount() { return g_allocations.load(std::memory_order_relaxed); }
}  // namespace

#if LOGRX_TEST_COUNTS_ALLOCATIONS
// libstdc++'s array, nothrow and sized forms forward to these two; its aligned forms use
// aligned_alloc/free and are not counted (the reader allocates nothing over-aligned).
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (n == 0) n = 1;
  for (;;) {
    if (void* p = std::malloc(n)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}
// GCC's -Wmismatched-new-delete sees malloc'd memory reach free() through these once they
// are inlined into a caller of ::operator new; here that is the point.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

namespace logrx::readers {

TEST_SUITE("alloc") {

TEST_CASE("evtx reader: after warm-up, Next() allocates nothing per record" *
          doctest::skip(!LOGRX_TEST_COUNTS_ALLOCATIONS)) {
  {  // The counter sees allocations (an explicit call cannot be elided).
    const uint64_t before = AllocationCount();
    void* p = ::operator new(16);
    ::operator delete(p);
    REQUIRE(AllocationCount() == before + 1);
  }
  // Chunk 0 (200 records) grows every buffer to its working size; chunk 1 has 20 records
  // and chunk 2 again 200, all of one template, so they need no more capacity.
  const std::vector<int> per_chunk = {200, 20, 200};
  testing::EvtxBuilder b;
  uint64_t id = 1;
  for (size_t c = 0; c < per_chunk.size(); ++c) {
    if (c != 0) b.NewChunk();
    for (int i = 0; i < per_chunk[c]; ++i, ++id) {
      testing::EvtxTestRecord r;
      r.id = id;
      r.event_id = static_cast<uint16_t>(7036 + (id % 3));
      r.time = FiletimeFromUnixSeconds(1500000000 + static_cast<int64_t>(id));
      r.data = "service " + std::to_string(id);
      const uint64_t at = b.AddRecord(r);
      REQUIRE(at - testing::EvtxTestChunkOffset(c) < 65000);  // the chunk is not overfull
    }
  }
  const std::vector<std::byte> file = b.Build();

  CollectingSink sink;
  ReaderOptions o;
  o.display_path = "alloc.evtx";
  auto r = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  std::vector<uint64_t> allocs;  // per Next() call
  allocs.reserve(1000);
  std::vector<uint64_t> ids;
  ids.reserve(1000);
  Event ev;
  for (;;) {
    const uint64_t before = AllocationCount();
    const Status s = (*r)->Next(ev);
    const uint64_t used = AllocationCount() - before;
    if (!s.ok()) {
      CHECK(s.end());
      break;
    }
    allocs.push_back(used);
    ids.push_back(ev.record_id);
  }
  CHECK(sink.items().empty());
  REQUIRE(allocs.size() == 420);
  CHECK(ids.front() == 1);
  CHECK(ids.back() == 420);
  // A chunk is decoded by the Next() that returns its first record (0, 200, 220); every
  // other call only hands out a view.
  uint64_t between = 0;
  for (size_t i = 0; i < allocs.size(); ++i) {
    if (i != 0 && i != 200 && i != 220) between += allocs[i];
  }
  CHECK(between == 0);
  // Decoding a warm chunk costs what its names and template cost (per-chunk caches), not
  // one allocation per record: 200 records cost no more than 20.
  MESSAGE("allocations decoding chunk 1 (20 records): " << allocs[200]
          << ", chunk 2 (200 records): " << allocs[220]);
  CHECK(allocs[0] > allocs[220]);  // the first chunk grew the buffers from nothing
  CHECK(allocs[220] <= allocs[200]);
  CHECK(allocs[220] < 200 / 4);
}

}  // TEST_SUITE

}  // namespace logrx::readers
