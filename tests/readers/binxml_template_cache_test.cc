// The cross-chunk template cache of BinXmlChunk: a definition parsed in one chunk is
// reused in a later chunk only when parsing it there would give the same nodes. Chunks
// here reuse a template's GUID, size and often its offset with other names, other bytes,
// damage or offsets that fail the parser's checks; every record must decode exactly as a
// fresh decoder (no cache) decodes it, and the cache must be used where it may be.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/arena.h"
#include "core/event.h"
#include "readers/evtx/binxml_parser.h"
#include "readers/evtx/binxml_value.h"
#include "readers/evtx/evtx_event_builder.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

using testing::BinXmlWriter;

class TChunk {
 public:
  TChunk() : bytes_(65536, std::byte{0}) {}
  void Skip(uint32_t n) { pos_ += n; }
  // A template definition whose GUID starts with `guid` (the instances' template id).
  template <typename F>
  uint32_t Define(uint32_t guid, F&& body) {
    const uint32_t def = pos_;
    pos_ = testing::WriteTemplateDefinition(bytes_, pos_, guid, 0x11111111, 0x2222222222222222,
                                            std::forward<F>(body));
    return def;
  }
  // A name entry outside any fragment, for references by offset.
  uint32_t Name(std::string_view text) {
    const uint32_t at = pos_;
    BinXmlWriter w(bytes_, pos_);
    w.U32(0);
    w.U16(0);
    w.U16(static_cast<uint16_t>(text.size()));
    w.Utf16(text);
    w.U16(0);
    pos_ = w.pos();
    return at;
  }
  // A record: one instance of the template at `def` with one WString value.
  std::pair<uint32_t, uint32_t> Record(uint32_t def, uint32_t guid, std::string_view value) {
    const uint32_t begin = pos_;
    BinXmlWriter w(bytes_, pos_);
    w.FragmentHeader();
    w.U8(0x0C);
    w.U8(1);
    w.U32(guid);
    w.U32(def);
    w.U32(1);
    w.U16(static_cast<uint16_t>(value.size() * 2));
    w.U8(kValueWString);
    w.U8(0);
    w.Utf16(value);
    w.Eof();
    pos_ = w.pos();
    return {begin, pos_};
  }
  std::vector<std::byte>& bytes() { return bytes_; }
  std::span<const std::byte> view() const { return bytes_; }

 private:
  std::vector<std::byte> bytes_;
  uint32_t pos_ = 512;
};

// An element opened by reference to the name entry at `name` (not inline).
void OpenByRef(BinXmlWriter& w, uint32_t name) {
  w.U8(0x01);
  w.U16(0xFFFF);
  w.U32(0);
  w.U32(name);
}

struct Rec {
  size_t chunk;
  std::pair<uint32_t, uint32_t> range;
};

std::string Decode(BinXmlChunk& bx, EventBuilder& b, std::pair<uint32_t, uint32_t> r) {
  Arena arena;
  std::vector<Field> fields;
  Event ev;
  b.Begin(&arena, &fields, &ev);
  bx.ClearAnomalies();
  BinXmlError err;
  const bool ok = bx.Render(r.first, r.second, b, err);
  b.Finish();
  return fmt::format("ok={} err={}@0x{:x}/0x{:x} surrogates={} out_of_range={} xml={}", ok,
                     err.what ? err.what : "", err.offset, err.detail,
                     bx.anomalies().lone_surrogates, bx.anomalies().substitution_out_of_range,
                     ev.xml);
}

struct Run {
  std::vector<std::string> out;
  uint64_t reused = 0, parsed = 0;
};

// One decoder and builder for all chunks in order (the cache warm from earlier chunks).
Run Shared(const std::vector<TChunk>& chunks, const std::vector<Rec>& recs) {
  Run run;
  BinXmlChunk bx;
  EventBuilder b(true);
  size_t current = chunks.size();
  for (const Rec& r : recs) {
    if (r.chunk != current) bx.Reset(chunks[r.chunk].view());
    current = r.chunk;
    run.out.push_back(Decode(bx, b, r.range));
  }
  run.reused = bx.templates_reused();
  run.parsed = bx.templates_parsed();
  return run;
}

// A new decoder and builder per chunk: nothing carried over.
std::vector<std::string> Fresh(const std::vector<TChunk>& chunks, const std::vector<Rec>& recs) {
  std::vector<std::string> out;
  for (const Rec& r : recs) {
    BinXmlChunk bx;
    EventBuilder b(true);
    bx.Reset(chunks[r.chunk].view());
    // Earlier records of the same chunk first, as the shared run decoded them.
    for (const Rec& e : recs) {
      if (&e == &r) break;
      if (e.chunk == r.chunk) (void)Decode(bx, b, e.range);
    }
    out.push_back(Decode(bx, b, r.range));
  }
  return out;
}

constexpr uint32_t kGuid = 0x5EED0001;

// <Event><Elem>%0</Elem></Event> with an inline element name.
void SimpleBody(BinXmlWriter& w, std::string_view elem) {
  w.Start("Event");
  w.SubstElement(elem, 0, kValueWString);
  w.End();
}

// <Event Name="x"><Alpha>%0</Alpha></Event>: a template with an attribute name and two
// element names, each a name reference the template cache must check.
void WriteNamedAlpha(BinXmlWriter& w) {
  w.Open("Event", true);
  w.Attribute("Name");
  w.Text("x");
  w.CloseStart();
  w.SubstElement("Alpha", 0, kValueWString);
  w.End();
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("binxml: a record of the common shape with something after its values") {
  // Fragment header, one instance of a parsed template, its values: then an EOF token
  // (read), nothing (read), an unknown token (the record fails at it), a second fragment
  // header and EOF (read); and values that run past the record, or a count too large.
  TChunk c;
  const uint32_t def = c.Define(kGuid, [](BinXmlWriter& w) { SimpleBody(w, "Alpha"); });
  std::vector<std::pair<uint32_t, uint32_t>> recs;
  for (int k = 0; k < 6; ++k) recs.push_back(c.Record(def, kGuid, "v"));
  auto& b = c.bytes();
  const uint32_t value_end = recs[0].second - 1;  // the EOF token
  recs[1].second -= 1;                                                 // no EOF
  b[recs[2].second - 1] = std::byte{0x7F};                             // unknown token
  b[recs[3].second - 1] = std::byte{0x0F};                             // fragment header,
  recs[3].second += 4;                                                 // then EOF (zero)
  b[recs[4].first + 18] = std::byte{0x40};                             // value size 64
  b[recs[5].first + 14] = std::byte{0x40};                             // count 64
  BinXmlChunk bx;
  EventBuilder builder(true);
  bx.Reset(c.view());
  std::vector<std::string> out;
  for (const auto& r : recs) out.push_back(Decode(bx, builder, r));
  const std::string good = "ok=true err=@0x0/0x0 surrogates=0 out_of_range=0 xml=<Event><Alpha>v"
                           "</Alpha></Event>";
  CHECK(value_end == recs[0].second - 1);
  CHECK(out[0] == good);
  CHECK(out[1] == good);
  CHECK(out[2] == fmt::format("ok=false err=unknown BinXML token@0x{:x}/0x7f surrogates=0 "
                              "out_of_range=0 xml=",
                              recs[2].second - 1));
  CHECK(out[3] == good);
  CHECK(out[4] == fmt::format("ok=false err=template value runs past its record@0x{:x}/0x0 "
                              "surrogates=0 out_of_range=0 xml=",
                              recs[4].first + 18));
  CHECK(out[5] == fmt::format("ok=false err=template value count too large@0x{:x}/0x40 "
                              "surrogates=0 out_of_range=0 xml=",
                              recs[5].first + 14));
}

TEST_CASE("template cache: an equal definition is reused at another offset, names inline") {
  std::vector<TChunk> chunks(3);
  std::vector<Rec> recs;
  for (size_t i = 0; i < chunks.size(); ++i) {
    chunks[i].Skip(static_cast<uint32_t>(40 * i));  // another offset in every chunk
    const uint32_t def = chunks[i].Define(kGuid, [](BinXmlWriter& w) { SimpleBody(w, "Alpha"); });
    recs.push_back({i, chunks[i].Record(def, kGuid, fmt::format("v{}", i))});
    recs.push_back({i, chunks[i].Record(def, kGuid, "w")});
  }
  const Run shared = Shared(chunks, recs);
  CHECK(shared.out == Fresh(chunks, recs));
  CHECK(shared.parsed == 1);
  CHECK(shared.reused == 2);
  CHECK(shared.out[4].find("<Alpha>v2</Alpha>") != std::string::npos);
}

TEST_CASE("template cache: the same offset and bytes but another inline name is parsed again") {
  std::vector<TChunk> chunks(3);
  std::vector<Rec> recs;
  const char* names[] = {"Alpha", "Bravo", "Alpha"};
  for (size_t i = 0; i < chunks.size(); ++i) {
    const char* name = names[i];
    const uint32_t def = chunks[i].Define(kGuid, [name](BinXmlWriter& w) { SimpleBody(w, name); });
    recs.push_back({i, chunks[i].Record(def, kGuid, "v")});
  }
  const Run shared = Shared(chunks, recs);
  CHECK(shared.out == Fresh(chunks, recs));
  CHECK(shared.out[1].find("<Bravo>v</Bravo>") != std::string::npos);
  CHECK(shared.out[2].find("<Alpha>v</Alpha>") != std::string::npos);
  CHECK(shared.parsed == 2);  // Alpha, Bravo; the third chunk reuses Alpha
  CHECK(shared.reused == 1);
}

TEST_CASE("template cache: a name referenced by offset is the chunk's own") {
  // Both chunks: a name entry at the same offset, then the same template bytes that name
  // their element by that offset; the entry holds another name in the second chunk.
  std::vector<TChunk> chunks(2);
  std::vector<Rec> recs;
  const char* names[] = {"Alpha", "Bravo"};
  for (size_t i = 0; i < chunks.size(); ++i) {
    const uint32_t name = chunks[i].Name(names[i]);
    const uint32_t def = chunks[i].Define(kGuid, [name](BinXmlWriter& w) {
      OpenByRef(w, name);
      w.CloseStart();
      w.Subst(0, kValueWString);
      w.End();
    });
    recs.push_back({i, chunks[i].Record(def, kGuid, "v")});
  }
  const Run shared = Shared(chunks, recs);
  CHECK(shared.out == Fresh(chunks, recs));
  CHECK(shared.out[0].find("<Alpha>v</Alpha>") != std::string::npos);
  CHECK(shared.out[1].find("<Bravo>v</Bravo>") != std::string::npos);
  CHECK(shared.reused == 0);
}

TEST_CASE("template cache: a damaged copy of a cached template is reported as before") {
  // Same GUID, size and offset; the copies differ by one byte each: an unknown token, a
  // substitution index, an attribute name offset outside the chunk, an element name that
  // points forward (the parser's plausibility test), a lone surrogate in text.
  std::vector<TChunk> chunks(6);
  std::vector<Rec> recs;
  uint32_t body_at = 0;
  for (size_t i = 0; i < chunks.size(); ++i) {
    const uint32_t def = chunks[i].Define(kGuid, [&body_at](BinXmlWriter& w) {
      body_at = w.pos();
      WriteNamedAlpha(w);
    });
    recs.push_back({i, chunks[i].Record(def, kGuid, "v")});
  }
  // Offsets in the body: Open 0x41 at +0, dependency id +1, size +3, name ref +7, inline
  // name entry +11 (8 + 2*5 + 2 = 20 bytes), attribute list size +31, Attribute token +35,
  // its name ref +36, entry +40 (8 + 2*4 + 2 = 18), Value token +58 (type, size, "x" at
  // +62), CloseStart +64, Open "Alpha" +65 (name ref +72), ... substitution index after.
  auto at = [&](size_t chunk, uint32_t off) -> std::byte& {
    return chunks[chunk].bytes()[body_at + off];
  };
  REQUIRE(at(0, 0) == std::byte{0x41});
  REQUIRE(at(0, 35) == std::byte{0x06});
  REQUIRE(at(0, 58) == std::byte{0x05});
  REQUIRE(at(0, 65) == std::byte{0x01});
  at(1, 64) = std::byte{0x7F};  // unknown token instead of CloseStart
  at(2, 36) = std::byte{0xF0};  // attribute name offset far outside the chunk
  at(2, 37) = std::byte{0xFF};
  at(2, 38) = std::byte{0xFF};
  at(2, 39) = std::byte{0xFF};
  // Element name offset pointing forward into the chunk (not inline, not before it).
  const uint32_t forward = body_at + 200;
  for (uint32_t k = 0; k < 4; ++k) {
    at(3, 72 + k) = static_cast<std::byte>((forward >> (8 * k)) & 0xFF);
  }
  at(4, 62) = std::byte{0x00};  // "x" -> U+D800, a lone surrogate
  at(4, 63) = std::byte{0xD8};
  const Run shared = Shared(chunks, recs);
  const std::vector<std::string> fresh = Fresh(chunks, recs);
  REQUIRE(shared.out.size() == fresh.size());
  for (size_t i = 0; i < fresh.size(); ++i) {
    CAPTURE(i);
    CHECK(shared.out[i] == fresh[i]);
  }
  CHECK(shared.out[0].find("ok=true") == 0);
  CHECK(shared.out[1].find("ok=false err=unknown BinXML token") == 0);
  CHECK(shared.out[2].find("ok=false err=name offset outside chunk") == 0);
  CHECK(shared.out[3].find("ok=true") != 0);
  CHECK(shared.out[4].find("surrogates=1") != std::string::npos);
  CHECK(shared.out[5] == shared.out[0]);
  CHECK(shared.reused == 1);  // only the intact copy in the last chunk
}

TEST_CASE("template cache: a copy that differs in any one byte decodes as a fresh decoder does") {
  // The cache compares a definition with a cached one byte for byte, except where names
  // are referenced (those are compared as names). Every byte of the copy in the second
  // chunk, changed in turn: the shared decoder must give what a fresh decoder gives.
  uint32_t body_at = 0, body_end = 0;
  auto make = [&](TChunk& c) {
    const uint32_t def = c.Define(kGuid, [&](BinXmlWriter& w) {
      body_at = w.pos();
      WriteNamedAlpha(w);
      body_end = w.pos();
    });
    return c.Record(def, kGuid, "v");
  };
  {
    TChunk layout;
    (void)make(layout);  // sets body_at and body_end: the same in every chunk
  }
  REQUIRE(body_end > body_at + 60);
  size_t parsed_again = 0;
  for (uint32_t off = body_at; off < body_end; ++off) {
    for (const uint8_t mask : {uint8_t{0x01}, uint8_t{0x40}}) {
      std::vector<TChunk> chunks(2);
      const auto r0 = make(chunks[0]);
      const auto r1 = make(chunks[1]);
      chunks[1].bytes()[off] ^= std::byte{mask};
      const std::vector<Rec> recs = {{0, r0}, {1, r1}};
      const Run shared = Shared(chunks, recs);
      const std::vector<std::string> fresh = Fresh(chunks, recs);
      CAPTURE(off - body_at);
      CAPTURE(mask);
      REQUIRE(shared.out.size() == 2);
      CHECK(shared.out[0] == fresh[0]);
      CHECK(shared.out[1] == fresh[1]);
      parsed_again += shared.parsed - 1;
    }
  }
  // Nearly every change makes the copy differ from the cached one: it is parsed again.
  CHECK(parsed_again > body_end - body_at);
}

}

}  // namespace logrx::readers
