// MessageCatalog: message texts with %1..%n insertion points, keyed by source and event
// id, from kb/messages/*.xml (shipped templates) and, with --root, from the server's own
// message files (RT_MESSAGETABLE resources of the files a built-in map names per source).
//
//   Result<std::shared_ptr<const MessageCatalog>> mc = MessageCatalog::Load("kb/messages", "", diags);
//   options.messages = mc.value().get();    // readers fill Event::message where missing
//
// Sources match case-insensitively, by name or alias ("Service Control Manager",
// "Microsoft-Windows-FailoverClustering"); Render tries Event::event_source, then provider.
// A server message (kServer) wins over a shipped template (kTemplate). Formatting rules:
// messages/format.h; schema and file map: docs/messages.md.
// Immutable after Load; thread-safe.
#ifndef LOGRX_MESSAGES_CATALOG_H_
#define LOGRX_MESSAGES_CATALOG_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"
#include "core/strings.h"
#include "messages/format.h"
#include "pe/message_table.h"
#include "readers/message_renderer.h"

namespace logrx::messages {

class MessageCatalog : public readers::MessageRenderer {
 public:
  // `templates_dir`: kb/messages (may be empty: no templates). `system_root`: a mounted
  // Windows root or empty. Bad template files fail with file:line (kInvalidArgument);
  // unreadable or malformed message files under the root are warnings, not failures.
  static Result<std::shared_ptr<const MessageCatalog>> Load(const std::string& templates_dir,
                                                            const std::string& system_root,
                                                            DiagnosticSink& warnings);

  // Templates from one XML document (tests, fuzzing, `kb check`); `display_name` is
  // used in errors ("clussvc.xml:12: ...").
  static Result<std::shared_ptr<const MessageCatalog>> FromXml(std::string_view xml,
                                                               std::string_view display_name);

  MessageOrigin Render(const Event& ev, std::string& out) const override;
  bool ExtractInserts(const Event& ev, std::string_view text,
                      std::vector<std::string>& inserts) const override;
  // As Render, and says what could not be filled in (missing inserts, %%NNNN).
  MessageOrigin Render(const Event& ev, std::string& out, RenderStats& stats) const;

  // The template for a source (name or alias) and event id, or nullptr.
  const std::string* FindTemplate(std::string_view source, uint16_t event_id) const;
  // The server's message for a source and full 32-bit id (or low 16 bits), or nullptr.
  const std::string* FindServerMessage(std::string_view source, uint32_t id) const;
  size_t template_count() const noexcept { return templates_.size(); }
  size_t server_message_count() const noexcept { return server_full_.size(); }

  // Message files a source's messages live in (built-in map, lower case), or empty.
  static std::span<const std::string_view> WellKnownMessageFiles(std::string_view source);
  // Adds a message table's entries for `source` (used by Load; public for tests).
  void AddServerMessages(std::string_view source, std::span<const pe::MessageTableEntry> entries);

 private:
  Status AddTemplatesFromXml(std::string_view xml, std::string_view display_name);
  void LoadFromSystemRoot(const std::string& root, DiagnosticSink& warnings);
  uint32_t SourceIndex(std::string_view name);  // adds a new source when unknown
  void AddName(std::string_view name, uint32_t source);  // to source_index_ and source_names_
  void NoteEventId(uint32_t id, uint32_t source);        // an entry with this id: id_blocks_
  // The index of a source (name or alias), any case, or kNoSource.
  uint32_t FindSource(std::string_view name) const;
  // The index of the source named `name` when it may have an entry for `event_id`, else
  // kNoSource: most records have an id no source has a message for, and most ids belong to
  // one source, whose names are compared instead of hashing `name`.
  uint32_t FindSourceFor(std::string_view name, uint16_t event_id) const;
  static constexpr uint32_t kNoSource = ~uint32_t{0};
  static constexpr uint32_t kManySources = kNoSource - 1;  // in id_blocks_
  // A message as written and as read once for rendering.
  struct Message {
    explicit Message(std::string_view t) : text(t), compiled(t) {}
    std::string text;
    CompiledMessage compiled;
  };
  const Message* FindEntry(std::string_view source, const Event& ev, MessageOrigin& origin) const;
  const Message* TemplateAt(uint32_t source, uint16_t event_id) const;
  const Message* ServerMessageAt(uint32_t source, uint32_t id) const;

  // Hashed, not ordered: looked up once or twice per record rendered.
  std::unordered_map<std::string, uint32_t, HashNoCase, EqualNoCase> source_index_;
  uint32_t source_count_ = 0;
  std::vector<std::vector<std::string>> source_names_;  // by source index: name and aliases
  // Low 16 bits of the id of every entry below -> the one source with such entries,
  // kManySources, or kNoSource. Every entry FindEntry can return for an event is keyed by
  // its event id. Two levels, by the id's high byte then its low byte: two loads per
  // lookup, where a hash map's bucket index costs a division, and a block of 256 ids is
  // made only for the high bytes in use (a flat table of all 65536 ids would be 256 KiB
  // that every run touches, 64 fresh pages, for the few hundred ids a catalog has).
  using IdBlock = std::array<uint32_t, 256>;
  std::array<uint16_t, 256> id_block_{};  // by high byte: 1 + index in id_blocks_, or 0
  std::vector<IdBlock> id_blocks_;
  std::map<uint64_t, Message> templates_;    // (source << 32) | event id
  std::map<uint64_t, Message> server_full_;  // (source << 32) | 32-bit message id
  std::map<uint64_t, Message> server_low_;   // (source << 32) | low 16 bits
  ParameterTable params_;                        // %%NNNN
};

}  // namespace logrx::messages

#endif  // LOGRX_MESSAGES_CATALOG_H_
