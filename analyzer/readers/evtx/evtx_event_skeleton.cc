// EventBuilder's template skeletons: a template's nodes compiled once per chunk into ops
// that replay, for one record's values, exactly what the node-by-node visitor calls do
// (evtx_event_builder.cc). The compiler follows the same state machine on the static
// parts and gives up (skeleton not usable) on any shape whose handling it does not copy.
#include <algorithm>
#include <cstring>

#include "core/byte_cursor.h"
#include "core/utf16.h"
#include "readers/evtx/binxml_value.h"
#include "readers/evtx/evtx_event_builder.h"
#include "readers/xml_escape.h"

namespace logrx::readers {

class EventBuilder::SkeletonCompiler {
 public:
  // A nested template (s.depth > 0) is compiled inside s.parent, which stands for the
  // s.depth elements open around the BinXML value.
  // `xml`: the builder renders XML (without it the skeleton has no static XML ops).
  // `fields`: the builder fills the Event's fields (without them the skeleton has no ops
  // for captures the builder would drop, so their static XML joins the next op's).
  SkeletonCompiler(Skeleton& s, bool xml, bool fields) : s_(s), render_xml_(xml), fields_(fields) {
    if (s.depth > 0) {
      stack_.push_back(Frame{s.parent, true, {}, {}, false, true, {}});
      floor_ = 1;
      outer_ = s.depth - 1u;
    }
  }

  // False when the template has a shape the skeleton does not render.
  bool Compile(std::span<const IrNode> nodes) {
    for (const IrNode& n : nodes) {
      s_.static_bytes += n.text.size();
      if (!Node(n)) return false;
    }
    if (!xml_.empty() && render_xml_) PushOp(MakeOp(Op::kXml));
    s_.text.append(kTextPad, '\0');
    for (const uint32_t i : s_.slots) {
      const SkelOp& op = s_.ops[i];
      s_.reads.push_back(Skeleton::SlotRead{op.index, op.optional});
      s_.index_end = std::max(s_.index_end, size_t{op.index} + 1);
    }
    return stack_.size() == floor_ && state_ == State::kContent;
  }

 private:
  enum class State : uint8_t { kContent, kInTag, kInAttr };
  struct Frame {
    Elem kind;
    bool had_child;
    std::string_view name, xml;
    bool content = false;     // text, a value or a child came after the start tag
    bool static_tag = true;   // no attribute with substitutions
    std::string tag;          // the start tag as rendered, when static_tag
    int items = 0;            // text, values and children in its content
    int value_op = -1;        // the op of its first content, when that is a value
    int tail_op = -1;         // the op of its last value
  };
  struct AttrPart {
    bool slot;
    bool optional;
    uint16_t index;
    std::string_view text;
  };

  bool Node(const IrNode& n) {
    switch (n.kind) {
      case IrKind::kOpen: return Open(n);
      case IrKind::kAttr:
        if (state_ == State::kInAttr) FinishAttr();
        if (state_ != State::kInTag) return false;
        for (std::string_view taken : tag_attrs_) {
          if (taken == n.xml) return false;  // the node-by-node path renames repeats
        }
        tag_attrs_.push_back(n.xml);
        attr_name_ = n.text;
        attr_xml_ = n.xml;
        parts_.clear();
        state_ = State::kInAttr;
        return true;
      case IrKind::kText:
        if (state_ == State::kInAttr) {
          parts_.push_back(AttrPart{false, false, 0, n.text});
          return true;
        }
        if (state_ != State::kContent || stack_.size() <= floor_) return false;
        stack_.back().content = true;
        ++stack_.back().items;
        if (Keeps(stack_.back().kind)) AddOp(Op::kCaptureText, n.text);
        AppendXmlEscaped(n.text, xml_, false);
        return true;
      case IrKind::kSubst:
      case IrKind::kOptSubst: return Subst(n);
      case IrKind::kCloseStart:
      case IrKind::kCloseEmpty:
        if (state_ == State::kInAttr) FinishAttr();
        if (state_ != State::kInTag) return false;
        state_ = State::kContent;
        if (n.kind == IrKind::kCloseStart) {
          xml_.push_back('>');
          stack_.back().tag.push_back('>');
          return true;
        }
        xml_.append("/>");
        Pop();
        return true;
      case IrKind::kEnd:
        if (state_ != State::kContent || stack_.size() <= floor_) return false;
        xml_.append("</");
        xml_.append(stack_.back().xml);
        xml_.push_back('>');
        Pop();
        return true;
      default: return false;  // references, CDATA, PIs, nested instances
    }
  }

  bool Open(const IrNode& n) {
    if (state_ != State::kContent || outer_ + stack_.size() + 1 >= kMaxElementDepth) return false;
    Elem kind = Elem::kOther;
    if (stack_.empty()) {
      if (n.text == "Event") kind = Elem::kEvent;
    } else {
      kind = Classify(stack_.back().kind, n.text);
      stack_.back().had_child = true;
      stack_.back().content = true;
      ++stack_.back().items;
    }
    stack_.push_back(Frame{kind, false, n.text, n.xml, false, true, {}});
    stack_.back().tag.push_back('<');
    stack_.back().tag.append(n.xml);
    if (Keeps(kind)) {
      if (start_pending_) EmitStart();
      start_pending_ = true;
      start_kind_ = kind;
    }
    xml_.push_back('<');
    xml_.append(n.xml);
    tag_attrs_.clear();
    state_ = State::kInTag;
    return true;
  }

  bool Subst(const IrNode& n) {
    const bool optional = n.kind == IrKind::kOptSubst;
    if (state_ == State::kInAttr) {
      parts_.push_back(AttrPart{true, optional, n.index, {}});
      return true;
    }
    if (state_ != State::kContent || stack_.size() <= floor_) return false;
    Frame& f = stack_.back();
    SkelOp op = MakeOp(Op::kContentValue);
    op.kind = f.kind;
    op.depth = static_cast<uint16_t>(outer_ + stack_.size());
    op.optional = optional;
    op.flag = Keeps(op.kind);
    op.capturing = Captures(op.kind);
    op.index = n.index;
    op.name = f.name;
    op.xml = f.xml;
    // An array repeats the element: its start tag is copied, so only when it is static
    // and the array comes right after it (the node-by-node path copies the last one).
    if (!f.content && f.static_tag) {
      op.repeat = true;
      op.off = static_cast<uint32_t>(s_.text.size());
      op.len = static_cast<uint32_t>(f.tag.size());
      s_.text.append(f.tag);
    }
    f.content = true;
    const uint32_t at = PushOp(op);
    if (f.items++ == 0) f.value_op = static_cast<int>(at);
    f.tail_op = static_cast<int>(at);
    s_.slots.push_back(at);
    return true;
  }

  void Pop() {
    const Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (!Keeps(f.kind)) return;
    SkelOp op = MakeOp(Op::kCaptureEnd);
    // A System number whose element holds just one value: taken from the value itself
    // (the text would parse back to the same number).
    if (IsNumber(f.kind) && f.items == 1 && f.value_op >= 0) {
      s_.ops[static_cast<size_t>(f.value_op)].direct = true;
      op.direct = true;
    }
    // The element's last op is its value (what follows it is XML only): the value's op
    // ends the capture. Its kind, names and `direct` are the element's.
    if (f.tail_op >= 0 && static_cast<size_t>(f.tail_op) + 1 == s_.ops.size() &&
        !s_.ops.back().ends_capture) {
      s_.ops.back().ends_capture = true;
      s_.ops.back().had_child = f.had_child;
      s_.ops.back().sole = f.items == 1;
      if (s_.ops.back().direct) s_.ops.back().op = Op::kContentNumber;
      return;
    }
    op.kind = f.kind;
    op.had_child = f.had_child;
    op.name = f.name;
    op.xml = f.xml;
    PushOp(op);
  }

  // Whether the skeleton captures an element of kind `k`: every capturing kind when the
  // builder fills the Event's fields; without them only the System numbers (the record id,
  // which CompleteCapture keeps, and those a value sets directly).
  bool Keeps(Elem k) const { return Captures(k) && (fields_ || IsNumber(k)); }

  static bool IsNumber(Elem k) {
    return k == Elem::kEventId || k == Elem::kVersion || k == Elem::kLevel || k == Elem::kTask ||
           k == Elem::kOpcode || k == Elem::kKeywords || k == Elem::kEventRecordId;
  }

  void FinishAttr() {
    state_ = State::kInTag;
    const Elem kind = stack_.back().kind;
    const AttrCapture capture = AttrTarget(kind, attr_name_);
    bool all_static = true;
    for (const AttrPart& p : parts_) all_static = all_static && !p.slot;
    if (all_static) {
      value_.clear();
      for (const AttrPart& p : parts_) value_.append(p.text);
      const size_t at = xml_.size();
      xml_.push_back(' ');
      xml_.append(attr_xml_);
      xml_.append("=\"");
      AppendXmlEscaped(value_, xml_, true);
      xml_.push_back('"');
      stack_.back().tag.append(xml_, at);
      if (capture != AttrCapture::kNone && fields_) {  // else CaptureAttribute ignores it
        SkelOp& op = AddOp(Op::kAttrStatic, value_);
        op.capture = capture;
        op.index = static_cast<uint16_t>(s_.static_attrs++);  // its arena copy's slot
      }
      return;
    }
    stack_.back().static_tag = false;
    if (parts_.size() == 1) {  // the value is one substitution
      SlotAttr(kind, capture);
      return;
    }
    PushOp(MakeOp(Op::kAttrBegin));
    for (const AttrPart& p : parts_) {
      if (!p.slot) {
        AddOp(Op::kAttrText, p.text);
        continue;
      }
      SkelOp op = MakeOp(Op::kAttrValue);
      op.kind = kind;
      op.optional = p.optional;
      op.index = p.index;
      op.name = attr_name_;
      s_.slots.push_back(PushOp(op));
    }
    SkelOp end = MakeOp(Op::kAttrEnd);
    end.kind = kind;
    end.name = attr_name_;
    end.xml = attr_xml_;
    end.capture = capture;
    PushOp(end);
  }

  // An attribute whose value is parts_[0], a substitution: one kAttrSlot op.
  void SlotAttr(Elem kind, AttrCapture capture) {
    SkelOp op = MakeOp(Op::kAttrSlot);
    op.kind = kind;
    op.optional = parts_[0].optional;
    op.index = parts_[0].index;
    op.name = attr_name_;
    op.xml = attr_xml_;
    op.capture = capture;
    op.off = static_cast<uint32_t>(s_.text.size());
    s_.text.push_back(' ');
    s_.text.append(attr_xml_);
    s_.text.append("=\"");
    op.len = static_cast<uint32_t>(s_.text.size() - op.off);
    s_.slots.push_back(PushOp(op));
  }

  SkelOp MakeOp(Op op) const {
    SkelOp o{};
    o.op = op;
    o.kind = Elem::kOther;
    o.capture = AttrCapture::kNone;
    return o;
  }

  // A capturing element opened and no op has started its capture yet: an op of its own.
  void EmitStart() {
    SkelOp op = MakeOp(Op::kCaptureStart);
    op.kind = start_kind_;
    s_.ops.push_back(op);  // the XML gathered so far stays for the next op: the order of
    start_pending_ = false;  // a capture start and XML does not matter
  }

  // Appends `o` with the static XML gathered since the previous op as its prefix and the
  // pending capture start when it is for o's element; returns its index.
  uint32_t PushOp(SkelOp o) {
    if (start_pending_) {
      if (o.kind == start_kind_) {
        o.starts_capture = true;
        start_pending_ = false;
      } else {
        EmitStart();
      }
    }
    if (render_xml_ && !xml_.empty()) {
      o.pre_off = static_cast<uint32_t>(s_.text.size());
      o.pre_len = static_cast<uint32_t>(xml_.size());
      s_.text.append(xml_);
    }
    xml_.clear();
    s_.ops.push_back(o);
    return static_cast<uint32_t>(s_.ops.size() - 1);
  }

  // An op carrying `text` (stored in the skeleton) for the innermost element.
  SkelOp& AddOp(Op op, std::string_view text) {
    SkelOp o = MakeOp(op);
    o.kind = stack_.back().kind;
    o.name = attr_name_;
    o.off = static_cast<uint32_t>(s_.text.size());
    o.len = static_cast<uint32_t>(text.size());
    s_.text.append(text);
    return s_.ops[PushOp(o)];
  }

  Skeleton& s_;
  bool render_xml_;
  bool fields_;
  size_t floor_ = 0;  // frames below the template's own (the nested value's parent)
  size_t outer_ = 0;  // elements open below those
  State state_ = State::kContent;
  bool start_pending_ = false;  // a capture of start_kind_ opened without its op yet
  Elem start_kind_ = Elem::kOther;
  std::vector<Frame> stack_;
  std::vector<std::string_view> tag_attrs_;
  std::vector<AttrPart> parts_;
  std::string_view attr_name_, attr_xml_;
  std::string xml_, value_;
};

namespace {

uint64_t MixWord(uint64_t h, uint64_t w) noexcept {
  h = (h ^ w) * 0x9E3779B97F4A7C15u;
  return h ^ (h >> 29);
}

// A node's shape: kind, declared type, index and the sizes of its names. Templates of one
// shape share a cache key and are told apart by comparing them in full.
uint64_t HashNode(uint64_t h, const IrNode& n) noexcept {
  return MixWord(h, uint64_t{static_cast<uint8_t>(n.kind)} | uint64_t{n.vtype} << 8 |
                        uint64_t{n.index} << 16 | uint64_t{n.text.size() & 0xFFFF} << 32 |
                        uint64_t{n.xml.size() & 0xFFFF} << 48);
}

}  // namespace

bool EventBuilder::Skeleton::CompiledFrom(std::span<const IrNode> of, Elem of_parent,
                                          uint16_t of_depth) const noexcept {
  if (parent != of_parent || depth != of_depth || shapes.size() != of.size()) return false;
  const std::string_view stored = names;
  size_t at = 0;
  for (size_t i = 0; i < of.size(); ++i) {
    const NodeShape& a = shapes[i];
    const IrNode& b = of[i];
    if (a.kind != b.kind || a.vtype != b.vtype || a.index != b.index ||
        a.text_size != b.text.size() || a.xml_size != b.xml.size() ||
        stored.substr(at, a.text_size) != b.text ||
        stored.substr(at + a.text_size, a.xml_size) != b.xml) {
      return false;
    }
    at += size_t{a.text_size} + a.xml_size;
  }
  return true;
}

EventBuilder::Skeleton* EventBuilder::CachedSkeleton(std::span<const IrNode> nodes, Elem parent,
                                                     uint16_t depth) {
  uint64_t hash = MixWord(uint64_t{static_cast<uint8_t>(parent)} << 16 | depth, nodes.size());
  for (const IrNode& n : nodes) hash = HashNode(hash, n);
  auto& cached = skeleton_cache_[hash];
  size_t same_key = 0;
  for (Skeleton* c = cached.get(); c != nullptr; c = c->same_key.get(), ++same_key) {
    if (c->CompiledFrom(nodes, parent, depth)) return c;
  }
  auto s = std::make_unique<Skeleton>();
  s->parent = parent;
  s->depth = depth;
  // Compiled from a copy of the nodes whose names live in s->names, so that the skeleton
  // outlives the chunk whose names it was compiled from; of the copy it keeps the shapes.
  CopyIrNodes(nodes, s->names, compile_nodes_);
  s->usable = SkeletonCompiler(*s, render_xml_, event_fields_).Compile(compile_nodes_);
  s->shapes.reserve(compile_nodes_.size());
  for (const IrNode& n : compile_nodes_) {
    s->shapes.push_back(Skeleton::NodeShape{n.kind, n.vtype, n.index,
                                            static_cast<uint32_t>(n.text.size()),
                                            static_cast<uint32_t>(n.xml.size())});
  }
  ++skeletons_compiled_;
  Skeleton* out = s.get();
  if (same_key >= kMaxSkeletonsPerKey) {
    chunk_skeletons_.push_back(std::move(s));  // the key's list is full: for this chunk only
  } else {
    skeleton_cache_bytes_ += s->names.size() + s->shapes.size() * sizeof(Skeleton::NodeShape) +
                             s->text.size() + s->ops.size() * sizeof(SkelOp) +
                             s->slots.size() * (sizeof(uint32_t) + sizeof(Skeleton::SlotRead)) +
                             sizeof(Skeleton);
    ++skeletons_cached_;
    s->same_key = std::move(cached);
    cached = std::move(s);
  }
  return out;
}

EventBuilder::Skeleton& EventBuilder::SkeletonFor(const TemplateInstance& t, Elem parent,
                                                   uint16_t depth) {
  if (t.chunk_epoch != skeleton_epoch_) {
    skeleton_epoch_ = t.chunk_epoch;
    skeletons_.assign(skeletons_.size(), nullptr);
    nested_skeletons_.clear();
    nested_last_.assign(nested_last_.size(), NestedSkeleton{});
    chunk_skeletons_.clear();
    if (skeletons_cached_ > kMaxCachedSkeletons ||
        skeleton_cache_bytes_ > kMaxCachedSkeletonBytes) {
      skeleton_cache_.clear();
      skeleton_cache_bytes_ = 0;
      skeletons_cached_ = 0;
      skeleton_by_id_.clear();
    }
  }
  if (depth == 0) {
    if (t.slot >= skeletons_.size()) skeletons_.resize(size_t{t.slot} + 1, nullptr);
    Skeleton*& s = skeletons_[t.slot];
    if (s == nullptr) s = FindSkeleton(t, parent, depth);
    return *s;
  }
  // A nested template: nearly always where it was last (the slot's last parent and depth),
  // else by slot, parent and depth.
  if (t.slot >= nested_last_.size()) nested_last_.resize(size_t{t.slot} + 1);
  NestedSkeleton& last = nested_last_[t.slot];
  if (last.skeleton == nullptr || last.parent != parent || last.depth != depth) {
    const uint64_t key = t.slot | uint64_t{static_cast<uint8_t>(parent)} << 32 |
                         uint64_t{depth} << 40;
    Skeleton*& s = nested_skeletons_[key];
    if (s == nullptr) s = FindSkeleton(t, parent, depth);
    last = NestedSkeleton{s, parent, depth};
  }
  return *last.skeleton;
}

EventBuilder::Skeleton* EventBuilder::FindSkeleton(const TemplateInstance& t, Elem parent,
                                                   uint16_t depth) {
  // Ids below 2^40 (one per template a decoder keeps) leave room for parent and depth.
  const bool by_id = t.template_id != 0 && t.template_id < (uint64_t{1} << 40);
  const uint64_t id_key = t.template_id << 24 | uint64_t{static_cast<uint8_t>(parent)} << 16 |
                          depth;
  if (by_id) {
    if (const auto it = skeleton_by_id_.find(id_key); it != skeleton_by_id_.end()) {
      return it->second;
    }
  }
  Skeleton* const s = CachedSkeleton(t.nodes, parent, depth);
  const bool chunk_only = !chunk_skeletons_.empty() && chunk_skeletons_.back().get() == s;
  if (by_id && !chunk_only) {
    if (skeleton_by_id_.size() >= kMaxSkeletonIds) skeleton_by_id_.clear();
    skeleton_by_id_.emplace(id_key, s);
  }
  return s;
}

size_t EventBuilder::ValueCount(const Values& v) const noexcept {
  return v.nested ? v.count : v.record.size();
}

const ValueRef* EventBuilder::ValuesBase(const Values& v) const noexcept {
  return v.nested ? nested_values_.data() + v.first : v.record.data();
}

// Checks that every value fits the skeleton's shape and resolves nested BinXML values
// (each must be one instance of a template with a usable skeleton), in document order;
// adds up the nodes the node-by-node path would count, the static bytes and the slots
// (plan_slots_): the value bytes are added only when those could pass the budget
// (PlannedValueBytes).
bool EventBuilder::Plan(const Skeleton& s, const TemplateInstance& t, const Values& values,
                        int level, uint64_t& nodes, uint64_t& bytes) {
  if (!s.usable || s.index_end > ValueCount(values)) return false;
  nodes += 1 + t.nodes.size();
  bytes += s.static_bytes;
  plan_slots_ += s.reads.size();
  // nested_values_ grows while a nested value is planned: the base is taken again after.
  const ValueRef* base = ValuesBase(values);
  const Skeleton::SlotRead* const reads = s.reads.data();
  const Skeleton::SlotRead* const end = reads + s.reads.size();
  for (const Skeleton::SlotRead* r = reads; r != end; ++r) {
    const uint8_t type = base[r->index].type;
    if (type == kValueBinXml || (type & kValueArrayFlag) != 0) {
      const ValueRef copy = base[r->index];  // nested_values_ may grow
      const SkelOp& op = s.ops[s.slots[static_cast<size_t>(r - reads)]];
      if (!PlanSpecial(op, copy, t, level, nodes, bytes)) return false;
      base = ValuesBase(values);
    }
  }
  return true;
}

// The value bytes of the slots of `s` (its instance's values at `values`) as the
// node-by-node path counts them: a BinXML value counts its content (its nested plan), an
// optional NULL nothing.
uint64_t EventBuilder::SlotBytes(const Skeleton& s, const ValueRef* values) noexcept {
  uint64_t sum = 0;
  for (const Skeleton::SlotRead& r : s.reads) {
    const ValueRef& v = values[r.index];
    if (v.type == kValueBinXml || (r.optional && v.type == kValueNull)) continue;
    sum += v.size;
  }
  return sum;
}

uint64_t EventBuilder::PlannedValueBytes(const Skeleton& s, const ValueRef* values) const noexcept {
  uint64_t sum = SlotBytes(s, values);
  for (const Planned& p : plan_) sum += SlotBytes(*p.skeleton, nested_values_.data() + p.first);
  return sum;
}

bool EventBuilder::PlanSpecial(const SkelOp& op, const ValueRef& v, const TemplateInstance& t,
                               int level, uint64_t& nodes, uint64_t& bytes) {
  if (op.optional && v.size == 0) return true;
  if (v.type == kValueBinXml) {
    // Inside a capturing element nested elements would change what it captures.
    if (op.op != Op::kContentValue || op.capturing || level + 1 >= kMaxSkeletonNesting) {
      return false;
    }
    TemplateInstance nested;
    if (!t.decoder->ResolveInstance(v, level, nested_values_, nested, nodes)) return false;
    const Skeleton& ns = SkeletonFor(nested, op.kind, op.depth);
    plan_.push_back(Planned{&ns, nested.values_first, nested.values_count});
    const Values nv{{}, nested.values_first, nested.values_count, true};
    return Plan(ns, nested, nv, level + 1, nodes, bytes);
  }
  // An array: its bytes count as any value's (PlannedValueBytes).
  return (op.op != Op::kContentValue && op.op != Op::kContentNumber) || op.repeat;
}

bool EventBuilder::RenderTemplate(const TemplateInstance& t, uint64_t& nodes) {
  if (!use_skeletons_ || !stack_.empty() || in_attr_ || in_start_tag_) return false;
  nested_values_.clear();
  plan_.clear();
  plan_slots_ = 0;
  const Skeleton& s = SkeletonFor(t, Elem::kOther, 0);
  uint64_t bytes = 0;
  nodes = 0;
  // Every value lies in the chunk: the value bytes are summed only when the slots times
  // the chunk's size could pass the budget.
  if (!Plan(s, t, Values{t.values, 0, 0, false}, 0, nodes, bytes) ||
      nodes > t.decoder->nodes_left() ||
      (bytes + plan_slots_ * t.chunk.size() > t.max_bytes &&
       bytes + PlannedValueBytes(s, t.values.data()) > t.max_bytes)) {
    ++skeleton_declined_;
    return false;
  }
  ++skeleton_records_;
  plan_next_ = 0;
  RunSkeleton(s, t.values.data(), t.chunk);
  Xml();
  return true;
}

void EventBuilder::Grow(size_t n) {
  const size_t used = w_ == nullptr ? xml_.size() : static_cast<size_t>(w_ - xml_.data());
  xml_.resize(used + std::max(n, kOutSlack));
  w_ = xml_.data() + used;
  wend_ = xml_.data() + xml_.size();
}

std::string& EventBuilder::Xml() {
  if (w_ != nullptr) {
    xml_.resize(static_cast<size_t>(w_ - xml_.data()));
    w_ = wend_ = nullptr;
  }
  return xml_;
}

inline bool EventBuilder::ContentNumber(const SkelOp& op, uint8_t type, std::span<const std::byte> bytes) {
  uint64_t number = 0;
  if (!IsUnsignedNumber(type) || !ValueAsUnsigned(type, bytes, number)) return false;
  SetCapturedNumber(op.kind, number);
  number_captured_ = true;
  if (render_xml_) w_ = PutUnsignedText(type, number, Room(kMaxUnsignedTextChars));  // plain
  return true;
}

void EventBuilder::RunSkeleton(const Skeleton& s, const ValueRef* values,
                               std::span<const std::byte> chunk) {
  const char* const text = s.text.data();
  for (const SkelOp& op : s.ops) {
    if (op.pre_len != 0) PutStatic(text + op.pre_off, op.pre_len);
    if (op.starts_capture) StartCapture(op.kind);
    switch (op.op) {
      case Op::kXml: break;
      case Op::kCaptureStart: StartCapture(op.kind); break;
      case Op::kCaptureText: text_.append(text + op.off, op.len); break;
      case Op::kCaptureEnd: EndCapture(op); break;
      case Op::kAttrStatic:  // only compiled when the builder fills the Event's fields
        if (arena_epoch_ == 0) {
          CaptureAttribute(op.capture, std::string_view(text + op.off, op.len));
        } else if (op.capture == AttrCapture::kDataName) {  // most of them: kept as is
          data_name_ = StaticInArena(s, op);
        } else {
          CaptureAttribute(op.capture, StaticInArena(s, op), /*in_arena=*/true);
        }
        break;
      case Op::kAttrBegin:
        attr_value_.clear();
        attr_omitted_ = false;
        break;
      case Op::kAttrText: attr_value_.append(text + op.off, op.len); break;
      // Plan declines BinXML values in attributes: only element content has them.
      case Op::kAttrSlot: {
        const ValueRef& v = values[op.index];
        if (op.optional && (v.type == kValueNull || v.size == 0)) break;
        AttributeSlot(op, v.type, chunk.subspan(v.offset, v.size),
                      std::string_view(text + op.off, op.len));
        break;
      }
      case Op::kAttrValue: {
        const ValueRef& v = values[op.index];
        if (op.optional && (v.type == kValueNull || v.size == 0)) {
          attr_omitted_ = true;
          break;
        }
        AttributeValue(op, v.type, chunk.subspan(v.offset, v.size));
        break;
      }
      case Op::kContentNumber: {
        const ValueRef& v = values[op.index];
        if (!(op.optional && (v.type == kValueNull || v.size == 0)) &&
            ContentNumber(op, v.type, chunk.subspan(v.offset, v.size))) {
          // The capture it ends is the number: EndCapture would only reset these.
          number_captured_ = false;
          text_.clear();
          continue;
        }
        [[fallthrough]];  // any other value: as element content (ContentNumber declines it)
      }
      case Op::kContentValue: {
        const ValueRef& v = values[op.index];
        if (op.optional && (v.type == kValueNull || v.size == 0)) break;
        if (v.type == kValueBinXml) {  // planned: the next nested instance
          const Planned p = plan_[plan_next_++];
          RunSkeleton(*p.skeleton, nested_values_.data() + p.first, chunk);
          break;
        }
        const auto bytes = chunk.subspan(v.offset, v.size);
        if (op.direct && ContentNumber(op, v.type, bytes)) break;
        if ((v.type & kValueArrayFlag) == 0 && op.kind != Elem::kBinary) {
          // ContentValue's usual case, without its frame.
          ContentScalar(v.type, bytes, op.flag && !op.sole, op.sole);
        } else {
          ContentValue(op, std::string_view(text + op.off, op.len), v.type, bytes);
        }
        break;
      }
      case Op::kAttrEnd: EndAttribute(op); break;
    }
    if (op.ends_capture) EndCapture(op);
  }
}

// kAttrEnd: FinishAttribute for an attribute gathered in attr_value_ (never a repeated
// name: the skeleton compiler refuses those).
void EventBuilder::EndAttribute(const SkelOp& op) {
  if (attr_omitted_ && attr_value_.empty()) return;
  if (render_xml_) {
    PutChar(' ');
    PutCopy(op.xml);
    PutCopy("=\"");
    PutEscaped(attr_value_, true);
    PutChar('"');
  }
  CaptureAttribute(op.capture, attr_value_);
}

std::string_view EventBuilder::CopyStaticToArena(const Skeleton& s, const SkelOp& op) {
  if (s.copies_epoch != arena_epoch_) {
    s.copies.assign(s.static_attrs, std::string_view());
    s.copies_epoch = arena_epoch_;
  }
  std::string_view& copy = s.copies[op.index];
  if (copy.empty()) copy = arena_->Copy(std::string_view(s.text).substr(op.off, op.len));
  return copy;
}

void EventBuilder::StartCapture(Elem kind) {
  text_.clear();
  if (kind == Elem::kData) data_name_ = {};
  if (kind == Elem::kBinary) binary_raw_ = false;
}

void EventBuilder::EndCapture(const SkelOp& op) {
  if (op.direct && number_captured_) {
    number_captured_ = false;
    text_.clear();
    return;
  }
  if (have_sole_text_) {
    have_sole_text_ = false;
    CompleteCapture(Frame{op.kind, op.had_child, op.name, op.xml}, sole_text_);
    return;
  }
  CompleteCapture(Frame{op.kind, op.had_child, op.name, op.xml});
}

// Types whose text (AppendValueText, malformed values' hex included) is only ASCII
// letters, digits, '-', '{', '}', ':' and '.' (times): nothing XML escapes.
bool EventBuilder::TextIsPlain(uint8_t type) noexcept {
  switch (type) {
    case kValueNull:
    case kValueInt8: case kValueUInt8: case kValueInt16: case kValueUInt16:
    case kValueInt32: case kValueUInt32: case kValueInt64: case kValueUInt64:
    case kValueBool: case kValueBinary: case kValueGuid: case kValueSizeT:
    case kValueFiletime: case kValueSystemtime:
    case kValueSid: case kValueHexInt32: case kValueHexInt64:
      return true;
    default: return false;
  }
}

// Value() inside an attribute.
void EventBuilder::AttributeValue(const SkelOp& op, uint8_t type,
                                  std::span<const std::byte> bytes) {
  if (op.kind == Elem::kTimeCreated && op.name == "SystemTime") {
    int64_t t = 0;
    if (ValueAsFiletime(type, bytes, t)) {
      ev_->time_created = t;
      have_time_ = true;
    }
  }
  RenderValueText(type, bytes);
  attr_value_.append(value_);
}

// An attribute whose value is one substitution, `head` its ` name="`: written and
// captured as Attribute, Value and FinishAttribute would. Numbers and times the Event
// keeps are taken from the value itself (their text would parse back to the same).
void EventBuilder::AttributeSlot(const SkelOp& op, uint8_t type, std::span<const std::byte> bytes,
                                 std::string_view head) {
  bool captured = false;
  uint64_t number = 0;
  switch (op.capture) {
    case AttrCapture::kSystemTime: {
      int64_t t = 0;
      if (ValueAsFiletime(type, bytes, t)) {
        ev_->time_created = t;
        have_time_ = true;
        captured = true;
      }
      break;
    }
    case AttrCapture::kQualifiers:
    case AttrCapture::kProcessId:
    case AttrCapture::kThreadId:
      if (IsUnsignedNumber(type) && ValueAsUnsigned(type, bytes, number)) {
        captured = true;
        if (op.capture == AttrCapture::kProcessId) {
          ev_->process_id = static_cast<uint32_t>(number);
        } else if (op.capture == AttrCapture::kThreadId) {
          ev_->thread_id = static_cast<uint32_t>(number);
        } else {
          ev_->qualifiers = static_cast<uint16_t>(number);
          ev_->has_qualifiers = true;
        }
      }
      break;
    default: break;
  }
  // A value taken whole has a well-formed size: its text counts no anomaly, and is
  // written from the value taken.
  if (captured) {
    if (!render_xml_) return;
    // head (in the padded skeleton text), the value, '"'.
    char* w = Room(head.size() + kTextPad + kFiletimeIsoChars + kMaxUnsignedTextChars + 1);
    for (size_t i = 0; i < head.size(); i += kTextPad) {
      std::memcpy(w + i, head.data() + i, kTextPad);
    }
    w += head.size();
    if (op.capture != AttrCapture::kSystemTime) {
      w = PutUnsignedText(type, number, w);
    } else if (PutFiletimeIso8601(ev_->time_created, w)) {
      w += kFiletimeIsoChars;
    } else {
      w_ = w;
      std::string& xml = Xml();
      AppendFiletimeIso8601(ev_->time_created, xml);
      xml.push_back('"');
      return;
    }
    *w++ = '"';
    w_ = w;
    return;
  }
  if (render_xml_ && TextIsPlain(type)) {  // written as is and captured from there
    PutStatic(head.data(), head.size());
    CaptureAttribute(op.capture, PutPlainValue(type, bytes));
    PutChar('"');
    return;
  }
  if (render_xml_ && type == kValueWString && bytes.size() % 2 == 0) {
    PutStatic(head.data(), head.size());
    CaptureAttribute(op.capture, PutWString(bytes, true));
    PutChar('"');
    return;
  }
  if (!render_xml_ && type == kValueWString && bytes.size() % 2 == 0) {
    CaptureAttribute(op.capture, DecodeWString(bytes));
    return;
  }
  if (!render_xml_ && TextIsPlain(type)) {
    CaptureAttribute(op.capture, DecodePlain(type, bytes));
    return;
  }
  RenderValueText(type, bytes);
  if (render_xml_) {
    PutStatic(head.data(), head.size());
    PutEscaped(value_, true);
    PutChar('"');
  }
  CaptureAttribute(op.capture, value_);
}

// Types whose text is the decimal or 0x-hex form of an unsigned number.
bool EventBuilder::IsUnsignedNumber(uint8_t type) noexcept {
  return type == kValueUInt8 || type == kValueUInt16 || type == kValueUInt32 ||
         type == kValueUInt64 || type == kValueHexInt32 || type == kValueHexInt64;
}

// Value() as element content (after ContentNumber declined a SkelOp::direct one). Arrays
// come here only as the element's first content after a static start tag (Plan): each
// item after the first repeats the element.
void EventBuilder::ContentValue(const SkelOp& op, std::string_view tag, uint8_t type,
                                std::span<const std::byte> bytes) {
  if (op.kind == Elem::kBinary && type == kValueBinary) {
    char* p = arena_->Allocate(bytes.size() + 1);
    if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
    ev_->binary = std::span<const std::byte>(reinterpret_cast<const std::byte*>(p), bytes.size());
    binary_raw_ = true;
    // Without XML its hex text would only be dropped: the capture keeps the raw bytes
    // (hex of kValueBinary counts no anomaly).
    if (!render_xml_) return;
  }
  if ((type & kValueArrayFlag) == 0) {
    ContentScalar(type, bytes, op.flag && !op.sole, op.sole);
    return;
  }
  ContentArray(op, tag, type, bytes);
}

void EventBuilder::ContentArray(const SkelOp& op, std::string_view tag, uint8_t type,
                                std::span<const std::byte> bytes) {
  const uint8_t item_type = ArrayItemType(type);
  size_t pos = 0;
  std::span<const std::byte> item;
  for (bool first = true; NextArrayItem(type, bytes, pos, item); first = false) {
    if (!first) {
      if (render_xml_) {
        std::string& xml = Xml();
        xml.append("</");
        xml.append(op.xml);
        xml.push_back('>');
        xml.append(tag);
      }
      if (op.flag) CompleteCapture(Frame{op.kind, false, op.name, op.xml});
      text_.clear();
    }
    ContentScalar(item_type, item, op.flag, false);
  }
}

// One scalar value as element content: its XML, and its text in text_ when `capture`.
// `sole`: the element's only content (SkelOp::sole), its text left in sole_text_.
inline void EventBuilder::ContentScalar(uint8_t type, std::span<const std::byte> bytes, bool capture,
                                 bool sole) {
  std::string_view text;
  if (TextIsPlain(type)) {  // written as is and captured from there
    text = render_xml_ ? PutPlainValue(type, bytes) : DecodePlain(type, bytes);
  } else if (type == kValueWString && bytes.size() % 2 == 0) {
    text = render_xml_ ? PutWString(bytes, false) : DecodeWString(bytes);
  } else {
    RenderValueText(type, bytes);
    text = value_;
    if (render_xml_) PutEscaped(value_, false);
  }
  if (capture) text_.append(text);
  if (sole) {
    sole_text_ = text;
    have_sole_text_ = true;
  }
}

void EventBuilder::PutEscaped(std::string_view s, bool attr) {
  if (IsPlainXmlText(s, attr)) {
    PutCopy(s);
  } else {
    AppendXmlEscaped(s, Xml(), attr);
  }
}

std::string_view EventBuilder::DecodeWString(std::span<const std::byte> bytes) {
  size_t units = bytes.size() / 2;
  while (units > 0 && LoadU16(bytes.data() + 2 * (units - 1)) == 0) --units;
  if (wide_.size() < 3 * units) wide_.resize(3 * units);  // grown, never shrunk
  // Most text is ASCII without anything XML escapes: decoded a block at a time.
  if (PutUtf16LeAsPlainXml(bytes.data(), units, wide_.data()) != nullptr) {
    return std::string_view(wide_.data(), units);
  }
  Utf16Result r;
  const char* end = PutUtf16LeAsUtf8(bytes.data(), units, wide_.data(), r);
  if (r.lone_surrogates != 0) ++lone_surrogates_;
  return std::string_view(wide_.data(), static_cast<size_t>(end - wide_.data()));
}

inline std::string_view EventBuilder::PutWString(std::span<const std::byte> bytes, bool attr) {
  size_t units = bytes.size() / 2;
  // As AppendValueText: the terminating NULs Windows stores are not text.
  while (units > 0 && LoadU16(bytes.data() + 2 * (units - 1)) == 0) --units;
  char* const at = Room(3 * units);
  if (char* const plain = PutUtf16LeAsPlainXml(bytes.data(), units, at)) {  // most text
    w_ = plain;
    return std::string_view(at, units);
  }
  return PutWStringDecoded(bytes.data(), units, at, attr);
}

std::string_view EventBuilder::PutWStringDecoded(const std::byte* p, size_t units, char* at,
                                                 bool attr) {
  Utf16Result r;
  char* const end = PutUtf16LeAsUtf8(p, units, at, r);
  if (r.lone_surrogates != 0) ++lone_surrogates_;
  const std::string_view text(at, static_cast<size_t>(end - at));
  if (IsPlainXmlText(text, attr)) {
    w_ = end;
    return text;
  }
  value_.assign(text);
  w_ = at;
  AppendXmlEscaped(value_, Xml(), attr);
  return value_;
}

size_t EventBuilder::PlainRoom(uint8_t type, size_t size) noexcept {
  if (IsUnsignedNumber(type)) return kMaxUnsignedTextChars;
  if (type == kValueBinary) return 2 * size;
  if (type == kValueGuid) return kGuidChars;
  if (type == kValueSid) return SidTextBound(size);
  return 0;
}

char* EventBuilder::PutPlainAt(uint8_t type, std::span<const std::byte> bytes, char* at) noexcept {
  uint64_t number = 0;
  if (IsUnsignedNumber(type)) {
    return ValueAsUnsigned(type, bytes, number) ? PutUnsignedText(type, number, at) : nullptr;
  }
  if (type == kValueBinary) return bytes.empty() ? nullptr : PutHex(bytes, at);
  if (type == kValueGuid) {
    if (bytes.size() != 16) return nullptr;
    PutGuid(bytes.data(), at);
    return at + kGuidChars;
  }
  if (type == kValueSid) return PutSid(bytes, at);
  return nullptr;
}

// PutPlainAt's forms, each taking its room in its own branch (a size switch fewer per
// value than PlainRoom then PutPlainAt).
std::string_view EventBuilder::PutPlainValue(uint8_t type, std::span<const std::byte> bytes) {
  uint64_t number = 0;
  char* at = nullptr;
  if (IsUnsignedNumber(type) && ValueAsUnsigned(type, bytes, number)) {  // well-sized
    at = Room(kMaxUnsignedTextChars);
    w_ = PutUnsignedText(type, number, at);
  } else if (type == kValueBinary) {
    at = Room(2 * bytes.size());
    w_ = PutHex(bytes, at);
  } else if (type == kValueGuid && bytes.size() == 16) {
    at = Room(kGuidChars);
    PutGuid(bytes.data(), at);
    w_ = at + kGuidChars;
  } else if (type == kValueSid) {
    at = Room(SidTextBound(bytes.size()));
    char* const end = PutSid(bytes, at);
    if (end != nullptr) {
      w_ = end;
    } else {
      at = nullptr;  // malformed: AppendValueText's hex, counted
    }
  }
  if (at != nullptr) return std::string_view(at, static_cast<size_t>(w_ - at));
  RenderValueText(type, bytes);
  PutCopy(value_);
  return value_;
}

std::string_view EventBuilder::DecodePlain(uint8_t type, std::span<const std::byte> bytes) {
  const size_t room = PlainRoom(type, bytes.size());
  if (wide_.size() < room) wide_.resize(room);  // grown, never shrunk
  const char* end = PutPlainAt(type, bytes, wide_.data());
  if (end != nullptr) {
    return std::string_view(wide_.data(), static_cast<size_t>(end - wide_.data()));
  }
  RenderValueText(type, bytes);
  return value_;
}

}  // namespace logrx::readers
