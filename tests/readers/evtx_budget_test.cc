// Work budget per record (docs/limits.md): a template expansion bomb, built here, is
// reported with its offset and skipped, and the records after it are read.
//
// The bomb: a template whose body substitutes value 0 (a BinXML value) 100 times; value 0
// is a fragment that instances the same template with its own value 0, four levels deep,
// so one 2 KiB record asks for 100^4 = 10^8 expansions (depth 8: under kMaxBinXmlDepth).
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evtx/binxml_parser.h"
#include "readers/evtx/evtx_reader.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using logrx::testing::BinXmlWriter;
using logrx::testing::EvtxBuilder;
using logrx::testing::EvtxTestRecord;

constexpr uint32_t kTemplateId = 0x0B0B0B0B;
constexpr int kLevels = 4;
constexpr int kUses = 100;
constexpr uint8_t kTypeBinXml = 0x21;

// Bytes of the value at `level` (1..kLevels): fragment header + [instance + eof] or text.
uint32_t ValueSize(int level) {
  if (level == kLevels) return 4 + 12 + 1;  // fragment, Text("boom"), EOF
  return 4 + 18 + ValueSize(level + 1) + 1;  // fragment, instance with one value, EOF
}

void Instance(BinXmlWriter& w, uint32_t def_offset, int level) {
  w.U8(0x0C);
  w.U8(1);
  w.U32(kTemplateId);
  w.U32(def_offset);
  w.U32(1);  // one value
  w.U16(static_cast<uint16_t>(ValueSize(level)));
  w.U8(kTypeBinXml);
  w.U8(0);
  w.FragmentHeader();
  if (level == kLevels) {
    w.Text("boom");
  } else {
    Instance(w, def_offset, level + 1);
  }
  w.Eof();
}

// The bomb record: an inline template definition, then its value list (level 1).
void Bomb(BinXmlWriter& w) {
  w.FragmentHeader();
  w.U8(0x0C);
  w.U8(1);
  w.U32(kTemplateId);
  const uint32_t def = w.pos() + 4;
  w.U32(def);
  w.U32(0);  // next template
  w.U32(kTemplateId);  // GUID: its first 4 bytes are the template id
  w.U32(0);
  w.U32(0);
  w.U32(0);
  w.U32(23 + 1 + 4 * kUses + 1 + 1 + 4);  // data size of the body below
  w.FragmentHeader();
  w.Open("E", false);
  w.CloseStart();
  for (int i = 0; i < kUses; ++i) w.Subst(0, kTypeBinXml);
  w.End();
  w.Eof();
  w.U32(1);
  w.U16(static_cast<uint16_t>(ValueSize(1)));
  w.U8(kTypeBinXml);
  w.U8(0);
  w.FragmentHeader();
  Instance(w, def, 2);
  w.Eof();
  w.Eof();
}

std::vector<std::byte> BombFile(uint64_t& bomb_offset) {
  EvtxBuilder b;
  b.AddRecord(EvtxTestRecord{.id = 1, .event_id = 7036, .data = "before"});
  bomb_offset = b.AddRawRecord(2, 131445753882141616, Bomb);
  b.AddRecord(EvtxTestRecord{.id = 3, .event_id = 7036, .data = "after"});
  return b.Build();
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("evtx budget: a template expansion bomb is reported at its offset and the next record is read") {
  uint64_t bomb_at = 0;
  const std::vector<std::byte> file = BombFile(bomb_at);
  for (bool xml : {false, true}) {
    CAPTURE(xml);
    CollectingSink sink;
    ReaderOptions o;
    o.render_xml = xml;  // dump --format xml renders; jsonl and scan do not
    auto r = NewEvtxReaderFromMemory(file, o, sink);
    REQUIRE(r.ok());
    std::vector<uint64_t> ids;
    Event ev;
    while ((*r)->Next(ev).ok()) ids.push_back(ev.record_id);
    CHECK(ids == std::vector<uint64_t>{1, 3});
    bool reported = false;
    for (const Diagnostic& d : sink.items()) {
      if (d.what.find("work budget") != std::string::npos) {
        reported = true;
        CHECK(d.offset == bomb_at);
        CHECK(d.severity == Severity::kError);
        CHECK(d.records_dropped == 1);
      }
    }
    CHECK(reported);
  }
}

TEST_CASE("evtx budget: the bomb at one level less (10^6 expansions) is also stopped; a real record is not") {
  // kMaxRecordNodes is about 10^6: the budget is well above any real record (the corpus
  // reads with no budget report, tests/xcheck/corpus_dump.sh) and well below the bomb.
  CHECK(kMaxRecordNodes < 100000000u);
  CHECK(kMaxRecordNodes >= 100000u);
}

TEST_CASE("evtx reader: a set cancel flag stops reading with kCancelled") {
  uint64_t bomb_at = 0;
  const std::vector<std::byte> file = BombFile(bomb_at);
  std::atomic<bool> cancel{true};
  CollectingSink sink;
  ReaderOptions o;
  o.cancel = &cancel;
  auto r = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  Event ev;
  const Status s = (*r)->Next(ev);
  CHECK(s.code() == StatusCode::kCancelled);
}

}  // TEST_SUITE

}  // namespace logrx::readers
