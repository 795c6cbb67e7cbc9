#include "messages/catalog.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/input_file.h"
#include "core/list_folder.h"
#include "core/numbers.h"
#include "core/strings.h"
#include "core/xml_data_file.h"

namespace logrx::messages {
namespace {

uint64_t Key(uint32_t source, uint32_t id) noexcept { return (uint64_t{source} << 32) | id; }

}  // namespace

uint32_t MessageCatalog::SourceIndex(std::string_view name) {
  const auto it = source_index_.find(name);
  if (it != source_index_.end()) return it->second;
  const uint32_t idx = source_count_++;
  source_names_.emplace_back();
  AddName(name, idx);
  return idx;
}

void MessageCatalog::AddName(std::string_view name, uint32_t source) {
  if (source_index_.emplace(std::string(name), source).second) {
    source_names_[source].emplace_back(name);
  }
}

void MessageCatalog::NoteEventId(uint32_t id, uint32_t source) {
  uint16_t& block = id_block_[(id >> 8) & 0xFF];
  if (block == 0) {
    id_blocks_.emplace_back().fill(kNoSource);
    block = static_cast<uint16_t>(id_blocks_.size());
  }
  uint32_t& s = id_blocks_[block - 1][id & 0xFF];
  if (s == kNoSource) {
    s = source;
  } else if (s != source) {
    s = kManySources;
  }
}

uint32_t MessageCatalog::FindSource(std::string_view name) const {
  const auto it = source_index_.find(name);
  return it == source_index_.end() ? kNoSource : it->second;
}

uint32_t MessageCatalog::FindSourceFor(std::string_view name, uint16_t event_id) const {
  const uint16_t block = id_block_[event_id >> 8];
  if (block == 0) return kNoSource;
  const uint32_t source = id_blocks_[block - 1][event_id & 0xFF];
  if (source == kNoSource) return kNoSource;
  if (source == kManySources) return FindSource(name);
  // Another source's name, or an unknown one, has no entry with this id. Logs spell a
  // source as the catalog does, so a plain compare settles nearly every record before the
  // case-folding one, which looks at a byte at a time.
  for (const std::string& n : source_names_[source]) {
    if (n == name || EqualsNoCase(n, name)) return source;
  }
  return kNoSource;
}

Status MessageCatalog::AddTemplatesFromXml(std::string_view xml, std::string_view name) {
  XmlDataFile file{std::string(name), xml};
  LOGRX_RETURN_IF_ERROR(file.Parse(pugi::parse_default, pugi::encoding_auto));
  auto error = [&](const pugi::xml_node& n, std::string_view what) { return file.Error(n, what); };
  const pugi::xml_node root = file.root();
  if (std::string_view(root.name()) != "messages") {
    return error(root, fmt::format("root element is <{}>, expected <messages>", root.name()));
  }
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view kind = n.name();
    if (kind == "parameter") {
      uint32_t id = 0;
      if (!ParseUnsigned(n.attribute("id").value(), id, NumberBase::kDecimalOrHex)) return error(n, "<parameter> needs a numeric id");
      const std::string_view text = Trim(n.child_value(), kAsciiSpace);
      if (!params_.emplace(id, std::string(text)).second) {
        return error(n, fmt::format("parameter {} is defined twice", id));
      }
      continue;
    }
    if (kind != "source") return error(n, fmt::format("unknown element <{}> (expected <source> or <parameter>)", kind));
    const std::string_view source = Trim(n.attribute("name").value(), kAsciiSpace);
    if (source.empty()) return error(n, "<source> needs a name");
    // Aliases resolve to the canonical name's index.
    const uint32_t idx = SourceIndex(source);
    std::string_view aliases = n.attribute("aliases").value();
    while (!aliases.empty()) {
      const size_t semi = aliases.find(';');
      const std::string_view alias = Trim(aliases.substr(0, semi), kAsciiSpace);
      aliases = semi == std::string_view::npos ? std::string_view() : aliases.substr(semi + 1);
      if (alias.empty()) continue;
      const auto it = source_index_.find(alias);
      if (it != source_index_.end() && it->second != idx) {
        return error(n, fmt::format("alias '{}' already names another source", alias));
      }
      AddName(alias, idx);
    }
    for (pugi::xml_node m = n.first_child(); m; m = m.next_sibling()) {
      if (m.type() != pugi::node_element) continue;
      if (std::string_view(m.name()) != "message") {
        return error(m, fmt::format("unknown element <{}> in <source> (expected <message>)", m.name()));
      }
      uint32_t id = 0;
      if (!ParseUnsigned(m.attribute("id").value(), id, NumberBase::kDecimalOrHex) || id > 0xFFFF) {
        return error(m, fmt::format("<message> id '{}' is not an event id (0..65535)", m.attribute("id").value()));
      }
      const std::string_view text = Trim(m.child_value(), kAsciiSpace);
      if (text.empty()) return error(m, fmt::format("message {} of {} is empty", id, source));
      if (!templates_.try_emplace(Key(idx, id), text).second) {
        return error(m, fmt::format("message {} of {} is defined twice", id, source));
      }
      NoteEventId(id, idx);
    }
  }
  return Status();
}

Result<std::shared_ptr<const MessageCatalog>> MessageCatalog::FromXml(std::string_view xml,
                                                                      std::string_view name) {
  auto mc = std::make_shared<MessageCatalog>();
  LOGRX_RETURN_IF_ERROR(mc->AddTemplatesFromXml(xml, name));
  return std::shared_ptr<const MessageCatalog>(std::move(mc));
}

Result<std::shared_ptr<const MessageCatalog>> MessageCatalog::Load(const std::string& templates_dir,
                                                                   const std::string& system_root,
                                                                   DiagnosticSink& warnings) {
  auto mc = std::make_shared<MessageCatalog>();
  if (!templates_dir.empty()) {
    // Sorted: duplicate templates are reported the same way on every machine.
    const FolderListing files =
        ListFolder(templates_dir, [](const std::filesystem::directory_entry& e) {
          std::error_code ec;
          return e.path().extension() == ".xml" && e.is_regular_file(ec);
        });
    if (files.error) {
      return Status::Io(fmt::format("{}: cannot list message templates: {}", templates_dir,
                                    files.error.message()));
    }
    if (files.truncated) {
      return Status::Io(fmt::format("{}: more than {} entries; not a message template folder",
                                    templates_dir, kMaxFolderEntries));
    }
    for (const auto& f : files.paths) {
      Result<std::string> text = ReadWholeFileAsString(f.string(), 16u << 20);
      if (!text.ok()) return text.status();
      LOGRX_RETURN_IF_ERROR(mc->AddTemplatesFromXml(*text, f.string()));
    }
  }
  if (!system_root.empty()) mc->LoadFromSystemRoot(system_root, warnings);
  return std::shared_ptr<const MessageCatalog>(std::move(mc));
}

void MessageCatalog::AddServerMessages(std::string_view source,
                                       std::span<const pe::MessageTableEntry> entries) {
  const uint32_t idx = SourceIndex(source);
  for (const pe::MessageTableEntry& e : entries) {
    server_full_.try_emplace(Key(idx, e.id), e.text);
    server_low_.try_emplace(Key(idx, e.id & 0xFFFF), e.text);
    NoteEventId(e.id, idx);
  }
}

const MessageCatalog::Message* MessageCatalog::TemplateAt(uint32_t source, uint16_t event_id) const {
  const auto it = templates_.find(Key(source, event_id));
  return it == templates_.end() ? nullptr : &it->second;
}

const MessageCatalog::Message* MessageCatalog::ServerMessageAt(uint32_t source, uint32_t id) const {
  if (const auto it = server_full_.find(Key(source, id)); it != server_full_.end()) {
    return &it->second;
  }
  if (id > 0xFFFF) return nullptr;
  const auto it = server_low_.find(Key(source, id));
  return it == server_low_.end() ? nullptr : &it->second;
}

const std::string* MessageCatalog::FindTemplate(std::string_view source, uint16_t event_id) const {
  const auto s = source_index_.find(source);
  if (s == source_index_.end()) return nullptr;
  const Message* m = TemplateAt(s->second, event_id);
  return m == nullptr ? nullptr : &m->text;
}

const std::string* MessageCatalog::FindServerMessage(std::string_view source, uint32_t id) const {
  const auto s = source_index_.find(source);
  if (s == source_index_.end()) return nullptr;
  const Message* m = ServerMessageAt(s->second, id);
  return m == nullptr ? nullptr : &m->text;
}

const MessageCatalog::Message* MessageCatalog::FindEntry(std::string_view source, const Event& ev,
                                                         MessageOrigin& origin) const {
  if (source.empty()) return nullptr;
  const uint32_t src = FindSourceFor(source, ev.event_id);
  if (src == kNoSource) return nullptr;
  if (!server_full_.empty()) {  // messages from --root
    const uint32_t full = ev.has_qualifiers ? (uint32_t{ev.qualifiers} << 16) | ev.event_id
                                            : ev.event_id;
    const Message* text = ServerMessageAt(src, full);
    if (text == nullptr && ev.has_qualifiers) text = ServerMessageAt(src, ev.event_id);
    if (text != nullptr) {
      origin = MessageOrigin::kServer;
      return text;
    }
  }
  const Message* text = TemplateAt(src, ev.event_id);
  if (text != nullptr) origin = MessageOrigin::kTemplate;
  return text;
}

MessageOrigin MessageCatalog::Render(const Event& ev, std::string& out, RenderStats& stats) const {
  MessageOrigin origin = MessageOrigin::kNone;
  const Message* m = FindEntry(ev.event_source, ev, origin);
  if (m == nullptr && ev.provider != ev.event_source) m = FindEntry(ev.provider, ev, origin);
  if (m == nullptr) return MessageOrigin::kNone;
  m->compiled.AppendTo(ev.data, &params_, out, stats);
  return origin;
}

bool MessageCatalog::ExtractInserts(const Event& ev, std::string_view text,
                                    std::vector<std::string>& inserts) const {
  MessageOrigin origin = MessageOrigin::kNone;
  const Message* m = FindEntry(ev.event_source, ev, origin);
  if (m == nullptr && ev.provider != ev.event_source) m = FindEntry(ev.provider, ev, origin);
  return m != nullptr && MatchEventMessage(m->text, text, inserts);
}

MessageOrigin MessageCatalog::Render(const Event& ev, std::string& out) const {
  RenderStats stats;
  return Render(ev, out, stats);
}

}  // namespace logrx::messages

