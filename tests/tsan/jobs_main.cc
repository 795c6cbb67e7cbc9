// ThreadSanitizer check of EVTX chunks decoded and consumed in order on several threads
// (fleet/ordered_units.h): reads each file given on the command line on one thread and
// with 2 and 4 jobs (render_xml on, --recover on) and compares every event field by field
// and the diagnostics in order. Built by tests/tsan/run with clang -fsanitize=thread over
// analyzer/core, analyzer/readers and the fleet scheduler; not part of CI (see
// docs/formats/evtx.md).
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "fleet/ordered_units.h"
#include "fleet/scheduler.h"
#include "readers/reader.h"

namespace {

std::string Render(const logrx::Event& e) {
  std::string s = std::to_string(e.record_id) + "|" + std::to_string(e.where.offset) + "|" +
                  std::string(e.provider) + "|" + std::string(e.channel) + "|" +
                  std::string(e.computer) + "|" + std::string(e.xml) + "|";
  for (const logrx::Field& f : e.data) s += std::string(f.name) + "=" + std::string(f.value) + ";";
  return s;
}

// ConsumeUnitsInOrder: each thread renders its units and appends them to `out` in turn.
struct Lines final : logrx::fleet::UnitConsumer {
  explicit Lines(std::vector<std::string>& o) : out(o) {}
  void Process(std::span<const logrx::Event> events) override {
    kept.emplace_back();
    for (const logrx::Event& e : events) kept.back().push_back(Render(e));
  }
  bool EmitOldest() override {
    for (std::string& l : kept.front()) out.push_back(std::move(l));
    kept.pop_front();
    return true;
  }
  std::vector<std::string>& out;
  std::deque<std::vector<std::string>> kept;
};

// jobs == 1: Next() to the end on this thread; otherwise ConsumeUnitsInOrder.
std::vector<std::string> ReadAll(const char* path, unsigned jobs) {
  logrx::CollectingSink sink;
  logrx::fleet::Scheduler pool(jobs, jobs);  // real threads even on one CPU
  logrx::readers::ReaderOptions o;
  o.render_xml = true;
  o.recover = true;
  std::vector<std::string> out;
  auto r = logrx::readers::OpenEventFile(path, o, sink);
  if (!r.ok()) return out;
  if (logrx::readers::UnitEventReader* u = (*r)->unit_reader(); u != nullptr && jobs > 1) {
    (void)logrx::fleet::ConsumeUnitsInOrder(*u, pool,
                                            [&out] { return std::make_unique<Lines>(out); });
  } else {
    logrx::Event ev;
    while ((*r)->Next(ev).ok()) out.push_back(Render(ev));
  }
  for (const logrx::Diagnostic& d : sink.items()) out.push_back("diag " + d.ToString());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int bad = 0;
  for (int i = 1; i < argc; ++i) {
    const auto one = ReadAll(argv[i], 1);
    const auto two = ReadAll(argv[i], 2);
    const auto four = ReadAll(argv[i], 4);
    if (one != two || one != four) {
      std::printf("DIFF %s\n", argv[i]);
      ++bad;
    }
  }
  std::printf("%d file(s), %d differ\n", argc - 1, bad);
  return bad == 0 ? 0 : 1;
}
