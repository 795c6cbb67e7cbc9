// MessageCatalog: message texts with %1..%n insertion points, keyed by source and event
// id, from kb/messages/*.xml (shipped templates) and, with --root, from the server's own
// message files (RT_MESSAGETABLE resources named by EventMessageFile).
//
//   Result<std::shared_ptr<const MessageCatalog>> mc = MessageCatalog::Load("kb/messages", "", diags);
//   options.messages = mc.value().get();    // readers fill Event::message where missing
//
// Immutable after Load; thread-safe. OWNER: readers/ (issue 5).
#ifndef LOGRX_READERS_MESSAGE_CATALOG_H_
#define LOGRX_READERS_MESSAGE_CATALOG_H_

#include <memory>
#include <string>

#include "core/diagnostic.h"
#include "core/status.h"
#include "readers/message_renderer.h"

namespace logrx::readers {

class MessageCatalog : public MessageRenderer {
 public:
  // `templates_dir`: kb/messages (may be empty: no templates). `system_root`: a mounted
  // Windows root or empty. Bad template files fail with file:line.
  static Result<std::shared_ptr<const MessageCatalog>> Load(const std::string& templates_dir,
                                                            const std::string& system_root,
                                                            DiagnosticSink& warnings);
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_MESSAGE_CATALOG_H_
