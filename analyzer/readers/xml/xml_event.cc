#include "readers/xml/xml_event.h"

#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "core/numbers.h"
#include "core/strings.h"
#include "core/time.h"

namespace logrx::readers {

std::string_view LocalName(const pugi::xml_node& node) noexcept {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

namespace {

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view local) noexcept {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return {};
}

// Text of an element: all its PCDATA/CDATA children joined. pugixml makes one node per
// run, so "a<!--c-->b" and "a<![CDATA[b]]>c" are several; the common single run is a
// view into the document, only a split value is joined in the arena.
std::string_view Text(const pugi::xml_node& n, Arena& arena) {
  pugi::xml_node first;
  size_t runs = 0;
  size_t total = 0;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
    if (runs++ == 0) first = c;
    total += std::strlen(c.value());
  }
  if (runs == 0) return {};
  if (runs == 1) return first.value();
  char* out = arena.Allocate(total);
  size_t at = 0;
  for (pugi::xml_node c = first; c; c = c.next_sibling()) {
    if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
    const size_t len = std::strlen(c.value());
    std::memcpy(out + at, c.value(), len);
    at += len;
  }
  return {out, total};
}

// Optional numeric element: absent or empty leaves `out` alone; present but not a number
// is an error.
template <typename T>
Status OptionalNumber(const pugi::xml_node& n, std::string_view name, T& out, Arena& arena) {
  if (!n) return Status::Ok();
  const std::string_view text = Trim(Text(n, arena));
  if (text.empty() || ParseUnsigned(text, out, NumberBase::kDecimalOrHex)) return Status::Ok();
  return Status::Corrupt(
      fmt::format("<{}> is not a number that fits: '{}'", name, text.substr(0, 40)));
}

// Optional numeric attribute, same rules.
template <typename T>
Status OptionalNumberAttribute(const pugi::xml_node& node, const char* name, T& out) {
  const std::string_view text = Trim(node.attribute(name).value());
  if (text.empty() || ParseUnsigned(text, out, NumberBase::kDecimalOrHex)) return Status::Ok();
  return Status::Corrupt(fmt::format("<{} {}> is not a number that fits: '{}'", LocalName(node),
                                     name, text.substr(0, 40)));
}

int HexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Windows writes <Binary> as hex ("0A00"); python-evtx writes base64 ("CgA="). A value
// that is valid hex is read as hex (so the Windows form never changes meaning).
bool DecodeHex(std::string_view hex, Arena& arena, std::span<const std::byte>& out) {
  if (hex.size() % 2 != 0) return false;
  for (const char c : hex) {
    if (HexValue(c) < 0) return false;
  }
  char* bytes = arena.Allocate(hex.size() / 2 + 1);
  for (size_t i = 0; i < hex.size(); i += 2) {
    bytes[i / 2] = static_cast<char>(HexValue(hex[i]) * 16 + HexValue(hex[i + 1]));
  }
  out = {reinterpret_cast<const std::byte*>(bytes), hex.size() / 2};
  return true;
}

int Base64Value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool DecodeBase64(std::string_view text, Arena& arena, std::span<const std::byte>& out) {
  if (text.size() % 4 != 0) return false;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  const std::string_view body = text.substr(0, text.size() - pad);
  char* bytes = arena.Allocate(text.size() / 4 * 3 + 1);
  size_t n = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : body) {
    const int v = Base64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  out = {reinterpret_cast<const std::byte*>(bytes), n};
  return true;
}

// UserData: <UserData><Wrapper xmlns=...><A>1</A><B><C>2</C></B></Wrapper></UserData>
// becomes A=1, C=2 (leaves, in document order).
// Bounded so a hostile nesting cannot exhaust the stack; what is deeper is reported.
constexpr int kMaxUserDataDepth = 32;

void CollectLeaves(const pugi::xml_node& node, XmlEventScratch& scratch, int depth,
                   bool& too_deep) {
  if (depth > kMaxUserDataDepth) {
    too_deep = true;
    return;
  }
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    bool has_element_child = false;
    for (pugi::xml_node g = c.first_child(); g; g = g.next_sibling()) {
      if (g.type() == pugi::node_element) {
        has_element_child = true;
        break;
      }
    }
    if (has_element_child) {
      CollectLeaves(c, scratch, depth + 1, too_deep);
    } else {
      scratch.fields.push_back(Field{LocalName(c), Text(c, scratch.arena)});
    }
  }
}

// The children of <System> that SystemFromXml reads: the first element of each local name.
struct SystemNodes {
  pugi::xml_node provider, event_id, version, level, task, opcode, keywords, time, record_id,
      execution, channel, computer, security;
};

// The children SystemNodes keeps, by local name.
constexpr std::pair<std::string_view, pugi::xml_node SystemNodes::*> kSystemChildren[] = {
    {"Provider", &SystemNodes::provider},   {"EventID", &SystemNodes::event_id},
    {"Version", &SystemNodes::version},     {"Level", &SystemNodes::level},
    {"Task", &SystemNodes::task},           {"Opcode", &SystemNodes::opcode},
    {"Keywords", &SystemNodes::keywords},   {"TimeCreated", &SystemNodes::time},
    {"EventRecordID", &SystemNodes::record_id}, {"Execution", &SystemNodes::execution},
    {"Channel", &SystemNodes::channel},     {"Computer", &SystemNodes::computer},
    {"Security", &SystemNodes::security},
};

// One pass over <System>'s children (an event has about a dozen; looking each name up
// apart walked them fifteen times).
SystemNodes FindSystemNodes(const pugi::xml_node& system) noexcept {
  SystemNodes s;
  for (pugi::xml_node c = system.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(c);
    for (const auto& [wanted, member] : kSystemChildren) {
      if (name != wanted) continue;
      if (!(s.*member)) s.*member = c;
      break;
    }
  }
  return s;
}

// <System>: provider, ids, numbers, time, channel, computer, user. kCorrupt as EventFromXml.
Status SystemFromXml(pugi::xml_node system, Arena& arena, Event& out) {
  const SystemNodes nodes = FindSystemNodes(system);
  const pugi::xml_node provider = nodes.provider;
  out.provider = Trim(provider.attribute("Name").value());
  out.provider_guid = Trim(provider.attribute("Guid").value());
  out.event_source = Trim(provider.attribute("EventSourceName").value());

  const pugi::xml_node event_id = nodes.event_id;
  if (!event_id) return Status::Corrupt("<System> has no <EventID>");
  const std::string_view event_id_text = Trim(Text(event_id, arena));
  if (!ParseUnsigned(event_id_text, out.event_id, NumberBase::kDecimalOrHex)) {
    return Status::Corrupt(fmt::format("<EventID> is not a 16-bit number: '{}'",
                                       event_id_text.substr(0, 40)));
  }
  const std::string_view qualifiers = Trim(event_id.attribute("Qualifiers").value());
  if (!qualifiers.empty()) {
    if (!ParseUnsigned(qualifiers, out.qualifiers, NumberBase::kDecimalOrHex)) {
      return Status::Corrupt(fmt::format("<EventID Qualifiers> is not a 16-bit number: '{}'",
                                         qualifiers.substr(0, 40)));
    }
    out.has_qualifiers = true;
  }

  const pugi::xml_node execution = nodes.execution;
  LOGRX_RETURN_IF_ERROR(OptionalNumber(nodes.version, "Version", out.version, arena));
  LOGRX_RETURN_IF_ERROR(OptionalNumber(nodes.level, "Level", out.level, arena));
  LOGRX_RETURN_IF_ERROR(OptionalNumber(nodes.task, "Task", out.task, arena));
  LOGRX_RETURN_IF_ERROR(OptionalNumber(nodes.opcode, "Opcode", out.opcode, arena));
  LOGRX_RETURN_IF_ERROR(OptionalNumber(nodes.keywords, "Keywords", out.keywords, arena));
  LOGRX_RETURN_IF_ERROR(OptionalNumber(nodes.record_id, "EventRecordID", out.record_id, arena));
  LOGRX_RETURN_IF_ERROR(OptionalNumberAttribute(execution, "ProcessID", out.process_id));
  LOGRX_RETURN_IF_ERROR(OptionalNumberAttribute(execution, "ThreadID", out.thread_id));

  const pugi::xml_node time = nodes.time;
  const std::string_view system_time = Trim(time.attribute("SystemTime").value());
  if (!system_time.empty() && !ParseIso8601(system_time, out.time_created)) {
    return Status::Corrupt(
        fmt::format("<TimeCreated SystemTime> is not a time: '{}'", system_time.substr(0, 40)));
  }

  out.channel = Trim(Text(nodes.channel, arena));
  out.computer = Trim(Text(nodes.computer, arena));
  out.user_sid = Trim(nodes.security.attribute("UserID").value());
  return Status();
}

// <EventData> (named or positional <Data>, <Binary>) or <UserData> leaves into
// scratch.fields; problems that do not cost the event go to scratch.warnings.
void DataFromXml(pugi::xml_node event, XmlEventScratch& scratch, Event& out) {
  Arena& arena = scratch.arena;
  if (const pugi::xml_node data = Child(event, "EventData")) {
    for (pugi::xml_node c = data.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(c);
      if (name == "Data") {
        scratch.fields.push_back(Field{c.attribute("Name").value(), Text(c, arena)});
      } else if (name == "Binary") {
        const std::string_view text = Trim(Text(c, arena));
        if (!text.empty() && !DecodeHex(text, arena, out.binary) &&
            !DecodeBase64(text, arena, out.binary)) {
          out.binary = {};
          scratch.warnings.push_back(fmt::format(
              "<Binary> is neither hex nor base64 ('{}'); binary data dropped", text.substr(0, 20)));
        }
      }
    }
  } else if (const pugi::xml_node user = Child(event, "UserData")) {
    out.data_is_user_data = true;
    bool too_deep = false;
    CollectLeaves(user, scratch, 0, too_deep);
    if (too_deep) {
      scratch.warnings.push_back(fmt::format(
          "<UserData> nested deeper than {} levels; the deeper elements were not read",
          kMaxUserDataDepth));
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
  scratch.warnings.clear();
  scratch.arena.Reset();
  Arena& arena = scratch.arena;

  if (!event || event.type() != pugi::node_element || LocalName(event) != "Event") {
    return Status::Corrupt(fmt::format("expected <Event>, found <{}>", event.name()));
  }
  const pugi::xml_node system = Child(event, "System");
  if (!system) return Status::Corrupt("<Event> has no <System> element");
  LOGRX_RETURN_IF_ERROR(SystemFromXml(system, arena, out));
  DataFromXml(event, scratch, out);
  out.data = scratch.fields;

  if (const pugi::xml_node info = Child(event, "RenderingInfo")) {
    out.message = Text(Child(info, "Message"), arena);
    // An empty <Message/> carries no text; a renderer may still supply one.
    if (!out.message.empty()) out.message_origin = MessageOrigin::kExport;
    out.level_text = Trim(Text(Child(info, "Level"), arena));
    out.task_text = Trim(Text(Child(info, "Task"), arena));
  }
  return Status();
}

}  // namespace logrx::readers
