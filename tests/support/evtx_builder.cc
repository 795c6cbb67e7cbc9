#include "support/evtx_builder.h"

#include <cstring>

#include <zlib.h>

namespace logrx::testing {

namespace {

constexpr uint32_t kChunk = 65536;

void Put(std::vector<std::byte>& b, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) b[at + static_cast<size_t>(i)] = static_cast<std::byte>((v >> (8 * i)) & 0xFF);
}

uint32_t Crc(const std::vector<std::byte>& b, size_t at, size_t n, uint32_t crc = 0) {
  return static_cast<uint32_t>(
      crc32(crc, reinterpret_cast<const Bytef*>(b.data() + at), static_cast<uInt>(n)));
}

}  // namespace

uint64_t EvtxTestChunkOffset(size_t index) { return 4096 + uint64_t{kChunk} * index; }

void BinXmlWriter::U8(uint8_t v) { c_[pos_++] = static_cast<std::byte>(v); }
void BinXmlWriter::U16(uint16_t v) { Put(c_, pos_, v, 2); pos_ += 2; }
void BinXmlWriter::U32(uint32_t v) { Put(c_, pos_, v, 4); pos_ += 4; }
void BinXmlWriter::U64(uint64_t v) { Put(c_, pos_, v, 8); pos_ += 8; }
void BinXmlWriter::Utf16(std::string_view s) {
  for (char ch : s) U16(static_cast<uint16_t>(static_cast<unsigned char>(ch)));
}
void BinXmlWriter::FragmentHeader() {
  U8(0x0F);
  U8(1);
  U8(1);
  U8(0);
}
void BinXmlWriter::InlineName(std::string_view name) {
  U32(pos_ + 4);  // name offset == the position right after it: inline
  U32(0);         // next string in the hash bucket
  // Hash of the UTF-16 text, h = h * 65599 + unit, low 16 bits (checked when carving).
  uint32_t hash = 0;
  for (char ch : name) hash = hash * 65599u + static_cast<unsigned char>(ch);
  U16(static_cast<uint16_t>(hash & 0xFFFFu));
  U16(static_cast<uint16_t>(name.size()));
  Utf16(name);
  U16(0);
}
void BinXmlWriter::Open(std::string_view name, bool has_attributes, bool with_dependency_id) {
  U8(has_attributes ? 0x41 : 0x01);
  if (with_dependency_id) U16(0xFFFF);
  U32(0);  // data size: readers do not need it
  InlineName(name);
  if (has_attributes) U32(0);  // attribute list size
}
void BinXmlWriter::Attribute(std::string_view name) {
  U8(0x06);
  InlineName(name);
}
void BinXmlWriter::Text(std::string_view s) {
  U8(0x05);
  U8(0x01);
  U16(static_cast<uint16_t>(s.size()));
  Utf16(s);
}
void BinXmlWriter::Subst(uint16_t index, uint8_t type, bool optional) {
  U8(optional ? 0x0E : 0x0D);
  U16(index);
  U8(type);
}

void EvtxBuilder::NewChunk() {
  chunks_.emplace_back(kChunk, std::byte{0});
  info_.emplace_back();
}

uint32_t EvtxBuilder::BeginRecord(uint64_t id, int64_t written) {
  std::vector<std::byte>& c = chunks_.back();
  const uint32_t start = info_.back().free;
  Put(c, start, 0x00002a2a, 4);
  Put(c, start + 8, id, 8);
  Put(c, start + 16, static_cast<uint64_t>(written), 8);
  ChunkInfo& ci = info_.back();
  if (ci.first_id == 0) ci.first_id = id;
  ci.last_id = id;
  return start;
}

uint64_t EvtxBuilder::EndRecord(uint32_t start, uint32_t end) {
  std::vector<std::byte>& c = chunks_.back();
  uint32_t size = end - start + 4;
  size = (size + 7) & ~7u;  // records are 8-byte aligned
  Put(c, start + 4, size, 4);
  Put(c, start + size - 4, size, 4);
  info_.back().last_record = start;
  info_.back().free = start + size;
  return EvtxTestChunkOffset(chunks_.size() - 1) + start;
}

uint64_t EvtxBuilder::AddRecord(const EvtxTestRecord& r) {
  ChunkInfo& ci = info_.back();
  return AddRawRecord(r.id, r.time, [&](BinXmlWriter& w) {
    w.FragmentHeader();
    w.U8(0x0C);
    w.U8(1);
    w.U32(0x1234);  // template id
    if (ci.template_offset == 0) {
      const uint32_t def = w.pos() + 4;
      ci.template_offset = def;
      w.U32(def);
      w.U32(0);                          // next template
      // GUID: Windows' template id is its first 4 bytes (carving checks it).
      w.U32(0x1234);
      for (int i = 4; i < 16; ++i) w.U8(static_cast<uint8_t>(i));
      const uint32_t size_at = w.pos();
      w.U32(0);                          // data size, patched below
      const uint32_t body = w.pos();
      w.FragmentHeader();
      w.Start("Event");
      w.Start("System");
      w.Open("Provider", true);
      w.Attribute("Name");
      w.Text("TestProvider");
      w.CloseEmpty();
      w.Open("EventID", true);
      w.Attribute("Qualifiers");
      w.Subst(4, 0x06, true);
      w.CloseStart();
      w.Subst(0, 0x06);
      w.End();
      w.SubstElement("Level", 5, 0x04);
      w.Open("TimeCreated", true);
      w.Attribute("SystemTime");
      w.Subst(1, 0x11);
      w.CloseEmpty();
      w.SubstElement("EventRecordID", 2, 0x0A);
      w.TextElement("Channel", "System");
      if (!computer.empty()) w.TextElement("Computer", computer);
      w.End();  // System
      w.Start("EventData");
      w.Open("Data", true);
      w.Attribute("Name");
      w.Text("param1");
      w.CloseStart();
      w.Subst(3, 0x01);
      w.End();
      w.End();  // EventData
      w.End();  // Event
      w.Eof();
      const uint32_t end = w.pos();
      BinXmlWriter patch(chunks_.back(), size_at);
      patch.U32(end - body);
    } else {
      w.U32(ci.template_offset);
    }
    // Values: count, descriptors, data.
    w.U32(6);
    const uint16_t data_bytes = static_cast<uint16_t>(r.data.size() * 2);
    w.U16(2); w.U8(0x06); w.U8(0);
    w.U16(8); w.U8(0x11); w.U8(0);
    w.U16(8); w.U8(0x0A); w.U8(0);
    w.U16(data_bytes); w.U8(0x01); w.U8(0);
    if (r.has_qualifiers) {
      w.U16(2); w.U8(0x06); w.U8(0);
    } else {
      w.U16(0); w.U8(0x00); w.U8(0);
    }
    w.U16(1); w.U8(0x04); w.U8(0);
    w.U16(r.event_id);
    w.U64(static_cast<uint64_t>(r.time));
    w.U64(r.id);
    w.Utf16(r.data);
    if (r.has_qualifiers) w.U16(r.qualifiers);
    w.U8(r.level);
  });
}

std::vector<std::byte> EvtxBuilder::Build() const {
  std::vector<std::byte> f(4096, std::byte{0});
  std::memcpy(f.data(), "ElfFile", 8);
  uint64_t last_id = 0;
  for (const auto& ci : info_) last_id = ci.last_id > last_id ? ci.last_id : last_id;
  Put(f, 8, 0, 8);
  Put(f, 16, chunks_.size() - 1, 8);
  Put(f, 24, last_id + 1, 8);
  Put(f, 32, 128, 4);
  Put(f, 36, 1, 2);
  Put(f, 38, 3, 2);
  Put(f, 40, 4096, 2);
  Put(f, 42, chunks_.size(), 2);
  Put(f, 120, file_flags, 4);
  Put(f, 124, Crc(f, 0, 120), 4);
  for (size_t i = 0; i < chunks_.size(); ++i) {
    std::vector<std::byte> c = chunks_[i];
    const ChunkInfo& ci = info_[i];
    std::memcpy(c.data(), "ElfChnk", 8);
    Put(c, 8, ci.first_id, 8);
    Put(c, 16, ci.last_id, 8);
    Put(c, 24, ci.first_id, 8);
    Put(c, 32, ci.last_id, 8);
    Put(c, 40, 128, 4);
    Put(c, 44, ci.last_record, 4);
    Put(c, 48, ci.free, 4);
    Put(c, 120, 1, 4);
    f.insert(f.end(), c.begin(), c.end());
    FixEvtxChunkCrcs(f, i);
  }
  return f;
}

void FixEvtxChunkCrcs(std::vector<std::byte>& file, size_t index) {
  const size_t at = EvtxTestChunkOffset(index);
  if (file.size() < at + 512) return;
  uint32_t free = 0;
  for (int i = 0; i < 4; ++i) free |= std::to_integer<uint32_t>(file[at + 48 + i]) << (8 * i);
  if (free >= 512 && at + free <= file.size()) Put(file, at + 52, Crc(file, at + 512, free - 512), 4);
  Put(file, at + 124, Crc(file, at + 128, 384, Crc(file, at, 120)), 4);
}

}  // namespace logrx::testing
