// Per-event matching cost as the rule count grows: RuleSet::Select over one fixed event
// stream with generated rule sets of 10, 100 and 1,000 rules (goal: < 2x from 10
// to 1,000). Also counts heap allocations per event with a counting operator new: events
// that match nothing must allocate nothing.
//   cmake -S . -B build-bench -DLOGRX_BENCH=ON && cmake --build build-bench --target rules_bench
//   build-bench/bench/rules_bench
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/event.h"
#include "core/time.h"
#include "rules/rule_set.h"

namespace {

std::atomic<uint64_t> g_allocs{0};

}  // namespace

void* operator new(size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

using logrx::rules::RuleSet;

// Ten "real" rules on ClusSvc 1000..1009 (message regex with a capture), then filler rules
// on other providers and ids, each with its own regex, as a large site rule pack would be.
std::shared_ptr<const RuleSet> MakeRules(int n) {
  std::string xml = "<rules version=\"1\">\n";
  for (int i = 0; i < n; ++i) {
    const bool real = i < 10;
    const std::string provider = real ? "ClusSvc" : fmt::format("Provider{}", i % 97);
    const int id = real ? 1000 + i : 2000 + i;
    xml += fmt::format(
        "<rule id=\"r{}\" title=\"t\" severity=\"low\" kb=\"KB{}\"><when><provider>{}</provider>"
        "<event-id>{}</event-id><prefer><message regex=\"resource '(?P&lt;res>[^']*)' failed{}\"/>"
        "<field index=\"1\" capture=\"res\"/></prefer></when></rule>\n",
        i, 100000 + i, provider, id, i % 7 == 0 ? "" : fmt::format(" {}", i));
  }
  xml += "</rules>\n";
  std::vector<logrx::Status> errors;
  auto set = RuleSet::LoadFromString(xml, "bench.xml", errors);
  if (!errors.empty() || set->size() != static_cast<size_t>(n)) std::abort();
  return set;
}

// 64 events: ClusSvc ids 1000..1031 (ids 1000..1009 have rules; 1000 and 1007 match their
// regex) and a few from other providers, as a System log mixes them.
std::vector<logrx::OwnedEvent> MakeEvents() {
  std::vector<logrx::OwnedEvent> out;
  for (int i = 0; i < 64; ++i) {
    logrx::OwnedEvent e;
    e.set_provider(i % 8 == 7 ? "Service Control Manager" : "ClusSvc");
    e.set_computer("EXCLUS1");
    e.set_channel("System");
    e.set_message(fmt::format("Cluster resource 'Cluster IP Address' failed {}.", i % 3),
                  logrx::MessageOrigin::kExport);
    e.AddField("", "Cluster IP Address");
    auto& h = e.mutable_header();
    h.event_id = static_cast<uint16_t>(1000 + i % 32);
    h.record_id = static_cast<uint64_t>(i + 1);
    h.time_created = logrx::FiletimeFromUnixSeconds(1015000000 + i);
    h.level = 2;
    out.push_back(std::move(e));
  }
  return out;
}

void BM_Select(benchmark::State& state) {
  const auto set = MakeRules(static_cast<int>(state.range(0)));
  const auto events = MakeEvents();
  std::vector<logrx::rules::Hit> hits;
  hits.reserve(1024);
  uint64_t matched = 0;
  for (auto _ : state) {
    for (const auto& e : events) set->Select(e.view(), hits);
    matched += hits.size();
    hits.clear();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
  state.counters["hits_per_event"] =
      static_cast<double>(matched) / static_cast<double>(state.iterations() * events.size());
}
BENCHMARK(BM_Select)->Arg(10)->Arg(100)->Arg(1000);

// Allocations per event for events that match no rule (ids without rules).
void BM_SelectNoMatchAllocations(benchmark::State& state) {
  const auto set = MakeRules(static_cast<int>(state.range(0)));
  auto events = MakeEvents();
  for (auto& e : events) e.mutable_header().event_id = 1500;  // no rule has this id
  std::vector<logrx::rules::Hit> hits;
  hits.reserve(16);
  const uint64_t before = g_allocs.load();
  for (auto _ : state) {
    for (const auto& e : events) set->Select(e.view(), hits);
    hits.clear();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
  state.counters["allocs_per_event"] = static_cast<double>(g_allocs.load() - before) /
                                       static_cast<double>(state.iterations() * events.size());
}
BENCHMARK(BM_SelectNoMatchAllocations)->Arg(10)->Arg(1000);

// A regex that is evaluated but fails (id has a rule, message does not match).
void BM_SelectRegexMissAllocations(benchmark::State& state) {
  const auto set = MakeRules(static_cast<int>(state.range(0)));
  auto events = MakeEvents();
  for (auto& e : events) {
    e.mutable_header().event_id = 1003;  // rule r3 wants "failed 3"
    e.set_provider("ClusSvc");
  }
  std::vector<logrx::rules::Hit> hits;
  hits.reserve(16);
  const uint64_t before = g_allocs.load();
  for (auto _ : state) {
    for (const auto& e : events) set->Select(e.view(), hits);
    hits.clear();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
  state.counters["allocs_per_event"] = static_cast<double>(g_allocs.load() - before) /
                                       static_cast<double>(state.iterations() * events.size());
}
BENCHMARK(BM_SelectRegexMissAllocations)->Arg(10)->Arg(1000);

}  // namespace
