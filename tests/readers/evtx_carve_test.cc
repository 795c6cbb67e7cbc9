// Carving (--recover) checks that a carved record is decoded with its own template and
// names: the template id in its template instance must equal the first 4 bytes of the
// GUID at the definition offset, and each name it uses must match the name entry's hash.
// Files are built here: records moved into slack by pulling the free-space offset back.
#include <doctest/doctest.h>
#include <fmt/format.h>  // fmt::format, not "v" + to_string: GCC 12 -O3 false -Wrestrict

#include <cstring>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evtx/evtx_reader.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using testing::EvtxBuilder;
using testing::EvtxTestChunkOffset;
using testing::EvtxTestRecord;

struct Built {
  std::vector<std::byte> file;
  std::vector<uint64_t> offsets;  // absolute offset of each record
};

// One chunk, three records (the first defines the template inline); the free-space
// offset is set to the start of record `first_slack` (0-based), so it and the later
// ones lie in slack. CRCs are repaired.
Built SlackFile(size_t first_slack) {
  EvtxBuilder b;
  Built out;
  for (uint64_t id = 1; id <= 3; ++id) {
    out.offsets.push_back(b.AddRecord(EvtxTestRecord{.id = id, .event_id = 7036,
                                                     .data = fmt::format("v{}", id)}));
  }
  out.file = b.Build();
  const uint32_t free = static_cast<uint32_t>(out.offsets[first_slack] - EvtxTestChunkOffset(0));
  std::memcpy(out.file.data() + EvtxTestChunkOffset(0) + 48, &free, 4);
  testing::FixEvtxChunkCrcs(out.file, 0);
  return out;
}

struct Read {
  std::vector<uint64_t> ids;
  std::vector<Integrity> integrity;
  std::vector<Diagnostic> diags;
  size_t errors = 0, warnings = 0;
};

Read ReadRecover(const std::vector<std::byte>& file) {
  Read r;
  CollectingSink sink;
  ReaderOptions o;
  o.recover = true;
  auto reader = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(reader.ok());
  Event ev;
  while ((*reader)->Next(ev).ok()) {
    r.ids.push_back(ev.record_id);
    r.integrity.push_back(ev.integrity);
  }
  r.diags = sink.items();
  r.errors = sink.count(Severity::kError);
  r.warnings = sink.count(Severity::kWarning);
  return r;
}

size_t CountWhat(const Read& r, const std::string& needle) {
  size_t n = 0;
  for (const Diagnostic& d : r.diags) n += d.what.find(needle) != std::string::npos;
  return n;
}

// Chunk-relative offset of the template definition (record 1's inline one): the u32
// after the record header (24), fragment header (4), 0x0C, u8, u32 id.
uint32_t DefinitionOffset(const Built& b) {
  const size_t at = b.offsets[0] + 24 + 4 + 1 + 1 + 4;
  uint32_t def = 0;
  std::memcpy(&def, b.file.data() + at, 4);
  return def;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("evtx carve: slack records with their own template are recovered and marked; no damage reported") {
  const Built b = SlackFile(1);
  const Read r = ReadRecover(b.file);
  CHECK(r.ids == std::vector<uint64_t>{1, 2, 3});
  REQUIRE(r.integrity.size() == 3);
  CHECK(r.integrity[0] == Integrity::kOk);
  CHECK(r.integrity[1] == Integrity::kRecovered);
  CHECK(r.integrity[2] == Integrity::kRecovered);
  CHECK(r.errors == 0);  // slack is not damage: clean files exit 0 with --recover
  CHECK(r.warnings == 0);
}

TEST_CASE("evtx carve: a slack record whose template id differs from the GUID at its offset is reported, not decoded") {
  Built b = SlackFile(1);
  // The live record 1 still decodes (live records are not checked); records 2 and 3 in
  // slack name template 0x1234, but the definition they point at now has another GUID.
  const uint32_t def = DefinitionOffset(b);
  b.file[EvtxTestChunkOffset(0) + def + 4] ^= std::byte{0xFF};
  testing::FixEvtxChunkCrcs(b.file, 0);
  const Read r = ReadRecover(b.file);
  CHECK(r.ids == std::vector<uint64_t>{1});
  CHECK(CountWhat(r, "template id does not match") == 2);
  CHECK(CountWhat(r, "carved record 2 not decoded") == 1);
  CHECK(r.errors == 0);
}

TEST_CASE("evtx carve: a slack record whose element name was overwritten (hash mismatch) is reported, not decoded") {
  Built b = SlackFile(0);  // all three records in slack: nothing is cached from live ones
  const Read clean = ReadRecover(b.file);
  CHECK(clean.ids == std::vector<uint64_t>{1, 2, 3});
  // Change one UTF-16 unit of the first element name ("Event") in the inline template.
  const uint32_t def = DefinitionOffset(b);
  const size_t name_text = EvtxTestChunkOffset(0) + def + 24 + 4 + 1 + 2 + 4 + 4 + 4 + 2 + 2;
  REQUIRE(b.file[name_text] == std::byte{'E'});
  b.file[name_text] = std::byte{'X'};
  testing::FixEvtxChunkCrcs(b.file, 0);
  const Read r = ReadRecover(b.file);
  CHECK(r.ids.empty());
  CHECK(CountWhat(r, "name does not match its hash") >= 1);
  CHECK(CountWhat(r, "carved record 1 not decoded") == 1);
}

}  // TEST_SUITE

}  // namespace logrx::readers
