// XmlEventSplitter: finds where each <Event>…</Event> element starts and ends in a stream
// of UTF-8 event XML fed window by window, without building a tree, so a large export is
// parsed one event at a time (see docs/formats/xml.md).
//
//   XmlEventSplitter split(16 << 20);
//   XmlEventSplitter::Item it = split.Next(window, window_base, at_eof);  // kNeedMore: refill
//
// Positions are stream positions (bytes of UTF-8 text since the start of the text), so the
// caller may drop text before keep_from() and refill between calls. Element names match
// exactly on the local name (`<e:Event>` is an event, `<Events>`, `<EventData>` are not);
// comments, CDATA sections, processing instructions and quoted attribute values (which may
// hold '>') are skipped. The first `</Event>` after an event's start closes it; a new
// `<Event` before that closes nothing and reports the open one as unterminated, so one
// broken event never swallows the next. Whether the element is well-formed is left to the
// XML parser. Not thread-safe; cheap (no allocation).
#ifndef LOGRX_READERS_XML_XML_EVENT_SPLITTER_H_
#define LOGRX_READERS_XML_XML_EVENT_SPLITTER_H_

#include <cstdint>
#include <string_view>

namespace logrx::readers {

class XmlEventSplitter {
 public:
  enum class Kind : uint8_t {
    kNeedMore,      // the window is used up: keep text from keep_from(), append, call again
    kEvent,         // a complete element: [begin, end) from '<' of <Event to after its '>'
    kUnterminated,  // the event at `begin` has no </Event> before the next <Event at `end`
    kTruncated,     // the text ends inside the event at `begin` (`end` = end of text)
    kOverLong,      // the event at `begin` grew past max_event_bytes without </Event>;
                    // the splitter skips quietly to the next <Event
    kStray,         // text or markup that belongs to no event starts at `begin`; reported
                    // once per run (the run ends at the next event's begin or end of text)
    kRootUnclosed,  // the text ends, outside any event, while an <Events> root (its '<' at
                    // `begin`) is still open (an export cut after its last </Event>);
                    // returned once, just before kEnd
    kEnd,           // end of text; every later call returns kEnd too
  };
  struct Item {
    Kind kind = Kind::kEnd;
    uint64_t begin = 0;
    uint64_t end = 0;
    uint64_t index = 0;  // 1-based ordinal of the <Event> element (event kinds only)
  };

  explicit XmlEventSplitter(uint64_t max_event_bytes) noexcept
      : max_event_bytes_(max_event_bytes) {}

  // `window` holds the text from stream position `base` on; it must start at or before
  // keep_from() and extend every earlier window. `eof`: no text follows the window.
  Item Next(std::string_view window, uint64_t base, bool eof) noexcept;

  // After kNeedMore: the first stream position the splitter still needs.
  // Between events that is only the markup being classified, so memory stays bounded.
  uint64_t keep_from() const noexcept {
    return in_event_ ? event_begin_ : state_ == State::kMarkup ? token_begin_ : pos_;
  }
  // Number of <Event> elements started so far.
  uint64_t events_started() const noexcept { return events_started_; }

 private:
  enum class State : uint8_t {
    kText,     // character data (between events, or inside one)
    kMarkup,   // at a '<' to classify
    kTag,      // inside a start or end tag, looking for its '>'
    kComment,  // inside <!-- … -->
    kCdata,    // inside <![CDATA[ … ]]>
    kPi,       // inside <? … ?>
    kDecl,     // inside <!DOCTYPE …> or another <! declaration
    kDone,
  };
  enum class TagRole : uint8_t { kOther, kEventStart, kEventEnd, kRootStart, kRootEnd };

  Item Make(Kind kind, uint64_t begin, uint64_t end) const noexcept {
    return Item{kind, begin, end, events_started_};
  }
  // Marks stray content at `pos` (between events); true when it is the first of a run.
  bool MarkStray(uint64_t pos) noexcept;

  // The window of one Next() call. Each Scan* step handles one state: it returns true
  // with `out` set when Next() has an answer, false to go on with the (new) state_.
  struct Window {
    std::string_view text;
    uint64_t base;
    uint64_t end;  // base + text.size()
    bool eof;
  };
  Item OutOfText(const Window& w) noexcept;  // the scan reached the end of the window
  bool ScanText(const Window& w, Item& out) noexcept;
  bool ScanMarkup(const Window& w, Item& out) noexcept;
  bool ScanTag(const Window& w, Item& out) noexcept;
  bool ScanUntilTerminator(const Window& w, Item& out) noexcept;  // comment, CDATA, PI
  bool ScanDecl(const Window& w, Item& out) noexcept;
  // Steps quote_ over `c` (a tag's or declaration's quoted values may span windows): true
  // when `c` opens, closes or lies inside a quoted value.
  bool StepQuote(char c) noexcept;
  // Index in w.text of the first byte from pos_ on for which stop(byte) is true (it may
  // update the scan state), or w.text.size().
  template <typename Stop>
  size_t ScanTo(const Window& w, Stop stop) noexcept {
    size_t i = static_cast<size_t>(pos_ - w.base);
    while (i < w.text.size() && !stop(w.text[i])) ++i;
    return i;
  }

  uint64_t max_event_bytes_;
  State state_ = State::kText;
  TagRole tag_role_ = TagRole::kOther;
  char quote_ = 0;       // inside a quoted attribute value in kTag
  char tag_prev_ = 0;    // the last byte of the tag seen outside quotes ('/' of "/>")
  bool root_open_ = false;     // an <Events> start tag was seen and no </Events> yet
  uint64_t root_begin_ = 0;
  int decl_depth_ = 0;   // '[' nesting inside <!DOCTYPE … [ … ]>
  bool in_event_ = false;
  bool in_stray_ = false;
  bool quiet_ = false;   // after an over-long event: skip to the next <Event silently
  uint64_t pos_ = 0;           // next stream position to look at
  uint64_t token_begin_ = 0;   // '<' of the markup being scanned
  uint64_t event_begin_ = 0;
  uint64_t events_started_ = 0;
};

}  // namespace logrx::readers

#endif  // LOGRX_READERS_XML_XML_EVENT_SPLITTER_H_
