// EVT files whose header disagrees with the records they hold, built here:
// the start offset points at the end-of-file record, the oldest-record number is set past
// the first records, record numbers run backwards. No record may be lost without a word:
// the reader scans the file, reads every record numbered within the header's range, marks
// the ones outside the walked log recovered and reports the disagreement (a warning).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evt/evt_reader.h"
#include "support/evt_builder.h"

namespace logrx::readers {
namespace {

using testing::BuildLinearEvt;
using testing::EvtHeaderSpec;
using testing::EvtLayout;
using testing::EvtRecordSpec;

struct Got {
  std::vector<uint32_t> ids;  // sorted
  size_t recovered = 0;
  size_t disagree = 0;
  size_t errors_or_warnings = 0;
};

Got ReadAll(std::vector<std::byte> bytes) {
  Got g;
  CollectingSink sink;
  ReaderOptions o;
  o.display_path = "t.evt";
  auto r = NewEvtReaderFromBytes(std::move(bytes), o, sink);
  REQUIRE(r.ok());
  Event ev;
  while ((*r)->Next(ev).ok()) {
    g.ids.push_back(static_cast<uint32_t>(ev.record_id));
    g.recovered += ev.integrity == Integrity::kRecovered;
  }
  std::sort(g.ids.begin(), g.ids.end());
  for (const Diagnostic& d : sink.items()) {
    g.disagree += d.what.find("found by scanning the file") != std::string::npos;
    g.errors_or_warnings += d.severity != Severity::kNote;
  }
  return g;
}

std::vector<EvtRecordSpec> Records(std::vector<uint32_t> numbers) {
  std::vector<EvtRecordSpec> out;
  for (uint32_t n : numbers) {
    EvtRecordSpec r;
    r.number = n;
    r.identifier = 0xC0000400u;  // ClusSvc 1024's identifier
    r.source = "ClusSvc";
    r.strings = {"resource " + std::to_string(n)};
    out.push_back(r);
  }
  return out;
}

EvtHeaderSpec HeaderOf(const EvtLayout& l, uint32_t oldest, uint32_t current) {
  EvtHeaderSpec h;
  h.start_offset = 0x30;
  h.end_offset = static_cast<uint32_t>(l.eof_offset);
  h.oldest_record = oldest;
  h.current_record = current;
  h.max_size = static_cast<uint32_t>(l.file.size());
  return h;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("evt header: a clean file reads every record with nothing to report") {
  const EvtLayout l = BuildLinearEvt(Records({1, 2, 3, 4, 5}), 0x2000);
  const Got g = ReadAll(l.file);
  CHECK(g.ids == std::vector<uint32_t>{1, 2, 3, 4, 5});
  CHECK(g.recovered == 0);
  CHECK(g.errors_or_warnings == 0);
}

TEST_CASE("evt header: a start offset pointing at the end-of-file record loses no record") {
  EvtLayout l = BuildLinearEvt(Records({1, 2, 3, 4, 5}), 0x2000);
  EvtHeaderSpec h = HeaderOf(l, 1, 6);
  h.start_offset = static_cast<uint32_t>(l.eof_offset);
  testing::PutHeader(l.file, h);
  const Got g = ReadAll(l.file);
  CHECK(g.ids == std::vector<uint32_t>{1, 2, 3, 4, 5});
  CHECK(g.recovered == 5);
  CHECK(g.disagree == 1);
}

TEST_CASE("evt header: records whose numbers run backwards are all read and reported") {
  EvtLayout l = BuildLinearEvt(Records({1, 2, 3, 9, 4, 5}), 0x2000);
  testing::PutHeader(l.file, HeaderOf(l, 1, 10));
  const Got g = ReadAll(l.file);
  CHECK(g.ids == std::vector<uint32_t>{1, 2, 3, 4, 5, 9});
  CHECK(g.disagree == 1);
  CHECK(g.errors_or_warnings >= 1);
}

TEST_CASE("evt header: an oldest-record number past the first records hides none of them") {
  EvtLayout l = BuildLinearEvt(Records({1, 2, 3, 4, 5}), 0x2000);
  testing::PutHeader(l.file, HeaderOf(l, 4, 6));
  const Got g = ReadAll(l.file);
  CHECK(g.ids == std::vector<uint32_t>{1, 2, 3, 4, 5});
}

}  // TEST_SUITE

}  // namespace logrx::readers
