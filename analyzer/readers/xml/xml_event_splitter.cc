#include "readers/xml/xml_event_splitter.h"

#include <cstring>

namespace logrx::readers {

namespace {

// A name longer than this is not "Event" whatever its prefix; stops a hostile name from
// making us buffer without bound while we look for its end.
constexpr size_t kMaxNameBytes = 256;

bool IsSpace(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameEnd(char c) noexcept { return IsSpace(c) || c == '>' || c == '/' || c == '<'; }

std::string_view LocalPart(std::string_view name) noexcept {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Stores `item` as the answer of a Scan* step.
bool Emit(const XmlEventSplitter::Item& item, XmlEventSplitter::Item& out) noexcept {
  out = item;
  return true;
}

}  // namespace

bool XmlEventSplitter::MarkStray(uint64_t pos) noexcept {
  (void)pos;
  if (in_event_ || in_stray_ || quiet_) return false;
  in_stray_ = true;
  return true;
}

XmlEventSplitter::Item XmlEventSplitter::Next(std::string_view window, uint64_t base,
                                              bool eof) noexcept {
  const Window w{window, base, base + window.size(), eof};
  Item out{};
  for (;;) {
    if (pos_ < base) pos_ = base;  // REQUIRES says this cannot happen; stay in bounds anyway
    bool done = false;
    switch (state_) {
      case State::kDone: return Make(Kind::kEnd, w.end, w.end);
      case State::kText: done = ScanText(w, out); break;
      case State::kMarkup: done = ScanMarkup(w, out); break;
      case State::kTag: done = ScanTag(w, out); break;
      case State::kComment:
      case State::kCdata:
      case State::kPi: done = ScanUntilTerminator(w, out); break;
      case State::kDecl: done = ScanDecl(w, out); break;
    }
    if (done) return out;
  }
}

XmlEventSplitter::Item XmlEventSplitter::OutOfText(const Window& w) noexcept {
  const uint64_t end = w.end;
  if (w.eof) {
    const State was = state_;
    state_ = State::kDone;
    if (in_event_) {
      in_event_ = false;
      return Make(Kind::kTruncated, event_begin_, end);
    }
    // An unfinished comment, tag or declaration between events is stray content.
    if (was != State::kText && MarkStray(token_begin_)) {
      state_ = was == State::kDone ? State::kDone : State::kText;  // come back for the root
      pos_ = end;
      return Make(Kind::kStray, token_begin_, end);
    }
    if (root_open_) {
      root_open_ = false;
      return Make(Kind::kRootUnclosed, root_begin_, end);
    }
    return Make(Kind::kEnd, end, end);
  }
  if (in_event_ && end - event_begin_ > max_event_bytes_) {
    in_event_ = false;
    quiet_ = true;
    state_ = State::kText;
    quote_ = 0;
    pos_ = end;
    return Make(Kind::kOverLong, event_begin_, end);
  }
  return Make(Kind::kNeedMore, pos_, end);
}

bool XmlEventSplitter::ScanText(const Window& win, Item& out) noexcept {
  const uint64_t base = win.base;
  const char* w = win.text.data();
  const size_t size = win.text.size();
  size_t i = static_cast<size_t>(pos_ - base);
  if (!in_event_) {
    // Between events only whitespace (and a BOM of a concatenated export) belongs.
    while (i < size && w[i] != '<') {
      const char c = w[i];
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      if (c == '\xEF') {
        if (size - i < 3 && !win.eof) break;
        if (size - i >= 3 && w[i + 1] == '\xBB' && w[i + 2] == '\xBF') {
          i += 3;
          continue;
        }
      }
      if (MarkStray(base + i)) {
        pos_ = base + i;
        return Emit(Make(Kind::kStray, base + i, base + i), out);
      }
      const void* lt = std::memchr(w + i, '<', size - i);
      i = lt ? static_cast<size_t>(static_cast<const char*>(lt) - w) : size;
    }
  } else {
    const void* lt = std::memchr(w + i, '<', size - i);
    i = lt ? static_cast<size_t>(static_cast<const char*>(lt) - w) : size;
  }
  pos_ = base + i;
  token_begin_ = pos_;
  if (i >= size || w[i] != '<') {
    // Either the window is used up, or a possible BOM is cut at its end.
    if (i >= size) return Emit(OutOfText(win), out);
    if (win.eof) {
      pos_ = win.end;
      return false;
    }
    return Emit(Make(Kind::kNeedMore, pos_, win.end), out);
  }
  state_ = State::kMarkup;
  return false;
}

bool XmlEventSplitter::ScanMarkup(const Window& win, Item& out) noexcept {
  const uint64_t base = win.base;
  const uint64_t end = win.end;
  const std::string_view window = win.text;
  const char* w = window.data();
  const size_t size = window.size();
  const size_t i = static_cast<size_t>(pos_ - base);
  const size_t avail = size - i;
  if (avail < 9 && !win.eof) {
    // Enough to tell <!-- from <![CDATA[ and to read a short name; ask for more.
    // (A name needs its delimiter too; that is checked below.)
    if (avail < 2 || w[i + 1] == '!') return Emit(Make(Kind::kNeedMore, pos_, end), out);
  }
  if (avail < 2) {
    // A lone '<' at the end of the text.
    pos_ = end;
    state_ = State::kText;
    if (!in_event_ && MarkStray(base + i)) return Emit(Make(Kind::kStray, base + i, end), out);
    return false;
  }
  const std::string_view rest = window.substr(i);
  const char c1 = w[i + 1];
  if (c1 == '!') {
    if (rest.starts_with("<!--")) {
      state_ = State::kComment;
      pos_ += 4;
    } else if (rest.starts_with("<![CDATA[")) {
      state_ = State::kCdata;
      pos_ += 9;
      if (MarkStray(token_begin_)) return Emit(Make(Kind::kStray, token_begin_, token_begin_), out);
    } else {
      state_ = State::kDecl;
      decl_depth_ = 0;
      quote_ = 0;
      pos_ += 2;
      if (!rest.starts_with("<!DOCTYPE") && MarkStray(token_begin_)) {
        return Emit(Make(Kind::kStray, token_begin_, token_begin_), out);
      }
    }
    return false;
  }
  if (c1 == '?') {
    state_ = State::kPi;
    pos_ += 2;
    return false;
  }
  const bool end_tag = c1 == '/';
  const size_t name_begin = i + (end_tag ? 2 : 1);
  size_t j = name_begin;
  const size_t limit = name_begin + kMaxNameBytes;
  while (j < size && j < limit && !IsNameEnd(w[j])) ++j;
  if (j >= size && j < limit && !win.eof) return Emit(Make(Kind::kNeedMore, pos_, end), out);
  const std::string_view name = window.substr(name_begin, j - name_begin);
  if (name.empty()) {
    // "< " or "<>" is not markup; pugixml will reject it inside an event.
    pos_ = base + i + 1;
    state_ = State::kText;
    if (!in_event_ && MarkStray(token_begin_)) {
      return Emit(Make(Kind::kStray, token_begin_, token_begin_), out);
    }
    return false;
  }
  // A name cut by the end of the text ("<Event" of a truncated "<EventData>") or
  // longer than any we look for names nothing we know.
  const std::string_view local = j < limit && j < size ? LocalPart(name) : std::string_view();
  const bool is_event = local == "Event";
  bool stray = false;
  if (!end_tag && is_event) {
    if (in_event_) {
      // The open event never closed; report it and come back to this '<'.
      in_event_ = false;
      return Emit(Make(Kind::kUnterminated, event_begin_, pos_), out);
    }
    in_event_ = true;
    in_stray_ = false;
    quiet_ = false;
    ++events_started_;
    event_begin_ = pos_;
    tag_role_ = TagRole::kEventStart;
  } else if (end_tag && is_event && in_event_) {
    tag_role_ = TagRole::kEventEnd;
  } else if (!in_event_ && local == "Events") {
    tag_role_ = end_tag ? TagRole::kRootEnd : TagRole::kRootStart;
  } else {
    tag_role_ = TagRole::kOther;
    stray = !in_event_;
  }
  state_ = State::kTag;
  quote_ = 0;
  tag_prev_ = 0;
  pos_ = base + j;
  if (stray && MarkStray(token_begin_)) {
    return Emit(Make(Kind::kStray, token_begin_, token_begin_), out);
  }
  return false;
}

bool XmlEventSplitter::ScanTag(const Window& win, Item& out) noexcept {
  const uint64_t base = win.base;
  const char* w = win.text.data();
  const size_t i = ScanTo(win, [this](char c) noexcept {
    // '<' is never legal in an attribute value: inside one, the tag is broken.
    if (c == '<' || (c == '>' && quote_ == 0)) return true;
    if (quote_ == 0) tag_prev_ = c;
    (void)StepQuote(c);
    return false;
  });
  if (i >= win.text.size()) {
    pos_ = win.end;
    return Emit(OutOfText(win), out);
  }
  state_ = State::kText;
  if (w[i] == '<') {
    // Broken tag: resume at this '<' (the parser reports the damage).
    quote_ = 0;
    pos_ = base + i;
    return false;
  }
  pos_ = base + i + 1;
  const TagRole role = tag_role_;
  tag_role_ = TagRole::kOther;
  if (role == TagRole::kRootStart && tag_prev_ != '/') {
    root_open_ = true;
    root_begin_ = token_begin_;
  } else if (role == TagRole::kRootEnd) {
    root_open_ = false;
  }
  // REQUIRES of the caller keeps the event's bytes, so w[i - 1] is in the window.
  const bool self_closing = role == TagRole::kEventStart && i > 0 && w[i - 1] == '/';
  if (role == TagRole::kEventEnd || self_closing) {
    in_event_ = false;
    const uint64_t event_end = base + i + 1;
    if (event_end - event_begin_ > max_event_bytes_) {
      return Emit(Make(Kind::kOverLong, event_begin_, event_end), out);
    }
    return Emit(Make(Kind::kEvent, event_begin_, event_end), out);
  }
  return false;
}

bool XmlEventSplitter::ScanUntilTerminator(const Window& win, Item& out) noexcept {
  const uint64_t base = win.base;
  const uint64_t end = win.end;
  const size_t i = static_cast<size_t>(pos_ - base);
  const std::string_view term = state_ == State::kComment ? std::string_view("-->")
                                : state_ == State::kCdata ? std::string_view("]]>")
                                                          : std::string_view("?>");
  const size_t k = win.text.find(term, i);
  if (k == std::string_view::npos) {
    // Keep the last bytes that could start the terminator.
    const uint64_t back = end - base >= term.size() - 1 ? end - (term.size() - 1) : base;
    if (back > pos_) pos_ = back;
    if (win.eof) pos_ = end;
    return Emit(OutOfText(win), out);
  }
  pos_ = base + k + term.size();
  state_ = State::kText;
  return false;
}

bool XmlEventSplitter::StepQuote(char c) noexcept {
  if (quote_ != 0) {
    if (c == quote_) quote_ = 0;
    return true;
  }
  if (c == '"' || c == '\'') {
    quote_ = c;
    return true;
  }
  return false;
}

bool XmlEventSplitter::ScanDecl(const Window& win, Item& out) noexcept {
  const size_t i = ScanTo(win, [this](char c) noexcept {
    if (StepQuote(c)) return false;
    if (c == '[') {
      ++decl_depth_;
    } else if (c == ']') {
      if (decl_depth_ > 0) --decl_depth_;
    } else if (c == '>' || c == '<') {
      return decl_depth_ == 0;
    }
    return false;
  });
  if (i >= win.text.size()) {
    pos_ = win.end;
    return Emit(OutOfText(win), out);
  }
  state_ = State::kText;
  pos_ = win.base + i + (win.text[i] == '>' ? 1 : 0);
  return false;
}

}  // namespace logrx::readers
