// EventBuilder: a BinXmlVisitor that turns one record's BinXML into an Event in a single
// pass: System fields, EventData/UserData values, RenderingInfo, and (only when asked)
// the record's event XML text.
//
//   builder.Begin(&arena, &fields, &event);  bx.Render(b, e, builder, err);  builder.Finish();
//
// Strings of the Event go into the caller's arena; fields are appended to `fields` and
// the caller points Event::data at them (the vector may still grow). Not thread-safe;
// one builder per thread; its buffers keep their capacity between records.
//
// Templates: a record that is one template instance (nearly every record) is rendered
// from a skeleton compiled once per template and chunk: the template's XML between
// substitutions pre-rendered and escaped, its elements already classified, and one op per
// substitution, so a record costs its values, not its tree. The output is the one the
// node-by-node calls give. Templates outside the shapes the skeleton knows (character or
// entity references, CDATA, PIs, unbalanced or deeper than kMaxElementDepth, an
// attribute name repeated in a start tag) and records whose values change the shape in
// ways the skeleton does not copy (nested BinXML that is not one template instance or sits
// in a capturing element, an array in element content other than right after a start
// tag without substitutions, substitutions out of range, the work budget) take the
// node-by-node path.
#ifndef LOGRX_READERS_EVTX_EVTX_EVENT_BUILDER_H_
#define LOGRX_READERS_EVTX_EVTX_EVENT_BUILDER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/arena.h"
#include "core/event.h"
#include "readers/evtx/binxml_parser.h"

namespace logrx::readers {

inline constexpr size_t kMaxElementDepth = 128;

class EventBuilder final : public BinXmlVisitor {
 public:
  // `event_fields` false (only with `render_xml`): the Event gets its XML and EventRecordID;
  // its other fields, data and RenderingInfo are not captured (numbers and times a value
  // sets directly may still be).
  explicit EventBuilder(bool render_xml, bool event_fields = true)
      : render_xml_(render_xml), event_fields_(event_fields || !render_xml) {}

  // `xml`: when given (and rendering XML), the record's XML is appended to it, from
  // xml->size() at Begin to its size after Finish, instead of going to the arena and
  // ev->xml (which stays empty): the caller points ev->xml at it once it stops growing.
  void Begin(Arena* arena, std::vector<Field>* fields, Event* ev, std::string* xml = nullptr);
  // Every Begin() from here to the next UseOneArena() passes the same arena, not reset in
  // between: a template's static strings an Event keeps (Data Name="...", a static
  // Provider Name) are copied into it once, not once per record. Without a call, every
  // record copies them.
  void UseOneArena() noexcept { ++arena_epoch_; }
  // Completes the event: captured strings, the XML (if rendering), the field count.
  void Finish();
  uint32_t fields_added() const noexcept { return fields_added_; }
  // Values that rendered as hex because their size did not fit their type.
  uint32_t malformed_values() const noexcept { return malformed_values_; }
  uint32_t lone_surrogates() const noexcept { return lone_surrogates_; }
  uint32_t too_deep() const noexcept { return too_deep_; }
  // Off: every record is built node by node (tests compare the two paths).
  void set_use_skeletons(bool on) noexcept { use_skeletons_ = on; }
  // Records rendered from a skeleton, and template records that took the node-by-node
  // path, since construction.
  uint64_t skeleton_records() const noexcept { return skeleton_records_; }
  uint64_t skeleton_declined() const noexcept { return skeleton_declined_; }
  // Templates compiled into skeletons (a template seen again in a later chunk is not).
  uint64_t skeletons_compiled() const noexcept { return skeletons_compiled_; }

  void StartElement(std::string_view name, std::string_view xml_name) override;
  void Attribute(std::string_view name, std::string_view xml_name) override;
  void CloseStartTag(bool empty_element) override;
  void EndElement() override;
  void Text(std::string_view utf8) override;
  void Value(uint8_t type, std::span<const std::byte> bytes) override;
  void OptionalOmitted() override;
  void CharRef(uint16_t unit) override;
  void EntityRef(std::string_view name) override;
  void CData(std::string_view utf8) override;
  void ProcessingInstruction(std::string_view target, std::string_view data) override;
  bool RenderTemplate(const TemplateInstance& t, uint64_t& nodes) override;

 private:
  enum class Elem : uint8_t {
    kOther, kEvent, kSystem, kProvider, kEventId, kVersion, kLevel, kTask, kOpcode,
    kKeywords, kTimeCreated, kEventRecordId, kExecution, kChannel, kComputer, kSecurity,
    kEventData, kData, kBinary, kUserData, kUserWrap, kUserLeaf, kRenderingInfo,
    kRiMessage, kRiLevel, kRiTask,
  };
  struct Frame {
    Elem kind;
    bool had_child;
    std::string_view name;
    std::string_view xml_name;
  };

  // Attributes whose value the Event keeps (CaptureAttribute), by element and name.
  enum class AttrCapture : uint8_t {
    kNone, kProviderName, kProviderGuid, kEventSource, kQualifiers, kSystemTime,
    kProcessId, kThreadId, kUserId, kDataName,
  };

  // One step of a compiled template (evtx_event_skeleton.cc). Every op first appends its
  // static XML prefix text[pre_off, pre_off+pre_len) (the template's XML since the
  // previous op; empty when not rendering XML), then starts a capture (starts_capture),
  // does its step, then ends a capture (ends_capture): the capture of its element `kind`,
  // without an op of its own.
  enum class Op : uint8_t {
    kXml,           // only the prefix (the template's XML after its last substitution)
    kCaptureStart,  // an element of `kind` opens: reset its capture
    kCaptureText,   // static text inside a capturing element
    kCaptureEnd,    // an element of `kind` ends: store its capture
    kAttrStatic,    // an attribute whose value is all static text: capture it
    kAttrSlot,      // an attribute whose value is substitution `index` alone (text: ` name="`)
    kAttrBegin,     // an attribute with substitutions starts
    kAttrText,      // static text of that attribute
    kAttrValue,     // substitution `index` in that attribute
    kAttrEnd,       // that attribute is complete: write (unless omitted) and capture it
    kContentValue,  // substitution `index` as element content
    kContentNumber,  // kContentValue that is `direct` and ends its element's capture
  };
  struct SkelOp {
    Op op;
    Elem kind;
    bool optional;   // kAttrValue/kAttrSlot/kContentValue: an optional substitution
    bool flag;       // kContentValue: its element's capture is kept (SkeletonCompiler::Keeps)
    bool starts_capture, ends_capture;
    bool had_child;  // ending a capture: the element had a child
    bool sole;       // kContentValue ending a capture: the element's only content
    bool repeat;     // kContentValue: an array may repeat the element (start tag at off)
    bool direct;     // kContentValue, kCaptureEnd: a System number set from the value
    bool capturing;  // kContentValue: its element captures (nested BinXML declines there)
    AttrCapture capture;  // kAttrStatic, kAttrSlot, kAttrEnd: what the Event keeps of it
    uint16_t index;  // substitution index; kAttrStatic: its slot in Skeleton::copies
    uint16_t depth;  // kContentValue: elements open around it
    uint32_t pre_off, pre_len;  // static XML before the op
    uint32_t off, len;      // skeleton text: text, value, start tag or ` name="`
    std::string_view name;  // element or attribute name as stored
    std::string_view xml;   // its XML name (kAttrEnd, kCaptureEnd, kContentValue)
  };
  struct Skeleton {
    // What CompiledFrom compares of each node it was compiled from (kind, declared type,
    // index, the sizes of its text and XML name), the names themselves one after another
    // in `names`, which is also the storage of every name its ops refer to. A copy of the
    // nodes themselves would take 48 bytes a node; this takes 12.
    struct NodeShape {
      IrKind kind;
      uint8_t vtype;
      uint16_t index;
      uint32_t text_size, xml_size;
    };
    std::vector<NodeShape> shapes;
    std::string names;
    Elem parent = Elem::kOther;  // nested: the element around the BinXML value
    uint16_t depth = 0;          // nested: elements open around it (0: a record's template)
    bool usable = false;
    uint64_t static_bytes = 0;  // text of the template's nodes, as the work budget counts it
    std::vector<SkelOp> ops;
    std::vector<uint32_t> slots;  // ops that read a substitution
    struct SlotRead {             // per slot: what Plan checks of its value
      uint16_t index;             // its substitution index
      bool optional;              // an empty value is omitted
    };
    std::vector<SlotRead> reads;
    size_t index_end = 0;  // 1 + the highest index a slot reads (0: none)
    std::string text;  // ends in kTextPad NULs that no op covers (PutStatic reads them)
    // kAttrStatic values copied into the arena of arena_epoch (by the op's `index`): a
    // cache that RunSkeleton fills in, so mutable.
    uint32_t static_attrs = 0;  // kAttrStatic ops
    mutable std::vector<std::string_view> copies;
    mutable uint64_t copies_epoch = 0;
    // Whether it was compiled from these nodes (kind, type, index, text and XML name of
    // each, compared in full) for this parent and depth.
    bool CompiledFrom(std::span<const IrNode> of, Elem of_parent, uint16_t of_depth) const noexcept;
    std::unique_ptr<Skeleton> same_key;  // the next cached skeleton with the same cache key
  };
  class SkeletonCompiler;

  static Elem Classify(Elem parent, std::string_view name) noexcept;
  static bool Captures(Elem e) noexcept;
  // The values of one instance: the record's, or a nested one's in nested_values_.
  struct Values {
    std::span<const ValueRef> record;
    uint32_t first = 0, count = 0;
    bool nested = false;
  };
  struct Planned {  // a nested instance, in document order
    const Skeleton* skeleton;
    uint32_t first, count;
  };
  static constexpr int kMaxSkeletonNesting = 4;

  Skeleton& SkeletonFor(const TemplateInstance& t, Elem parent, uint16_t depth);
  // The skeleton of `t` by its template id, else CachedSkeleton (remembered by id).
  Skeleton* FindSkeleton(const TemplateInstance& t, Elem parent, uint16_t depth);
  // A skeleton of `nodes` from the cache, or compiled (and cached) now.
  Skeleton* CachedSkeleton(std::span<const IrNode> nodes, Elem parent, uint16_t depth);
  size_t ValueCount(const Values& v) const noexcept;
  // The first of them (ValueCount of them from there); valid until nested_values_ grows.
  const ValueRef* ValuesBase(const Values& v) const noexcept;
  bool Plan(const Skeleton& s, const TemplateInstance& t, const Values& values, int level,
            uint64_t& nodes, uint64_t& bytes);
  // The value bytes of the skeleton `s` run with `values` and of the nested ones plan_
  // holds, as the work budget counts them; SlotBytes those of one skeleton.
  uint64_t PlannedValueBytes(const Skeleton& s, const ValueRef* values) const noexcept;
  static uint64_t SlotBytes(const Skeleton& s, const ValueRef* values) noexcept;
  // Plan of one slot whose value is BinXML or an array.
  bool PlanSpecial(const SkelOp& op, const ValueRef& v, const TemplateInstance& t, int level,
                   uint64_t& nodes, uint64_t& bytes);
  // Runs a planned skeleton with its instance's values (every index its slots read).
  void RunSkeleton(const Skeleton& s, const ValueRef* values, std::span<const std::byte> chunk);
  void AttributeValue(const SkelOp& op, uint8_t type, std::span<const std::byte> bytes);
  void ContentValue(const SkelOp& op, std::string_view tag, uint8_t type,
                    std::span<const std::byte> bytes);
  // A SkelOp::direct value that is a well-sized unsigned number: its capture set from the
  // number and its text written; false (nothing done) for any other value.
  bool ContentNumber(const SkelOp& op, uint8_t type, std::span<const std::byte> bytes);
  // ContentValue of an array: each item after the first repeats the element.
  void ContentArray(const SkelOp& op, std::string_view tag, uint8_t type,
                    std::span<const std::byte> bytes);
  static bool IsUnsignedNumber(uint8_t type) noexcept;
  static bool TextIsPlain(uint8_t type) noexcept;
  // CompleteCapture of a System number whose text would be `v`.
  void SetCapturedNumber(Elem kind, uint64_t v) noexcept;
  void AttributeSlot(const SkelOp& op, uint8_t type, std::span<const std::byte> bytes,
                     std::string_view text);
  void FinishAttribute();
  static AttrCapture AttrTarget(Elem kind, std::string_view name) noexcept;
  // `in_arena`: v already lives in the arena (no copy).
  void CaptureAttribute(AttrCapture target, std::string_view v, bool in_arena = false);
  // kAttrStatic: its text in the arena, copied once per UseOneArena().
  std::string_view StaticInArena(const Skeleton& s, const SkelOp& op) {
    if (s.copies_epoch == arena_epoch_ && !s.copies[op.index].empty()) return s.copies[op.index];
    return CopyStaticToArena(s, op);
  }
  std::string_view CopyStaticToArena(const Skeleton& s, const SkelOp& op);  // the first time
  void RenderValueText(uint8_t type, std::span<const std::byte> bytes);  // into value_
  // The text of a value appended to `out`, its anomalies counted.
  void AppendValueCounted(uint8_t type, std::span<const std::byte> bytes, std::string& out);
  void ContentScalar(uint8_t type, std::span<const std::byte> bytes, bool capture, bool sole);
  void EndCurrent(bool empty_element);
  // Ends the innermost element: "/>" if its start tag is open, else its end tag.
  // REQUIRES: !stack_.empty().
  void CloseInnermost();
  void AppendContent(std::string_view raw);  // text content: capture + escaped XML
  void CompleteCapture(const Frame& f);
  // The same with the element's text `t` (a view that does not alias text_, or text_).
  void CompleteCapture(const Frame& f, std::string_view t);
  void StartCapture(Elem kind);     // kCaptureStart
  void EndAttribute(const SkelOp& op);  // kAttrEnd
  void EndCapture(const SkelOp& op);  // kCaptureEnd
  void RenderScalar(uint8_t type, std::span<const std::byte> bytes);
  void RepeatElement();

  // The skeleton path's XML writer: while open, xml_ has spare room [w_, wend_) past the
  // text written so far (w_), filled through these pointers without a std::string append
  // per piece. Closed (w_ == wend_ == nullptr), xml_.size() is the text's end.
  // Room(n): at least n writable bytes at the returned w_ (opens or grows xml_).
  char* Room(size_t n) {
    if (static_cast<size_t>(wend_ - w_) < n) Grow(n);
    return w_;
  }
  void Grow(size_t n);
  // Closes the writer: xml_ ends at w_. Everything that appends to xml_ itself calls it.
  std::string& Xml();
  // Static skeleton text (Skeleton::text is padded by kTextPad bytes, read in blocks):
  // most of it comes in runs of up to kTextPad bytes, copied without a loop.
  void PutStatic(const char* p, size_t n) {
    char* w = Room(n + kTextPad);
    std::memcpy(w, p, kTextPad);
    for (size_t i = kTextPad; i < n; i += 16) std::memcpy(w + i, p + i, 16);
    w_ = w + n;
  }
  void PutCopy(std::string_view v) {
    if (v.empty()) return;
    char* w = Room(v.size());
    std::memcpy(w, v.data(), v.size());
    w_ = w + v.size();
  }
  void PutChar(char c) {
    *Room(1) = c;
    ++w_;
  }
  // `s` escaped as AppendXmlEscaped does.
  void PutEscaped(std::string_view s, bool attr);
  // The text of a value whose text needs no escaping (TextIsPlain(type)), anomalies
  // counted; returns it (a view of the writer's output or of value_).
  std::string_view PutPlainValue(uint8_t type, std::span<const std::byte> bytes);
  // The same value's text without writing XML, in wide_ (or value_): valid until the next
  // value.
  std::string_view DecodePlain(uint8_t type, std::span<const std::byte> bytes);
  // The text of a TextIsPlain value in the forms written in place (numbers, Binary, GUID,
  // SID) at `at`, which has PlainRoom(type, size) bytes; returns its end, or nullptr when
  // it is not one of those (RenderValueText gives it: malformed sizes, other types).
  static size_t PlainRoom(uint8_t type, size_t size) noexcept;
  static char* PutPlainAt(uint8_t type, std::span<const std::byte> bytes, char* at) noexcept;
  // A kValueWString value of even size, escaped, its lone surrogates counted; returns its
  // text (a view of the writer's output or of value_).
  std::string_view PutWString(std::span<const std::byte> bytes, bool attr);
  // Its text that is not plain ASCII: `units` units at `p` decoded at `at` (the writer's
  // room), escaped when needed.
  std::string_view PutWStringDecoded(const std::byte* p, size_t units, char* at, bool attr);
  // The same value's text without writing XML (its anomalies counted), in wide_: valid
  // until the next call.
  std::string_view DecodeWString(std::span<const std::byte> bytes);
  static constexpr size_t kTextPad = 32;
  static constexpr size_t kOutSlack = 1024;  // room opened at a time beyond the need

  bool render_xml_;
  bool event_fields_;
  Arena* arena_ = nullptr;
  std::vector<Field>* fields_ = nullptr;
  Event* ev_ = nullptr;
  uint32_t fields_added_ = 0;
  uint32_t malformed_values_ = 0;
  uint32_t lone_surrogates_ = 0;
  uint32_t too_deep_ = 0;
  uint64_t arena_epoch_ = 0;  // 0: no UseOneArena() yet

  std::vector<Frame> stack_;
  std::string xml_;
  std::string* xml_sink_ = nullptr;  // Begin's `xml`, swapped with xml_ until Finish()
  char* w_ = nullptr;     // the skeleton path's writer (Room)
  char* wend_ = nullptr;
  size_t xml_base_ = 0;              // where this record's XML starts in xml_
  std::string text_;      // text of the innermost capturing element
  std::string value_;     // scratch for one rendered value
  std::string wide_;      // DecodeWString/DecodePlain room: only grows (no zeroing per value)
  size_t tag_begin_ = 0, tag_end_ = 0;  // innermost start tag, from xml_base_
  bool in_start_tag_ = false;
  bool in_attr_ = false;
  bool attr_omitted_ = false;
  std::string_view attr_name_;
  std::string_view attr_xml_;  // attr_name_ as a valid XML name
  std::string attr_value_;
  std::string attr_xml_name_;                           // scratch: attr_name_ made an XML name
  std::vector<std::pair<size_t, size_t>> attr_names_;  // names written in the open start tag
  std::string_view data_name_;  // Name= of the current <Data>
  bool have_time_ = false;
  bool binary_raw_ = false;

  bool use_skeletons_ = true;
  bool number_captured_ = false;  // the skeleton set the current System number directly
  // The text of a sole value (SkelOp::sole), in value_ or xml_, for the capture it ends.
  std::string_view sole_text_;
  bool have_sole_text_ = false;
  uint64_t skeleton_records_ = 0, skeleton_declined_ = 0, skeletons_compiled_ = 0;
  // For the chunk of skeleton_epoch_: records' own templates by slot; nested ones by slot
  // and the element around them.
  std::vector<Skeleton*> skeletons_;
  std::unordered_map<uint64_t, Skeleton*> nested_skeletons_;
  struct NestedSkeleton {  // the skeleton a slot's nested template had last, and where
    Skeleton* skeleton = nullptr;
    Elem parent = Elem::kOther;
    uint16_t depth = 0;
  };
  std::vector<NestedSkeleton> nested_last_;  // by slot
  uint64_t skeleton_epoch_ = 0;
  // Skeletons kept across chunks (the same templates recur in every chunk of a log), by a
  // hash of their parent, depth and nodes' shapes (kinds, types, indexes, name sizes): the
  // skeletons of one key form a list (Skeleton::same_key) and are told apart by their
  // nodes compared in full. Dropped whole at a chunk change once there are
  // kMaxCachedSkeletons or they hold kMaxCachedSkeletonBytes; a skeleton whose key already
  // has kMaxSkeletonsPerKey lives in chunk_skeletons_ until the chunk changes. Never freed
  // while the chunk uses it.
  static constexpr size_t kMaxCachedSkeletons = 256;
  static constexpr size_t kMaxCachedSkeletonBytes = size_t{4} << 20;
  static constexpr size_t kMaxSkeletonsPerKey = 8;
  std::unordered_map<uint64_t, std::unique_ptr<Skeleton>> skeleton_cache_;
  size_t skeleton_cache_bytes_ = 0;
  size_t skeletons_cached_ = 0;
  std::vector<IrNode> compile_nodes_;  // CachedSkeleton's copy of the nodes it compiles
  std::vector<std::unique_ptr<Skeleton>> chunk_skeletons_;
  // Cached skeletons by TemplateInstance::template_id, parent and depth (SkeletonKey): a
  // template the chunk decoder took from its own cross-chunk cache finds its skeleton
  // without its nodes being hashed and compared. Cleared with skeleton_cache_, and when it
  // holds kMaxSkeletonIds.
  static constexpr size_t kMaxSkeletonIds = 4096;
  std::unordered_map<uint64_t, Skeleton*> skeleton_by_id_;
  std::vector<ValueRef> nested_values_;
  std::vector<Planned> plan_;
  uint64_t plan_slots_ = 0;  // slots of the skeletons planned for the record
  size_t plan_next_ = 0;
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_EVTX_EVENT_BUILDER_H_
