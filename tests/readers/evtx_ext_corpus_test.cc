// Corpus tests on ../shared/corpus/ext/ (files from a check of 622 public .evtx files, each
// showing one reader defect, issue 14) and --recover on the intact files.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/reader.h"

namespace logrx::readers {
namespace {

const std::string kCorpus = std::string(LOGRX_SHARED_DIR) + "/corpus";

struct Run {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diags;
  size_t errors = 0, warnings = 0;
};

Run ReadAll(const std::string& path, unsigned jobs, bool recover) {
  Run run;
  CollectingSink sink;
  ReaderOptions o;
  o.jobs = jobs;
  o.recover = recover;
  auto r = OpenEventFile(path, o, sink);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  Event ev;
  Status s;
  while ((s = (*r)->Next(ev)).ok()) run.events.emplace_back(ev);
  CHECK_MESSAGE(s.end(), s.ToString());
  run.diags = sink.items();
  run.errors = sink.count(Severity::kError);
  run.warnings = sink.count(Severity::kWarning);
  return run;
}

}  // namespace

TEST_SUITE("corpus") {

TEST_CASE("evtx ext corpus: sysmon's unused chunk slots past the chunk count are notes; 358 records as libevtx and python-evtx") {
  const Run r = ReadAll(kCorpus + "/ext/omr__samples__sysmon.evtx", 1, false);
  CHECK(r.events.size() == 358);  // libevtx 20181227 and python-evtx 0.6.1 (issue 14)
  CHECK(r.errors == 0);
  CHECK(r.warnings == 0);
  size_t unused = 0;
  for (const Diagnostic& d : r.diags) unused += d.what.find("unused chunk slot") != std::string::npos;
  CHECK(unused == 8);  // chunks 9-16 of the 17 slots: no ElfChnk, no "**\0\0" (xxd)
}

TEST_CASE("evtx ext corpus: a carved record whose template was overwritten is reported, not decoded with another template") {
  const Run r = ReadAll(kCorpus + "/ext/hay__DeepBlueCLI__eventlog-dac.evtx", 1, true);
  bool carved_1780 = false, noted = false;
  for (const OwnedEvent& e : r.events) {
    if (e.view().integrity == Integrity::kRecovered && e.view().record_id == 1780) carved_1780 = true;
  }
  for (const Diagnostic& d : r.diags) {
    if (d.what.find("carved record 1780 not decoded") != std::string::npos &&
        d.what.find("template id does not match") != std::string::npos) {
      noted = true;
      CHECK(d.severity == Severity::kNote);
      CHECK(d.offset == 0x4e30);  // the record's "**\0\0" in chunk 0
    }
  }
  CHECK(!carved_1780);
  CHECK(noted);
}

TEST_CASE("evtx corpus: --recover on intact files finds only notes (slack is not damage)") {
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(kCorpus + "/evtx")) {
    if (e.path().extension() != ".evtx") continue;
    const std::string name = e.path().filename().string();
    if (name == "omer_MSExchange_Management_wec.evtx") continue;  // damaged: see evtx.md
    CAPTURE(name);
    ++files;
    const Run r = ReadAll(e.path().string(), 2, true);
    CHECK(r.errors == 0);
    CHECK(r.warnings == 0);
  }
  CHECK(files >= 20);
}

}  // TEST_SUITE

}  // namespace logrx::readers
