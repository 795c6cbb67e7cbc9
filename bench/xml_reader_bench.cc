// XML export reader throughput on a generated export (wevtutil-style, one event a line,
// with RenderingInfo), UTF-8 and UTF-16LE. Reports MB/s (file bytes), events/s, and heap
// allocations per event in steady state (a counting operator new; pugixml's own page
// allocations included).
//   build/bench/xml_reader_bench --benchmark_filter=Xml
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>

#include <benchmark/benchmark.h>
#include <pugixml.hpp>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/xml/xml_reader.h"

namespace {
std::atomic<uint64_t> g_allocs{0};
}  // namespace

void* operator new(size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  std::abort();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

// pugixml allocates with malloc, not operator new; route it through the counter too.
void* CountingAllocate(size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void CountingDeallocate(void* p) { std::free(p); }

std::string MakeExport(int events) {
  std::string s;
  for (int i = 0; i < events; ++i) {
    s += "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
         "<Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' "
         "EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>7036</EventID>"
         "<Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode>"
         "<Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime='2020-04-04T11:33:20."
         "1234567Z'/><EventRecordID>" +
         std::to_string(i + 1) +
         "</EventRecordID><Correlation/><Execution ProcessID='488' ThreadID='352'/>"
         "<Channel>System</Channel><Computer>EXCLUS1.corp.example</Computer><Security/></System>"
         "<EventData><Data Name='param1'>Windows Update</Data><Data Name='param2'>running</Data>"
         "<Binary>770075006100750073007600630000000000</Binary></EventData>"
         "<RenderingInfo Culture='en-US'><Message>The Windows Update service entered the running "
         "state.</Message><Level>Information</Level><Task></Task><Opcode></Opcode>"
         "<Channel>System</Channel><Provider>Microsoft-Windows-Service Control Manager</Provider>"
         "</RenderingInfo></Event>\n";
  }
  return s;
}

std::string ToUtf16Le(const std::string& ascii) {
  std::string out("\xFF\xFE", 2);
  for (const char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

std::string WriteTemp(const std::string& bytes, const char* name) {
  const std::string path = std::string("/tmp/logrx_xml_bench_") + std::to_string(::getpid()) + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

void Read(benchmark::State& state, bool utf16) {
  pugi::set_memory_management_functions(CountingAllocate, CountingDeallocate);
  const int kEvents = 20000;
  const std::string text = MakeExport(kEvents);
  const std::string bytes = utf16 ? ToUtf16Le(text) : text;
  const std::string path = WriteTemp(bytes, utf16 ? "_16.xml" : "_8.xml");
  uint64_t events = 0;
  uint64_t allocs_steady = 0;
  uint64_t events_steady = 0;
  for (auto _ : state) {
    logrx::NullDiagnosticSink sink;
    auto file = logrx::InputFile::Open(path);
    if (!file.ok()) std::abort();
    auto reader = logrx::readers::NewXmlReader(std::move(*file), logrx::readers::ReaderOptions{}, sink,
                                               logrx::readers::XmlReaderLimits{});
    if (!reader.ok()) std::abort();
    logrx::Event ev;
    uint64_t n = 0;
    uint64_t allocs_at_1000 = 0;
    while ((*reader)->Next(ev).ok()) {
      benchmark::DoNotOptimize(ev.event_id);
      if (++n == 1000) allocs_at_1000 = g_allocs.load();
    }
    allocs_steady += g_allocs.load() - allocs_at_1000;
    events_steady += n - 1000;
    events += n;
  }
  std::remove(path.c_str());
  state.SetBytesProcessed(static_cast<int64_t>(bytes.size() * state.iterations()));
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["allocs_per_event"] =
      static_cast<double>(allocs_steady) / static_cast<double>(events_steady);
}

void BM_XmlReaderUtf8(benchmark::State& state) { Read(state, false); }
void BM_XmlReaderUtf16(benchmark::State& state) { Read(state, true); }
BENCHMARK(BM_XmlReaderUtf8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XmlReaderUtf16)->Unit(benchmark::kMillisecond);

}  // namespace
