#include "support/damage.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "core/crc32.h"

namespace logrx::testing {

namespace {

using Bytes = std::vector<std::byte>;
using Span = std::span<const std::byte>;

uint64_t Load(Span b, uint64_t off, unsigned width) {
  if (off > b.size() || width > b.size() - off) return 0;
  uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i) {
    v |= uint64_t{std::to_integer<uint8_t>(b[off + i])} << (8 * i);
  }
  return v;
}
uint16_t L16(Span b, uint64_t off) { return static_cast<uint16_t>(Load(b, off, 2)); }
uint32_t L32(Span b, uint64_t off) { return static_cast<uint32_t>(Load(b, off, 4)); }
uint64_t L64(Span b, uint64_t off) { return Load(b, off, 8); }

Bytes Le(uint64_t v, unsigned width) {
  Bytes out(width);
  for (unsigned i = 0; i < width; ++i) out[i] = std::byte{static_cast<uint8_t>(v >> (8 * i))};
  return out;
}
Bytes Text(std::string_view s) {
  Bytes out(s.size());
  std::memcpy(out.data(), s.data(), s.size());
  return out;
}
bool HasAt(Span b, uint64_t off, std::string_view s) {
  if (off > b.size() || s.size() > b.size() - off) return false;
  return std::memcmp(b.data() + off, s.data(), s.size()) == 0;
}

void Put(Bytes& b, uint64_t off, const Bytes& v) {
  for (size_t i = 0; i < v.size() && off + i < b.size(); ++i) b[off + i] = v[i];
}

// splitmix64: a tiny deterministic generator (no global state).
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::string_view kChunkMagic("ElfChnk\0", 8);
constexpr std::string_view kFileMagic("ElfFile\0", 8);
constexpr uint32_t kRecordMagic = 0x00002a2a;

// ---- EVTX layout ---------------------------------------------------------------------

struct EvtxChunk {
  uint64_t index = 0;
  uint64_t offset = 0;
  uint64_t size = 0;  // < 64 KiB only for a cut last chunk
  bool magic = false;
  std::vector<RecordSpan> records;
};

std::vector<RecordSpan> ChunkRecords(Span file, uint64_t chunk_off, uint64_t chunk_size) {
  std::vector<RecordSpan> out;
  const Span chunk = file.subspan(chunk_off, chunk_size);
  uint64_t end = L32(chunk, 48);  // free-space offset
  if (end < kEvtxChunkHeaderSize || end > chunk.size()) end = chunk.size();
  uint64_t pos = kEvtxChunkHeaderSize;
  while (pos + 28 <= end) {
    if (L32(chunk, pos) != kRecordMagic) break;
    const uint64_t size = L32(chunk, pos + 4);
    if (size < 28 || size > end - pos || L32(chunk, pos + size - 4) != size) break;
    out.push_back({chunk_off + pos, size, L64(chunk, pos + 8)});
    pos += size;
  }
  return out;
}

std::vector<EvtxChunk> EvtxChunks(Span file) {
  std::vector<EvtxChunk> out;
  for (uint64_t off = kEvtxFileHeaderSize, i = 0; off < file.size(); off += kEvtxChunkSize, ++i) {
    EvtxChunk c;
    c.index = i;
    c.offset = off;
    c.size = std::min<uint64_t>(kEvtxChunkSize, file.size() - off);
    c.magic = HasAt(file, off, kChunkMagic);
    if (c.magic && c.size >= kEvtxChunkHeaderSize) c.records = ChunkRecords(file, off, c.size);
    out.push_back(std::move(c));
  }
  return out;
}

// ---- EVT layout ----------------------------------------------------------------------

constexpr uint64_t kEvtHeaderSize = 0x30;
constexpr uint64_t kEvtFixedRecord = 56;
constexpr uint64_t kEvtEofSize = 0x28;

std::vector<RecordSpan> EvtRecords(Span file) {
  std::vector<RecordSpan> out;
  uint64_t pos = kEvtHeaderSize;
  while (pos + kEvtFixedRecord + 4 <= file.size()) {
    const uint64_t size = L32(file, pos);
    if (HasAt(file, pos + 4, "LfLe") && size >= kEvtFixedRecord + 4 && size <= file.size() - pos &&
        size % 4 == 0 && L32(file, pos + size - 4) == size) {
      out.push_back({pos, size, L32(file, pos + 8)});
      pos += size;
    } else {
      pos += 4;  // records are 4-byte aligned; scanning also finds a wrapped log's tail
    }
  }
  return out;
}

// Offset of the end-of-file record (0x28 bytes: size, 0x11111111 .. 0x44444444), or kNoCut.
uint64_t EvtEofRecord(Span file) {
  for (uint64_t pos = kEvtHeaderSize; pos + kEvtEofSize <= file.size(); pos += 4) {
    if (L32(file, pos) == kEvtEofSize && L32(file, pos + 4) == 0x11111111 &&
        L32(file, pos + 8) == 0x22222222 && L32(file, pos + 12) == 0x33333333 &&
        L32(file, pos + 16) == 0x44444444) {
      return pos;
    }
  }
  return kNoCut;
}

// ---- XML layout ----------------------------------------------------------------------

bool IsNameEnd(std::byte b) {
  const char c = std::to_integer<char>(b);
  return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<RecordSpan> XmlEvents(Span file) {
  std::vector<RecordSpan> out;
  const std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
  size_t pos = 0;
  while ((pos = text.find("<Event", pos)) != std::string_view::npos) {
    if (pos + 6 >= text.size() || !IsNameEnd(file[pos + 6])) {
      pos += 6;
      continue;
    }
    const size_t close = text.find("</Event>", pos);
    if (close == std::string_view::npos) break;
    out.push_back({pos, close + 8 - pos, 0});
    pos = close + 8;
  }
  return out;
}

// ---- planning helpers ----------------------------------------------------------------

class Planner {
 public:
  Planner(Span file, const DamagePlanOptions& options) : file_(file), options_(options) {}

  std::vector<Damage>& plan() { return plan_; }

  void Add(Damage d) { plan_.push_back(std::move(d)); }

  void Cut(uint64_t cut, bool expect, std::string_view exemption) {
    if (cut >= file_.size() || !cuts_.insert_unique(cut)) return;
    Damage d;
    d.kind = DamageKind::kTruncate;
    d.name = fmt::format("truncated at 0x{:x} of 0x{:x}", cut, file_.size());
    d.cut = cut;
    d.affected = {cut, file_.size()};
    d.expect_report = expect;
    if (!expect) d.exemption = std::string(exemption);
    Add(std::move(d));
  }

  // Evenly spread 4 KiB boundaries plus seeded random offsets.
  std::vector<uint64_t> PageAndRandomCuts() {
    std::vector<uint64_t> cuts;
    const uint64_t pages = file_.size() / 4096;
    if (pages > 0) {
      const uint64_t n = std::min<uint64_t>(pages, options_.max_page_cuts);
      for (uint64_t i = 1; i <= n; ++i) {
        cuts.push_back(4096 * ((i * pages + n - 1) / n));  // ceil spread, includes the last
      }
      cuts.push_back(4096);
    }
    uint64_t state = options_.seed;
    for (unsigned i = 0; i < options_.random_cuts && file_.size() > 1; ++i) {
      cuts.push_back(1 + NextRandom(state) % (file_.size() - 1));
    }
    return cuts;
  }

 private:
  struct CutSet {
    std::vector<uint64_t> seen;
    bool insert_unique(uint64_t v) {
      if (std::find(seen.begin(), seen.end(), v) != seen.end()) return false;
      seen.push_back(v);
      return true;
    }
  };
  Span file_;
  const DamagePlanOptions& options_;
  std::vector<Damage> plan_;
  CutSet cuts_;
};

// ---- EVTX ----------------------------------------------------------------------------

// A chunk copy with edits, then the requested CRCs recomputed; the result is a list of
// ByteEdits against the original file (the changed bytes only).
class ChunkEdit {
 public:
  ChunkEdit(Span file, const EvtxChunk& c)
      : file_(file), chunk_(c), bytes_(file.begin() + static_cast<ptrdiff_t>(c.offset),
                                       file.begin() + static_cast<ptrdiff_t>(c.offset + c.size)) {}
  ChunkEdit& Set(uint64_t rel, const Bytes& v) {
    Put(bytes_, rel, v);
    return *this;
  }
  ChunkEdit& RepairCrcs() {
    if (bytes_.size() < kEvtxChunkHeaderSize) return *this;
    Put(bytes_, 52, Le(EvtxChunkRecordsCrc(bytes_), 4));
    Put(bytes_, 124, Le(EvtxChunkHeaderCrc(bytes_), 4));
    return *this;
  }
  ChunkEdit& RepairHeaderCrcOnly() {
    if (bytes_.size() >= kEvtxChunkHeaderSize) Put(bytes_, 124, Le(EvtxChunkHeaderCrc(bytes_), 4));
    return *this;
  }
  std::vector<ByteEdit> Edits() const {
    std::vector<ByteEdit> out;
    const Span orig = file_.subspan(chunk_.offset, chunk_.size);
    for (size_t i = 0; i < bytes_.size();) {
      if (bytes_[i] == orig[i]) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < bytes_.size() && bytes_[j] != orig[j]) ++j;
      out.push_back({chunk_.offset + i, Bytes(bytes_.begin() + static_cast<ptrdiff_t>(i),
                                               bytes_.begin() + static_cast<ptrdiff_t>(j))});
      i = j;
    }
    return out;
  }
  Bytes& bytes() { return bytes_; }

 private:
  Span file_;
  const EvtxChunk& chunk_;
  Bytes bytes_;
};

struct FieldChange {
  std::string what;    // "free space offset = 0xfffffff0"
  uint64_t rel = 0;    // offset in the chunk
  Bytes value;
  bool report_when_repaired = true;
  std::string exemption;  // when !report_when_repaired
};

void AddChunkChange(Planner& p, Span file, const EvtxChunk& c, DamageKind kind,
                    const FieldChange& f, bool with_repaired) {
  const std::string where = fmt::format("chunk {} @0x{:x}", c.index, c.offset);
  {
    Damage d;
    d.kind = kind;
    d.name = fmt::format("{}: {} (crc stale)", where, f.what);
    d.edits = ChunkEdit(file, c).Set(f.rel, f.value).Edits();
    d.affected = {c.offset, c.offset + c.size};
    if (!d.edits.empty()) p.Add(std::move(d));
  }
  if (!with_repaired) return;
  Damage d;
  d.kind = kind;
  d.name = fmt::format("{}: {} (crc repaired)", where, f.what);
  d.edits = ChunkEdit(file, c).Set(f.rel, f.value).RepairCrcs().Edits();
  d.affected = {c.offset, c.offset + c.size};
  d.expect_report = f.report_when_repaired;
  d.exemption = f.exemption;
  if (!d.edits.empty()) p.Add(std::move(d));
}

constexpr uint64_t kFar = 0xFFFFFFF0;

void PlanEvtxFileHeader(Planner& p, Span file, uint64_t chunks_present) {
  if (file.size() < kEvtxFileHeaderSize) return;
  struct H {
    std::string what;
    uint64_t off;
    Bytes value;
    bool report_when_repaired;
    std::string exemption;
  };
  const std::string advisory = "advisory header field; the reader reads the chunks themselves";
  const uint16_t count = L16(file, 42);
  std::vector<H> fields = {
      {"magic 'ElfFilX'", 0, Text("ElfFilX"), true, ""},
      {"first chunk number = 2^64-16", 8, Le(~uint64_t{0} - 15, 8), false, advisory},
      {"last chunk number = 2^64-16", 16, Le(~uint64_t{0} - 15, 8), false, advisory},
      {"next record id = 0", 24, Le(0, 8), false, advisory},
      {"header size = 0xfffffff0", 32, Le(kFar, 4), true, ""},
      {"minor version = 0x7777", 36, Le(0x7777, 2), false, "minor version is informational"},
      {"major version = 0xffff", 38, Le(0xFFFF, 2), true, ""},
      {"header block size = 0xffff", 40, Le(0xFFFF, 2), true, ""},
      {"chunk count = 0", 42, Le(0, 2), false,
       "a header chunk count below the chunks present is what a dirty file has; the reader "
       "reads past it silently or with a note"},
      {"chunk count = 0xffff", 42, Le(0xFFFF, 2), true, ""},
  };
  if (count > 1) {
    fields.push_back({fmt::format("chunk count = {} (one less)", count - 1), 42, Le(count - 1u, 2),
                      false, "as a dirty file: the reader reads past the header's chunk count"});
  }
  (void)chunks_present;
  for (const H& h : fields) {
    Bytes hdr(file.begin(), file.begin() + kEvtxFileHeaderSize);
    Put(hdr, h.off, h.value);
    Damage stale;
    stale.kind = DamageKind::kHeaderField;
    stale.name = fmt::format("file header: {} (crc stale)", h.what);
    stale.edits.push_back({h.off, h.value});
    p.Add(stale);
    Put(hdr, 124, Le(EvtxFileHeaderCrc(hdr), 4));
    Damage rep;
    rep.kind = DamageKind::kHeaderField;
    rep.name = fmt::format("file header: {} (crc repaired)", h.what);
    rep.edits.push_back({h.off, h.value});
    rep.edits.push_back({124, Bytes(hdr.begin() + 124, hdr.begin() + 128)});
    rep.expect_report = h.report_when_repaired;
    rep.exemption = h.exemption;
    p.Add(rep);
  }
  // Flags lie outside the CRC (bytes 0..120): no stale/repaired pair.
  const uint32_t flags = L32(file, 120);
  Damage dirty;
  dirty.kind = DamageKind::kHeaderField;
  dirty.name = fmt::format("file header: flags ^= dirty (0x{:x})", flags ^ 1u);
  dirty.edits.push_back({120, Le(flags ^ 1u, 4)});
  dirty.expect_report = false;
  dirty.exemption = "the dirty flag only says the file was not closed cleanly";
  p.Add(dirty);
  Damage crc;
  crc.kind = DamageKind::kHeaderField;
  crc.name = "file header: crc ^= 1";
  crc.edits.push_back({124, Le(L32(file, 124) ^ 1u, 4)});
  p.Add(crc);
}

void PlanEvtxChunk(Planner& p, Span file, const EvtxChunk& c, uint16_t header_chunk_count,
                   const DamagePlanOptions& options) {
  const std::string advisory =
      "record numbers/ids in the chunk header are advisory; the reader uses each record's own";
  const std::string table =
      "the reader resolves names and templates by the offsets in the BinXML, never by walking "
      "the chunk's hash tables";
  using K = DamageKind;
  AddChunkChange(p, file, c, K::kChunkField, {"magic 'ElfChnX'", 0, Text("ElfChnX"), true, ""}, true);
  AddChunkChange(p, file, c, K::kChunkField,
                 {"first record number = 2^64-16", 8, Le(~uint64_t{0} - 15, 8), false, advisory}, true);
  AddChunkChange(p, file, c, K::kChunkField,
                 {"last record number = 0", 16, Le(0, 8), false, advisory}, true);
  AddChunkChange(p, file, c, K::kChunkField,
                 {"first record id = 2^64-16", 24, Le(~uint64_t{0} - 15, 8), false, advisory}, true);
  AddChunkChange(p, file, c, K::kChunkField,
                 {"last record id = 0", 32, Le(0, 8), false, advisory}, true);
  AddChunkChange(p, file, c, K::kChunkField,
                 {"header size = 0xfffffff0", 40, Le(kFar, 4), false,
                  "chunk header size is fixed by the format; the reader uses the fixed layout"},
                 true);
  AddChunkChange(p, file, c, K::kPointer,
                 {"last record offset = 0xfffffff0", 44, Le(kFar, 4), true, ""}, true);
  AddChunkChange(p, file, c, K::kPointer,
                 {"last record offset = 0 (chunk header)", 44, Le(0, 4), true, ""}, true);
  AddChunkChange(p, file, c, K::kPointer,
                 {"free space offset = 0xfffffff0", 48, Le(kFar, 4), true, ""}, true);
  AddChunkChange(p, file, c, K::kPointer,
                 {"free space offset = 100 (inside the header)", 48, Le(100, 4), true, ""}, true);
  AddChunkChange(p, file, c, K::kChunkField,
                 {"records crc ^= 1", 52, Le(L32(file, c.offset + 52) ^ 1u, 4), true, ""}, false);
  {
    Damage d;
    d.kind = K::kChunkField;
    d.name = fmt::format("chunk {} @0x{:x}: records crc ^= 1 (header crc repaired)", c.index, c.offset);
    d.edits = ChunkEdit(file, c).Set(52, Le(L32(file, c.offset + 52) ^ 1u, 4)).RepairHeaderCrcOnly().Edits();
    d.affected = {c.offset, c.offset + c.size};
    p.Add(std::move(d));
  }
  AddChunkChange(p, file, c, K::kChunkField,
                 {"header crc ^= 1", 124, Le(L32(file, c.offset + 124) ^ 1u, 4), true, ""}, false);
  // String and template hash tables: first used entry of each.
  for (const auto& [first, n, kindname] :
       {std::tuple<uint64_t, uint64_t, const char*>{128, 64, "string"}, {384, 32, "template"}}) {
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t rel = first + 4 * i;
      const uint32_t target = L32(file, c.offset + rel);
      if (target == 0) continue;
      AddChunkChange(p, file, c, K::kPointer,
                     {fmt::format("{} table[{}] = 0xfffffff0", kindname, i), rel, Le(kFar, 4), false, table},
                     true);
      AddChunkChange(p, file, c, K::kPointer,
                     {fmt::format("{} table[{}] = 0 (chunk header)", kindname, i), rel, Le(0, 4), false, table},
                     true);
      if (target >= kEvtxChunkHeaderSize && target + 4 <= c.size) {
        AddChunkChange(p, file, c, K::kPointer,
                       {fmt::format("{} @0x{:x}: next-in-bucket = itself (loop)", kindname, target),
                        target, Le(target, 4), false, table},
                       true);
      }
      break;
    }
  }
  // Records: the first (which defines the chunk's first template inline) and a middle one.
  std::vector<const RecordSpan*> picks;
  if (!c.records.empty()) picks.push_back(&c.records.front());
  if (c.records.size() > 2) picks.push_back(&c.records[c.records.size() / 2]);
  for (const RecordSpan* r : picks) {
    const uint64_t o = r->offset - c.offset;
    const uint32_t size = static_cast<uint32_t>(r->size);
    const std::string rec = fmt::format("record {} @0x{:x}", r->record_id, r->offset);
    const auto add = [&](std::string what, uint64_t rel, Bytes v, DamageKind kind, bool report_rep,
                         std::string exemption) {
      AddChunkChange(p, file, c, kind, {rec + ": " + what, rel, std::move(v), report_rep, std::move(exemption)},
                     true);
    };
    add("magic '**\\0\\1'", o, Le(0x01002a2a, 4), K::kRecordField, true, "");
    add("size = 0xfffffff0", o + 4, Le(kFar, 4), K::kRecordField, true, "");
    add("size = 0", o + 4, Le(0, 4), K::kRecordField, true, "");
    add(fmt::format("size = {} (trailing copy says {})", size + 8, size), o + 4, Le(size + 8u, 4),
        K::kRecordField, true, "");
    add(fmt::format("trailing size = {}", size ^ 0x10u), o + size - 4, Le(size ^ 0x10u, 4),
        K::kRecordField, true, "");
    add("record id += 2^40", o + 8, Le(r->record_id + (uint64_t{1} << 40), 8), K::kRecordField, false,
        "any record id is valid; only the records crc can tell");
    // BinXML: fragment header at +24, then a template instance (0x0C) at +28.
    if (std::to_integer<uint8_t>(file[r->offset + 28]) != 0x0C) continue;
    const uint64_t inst = o + 28;
    const uint32_t def = L32(file, c.offset + inst + 6);
    add("template definition offset = 0xfffffff0", inst + 6, Le(kFar, 4), K::kPointer, true, "");
    add("template definition offset = the instance itself (loop)", inst + 6,
        Le(static_cast<uint32_t>(inst), 4), K::kPointer, true, "");
    add("template definition offset = 0 (chunk header)", inst + 6, Le(0, 4), K::kPointer, true, "");
    uint64_t subs = 0;  // offset of the substitution count
    if (def == inst + 10 && def + 28 + 11 <= o + size) {
      // Inline definition: next u32, GUID, data size u32, then the template's BinXML.
      const uint32_t data_size = L32(file, c.offset + def + 20);
      const uint64_t elem = def + 24 + 4;  // after the template's fragment header
      const uint8_t tok = std::to_integer<uint8_t>(file[c.offset + elem]);
      if ((tok & 0x0F) == 0x01) {
        add("element name offset = 0xfffffff0", elem + 7, Le(kFar, 4), K::kPointer, true, "");
        add("element name offset = the element itself (loop)", elem + 7,
            Le(static_cast<uint32_t>(elem), 4), K::kPointer, true, "");
        add("element name offset = 0 (chunk header)", elem + 7, Le(0, 4), K::kPointer, true, "");
      }
      add("template data size = 0xfffffff0", def + 20, Le(kFar, 4), K::kRecordField, true, "");
      subs = def + 24 + data_size;
    } else if (def < inst) {
      subs = inst + 10;
    }
    if (subs != 0 && subs + 4 <= o + size) {
      add("substitution count = 0xffffffff", subs, Le(0xFFFFFFFF, 4), K::kCount, true, "");
    }
  }
  // Zeroed chunk.
  {
    Damage d;
    d.kind = K::kChunkField;
    d.name = fmt::format("chunk {} @0x{:x}: zeroed", c.index, c.offset);
    d.edits.push_back({c.offset, Bytes(c.size, std::byte{0})});
    d.affected = {c.offset, c.offset + c.size};
    d.expect_report = c.index < header_chunk_count;
    if (!d.expect_report) d.exemption = "chunk lies past the header's chunk count (unused)";
    p.Add(std::move(d));
  }
  // Deep nesting: the chunk's first record replaced by a fragment of `depth` unclosed
  // OpenStartElement tokens that all share one inline name.
  if (!c.records.empty() && c.size == kEvtxChunkSize) {
    ChunkEdit e(file, c);
    const RecordSpan& r = c.records.front();
    const uint64_t o = r.offset - c.offset;
    Bytes rec;
    const auto put = [&](const Bytes& b) { rec.insert(rec.end(), b.begin(), b.end()); };
    put(Le(kRecordMagic, 4));
    put(Le(0, 4));  // size, patched below
    put(Le(r.record_id, 8));
    put(Le(L64(file, r.offset + 16), 8));
    put(Bytes{std::byte{0x0F}, std::byte{0x01}, std::byte{0x01}, std::byte{0x00}});
    const uint64_t name_rel = o + rec.size() + 11;
    for (unsigned i = 0; i < options.nesting_depth; ++i) {
      rec.push_back(std::byte{0x01});
      put(Le(0xFFFF, 2));
      put(Le(0, 4));
      put(Le(static_cast<uint32_t>(name_rel), 4));
      if (i == 0) {  // the shared name, inline after the first element
        put(Le(0, 4));
        put(Le(0x61, 2));  // hash (unchecked by readers)
        put(Le(1, 2));
        put(Le(0x61, 2));  // "a"
        put(Le(0, 2));
      }
    }
    rec.push_back(std::byte{0x00});  // end of stream, every element still open
    while ((rec.size() + 4) % 8 != 0) rec.push_back(std::byte{0});
    const uint32_t total = static_cast<uint32_t>(rec.size() + 4);
    put(Le(total, 4));
    Put(rec, 4, Le(total, 4));
    if (o + total <= kEvtxChunkSize) {
      e.Set(o, rec);
      e.Set(44, Le(static_cast<uint32_t>(o), 4));
      e.Set(48, Le(static_cast<uint32_t>(o + total), 4));
      // Later records of the chunk are gone: zero the rest so no reader resyncs onto them.
      e.Set(o + total, Bytes(kEvtxChunkSize - o - total, std::byte{0}));
      e.RepairCrcs();
      Damage d;
      d.kind = K::kNesting;
      d.name = fmt::format("chunk {} @0x{:x}: record {} = {} nested unclosed elements (crc repaired)",
                           c.index, c.offset, r.record_id, options.nesting_depth);
      d.edits = e.Edits();
      d.affected = {c.offset, c.offset + c.size};
      p.Add(std::move(d));
    }
  }
}

std::vector<Damage> PlanEvtx(Span file, const DamagePlanOptions& options) {
  Planner p(file, options);
  const std::vector<EvtxChunk> chunks = EvtxChunks(file);
  const uint16_t header_count =
      HasAt(file, 0, kFileMagic) ? L16(file, 42) : static_cast<uint16_t>(chunks.size());
  PlanEvtxFileHeader(p, file, chunks.size());

  std::vector<const EvtxChunk*> picked;
  for (const EvtxChunk& c : chunks) {
    if (c.magic && !c.records.empty()) {
      picked.push_back(&c);
      break;
    }
  }
  for (auto it = chunks.rbegin(); it != chunks.rend() && picked.size() < options.max_chunks; ++it) {
    if (it->magic && !it->records.empty() && (picked.empty() || picked.front() != &*it)) {
      picked.push_back(&*it);
    }
  }
  for (const EvtxChunk* c : picked) PlanEvtxChunk(p, file, *c, header_count, options);

  // Truncations. A cut must be reported when it loses a record, leaves a partial chunk, or
  // leaves fewer chunks than the header counts.
  std::vector<RecordSpan> records;
  for (const EvtxChunk& c : chunks) records.insert(records.end(), c.records.begin(), c.records.end());
  const auto must_report = [&](uint64_t cut) {
    if (cut < kEvtxFileHeaderSize) return true;
    if ((cut - kEvtxFileHeaderSize) % kEvtxChunkSize != 0) return true;  // partial chunk
    if (cut < kEvtxFileHeaderSize + uint64_t{header_count} * kEvtxChunkSize) return true;
    for (const RecordSpan& r : records) {
      if (r.offset + r.size > cut) return true;
    }
    return false;
  };
  const std::string exempt =
      "cut at a chunk boundary past every record and past the header's chunk count";
  std::vector<uint64_t> cuts = {0, 1, 8, 42, 124, 128, 2048, 4095};
  for (const EvtxChunk* c : picked) {
    for (uint64_t rel : {uint64_t{1}, uint64_t{8}, uint64_t{128}, uint64_t{511}}) cuts.push_back(c->offset + rel);
    const auto& rs = c->records;
    for (size_t i : {size_t{0}, rs.size() / 2, rs.size() - 1}) {
      if (i < rs.size()) cuts.push_back(rs[i].offset + rs[i].size / 2);
    }
  }
  if (chunks.size() > 1) cuts.push_back(chunks[1].offset);
  for (uint64_t cut : p.PageAndRandomCuts()) cuts.push_back(cut);
  for (uint64_t cut : cuts) p.Cut(cut, must_report(cut), exempt);
  return std::move(p.plan());
}

// ---- EVT -----------------------------------------------------------------------------

std::vector<Damage> PlanEvt(Span file, const DamagePlanOptions& options) {
  Planner p(file, options);
  const std::vector<RecordSpan> records = EvtRecords(file);
  const auto header = [&](std::string what, uint64_t off, Bytes v, bool report, std::string exemption,
                          ByteRange affected = {}) {
    Damage d;
    d.kind = DamageKind::kHeaderField;
    d.name = "file header: " + what;
    d.edits.push_back({off, std::move(v)});
    d.expect_report = report;
    d.exemption = std::move(exemption);
    d.affected = affected;
    p.Add(std::move(d));
  };
  if (file.size() >= kEvtHeaderSize) {
    header("header size = 0x31", 0, Le(0x31, 4), true, "");
    header("signature 'LfLX'", 4, Text("LfLX"), true, "");
    header("major version = 0xffff", 8, Le(0xFFFF, 4), true, "");
    header("start offset = 0xfffffff0", 16, Le(kFar, 4), true, "");
    header("end offset = 0xfffffff0", 20, Le(kFar, 4), true, "");
    header("current record number = 0", 24, Le(0, 4), false,
           "record numbers in the header are advisory (the records carry their own)");
    header("oldest record number = 0", 28, Le(0, 4), false,
           "record numbers in the header are advisory (the records carry their own)");
    header("max size = 0", 32, Le(0, 4), false, "maximum size is a policy value, not structure");
    header(fmt::format("flags ^= dirty (0x{:x})", L32(file, 36) ^ 1u), 36, Le(L32(file, 36) ^ 1u, 4),
           false, "the dirty flag only says the log was not closed cleanly");
    header("trailing header size = 0x31", 44, Le(0x31, 4), true, "");
  }
  std::vector<const RecordSpan*> picks;
  if (!records.empty()) picks.push_back(&records.front());
  for (unsigned i = 1; i < options.max_records && records.size() > 2; ++i) {
    picks.push_back(&records[records.size() * i / options.max_records]);
  }
  for (const RecordSpan* r : picks) {
    const uint64_t o = r->offset;
    const uint32_t size = static_cast<uint32_t>(r->size);
    const auto rec = [&](std::string what, uint64_t off, Bytes v, DamageKind kind = DamageKind::kRecordField) {
      Damage d;
      d.kind = kind;
      d.name = fmt::format("record {} @0x{:x}: {}", r->record_id, o, what);
      d.edits.push_back({off, std::move(v)});
      d.affected = {o, o + size};
      p.Add(std::move(d));
    };
    rec("size = 0xfffffff0", o, Le(kFar, 4));
    rec("size = 0", o, Le(0, 4));
    rec("size = 8", o, Le(8, 4));
    rec(fmt::format("size = {} (trailing copy says {})", size + 8, size), o, Le(size + 8u, 4));
    rec("signature 'LfLX'", o + 4, Text("LfLX"));
    rec(fmt::format("trailing size = {}", size ^ 0x10u), o + size - 4, Le(size ^ 0x10u, 4));
    rec("string count = 0xffff", o + 26, Le(0xFFFF, 2), DamageKind::kCount);
    rec("string offset = 0xfffffff0", o + 36, Le(kFar, 4), DamageKind::kPointer);
    rec("user sid length = 0xfffffff0", o + 40, Le(kFar, 4), DamageKind::kPointer);
    rec("data length = 0xfffffff0", o + 48, Le(kFar, 4), DamageKind::kPointer);
    // Source name without a terminator: fill the variable part with 'A' (UTF-16LE).
    Bytes fill(size - kEvtFixedRecord - 4);
    for (size_t i = 0; i + 1 < fill.size(); i += 2) fill[i] = std::byte{'A'};
    rec("strings unterminated (variable part filled with 'A')", o + kEvtFixedRecord, fill);
  }
  // Truncations: must be reported when a record, the header or the EOF record is lost.
  const uint64_t eof = EvtEofRecord(file);
  const auto must_report = [&](uint64_t cut) {
    if (cut < kEvtHeaderSize) return true;
    if (eof != kNoCut && cut < eof + kEvtEofSize) return true;
    for (const RecordSpan& r : records) {
      if (r.offset + r.size > cut) return true;
    }
    return false;
  };
  std::vector<uint64_t> cuts = {0, 1, 4, 47};
  for (const RecordSpan* r : picks) cuts.push_back(r->offset + r->size / 2);
  if (!records.empty()) cuts.push_back(records.back().offset + records.back().size / 2);
  if (eof != kNoCut) cuts.push_back(eof + 8);
  for (uint64_t cut : p.PageAndRandomCuts()) cuts.push_back(cut);
  for (uint64_t cut : cuts) {
    p.Cut(cut, must_report(cut), "only unused space after the end-of-file record was removed");
  }
  return std::move(p.plan());
}

// ---- XML -----------------------------------------------------------------------------

std::vector<Damage> PlanXml(Span file, const DamagePlanOptions& options) {
  Planner p(file, options);
  const std::vector<RecordSpan> events = XmlEvents(file);
  const std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
  std::vector<size_t> picks;
  if (!events.empty()) picks.push_back(0);
  for (unsigned i = 1; i < options.max_records && events.size() > 2; ++i) {
    picks.push_back(events.size() * i / options.max_records);
  }
  for (size_t k : picks) {
    const RecordSpan& e = events[k];
    const uint64_t end_next = k + 1 < events.size() ? events[k + 1].offset + events[k + 1].size : e.offset + e.size;
    const auto add = [&](std::string what, uint64_t off, Bytes v, ByteRange affected,
                         DamageKind kind = DamageKind::kContent) {
      Damage d;
      d.kind = kind;
      d.name = fmt::format("event {} @0x{:x}: {}", k, e.offset, what);
      d.edits.push_back({off, std::move(v)});
      d.affected = affected;
      p.Add(std::move(d));
    };
    add("</Event> -> </Evenx>", e.offset + e.size - 8, Text("</Evenx>"), {e.offset, end_next});
    const size_t sys = text.find("<System", e.offset);
    if (sys != std::string_view::npos && sys < e.offset + e.size) {
      add("'<System' -> '&System' (bare ampersand)", sys, Text("&"), {e.offset, e.offset + e.size});
    }
    const size_t id = text.find("<EventID", e.offset);
    if (id != std::string_view::npos && id < e.offset + e.size) {
      const size_t gt = text.find('>', id);
      if (gt != std::string_view::npos && gt + 1 < e.offset + e.size) {
        add("EventID text starts with 'X'", gt + 1, Text("X"), {e.offset, e.offset + e.size});
      }
    }
    const size_t tc = text.find("SystemTime=\"", e.offset);
    if (tc != std::string_view::npos && tc + 13 < e.offset + e.size) {
      add("SystemTime starts with 'X'", tc + 12, Text("X"), {e.offset, e.offset + e.size});
    }
  }
  // Deep nesting after the last event: unclosed, so the document is malformed.
  if (!events.empty()) {
    const RecordSpan& last = events.back();
    Damage d;
    d.kind = DamageKind::kNesting;
    d.name = fmt::format("{} unclosed <a> after the last event, then the file ends", options.nesting_depth * 30);
    std::string nest;
    for (unsigned i = 0; i < options.nesting_depth * 30; ++i) nest += "<a>";
    // Overwrite from the end of the last event to the end of the file, then extend.
    d.edits.push_back({last.offset + last.size, Text(nest)});
    d.affected = {last.offset + last.size, ~uint64_t{0}};
    p.Add(std::move(d));
    // Well-formed deep nesting: the last event rewritten with a UserData tree this deep.
    const std::string_view ev = text.substr(last.offset, last.size);
    const size_t sys_end = ev.find("</System>");
    if (sys_end != std::string_view::npos) {
      const unsigned depth = options.nesting_depth * 30;
      std::string deep(ev.substr(0, sys_end + 9));
      deep += "<UserData>";
      for (unsigned i = 0; i < depth; ++i) deep += "<a>";
      deep += "deep";
      for (unsigned i = 0; i < depth; ++i) deep += "</a>";
      deep += "</UserData></Event>\n</Events>\n";
      Damage w;
      w.kind = DamageKind::kNesting;
      w.name = fmt::format("last event's UserData nested {} elements deep (well-formed)", depth);
      w.edits.push_back({last.offset, Text(deep)});
      w.affected = {last.offset, ~uint64_t{0}};
      p.Add(std::move(w));
    }
  }
  const auto must_report = [&](uint64_t cut) {
    for (uint64_t i = cut; i < file.size(); ++i) {
      const char c = std::to_integer<char>(file[i]);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return true;
    }
    return false;
  };
  std::vector<uint64_t> cuts = {0, 1, 10};
  for (size_t k : picks) cuts.push_back(events[k].offset + events[k].size / 2);
  if (!events.empty()) {
    cuts.push_back(events.back().offset + events.back().size - 1);
    cuts.push_back(events.back().offset + events.back().size);
  }
  for (uint64_t cut : p.PageAndRandomCuts()) cuts.push_back(cut);
  // A cut that loses only the closing root tag (every event intact) is named as such: the
  // document is still truncated, but no event is.
  const uint64_t root_end = events.empty() ? kNoCut : events.back().offset + events.back().size;
  for (uint64_t cut : cuts) {
    p.Cut(cut, must_report(cut), "only trailing whitespace was removed");
    if (!p.plan().empty() && p.plan().back().cut == cut && root_end != kNoCut && cut >= root_end &&
        must_report(cut)) {
      p.plan().back().name += " (only the closing root tag lost)";
    }
  }
  return std::move(p.plan());
}

}  // namespace

uint32_t EvtxFileHeaderCrc(std::span<const std::byte> header) {
  return Crc32(header.subspan(0, std::min<size_t>(120, header.size())));
}

uint32_t EvtxChunkHeaderCrc(std::span<const std::byte> chunk) {
  if (chunk.size() < kEvtxChunkHeaderSize) return 0;
  return Crc32Extend(Crc32(chunk.subspan(0, 120)), chunk.subspan(128, 384));
}

uint32_t EvtxChunkRecordsCrc(std::span<const std::byte> chunk) {
  if (chunk.size() < kEvtxChunkHeaderSize) return 0;
  uint64_t end = L32(chunk, 48);
  if (end < kEvtxChunkHeaderSize || end > chunk.size()) end = chunk.size();
  return Crc32(chunk.subspan(kEvtxChunkHeaderSize, end - kEvtxChunkHeaderSize));
}

std::vector<RecordSpan> FindRecords(std::span<const std::byte> file, DamageFormat format) {
  switch (format) {
    case DamageFormat::kEvtx: {
      std::vector<RecordSpan> out;
      for (const EvtxChunk& c : EvtxChunks(file)) out.insert(out.end(), c.records.begin(), c.records.end());
      return out;
    }
    case DamageFormat::kEvt: return EvtRecords(file);
    case DamageFormat::kXml: return XmlEvents(file);
  }
  return {};
}

std::vector<Damage> PlanDamage(std::span<const std::byte> file, DamageFormat format,
                               const DamagePlanOptions& options) {
  switch (format) {
    case DamageFormat::kEvtx: return PlanEvtx(file, options);
    case DamageFormat::kEvt: return PlanEvt(file, options);
    case DamageFormat::kXml: return PlanXml(file, options);
  }
  return {};
}

std::vector<std::byte> ApplyDamage(std::span<const std::byte> file, const Damage& damage) {
  Bytes out(file.begin(), file.end());
  for (const ByteEdit& e : damage.edits) {
    if (e.offset > out.size()) continue;
    if (e.offset + e.bytes.size() > out.size()) out.resize(e.offset + e.bytes.size());
    std::copy(e.bytes.begin(), e.bytes.end(), out.begin() + static_cast<ptrdiff_t>(e.offset));
  }
  if (damage.cut != kNoCut && damage.cut < out.size()) out.resize(damage.cut);
  return out;
}

}  // namespace logrx::testing
