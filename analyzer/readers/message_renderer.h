// MessageRenderer: gives an event without message text its message, from templates
// (kb/messages/*.xml) or from the server's own message files (--root). Implemented by
// messages/catalog.h; readers call it through this interface only.
//
//   std::string text;
//   if (renderer->Render(ev, text) != MessageOrigin::kNone) ev.message = ...;
//
// Implementations are immutable after loading and thread-safe.
#ifndef LOGRX_READERS_MESSAGE_RENDERER_H_
#define LOGRX_READERS_MESSAGE_RENDERER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace logrx::readers {

class MessageRenderer {
 public:
  virtual ~MessageRenderer() = default;
  // Appends the rendered message for `ev` to `out` and says where it came from, or
  // returns kNone (and leaves `out` alone) when no template is known for the event.
  virtual MessageOrigin Render(const Event& ev, std::string& out) const = 0;
  // The reverse, for exports that carry only the rendered text (Event Viewer text
  // exports): when `ev`'s template is known and `text` is that template filled in,
  // replaces `inserts` with insertion strings 1..n and returns true. Default: false.
  virtual bool ExtractInserts(const Event& ev, std::string_view text,
                              std::vector<std::string>& inserts) const {
    (void)ev, (void)text, (void)inserts;
    return false;
  }
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_MESSAGE_RENDERER_H_
