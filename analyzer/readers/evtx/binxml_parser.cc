#include "readers/evtx/binxml_parser.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>

#include "core/utf16.h"
#include "readers/evtx/binxml_value.h"
#include "readers/xml_escape.h"

namespace logrx::readers {

namespace {

enum Token : uint8_t {
  kTokEof = 0x00,
  kTokOpenStart = 0x01,
  kTokCloseStart = 0x02,
  kTokCloseEmpty = 0x03,
  kTokEnd = 0x04,
  kTokValue = 0x05,
  kTokAttribute = 0x06,
  kTokCData = 0x07,
  kTokCharRef = 0x08,
  kTokEntityRef = 0x09,
  kTokPITarget = 0x0A,
  kTokPIData = 0x0B,
  kTokTemplate = 0x0C,
  kTokSubst = 0x0D,
  kTokOptSubst = 0x0E,
  kTokFragment = 0x0F,
};
constexpr uint8_t kTokMore = 0x40;

IrNode MakeNode(IrKind kind) {
  IrNode n;
  n.kind = kind;
  return n;
}

bool Fail(BinXmlError& err, uint32_t offset, const char* what, uint32_t detail = 0) {
  err.offset = offset;
  err.what = what;
  err.detail = detail;
  return false;
}

}  // namespace

void CopyIrNodes(std::span<const IrNode> nodes, std::string& names, std::vector<IrNode>& out) {
  size_t name_bytes = 0;
  for (const IrNode& n : nodes) name_bytes += n.text.size() + n.xml.size();
  names.clear();
  names.reserve(name_bytes);  // never reallocated below: the views stay valid
  out.clear();
  out.reserve(nodes.size());
  for (const IrNode& n : nodes) {
    IrNode copy = n;
    const size_t at = names.size();
    names.append(n.text);
    names.append(n.xml);
    const std::string_view stored = names;
    copy.text = stored.substr(at, n.text.size());
    copy.xml = stored.substr(at + n.text.size(), n.xml.size());
    out.push_back(copy);
  }
}

void ChunkOffsetIndex::Clear() noexcept {
  std::fill(slots_.begin(), slots_.end(), Slot{0, 0});
  used_ = 0;
}

size_t ChunkOffsetIndex::SlotOf(uint32_t offset) const noexcept {
  // REQUIRES: slots_.size() is a power of two and never full.
  const size_t mask = slots_.size() - 1;
  size_t i = (offset * size_t{0x9E3779B1}) >> 7 & mask;
  while (slots_[i].key != 0 && slots_[i].key - 1 != offset) i = (i + 1) & mask;
  return i;
}

const uint32_t* ChunkOffsetIndex::Find(uint32_t offset) const noexcept {
  if (slots_.empty()) return nullptr;
  const Slot& s = slots_[SlotOf(offset)];
  return s.key == 0 ? nullptr : &s.index;
}

void ChunkOffsetIndex::Insert(uint32_t offset, uint32_t index) {
  if (2 * (used_ + 1) > slots_.size()) {
    std::vector<Slot> old(std::max<size_t>(64, 2 * slots_.size()), Slot{0, 0});
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.key != 0) slots_[SlotOf(s.key - 1)] = s;
    }
  }
  slots_[SlotOf(offset)] = Slot{offset + 1, index};
  ++used_;
}

void BinXmlChunk::Reset(std::span<const std::byte> chunk) {
  Reset(chunk, static_cast<uint32_t>(std::min<size_t>(chunk.size(), UINT32_MAX)));
}

void BinXmlChunk::SetUsedEnd(uint32_t used_end) noexcept {
  used_end_ = static_cast<uint32_t>(std::min<size_t>(used_end, chunk_.size()));
}

void BinXmlChunk::Reset(std::span<const std::byte> chunk, uint32_t used_end) {
  static std::atomic<uint64_t> epochs{0};
  epoch_ = epochs.fetch_add(1, std::memory_order_relaxed) + 1;
  chunk_ = chunk;
  SetUsedEnd(used_end);
  arena_.Reset();
  if (template_cache_count_ > kMaxCachedTemplates ||
      template_cache_bytes_ > kMaxCachedTemplateBytes) {
    template_cache_.clear();
    template_cache_bytes_ = 0;
    template_cache_count_ = 0;
  }
  names_.clear();
  name_at_.Clear();
  template_slots_.Clear();
  templates_.clear();
  template_ir_.clear();
  scratch_ir_.clear();
  values_.clear();
  anomalies_.Clear();
  chunk_nodes_ = 0;
}

ByteCursor BinXmlChunk::CursorOver(uint32_t begin, uint32_t end) const noexcept {
  ByteCursor in(chunk_.first(end), 0);
  (void)in.Seek(begin, "BinXML start");  // REQUIRES: begin <= end
  return in;
}

std::string_view BinXmlChunk::DecodeUtf16(std::span<const std::byte> bytes) {
  utf8_.clear();
  const Utf16Result r = AppendUtf16LeAsUtf8(bytes.data(), bytes.size() / 2, utf8_);
  anomalies_.lone_surrogates += static_cast<uint32_t>(r.lone_surrogates);
  return arena_.Copy(utf8_);
}

// A name entry: u32 next, u16 hash, u16 char count, UTF-16 chars, u16 NUL.
const BinXmlChunk::Name* BinXmlChunk::NameAt(uint32_t offset, BinXmlError& err) {
  if (const uint32_t* at = name_at_.Find(offset)) return &names_[*at];
  ByteCursor in(chunk_, 0);
  uint16_t stored_hash = 0, nchars = 0;
  if (!in.Seek(offset, "name") || !in.Skip(4, "name") || !in.ReadU16(stored_hash, "name hash") ||
      !in.ReadU16(nchars, "name size")) {
    Fail(err, offset, "name offset outside chunk");
    return nullptr;
  }
  std::span<const std::byte> chars;
  if (!in.ReadBytes(size_t{nchars} * 2, chars, "name")) {
    Fail(err, offset, "name runs past chunk end");
    return nullptr;
  }
  if (check_template_ids_) {
    // A carved record's names may point at bytes that later records overwrote. Each name
    // entry carries a 16-bit hash of its UTF-16 text (h = h * 65599 + unit): a name whose
    // hash does not match is not the name the record was written with.
    uint32_t h = 0;
    ByteCursor units(chars, offset + 8u);
    for (uint16_t u = 0; units.ReadU16(u, "name char");) h = h * 65599u + u;
    if ((h & 0xFFFFu) != stored_hash) {
      Fail(err, offset, "name does not match its hash (overwritten after the record was written)",
           stored_hash);
      return nullptr;
    }
  }
  const uint32_t lone_before = anomalies_.lone_surrogates;
  Name name{DecodeUtf16(chars), {}, 8u + 2u * nchars + 2u, chars, 0};
  name.lone = anomalies_.lone_surrogates - lone_before;
  name_lone_surrogates_ += name.lone;
  utf8_.clear();
  AppendXmlName(name.text, utf8_);
  name.xml = utf8_ == name.text ? name.text : arena_.Copy(utf8_);
  name_at_.Insert(offset, static_cast<uint32_t>(names_.size()));
  names_.push_back(name);
  return &names_.back();
}

bool BinXmlChunk::ReadNameRef(ByteCursor& in, uint32_t token_at, const char* inline_what,
                              IrNode& node, BinXmlError& err) {
  uint32_t name_off = 0;
  if (!in.ReadU32(name_off, "name offset")) return Fail(err, token_at, "name reference truncated");
  const Name* n = NameAt(name_off, err);
  if (n == nullptr) return false;
  // An inline entry (the name's first use in the chunk) follows the reference.
  const bool inline_entry = name_off == in.pos();
  if (inline_entry && !in.Skip(n->entry_size, inline_what)) {
    return Fail(err, token_at, inline_what);
  }
  if (recording_) {
    const uint32_t skip = 4 + (inline_entry ? n->entry_size : 0);
    parse_refs_.push_back(CachedTemplate::Ref{
        static_cast<uint32_t>(in.pos()) - skip - parse_base_, skip, token_at - parse_base_, 0,
        inline_entry, node.kind == IrKind::kOpen, static_cast<uint16_t>(n->chars.size() / 2),
        name_off, n->lone});  // raw_off: the name's offset until CacheTemplate copies it
  }
  node.text = n->text;
  node.xml = n->xml;
  return true;
}

const BinXmlChunk::Template* BinXmlChunk::TemplateAt(uint32_t def_offset, int depth,
                                                    uint32_t& slot, BinXmlError& err) {
  if (const uint32_t* at = template_slots_.Find(def_offset)) {
    slot = *at;
    const Template& t = templates_[slot];
    if (!t.ok) {
      err = t.error;
      return nullptr;
    }
    return &t;
  }
  // Definition: u32 next template offset, 16-byte GUID, u32 data size, fragment. Only the
  // used area holds records, so only it can hold a definition (the caller has already
  // refused offsets inside the chunk header).
  Template t;
  ByteCursor def(chunk_.first(used_end_), 0);
  uint32_t data_size = 0;
  std::span<const std::byte> fragment;
  if (!def.Seek(def_offset, "template") || !def.Skip(20, "template header") ||
      !def.ReadU32(data_size, "template size")) {
    Fail(t.error, def_offset, "template definition outside the chunk's used area");
  } else if (!def.ReadBytes(data_size, fragment, "template data")) {
    Fail(t.error, def_offset, "template data runs past the chunk's used area", data_size);
  } else {
    const auto start = static_cast<uint32_t>(def.pos()) - data_size;
    t = LoadTemplate(def_offset, start, data_size, depth);
  }
  slot = static_cast<uint32_t>(templates_.size());
  templates_.push_back(t);
  template_slots_.Insert(def_offset, slot);
  if (!t.ok) {
    err = t.error;
    return nullptr;
  }
  return &templates_[slot];
}

BinXmlChunk::Template BinXmlChunk::LoadTemplate(uint32_t def_offset, uint32_t start,
                                                uint32_t size, int depth) {
  Template t;
  const uint64_t key = DefinitionKey(chunk_.subspan(def_offset, 24), size);
  // Carving checks names against their hashes when first read: always parsed.
  const CachedTemplate* c =
      check_template_ids_ || depth > kMaxBinXmlDepth ? nullptr : FindCached(key, start, size);
  if (c != nullptr) {
    t.begin = 0;
    t.end = static_cast<uint32_t>(c->nodes.size());
    t.cached = c->nodes.data();  // the cache is cut only in Reset(), with templates_
    t.ok = true;
    t.id = c->id;
    record_nodes_ += c->tokens;  // what parsing it would have counted
    ++templates_reused_;
    return t;
  }
  const uint64_t nodes_before = record_nodes_;
  const uint32_t lone_before = anomalies_.lone_surrogates;
  const uint64_t name_lone_before = name_lone_surrogates_;
  const uint32_t no_dependency_before = anomalies_.missing_dependency_id;
  t = ParseDefinition(start, size, depth);
  // Kept only when a later parse of equal bytes and names would add no anomaly: lone
  // surrogates in its text are counted in the record that parses it.
  if (t.ok && !check_template_ids_ &&
      anomalies_.lone_surrogates - lone_before == name_lone_surrogates_ - name_lone_before &&
      anomalies_.missing_dependency_id == no_dependency_before) {
    t.id = CacheTemplate(key, start, size, t, record_nodes_ - nodes_before);
  }
  return t;
}

BinXmlChunk::Template BinXmlChunk::ParseDefinition(uint32_t start, uint32_t size, int depth) {
  Template t;
  ByteCursor in = CursorOver(start, start + size);
  recording_ = true;
  parse_base_ = start;
  parse_refs_.clear();
  t.begin = static_cast<uint32_t>(template_ir_.size());
  t.ok = ParseFragment(in, template_ir_, /*in_template=*/true, depth, t.error);
  t.end = static_cast<uint32_t>(template_ir_.size());
  recording_ = false;
  ++templates_parsed_;
  if (!t.ok) template_ir_.resize(t.begin);
  return t;
}

uint64_t BinXmlChunk::DefinitionKey(std::span<const std::byte> def, uint32_t data_size) noexcept {
  // Definition: u32 next, 16-byte GUID, u32 data size. REQUIRES: def.size() >= 24.
  uint64_t h = (LoadU64(def.data() + 4) ^ data_size) * 0x9E3779B97F4A7C15u;
  h = (h ^ (h >> 29) ^ LoadU64(def.data() + 12)) * 0xBF58476D1CE4E5B9u;
  return h ^ (h >> 31);
}

const BinXmlChunk::CachedTemplate* BinXmlChunk::FindCached(uint64_t key, uint32_t start,
                                                           uint32_t size) {
  const auto it = template_cache_.find(key);
  if (it == template_cache_.end()) return nullptr;
  for (const CachedTemplate* c = it->second.get(); c != nullptr; c = c->same_key.get()) {
    // A parse that would stop at the work budget is left to ParseFragment.
    if (c->data_size == size && record_nodes_ + c->tokens <= kMaxRecordNodes &&
        SameAsCached(*c, start)) {
      return c;
    }
  }
  return nullptr;
}

// Every byte but the name references first, then the references in parse order, each as
// ParseOpenStart and ReadNameRef would see it. A name is looked up (and taken into the
// chunk's names) only where the parse would read it at the same offset, every earlier
// byte and name being equal, so a mismatch leaves nothing behind that the parse would not.
bool BinXmlChunk::SameAsCached(const CachedTemplate& c, uint32_t start) {
  const std::byte* b = chunk_.data() + start;
  // The bytes between the name references (which c.bytes holds zeroed), compared in
  // place: the references lie in parse order, one after another.
  auto same = [&](uint32_t from, uint32_t n) {
    return SameBytes(b + from, c.bytes.data() + from, n);
  };
  uint32_t at = 0;
  for (const CachedTemplate::Ref& r : c.refs) {
    if (r.pos < at || !same(at, r.pos - at)) return false;
    at = r.pos + r.skip;
  }
  if (at > c.data_size || !same(at, c.data_size - at)) return false;
  for (const CachedTemplate::Ref& r : c.refs) {
    const uint32_t name_off = LoadU32(b + r.pos);
    const bool inline_entry = name_off == start + r.pos + 4;
    if (inline_entry != r.inline_entry) return false;
    if (r.open && !inline_entry &&
        (name_off < kBinXmlChunkBodyStart || name_off >= start + r.token_at)) {
      return false;
    }
    const Name* n = NameLike(name_off, c, r);
    if (n == nullptr || n->text != c.nodes[r.node].text) return false;
    if (inline_entry && n->entry_size != r.skip - 4) return false;
  }
  return true;
}

const BinXmlChunk::Name* BinXmlChunk::NameLike(uint32_t offset, const CachedTemplate& c,
                                               const CachedTemplate::Ref& r) {
  if (const uint32_t* at = name_at_.Find(offset)) return &names_[*at];
  // NameAt's reads (live records: no hash check), then its decoding's result taken from c.
  if (offset > chunk_.size() || chunk_.size() - offset < 8) return nullptr;
  const uint16_t nchars = LoadU16(chunk_.data() + offset + 6);
  if (nchars != r.nchars || (chunk_.size() - offset - 8) / 2 < nchars) return nullptr;
  const std::span<const std::byte> chars = chunk_.subspan(offset + 8, size_t{nchars} * 2);
  if (!SameBytes(chars.data(), c.raw_names.data() + r.raw_off, chars.size())) {
    return nullptr;
  }
  anomalies_.lone_surrogates += r.lone;
  name_lone_surrogates_ += r.lone;
  const IrNode& node = c.nodes[r.node];
  name_at_.Insert(offset, static_cast<uint32_t>(names_.size()));
  names_.push_back(Name{node.text, node.xml, 8u + 2u * nchars + 2u, chars, r.lone});
  return &names_.back();
}

uint64_t BinXmlChunk::CacheTemplate(uint64_t key, uint32_t start, uint32_t size,
                                    const Template& t, uint64_t tokens) {
  // Real templates are a few hundred bytes and nodes; a huge one is left to its chunk.
  constexpr uint32_t kMaxCachedDefinition = 16 * 1024;
  constexpr uint32_t kMaxCachedNodes = 1024;
  if (size > kMaxCachedDefinition || t.end - t.begin > kMaxCachedNodes ||
      template_cache_bytes_ > kMaxCachedTemplateBytes) {
    return 0;
  }
  std::unique_ptr<CachedTemplate>& head = template_cache_[key];
  size_t same_key = 0;
  for (const CachedTemplate* c = head.get(); c != nullptr; c = c->same_key.get()) ++same_key;
  if (same_key >= kMaxTemplatesPerKey) return 0;
  auto c = std::make_unique<CachedTemplate>();
  c->refs = parse_refs_;
  const std::span<const IrNode> nodes =
      std::span<const IrNode>(template_ir_).subspan(t.begin, t.end - t.begin);
  size_t next_ref = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const IrKind k = nodes[i].kind;
    if (k == IrKind::kOpen || k == IrKind::kAttr || k == IrKind::kEntityRef ||
        k == IrKind::kPITarget) {
      if (next_ref == c->refs.size()) return 0;  // every named node has its reference
      c->refs[next_ref++].node = static_cast<uint32_t>(i);
    }
  }
  if (next_ref != c->refs.size()) return 0;
  CopyIrNodes(nodes, c->strings, c->nodes);
  for (CachedTemplate::Ref& r : c->refs) {
    const uint32_t name_off = r.raw_off;
    r.raw_off = static_cast<uint32_t>(c->raw_names.size());
    const auto units = chunk_.subspan(name_off + 8, size_t{r.nchars} * 2);  // NameAt read them
    c->raw_names.insert(c->raw_names.end(), units.begin(), units.end());
  }
  c->bytes.assign(chunk_.data() + start, chunk_.data() + start + size);
  for (const CachedTemplate::Ref& r : c->refs) {
    std::fill_n(c->bytes.begin() + r.pos, r.skip, std::byte{0});
  }
  c->key = key;
  c->data_size = size;
  c->tokens = tokens;
  static std::atomic<uint64_t> ids{0};
  c->id = ids.fetch_add(1, std::memory_order_relaxed) + 1;
  template_cache_bytes_ += sizeof(CachedTemplate) + c->bytes.size() + c->raw_names.size() +
                           c->strings.size() +
                           c->nodes.size() * sizeof(IrNode) +
                           c->refs.size() * sizeof(CachedTemplate::Ref);
  ++template_cache_count_;
  const uint64_t id = c->id;
  c->same_key = std::move(head);
  head = std::move(c);
  return id;
}

bool BinXmlChunk::ParseTemplateInstance(ByteCursor& in, uint32_t token_at,
                                        std::vector<IrNode>& out, int depth, BinXmlError& err) {
  // u8 unknown, u32 template id, u32 definition offset
  uint32_t template_id = 0, def_offset = 0;
  if (!in.Skip(1, "template instance") || !in.ReadU32(template_id, "template id") ||
      !in.ReadU32(def_offset, "template offset")) {
    return Fail(err, token_at, "template instance truncated");
  }
  if (def_offset == in.pos()) {
    // Inline definition (first use in the chunk): skip over it.
    const auto here = static_cast<uint32_t>(in.pos());
    uint32_t data_size = 0;
    if (!in.PeekU32At(20, data_size)) return Fail(err, here, "inline template truncated");
    if (!in.Skip(24, "inline template") || !in.Skip(data_size, "inline template")) {
      return Fail(err, here, "inline template runs past its record", data_size);
    }
  }
  // The chunk header would otherwise parse as a (usually empty) template and the record
  // would come out with no fields and no complaint.
  if (def_offset < kBinXmlChunkBodyStart) {
    return Fail(err, token_at, "template definition offset inside the 512-byte chunk header",
                def_offset);
  }
  if (def_offset >= used_end_) {
    return Fail(err, token_at, "template definition offset past the chunk's used area",
                def_offset);
  }
  if (check_template_ids_) {
    // Definition: u32 next, 16-byte GUID (its first u32 is the template id), u32 size.
    ByteCursor def = CursorOver(def_offset, used_end_);
    uint32_t guid_id = 0;
    if (def.remaining() < 24 || !def.Skip(4, "template next") || !def.ReadU32(guid_id, "GUID")) {
      return Fail(err, token_at, "template definition outside the chunk's used area", def_offset);
    }
    if (guid_id != template_id) {
      return Fail(err, token_at,
                  "template id does not match the GUID at its definition offset (a carved "
                  "record whose template was overwritten)",
                  template_id);
    }
  }
  uint32_t slot = 0;
  if (TemplateAt(def_offset, depth, slot, err) == nullptr) return false;
  // Values: u32 count, count x (u16 size, u8 type, u8 pad), then the data.
  const auto count_at = static_cast<uint32_t>(in.pos());
  uint32_t count = 0;
  if (!in.ReadU32(count, "template value count")) {
    return Fail(err, count_at, "template value count truncated");
  }
  std::span<const std::byte> descriptors;
  if (count > in.remaining() / 4 || !in.ReadBytes(size_t{count} * 4, descriptors, "values")) {
    return Fail(err, count_at, "template value count too large", count);
  }
  const auto first = static_cast<uint32_t>(values_.size());
  uint32_t bad = 0;
  if (!ReadValues(in, descriptors, values_, bad)) {
    values_.resize(first);
    return Fail(err, count_at + 4u + 4u * bad, "template value runs past its record", bad);
  }
  IrNode n = MakeNode(IrKind::kTemplate);
  n.a = slot;
  n.b = first;
  n.c = count;
  out.push_back(n);
  return true;
}

bool BinXmlChunk::ParseOpenStart(ByteCursor& in, uint32_t at, uint8_t token,
                                 std::vector<IrNode>& out, BinXmlError& err) {
  // Normally: u16 dependency id, u32 data size, u32 name offset. Some producers
  // (WEC-forwarded events) omit the dependency id; we take the layout whose data
  // size fits and whose name offset is inline or points back into the chunk body.
  auto plausible = [&](uint32_t skip) {
    uint32_t dsize = 0, name = 0;
    if (!in.PeekU32At(skip, dsize) || !in.PeekU32At(skip + 4, name)) return false;
    if (dsize > in.remaining()) return false;
    return name == in.pos() + skip + 8 || (name >= kBinXmlChunkBodyStart && name < at);
  };
  uint32_t skip = 2;
  if (!plausible(2)) {
    if (!plausible(0)) return Fail(err, at, "open element: bad data size or name offset");
    skip = 0;
    ++anomalies_.missing_dependency_id;
  }
  (void)in.Skip(skip + 4, "element header");  // plausible() saw these bytes
  IrNode n = MakeNode(IrKind::kOpen);
  if (!ReadNameRef(in, at, "inline element name truncated", n, err)) return false;
  if ((token & kTokMore) != 0 && !in.Skip(4, "attribute list size")) {
    return Fail(err, at, "attribute list size truncated");
  }
  out.push_back(n);
  return true;
}

bool BinXmlChunk::ParseValueText(ByteCursor& in, uint32_t at, std::vector<IrNode>& out,
                                 BinXmlError& err) {
  uint8_t vtype = 0;
  uint16_t n16 = 0;
  if (in.remaining() < 3) return Fail(err, at, "value truncated");
  (void)in.ReadU8(vtype, "value type");
  (void)in.ReadU16(n16, "value size");
  IrNode n = MakeNode(IrKind::kText);
  std::span<const std::byte> text;
  if (vtype == kValueWString) {
    if (!in.ReadBytes(size_t{n16} * 2, text, "value text")) {
      return Fail(err, at, "value text truncated");
    }
    n.text = DecodeUtf16(text);
  } else if (vtype == kValueAnsiString) {
    if (!in.ReadBytes(n16, text, "value text")) return Fail(err, at, "value text truncated");
    utf8_.clear();
    AppendValueText(kValueAnsiString, text, utf8_);
    n.text = arena_.Copy(utf8_);
  } else {
    return Fail(err, at, "value token with non-string type", vtype);
  }
  out.push_back(n);
  return true;
}

bool BinXmlChunk::ParseTextData(ByteCursor& in, uint32_t at, IrKind kind,
                                std::vector<IrNode>& out, BinXmlError& err) {
  uint16_t n16 = 0;
  std::span<const std::byte> text;
  if (!in.ReadU16(n16, "text size")) return Fail(err, at, "text truncated");
  if (!in.ReadBytes(size_t{n16} * 2, text, "text")) return Fail(err, at, "text truncated");
  IrNode n = MakeNode(kind);
  n.text = DecodeUtf16(text);
  out.push_back(n);
  return true;
}

bool BinXmlChunk::ParseNamedNode(ByteCursor& in, uint32_t at, IrKind kind,
                                 const char* truncated_what, const char* inline_what,
                                 std::vector<IrNode>& out, BinXmlError& err) {
  if (in.remaining() < 4) return Fail(err, at, truncated_what);
  IrNode n = MakeNode(kind);
  if (!ReadNameRef(in, at, inline_what, n, err)) return false;
  out.push_back(n);
  return true;
}

bool BinXmlChunk::ParseFragment(ByteCursor& in, std::vector<IrNode>& out, bool in_template,
                                int depth, BinXmlError& err) {
  if (depth > kMaxBinXmlDepth) {
    return Fail(err, static_cast<uint32_t>(in.pos()), "BinXML nested too deeply");
  }
  uint8_t token = 0;
  while (in.remaining() > 0) {
    const auto at = static_cast<uint32_t>(in.pos());
    if (++record_nodes_ > kMaxRecordNodes) {
      return Fail(err, at, "record exceeds the work budget (expanded nodes)",
                  static_cast<uint32_t>(kMaxRecordNodes));
    }
    (void)in.ReadU8(token, "BinXML token");  // remaining() > 0
    bool ok = true;
    switch (token & ~kTokMore) {
      case kTokEof: return true;
      case kTokFragment:
        if (!in.Skip(3, "fragment header")) return Fail(err, at, "fragment header truncated");
        break;
      case kTokOpenStart: ok = ParseOpenStart(in, at, token, out, err); break;
      case kTokCloseStart: out.push_back(MakeNode(IrKind::kCloseStart)); break;
      case kTokCloseEmpty: out.push_back(MakeNode(IrKind::kCloseEmpty)); break;
      case kTokEnd: out.push_back(MakeNode(IrKind::kEnd)); break;
      case kTokValue: ok = ParseValueText(in, at, out, err); break;
      case kTokAttribute:
        ok = ParseNamedNode(in, at, IrKind::kAttr, "attribute truncated",
                            "inline attribute name truncated", out, err);
        break;
      case kTokCData: ok = ParseTextData(in, at, IrKind::kCData, out, err); break;
      case kTokPIData: ok = ParseTextData(in, at, IrKind::kPIData, out, err); break;
      case kTokCharRef: {
        IrNode n = MakeNode(IrKind::kCharRef);
        if (!in.ReadU16(n.index, "character reference")) {
          return Fail(err, at, "character reference truncated");
        }
        out.push_back(n);
        break;
      }
      case kTokEntityRef:
        ok = ParseNamedNode(in, at, IrKind::kEntityRef, "reference truncated",
                            "inline name truncated", out, err);
        break;
      case kTokPITarget:
        ok = ParseNamedNode(in, at, IrKind::kPITarget, "reference truncated",
                            "inline name truncated", out, err);
        break;
      case kTokTemplate:
        // Templates hold substitutions, never instances; a definition that contains one
        // (possibly itself) is corrupt, which also rules out template loops.
        if (in_template) return Fail(err, at, "template instance inside a template");
        ok = ParseTemplateInstance(in, at, out, depth + 1, err);
        break;
      case kTokSubst:
      case kTokOptSubst: {
        IrNode n = MakeNode((token & ~kTokMore) == kTokSubst ? IrKind::kSubst : IrKind::kOptSubst);
        if (in.remaining() < 3) return Fail(err, at, "substitution truncated");
        (void)in.ReadU16(n.index, "substitution index");
        (void)in.ReadU8(n.vtype, "substitution type");
        out.push_back(n);
        break;
      }
      default: return Fail(err, at, "unknown BinXML token", token);
    }
    if (!ok) return false;
  }
  return true;  // ran to the end of the data without an EOF token: accepted
}

template <class Nodes>
bool BinXmlChunk::Expand(const Nodes& nodes, size_t begin, size_t end,
                         uint32_t first_value, uint32_t value_count, int depth, BinXmlVisitor& v,
                         BinXmlError& err) {
  if (depth > kMaxBinXmlDepth) return Fail(err, 0, "BinXML nested too deeply");
  bool in_start_tag = false;
  for (size_t i = begin; i < end; ++i) {
    // `nodes` may grow (and move) only while a nested BinXML value is parsed, in the kSubst
    // case, which reads `n` before that and never after.
    const IrNode& n = nodes[i];
    record_bytes_ += n.text.size();
    if (++record_nodes_ > kMaxRecordNodes || record_bytes_ > kMaxRecordValueBytes) {
      return Fail(err, 0,
                  record_bytes_ > kMaxRecordValueBytes
                      ? "record exceeds the work budget (output bytes)"
                      : "record exceeds the work budget (expanded nodes)",
                  static_cast<uint32_t>(record_bytes_ > kMaxRecordValueBytes
                                            ? kMaxRecordValueBytes
                                            : kMaxRecordNodes));
    }
    switch (n.kind) {
      case IrKind::kOpen:
        v.StartElement(n.text, n.xml);
        in_start_tag = true;
        break;
      case IrKind::kAttr: v.Attribute(n.text, n.xml); break;
      case IrKind::kCloseStart:
        if (in_start_tag) v.CloseStartTag(false);
        in_start_tag = false;
        break;
      case IrKind::kCloseEmpty:
        if (in_start_tag) v.CloseStartTag(true);
        in_start_tag = false;
        break;
      case IrKind::kEnd: v.EndElement(); break;
      case IrKind::kText: v.Text(n.text); break;
      case IrKind::kCharRef: v.CharRef(n.index); break;
      case IrKind::kEntityRef: v.EntityRef(n.text); break;
      case IrKind::kCData: v.CData(n.text); break;
      case IrKind::kPITarget: {
        std::string_view data;
        if (i + 1 < end && nodes[i + 1].kind == IrKind::kPIData) data = nodes[++i].text;
        v.ProcessingInstruction(n.text, data);
        break;
      }
      case IrKind::kPIData: v.ProcessingInstruction({}, n.text); break;
      case IrKind::kSubst:
      case IrKind::kOptSubst: {
        if (n.index >= value_count) {
          ++anomalies_.substitution_out_of_range;
          if (n.kind == IrKind::kOptSubst) v.OptionalOmitted();
          break;
        }
        const ValueRef val = values_[first_value + n.index];
        if (n.kind == IrKind::kOptSubst && (val.type == kValueNull || val.size == 0)) {
          v.OptionalOmitted();
          break;
        }
        if (val.type == kValueBinXml) {
          const size_t mark = scratch_ir_.size();
          const size_t vmark = values_.size();
          ByteCursor in = CursorOver(val.offset, val.offset + val.size);
          bool ok = ParseFragment(in, scratch_ir_, false, depth + 1, err) &&
                    Expand(scratch_ir_, mark, scratch_ir_.size(), 0, 0, depth + 1, v, err);
          scratch_ir_.resize(mark);
          values_.resize(vmark);
          if (!ok) return false;
          break;
        }
        record_bytes_ += val.size;
        v.Value(val.type, chunk_.subspan(val.offset, val.size));
        break;
      }
      case IrKind::kTemplate: {
        const Template t = templates_[n.a];
        const bool ok = t.cached != nullptr
                            ? Expand(NodesOf(t), 0, t.end - t.begin, n.b, n.c, depth + 1, v, err)
                            : Expand(template_ir_, t.begin, t.end, n.b, n.c, depth + 1, v, err);
        if (!ok) return false;
        break;
      }
    }
  }
  return true;
}

bool BinXmlChunk::Render(uint32_t begin, uint32_t end, BinXmlVisitor& v, BinXmlError& err) {
  if (begin > end || end > chunk_.size()) return Fail(err, begin, "record data outside chunk");
  if (chunk_nodes_ > kMaxChunkNodes) {
    return Fail(err, begin, "chunk exceeds the work budget: records past it are not decoded",
                static_cast<uint32_t>(kMaxChunkNodes));
  }
  record_nodes_ = 0;
  record_bytes_ = 0;
  scratch_ir_.clear();
  values_.clear();
  uint32_t slot = 0, count = 0;
  bool ok = true;
  if (PlainInstance(begin, end, values_, slot, count, record_nodes_)) {
    IrNode n = MakeNode(IrKind::kTemplate);
    n.a = slot;
    n.c = count;
    scratch_ir_.push_back(n);
  } else {
    ByteCursor in = CursorOver(begin, end);
    ok = ParseFragment(in, scratch_ir_, false, 0, err);
  }
  ok = ok && (OfferTemplate(v) || Expand(scratch_ir_, 0, scratch_ir_.size(), 0, 0, 0, v, err));
  chunk_nodes_ += record_nodes_;
  return ok;
}

TemplateInstance BinXmlChunk::InstanceOf(uint32_t slot, std::span<const ValueRef> values) {
  const Template& t = templates_[slot];
  TemplateInstance ti;
  ti.chunk_epoch = epoch_;
  ti.slot = slot;
  ti.template_id = t.id;
  ti.nodes = NodesOf(t);
  ti.values = values;
  ti.chunk = chunk_;
  ti.decoder = this;
  return ti;
}

bool BinXmlChunk::OfferTemplate(BinXmlVisitor& v) {
  if (scratch_ir_.size() != 1 || scratch_ir_[0].kind != IrKind::kTemplate) return false;
  const IrNode& n = scratch_ir_[0];
  TemplateInstance ti = InstanceOf(n.a, std::span<const ValueRef>(values_).subspan(n.b, n.c));
  ti.max_bytes = kMaxRecordValueBytes;
  uint64_t nodes = 0;
  if (!v.RenderTemplate(ti, nodes)) return false;
  record_nodes_ += nodes;
  return true;
}

bool BinXmlChunk::ResolveInstance(const ValueRef& value, int level, std::vector<ValueRef>& values,
                                  TemplateInstance& out, uint64_t& tokens) {
  if (value.offset > chunk_.size() || value.size > chunk_.size() - value.offset) return false;
  const auto first = static_cast<uint32_t>(values.size());
  uint32_t slot = 0, count = 0;
  if (PlainInstance(value.offset, value.offset + value.size, values, slot, count, tokens)) {
    out = InstanceOf(slot, {});
    out.values_first = first;
    out.values_count = count;
    return true;
  }
  ByteCursor in = CursorOver(value.offset, value.offset + value.size);
  bool found = false;
  uint8_t token = 0;
  while (in.remaining() > 0) {
    ++tokens;
    (void)in.ReadU8(token, "BinXML token");
    switch (token & ~kTokMore) {
      case kTokEof: return found;
      case kTokFragment:
        if (!in.Skip(3, "fragment header")) return false;
        break;
      case kTokTemplate: {
        if (found) return false;
        found = true;
        // Render: the top template expands at depth 1, a value in it parses at 2 and its
        // instance at 3, and so on for each level of nesting.
        if (!ResolveInstanceBody(in, 3 + 2 * level, tokens, values, slot, count)) return false;
        out = InstanceOf(slot, {});
        out.values_first = first;
        out.values_count = count;
        break;
      }
      default: return false;
    }
  }
  return found;
}

bool BinXmlChunk::PlainInstance(uint32_t begin, uint32_t end, std::vector<ValueRef>& values,
                                uint32_t& slot, uint32_t& count, uint64_t& tokens) {
  // Fragment header (4), template token (1), unknown (1), id (4), offset (4), count (4).
  constexpr uint32_t kHead = 18;
  if (end - begin < kHead || check_template_ids_) return false;
  const std::byte* b = chunk_.data() + begin;
  if (b[0] != std::byte{kTokFragment} || b[4] != std::byte{kTokTemplate}) return false;
  const uint32_t def_offset = LoadU32(b + 10);
  if (def_offset == begin + 14 || def_offset < kBinXmlChunkBodyStart || def_offset >= used_end_) {
    return false;  // an inline definition, or one ParseTemplateInstance refuses
  }
  const uint32_t* at = template_slots_.Find(def_offset);
  if (at == nullptr || !templates_[*at].ok) return false;
  const uint32_t n = LoadU32(b + 14);
  if (n > (end - begin - kHead) / 4) return false;
  const uint32_t data_at = begin + kHead + 4 * n;
  ByteCursor in = CursorOver(data_at, end);
  const size_t first = values.size();
  uint32_t bad = 0;
  if (!ReadValues(in, chunk_.subspan(begin + kHead, size_t{4} * n), values, bad) ||
      (in.remaining() != 0 && chunk_[in.pos()] != std::byte{kTokEof})) {
    values.resize(first);
    return false;
  }
  slot = *at;
  count = n;
  tokens += in.remaining() != 0 ? 3 : 2;  // fragment header, template instance, EOF
  return true;
}

// ParseTemplateInstance's checks in its order, into the caller's value list; anything it
// would refuse fails.
bool BinXmlChunk::ResolveInstanceBody(ByteCursor& in, int depth, uint64_t tokens,
                                      std::vector<ValueRef>& values, uint32_t& slot,
                                      uint32_t& count) {
  uint32_t template_id = 0, def_offset = 0;
  if (!in.Skip(1, "template instance") || !in.ReadU32(template_id, "template id") ||
      !in.ReadU32(def_offset, "template offset")) {
    return false;
  }
  if (def_offset == in.pos()) {
    uint32_t data_size = 0;
    if (!in.PeekU32At(20, data_size) || !in.Skip(24, "inline template") ||
        !in.Skip(data_size, "inline template")) {
      return false;
    }
  }
  if (def_offset < kBinXmlChunkBodyStart || def_offset >= used_end_) return false;
  if (check_template_ids_) {
    ByteCursor def = CursorOver(def_offset, used_end_);
    uint32_t guid_id = 0;
    if (def.remaining() < 24 || !def.Skip(4, "template next") || !def.ReadU32(guid_id, "GUID") ||
        guid_id != template_id) {
      return false;
    }
  }
  if (template_slots_.Find(def_offset) == nullptr) {
    // Parsing counts at most one node per byte of the definition.
    ByteCursor def = CursorOver(def_offset, used_end_);
    uint32_t data_size = 0;
    if (def.PeekU32At(20, data_size) &&
        record_nodes_ + tokens + data_size + 1 > kMaxRecordNodes) {
      return false;
    }
  }
  BinXmlError err;
  if (TemplateAt(def_offset, depth, slot, err) == nullptr) return false;
  std::span<const std::byte> descriptors;
  if (!in.ReadU32(count, "template value count") || count > in.remaining() / 4 ||
      !in.ReadBytes(size_t{count} * 4, descriptors, "values")) {
    return false;
  }
  uint32_t bad = 0;
  return ReadValues(in, descriptors, values, bad);
}

// Descriptors: count x (u16 size, u8 type, u8 pad); the data follows at `in`.
bool BinXmlChunk::ReadValues(ByteCursor& in, std::span<const std::byte> descriptors,
                             std::vector<ValueRef>& values, uint32_t& bad) {
  const size_t count = descriptors.size() / 4;
  const std::byte* d = descriptors.data();
  // One pass that assumes the values fit (they nearly always do), then the check. At most
  // 16384 descriptors fit in a chunk: their sizes add up to less than 2^32.
  const size_t first = values.size();
  values.resize(first + count);
  ValueRef* out = values.data() + first;
  const auto start = static_cast<uint32_t>(in.pos());
  uint32_t at = start;
  for (size_t i = 0; i < count; ++i) {
    const uint16_t size = LoadU16(d + 4 * i);
    out[i] = ValueRef(std::to_integer<uint8_t>(d[4 * i + 2]), at, size);
    at += size;
  }
  if (at - start <= in.remaining()) {
    (void)in.Skip(at - start, "values");
    return true;
  }
  size_t fit = 0;
  uint32_t used = 0;
  while (used + LoadU16(d + 4 * fit) <= in.remaining()) used += LoadU16(d + 4 * fit++);
  values.resize(first + fit);
  (void)in.Skip(used, "values");  // within remaining()
  bad = static_cast<uint32_t>(fit);
  return false;
}

}  // namespace logrx::readers
