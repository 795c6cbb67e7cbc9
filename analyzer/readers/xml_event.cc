#include "readers/xml_event.h"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "core/time.h"

namespace logrx::readers {

std::string_view LocalName(const pugi::xml_node& node) noexcept {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

namespace {

std::string_view Trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view local) noexcept {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return {};
}

// Text of an element: its first PCDATA/CDATA child (pugixml splits on comments).
std::string_view Text(const pugi::xml_node& n) noexcept { return n.text().get(); }

template <typename T>
bool ParseUnsigned(std::string_view s, T& out) noexcept {
  s = Trim(s);
  if (s.empty()) return false;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && p == s.data() + s.size();
}

// Optional numeric element: absent or empty leaves `out` alone; present but not a number
// is an error.
template <typename T>
bool OptionalNumber(const pugi::xml_node& system, std::string_view name, T& out,
                    std::string& error) {
  const pugi::xml_node n = Child(system, name);
  if (!n) return true;
  const std::string_view text = Trim(Text(n));
  if (text.empty()) return true;
  if (!ParseUnsigned(text, out)) {
    error = fmt::format("<{}> is not a number: '{}'", name, text.substr(0, 40));
    return false;
  }
  return true;
}

int HexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::span<const std::byte> DecodeHex(std::string_view hex, Arena& arena) {
  hex = Trim(hex);
  if (hex.size() % 2 != 0) return {};
  char* out = arena.Allocate(hex.size() / 2 + 1);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]);
    const int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out[i / 2] = static_cast<char>(hi * 16 + lo);
  }
  return {reinterpret_cast<const std::byte*>(out), hex.size() / 2};
}

// UserData: <UserData><Wrapper xmlns=...><A>1</A><B><C>2</C></B></Wrapper></UserData>
// becomes A=1, C=2 (leaves, in document order).
void CollectLeaves(const pugi::xml_node& node, std::vector<Field>& fields, int depth) {
  if (depth > 32) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (c.first_child().type() == pugi::node_element) {
      CollectLeaves(c, fields, depth + 1);
    } else {
      fields.push_back(Field{LocalName(c), Text(c)});
    }
  }
}

}  // namespace

Status EventFromXml(pugi::xml_node event, XmlEventScratch& scratch, Event& out) {
  const InputFormat format = out.format;
  const SourceLoc where = out.where;
  out = Event();
  out.format = format;
  out.where = where;
  scratch.fields.clear();
  scratch.arena.Reset();

  if (!event || LocalName(event) != "Event") {
    return Status::Corrupt(fmt::format("expected <Event>, found <{}>", event.name()));
  }
  const pugi::xml_node system = Child(event, "System");
  if (!system) return Status::Corrupt("<Event> has no <System> element");

  const pugi::xml_node provider = Child(system, "Provider");
  out.provider = provider.attribute("Name").value();
  out.provider_guid = provider.attribute("Guid").value();
  out.event_source = provider.attribute("EventSourceName").value();

  const pugi::xml_node event_id = Child(system, "EventID");
  if (!event_id) return Status::Corrupt("<System> has no <EventID>");
  if (!ParseUnsigned(Text(event_id), out.event_id)) {
    return Status::Corrupt(fmt::format("<EventID> is not a 16-bit number: '{}'",
                                       Trim(Text(event_id)).substr(0, 40)));
  }
  const std::string_view qualifiers = Trim(event_id.attribute("Qualifiers").value());
  if (!qualifiers.empty()) {
    if (!ParseUnsigned(qualifiers, out.qualifiers)) {
      return Status::Corrupt(fmt::format("EventID Qualifiers is not a number: '{}'",
                                         qualifiers.substr(0, 40)));
    }
    out.has_qualifiers = true;
  }

  std::string error;
  if (!OptionalNumber(system, "Version", out.version, error) ||
      !OptionalNumber(system, "Level", out.level, error) ||
      !OptionalNumber(system, "Task", out.task, error) ||
      !OptionalNumber(system, "Opcode", out.opcode, error) ||
      !OptionalNumber(system, "Keywords", out.keywords, error) ||
      !OptionalNumber(system, "EventRecordID", out.record_id, error)) {
    return Status::Corrupt(error);
  }

  const pugi::xml_node time = Child(system, "TimeCreated");
  const std::string_view system_time = Trim(time.attribute("SystemTime").value());
  if (!system_time.empty() && !ParseIso8601(system_time, out.time_created)) {
    return Status::Corrupt(
        fmt::format("TimeCreated SystemTime is not a time: '{}'", system_time.substr(0, 40)));
  }

  const pugi::xml_node execution = Child(system, "Execution");
  (void)ParseUnsigned(execution.attribute("ProcessID").value(), out.process_id);
  (void)ParseUnsigned(execution.attribute("ThreadID").value(), out.thread_id);
  out.channel = Text(Child(system, "Channel"));
  out.computer = Trim(Text(Child(system, "Computer")));
  out.user_sid = Child(system, "Security").attribute("UserID").value();

  if (const pugi::xml_node data = Child(event, "EventData")) {
    for (pugi::xml_node c = data.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(c);
      if (name == "Data") {
        scratch.fields.push_back(Field{c.attribute("Name").value(), Text(c)});
      } else if (name == "Binary") {
        out.binary = DecodeHex(Text(c), scratch.arena);
      }
    }
  } else if (const pugi::xml_node user = Child(event, "UserData")) {
    out.data_is_user_data = true;
    CollectLeaves(user, scratch.fields, 0);
  }
  out.data = scratch.fields;

  if (const pugi::xml_node info = Child(event, "RenderingInfo")) {
    const pugi::xml_node message = Child(info, "Message");
    if (message) {
      out.message = Text(message);
      out.message_origin = MessageOrigin::kExport;
    }
    out.level_text = Text(Child(info, "Level"));
    out.task_text = Text(Child(info, "Task"));
  }
  return Status();
}

}  // namespace logrx::readers
