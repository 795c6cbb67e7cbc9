// EVT reader on ../shared/corpus/evt: counts and values from libevt's evtexport (see
// ../shared/corpus/SOURCES.md), never from our own output.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/time.h"
#include "readers/reader.h"

namespace logrx::readers {
namespace {

const std::string kSysEvent = std::string(LOGRX_SHARED_DIR) + "/corpus/evt/plaso_SysEvent.Evt";

struct Counts {
  std::vector<OwnedEvent> live, recovered;
  std::vector<Diagnostic> diags;
};

Counts ReadCorpus(bool recover) {
  Counts out;
  CollectingSink sink;
  ReaderOptions opts;
  opts.recover = recover;
  auto r = OpenEventFile(kSysEvent, opts, sink);
  REQUIRE(r.ok());
  REQUIRE((*r)->format() == InputFormat::kEvt);
  Event ev;
  Status s;
  while ((s = (*r)->Next(ev)).ok()) {
    (ev.integrity == Integrity::kRecovered ? out.recovered : out.live).emplace_back(ev);
  }
  CHECK(s.end());
  out.diags = sink.items();
  return out;
}

TEST_SUITE("corpus") {

TEST_CASE("evt corpus: plaso SysEvent.Evt has evtexport's 6063 records, 1392..7454 in order") {
  Counts c = ReadCorpus(false);
  REQUIRE(c.live.size() == 6063);
  CHECK(c.recovered.empty());
  for (size_t i = 0; i < c.live.size(); ++i) {
    if (c.live[i].view().record_id != 1392 + i) {
      FAIL("record " << i << " is " << c.live[i].view().record_id);
    }
  }
  // The header is flagged dirty and stale (end offset 0x1b81f0, next record 7430): one note.
  REQUIRE(c.diags.size() == 1);
  CHECK(c.diags[0].severity == Severity::kNote);
  CHECK(c.diags[0].what.find("dirty header") != std::string::npos);
}

TEST_CASE("evt corpus: the first record and the record split across the end match evtexport") {
  Counts c = ReadCorpus(false);
  REQUIRE(c.live.size() == 6063);
  // evtexport: "Event number : 1392 ... Creation time : Jul 27, 2011 06:41:47 UTC ...
  // Warning event (2) ... WKS-WINXP32BIT ... LSASRV ... category 3 ... 0x8000a001".
  const Event& first = c.live[0].view();
  CHECK(first.where.offset == 0x1e0130);  // the header's start offset
  CHECK(FormatIso8601(first.time_created, 0) == "2011-07-27T06:41:47Z");
  CHECK(first.evt_type == 2);
  CHECK(first.computer == "WKS-WINXP32BIT");
  CHECK(first.provider == "LSASRV");
  CHECK(first.task == 3);
  CHECK(first.event_id == 0xa001);
  CHECK(first.qualifiers == 0x8000);
  REQUIRE(first.data.size() == 2);
  CHECK(first.data[0].value == "cifs/CONTROLLER");
  // Record 1572 runs from 0x1eff10 past the end of the file (2031616) to 0x98.
  const Event& split = c.live[1572 - 1392].view();
  CHECK(split.record_id == 1572);
  CHECK(split.where.offset == 0x1eff10);
  CHECK(split.provider == "LSASRV");
  CHECK(split.computer == "WKS-WINXP32BIT");
  REQUIRE(split.data.size() == 3);
  CHECK(split.data[0].value == "cifs/CONTROLLER");
  CHECK(split.data[1].value == "Kerberos");
  const Event& last = c.live.back().view();
  CHECK(last.record_id == 7454);
}

TEST_CASE("evt corpus: recover carves evtexport's 438 records (1135..1572) from unused space") {
  Counts c = ReadCorpus(true);
  CHECK(c.live.size() == 6063);
  REQUIRE(c.recovered.size() == 438);
  CHECK(c.recovered.front().view().record_id == 1135);
  CHECK(c.recovered.front().view().where.offset == 0x1b9718);
  CHECK(c.recovered.back().view().record_id == 1572);
  for (size_t i = 0; i < c.recovered.size(); ++i) {
    if (c.recovered[i].view().record_id != 1135 + i) {
      FAIL("recovered " << i << " is " << c.recovered[i].view().record_id);
    }
  }
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
