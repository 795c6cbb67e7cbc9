// EvtxBuilder: writes synthetic EVTX files for tests and fuzz seeds, byte by byte from
// the format description (docs/formats/evtx.md), independent of the reader's code.
//
//   EvtxBuilder b;  b.AddRecord({.id = 1, .event_id = 7036, .data = "up"});
//   std::vector<std::byte> file = b.Build();   // header + chunks, CRCs correct
//
// Records use one template per chunk (inline definition in the chunk's first record,
// referenced by offset afterwards), like Windows. Not thread-safe.
#ifndef LOGRX_TESTS_SUPPORT_EVTX_BUILDER_H_
#define LOGRX_TESTS_SUPPORT_EVTX_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace logrx::testing {

struct EvtxTestRecord {
  uint64_t id = 1;
  uint16_t event_id = 7036;
  int64_t time = 131445753882141616;  // 2017-07-12T17:16:28.2141616Z
  std::string data = "value";         // ASCII; EventData <Data Name="param1">
  bool has_qualifiers = false;
  uint16_t qualifiers = 0;
  uint8_t level = 4;
};

// Token-level BinXML writer into a chunk buffer at chunk-relative positions.
class BinXmlWriter {
 public:
  BinXmlWriter(std::vector<std::byte>& chunk, uint32_t pos) : c_(chunk), pos_(pos) {}
  uint32_t pos() const { return pos_; }
  void U8(uint8_t v);
  void U16(uint16_t v);
  void U32(uint32_t v);
  void U64(uint64_t v);
  void Utf16(std::string_view ascii);  // no terminator
  void FragmentHeader();
  // OpenStartElement with an inline name; with_dependency_id false writes the
  // WEC-producer layout (no u16 dependency id).
  void Open(std::string_view name, bool has_attributes, bool with_dependency_id = true);
  void Attribute(std::string_view name);
  void Text(std::string_view ascii);  // Value token, WString
  void CloseStart() { U8(0x02); }
  void CloseEmpty() { U8(0x03); }
  void End() { U8(0x04); }
  void Eof() { U8(0x00); }
  void Subst(uint16_t index, uint8_t type, bool optional = false);
  // <name> without attributes (OpenStartElement, CloseStart); then one substitution or
  // one text and its End.
  void Start(std::string_view name) {
    Open(name, false);
    CloseStart();
  }
  void SubstElement(std::string_view name, uint16_t index, uint8_t type, bool optional = false) {
    Start(name);
    Subst(index, type, optional);
    End();
  }
  void TextElement(std::string_view name, std::string_view ascii) {
    Start(name);
    Text(ascii);
    End();
  }

 private:
  void InlineName(std::string_view name);
  std::vector<std::byte>& c_;
  uint32_t pos_;
};

// A template definition at `at` in `chunk` (next-definition offset 0, the 16-byte GUID
// `guid_a guid_b guid_c`, data size, then a fragment whose body `body(BinXmlWriter&)`
// writes, and EOF); returns the position after it. The GUID's first u32 is the template
// id instances name.
template <typename F>
uint32_t WriteTemplateDefinition(std::vector<std::byte>& chunk, uint32_t at, uint32_t guid_a,
                                 uint32_t guid_b, uint64_t guid_c, F&& body) {
  BinXmlWriter head(chunk, at);
  head.U32(0);
  head.U32(guid_a);
  head.U32(guid_b);
  head.U64(guid_c);
  const uint32_t size_at = head.pos();
  head.U32(0);
  BinXmlWriter w(chunk, head.pos());
  w.FragmentHeader();
  body(w);
  w.Eof();
  BinXmlWriter size(chunk, size_at);
  size.U32(w.pos() - size_at - 4);
  return w.pos();
}

class EvtxBuilder {
 public:
  EvtxBuilder() { NewChunk(); }
  void NewChunk();
  // Appends a templated record to the current chunk; returns its absolute file offset.
  uint64_t AddRecord(const EvtxTestRecord& r);
  // Appends a record whose BinXML is written by `fill` (token writer at the data start).
  template <typename F>
  uint64_t AddRawRecord(uint64_t id, int64_t written, F&& fill) {
    const uint32_t start = BeginRecord(id, written);
    BinXmlWriter w(chunks_.back(), start + 24);
    fill(w);
    return EndRecord(start, w.pos());
  }
  size_t chunk_count() const { return chunks_.size(); }
  // The file: header (chunk count, next id, flags, CRC) and every chunk (free-space
  // offset, record ids, CRCs).
  std::vector<std::byte> Build() const;
  uint32_t file_flags = 0;
  // The <Computer> text of the templates AddRecord defines from now on; empty: no
  // <Computer> element (as some forwarded and exported logs have).
  std::string computer = "HOST1";

 private:
  uint32_t BeginRecord(uint64_t id, int64_t written);
  uint64_t EndRecord(uint32_t start, uint32_t end);
  struct ChunkInfo {
    uint32_t free = 512;
    uint32_t last_record = 0;
    uint64_t first_id = 0, last_id = 0;
    uint32_t template_offset = 0;  // 0 = not yet defined in this chunk
  };
  std::vector<std::vector<std::byte>> chunks_;
  std::vector<ChunkInfo> info_;
};

// Recomputes chunk `index`'s header and records CRC32s in a built file (after a test
// edited bytes and wants only its own corruption to show).
void FixEvtxChunkCrcs(std::vector<std::byte>& file, size_t index);
uint64_t EvtxTestChunkOffset(size_t index);

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_EVTX_BUILDER_H_
