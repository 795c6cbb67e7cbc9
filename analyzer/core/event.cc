#include "core/event.h"

namespace logrx {

std::string_view InputFormatName(InputFormat f) noexcept {
  switch (f) {
    case InputFormat::kEvtx: return "evtx";
    case InputFormat::kEvt: return "evt";
    case InputFormat::kXml: return "xml";
    case InputFormat::kText: return "text";
    case InputFormat::kUnknown: break;
  }
  return "unknown";
}

std::string_view Event::Data(std::string_view name) const noexcept {
  for (const Field& f : data) {
    if (f.name == name) return f.value;
  }
  return {};
}

void OwnedEvent::Assign(const Event& ev) {
  // Copy first: `ev` may be a view into this object.
  std::string copies[kSlotCount] = {
      std::string(ev.provider),  std::string(ev.provider_guid), std::string(ev.event_source),
      std::string(ev.channel),   std::string(ev.computer),      std::string(ev.user_sid),
      std::string(ev.message),   std::string(ev.level_text),    std::string(ev.task_text),
      std::string(ev.xml)};
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(ev.data.size());
  for (const Field& f : ev.data) fields.emplace_back(std::string(f.name), std::string(f.value));
  std::vector<std::byte> binary(ev.binary.begin(), ev.binary.end());
  ev_ = ev;
  for (int i = 0; i < kSlotCount; ++i) strings_[i] = std::move(copies[i]);
  fields_ = std::move(fields);
  binary_ = std::move(binary);
  Relink();
}

OwnedEvent::OwnedEvent(OwnedEvent&& other) noexcept { *this = std::move(other); }

OwnedEvent& OwnedEvent::operator=(OwnedEvent&& other) noexcept {
  if (this == &other) return *this;
  ev_ = other.ev_;
  for (int i = 0; i < kSlotCount; ++i) strings_[i] = std::move(other.strings_[i]);
  fields_ = std::move(other.fields_);
  binary_ = std::move(other.binary_);
  field_views_.clear();
  Relink();
  other.Relink();
  return *this;
}

void OwnedEvent::SetString(StringSlot slot, std::string v) {
  strings_[slot] = std::move(v);
  Relink();
}

void OwnedEvent::AddField(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
  Relink();
}

void OwnedEvent::Relink() {
  ev_.provider = strings_[kProvider];
  ev_.provider_guid = strings_[kProviderGuid];
  ev_.event_source = strings_[kEventSource];
  ev_.channel = strings_[kChannel];
  ev_.computer = strings_[kComputer];
  ev_.user_sid = strings_[kUserSid];
  ev_.message = strings_[kMessage];
  ev_.level_text = strings_[kLevelText];
  ev_.task_text = strings_[kTaskText];
  ev_.xml = strings_[kXml];
  field_views_.clear();
  for (const auto& [n, v] : fields_) field_views_.push_back(Field{n, v});
  ev_.data = field_views_;
  ev_.binary = binary_;
}

}  // namespace logrx
