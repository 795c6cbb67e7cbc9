// Event: the one record type every reader fills (EVTX, EVT, XML export, text export).
//
//   Event ev;
//   while ((s = reader->Next(ev)).ok()) { if (ev.event_id == 1024) Use(ev.Data("...")); }
//
// An Event is a VIEW: its string_views and spans point into storage owned by the reader
// and are valid only until the reader's next Next() call (or its destruction). Keep what
// you need by copying it (OwnedEvent does the whole event). Strings are UTF-8.
#ifndef LOGRX_CORE_EVENT_H_
#define LOGRX_CORE_EVENT_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace logrx {

inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

enum class InputFormat : uint8_t { kUnknown, kEvtx, kEvt, kXml, kText };
std::string_view InputFormatName(InputFormat f) noexcept;

// Where a record came from: a file of the run's file table plus a byte offset (binary
// formats) or a 1-based line (text formats). record_id lives in Event itself.
struct SourceLoc {
  uint32_t file_id = 0;
  uint64_t offset = ~uint64_t{0};  // kNoOffset when unknown
  uint32_t line = 0;               // 0 when not a text format
};

enum class Integrity : uint8_t {
  kOk,
  kChecksumMismatch,  // read from a chunk/record whose CRC did not match
  kRecovered,         // carved from slack or unallocated space (--recover)
};

enum class MessageOrigin : uint8_t {
  kNone,      // no message text
  kExport,    // carried by the export (RenderingInfo, text export Description)
  kTemplate,  // rendered by logrx from kb/messages templates
  kServer,    // rendered by logrx from the server's own message files (--root)
};

// One EventData/UserData value. `name` is empty for positional (unnamed) values, as in
// `<Data>x</Data>` or EVT insertion strings; positional values keep their order.
struct Field {
  std::string_view name;
  std::string_view value;
};

struct Event {
  SourceLoc where;
  InputFormat format = InputFormat::kUnknown;
  Integrity integrity = Integrity::kOk;
  MessageOrigin message_origin = MessageOrigin::kNone;

  uint64_t record_id = 0;          // EventRecordID / EVT record number
  int64_t time_created = kNoTime;  // FILETIME ticks (100 ns since 1601-01-01) UTC
  int64_t time_written = kNoTime;  // EVT "time written"; kNoTime elsewhere

  uint16_t event_id = 0;     // low 16 bits (EVT: of the 32-bit event identifier)
  uint16_t qualifiers = 0;   // high 16 bits: severity/customer/facility (EVT 0xC000 for ID 1024)
  bool has_qualifiers = false;
  uint8_t version = 0;
  uint8_t level = 0;         // 1 critical, 2 error, 3 warning, 4 information, 5 verbose; 0 n/a
  uint8_t opcode = 0;
  uint16_t task = 0;         // task, or the EVT/NT category number
  uint16_t evt_type = 0;     // EVT event type (1 error, 2 warning, 4 info, 8/16 audit); 0 n/a
  uint64_t keywords = 0;
  uint32_t process_id = 0;
  uint32_t thread_id = 0;

  std::string_view provider;       // Provider Name (EVTX/XML) or source name (EVT/text)
  std::string_view provider_guid;  // "{...}" or empty
  std::string_view event_source;   // Provider EventSourceName (legacy source), or empty
  std::string_view channel;        // "System", "Application", ...; empty when unknown
  std::string_view computer;
  std::string_view user_sid;       // "S-1-5-18" or empty
  std::string_view message;        // rendered message; see message_origin
  std::string_view level_text;     // RenderingInfo <Level>, text export "Type"; may be empty
  std::string_view task_text;      // RenderingInfo <Task>, text export "Category"; may be empty

  std::span<const Field> data;     // EventData or UserData values, in document order
  bool data_is_user_data = false;
  std::span<const std::byte> binary;  // EVT binary data, EventData <Binary>; may be empty

  std::string_view xml;  // the record as event XML; only when ReaderOptions::render_xml

  // The value of the first field named `name` (case-sensitive), or empty.
  std::string_view Data(std::string_view name) const noexcept;
  // The provider as a user knows it: event_source when set, else provider.
  std::string_view Source() const noexcept {
    return event_source.empty() ? provider : event_source;
  }
};

// A deep copy of an Event that owns its strings. Cheap enough for tests, rule examples
// and the few events a scan keeps as evidence; never per record on a hot path.
class OwnedEvent {
 public:
  OwnedEvent() = default;
  explicit OwnedEvent(const Event& ev) { Assign(ev); }
  OwnedEvent(const OwnedEvent& other) { Assign(other.view()); }
  OwnedEvent& operator=(const OwnedEvent& other) {
    if (this != &other) Assign(other.view());
    return *this;
  }
  // Moves relink the views: a moved short string lives at a new address.
  OwnedEvent(OwnedEvent&& other) noexcept;
  OwnedEvent& operator=(OwnedEvent&& other) noexcept;

  void Assign(const Event& ev);
  // Valid while this OwnedEvent lives and is not modified.
  const Event& view() const noexcept { return ev_; }
  Event& mutable_header() noexcept { return ev_; }  // scalar fields only

  // Builders for tests and rule examples.
  void set_provider(std::string v) { SetString(kProvider, std::move(v)); }
  void set_event_source(std::string v) { SetString(kEventSource, std::move(v)); }
  void set_channel(std::string v) { SetString(kChannel, std::move(v)); }
  void set_computer(std::string v) { SetString(kComputer, std::move(v)); }
  void set_user_sid(std::string v) { SetString(kUserSid, std::move(v)); }
  void set_message(std::string v, MessageOrigin origin) {
    SetString(kMessage, std::move(v));
    ev_.message_origin = origin;
  }
  void AddField(std::string name, std::string value);

 private:
  enum StringSlot {
    kProvider, kProviderGuid, kEventSource, kChannel, kComputer, kUserSid, kMessage,
    kLevelText, kTaskText, kXml, kSlotCount
  };
  void SetString(StringSlot slot, std::string v);
  void Relink();

  Event ev_;
  std::string strings_[kSlotCount];
  std::vector<std::pair<std::string, std::string>> fields_;
  std::vector<Field> field_views_;
  std::vector<std::byte> binary_;
};

}  // namespace logrx

#endif  // LOGRX_CORE_EVENT_H_
