// BinXML decoding for one EVTX chunk: tokens -> a flat list of nodes (IR), templates
// parsed once per chunk and cached by their offset, then expanded per record with that
// record's substitution values into a BinXmlVisitor (docs/formats/binxml.md).
// Parsed templates are also kept across chunks (a log redefines the same templates in
// every chunk): a definition whose bytes and referenced names match one parsed before is
// not parsed again (CachedTemplate below).
//
//   BinXmlChunk bx;  bx.Reset(chunk_bytes);                 // once per chunk
//   BinXmlError err; if (!bx.Render(rec_begin, rec_end, visitor, err)) Report(err);
//
// Every offset is chunk-relative and checked against the chunk; every length is hostile.
// Name and template lookups go straight to an offset (no linked lists are walked), so
// they cannot loop; nested BinXML and template expansion are capped at kMaxBinXmlDepth.
// Views handed to the visitor (names, text) stay valid until the next Reset().
// Not thread-safe: one BinXmlChunk per thread; Reset() keeps capacity (no steady-state
// allocation once the caches have warmed up).
#ifndef LOGRX_READERS_EVTX_BINXML_PARSER_H_
#define LOGRX_READERS_EVTX_BINXML_PARSER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/arena.h"
#include "core/byte_cursor.h"

namespace logrx::readers {

inline constexpr int kMaxBinXmlDepth = 16;  // nested templates / BinXML values
// Work budget per record (docs/limits.md). Depth alone does not bound work: templates whose
// substitutions hold BinXML values that instance templates again multiply (100 uses per
// level, 4 levels = 10^8 nodes from a 68 KiB file). A record is stopped and reported when
// it has expanded kMaxRecordNodes nodes (tokens parsed + nodes expanded) or delivered
// kMaxRecordValueBytes of text and values to the visitor; a chunk stops decoding records
// after kMaxChunkNodes in all (real records use well under 1 % of each).
inline constexpr uint64_t kMaxRecordNodes = uint64_t{1} << 20;
inline constexpr uint64_t kMaxRecordValueBytes = uint64_t{8} << 20;
inline constexpr uint64_t kMaxChunkNodes = uint64_t{16} << 20;
// Chunk-relative start of BinXML: the chunk header and its string/template tables come first.
inline constexpr uint32_t kBinXmlChunkBodyStart = 512;

struct TemplateInstance;
class BinXmlChunk;

// Receives a record's XML structure in document order. Attribute values arrive as
// Text/Value calls between Attribute() and the next Attribute() or CloseStartTag().
class BinXmlVisitor {
 public:
  virtual ~BinXmlVisitor() = default;
  // `name` as stored; `xml_name` the same name made a valid XML name (AppendXmlName),
  // computed once per chunk and equal to `name` for every well-formed one.
  virtual void StartElement(std::string_view name, std::string_view xml_name) = 0;
  virtual void Attribute(std::string_view name, std::string_view xml_name) = 0;
  virtual void CloseStartTag(bool empty_element) = 0;  // empty: no content, no EndElement
  virtual void EndElement() = 0;
  virtual void Text(std::string_view utf8) = 0;
  // A substitution value (never kValueBinXml, which is expanded in place).
  virtual void Value(uint8_t type, std::span<const std::byte> bytes) = 0;
  virtual void OptionalOmitted() = 0;  // an optional substitution had no value
  virtual void CharRef(uint16_t unit) = 0;
  virtual void EntityRef(std::string_view name) = 0;
  virtual void CData(std::string_view utf8) = 0;
  virtual void ProcessingInstruction(std::string_view target, std::string_view data) = 0;
  // May render a record that is one template instance exactly as the calls above would
  // have, and return true; or return false having changed nothing, and the calls follow.
  // It must decline when a substitution it would use is out of range, or nested BinXML
  // (kValueBinXml) that BinXmlChunk::ResolveInstance does not resolve, or when the text and
  // value bytes (nested BinXML values count their content, not their size) would exceed
  // t.max_bytes.
  // On true, `nodes` is what the node-by-node path would have counted against the work
  // budget: the instance node, every template node and, for nested BinXML values, their
  // tokens and nodes likewise (the visitor declines unless that fits nodes_left()).
  virtual bool RenderTemplate(const TemplateInstance& /*t*/, uint64_t& /*nodes*/) {
    return false;
  }
};

struct BinXmlError {
  uint32_t offset = 0;          // chunk-relative offset of the bad token
  const char* what = nullptr;   // static text
  uint32_t detail = 0;          // token byte, type or count, per `what`
};

// Counters of oddities that did not stop decoding (reported per record by the caller).
struct BinXmlAnomalies {
  uint32_t missing_dependency_id = 0;  // OpenStartElement without its u16 (WEC producers)
  uint32_t substitution_out_of_range = 0;
  uint32_t lone_surrogates = 0;
  uint32_t malformed_values = 0;
  void Clear() noexcept { *this = BinXmlAnomalies{}; }
  bool any() const noexcept {
    return (substitution_out_of_range | lone_surrogates | malformed_values) != 0;
  }
};

enum class IrKind : uint8_t {
  kOpen, kAttr, kCloseStart, kCloseEmpty, kEnd, kText, kSubst, kOptSubst,
  kCharRef, kEntityRef, kCData, kPITarget, kPIData, kTemplate,
};

struct IrNode {
  IrKind kind = IrKind::kText;
  uint8_t vtype = 0;       // kSubst/kOptSubst: declared value type
  uint16_t index = 0;      // kSubst/kOptSubst: value index; kCharRef: code unit
  uint32_t a = 0;          // kTemplate: template slot
  uint32_t b = 0;          // kTemplate: first value in the value list
  uint32_t c = 0;          // kTemplate: value count
  std::string_view text;   // names and literal text, UTF-8
  std::string_view xml;    // kOpen/kAttr: the name made a valid XML name
};

// Copies `nodes` to `out` with their text and XML names moved into `names` (cleared first),
// so the copies outlive the chunk the views pointed into. `out` and `names` must not be
// changed afterwards (the copies view `names`).
void CopyIrNodes(std::span<const IrNode> nodes, std::string& names, std::vector<IrNode>& out);

struct ValueRef {
  // Left uninitialised (vectors of them are resized and then filled, once per record).
  ValueRef() noexcept {}  // NOLINT(modernize-use-equals-default): = default would zero
  ValueRef(uint8_t t, uint32_t o, uint32_t s) noexcept : type(t), offset(o), size(s) {}
  uint8_t type;
  uint32_t offset;  // chunk-relative
  uint32_t size;
};

// A record whose BinXML is one template instance, offered whole to the visitor before it
// is expanded node by node (BinXmlVisitor::RenderTemplate).
struct TemplateInstance {
  uint64_t chunk_epoch = 0;  // unique to one Reset() of one BinXmlChunk
  uint32_t slot = 0;         // the template within that chunk (same slot, same nodes)
  // Nonzero: the same id, the same nodes (kind, type, index, text and XML name of each),
  // in any chunk of any BinXmlChunk; ids are never reused. 0: no such identity.
  uint64_t template_id = 0;
  std::span<const IrNode> nodes;      // the template's nodes; views valid until Reset()
  std::span<const ValueRef> values;   // this record's substitution values
  std::span<const std::byte> chunk;   // ValueRef offsets are relative to it
  BinXmlChunk* decoder = nullptr;  // for ResolveInstance on nested BinXML values
  uint64_t max_bytes = 0;  // text and value bytes the record may deliver (work budget)
  // ResolveInstance: where the instance's values are in the caller's vector.
  uint32_t values_first = 0, values_count = 0;
};

// Chunk offset -> index (names and templates of one chunk): open addressing, cleared
// per chunk with its capacity kept. Not thread-safe.
class ChunkOffsetIndex {
 public:
  void Clear() noexcept;
  // The index stored for `offset`, or nullptr.
  const uint32_t* Find(uint32_t offset) const noexcept;
  // REQUIRES: Find(offset) == nullptr.
  void Insert(uint32_t offset, uint32_t index);

 private:
  struct Slot {
    uint32_t key;  // offset + 1; 0: empty
    uint32_t index;
  };
  size_t SlotOf(uint32_t offset) const noexcept;
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

class BinXmlChunk {
 public:
  BinXmlChunk() = default;
  BinXmlChunk(const BinXmlChunk&) = delete;
  BinXmlChunk& operator=(const BinXmlChunk&) = delete;

  // Starts a new chunk; forgets names and templates. `chunk` must outlive the use.
  // Template definitions must lie in the chunk's used area, [512, used_end): the first
  // 512 bytes are the chunk header and its tables, never BinXML, and bytes past the
  // free-space offset are not part of the chunk's records. `used_end` defaults to (and is
  // clamped to) chunk.size(); carving from slack widens it with SetUsedEnd().
  void Reset(std::span<const std::byte> chunk);
  void Reset(std::span<const std::byte> chunk, uint32_t used_end);
  void SetUsedEnd(uint32_t used_end) noexcept;

  // Decodes the BinXML at [begin, end) (a record's event data) into `v`.
  // False on a structural error (err says where); `v` may then have a partial event.
  [[nodiscard]] bool Render(uint32_t begin, uint32_t end, BinXmlVisitor& v, BinXmlError& err);

  // Oddities seen since the last ClearAnomalies().
  const BinXmlAnomalies& anomalies() const noexcept { return anomalies_; }
  void ClearAnomalies() noexcept { anomalies_.Clear(); }
  size_t templates_cached() const noexcept { return templates_.size(); }
  // Template definitions taken from the cross-chunk cache / parsed, since construction.
  uint64_t templates_reused() const noexcept { return templates_reused_; }
  uint64_t templates_parsed() const noexcept { return templates_parsed_; }

  // For a visitor's RenderTemplate: a nested BinXML value that is exactly one template
  // instance (fragment headers, the instance, then an EOF token or the value's end).
  // Appends its values to `values` (out says where) and adds the tokens Render would parse
  // to `tokens`. False for anything else, or anything Render would refuse (the caller then
  // leaves the record to Render's own path). A template not yet parsed in this chunk is
  // parsed here, as Render would at this point of the record (errors are remembered
  // alike); `level` is the number of BinXML values the instance is nested in, `tokens`
  // must bound the nodes counted so far (it refuses a parse that could reach the budget).
  bool ResolveInstance(const ValueRef& value, int level, std::vector<ValueRef>& values,
                       TemplateInstance& out, uint64_t& tokens);
  // Nodes the current record may still count against kMaxRecordNodes.
  uint64_t nodes_left() const noexcept {
    return kMaxRecordNodes - std::min(record_nodes_, kMaxRecordNodes);
  }

  // Carving: a template instance must name the template found at its definition offset
  // (its u32 template id equals the first 4 bytes of the definition's GUID), or the
  // record fails with "template id does not match ..." instead of being decoded with
  // another record's template. Live records are not checked (the chunk vouches for them).
  void set_check_template_ids(bool on) noexcept { check_template_ids_ = on; }

 private:
  struct Template {
    uint32_t begin = 0, end = 0;  // range in template_ir_, or in `cached`
    // The nodes of a template taken from the cross-chunk cache (they live as long as
    // this chunk's templates_), or nullptr for one parsed in this chunk.
    const IrNode* cached = nullptr;
    bool ok = false;
    BinXmlError error;
    uint64_t id = 0;  // TemplateInstance::template_id
  };
  // A template definition parsed in an earlier chunk, reused for a definition in this
  // chunk when parsing that one would give the same nodes, the same errors (none) and the
  // same side effects: its fragment bytes are equal except at name references; every
  // name reference, in the parse's order, is inline exactly when it was, passes the same
  // plausibility test and names an entry of the same text (the chunk's name if read
  // already, else one whose UTF-16 units are equal, taken in as NameAt would read it);
  // its text holds no lone surrogate (whose count belongs to the record that parses it);
  // no element lacked its dependency id. Owned by the cache; freed only in Reset().
  struct CachedTemplate {
    struct Ref {            // a name reference in the fragment, in parse order
      uint32_t pos;         // of its u32 name offset, from the fragment start
      uint32_t skip;        // bytes from pos that hold the reference (4 + inline entry)
      uint32_t token_at;    // its token, from the fragment start
      uint32_t node;        // its node in `nodes`
      bool inline_entry;    // the name entry follows the reference
      bool open;            // an element (ParseOpenStart's plausibility test applies)
      uint16_t nchars;      // the name's UTF-16 units, at raw_off in `raw_names`
      uint32_t raw_off;
      uint32_t lone;        // lone surrogates its decoding counts
    };
    uint64_t key = 0;
    uint32_t data_size = 0;
    std::vector<std::byte> bytes;  // the fragment as parsed, name references zeroed
    std::vector<std::byte> raw_names;  // the referenced names' UTF-16 units
    std::vector<Ref> refs;
    std::vector<IrNode> nodes;     // names and text views into `strings`
    std::string strings;
    uint64_t tokens = 0;  // nodes the parse counted against the record budget
    uint64_t id = 0;
    std::unique_ptr<CachedTemplate> same_key;
  };
  struct Name {
    std::string_view text;  // UTF-8, in arena_ (or a cached template's strings)
    std::string_view xml;   // `text` as a valid XML name (the same view when it is one)
    uint32_t entry_size;    // bytes of the name entry (skipped when it is inline)
    std::span<const std::byte> chars;  // its UTF-16 units in the chunk
    uint32_t lone;          // lone surrogates decoding them counted
  };

  // A cursor over the chunk bytes [begin, end), positioned at begin; its offsets are
  // chunk-relative. REQUIRES: begin <= end <= chunk_.size().
  ByteCursor CursorOver(uint32_t begin, uint32_t end) const noexcept;
  bool ParseFragment(ByteCursor& in, std::vector<IrNode>& out, bool in_template, int depth,
                     BinXmlError& err);
  bool ParseTemplateInstance(ByteCursor& in, uint32_t token_at, std::vector<IrNode>& out,
                             int depth, BinXmlError& err);
  // Token parsers of ParseFragment: `at` is the token's offset, its byte already read;
  // each appends its node to `out`, or sets `err` and returns false.
  bool ParseOpenStart(ByteCursor& in, uint32_t at, uint8_t token, std::vector<IrNode>& out,
                      BinXmlError& err);
  bool ParseValueText(ByteCursor& in, uint32_t at, std::vector<IrNode>& out, BinXmlError& err);
  bool ParseTextData(ByteCursor& in, uint32_t at, IrKind kind, std::vector<IrNode>& out,
                     BinXmlError& err);
  bool ParseNamedNode(ByteCursor& in, uint32_t at, IrKind kind, const char* truncated_what,
                      const char* inline_what, std::vector<IrNode>& out, BinXmlError& err);
  // The parsed template defined at `def_offset` (its slot in templates_), or nullptr with
  // `err` set when the definition is damaged (remembered: reported for every record).
  const Template* TemplateAt(uint32_t def_offset, int depth, uint32_t& slot, BinXmlError& err);
  const Name* NameAt(uint32_t offset, BinXmlError& err);
  // Reads a name reference (u32 offset) at `in` and skips the entry when it is inline.
  bool ReadNameRef(ByteCursor& in, uint32_t token_at, const char* inline_what, IrNode& node,
                   BinXmlError& err);
  std::string_view DecodeUtf16(std::span<const std::byte> bytes);
  // The template whose definition at def_offset has its fragment at [start, start+size):
  // from the cross-chunk cache, or parsed (and cached when it may be).
  Template LoadTemplate(uint32_t def_offset, uint32_t start, uint32_t size, int depth);
  // Parses the fragment [start, start+size), recording its name references.
  Template ParseDefinition(uint32_t start, uint32_t size, int depth);
  // The cache key of the definition at def_offset (GUID and data size).
  static uint64_t DefinitionKey(std::span<const std::byte> def, uint32_t data_size) noexcept;
  // A cached template equal to the fragment [start, start+size) of this chunk, or nullptr.
  const CachedTemplate* FindCached(uint64_t key, uint32_t start, uint32_t size);
  bool SameAsCached(const CachedTemplate& c, uint32_t start);
  // The name at `offset` for reference r of c: the chunk's, or (first use in the chunk)
  // adopted from c when its units are r's, as NameAt would decode them; nullptr otherwise.
  const Name* NameLike(uint32_t offset, const CachedTemplate& c, const CachedTemplate::Ref& r);
  // Keeps the template just parsed into t (refs in parse_refs_) for later chunks.
  // Returns its id, or 0 when it was not kept.
  uint64_t CacheTemplate(uint64_t key, uint32_t start, uint32_t size, const Template& t,
                         uint64_t tokens);
  // Offers a record that is one template instance to v.RenderTemplate; true if rendered.
  bool OfferTemplate(BinXmlVisitor& v);
  TemplateInstance InstanceOf(uint32_t slot, std::span<const ValueRef> values);
  // Reads the values the descriptors describe from `in` into `values` (offsets relative to
  // the chunk); false, with `bad` the first value that runs past `in`, when one does.
  static bool ReadValues(ByteCursor& in, std::span<const std::byte> descriptors,
                         std::vector<ValueRef>& values, uint32_t& bad);
  // The shape of nearly every record and nested value: a fragment header, one instance of
  // a template this chunk has already parsed (not defined inline), its values, then an EOF
  // token or the end. Appends the values (as ReadValues) and adds the tokens the parsers
  // count; false, having changed nothing, for any other bytes (the parsers then decide).
  bool PlainInstance(uint32_t begin, uint32_t end, std::vector<ValueRef>& values,
                     uint32_t& slot, uint32_t& count, uint64_t& tokens);
  bool ResolveInstanceBody(ByteCursor& in, int depth, uint64_t tokens,
                           std::vector<ValueRef>& values, uint32_t& slot, uint32_t& count);
  // `Nodes` is a vector (which may grow while a nested value is parsed) or a span.
  template <class Nodes>
  bool Expand(const Nodes& nodes, size_t begin, size_t end, uint32_t first_value,
              uint32_t value_count, int depth, BinXmlVisitor& v, BinXmlError& err);
  // The nodes of `t`; a view into template_ir_ is valid until template_ir_ grows.
  std::span<const IrNode> NodesOf(const Template& t) const noexcept {
    return t.cached != nullptr ? std::span<const IrNode>(t.cached, t.end - t.begin)
                               : std::span<const IrNode>(template_ir_).subspan(t.begin,
                                                                              t.end - t.begin);
  }

  // Cross-chunk template cache: by DefinitionKey, a list per key (CachedTemplate::same_key),
  // dropped whole in Reset() once it holds kMaxCachedTemplates or kMaxCachedTemplateBytes
  // (no template is added past the latter; one is at most 16 KiB and 1024 nodes).
  static constexpr size_t kMaxCachedTemplates = 1024;
  static constexpr size_t kMaxCachedTemplateBytes = size_t{1} << 20;
  static constexpr size_t kMaxTemplatesPerKey = 4;
  std::unordered_map<uint64_t, std::unique_ptr<CachedTemplate>> template_cache_;
  size_t template_cache_bytes_ = 0, template_cache_count_ = 0;
  // While a definition is parsed: its name references (ReadNameRef), from parse_base_.
  bool recording_ = false;
  uint32_t parse_base_ = 0;
  std::vector<CachedTemplate::Ref> parse_refs_;
  uint64_t name_lone_surrogates_ = 0;  // lone surrogates counted by NameAt, in all
  uint64_t templates_reused_ = 0, templates_parsed_ = 0;

  std::span<const std::byte> chunk_;
  uint32_t used_end_ = 0;
  Arena arena_{16 * 1024};
  std::vector<Name> names_;
  ChunkOffsetIndex name_at_;       // name entry offset -> names_
  ChunkOffsetIndex template_slots_;  // definition offset -> slot
  std::vector<Template> templates_;
  std::vector<IrNode> template_ir_;
  std::vector<IrNode> scratch_ir_;
  std::vector<ValueRef> values_;
  std::string utf8_;
  BinXmlAnomalies anomalies_;
  bool check_template_ids_ = false;
  uint64_t epoch_ = 0;
  uint64_t record_nodes_ = 0, record_bytes_ = 0, chunk_nodes_ = 0;
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_BINXML_PARSER_H_
