#include "readers/evtx/binxml_parser.h"

#include <algorithm>
#include <cstdint>

#include "core/byte_cursor.h"
#include "core/utf16.h"
#include "readers/evtx/binxml_value.h"

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

void BinXmlChunk::Reset(std::span<const std::byte> chunk) {
  Reset(chunk, static_cast<uint32_t>(std::min<size_t>(chunk.size(), UINT32_MAX)));
}

void BinXmlChunk::SetUsedEnd(uint32_t used_end) noexcept {
  used_end_ = static_cast<uint32_t>(std::min<size_t>(used_end, chunk_.size()));
}

void BinXmlChunk::Reset(std::span<const std::byte> chunk, uint32_t used_end) {
  chunk_ = chunk;
  SetUsedEnd(used_end);
  arena_.Reset();
  names_.clear();
  template_slots_.clear();
  templates_.clear();
  template_ir_.clear();
  scratch_ir_.clear();
  values_.clear();
  anomalies_.Clear();
  chunk_nodes_ = 0;
}

bool BinXmlChunk::Utf16At(uint32_t offset, uint32_t units, std::string_view& out) {
  const size_t size = chunk_.size();
  if (offset > size || size_t{units} * 2 > size - offset) return false;
  utf8_.clear();
  const Utf16Result r = AppendUtf16LeAsUtf8(chunk_.data() + offset, units, utf8_);
  anomalies_.lone_surrogates += static_cast<uint32_t>(r.lone_surrogates);
  out = arena_.Copy(utf8_);
  return true;
}

// A name entry: u32 next, u16 hash, u16 char count, UTF-16 chars, u16 NUL.
bool BinXmlChunk::NameAt(uint32_t offset, std::string_view& name, uint32_t& entry_size,
                         BinXmlError& err) {
  const size_t size = chunk_.size();
  if (offset > size || size - offset < 8) return Fail(err, offset, "name offset outside chunk");
  const uint32_t nchars = LoadU16(chunk_.data() + offset + 6);
  entry_size = 8 + 2 * nchars + 2;
  auto it = names_.find(offset);
  if (it != names_.end()) {
    name = it->second;
    return true;
  }
  if (!Utf16At(offset + 8, nchars, name)) return Fail(err, offset, "name runs past chunk end");
  if (check_template_ids_) {
    // A carved record's names may point at bytes that later records overwrote. Each name
    // entry carries a 16-bit hash of its UTF-16 text (h = h * 65599 + unit): a name whose
    // hash does not match is not the name the record was written with.
    uint32_t h = 0;
    for (uint32_t i = 0; i < nchars; ++i) h = h * 65599u + LoadU16(chunk_.data() + offset + 8 + 2 * i);
    const uint32_t stored = LoadU16(chunk_.data() + offset + 4);
    if ((h & 0xFFFFu) != stored) {
      return Fail(err, offset, "name does not match its hash (overwritten after the record was written)",
                  stored);
    }
  }
  names_.emplace(offset, name);
  return true;
}

const BinXmlChunk::Template* BinXmlChunk::TemplateAt(uint32_t def_offset, int depth,
                                                    BinXmlError& err) {
  auto it = template_slots_.find(def_offset);
  if (it != template_slots_.end()) {
    const Template& t = templates_[it->second];
    if (!t.ok) {
      err = t.error;
      return nullptr;
    }
    return &t;
  }
  // Definition: u32 next template offset, 16-byte GUID, u32 data size, fragment.
  Template t;
  // Only the used area holds records, so only it can hold a definition (the caller has
  // already refused offsets inside the chunk header).
  const uint32_t size = used_end_;
  if (def_offset > size || size - def_offset < 24) {
    Fail(t.error, def_offset, "template definition outside the chunk's used area");
  } else {
    const uint32_t data_size = LoadU32(chunk_.data() + def_offset + 20);
    const uint32_t start = def_offset + 24;
    if (data_size > size - start) {
      Fail(t.error, def_offset, "template data runs past the chunk's used area", data_size);
    } else {
      Parse p{start, start + data_size};
      t.begin = static_cast<uint32_t>(template_ir_.size());
      t.ok = ParseFragment(p, template_ir_, /*in_template=*/true, depth, t.error);
      t.end = static_cast<uint32_t>(template_ir_.size());
      if (!t.ok) template_ir_.resize(t.begin);
    }
  }
  const uint32_t slot = static_cast<uint32_t>(templates_.size());
  templates_.push_back(t);
  template_slots_.emplace(def_offset, slot);
  if (!t.ok) {
    err = t.error;
    return nullptr;
  }
  return &templates_[slot];
}

bool BinXmlChunk::ParseTemplateInstance(Parse& p, std::vector<IrNode>& out, int depth,
                                        BinXmlError& err) {
  const uint32_t token_at = p.pos - 1;
  if (p.end - p.pos < 9) return Fail(err, token_at, "template instance truncated");
  // u8 unknown, u32 template id, u32 definition offset
  const uint32_t template_id = LoadU32(chunk_.data() + p.pos + 1);
  const uint32_t def_offset = LoadU32(chunk_.data() + p.pos + 5);
  p.pos += 9;
  if (def_offset == p.pos) {
    // Inline definition (first use in the chunk): skip over it.
    if (p.end - p.pos < 24) return Fail(err, p.pos, "inline template truncated");
    const uint32_t data_size = LoadU32(chunk_.data() + p.pos + 20);
    if (data_size > p.end - p.pos - 24) {
      return Fail(err, p.pos, "inline template runs past its record", data_size);
    }
    p.pos += 24 + data_size;
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
    if (used_end_ - def_offset < 24) {
      return Fail(err, token_at, "template definition outside the chunk's used area", def_offset);
    }
    const uint32_t guid_id = LoadU32(chunk_.data() + def_offset + 4);
    if (guid_id != template_id) {
      return Fail(err, token_at,
                  "template id does not match the GUID at its definition offset (a carved "
                  "record whose template was overwritten)",
                  template_id);
    }
  }
  const Template* t = TemplateAt(def_offset, depth, err);
  if (t == nullptr) return false;
  const uint32_t tpl_begin = t->begin, tpl_end = t->end;
  const uint32_t slot = template_slots_[def_offset];
  (void)tpl_begin;
  (void)tpl_end;
  // Values: u32 count, count x (u16 size, u8 type, u8 pad), then the data.
  if (p.end - p.pos < 4) return Fail(err, p.pos, "template value count truncated");
  const uint32_t count = LoadU32(chunk_.data() + p.pos);
  p.pos += 4;
  if (count > (p.end - p.pos) / 4) return Fail(err, p.pos - 4, "template value count too large", count);
  const uint32_t first = static_cast<uint32_t>(values_.size());
  uint32_t data_at = p.pos + 4 * count;
  for (uint32_t i = 0; i < count; ++i) {
    const std::byte* d = chunk_.data() + p.pos + 4 * i;
    const uint32_t vsize = LoadU16(d);
    const uint8_t vtype = std::to_integer<uint8_t>(d[2]);
    if (vsize > p.end - data_at) {
      values_.resize(first);
      return Fail(err, p.pos + 4 * i, "template value runs past its record", i);
    }
    values_.push_back(ValueRef{vtype, data_at, vsize});
    data_at += vsize;
  }
  p.pos = data_at;
  IrNode n = MakeNode(IrKind::kTemplate);
  n.a = slot;
  n.b = first;
  n.c = count;
  out.push_back(n);
  return true;
}

bool BinXmlChunk::ParseFragment(Parse& p, std::vector<IrNode>& out, bool in_template, int depth,
                                BinXmlError& err) {
  if (depth > kMaxBinXmlDepth) return Fail(err, p.pos, "BinXML nested too deeply");
  const std::byte* c = chunk_.data();
  while (p.pos < p.end) {
    const uint32_t at = p.pos;
    if (++record_nodes_ > kMaxRecordNodes) {
      return Fail(err, at, "record exceeds the work budget (expanded nodes)",
                  static_cast<uint32_t>(kMaxRecordNodes));
    }
    const uint8_t token = std::to_integer<uint8_t>(c[p.pos++]);
    const uint32_t left = p.end - p.pos;
    switch (token & ~kTokMore) {
      case kTokEof: return true;
      case kTokFragment:
        if (left < 3) return Fail(err, at, "fragment header truncated");
        p.pos += 3;
        break;
      case kTokOpenStart: {
        // Normally: u16 dependency id, u32 data size, u32 name offset. Some producers
        // (WEC-forwarded events) omit the dependency id; we take the layout whose data
        // size fits and whose name offset is inline or points back into the chunk body.
        auto plausible = [&](uint32_t skip) {
          if (left < skip + 8) return false;
          const uint32_t dsize = LoadU32(c + p.pos + skip);
          const uint32_t name = LoadU32(c + p.pos + skip + 4);
          const uint32_t here = p.pos + skip + 8;
          if (dsize > left) return false;
          return name == here || (name >= 512 && name < at);
        };
        uint32_t skip = 2;
        if (!plausible(2)) {
          if (!plausible(0)) return Fail(err, at, "open element: bad data size or name offset");
          skip = 0;
          ++anomalies_.missing_dependency_id;
        }
        const uint32_t name_off = LoadU32(c + p.pos + skip + 4);
        p.pos += skip + 8;
        std::string_view name;
        uint32_t entry = 0;
        if (!NameAt(name_off, name, entry, err)) return false;
        if (name_off == p.pos) {
          if (entry > p.end - p.pos) return Fail(err, at, "inline element name truncated");
          p.pos += entry;
        }
        if (token & kTokMore) {
          if (p.end - p.pos < 4) return Fail(err, at, "attribute list size truncated");
          p.pos += 4;
        }
        IrNode n = MakeNode(IrKind::kOpen);
        n.text = name;
        out.push_back(n);
        break;
      }
      case kTokCloseStart: out.push_back(MakeNode(IrKind::kCloseStart)); break;
      case kTokCloseEmpty: out.push_back(MakeNode(IrKind::kCloseEmpty)); break;
      case kTokEnd: out.push_back(MakeNode(IrKind::kEnd)); break;
      case kTokValue: {
        if (left < 3) return Fail(err, at, "value truncated");
        const uint8_t vtype = std::to_integer<uint8_t>(c[p.pos]);
        const uint32_t n16 = LoadU16(c + p.pos + 1);
        p.pos += 3;
        IrNode n = MakeNode(IrKind::kText);
        if (vtype == kValueWString) {
          if (size_t{n16} * 2 > p.end - p.pos) return Fail(err, at, "value text truncated");
          if (!Utf16At(p.pos, n16, n.text)) return Fail(err, at, "value text truncated");
          p.pos += 2 * n16;
        } else if (vtype == kValueAnsiString) {
          if (n16 > p.end - p.pos) return Fail(err, at, "value text truncated");
          utf8_.clear();
          AppendValueText(kValueAnsiString, chunk_.subspan(p.pos, n16), utf8_);
          n.text = arena_.Copy(utf8_);
          p.pos += n16;
        } else {
          return Fail(err, at, "value token with non-string type", vtype);
        }
        out.push_back(n);
        break;
      }
      case kTokAttribute: {
        if (left < 4) return Fail(err, at, "attribute truncated");
        const uint32_t name_off = LoadU32(c + p.pos);
        p.pos += 4;
        std::string_view name;
        uint32_t entry = 0;
        if (!NameAt(name_off, name, entry, err)) return false;
        if (name_off == p.pos) {
          if (entry > p.end - p.pos) return Fail(err, at, "inline attribute name truncated");
          p.pos += entry;
        }
        IrNode n = MakeNode(IrKind::kAttr);
        n.text = name;
        out.push_back(n);
        break;
      }
      case kTokCData:
      case kTokPIData: {
        if (left < 2) return Fail(err, at, "text truncated");
        const uint32_t n16 = LoadU16(c + p.pos);
        p.pos += 2;
        IrNode n = MakeNode((token & ~kTokMore) == kTokCData ? IrKind::kCData : IrKind::kPIData);
        if (size_t{n16} * 2 > p.end - p.pos || !Utf16At(p.pos, n16, n.text)) {
          return Fail(err, at, "text truncated");
        }
        p.pos += 2 * n16;
        out.push_back(n);
        break;
      }
      case kTokCharRef: {
        if (left < 2) return Fail(err, at, "character reference truncated");
        IrNode n = MakeNode(IrKind::kCharRef);
        n.index = LoadU16(c + p.pos);
        p.pos += 2;
        out.push_back(n);
        break;
      }
      case kTokEntityRef:
      case kTokPITarget: {
        if (left < 4) return Fail(err, at, "reference truncated");
        const uint32_t name_off = LoadU32(c + p.pos);
        p.pos += 4;
        IrNode n = MakeNode((token & ~kTokMore) == kTokEntityRef ? IrKind::kEntityRef : IrKind::kPITarget);
        uint32_t entry = 0;
        if (!NameAt(name_off, n.text, entry, err)) return false;
        if (name_off == p.pos) {
          if (entry > p.end - p.pos) return Fail(err, at, "inline name truncated");
          p.pos += entry;
        }
        out.push_back(n);
        break;
      }
      case kTokTemplate:
        // Templates hold substitutions, never instances; a definition that contains one
        // (possibly itself) is corrupt, which also rules out template loops.
        if (in_template) return Fail(err, at, "template instance inside a template");
        if (!ParseTemplateInstance(p, out, depth + 1, err)) return false;
        break;
      case kTokSubst:
      case kTokOptSubst: {
        if (left < 3) return Fail(err, at, "substitution truncated");
        IrNode n = MakeNode((token & ~kTokMore) == kTokSubst ? IrKind::kSubst : IrKind::kOptSubst);
        n.index = LoadU16(c + p.pos);
        n.vtype = std::to_integer<uint8_t>(c[p.pos + 2]);
        p.pos += 3;
        out.push_back(n);
        break;
      }
      default: return Fail(err, at, "unknown BinXML token", token);
    }
  }
  return true;  // ran to the end of the data without an EOF token: accepted
}

bool BinXmlChunk::Expand(const std::vector<IrNode>& nodes, size_t begin, size_t end,
                         uint32_t first_value, uint32_t value_count, int depth, BinXmlVisitor& v,
                         BinXmlError& err) {
  if (depth > kMaxBinXmlDepth) return Fail(err, 0, "BinXML nested too deeply");
  bool in_start_tag = false;
  for (size_t i = begin; i < end; ++i) {
    const IrNode n = nodes[i];  // copy: `nodes` may grow while we expand
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
        v.StartElement(n.text);
        in_start_tag = true;
        break;
      case IrKind::kAttr: v.Attribute(n.text); break;
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
          Parse p{val.offset, val.offset + val.size};
          bool ok = ParseFragment(p, scratch_ir_, false, depth + 1, err) &&
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
        if (!Expand(template_ir_, t.begin, t.end, n.b, n.c, depth + 1, v, err)) return false;
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
  Parse p{begin, end};
  bool ok = ParseFragment(p, scratch_ir_, false, 0, err) &&
            Expand(scratch_ir_, 0, scratch_ir_.size(), 0, 0, 0, v, err);
  chunk_nodes_ += record_nodes_;
  return ok;
}

}  // namespace logrx::readers
