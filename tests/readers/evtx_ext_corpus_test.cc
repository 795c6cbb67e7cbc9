// Corpus tests on ../shared/corpus/ext/ (files from a check of 622 public .evtx files, each
// showing one reader defect, issue 14) and --recover on the intact files.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fleet/decode_ahead.h"
#include "fleet/scheduler.h"
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
  fleet::Scheduler pool(jobs);  // outlives the reader
  ReaderOptions o;
  o.recover = recover;
  auto r = OpenEventFile(path, o, sink);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  fleet::DecodeAhead(**r, pool);  // jobs > 1: chunks decode on the pool
  Event ev;
  Status s;
  while ((s = (*r)->Next(ev)).ok()) run.events.emplace_back(ev);
  CHECK_MESSAGE(s.end(), s.ToString());
  run.diags = sink.items();
  run.errors = sink.count(Severity::kError);
  run.warnings = sink.count(Severity::kWarning);
  return run;
}

// Records the chunk headers claim: for each slot with "ElfChnk" magic, last - first + 1
// of its record ids (chunk header offsets 0x18 and 0x20; docs/formats/evtx.md). Read here
// straight from the bytes, independently of the reader.
uint64_t ChunkHeaderSpan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string d((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  uint64_t span = 0;
  for (size_t off = 4096; off + 0x28 <= d.size(); off += 65536) {
    if (d.compare(off, 8, std::string("ElfChnk\0", 8)) != 0) continue;
    uint64_t first = 0, last = 0;
    std::memcpy(&first, d.data() + off + 0x18, 8);
    std::memcpy(&last, d.data() + off + 0x20, 8);
    if (last >= first) span += last - first + 1;
  }
  return span;
}

}  // namespace

TEST_SUITE("corpus") {

TEST_CASE("evtx ext corpus: every file reads the records its chunk headers span, or reports the ones it cannot") {
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(kCorpus + "/ext")) {
    if (e.path().extension() != ".evtx") continue;
    const std::string name = e.path().filename().string();
    CAPTURE(name);
    ++files;
    const uint64_t span = ChunkHeaderSpan(e.path().string());
    const Run r = ReadAll(e.path().string(), 2, false);
    uint64_t dropped = 0;
    for (const Diagnostic& d : r.diags) dropped += d.records_dropped;
    if (r.errors == 0) {
      CHECK(r.events.size() == span);
    } else {
      // A damaged file: what is neither read nor reported dropped is at most what the
      // reporting could not count (a resync over bytes that held records).
      CHECK(r.events.size() + dropped <= span);
      CHECK(r.events.size() < span);
    }
  }
  CHECK(files >= 9);
}

TEST_CASE("evtx ext corpus: the shadow-copy RdpCoreTS file reads more than evtxexport and reports its damage") {
  const Run r = ReadAll(kCorpus + "/ext/omr__samples__2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS-Operational.evtx", 1, false);
  CHECK(r.events.size() > 1910);   // evtxexport 1,910 (SOURCES.md)
  CHECK(r.events.size() < 1978);   // the chunk headers span 1,978; some records are damaged
  CHECK(r.errors > 0);
}

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
