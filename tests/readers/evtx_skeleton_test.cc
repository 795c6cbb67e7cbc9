// Template skeletons (EventBuilder::RenderTemplate) against the node-by-node path: the
// same BinXML decoded both ways must give the same Event, fields, XML, anomalies and
// errors. Hand-built chunks cover normal, optional-null, nested-BinXML, array, malformed,
// out-of-range, budget and unusual-template records; the corpus case runs every record of
// every .evtx file under ../shared/corpus both ways and reports how many took each path.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
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

struct Val {
  uint8_t type;
  std::vector<std::byte> bytes;
};

std::vector<std::byte> Bytes(std::initializer_list<int> b) {
  std::vector<std::byte> out;
  for (int x : b) out.push_back(static_cast<std::byte>(x));
  return out;
}
Val WStr(std::string_view s) {
  Val v{kValueWString, {}};
  for (char c : s) {
    v.bytes.push_back(static_cast<std::byte>(c));
    v.bytes.push_back(std::byte{0});
  }
  return v;
}
Val U16(uint16_t x) { return Val{kValueUInt16, Bytes({x & 0xFF, x >> 8})}; }
Val U32(uint32_t x) {
  return Val{kValueUInt32, Bytes({static_cast<int>(x & 0xFF), static_cast<int>((x >> 8) & 0xFF),
                                  static_cast<int>((x >> 16) & 0xFF), static_cast<int>(x >> 24)})};
}
Val Filetime(uint64_t t) {
  Val v{kValueFiletime, {}};
  for (int i = 0; i < 8; ++i) v.bytes.push_back(static_cast<std::byte>((t >> (8 * i)) & 0xFF));
  return v;
}
Val Null() { return Val{kValueNull, {}}; }

void Put32(std::vector<std::byte>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFF));
}

// A fragment holding one instance of the template defined at `def` (not inline): the
// bytes do not depend on where they are placed, so they can also be a nested value.
std::vector<std::byte> Instance(uint32_t def, const std::vector<Val>& vals) {
  std::vector<std::byte> out = Bytes({0x0F, 1, 1, 0, 0x0C, 1});
  Put32(out, def);  // template id: the definition's GUID starts with its offset
  Put32(out, def);
  Put32(out, static_cast<uint32_t>(vals.size()));
  for (const Val& v : vals) {
    out.push_back(static_cast<std::byte>(v.bytes.size() & 0xFF));
    out.push_back(static_cast<std::byte>(v.bytes.size() >> 8));
    out.push_back(static_cast<std::byte>(v.type));
    out.push_back(std::byte{0});
  }
  for (const Val& v : vals) out.insert(out.end(), v.bytes.begin(), v.bytes.end());
  out.push_back(std::byte{0});  // EOF
  return out;
}
Val Nested(uint32_t def, const std::vector<Val>& vals) { return Val{kValueBinXml, Instance(def, vals)}; }

// One chunk: template definitions first, then records' BinXML.
class Chunk {
 public:
  Chunk() : bytes_(65536, std::byte{0}) {}
  template <typename F>
  uint32_t Define(F&& body) {
    const uint32_t def = pos_;
    // GUID: the definition's offset, then zeros (the template id is its first u32).
    pos_ = testing::WriteTemplateDefinition(bytes_, pos_, def, 0, 0, std::forward<F>(body));
    return def;
  }
  // Returns the record's [begin, end).
  std::pair<uint32_t, uint32_t> Record(const std::vector<std::byte>& binxml) {
    const uint32_t begin = pos_;
    std::memcpy(bytes_.data() + pos_, binxml.data(), binxml.size());
    pos_ += static_cast<uint32_t>(binxml.size());
    return {begin, pos_};
  }
  std::span<const std::byte> bytes() const { return bytes_; }

 private:
  std::vector<std::byte> bytes_;
  uint32_t pos_ = 512;
};

std::string Hex(std::span<const std::byte> b) {
  std::string s;
  for (std::byte x : b) s += fmt::format("{:02X}", static_cast<unsigned>(x));
  return s;
}

// Everything one record's decoding shows.
std::string Summary(const Event& e, const std::vector<Field>& fields, const EventBuilder& b,
                    const BinXmlChunk& bx, bool ok, const BinXmlError& err) {
  std::string s = fmt::format(
      "ok={} err={}@{}/{} id={} q={}/{} v={} l={} t={} o={} k={:x} p={} th={} time={} rid={}\n"
      "prov={}|{}|{} ch={} comp={} sid={} msg={} lt={} tt={} ud={} bin={}\n",
      ok, err.what ? err.what : "", err.offset, err.detail, e.event_id, e.has_qualifiers,
      e.qualifiers, e.version, e.level, e.task, e.opcode, e.keywords, e.process_id, e.thread_id,
      e.time_created, e.record_id, e.provider, e.provider_guid, e.event_source, e.channel,
      e.computer, e.user_sid, e.message, e.level_text, e.task_text, e.data_is_user_data,
      Hex(e.binary));
  for (const Field& f : fields) s += fmt::format("  [{}]=[{}]\n", f.name, f.value);
  s += fmt::format("malformed={} surrogates={} deep={} added={} anomalies={}/{}/{}\n",
                   b.malformed_values(), b.lone_surrogates(), b.too_deep(), b.fields_added(),
                   bx.anomalies().substitution_out_of_range, bx.anomalies().lone_surrogates,
                   bx.anomalies().malformed_values);
  s += e.xml;
  return s;
}

struct Decoded {
  std::string summary;
  uint64_t skeleton = 0, declined = 0;
  std::string xml;
  uint64_t record_id = 0;
  uint32_t malformed = 0, surrogates = 0;
};

// Decodes the records in order with a fresh decoder and builder, skeletons on or off.
// `event_fields` false: an XML-only builder (EventBuilder's second argument).
std::vector<Decoded> DecodeAll(std::span<const std::byte> chunk,
                               const std::vector<std::pair<uint32_t, uint32_t>>& records,
                               bool skeletons, bool render_xml = true,
                               bool event_fields = true) {
  BinXmlChunk bx;
  bx.Reset(chunk);
  EventBuilder b(render_xml, event_fields);
  b.set_use_skeletons(skeletons);
  std::vector<Decoded> out;
  for (const auto& r : records) {
    Arena arena;
    std::vector<Field> fields;
    Event ev;
    const uint64_t sk = b.skeleton_records(), de = b.skeleton_declined();
    b.Begin(&arena, &fields, &ev);
    bx.ClearAnomalies();
    BinXmlError err;
    const bool ok = bx.Render(r.first, r.second, b, err);
    b.Finish();
    out.push_back(Decoded{Summary(ev, fields, b, bx, ok, err), b.skeleton_records() - sk,
                          b.skeleton_declined() - de, std::string(ev.xml), ev.record_id,
                          b.malformed_values(), b.lone_surrogates()});
  }
  return out;
}

// What an XML-only builder promises the same both ways: the XML, the record id and the
// counted anomalies (numbers and times a value sets directly may differ).
bool XmlOnlySame(const Decoded& a, const Decoded& b) {
  return a.xml == b.xml && a.record_id == b.record_id && a.malformed == b.malformed &&
         a.surrogates == b.surrogates;
}

// Both paths agree on every record; returns the skeleton path's results.
std::vector<Decoded> Both(const Chunk& c, const std::vector<std::pair<uint32_t, uint32_t>>& recs) {
  std::vector<Decoded> fast = DecodeAll(c.bytes(), recs, true);
  const std::vector<Decoded> slow = DecodeAll(c.bytes(), recs, false);
  REQUIRE(fast.size() == slow.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    CAPTURE(i);
    CHECK(fast[i].summary == slow[i].summary);
    CHECK(slow[i].skeleton + slow[i].declined == 0);
  }
  const std::vector<Decoded> fast_noxml = DecodeAll(c.bytes(), recs, true, false);
  const std::vector<Decoded> slow_noxml = DecodeAll(c.bytes(), recs, false, false);
  for (size_t i = 0; i < fast.size(); ++i) CHECK(fast_noxml[i].summary == slow_noxml[i].summary);
  const std::vector<Decoded> fast_xml_only = DecodeAll(c.bytes(), recs, true, true, false);
  const std::vector<Decoded> slow_xml_only = DecodeAll(c.bytes(), recs, false, true, false);
  for (size_t i = 0; i < fast.size(); ++i) {
    CHECK(XmlOnlySame(fast_xml_only[i], slow_xml_only[i]));
    CHECK(fast_xml_only[i].xml == fast[i].xml);
  }
  return fast;
}

// <Data Name="name">%index</Data>
void NamedData(BinXmlWriter& w, std::string_view name, uint16_t index, uint8_t type,
               bool optional = false) {
  w.Open("Data", true);
  w.Attribute("Name");
  w.Text(name);
  w.CloseStart();
  w.Subst(index, type, optional);
  w.End();
}

// Event/System with the usual substitutions, then EventData from `event_data`.
template <typename F>
uint32_t DefineEvent(Chunk& c, F&& event_data) {
  return c.Define([&](BinXmlWriter& w) {
    w.Open("Event", true);
    w.Attribute("xmlns");
    w.Text("http://schemas.microsoft.com/win/2004/08/events/event");
    w.CloseStart();
    w.Start("System");
    w.Open("Provider", true);
    w.Attribute("Name");
    w.Text("Service Control Manager");
    w.Attribute("Guid");
    w.Subst(5, kValueWString, true);
    w.CloseEmpty();
    w.Open("EventID", true);
    w.Attribute("Qualifiers");
    w.Subst(1, kValueUInt16, true);
    w.CloseStart();
    w.Subst(0, kValueUInt16);
    w.End();
    w.Open("TimeCreated", true);
    w.Attribute("SystemTime");
    w.Subst(2, kValueFiletime);
    w.CloseEmpty();
    w.TextElement("Channel", "Sys<tem>");
    w.SubstElement("Computer", 3, kValueWString, true);
    w.End();  // System
    event_data(w);
    w.End();  // Event
  });
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("evtx skeleton: normal and optional-null substitutions give the node-by-node result") {
  Chunk c;
  const uint32_t def = DefineEvent(c, [](BinXmlWriter& w) {
    w.Start("EventData");
    NamedData(w, "param1", 4, kValueWString, true);
    w.Open("Data", true);
    w.Attribute("Name");
    w.Text("param2");
    w.CloseEmpty();
    w.End();
  });
  const auto r1 = c.Record(Instance(def, {U16(7036), U16(16384), Filetime(131445753882141616),
                                          WStr("HOST"), WStr("a&b"), WStr("{G}")}));
  const auto r2 = c.Record(Instance(def, {U16(7040), Null(), Filetime(1), Null(), Null(),
                                          Val{kValueWString, {}}}));
  // EventID from a value of another type: a 3-byte UInt16 (hex text "010203", which
  // parses as decimal), a negative Int16 (not a number to EventID), a HexInt64.
  auto id_as = [&](Val id) {
    return c.Record(Instance(def, {std::move(id), Null(), Filetime(1), Null(), Null(), Null()}));
  };
  const auto r3 = id_as(Val{kValueUInt16, Bytes({1, 2, 3})});
  const auto r4 = id_as(Val{kValueInt16, Bytes({0xFB, 0xFF})});
  const auto r5 = id_as(Val{kValueHexInt64, Bytes({0x2A, 0, 0, 0, 0, 0, 0, 0})});
  // A NULL value where the number goes: empty element text, no number.
  const auto r6 = id_as(Null());
  const std::vector<Decoded> d = Both(c, {r1, r2, r3, r4, r5, r6});
  CHECK(d[0].skeleton == 1);
  CHECK(d[1].skeleton == 1);
  CHECK(d[2].summary.find("id=10203 ") != std::string::npos);
  CHECK(d[3].summary.find("id=0 ") != std::string::npos);
  CHECK(d[3].xml.find("<EventID>-5</EventID>") != std::string::npos);
  CHECK(d[4].summary.find("id=42 ") != std::string::npos);
  CHECK(d[4].xml.find("<EventID>0x2a</EventID>") != std::string::npos);
  CHECK(d[5].skeleton == 1);
  CHECK(d[5].summary.find("id=0 ") != std::string::npos);
  CHECK(d[5].xml.find("<EventID></EventID>") != std::string::npos);
  CHECK(d[0].xml.find("<EventID Qualifiers=\"16384\">7036</EventID>") != std::string::npos);
  CHECK(d[0].xml.find("<Channel>Sys&lt;tem&gt;</Channel>") != std::string::npos);
  CHECK(d[0].xml.find("<Data Name=\"param1\">a&amp;b</Data>") != std::string::npos);
  CHECK(d[0].summary.find("[param2]=[]") != std::string::npos);
  // Optional nulls: no Qualifiers attribute, no Guid attribute, empty Computer.
  CHECK(d[1].xml.find("<EventID>7040</EventID>") != std::string::npos);
  CHECK(d[1].xml.find("Guid=") == std::string::npos);
  CHECK(d[1].xml.find("<Computer></Computer>") != std::string::npos);
}

TEST_CASE("evtx skeleton: nested BinXML values (EventData, UserData) and where they decline") {
  Chunk c;
  const uint32_t data = c.Define([](BinXmlWriter& w) {
    w.Start("EventData");
    NamedData(w, "p", 0, kValueUInt32);
    w.SubstElement("Binary", 1, kValueBinary, true);
    w.End();
  });
  const uint32_t user = c.Define([](BinXmlWriter& w) {
    w.Start("UserData");
    w.Start("Wrap");
    w.SubstElement("Leaf", 0, kValueWString);
    w.End();
    w.End();
  });
  const uint32_t outer = DefineEvent(c, [](BinXmlWriter& w) { w.Subst(4, kValueBinXml, true); });
  const uint32_t in_data = DefineEvent(c, [](BinXmlWriter& w) {
    w.Start("EventData");
    w.SubstElement("Data", 4, kValueBinXml);
    w.End();
  });
  const std::vector<Val> sys = {U16(1), U16(2), Filetime(3), WStr("H")};
  auto with = [&](uint32_t def, Val v) {
    std::vector<Val> vals = sys;
    vals.push_back(std::move(v));
    vals.push_back(WStr("{G}"));  // 5: Provider Guid
    return Instance(def, vals);
  };
  const auto r1 = c.Record(with(outer, Nested(data, {U32(42), Val{kValueBinary, Bytes({1, 0xAB})}})));
  const auto r2 = c.Record(with(outer, Nested(user, {WStr("leaf value")})));
  // A nested value inside <Data> (a capturing element): node by node.
  const auto r3 = c.Record(with(in_data, Nested(user, {WStr("x")})));
  // A nested value that is not one instance (two in a row): node by node.
  std::vector<std::byte> two = Instance(user, {WStr("1")});
  two.pop_back();  // no EOF: the next instance follows
  const std::vector<std::byte> second = Instance(user, {WStr("2")});
  two.insert(two.end(), second.begin() + 4, second.end());
  const auto r4 = c.Record(with(outer, Val{kValueBinXml, two}));
  // A nested value whose template offset is inside the chunk header: an error either way.
  const auto r5 = c.Record(with(outer, Nested(100, {})));
  // The UserData template inside <EventData> (not a capturing element): another skeleton
  // than the one for it inside <Event>, in the same chunk, both used again after.
  const uint32_t in_event_data = DefineEvent(c, [](BinXmlWriter& w) {
    w.Start("EventData");
    w.Subst(4, kValueBinXml);
    w.End();
  });
  const auto r6 = c.Record(with(in_event_data, Nested(user, {WStr("y")})));
  const auto r7 = c.Record(with(outer, Nested(user, {WStr("z")})));
  const auto r8 = c.Record(with(in_event_data, Nested(user, {WStr("y2")})));
  const std::vector<Decoded> d = Both(c, {r1, r2, r3, r4, r5, r6, r7, r8});
  CHECK(d[5].skeleton == 1);
  CHECK(d[6].skeleton == 1);
  CHECK(d[7].skeleton == 1);
  CHECK(d[5].summary.find("[Leaf]=[y]") == std::string::npos);
  CHECK(d[5].xml.find("<EventData><UserData><Wrap><Leaf>y</Leaf>") != std::string::npos);
  CHECK(d[6].summary.find("[Leaf]=[z]") != std::string::npos);
  CHECK(d[7].summary.find("[Leaf]=[y2]") == std::string::npos);
  CHECK(d[0].skeleton == 1);
  CHECK(d[1].skeleton == 1);
  CHECK(d[2].declined == 1);
  CHECK(d[3].declined == 1);
  CHECK(d[4].declined == 1);
  CHECK(d[0].summary.find("[p]=[42]") != std::string::npos);
  CHECK(d[0].summary.find("bin=01AB") != std::string::npos);
  CHECK(d[1].summary.find("[Leaf]=[leaf value]") != std::string::npos);
  CHECK(d[1].summary.find("ud=true") != std::string::npos);
  CHECK(d[3].xml.find("<Leaf>1</Leaf></Wrap></UserData><UserData>") != std::string::npos);
  CHECK(d[4].summary.find("ok=false") != std::string::npos);
}

TEST_CASE("evtx skeleton: arrays, malformed values and out-of-range substitutions") {
  Chunk c;
  const uint32_t def = DefineEvent(c, [](BinXmlWriter& w) {
    w.Open("EventData", true);
    w.Attribute("Items");
    w.Subst(8, kValueWString | kValueArrayFlag, true);
    w.CloseStart();
    w.SubstElement("Data", 6, kValueWString);
    w.SubstElement("Data", 7, kValueUInt32);
    w.End();
  });
  const std::vector<Val> sys = {U16(1), U16(2), Filetime(3), WStr("H")};
  auto rec = [&](Val a, Val b, Val attr) {
    std::vector<Val> vals = sys;
    vals.push_back(Null());  // 4: unused
    vals.push_back(Null());  // 5: Provider Guid
    vals.push_back(std::move(a));
    vals.push_back(std::move(b));
    vals.push_back(std::move(attr));
    return c.Record(Instance(def, vals));
  };
  Val arr = WStr("one");
  arr.bytes.push_back(std::byte{0});
  arr.bytes.push_back(std::byte{0});
  const Val two = WStr("two");
  arr.bytes.insert(arr.bytes.end(), two.bytes.begin(), two.bytes.end());
  arr.type = kValueWString | kValueArrayFlag;
  const auto r1 = rec(arr, U32(1), Null());                       // repeats <Data>
  const auto r2 = rec(WStr("s"), U32(2), arr);                    // array in an attribute
  const auto r3 = rec(WStr("s"), Val{kValueUInt32, Bytes({1, 2, 3})}, Null());  // malformed
  const auto r4 = rec(Val{kValueWString, Bytes({0x00, 0xD8})}, Val{0x7F, Bytes({9})}, Null());
  const auto r5 = c.Record(Instance(def, sys));                   // indexes 5.. out of range
  // Arrays after text, and in an element whose start tag has a substitution: the
  // node-by-node path repeats whichever start tag came last; node by node.
  const uint32_t other = c.Define([](BinXmlWriter& w) {
    w.Start("Event");
    w.Open("A", true);
    w.Attribute("N");
    w.Text("1");
    w.CloseStart();
    w.Text("t");
    w.Subst(0, kValueWString | kValueArrayFlag);
    w.End();
    w.Open("B", true);
    w.Attribute("N");
    w.Subst(1, kValueWString);
    w.CloseStart();
    w.Subst(2, kValueWString | kValueArrayFlag);
    w.End();
    w.End();
  });
  const auto r6 = c.Record(Instance(other, {arr, WStr("n"), Null()}));
  const auto r7 = c.Record(Instance(other, {Null(), WStr("n"), arr}));
  const auto r8 = c.Record(Instance(other, {Null(), WStr("n"), Null()}));
  const std::vector<Decoded> d = Both(c, {r1, r2, r3, r4, r5, r6, r7, r8});
  CHECK(d[0].skeleton == 1);
  CHECK(d[0].xml.find("<Data>one</Data><Data>two</Data><Data>") != std::string::npos);
  CHECK(d[0].summary.find("  []=[one]\n  []=[two]\n") != std::string::npos);
  CHECK(d[5].declined == 1);
  CHECK(d[5].xml.find("<A N=\"1\">tone</A><A N=\"1\">two</A>") != std::string::npos);
  CHECK(d[6].declined == 1);
  CHECK(d[6].xml.find("<B N=\"n\">one</B><B N=\"n\">two</B>") != std::string::npos);
  CHECK(d[7].skeleton == 1);
  CHECK(d[1].skeleton == 1);
  CHECK(d[1].xml.find("Items=\"one, two\"") != std::string::npos);
  CHECK(d[2].skeleton == 1);
  CHECK(d[2].summary.find("malformed=1") != std::string::npos);
  CHECK(d[3].skeleton == 1);
  CHECK(d[3].summary.find("malformed=1 surrogates=1") != std::string::npos);
  CHECK(d[4].declined == 1);
  CHECK(d[4].summary.find("anomalies=4/") != std::string::npos);
}

TEST_CASE("evtx skeleton: value texts written in place match node by node, long records too") {
  // The skeleton path writes hex, GUIDs, numbers, times and strings straight into the
  // record's XML through room it grows as it goes: every kind of value, well-formed and
  // not, escaped or not, in element content and in an attribute alone, and records far
  // longer than the room opened at a time.
  Chunk c;
  const uint32_t def = DefineEvent(c, [](BinXmlWriter& w) {
    w.Start("EventData");
    w.SubstElement("Binary", 6, kValueBinary);
    NamedData(w, "guid", 7, kValueGuid);
    NamedData(w, "text", 8, kValueWString);
    NamedData(w, "hex64", 9, kValueHexInt64);
    NamedData(w, "u64", 10, kValueUInt64);
    w.Open("Data", true);
    w.Attribute("Name");
    w.Subst(11, kValueWString);
    w.Attribute("Hex");
    w.Subst(12, kValueHexInt32);
    w.CloseStart();
    w.Subst(13, kValueWString);
    w.End();
    w.End();
  });
  auto u64 = [](uint8_t type, uint64_t v, size_t size) {
    Val out{type, {}};
    for (size_t i = 0; i < size; ++i) {
      out.bytes.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFF));
    }
    return out;
  };
  Val guid{kValueGuid, {}};
  for (int i = 0; i < 16; ++i) {
    guid.bytes.push_back(static_cast<std::byte>(0x10 * (i % 16) + 0xA - i % 10));
  }
  Val all_bytes{kValueBinary, {}};
  for (int i = 0; i < 256; ++i) all_bytes.bytes.push_back(static_cast<std::byte>(i));
  // Text that needs escaping (content and attribute rules differ), a lone surrogate.
  Val special = WStr("a<b&\"c\"\r\n\tz");
  special.bytes.push_back(std::byte{0x00});
  special.bytes.push_back(std::byte{0xDC});
  std::string long_text;
  for (int i = 0; i < 3000; ++i) long_text.push_back(static_cast<char>('a' + i % 26));
  uint64_t time = 131445753882141616;
  auto rec = [&](Val bin, Val g, Val text, Val hex64, Val n64, Val name, Val hex32, Val tail) {
    return c.Record(Instance(def, {U16(1), U16(2), Filetime(time), WStr("H"), Null(), Null(),
                                   std::move(bin), std::move(g), std::move(text),
                                   std::move(hex64), std::move(n64), std::move(name),
                                   std::move(hex32), std::move(tail)}));
  };
  const auto r1 = rec(all_bytes, guid, special, u64(kValueHexInt64, 0, 8),
                      u64(kValueUInt64, UINT64_MAX, 8), special,
                      u64(kValueHexInt32, 0xDEADBEEF, 4), WStr(long_text));
  const auto r2 = rec(Val{kValueBinary, Bytes({0xAB})}, guid, WStr(long_text),
                      u64(kValueHexInt64, 0x8000000000000000u, 8), u64(kValueUInt64, 9, 8),
                      WStr(""), u64(kValueHexInt32, 0, 4), WStr(""));
  // Malformed sizes: hex of the bytes, counted.
  const auto r3 = rec(Val{kValueBinary, {}}, Val{kValueGuid, Bytes({1, 2, 3})},
                      Val{kValueWString, Bytes({'o', 0, 'd'})}, u64(kValueHexInt64, 5, 3),
                      u64(kValueUInt64, 10, 2), Val{kValueWString, Bytes({'x'})},
                      u64(kValueHexInt32, 1, 8),
                      Val{kValueBinary, std::vector<std::byte>(17, std::byte{0xEF})});
  // SystemTime past year 9999 and kNoTime: not 28 characters, written another way.
  time = 0x7FFFFFFFFFFFFFFFu;
  const auto r4 = rec(all_bytes, guid, WStr("t"), u64(kValueHexInt64, 1, 8),
                      u64(kValueUInt64, 1, 8), WStr("n"), u64(kValueHexInt32, 1, 4), WStr("t"));
  time = 0x8000000000000000u;
  const auto r5 = rec(all_bytes, guid, WStr("t"), u64(kValueHexInt64, 1, 8),
                      u64(kValueUInt64, 1, 8), WStr("n"), u64(kValueHexInt32, 1, 4), WStr("t"));
  const std::vector<Decoded> d = Both(c, {r1, r2, r3, r4, r5});
  for (const Decoded& x : d) CHECK(x.skeleton == 1);
  std::string hex;
  for (int i = 0; i < 256; ++i) hex += fmt::format("{:02X}", i);
  CHECK(d[0].xml.find("<Binary>" + hex + "</Binary>") != std::string::npos);
  CHECK(d[0].xml.find(">{3728190A-5546-7364-8291-AAB9C8D7E6F5}</Data>") != std::string::npos);
  CHECK(d[0].xml.find(">a&lt;b&amp;\"c\"&#13;\n\tz\xEF\xBF\xBD</Data>") != std::string::npos);
  CHECK(d[0].xml.find("<Data Name=\"a&lt;b&amp;&quot;c&quot;&#13;&#10;&#9;z\xEF\xBF\xBD\" "
                      "Hex=\"0xdeadbeef\">" + long_text + "</Data>") != std::string::npos);
  CHECK(d[0].xml.find(">0x0</Data><Data Name=\"u64\">18446744073709551615</Data>") !=
        std::string::npos);
  CHECK(d[0].summary.find("surrogates=2") != std::string::npos);  // text and Name
  CHECK(d[1].xml.find("<Binary>AB</Binary>") != std::string::npos);
  CHECK(d[1].xml.find(">0x8000000000000000</Data><Data Name=\"u64\">9</Data>") !=
        std::string::npos);
  CHECK(d[1].xml.find("<Data Name=\"\" Hex=\"0x0\"></Data>") != std::string::npos);
  CHECK(d[2].xml.find("<Binary></Binary>") != std::string::npos);
  CHECK(d[2].xml.find("<Data Name=\"guid\">010203</Data>") != std::string::npos);
  CHECK(d[2].summary.find("malformed=6") != std::string::npos);
  CHECK(d[3].xml.find("SystemTime=\"30828-09-14T02:48:05.4775807Z\"") != std::string::npos);
  CHECK(d[4].xml.find("SystemTime=\"\"") != std::string::npos);
}

TEST_CASE("evtx skeleton: templates it does not compile, the work budget, a new chunk") {
  Chunk c;
  // A character reference, and an attribute name given twice: node by node.
  const uint32_t charref = c.Define([](BinXmlWriter& w) {
    w.Start("Event");
    w.U8(0x08);
    w.U16(0x41);
    w.Subst(0, kValueWString);
    w.End();
  });
  const uint32_t dup = c.Define([](BinXmlWriter& w) {
    w.Open("Event", true);
    w.Attribute("A");
    w.Subst(0, kValueWString, true);
    w.Attribute("A");
    w.Text("2");
    w.CloseEmpty();
  });
  // 150 uses of one 58000-byte value exceed the 8 MiB output budget.
  const uint32_t big = c.Define([](BinXmlWriter& w) {
    w.Start("Event");
    for (int i = 0; i < 150; ++i) w.Subst(0, kValueBinary);
    w.End();
  });
  const auto r1 = c.Record(Instance(charref, {WStr("x")}));
  const auto r2 = c.Record(Instance(dup, {WStr("1")}));
  const auto r3 = c.Record(Instance(dup, {Null()}));
  const auto r4 = c.Record(Instance(big, {Val{kValueBinary, std::vector<std::byte>(58000)}}));
  // 150 uses of a 16-byte value: 150 slots could pass the budget in a 64 KiB chunk, their
  // bytes do not.
  const auto r5 = c.Record(Instance(big, {Val{kValueBinary, std::vector<std::byte>(16)}}));
  const std::vector<Decoded> d = Both(c, {r1, r2, r3, r4, r5});
  CHECK(d[0].declined == 1);
  CHECK(d[0].xml == "<Event>&#65;x</Event>");
  CHECK(d[1].declined == 1);
  CHECK(d[1].xml == "<Event A=\"1\" A_=\"2\"/>");
  CHECK(d[2].xml == "<Event A=\"2\"/>");
  CHECK(d[3].declined == 1);
  CHECK(d[3].summary.find("ok=false err=record exceeds the work budget (output bytes)") == 0);
  CHECK(d[4].skeleton == 1);
  CHECK(d[4].xml.size() > 150 * 32);

  // The same slot in the next chunk is another template: no skeleton carries over.
  Chunk c2;
  const uint32_t other = c2.Define([](BinXmlWriter& w) {
    w.Start("Event");
    w.SubstElement("Other", 0, kValueWString);
    w.End();
  });
  const auto s1 = c2.Record(Instance(other, {WStr("v")}));
  Chunk c1;
  const uint32_t first = c1.Define([](BinXmlWriter& w) {
    w.SubstElement("Event", 0, kValueWString);
  });
  const auto f1 = c1.Record(Instance(first, {WStr("v")}));
  REQUIRE(first == other);
  BinXmlChunk bx;
  EventBuilder b(true);
  std::vector<std::string> xml;
  for (const auto& cr :
       {std::pair{&c1, f1}, std::pair{&c2, s1}}) {
    const std::pair<uint32_t, uint32_t> rec = cr.second;
    bx.Reset(cr.first->bytes());
    Arena arena;
    std::vector<Field> fields;
    Event ev;
    b.Begin(&arena, &fields, &ev);
    BinXmlError err;
    CHECK(bx.Render(rec.first, rec.second, b, err));
    b.Finish();
    xml.emplace_back(ev.xml);
  }
  CHECK(b.skeleton_records() == 2);
  CHECK(xml[0] == "<Event>v</Event>");
  CHECK(xml[1] == "<Event><Other>v</Other></Event>");
}

TEST_CASE("evtx skeleton: captured elements whose value has text or elements around it") {
  // A capture ends on its value's op only when the value is the element's last op: a
  // child element after it, text before or after it, a child with a value of its own.
  Chunk c;
  const uint32_t def = c.Define([](BinXmlWriter& w) {
    w.Start("Event");
    w.Start("System");
    w.Start("EventID");
    w.Subst(0, kValueUInt16);
    w.Open("Sub", false);
    w.CloseEmpty();
    w.End();
    w.Start("Level");
    w.Text("4");
    w.Subst(1, kValueUInt8);
    w.End();
    w.End();  // System
    w.Start("UserData");
    w.Start("Wrap");
    w.Start("Outer");
    w.Subst(2, kValueWString);
    w.SubstElement("Inner", 3, kValueWString);
    w.End();
    w.Start("Tail");
    w.Subst(4, kValueWString);
    w.Text("!");
    w.End();
    w.End();
    w.End();
    w.End();
  });
  const auto r1 = c.Record(Instance(def, {U16(7), Val{kValueUInt8, Bytes({2})}, WStr("o"),
                                          WStr("i"), WStr("t")}));
  const auto r2 = c.Record(Instance(def, {U16(8), Null(), Null(), WStr("i"), Null()}));
  const std::vector<Decoded> d = Both(c, {r1, r2});
  CHECK(d[0].skeleton == 1);
  CHECK(d[1].skeleton == 1);
  CHECK(d[0].summary.find("id=7 ") != std::string::npos);
  CHECK(d[0].summary.find(" l=42 ") != std::string::npos);
  CHECK(d[0].summary.find("  [Inner]=[i]\n  [Tail]=[t!]\n") != std::string::npos);
  CHECK(d[0].xml.find("<Outer>o<Inner>i</Inner></Outer>") != std::string::npos);
}

TEST_CASE("evtx skeleton: an XML-only builder keeps the record id and the XML") {
  Chunk c;
  const uint32_t def = c.Define([](BinXmlWriter& w) {
    w.Start("Event");
    w.Start("System");
    w.Open("Provider", true);
    w.Attribute("Name");
    w.Text("Disk");
    w.CloseEmpty();
    w.SubstElement("EventID", 0, kValueUInt16);
    w.SubstElement("EventRecordID", 1, kValueUInt32);
    w.TextElement("Channel", "System");
    w.TextElement("Computer", "HOST<1>");
    w.End();
    w.Start("EventData");
    NamedData(w, "Device", 2, kValueWString);
    w.SubstElement("Binary", 3, kValueBinary);
    w.End();
    w.End();
  });
  std::vector<std::pair<uint32_t, uint32_t>> recs;
  recs.push_back(c.Record(Instance(def, {U16(11), U32(4242), WStr("\\Device\\Harddisk1"),
                                         Val{kValueBinary, Bytes({0xAB, 0x01})}})));
  recs.push_back(c.Record(Instance(def, {U16(7), Val{kValueUInt32, Bytes({0xAB})}, WStr("x&y"),
                                         Val{kValueBinary, {}}})));
  const std::vector<Decoded> full = Both(c, recs);
  const std::vector<Decoded> xml_only = DecodeAll(c.bytes(), recs, true, true, false);
  REQUIRE(xml_only.size() == 2);
  CHECK(xml_only[0].skeleton == 1);
  CHECK(xml_only[0].xml == full[0].xml);
  CHECK(xml_only[0].xml.find("<Channel>System</Channel><Computer>HOST&lt;1&gt;</Computer>") !=
        std::string::npos);
  CHECK(xml_only[0].record_id == 4242);
  CHECK(xml_only[0].summary.find("ch= comp= ") != std::string::npos);  // fields not kept
  // A malformed record id value: its text is captured (and does not parse), not the
  // number of the EventID before it.
  CHECK(xml_only[1].record_id == 0);
  CHECK(xml_only[1].malformed == 1);
  CHECK(xml_only[1].xml.find("<EventRecordID>AB</EventRecordID>") != std::string::npos);
}

TEST_CASE("evtx skeleton: a fields-only builder keeps Binary's bytes without their hex text") {
  // Binary's value is kept as bytes; without XML its text is never rendered, so text
  // around it, an empty value and a repeat in the next record must come out the same.
  Chunk c;
  const uint32_t def = c.Define([](BinXmlWriter& w) {
    w.Start("Event");
    w.Start("EventData");
    NamedData(w, "Device", 0, kValueWString);
    w.SubstElement("Binary", 1, kValueBinary);
    w.End();
    w.End();
  });
  std::vector<std::pair<uint32_t, uint32_t>> recs;
  recs.push_back(c.Record(Instance(def, {WStr("d1"), Val{kValueBinary, Bytes({0xAB, 0x01})}})));
  recs.push_back(c.Record(Instance(def, {WStr("d2"), Val{kValueBinary, {}}})));
  recs.push_back(
      c.Record(Instance(def, {WStr("d3"), Val{kValueBinary, Bytes({0x00, 0xFF, 0x7F})}})));
  const std::vector<Decoded> fast = DecodeAll(c.bytes(), recs, true, false, true);
  const std::vector<Decoded> slow = DecodeAll(c.bytes(), recs, false, false, true);
  REQUIRE(fast.size() == 3);
  for (size_t i = 0; i < fast.size(); ++i) {
    CAPTURE(i);
    CHECK(fast[i].skeleton == 1);
    CHECK(fast[i].summary == slow[i].summary);
    CHECK(fast[i].xml.empty());
  }
  CHECK(fast[0].summary.find(" bin=AB01\n") != std::string::npos);
  CHECK(fast[1].summary.find(" bin=\n") != std::string::npos);
  CHECK(fast[2].summary.find(" bin=00FF7F\n") != std::string::npos);
  CHECK(fast[2].summary.find("  [Device]=[d3]\n") != std::string::npos);
}

TEST_CASE("evtx skeleton: templates of one shape with other names, across chunks") {
  // Twelve templates alike but for their Data name ("n00".."n11", same size): one cache
  // key, more skeletons than a key keeps. Chunk 1 defines them in order, chunk 2 in reverse,
  // chunk 3 holds the first one damaged (an unknown token where its end should be).
  auto define = [](Chunk& c, int k, bool damaged = false) {
    return c.Define([k, damaged](BinXmlWriter& w) {
      w.Start("Event");
      w.Start("EventData");
      NamedData(w, fmt::format("n{:02}", k), 0, kValueWString);
      if (damaged) {
        w.U8(0x7F);
        return;
      }
      w.End();
      w.End();
    });
  };
  std::vector<Chunk> chunks(3);
  std::vector<std::pair<size_t, std::pair<uint32_t, uint32_t>>> recs;  // chunk, record
  for (int k = 0; k < 12; ++k) {
    recs.push_back({0, chunks[0].Record(Instance(define(chunks[0], k), {WStr("v")}))});
  }
  for (int k = 11; k >= 0; --k) {
    recs.push_back({1, chunks[1].Record(Instance(define(chunks[1], k), {WStr("w")}))});
  }
  recs.push_back({2, chunks[2].Record(Instance(define(chunks[2], 0, true), {WStr("x")}))});
  auto run = [&](bool skeletons, uint64_t& compiled, uint64_t& rendered) {
    BinXmlChunk bx;
    EventBuilder b(true);
    b.set_use_skeletons(skeletons);
    std::vector<std::string> out;
    size_t current = recs.size();
    for (const auto& r : recs) {
      if (r.first != current) bx.Reset(chunks[r.first].bytes());
      current = r.first;
      Arena arena;
      std::vector<Field> fields;
      Event ev;
      b.Begin(&arena, &fields, &ev);
      bx.ClearAnomalies();
      BinXmlError err;
      const bool ok = bx.Render(r.second.first, r.second.second, b, err);
      b.Finish();
      out.push_back(Summary(ev, fields, b, bx, ok, err));
    }
    compiled = b.skeletons_compiled();
    rendered = b.skeleton_records();
    return out;
  };
  uint64_t compiled = 0, rendered = 0, unused = 0;
  const std::vector<std::string> fast = run(true, compiled, rendered);
  const std::vector<std::string> slow = run(false, unused, unused);
  CHECK(fast == slow);
  REQUIRE(fast.size() == 25);
  for (int k = 0; k < 12; ++k) {
    CAPTURE(k);
    const std::string first = fmt::format("<Data Name=\"n{:02}\">v</Data>", k);
    const std::string second = fmt::format("<Data Name=\"n{:02}\">w</Data>", k);
    CHECK(fast[static_cast<size_t>(k)].find(first) != std::string::npos);
    CHECK(fast[static_cast<size_t>(23 - k)].find(second) != std::string::npos);
  }
  // 12 in chunk 1; in chunk 2 only the 4 a full key could not keep.
  CHECK(compiled == 16);
  CHECK(rendered == 24);
  CHECK(fast[24].find("ok=false") == 0);
}

TEST_CASE("evtx skeleton: a template compiled in one chunk serves its copy in the next") {
  // The same UserData template in two chunks; in the second, another template's names
  // are decoded first, so the first chunk's name storage now holds other text.
  auto define_user = [](Chunk& c) {
    return c.Define([](BinXmlWriter& w) {
      w.Start("Event");
      w.Start("UserData");
      w.Start("Wrap");
      w.SubstElement("LeafName", 0, kValueWString | kValueArrayFlag);
      w.End();
      w.End();
      w.End();
    });
  };
  Val arr = WStr("a");
  arr.bytes.push_back(std::byte{0});
  arr.bytes.push_back(std::byte{0});
  const Val b_item = WStr("b");
  arr.bytes.insert(arr.bytes.end(), b_item.bytes.begin(), b_item.bytes.end());
  arr.type = kValueWString | kValueArrayFlag;
  Chunk c1;
  const auto r1 = c1.Record(Instance(define_user(c1), {WStr("one")}));
  Chunk c2;
  const uint32_t other = c2.Define([](BinXmlWriter& w) {
    w.SubstElement("Xxxxxxxxxxxxxxxxxxxxxxxx", 0, kValueWString);
  });
  const auto o2 = c2.Record(Instance(other, {WStr("o")}));
  const auto r2 = c2.Record(Instance(define_user(c2), {arr}));
  // Decoded in order with one decoder and builder, skeletons on and off.
  auto run = [&](bool skeletons, uint64_t& compiled) {
    BinXmlChunk bx;
    EventBuilder b(true);
    b.set_use_skeletons(skeletons);
    std::vector<std::string> out;
    for (const auto& [chunk, rec] : {std::pair{&c1, r1}, std::pair{&c2, o2}, std::pair{&c2, r2}}) {
      if (chunk == &c1 || rec == o2) bx.Reset(chunk->bytes());
      Arena arena;
      std::vector<Field> fields;
      Event ev;
      b.Begin(&arena, &fields, &ev);
      bx.ClearAnomalies();
      BinXmlError err;
      const bool ok = bx.Render(rec.first, rec.second, b, err);
      b.Finish();
      out.push_back(Summary(ev, fields, b, bx, ok, err));
    }
    compiled = b.skeletons_compiled();
    CHECK(b.skeleton_records() == (skeletons ? 3 : 0));
    return out;
  };
  uint64_t compiled = 0, unused = 0;
  const std::vector<std::string> fast = run(true, compiled);
  const std::vector<std::string> slow = run(false, unused);
  CHECK(compiled == 2);  // the second chunk's copy of the UserData template is not compiled
  CHECK(fast == slow);
  REQUIRE(fast.size() == 3);
  CHECK(fast[2].find("  [LeafName]=[a]\n  [LeafName]=[b]\n") != std::string::npos);
  CHECK(fast[2].find("<LeafName>a</LeafName><LeafName>b</LeafName>") != std::string::npos);
}

TEST_CASE("evtx skeleton: a template's static strings go into the arena once per UseOneArena") {
  Chunk c;
  const uint32_t def = DefineEvent(c, [](BinXmlWriter& w) {
    w.Start("EventData");
    NamedData(w, "param1", 4, kValueWString);
    w.End();
  });
  const std::vector<Val> sys = {U16(1), U16(2), Filetime(3), WStr("H")};
  auto with = [&](std::string_view v) {
    std::vector<Val> vals = sys;
    vals.push_back(WStr(v));
    vals.push_back(WStr("{G}"));  // 5: Provider Guid
    return c.Record(Instance(def, vals));
  };
  const auto r1 = with("a");
  const auto r2 = with("b");
  BinXmlChunk bx;
  bx.Reset(c.bytes());
  EventBuilder b(true);
  Arena arena;
  std::vector<Field> fields;
  std::vector<Event> events(3);
  auto decode = [&](std::pair<uint32_t, uint32_t> rec, Event& ev) {
    b.Begin(&arena, &fields, &ev);
    BinXmlError err;
    CHECK(bx.Render(rec.first, rec.second, b, err));
    b.Finish();
  };
  b.UseOneArena();
  decode(r1, events[0]);
  decode(r2, events[1]);
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].name == "param1");
  CHECK(fields[1].value == "b");
  CHECK(fields[0].name.data() == fields[1].name.data());  // one copy for both records
  CHECK(events[0].provider.data() == events[1].provider.data());
  CHECK(b.skeleton_records() == 2);
  // The arena is reset and reused: the next UseOneArena copies again.
  arena.Reset();
  std::memset(arena.Allocate(4096), 'X', 4096);
  fields.clear();
  b.UseOneArena();
  decode(r1, events[2]);
  REQUIRE(fields.size() == 1);
  CHECK(fields[0].name == "param1");
  CHECK(events[2].provider == "Service Control Manager");
}

}  // TEST_SUITE("readers")

TEST_SUITE("corpus") {

TEST_CASE("evtx skeleton: every corpus record decodes the same both ways") {
  const std::filesystem::path root = std::string(LOGRX_SHARED_DIR) + "/corpus";
  REQUIRE(std::filesystem::exists(root));
  uint64_t records = 0, skeleton = 0, declined = 0;
  size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".evtx") continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ++files;
    for (size_t off = 4096; off + 65536 <= raw.size(); off += 65536) {
      const std::span<const std::byte> chunk(reinterpret_cast<const std::byte*>(raw.data() + off),
                                             65536);
      if (std::memcmp(chunk.data(), "ElfChnk", 8) != 0) continue;
      // Records by their frames, as the reader finds them (headers need not be trusted here).
      std::vector<std::pair<uint32_t, uint32_t>> recs;
      for (uint32_t pos = 512; pos + 28 <= 65536;) {
        uint32_t magic = 0, size = 0;
        std::memcpy(&magic, chunk.data() + pos, 4);
        std::memcpy(&size, chunk.data() + pos + 4, 4);
        if (magic != 0x00002A2A || size < 28 || size > 65536 - pos) break;
        recs.emplace_back(pos + 24, pos + size - 4);
        pos += size;
      }
      // XML and fields, fields only, XML only.
      constexpr std::pair<bool, bool> kModes[] = {{true, true}, {false, true}, {true, false}};
      for (const auto& [xml, fields] : kModes) {
        const std::vector<Decoded> fast = DecodeAll(chunk, recs, true, xml, fields);
        const std::vector<Decoded> slow = DecodeAll(chunk, recs, false, xml, fields);
        for (size_t i = 0; i < recs.size(); ++i) {
          const bool same = fields ? fast[i].summary == slow[i].summary
                                   : XmlOnlySame(fast[i], slow[i]);
          if (!same) {
            FAIL_CHECK(e.path().string() << " chunk at " << off << " record " << i);
          }
          if (xml && fields) {
            ++records;
            skeleton += fast[i].skeleton;
            declined += fast[i].declined;
          }
        }
      }
    }
  }
  MESSAGE(files << " files, " << records << " records: " << skeleton << " from skeletons, "
                << declined << " template records node by node, "
                << records - skeleton - declined << " not one template instance");
  CHECK(files > 10);
  CHECK(skeleton > records / 2);
}

}  // TEST_SUITE("corpus")

}  // namespace logrx::readers
