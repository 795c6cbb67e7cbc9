// EventBuilder: a BinXmlVisitor that turns one record's BinXML into an Event in a single
// pass: System fields, EventData/UserData values, RenderingInfo, and (only when asked)
// the record's event XML text.
//
//   builder.Begin(&arena, &fields, &event);  bx.Render(b, e, builder, err);  builder.Finish();
//
// Strings of the Event go into the caller's arena; fields are appended to `fields` and
// the caller points Event::data at them (the vector may still grow). Not thread-safe;
// one builder per thread; its buffers keep their capacity between records.
#ifndef LOGRX_READERS_EVTX_EVTX_EVENT_BUILDER_H_
#define LOGRX_READERS_EVTX_EVTX_EVENT_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/arena.h"
#include "core/event.h"
#include "readers/evtx/binxml_parser.h"

namespace logrx::readers {

inline constexpr size_t kMaxElementDepth = 128;

class EventBuilder final : public BinXmlVisitor {
 public:
  explicit EventBuilder(bool render_xml) : render_xml_(render_xml) {}

  void Begin(Arena* arena, std::vector<Field>* fields, Event* ev);
  // Completes the event: captured strings, the XML (if rendering), the field count.
  void Finish();
  uint32_t fields_added() const noexcept { return fields_added_; }
  // Values that rendered as hex because their size did not fit their type.
  uint32_t malformed_values() const noexcept { return malformed_values_; }
  uint32_t lone_surrogates() const noexcept { return lone_surrogates_; }
  uint32_t too_deep() const noexcept { return too_deep_; }

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

  static Elem Classify(Elem parent, std::string_view name) noexcept;
  static bool Captures(Elem e) noexcept;
  void FinishAttribute();
  void EndCurrent(bool empty_element);
  void AppendContent(std::string_view raw);  // text content: capture + escaped XML
  void CompleteCapture(const Frame& f);
  void RenderScalar(uint8_t type, std::span<const std::byte> bytes);
  void RepeatElement();

  bool render_xml_;
  Arena* arena_ = nullptr;
  std::vector<Field>* fields_ = nullptr;
  Event* ev_ = nullptr;
  uint32_t fields_added_ = 0;
  uint32_t malformed_values_ = 0;
  uint32_t lone_surrogates_ = 0;
  uint32_t too_deep_ = 0;

  std::vector<Frame> stack_;
  std::string xml_;
  std::string text_;      // text of the innermost capturing element
  std::string value_;     // scratch for one rendered value
  size_t tag_begin_ = 0, tag_end_ = 0;  // innermost start tag in xml_
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
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_EVTX_EVENT_BUILDER_H_
