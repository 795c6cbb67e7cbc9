// ThreadSanitizer check of rule matching from several threads, with the patterns of
// imported rules compiled on first use (rules/rule_pattern_internal.h): loads RULES_DIR
// with defer_imported_patterns, reads the event files given on the command line (with
// messages rendered from KB_MESSAGES_DIR, so message patterns run), and has 4 threads
// Select every event at once, the first use of each pattern included; every thread must
// get the hits a single thread gets. Built by tests/tsan/run-rules; not part of CI.
#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "core/diagnostic.h"
#include "messages/catalog.h"
#include "readers/reader.h"
#include "rules/rule_set.h"

namespace {

std::string Render(const logrx::rules::RuleSet& set, const std::vector<logrx::OwnedEvent>& evs) {
  std::string out;
  std::vector<logrx::rules::Hit> hits;
  for (const logrx::OwnedEvent& e : evs) {
    hits.clear();
    set.Select(e.view(), hits);
    for (const logrx::rules::Hit& h : hits) {
      out += set.info(h.rule).id + "|" + std::to_string(h.evidence.record_id) + "|" + h.evidence.matched;
      for (const logrx::rules::Capture& c : h.evidence.captures) out += "|" + c.name + "=" + c.value;
      out += "\n";
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: rules RULES_DIR KB_MESSAGES_DIR FILE...\n");
    return 2;
  }
  logrx::CollectingSink sink;
  logrx::rules::RuleLoadOptions options;
  options.defer_imported_patterns = true;
  auto loaded = logrx::rules::RuleSet::Load({argv[1]}, sink, options);
  if (!loaded.ok()) {
    std::fprintf(stderr, "rules: %s\n", std::string(loaded.status().message()).c_str());
    return 1;
  }
  auto catalog = logrx::messages::MessageCatalog::Load(argv[2], "", sink);
  std::vector<logrx::OwnedEvent> events;
  for (int i = 3; i < argc; ++i) {
    logrx::readers::ReaderOptions ro;
    ro.display_path = argv[i];
    ro.messages = catalog.ok() ? catalog.value().get() : nullptr;
    auto r = logrx::readers::OpenEventFile(argv[i], ro, sink);
    if (!r.ok()) continue;
    logrx::Event ev;
    while ((*r)->Next(ev).ok()) events.emplace_back(ev);
  }
  // The threads start before any pattern was compiled: they race for the first compiles.
  const logrx::rules::RuleSet& threaded_set = **loaded;
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&threaded_set, &events, &got, t] { got[t] = Render(threaded_set, events); });
  }
  for (std::thread& th : threads) th.join();
  const std::string want = Render(threaded_set, events);
  int bad = 0;
  for (size_t t = 0; t < got.size(); ++t) {
    if (got[t] != want) {
      std::fprintf(stderr, "thread %zu: hits differ from one thread's\n", t);
      ++bad;
    }
  }
  std::printf("%zu rules, %zu events, %zu hit lines, %s\n", threaded_set.size(), events.size(),
              static_cast<size_t>(std::count(want.begin(), want.end(), '\n')),
              bad == 0 ? "every thread the same" : "DIFFERENT");
  return bad == 0 ? 0 : 1;
}
