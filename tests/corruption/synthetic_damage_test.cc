// The corruption suite on inputs built here (runs without ../shared): a small EVT log and a
// small XML export, every planned damage, plus checks that the generator and the harness
// themselves can fail (a harness that never fails proves nothing).
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "corruption/corruption_harness.h"
#include "support/damage.h"

namespace logrx::testing {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::byte>;

void PutLe(Bytes& b, uint64_t v, unsigned width) {
  for (unsigned i = 0; i < width; ++i) b.push_back(std::byte{static_cast<uint8_t>(v >> (8 * i))});
}
void PutUtf16z(Bytes& b, std::string_view s) {
  for (char c : s) PutLe(b, static_cast<uint8_t>(c), 2);
  PutLe(b, 0, 2);
}
uint32_t U32(const Bytes& b, size_t off) {
  uint32_t v = 0;
  for (unsigned i = 0; i < 4; ++i) v |= uint32_t{std::to_integer<uint8_t>(b[off + i])} << (8 * i);
  return v;
}

// An EVT log of `n` records (ids 1..n, event id 7000 + i, two insertion strings), the
// end-of-file record, then 256 bytes of zero slack. Offsets of the records in `offsets`.
Bytes BuildEvt(unsigned n, std::vector<uint64_t>* offsets = nullptr) {
  Bytes f;
  f.resize(0x30);
  for (unsigned i = 1; i <= n; ++i) {
    Bytes r;
    const std::string s1 = fmt::format("Service{}", i);
    const std::string s2 = "stopped";
    PutLe(r, 0, 4);  // size, patched
    r.insert(r.end(), {std::byte{'L'}, std::byte{'f'}, std::byte{'L'}, std::byte{'e'}});
    PutLe(r, i, 4);                            // record number
    PutLe(r, 1000000000u + i * 60, 4);         // time generated (unix seconds)
    PutLe(r, 1000000000u + i * 60 + 1, 4);     // time written
    PutLe(r, 0x40000000u | (7000 + i), 4);     // event id with severity bits
    PutLe(r, 4, 2);                            // information
    PutLe(r, 2, 2);                            // strings
    PutLe(r, 0, 2);                            // category
    PutLe(r, 0, 2);                            // reserved flags
    PutLe(r, 0, 4);                            // closing record number
    const size_t string_offset_at = r.size();
    PutLe(r, 0, 4);  // string offset, patched
    PutLe(r, 0, 4);  // sid length
    const size_t sid_offset_at = r.size();
    PutLe(r, 0, 4);  // sid offset, patched
    PutLe(r, 0, 4);  // data length
    const size_t data_offset_at = r.size();
    PutLe(r, 0, 4);  // data offset, patched
    PutUtf16z(r, "Service Control Manager");
    PutUtf16z(r, "HOST1");
    const uint32_t strings = static_cast<uint32_t>(r.size());
    std::memcpy(r.data() + sid_offset_at, &strings, 4);
    std::memcpy(r.data() + string_offset_at, &strings, 4);
    PutUtf16z(r, s1);
    PutUtf16z(r, s2);
    const uint32_t data = static_cast<uint32_t>(r.size());
    std::memcpy(r.data() + data_offset_at, &data, 4);
    while ((r.size() + 4) % 4 != 0) r.push_back(std::byte{0});
    const uint32_t size = static_cast<uint32_t>(r.size() + 4);
    PutLe(r, size, 4);
    std::memcpy(r.data(), &size, 4);
    if (offsets) offsets->push_back(f.size());
    f.insert(f.end(), r.begin(), r.end());
  }
  const uint32_t eof = static_cast<uint32_t>(f.size());
  for (uint32_t v : {0x28u, 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u, 0x30u, eof, n + 1, 1u, 0x28u}) {
    PutLe(f, v, 4);
  }
  f.resize(f.size() + 256);
  Bytes h;
  for (uint32_t v : {0x30u, 0x654c664cu, 1u, 1u, 0x30u, eof, n + 1, 1u,
                     static_cast<uint32_t>(f.size()), 0u, 0u, 0x30u}) {
    PutLe(h, v, 4);
  }
  std::copy(h.begin(), h.end(), f.begin());
  return f;
}

Bytes BuildXml(unsigned n) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n";
  for (unsigned i = 1; i <= n; ++i) {
    s += fmt::format(
        "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
        "<Provider Name=\"Service Control Manager\"/><EventID Qualifiers=\"16384\">{}</EventID>"
        "<Level>4</Level><TimeCreated SystemTime=\"2026-01-0{}T10:00:00.000000000Z\"/>"
        "<EventRecordID>{}</EventRecordID><Channel>System</Channel><Computer>HOST1</Computer>"
        "</System><EventData><Data Name=\"param1\">Service{}</Data><Data Name=\"param2\">stopped"
        "</Data></EventData></Event>\n",
        7000 + i, i, i, i);
  }
  s += "</Events>\n";
  Bytes b(s.size());
  std::memcpy(b.data(), s.data(), s.size());
  return b;
}

fs::path Scratch(const char* name) { return fs::path(LOGRX_BINARY_DIR) / "corruption-scratch" / name; }

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("damage: evt record spans are found where the builder put them") {
  std::vector<uint64_t> offsets;
  const Bytes f = BuildEvt(5, &offsets);
  const std::vector<RecordSpan> spans = FindRecords(f, DamageFormat::kEvt);
  REQUIRE(spans.size() == 5);
  for (size_t i = 0; i < 5; ++i) {
    CHECK(spans[i].offset == offsets[i]);
    CHECK(spans[i].record_id == i + 1);
    CHECK(spans[i].size == U32(f, offsets[i]));
  }
}

TEST_CASE("damage: xml event spans start at <Event and end after </Event>") {
  const Bytes f = BuildXml(4);
  const std::string_view text(reinterpret_cast<const char*>(f.data()), f.size());
  const std::vector<RecordSpan> spans = FindRecords(f, DamageFormat::kXml);
  REQUIRE(spans.size() == 4);
  for (const RecordSpan& s : spans) {
    CHECK(text.substr(s.offset, 7) == "<Event ");
    CHECK(text.substr(s.offset + s.size - 8, 8) == "</Event>");
  }
}

TEST_CASE("damage: every planned variant differs from the original and names are unique") {
  for (DamageFormat fmt : {DamageFormat::kEvt, DamageFormat::kXml}) {
    const Bytes f = fmt == DamageFormat::kEvt ? BuildEvt(6) : BuildXml(6);
    const std::vector<Damage> plan = PlanDamage(f, fmt, DamagePlanOptions{});
    CHECK(plan.size() >= 15);
    std::set<std::string> names;
    for (const Damage& d : plan) {
      CAPTURE(d.name);
      CHECK(names.insert(d.name).second);
      CHECK(ApplyDamage(f, d) != f);
      if (d.cut != kNoCut) {
        CHECK(ApplyDamage(f, d).size() == d.cut);
      }
      CHECK((d.expect_report || !d.exemption.empty()));
    }
  }
}

TEST_CASE("damage: evtx crc helpers match the CRC-32 check value") {
  // CRC-32/ISO-HDLC of "123456789" is 0xCBF43926 (the catalogue check value).
  Bytes header(4096, std::byte{0});
  std::memcpy(header.data(), "123456789", 9);
  Bytes nine(header.begin(), header.begin() + 9);
  CHECK(EvtxFileHeaderCrc(nine) == 0xCBF43926u);
}

TEST_CASE("corruption: damaged evt logs are reported and keep every untouched record") {
  const Bytes f = BuildEvt(8);
  CorruptionHarness h(f, DamageFormat::kEvt, "synthetic.evt", Scratch("synthetic-evt"));
  REQUIRE_MESSAGE(h.baseline_ok(), h.baseline().open_status.ToString());
  REQUIRE(h.baseline().records.size() == 8);
  CHECK(h.baseline().diagnostics.empty());
  for (Damage& d : PlanDamage(f, DamageFormat::kEvt, DamagePlanOptions{})) {
    if (const KnownGap* gap = ApplyKnownGap("synthetic.evt", d, f.size())) MESSAGE(fmt::format("known gap ({}): {}", gap->owner, d.name));
    (void)h.Check(d);
  }
  CHECK(h.variants_checked() > 20);
  CHECK_MESSAGE(h.failures().empty(), h.FailureSummary());
}

TEST_CASE("corruption: damaged xml exports are reported and keep every untouched event") {
  const Bytes f = BuildXml(6);
  CorruptionHarness h(f, DamageFormat::kXml, "synthetic.xml", Scratch("synthetic-xml"));
  REQUIRE_MESSAGE(h.baseline_ok(), h.baseline().open_status.ToString());
  REQUIRE(h.baseline().records.size() == 6);
  CHECK(h.baseline().diagnostics.empty());
  for (Damage& d : PlanDamage(f, DamageFormat::kXml, DamagePlanOptions{})) {
    if (const KnownGap* gap = ApplyKnownGap("synthetic.xml", d, f.size())) MESSAGE(fmt::format("known gap ({}): {}", gap->owner, d.name));
    (void)h.Check(d);
  }
  CHECK(h.variants_checked() > 15);
  CHECK_MESSAGE(h.failures().empty(), h.FailureSummary());
}

// The harness's own assertions, each shown to fail on a variant broken on purpose.
TEST_CASE("corruption harness: a damage that loses a record it claims not to touch is caught") {
  std::vector<uint64_t> offsets;
  const Bytes f = BuildEvt(5, &offsets);
  CorruptionHarness h(f, DamageFormat::kEvt, "lying.evt", Scratch("lying-evt"));
  REQUIRE(h.baseline().records.size() == 5);
  Damage d;
  d.name = "record 3: signature broken, but affected left empty";
  d.edits.push_back({offsets[2] + 4, {std::byte{'X'}}});
  CHECK_FALSE(h.Check(d));
  REQUIRE(h.failures().size() == 1);
  CHECK(h.failures()[0].find("1 untouched record(s) lost") != std::string::npos);
  d.affected = {offsets[2], offsets[3]};  // the honest range: now it holds
  CHECK(h.Check(d));
}

TEST_CASE("corruption harness: a silent change that claims to need a report is caught") {
  const Bytes f = BuildEvt(3);
  CorruptionHarness h(f, DamageFormat::kEvt, "silent.evt", Scratch("silent-evt"));
  REQUIRE(h.baseline().records.size() == 3);
  Damage d;
  d.name = "retention period changed (a field no reader checks), but expect_report set";
  d.edits.push_back({40, {std::byte{0x7F}}});
  CHECK_FALSE(h.Check(d));
  REQUIRE(h.failures().size() == 1);
  CHECK(h.failures()[0].find("damage not reported") != std::string::npos);
}

TEST_CASE("corruption harness: a changed field of an untouched record is caught") {
  std::vector<uint64_t> offsets;
  const Bytes f = BuildEvt(4, &offsets);
  CorruptionHarness h(f, DamageFormat::kEvt, "changed.evt", Scratch("changed-evt"));
  REQUIRE(h.baseline().records.size() == 4);
  Damage d;
  d.name = "record 2 event id changed, affected left empty, no report needed";
  d.expect_report = false;
  d.exemption = "test of the harness";
  d.edits.push_back({offsets[1] + 20, {std::byte{0x01}}});
  CHECK_FALSE(h.Check(d));
  CHECK(h.failures().size() == 1);
}

}  // TEST_SUITE

}  // namespace logrx::testing
