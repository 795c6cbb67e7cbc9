// BinXML decoding through the EVTX reader on synthetic chunks (tests/support/evtx_builder):
// damage inside a template definition, which every record of the chunk shares.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evtx/evtx_reader.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using testing::EvtxBuilder;
using testing::EvtxTestRecord;

// The builder's first record starts at chunk offset 512: 24-byte record header, 4-byte
// fragment header, 10-byte template instance (token, unknown byte, id, definition offset),
// then the inline definition at 550: next (4), GUID (16), data size (4), and its fragment
// header at 574; the first token of the template body ("<Event") is at 578.
constexpr size_t kChunkStart = 4096;
constexpr size_t kTemplateBodyToken = 578;

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("binxml: a damaged template definition is reported for every record that uses it") {
  EvtxBuilder b;
  for (uint64_t id = 1; id <= 3; ++id) {
    EvtxTestRecord r;
    r.id = id;
    b.AddRecord(r);
  }
  auto file = b.Build();
  REQUIRE(std::to_integer<uint8_t>(file[kChunkStart + kTemplateBodyToken]) == 0x01);  // open element
  file[kChunkStart + kTemplateBodyToken] = std::byte{0x3F};  // no such token
  testing::FixEvtxChunkCrcs(file, 0);

  CollectingSink sink;
  ReaderOptions o;
  o.display_path = "t.evtx";
  auto reader = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(reader.ok());
  Event ev;
  Status s;
  size_t events = 0;
  while ((s = (*reader)->Next(ev)).ok()) ++events;
  CHECK(s.end());
  CHECK(events == 0);
  // Each record is reported with the definition's offset (0x1000 + 578 = 0x1242), the
  // second and third from the parse cached with the first: none is dropped silently.
  std::vector<std::string> errors;
  uint64_t dropped = 0;
  for (const Diagnostic& d : sink.items()) {
    if (d.severity != Severity::kError) continue;
    errors.push_back(d.what);
    dropped += d.records_dropped;
  }
  REQUIRE(errors.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(errors[i] == "record " + std::to_string(i + 1) +
                           ": BinXML unknown BinXML token (0x3f) at 0x1242; record skipped");
  }
  CHECK(dropped == 3);
}

TEST_CASE("binxml: a template whose data size runs past the chunk is reported, not read") {
  EvtxBuilder b;
  EvtxTestRecord r;
  b.AddRecord(r);
  auto file = b.Build();
  // Data size of the inline definition (chunk offset 570): larger than the chunk.
  const size_t size_at = kChunkStart + 570;
  file[size_at + 0] = std::byte{0x00};
  file[size_at + 1] = std::byte{0x00};
  file[size_at + 2] = std::byte{0x01};  // 0x10000
  file[size_at + 3] = std::byte{0x00};
  testing::FixEvtxChunkCrcs(file, 0);
  CollectingSink sink;
  ReaderOptions o;
  o.display_path = "t.evtx";
  auto reader = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(reader.ok());
  Event ev;
  CHECK((*reader)->Next(ev).end());
  bool reported = false;
  for (const Diagnostic& d : sink.items()) {
    // The instance skips its inline definition first: the size runs past the record.
    if (d.what == "record 1: BinXML inline template runs past its record (0x10000) at 0x1226; "
                  "record skipped") {
      reported = true;
    }
  }
  CHECK(reported);
}

}

}  // namespace logrx::readers
