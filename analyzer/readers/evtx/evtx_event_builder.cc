#include "readers/evtx/evtx_event_builder.h"

#include <charconv>

#include "core/time.h"
#include "core/utf16.h"
#include "readers/evtx/binxml_value.h"
#include "readers/xml_escape.h"

namespace logrx::readers {

namespace {

// Parses decimal, or hex with a 0x prefix; surrounding blanks allowed. False otherwise.
bool ParseNumber(std::string_view s, uint64_t& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

template <typename T>
void SetNumber(std::string_view s, T& field) {
  uint64_t v = 0;
  if (ParseNumber(s, v)) field = static_cast<T>(v);
}

void AppendEscaped(std::string_view s, std::string& out, bool attr) {
  AppendXmlEscaped(s, out, attr);
}

// Hex text (as Windows renders Binary) back to bytes; false if not hex.
bool HexToBytes(std::string_view s, Arena& arena, std::span<const std::byte>& out) {
  if (s.size() % 2 != 0) return false;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  char* p = arena.Allocate(s.size() / 2 + 1);
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = nib(s[i]), lo = nib(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    p[i / 2] = static_cast<char>(hi * 16 + lo);
  }
  out = std::span<const std::byte>(reinterpret_cast<const std::byte*>(p), s.size() / 2);
  return true;
}

}  // namespace

void EventBuilder::Begin(Arena* arena, std::vector<Field>* fields, Event* ev,
                         std::string* xml) {
  arena_ = arena;
  fields_ = fields;
  ev_ = ev;
  fields_added_ = 0;
  malformed_values_ = 0;
  lone_surrogates_ = 0;
  too_deep_ = 0;
  stack_.clear();
  xml_.clear();
  xml_sink_ = render_xml_ ? xml : nullptr;
  // Rendered straight into the caller's text: it is this record's buffer until Finish().
  if (xml_sink_ != nullptr) xml_.swap(*xml_sink_);
  xml_base_ = xml_.size();
  text_.clear();
  in_start_tag_ = in_attr_ = attr_omitted_ = false;
  attr_value_.clear();
  // Positions in the previous record's XML: an attribute before any element (damaged
  // BinXML) must not compare against them.
  attr_names_.clear();
  data_name_ = {};
  have_time_ = false;
  binary_raw_ = false;
  number_captured_ = false;
  have_sole_text_ = false;
}

EventBuilder::Elem EventBuilder::Classify(Elem parent, std::string_view name) noexcept {
  switch (parent) {
    case Elem::kEvent:
      if (name == "System") return Elem::kSystem;
      if (name == "EventData") return Elem::kEventData;
      if (name == "UserData") return Elem::kUserData;
      if (name == "RenderingInfo") return Elem::kRenderingInfo;
      return Elem::kOther;
    case Elem::kSystem:
      switch (name.size()) {
        case 4: if (name == "Task") return Elem::kTask; break;
        case 5: if (name == "Level") return Elem::kLevel; break;
        case 6: if (name == "Opcode") return Elem::kOpcode; break;
        case 7:
          if (name == "EventID") return Elem::kEventId;
          if (name == "Version") return Elem::kVersion;
          if (name == "Channel") return Elem::kChannel;
          break;
        case 8:
          if (name == "Provider") return Elem::kProvider;
          if (name == "Keywords") return Elem::kKeywords;
          if (name == "Computer") return Elem::kComputer;
          if (name == "Security") return Elem::kSecurity;
          break;
        case 9: if (name == "Execution") return Elem::kExecution; break;
        case 11: if (name == "TimeCreated") return Elem::kTimeCreated; break;
        case 13: if (name == "EventRecordID") return Elem::kEventRecordId; break;
        default: break;
      }
      return Elem::kOther;
    case Elem::kEventData:
      if (name == "Data") return Elem::kData;
      if (name == "Binary") return Elem::kBinary;
      return Elem::kOther;
    case Elem::kUserData: return Elem::kUserWrap;
    case Elem::kUserWrap:
    case Elem::kUserLeaf: return Elem::kUserLeaf;
    case Elem::kRenderingInfo:
      if (name == "Message") return Elem::kRiMessage;
      if (name == "Level") return Elem::kRiLevel;
      if (name == "Task") return Elem::kRiTask;
      return Elem::kOther;
    default: return Elem::kOther;
  }
}

bool EventBuilder::Captures(Elem e) noexcept {
  switch (e) {
    case Elem::kEventId: case Elem::kVersion: case Elem::kLevel: case Elem::kTask:
    case Elem::kOpcode: case Elem::kKeywords: case Elem::kEventRecordId: case Elem::kChannel:
    case Elem::kComputer: case Elem::kData: case Elem::kBinary: case Elem::kUserLeaf:
    case Elem::kRiMessage: case Elem::kRiLevel: case Elem::kRiTask:
      return true;
    default: return false;
  }
}

void EventBuilder::StartElement(std::string_view name, std::string_view xml_name) {
  if (in_attr_) FinishAttribute();
  if (in_start_tag_) {
    // An element opened inside a start tag: the tag had no close token. Close it.
    if (render_xml_) xml_.push_back('>');
    in_start_tag_ = false;
  }
  if (stack_.size() >= kMaxElementDepth) {
    ++too_deep_;
    stack_.push_back(Frame{Elem::kOther, false, name, xml_name});
  } else {
    Elem parent = stack_.empty() ? Elem::kOther : stack_.back().kind;
    Elem kind = stack_.empty() ? (name == "Event" ? Elem::kEvent : Elem::kOther)
                               : Classify(parent, name);
    if (!stack_.empty()) stack_.back().had_child = true;
    stack_.push_back(Frame{kind, false, name, xml_name});
  }
  if (Captures(stack_.back().kind)) text_.clear();
  if (stack_.back().kind == Elem::kData) data_name_ = {};
  if (stack_.back().kind == Elem::kBinary) binary_raw_ = false;
  in_start_tag_ = true;
  if (render_xml_) {
    tag_begin_ = xml_.size() - xml_base_;
    xml_.push_back('<');
    xml_.append(xml_name);
    attr_names_.clear();
  }
}

void EventBuilder::Attribute(std::string_view name, std::string_view xml_name) {
  if (in_attr_) FinishAttribute();
  in_attr_ = true;
  attr_omitted_ = false;
  attr_name_ = name;
  attr_xml_ = xml_name;
  attr_value_.clear();
}

void EventBuilder::FinishAttribute() {
  in_attr_ = false;
  // An attribute whose only value was an omitted optional substitution is left out, as
  // Windows does (e.g. EventID Qualifiers on events without them).
  if (attr_omitted_ && attr_value_.empty()) return;
  if (render_xml_) {
    // The name as a valid XML name, unique in its start tag (BinXML may repeat one, or
    // two damaged names may map to the same one): a repeat gets a '_' suffix.
    auto taken = [this](std::string_view n) {
      for (const auto& [at, len] : attr_names_) {
        if (std::string_view(xml_).substr(at, len) == n) return true;
      }
      return false;
    };
    std::string_view xml_name = attr_xml_;
    if (taken(xml_name)) {
      attr_xml_name_.assign(xml_name);
      do {
        attr_xml_name_.push_back('_');
      } while (taken(attr_xml_name_));
      xml_name = attr_xml_name_;
    }
    xml_.push_back(' ');
    attr_names_.emplace_back(xml_.size(), xml_name.size());
    xml_.append(xml_name);
    xml_.append("=\"");
    AppendEscaped(attr_value_, xml_, true);
    xml_.push_back('"');
  }
  if (!stack_.empty()) CaptureAttribute(AttrTarget(stack_.back().kind, attr_name_), attr_value_);
}

EventBuilder::AttrCapture EventBuilder::AttrTarget(Elem kind, std::string_view name) noexcept {
  // The attributes the Event keeps: which element's attribute goes to which field.
  struct Rule {
    Elem kind;
    std::string_view name;
    AttrCapture target;
  };
  static constexpr Rule kRules[] = {
      {Elem::kProvider, "Name", AttrCapture::kProviderName},
      {Elem::kProvider, "Guid", AttrCapture::kProviderGuid},
      {Elem::kProvider, "EventSourceName", AttrCapture::kEventSource},
      {Elem::kEventId, "Qualifiers", AttrCapture::kQualifiers},
      {Elem::kTimeCreated, "SystemTime", AttrCapture::kSystemTime},
      {Elem::kExecution, "ProcessID", AttrCapture::kProcessId},
      {Elem::kExecution, "ThreadID", AttrCapture::kThreadId},
      {Elem::kSecurity, "UserID", AttrCapture::kUserId},
      {Elem::kData, "Name", AttrCapture::kDataName},
  };
  for (const Rule& r : kRules) {
    if (r.kind == kind && r.name == name) return r.target;
  }
  return AttrCapture::kNone;
}

void EventBuilder::CaptureAttribute(AttrCapture target, std::string_view v, bool in_arena) {
  if (!event_fields_) return;  // every attribute the Event keeps is one of its fields
  auto keep = [&]() { return in_arena ? v : arena_->Copy(v); };
  switch (target) {
    case AttrCapture::kNone: break;
    case AttrCapture::kProviderName: ev_->provider = keep(); break;
    case AttrCapture::kProviderGuid: ev_->provider_guid = keep(); break;
    case AttrCapture::kEventSource: ev_->event_source = keep(); break;
    case AttrCapture::kQualifiers: {
      uint64_t q = 0;
      if (ParseNumber(v, q)) {
        ev_->qualifiers = static_cast<uint16_t>(q);
        ev_->has_qualifiers = true;
      }
      break;
    }
    case AttrCapture::kSystemTime:
      if (!have_time_) {
        int64_t t = 0;
        if (ParseIso8601(v, t)) ev_->time_created = t;
      }
      break;
    case AttrCapture::kProcessId: SetNumber(v, ev_->process_id); break;
    case AttrCapture::kThreadId: SetNumber(v, ev_->thread_id); break;
    case AttrCapture::kUserId: ev_->user_sid = keep(); break;
    case AttrCapture::kDataName: data_name_ = keep(); break;
  }
}

void EventBuilder::CloseStartTag(bool empty_element) {
  if (in_attr_) FinishAttribute();
  in_start_tag_ = false;
  if (empty_element) {
    if (render_xml_) xml_.append("/>");
    EndCurrent(true);
  } else if (render_xml_) {
    xml_.push_back('>');
    tag_end_ = xml_.size() - xml_base_;
  }
}

void EventBuilder::EndElement() {
  if (in_attr_) FinishAttribute();
  if (stack_.empty()) return;  // unbalanced end: ignore rather than underflow
  CloseInnermost();
}

void EventBuilder::CloseInnermost() {
  if (render_xml_) {
    if (in_start_tag_) {
      xml_.append("/>");
    } else {
      xml_.append("</");
      xml_.append(stack_.back().xml_name);
      xml_.push_back('>');
    }
  }
  in_start_tag_ = false;
  EndCurrent(false);
}

void EventBuilder::EndCurrent(bool) {
  if (stack_.empty()) return;
  const Frame f = stack_.back();
  stack_.pop_back();
  if (Captures(f.kind)) CompleteCapture(f);
}

void EventBuilder::CompleteCapture(const Frame& f) { CompleteCapture(f, text_); }

void EventBuilder::CompleteCapture(const Frame& f, std::string_view t) {
  if (f.kind == Elem::kData && event_fields_) [[likely]] {  // most captures: a <Data> value
    fields_->push_back(Field{data_name_, arena_->Copy(t)});
    ++fields_added_;
    text_.clear();
    return;
  }
  // The record id is kept whatever the caller wants: diagnostics name records by it.
  if (!event_fields_ && f.kind != Elem::kEventRecordId) {
    text_.clear();
    return;
  }
  switch (f.kind) {
    case Elem::kEventId: SetNumber(t, ev_->event_id); break;
    case Elem::kVersion: SetNumber(t, ev_->version); break;
    case Elem::kLevel: SetNumber(t, ev_->level); break;
    case Elem::kTask: SetNumber(t, ev_->task); break;
    case Elem::kOpcode: SetNumber(t, ev_->opcode); break;
    case Elem::kKeywords: SetNumber(t, ev_->keywords); break;
    // EventRecordID is what Event Viewer shows; it can differ from the record header's
    // id in exported ("Save filtered log") files, which renumber the headers.
    case Elem::kEventRecordId: SetNumber(t, ev_->record_id); break;
    case Elem::kChannel: ev_->channel = arena_->Copy(t); break;
    case Elem::kComputer: ev_->computer = arena_->Copy(t); break;
    case Elem::kBinary:
      if (!binary_raw_) {
        std::span<const std::byte> b;
        if (HexToBytes(t, *arena_, b)) ev_->binary = b;
      }
      break;
    case Elem::kUserLeaf:
      if (!f.had_child) {
        ev_->data_is_user_data = true;
        // f.name is a view into the decoder's per-chunk name cache, which the next
        // chunk overwrites while this chunk's events are still being read (jobs > 1):
        // the field name must live in the event's own arena.
        fields_->push_back(Field{arena_->Copy(f.name), arena_->Copy(t)});
        ++fields_added_;
      }
      break;
    case Elem::kRiMessage:
      ev_->message = arena_->Copy(t);
      ev_->message_origin = MessageOrigin::kExport;
      break;
    case Elem::kRiLevel: ev_->level_text = arena_->Copy(t); break;
    case Elem::kRiTask: ev_->task_text = arena_->Copy(t); break;
    default: break;
  }
  text_.clear();
}

void EventBuilder::SetCapturedNumber(Elem kind, uint64_t v) noexcept {
  switch (kind) {
    case Elem::kEventId: ev_->event_id = static_cast<uint16_t>(v); break;
    case Elem::kVersion: ev_->version = static_cast<uint8_t>(v); break;
    case Elem::kLevel: ev_->level = static_cast<uint8_t>(v); break;
    case Elem::kTask: ev_->task = static_cast<uint16_t>(v); break;
    case Elem::kOpcode: ev_->opcode = static_cast<uint8_t>(v); break;
    case Elem::kKeywords: ev_->keywords = v; break;
    case Elem::kEventRecordId: ev_->record_id = v; break;
    default: break;
  }
}

void EventBuilder::AppendContent(std::string_view raw) {
  if (in_start_tag_) {
    // Content before a close-start token (malformed stream): close the tag first.
    if (render_xml_) xml_.push_back('>');
    in_start_tag_ = false;
  }
  if (!stack_.empty() && Captures(stack_.back().kind)) text_.append(raw);
  if (render_xml_) AppendEscaped(raw, xml_, false);
}

void EventBuilder::Text(std::string_view utf8) {
  if (in_attr_) {
    attr_value_.append(utf8);
    return;
  }
  AppendContent(utf8);
}

void EventBuilder::Value(uint8_t type, std::span<const std::byte> bytes) {
  if (!stack_.empty()) {
    const Elem k = stack_.back().kind;
    if (in_attr_ && k == Elem::kTimeCreated && attr_name_ == "SystemTime") {
      int64_t t = 0;
      if (ValueAsFiletime(type, bytes, t)) {
        ev_->time_created = t;
        have_time_ = true;
      }
    } else if (!in_attr_ && k == Elem::kBinary && type == kValueBinary) {
      char* p = arena_->Allocate(bytes.size() + 1);
      if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
      ev_->binary = std::span<const std::byte>(reinterpret_cast<const std::byte*>(p), bytes.size());
      binary_raw_ = true;
    }
  }
  if ((type & kValueArrayFlag) != 0 && !in_attr_ && !stack_.empty()) {
    // An array fills its element once per item, as Windows renders it:
    // <Data>%1</Data> with a string array becomes <Data>a</Data><Data>b</Data>.
    const uint8_t item_type = ArrayItemType(type);
    size_t pos = 0;
    std::span<const std::byte> item;
    bool first = true;
    while (NextArrayItem(type, bytes, pos, item)) {
      if (!first) RepeatElement();
      first = false;
      RenderScalar(item_type, item);
    }
    return;
  }
  RenderScalar(type, bytes);
}

void EventBuilder::RenderScalar(uint8_t type, std::span<const std::byte> bytes) {
  RenderValueText(type, bytes);
  Text(value_);
}

void EventBuilder::RenderValueText(uint8_t type, std::span<const std::byte> bytes) {
  value_.clear();
  AppendValueCounted(type, bytes, value_);
}

void EventBuilder::AppendValueCounted(uint8_t type, std::span<const std::byte> bytes,
                                      std::string& out) {
  if (type == kValueSizeT && bytes.size() == 4) {
    AppendValueText(type, bytes, out);
  } else {
    switch (AppendValueText(type, bytes, out)) {
      case ValueTextStatus::kOk: break;
      case ValueTextStatus::kLoneSurrogate: ++lone_surrogates_; break;
      case ValueTextStatus::kMalformed:
      case ValueTextStatus::kUnknownType: ++malformed_values_; break;
    }
  }
}

void EventBuilder::RepeatElement() {
  const Frame f = stack_.back();
  if (render_xml_) {
    if (in_start_tag_) {
      xml_.push_back('>');
      in_start_tag_ = false;
    }
    xml_.append("</");
    xml_.append(f.xml_name);
    xml_.push_back('>');
    if (tag_end_ > tag_begin_) xml_.append(xml_, xml_base_ + tag_begin_, tag_end_ - tag_begin_);
  }
  if (Captures(f.kind)) CompleteCapture(f);
  text_.clear();
}

void EventBuilder::OptionalOmitted() {
  if (in_attr_) attr_omitted_ = true;
}

void EventBuilder::CharRef(uint16_t unit) {
  if (in_attr_) {
    AppendCodePointUtf8(unit, attr_value_);
    return;
  }
  if (in_start_tag_) {
    if (render_xml_) xml_.push_back('>');
    in_start_tag_ = false;
  }
  if (!stack_.empty() && Captures(stack_.back().kind)) AppendCodePointUtf8(unit, text_);
  if (render_xml_) {
    if (IsXmlChar(unit)) {
      xml_.append("&#");
      xml_.append(std::to_string(unit));
      xml_.push_back(';');
    } else {
      // XML 1.0 has no reference for it (NUL, ESC, a lone surrogate): shown as text.
      static constexpr char kHex[] = "0123456789abcdef";
      xml_.append("\\u{");
      bool lead = true;
      for (int shift = 12; shift >= 0; shift -= 4) {
        const unsigned d = (unit >> shift) & 0xFu;
        if (lead && d == 0 && shift != 0) continue;
        lead = false;
        xml_.push_back(kHex[d]);
      }
      xml_.push_back('}');
    }
  }
}

void EventBuilder::EntityRef(std::string_view name) {
  std::string_view decoded;
  if (name == "amp") decoded = "&";
  else if (name == "lt") decoded = "<";
  else if (name == "gt") decoded = ">";
  else if (name == "quot") decoded = "\"";
  else if (name == "apos") decoded = "'";
  if (in_attr_) {
    if (!decoded.empty()) attr_value_.append(decoded);
    return;
  }
  if (in_start_tag_) {
    if (render_xml_) xml_.push_back('>');
    in_start_tag_ = false;
  }
  if (!stack_.empty() && Captures(stack_.back().kind)) text_.append(decoded);
  if (render_xml_) {
    if (!decoded.empty()) {
      xml_.push_back('&');
      xml_.append(name);
      xml_.push_back(';');
    } else {
      // An entity the document never declares: a reference would not be well-formed,
      // and dropping it would lose it, so it is shown as its escaped text.
      xml_.append("&amp;");
      AppendXmlEscaped(name, xml_, false);
      xml_.push_back(';');
    }
  }
}

void EventBuilder::CData(std::string_view utf8) {
  if (in_attr_) {
    attr_value_.append(utf8);
    return;
  }
  if (in_start_tag_) {
    if (render_xml_) xml_.push_back('>');
    in_start_tag_ = false;
  }
  if (!stack_.empty() && Captures(stack_.back().kind)) text_.append(utf8);
  if (render_xml_) AppendEscaped(utf8, xml_, false);  // escaped text is equivalent to CDATA
}

void EventBuilder::ProcessingInstruction(std::string_view target, std::string_view data) {
  if (!render_xml_ || in_attr_) return;
  if (in_start_tag_) {
    xml_.push_back('>');
    in_start_tag_ = false;
  }
  // A PI's text may not contain "?>"; drop one that does rather than break the document.
  if (data.find("?>") != std::string_view::npos) return;
  xml_.append("<?");
  const size_t target_at = xml_.size();
  AppendXmlName(target, xml_);
  // "xml" in any case is reserved for the declaration.
  const std::string_view t = std::string_view(xml_).substr(target_at);
  if (t.size() == 3 && (t[0] | 0x20) == 'x' && (t[1] | 0x20) == 'm' && (t[2] | 0x20) == 'l') {
    xml_.insert(target_at, 1, '_');
  }
  if (!data.empty()) {
    xml_.push_back(' ');
    AppendXmlEscaped(data, xml_, false);
  }
  xml_.append("?>");
}

void EventBuilder::Finish() {
  if (in_attr_) FinishAttribute();
  // Close whatever a damaged stream left open so the XML stays well-formed.
  while (!stack_.empty()) CloseInnermost();
  if (xml_sink_ != nullptr) {
    xml_.swap(*xml_sink_);
    xml_sink_ = nullptr;
  } else if (render_xml_) {
    ev_->xml = arena_->Copy(xml_);
  }
}

}  // namespace logrx::readers
