// EVTX reader unit tests on synthetic files from tests/support/evtx_builder: every
// expected value comes from what the test wrote, never from the reader's output.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/diagnostic.h"
#include "core/time.h"
#include "readers/evtx/evtx_format.h"
#include "readers/evtx/evtx_reader.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using testing::EvtxBuilder;
using testing::EvtxTestChunkOffset;
using testing::EvtxTestRecord;

struct Result2 {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diags;
};

Result2 ReadBytes(const std::vector<std::byte>& file, ReaderOptions o = {}) {
  Result2 out;
  CollectingSink sink;
  o.display_path = "t.evtx";
  auto r = NewEvtxReaderFromMemory(file, o, sink);
  REQUIRE(r.ok());
  Event ev;
  Status s;
  while ((s = (*r)->Next(ev)).ok()) out.events.emplace_back(ev);
  CHECK(s.end());
  out.diags = sink.items();
  return out;
}

// Three chunks of three records, ids 1..9, data "v<id>".
EvtxBuilder NineRecords() {
  EvtxBuilder b;
  for (uint64_t id = 1; id <= 9; ++id) {
    if (id != 1 && (id - 1) % 3 == 0) b.NewChunk();
    EvtxTestRecord r;
    r.id = id;
    r.event_id = static_cast<uint16_t>(7000 + id);
    r.time = FiletimeFromUnixSeconds(1500000000 + static_cast<int64_t>(id));
    r.data = fmt::format("v{}", id);  // not "v" + to_string: GCC 12 -O3 false -Wrestrict
    b.AddRecord(r);
  }
  return b;
}

std::vector<uint64_t> Ids(const Result2& r) {
  std::vector<uint64_t> ids;
  for (const auto& e : r.events) ids.push_back(e.view().record_id);
  return ids;
}

const Diagnostic* Find(const Result2& r, Severity sev, uint64_t offset) {
  for (const auto& d : r.diags) {
    if (d.severity == sev && d.offset == offset) return &d;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("evtx reader: synthetic file yields every record with its fields") {
  EvtxBuilder b;
  EvtxTestRecord r;
  r.id = 42;
  r.event_id = 1024;
  r.has_qualifiers = true;
  r.qualifiers = 0xC000;
  r.level = 2;
  r.time = FiletimeFromUnixSeconds(1586000000);
  r.data = "a<b&c";
  const uint64_t off = b.AddRecord(r);
  r.id = 43;
  r.has_qualifiers = false;
  r.data = "second";
  b.AddRecord(r);
  ReaderOptions o;
  o.render_xml = true;
  const Result2 got = ReadBytes(b.Build(), o);
  REQUIRE(got.events.size() == 2);
  const Event& e = got.events[0].view();
  CHECK(e.record_id == 42);
  CHECK(e.event_id == 1024);
  CHECK(e.has_qualifiers);
  CHECK(e.qualifiers == 0xC000);
  CHECK(e.level == 2);
  CHECK(e.time_created == FiletimeFromUnixSeconds(1586000000));
  CHECK(e.provider == "TestProvider");
  CHECK(e.channel == "System");
  CHECK(e.computer == "HOST1");
  CHECK(e.where.offset == off);
  CHECK(e.integrity == Integrity::kOk);
  REQUIRE(e.data.size() == 1);
  CHECK(e.data[0].name == "param1");
  CHECK(e.data[0].value == "a<b&c");
  CHECK(e.xml ==
        "<Event><System><Provider Name=\"TestProvider\"/><EventID Qualifiers=\"49152\">1024"
        "</EventID><Level>2</Level><TimeCreated SystemTime=\"2020-04-04T11:33:20.0000000Z\"/>"
        "<EventRecordID>42</EventRecordID><Channel>System</Channel><Computer>HOST1</Computer>"
        "</System><EventData><Data Name=\"param1\">a&lt;b&amp;c</Data></EventData></Event>");
  // The optional Qualifiers substitution is Null in the second record: attribute left out.
  CHECK(!got.events[1].view().has_qualifiers);
  CHECK(got.events[1].view().xml.find("Qualifiers") == std::string_view::npos);
  CHECK(got.diags.empty());
}

TEST_CASE("evtx chunk: bad magic reports chunk offset") {
  auto file = NineRecords().Build();
  file[EvtxTestChunkOffset(1) + 3] = std::byte{'X'};  // "ElfXhnk"
  const Result2 got = ReadBytes(file);
  CHECK(Ids(got) == std::vector<uint64_t>{1, 2, 3, 7, 8, 9});
  const Diagnostic* d = Find(got, Severity::kError, EvtxTestChunkOffset(1));
  REQUIRE(d != nullptr);
  CHECK(d->structure == "chunk 1");
  CHECK(d->what.find("bad chunk magic 'ElfXhnk.'") != std::string::npos);
  CHECK(d->bytes_dropped == 65536);
  // --recover carves the three intact records out of the headerless chunk.
  ReaderOptions o;
  o.recover = true;
  const Result2 rec = ReadBytes(file, o);
  CHECK(Ids(rec) == std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(rec.events[3].view().integrity == Integrity::kRecovered);
}

TEST_CASE("evtx chunk: bad CRC marks kChecksumMismatch and strict drops the chunk") {
  EvtxBuilder b = NineRecords();
  auto file = b.Build();
  // Change one UTF-16 unit of record 5's data ("v5" -> "w5") without fixing the CRC.
  const std::string_view needle("v\0" "5\0", 4);
  const size_t from = EvtxTestChunkOffset(1);
  size_t hit = 0;
  for (size_t i = from; i + 4 <= from + 65536; ++i) {
    if (std::memcmp(file.data() + i, needle.data(), 4) == 0) hit = i;
  }
  REQUIRE(hit != 0);
  file[hit] = std::byte{'w'};
  const Result2 got = ReadBytes(file);
  REQUIRE(got.events.size() == 9);
  for (size_t i = 0; i < 9; ++i) {
    const bool in_chunk1 = i >= 3 && i < 6;
    CHECK(got.events[i].view().integrity ==
          (in_chunk1 ? Integrity::kChecksumMismatch : Integrity::kOk));
  }
  CHECK(got.events[4].view().data[0].value == "w5");
  const Diagnostic* d = Find(got, Severity::kWarning, EvtxTestChunkOffset(1));
  REQUIRE(d != nullptr);
  CHECK(d->what.find("records CRC32 mismatch") != std::string::npos);
  ReaderOptions o;
  o.strict = true;
  CHECK(Ids(ReadBytes(file, o)) == std::vector<uint64_t>{1, 2, 3, 7, 8, 9});
}

TEST_CASE("evtx record: size mismatch resyncs on the next record") {
  EvtxBuilder b;
  std::vector<uint64_t> offs;
  for (uint64_t id = 1; id <= 3; ++id) {
    EvtxTestRecord r;
    r.id = id;
    offs.push_back(b.AddRecord(r));
  }
  auto file = b.Build();
  file[offs[1] + 4] = std::byte{0x7f};  // size field of record 2 no longer matches its copy
  testing::FixEvtxChunkCrcs(file, 0);
  const Result2 got = ReadBytes(file);
  CHECK(Ids(got) == std::vector<uint64_t>{1, 3});
  const Diagnostic* d = Find(got, Severity::kError, offs[1]);
  REQUIRE(d != nullptr);
  CHECK(d->bytes_dropped == offs[2] - offs[1]);
  CHECK(d->records_dropped == 1);
  // --recover decodes the record from the bytes up to the next one.
  ReaderOptions o;
  o.recover = true;
  const Result2 rec = ReadBytes(file, o);
  CHECK(Ids(rec) == std::vector<uint64_t>{1, 2, 3});
  CHECK(rec.events[1].view().integrity == Integrity::kRecovered);
}

TEST_CASE("binxml: template that instantiates itself terminates with an error") {
  EvtxBuilder b;
  EvtxTestRecord r;
  r.id = 1;
  b.AddRecord(r);
  const uint64_t bad = b.AddRawRecord(2, 0, [](testing::BinXmlWriter& w) {
    w.FragmentHeader();
    w.U8(0x0C);
    w.U8(1);
    w.U32(7);
    const uint32_t def = w.pos() + 4;
    w.U32(def);  // inline definition...
    w.U32(0);
    for (int i = 0; i < 16; ++i) w.U8(0);
    w.U32(14);   // ...whose body is a template instance of itself
    w.U8(0x0C);
    w.U8(1);
    w.U32(7);
    w.U32(def);
    w.U32(0);    // (padding to the declared size)
    w.U32(0);    // value count
  });
  r.id = 3;
  b.AddRecord(r);
  const Result2 got = ReadBytes(b.Build());
  CHECK(Ids(got) == std::vector<uint64_t>{1, 3});
  const Diagnostic* d = Find(got, Severity::kError, bad);
  REQUIRE(d != nullptr);
  CHECK(d->what.find("template instance inside a template") != std::string::npos);
}

TEST_CASE("binxml: a template definition offset inside the chunk header or past its used area is "
          "reported and the record skipped") {
  // Record 2's template instance names definition offset `def` with no inline definition.
  auto build = [](uint32_t def) {
    EvtxBuilder b;
    EvtxTestRecord r;
    r.id = 1;
    b.AddRecord(r);
    const uint64_t bad = b.AddRawRecord(2, 0, [def](testing::BinXmlWriter& w) {
      w.FragmentHeader();
      w.U8(0x0C);
      w.U8(1);
      w.U32(7);    // template id
      w.U32(def);  // definition offset
      w.U32(0);    // value count
      w.Eof();
    });
    r.id = 3;
    b.AddRecord(r);
    return std::pair(b.Build(), bad);
  };
  struct Case {
    uint32_t def;
    const char* what;
  };
  for (const Case& c : {Case{0, "template definition offset inside the 512-byte chunk header (0x0)"},
                        Case{511, "template definition offset inside the 512-byte chunk header (0x1ff)"},
                        // Three small records end far below 0xF000: free space, not records.
                        Case{0xF000, "template definition offset past the chunk's used area (0xf000)"}}) {
    CAPTURE(c.def);
    const auto [file, bad] = build(c.def);
    const Result2 got = ReadBytes(file);
    CHECK(Ids(got) == std::vector<uint64_t>{1, 3});
    REQUIRE(got.diags.size() == 1);
    const Diagnostic& d = got.diags[0];
    CHECK(d.severity == Severity::kError);
    CHECK(d.offset == bad);
    CHECK(d.records_dropped == 1);
    CHECK(d.ToString().starts_with(fmt::format("t.evtx @0x{:x} (chunk 0): record 2: BinXML ", bad)));
    CHECK(d.what.find(c.what) != std::string::npos);
  }
}

TEST_CASE("binxml: elements without dependency id (WEC producers) are read") {
  EvtxBuilder b;
  b.AddRawRecord(5, FiletimeFromUnixSeconds(1600000000), [](testing::BinXmlWriter& w) {
    w.FragmentHeader();
    w.Open("Event", false, false);
    w.CloseStart();
    w.Open("System", false, false);
    w.CloseStart();
    w.Open("EventID", false, false);
    w.CloseStart();
    w.Text("4624");
    w.End();
    w.Open("Computer", false, false);
    w.CloseStart();
    w.Text("WEC1");
    w.End();
    w.End();
    w.End();
    w.Eof();
  });
  const Result2 got = ReadBytes(b.Build());
  REQUIRE(got.events.size() == 1);
  CHECK(got.events[0].view().event_id == 4624);
  CHECK(got.events[0].view().computer == "WEC1");
  CHECK(got.events[0].view().record_id == 5);
  // No TimeCreated in the XML: the record header's written time stands in.
  CHECK(got.events[0].view().time_created == FiletimeFromUnixSeconds(1600000000));
}

TEST_CASE("evtx chunk: truncated chunk keeps the records before the cut") {
  EvtxBuilder b = NineRecords();
  auto file = b.Build();
  // Cut inside chunk 2's last record: 7 and 8 are whole, 9 is not.
  size_t cut = EvtxTestChunkOffset(2) + 512;
  const std::string_view needle("v\0" "9\0", 4);
  for (size_t i = EvtxTestChunkOffset(2); i + 4 <= file.size(); ++i) {
    if (std::memcmp(file.data() + i, needle.data(), 4) == 0) cut = i;
  }
  file.resize(cut);
  const Result2 got = ReadBytes(file);
  CHECK(Ids(got) == std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8});
  // Records of the truncated chunk cannot be verified against its CRC.
  CHECK(got.events[6].view().integrity == Integrity::kChecksumMismatch);
  CHECK(got.events[5].view().integrity == Integrity::kOk);
  const Diagnostic* d = Find(got, Severity::kError, EvtxTestChunkOffset(2));
  REQUIRE(d != nullptr);
  CHECK(d->what.find("chunk truncated") != std::string::npos);
  // Property: a cut at any offset yields a prefix of the full file's records.
  const auto full = NineRecords().Build();
  for (size_t at = 0; at < full.size(); at += 997) {
    std::vector<std::byte> part(full.begin(), full.begin() + static_cast<long>(at));
    const auto ids = Ids(ReadBytes(part));
    const std::vector<uint64_t> all{1, 2, 3, 4, 5, 6, 7, 8, 9};
    REQUIRE(ids.size() <= all.size());
    CHECK(std::equal(ids.begin(), ids.end(), all.begin()));
  }
}

TEST_CASE("evtx chunk: zero-filled chunk is skipped with a note and reading goes on") {
  auto file = NineRecords().Build();
  std::memset(file.data() + EvtxTestChunkOffset(1), 0, 65536);
  const Result2 got = ReadBytes(file);
  CHECK(Ids(got) == std::vector<uint64_t>{1, 2, 3, 7, 8, 9});
  const Diagnostic* d = Find(got, Severity::kNote, EvtxTestChunkOffset(1));
  REQUIRE(d != nullptr);
  CHECK(d->what == "zero-filled chunk skipped");
}

TEST_CASE("evtx file: a cut inside a zero-filled chunk the header counts is reported with sizes") {
  auto file = NineRecords().Build();  // header: 3 chunks
  std::memset(file.data() + EvtxTestChunkOffset(2), 0, 65536);
  file.resize(EvtxTestChunkOffset(2) + 0x8000);  // 4096 + 2 * 65536 + 32768 = 167936 bytes
  const Result2 got = ReadBytes(file);
  CHECK(Ids(got) == std::vector<uint64_t>{1, 2, 3, 4, 5, 6});
  REQUIRE(got.diags.size() == 1);  // not folded into "zero-filled chunk skipped"
  const Diagnostic& d = got.diags[0];
  CHECK(d.severity == Severity::kError);
  CHECK(d.offset == EvtxTestChunkOffset(2));
  CHECK(d.ToString() ==
        "t.evtx @0x21000 (chunk 2): file truncated inside chunk 2, which the header's chunk count "
        "(3) includes: 32768 of 65536 bytes present, all zero; the file is 167936 bytes, the "
        "chunk count needs 200704");
  // A whole zero-filled last chunk is unused space, not a cut.
  auto whole = NineRecords().Build();
  std::memset(whole.data() + EvtxTestChunkOffset(2), 0, 65536);
  const Result2 ok = ReadBytes(whole);
  REQUIRE(ok.diags.size() == 1);
  CHECK(ok.diags[0].severity == Severity::kNote);
  CHECK(ok.diags[0].what == "zero-filled chunk skipped");
}

TEST_CASE("evtx file: a cut inside a zero-filled chunk past the header's count is a warning") {
  auto file = NineRecords().Build();
  file.resize(file.size() + 100, std::byte{0});  // 100 zero bytes of a 4th slot
  const Result2 got = ReadBytes(file);
  CHECK(got.events.size() == 9);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kWarning);
  CHECK(got.diags[0].offset == EvtxTestChunkOffset(3));
  CHECK(got.diags[0].what ==
        "file truncated inside zero-filled chunk 3: 100 of 65536 bytes present; the file is "
        "200804 bytes, not a whole number of chunks (266240)");
}

TEST_CASE("evtx file: chunks past the header's chunk count are read (dirty file)") {
  auto file = NineRecords().Build();
  file[42] = std::byte{1};  // header claims 1 chunk; CRC now wrong too
  const Result2 got = ReadBytes(file);
  CHECK(got.events.size() == 9);
  bool noted = false;
  for (const auto& d : got.diags) noted |= d.what.find("past the header's chunk count (1)") != std::string::npos;
  CHECK(noted);
  const Diagnostic* crc = Find(got, Severity::kWarning, 0);
  REQUIRE(crc != nullptr);
  CHECK(crc->what.find("header CRC32 mismatch") != std::string::npos);
}

TEST_CASE("evtx format: chunk offsets past 4 GiB and beyond 65535 chunks use 64-bit math") {
  CHECK(EvtxChunkOffset(0) == 4096);
  CHECK(EvtxChunkOffset(65535) == 4096 + 65535ull * 65536);
  CHECK(EvtxChunkOffset(70000) == 4587524096ull);  // 4096 + 70000 * 65536 > 2^32
  CHECK(EvtxChunkSlots(4096 + 70001ull * 65536) == 70001);
  CHECK(EvtxChunkSlots(4096 + 70001ull * 65536 + 1) == 70002);

  // A sparse 4.3 GiB "file": chunk 0 and chunk 70000 hold records, the rest is zero.
  class Sparse final : public ByteSource {
   public:
    explicit Sparse(std::vector<std::byte> one_chunk_file) : f_(std::move(one_chunk_file)) {}
    uint64_t size() const noexcept override { return 4096 + 70001ull * 65536; }
    Result<size_t> ReadAt(uint64_t off, std::span<std::byte> out) const override {
      std::memset(out.data(), 0, out.size());
      if (off < f_.size()) {
        std::memcpy(out.data(), f_.data() + off, std::min<uint64_t>(out.size(), f_.size() - off));
      } else if (off == EvtxChunkOffset(70000)) {
        std::memcpy(out.data(), f_.data() + 4096, 65536);  // the same chunk, far away
      }
      const uint64_t left = size() - off;
      return static_cast<size_t>(std::min<uint64_t>(out.size(), left));
    }

   private:
    std::vector<std::byte> f_;
  };
  EvtxBuilder b;
  EvtxTestRecord r;
  r.id = 77;
  b.AddRecord(r);
  CollectingSink sink;
  auto reader = NewEvtxReaderFromSource(std::make_unique<Sparse>(b.Build()), ReaderOptions{}, sink);
  REQUIRE(reader.ok());
  Event ev;
  std::vector<uint64_t> offsets;
  while ((*reader)->Next(ev).ok()) offsets.push_back(ev.where.offset);
  REQUIRE(offsets.size() == 2);
  CHECK(offsets[0] == 4096 + 512);
  CHECK(offsets[1] == 4587524096ull + 512);
  CHECK((*reader)->bytes_consumed() == 4096 + 70001ull * 65536);
}

}  // TEST_SUITE
}  // namespace logrx::readers

// Makes the fuzz seeds of fuzz/corpus/evtx from the builder, into the build tree (a test
// never writes into the source tree; copy them over by hand to update the seeds):
//   LOGRX_WRITE_FUZZ_SEEDS=1 build/tests/logrx_tests -tc="evtx fuzz seeds*"
//   cp build/fuzz-seeds/evtx/* fuzz/corpus/evtx/
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace logrx::readers {
namespace {
void WriteSeed(const std::string& name, const std::vector<std::byte>& bytes, size_t keep) {
  const std::filesystem::path dir = std::filesystem::path(LOGRX_BINARY_DIR) / "fuzz-seeds" / "evtx";
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(std::min(keep, bytes.size())));
}
}  // namespace

TEST_CASE("evtx fuzz seeds: written by the builder" *
          doctest::skip(std::getenv("LOGRX_WRITE_FUZZ_SEEDS") == nullptr)) {
  EvtxBuilder b;
  EvtxTestRecord r;
  r.id = 1;
  r.has_qualifiers = true;
  r.qualifiers = 0xC000;
  const uint64_t second = (b.AddRecord(r), r.id = 2, b.AddRecord(r));
  r.id = 3;
  const uint64_t third = b.AddRecord(r);
  const auto file = b.Build();
  // Cut after the second record: a truncated chunk, small seed, templates exercised.
  WriteSeed("two_records_truncated.evtx", file, third + 8);
  (void)second;
  WriteSeed("one_chunk_full.evtx", file, file.size());
  EvtxBuilder w;
  w.AddRawRecord(5, 0, [](testing::BinXmlWriter& x) {
    x.FragmentHeader();
    x.Open("Event", false, false);
    x.CloseStart();
    x.Open("System", true, false);
    x.Attribute("A");
    x.Text("v");
    x.CloseStart();
    x.Open("EventID", false, false);
    x.CloseStart();
    x.Text("1");
    x.End();
    x.End();
    x.End();
    x.Eof();
  });
  const auto wec = w.Build();
  WriteSeed("wec_no_dependency_id.evtx", wec, 4096 + 1024);
  auto bad = file;
  bad[4096 + 3] = std::byte{'X'};
  WriteSeed("bad_chunk_magic.evtx", bad, third + 8);
  MESSAGE("seeds written to " << LOGRX_BINARY_DIR << "/fuzz-seeds/evtx");
}

}  // namespace logrx::readers
