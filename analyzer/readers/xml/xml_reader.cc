#include "readers/xml/xml_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/utf16.h"
#include "readers/message_renderer.h"
#include "readers/reader_factories_internal.h"
#include "readers/xml_escape.h"
#include "readers/xml/xml_event.h"
#include "readers/xml/xml_event_splitter.h"
#include "readers/xml/xml_text_source.h"

namespace logrx::readers {

namespace {

uint32_t CountLines(std::string_view text) noexcept {
  return static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string SizeText(uint64_t bytes) {
  if (bytes % (1024 * 1024) == 0) return fmt::format("{} MiB", bytes / (1024 * 1024));
  return fmt::format("{} bytes", bytes);
}

class XmlReader final : public EventReader {
 public:
  XmlReader(InputFile file, const ReaderOptions& options, DiagnosticSink& sink,
            const XmlReaderLimits& limits)
      : file_(std::move(file)),
        options_(options),
        sink_(sink),
        limits_(limits),
        source_(file_, limits.block_bytes),
        splitter_(limits.max_event_bytes) {
    if (options_.display_path.empty()) options_.display_path = file_.path();
  }

  Status Next(Event& out) override;
  InputFormat format() const noexcept override { return InputFormat::kXml; }
  uint64_t bytes_consumed() const noexcept override { return source_.file_pos(); }

 private:
  struct Mark {
    uint32_t line = 1;
    uint64_t offset = 0;
  };

  Status Refill();
  // Line and file offset of a stream position at or after the last one asked for.
  Mark MarkAt(uint64_t stream_pos) noexcept;
  std::string_view WindowText(uint64_t begin, uint64_t end) const noexcept {
    return std::string_view(window_).substr(begin - window_base_, end - begin);
  }
  bool BuildEvent(const XmlEventSplitter::Item& item, Event& out);
  void ReportEvent(Severity severity, const Mark& at, uint64_t index, std::string what,
                   uint64_t bytes_dropped);
  void OpenStray(uint64_t pos);
  void CloseStray(uint64_t pos, bool at_end);

  InputFile file_;
  ReaderOptions options_;
  DiagnosticSink& sink_;
  XmlReaderLimits limits_;
  XmlTextSource source_;
  XmlEventSplitter splitter_;

  std::string window_;        // UTF-8 text from stream position window_base_
  uint64_t window_base_ = 0;
  uint64_t counted_pos_ = 0;  // MarkAt() has counted lines up to here
  Mark counted_;
  bool offset_base_set_ = false;

  bool stray_open_ = false;
  Mark stray_at_;
  uint64_t stray_after_event_ = 0;

  std::vector<char> parse_buf_;  // the event copied for in-place parsing (capacity kept)
  pugi::xml_document doc_;
  XmlEventScratch scratch_;
  std::string sanitized_;
  std::string repaired_;  // the event text after RepairXmlText (capacity kept)
  std::string message_;
  uint64_t events_read_ = 0;
  bool done_ = false;
};

XmlReader::Mark XmlReader::MarkAt(uint64_t stream_pos) noexcept {
  if (stream_pos > counted_pos_) {
    const std::string_view text = WindowText(counted_pos_, stream_pos);
    const uint64_t lines = counted_.line + uint64_t{CountLines(text)};
    counted_.line = lines > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(lines);
    counted_.offset += source_.OriginalBytes(text);
    counted_pos_ = stream_pos;
  }
  return counted_;
}

Status XmlReader::Refill() {
  uint64_t keep = std::max(splitter_.keep_from(), window_base_);
  keep = std::min<uint64_t>(keep, window_base_ + window_.size());
  (void)MarkAt(keep);  // count the lines of what is about to be dropped
  window_.erase(0, static_cast<size_t>(keep - window_base_));
  window_base_ = keep;
  LOGRX_RETURN_IF_ERROR(source_.ReadMore(window_));
  if (!offset_base_set_ && (!window_.empty() || source_.eof())) {
    // File offsets count the BOM, known once the first text is in.
    counted_.offset += source_.bom_bytes();
    offset_base_set_ = true;
  }
  return Status();
}

void XmlReader::ReportEvent(Severity severity, const Mark& at, uint64_t index, std::string what,
                            uint64_t bytes_dropped) {
  Diagnostic d;
  d.severity = severity;
  d.file = options_.display_path;
  d.offset = at.offset;
  d.line = at.line;
  d.structure = fmt::format("event {}", index);
  d.what = std::move(what);
  d.bytes_dropped = bytes_dropped;
  d.records_dropped = severity == Severity::kError && bytes_dropped != 0 ? 1 : 0;
  sink_.Report(d);
}

void XmlReader::OpenStray(uint64_t pos) {
  if (stray_open_) return;
  stray_open_ = true;
  stray_at_ = MarkAt(pos);
  stray_after_event_ = splitter_.events_started();
}

void XmlReader::CloseStray(uint64_t pos, bool at_end) {
  if (!stray_open_) return;
  stray_open_ = false;
  const Mark end = MarkAt(pos);
  const uint64_t bytes = end.offset - stray_at_.offset;
  Diagnostic d;
  d.severity = Severity::kError;
  d.file = options_.display_path;
  d.offset = stray_at_.offset;
  d.line = stray_at_.line;
  d.structure = stray_after_event_ == 0 ? std::string("before the first event")
                                        : fmt::format("after event {}", stray_after_event_);
  d.what = fmt::format("text or markup outside any <Event> element; {} bytes skipped{}", bytes,
                       at_end ? " to the end of the file" : "");
  d.bytes_dropped = bytes;
  sink_.Report(d);
}

bool XmlReader::BuildEvent(const XmlEventSplitter::Item& item, Event& out) {
  const Mark at = MarkAt(item.begin);
  std::string_view text = WindowText(item.begin, item.end);
  const uint64_t original_bytes = source_.OriginalBytes(text);

  bool sanitized = false;
  if (!IsValidUtf8(text)) {
    // pugixml passes bytes through; Event strings must be UTF-8.
    sanitized_ = SanitizeUtf8(text);
    text = sanitized_;
    sanitized = true;
  }
  // pugixml accepts undefined entities, references to NUL or ESC and raw control bytes;
  // written back verbatim they make `dump --format xml` ill-formed, and "&#0;" would cut
  // a value short. They become text, reported (docs/formats/xml.md).
  const size_t repairs = RepairXmlText(text, repaired_);
  if (repairs != 0) text = repaired_;
  if (parse_buf_.size() < text.size()) parse_buf_.resize(text.size());
  std::memcpy(parse_buf_.data(), text.data(), text.size());
  const pugi::xml_parse_result parsed =
      doc_.load_buffer_inplace(parse_buf_.data(), text.size(), kXmlEventParseOptions, pugi::encoding_utf8);
  if (!parsed) {
    const size_t err = std::min(static_cast<size_t>(parsed.offset), text.size());
    const uint64_t err_line = uint64_t{at.line} + CountLines(text.substr(0, err));
    ReportEvent(Severity::kError, at, item.index,
                fmt::format("not well-formed XML at line {}: {}; skipped", err_line,
                            parsed.description()),
                original_bytes);
    return false;
  }

  out.format = InputFormat::kXml;
  out.where = SourceLoc{options_.file_id, at.offset, at.line};
  const Status s = EventFromXml(doc_.document_element(), scratch_, out);
  if (!s.ok()) {
    ReportEvent(Severity::kError, at, item.index, fmt::format("{}; skipped", s.message()),
                original_bytes);
    return false;
  }
  if (sanitized) {
    ReportEvent(Severity::kWarning, at, item.index,
                "invalid UTF-8 bytes replaced with U+FFFD; event kept", 0);
  }
  if (repairs != 0) {
    ReportEvent(Severity::kWarning, at, item.index,
                fmt::format("{} undefined entity reference(s), reference(s) to characters XML "
                            "cannot hold, bare '&' or control byte(s) kept as text (\"&lol9;\", "
                            "\"&#0;\", \"\\x1b\"); event kept", repairs),
                0);
  }
  for (const std::string& w : scratch_.warnings) {
    ReportEvent(Severity::kWarning, at, item.index, fmt::format("{}; event kept", w), 0);
  }
  if (options_.render_xml) out.xml = text;
  if (out.message.empty() && options_.messages != nullptr) {
    message_.clear();
    const MessageOrigin origin = options_.messages->Render(out, message_);
    if (origin != MessageOrigin::kNone) {
      out.message = message_;
      out.message_origin = origin;
    }
  }
  ++events_read_;
  return true;
}

Status XmlReader::Next(Event& out) {
  if (done_) return Status::EndOfInput();
  for (;;) {
    const XmlEventSplitter::Item item = splitter_.Next(window_, window_base_, source_.eof());
    using Kind = XmlEventSplitter::Kind;
    switch (item.kind) {
      case Kind::kNeedMore: {
        if (source_.eof()) break;  // cannot happen: the splitter ends at eof
        Status s = Refill();
        if (!s.ok()) {
          done_ = true;
          return s;
        }
        continue;
      }
      case Kind::kStray:
        OpenStray(item.begin);
        continue;
      case Kind::kEvent:
        CloseStray(item.begin, false);
        if (BuildEvent(item, out)) return Status();
        continue;
      case Kind::kUnterminated: {
        CloseStray(item.begin, false);
        const Mark at = MarkAt(item.begin);
        const uint64_t bytes = source_.OriginalBytes(WindowText(item.begin, item.end));
        const Mark next = MarkAt(item.end);
        ReportEvent(Severity::kError, at, item.index,
                    fmt::format("no </Event> before the next <Event> at line {}; skipped",
                                next.line),
                    bytes);
        continue;
      }
      case Kind::kTruncated: {
        CloseStray(item.begin, false);
        const Mark at = MarkAt(item.begin);
        const uint64_t bytes = source_.OriginalBytes(WindowText(item.begin, item.end));
        ReportEvent(Severity::kError, at, item.index,
                    "the file ends inside this event (no </Event>; truncated?); skipped", bytes);
        continue;
      }
      case Kind::kOverLong: {
        CloseStray(item.begin, false);
        const Mark at = MarkAt(item.begin);
        ReportEvent(Severity::kError, at, item.index,
                    fmt::format("event is longer than the {} limit for one event; skipped up "
                                "to the next <Event>",
                                SizeText(limits_.max_event_bytes)),
                    source_.OriginalBytes(WindowText(item.begin, item.end)));
        continue;
      }
      case Kind::kRootUnclosed: {
        CloseStray(item.end, true);
        const Mark at = MarkAt(item.end);
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.file = options_.display_path;
        d.offset = at.offset;
        d.line = at.line;
        d.structure = fmt::format("after event {}", item.index);
        d.what =
            "the file ends before the </Events> that closes its root; the export may be cut "
            "after its last complete event";
        sink_.Report(d);
        continue;
      }
      case Kind::kEnd:
        break;
    }
    break;
  }
  CloseStray(window_base_ + window_.size(), true);
  if (splitter_.events_started() == 0) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.file = options_.display_path;
    d.what = "no <Event> elements found; not an event log export?";
    sink_.Report(d);
  }
  if (source_.file_pos() != file_.size()) {
    // The file changed size while it was read: a shorter file lost its end, a longer
    // one (a live log) had events appended; either way the result is not the file as
    // it was opened.
    Diagnostic d;
    d.severity = Severity::kError;
    d.file = options_.display_path;
    d.offset = source_.file_pos();
    d.structure = "file";
    d.what = source_.file_pos() < file_.size()
                 ? fmt::format("the file shrank while being read: {} bytes when opened, {} read",
                               file_.size(), source_.file_pos())
                 : fmt::format("the file grew while being read: {} bytes when opened, {} read "
                               "(the appended events were read too)",
                               file_.size(), source_.file_pos());
    sink_.Report(d);
  }
  done_ = true;
  return Status::EndOfInput();
}

}  // namespace

Result<std::unique_ptr<EventReader>> NewXmlReader(InputFile file, const ReaderOptions& options,
                                                  DiagnosticSink& sink,
                                                  const XmlReaderLimits& limits) {
  XmlReaderLimits l = limits;
  if (l.block_bytes == 0) l.block_bytes = 1;
  return std::unique_ptr<EventReader>(new XmlReader(std::move(file), options, sink, l));
}

Result<std::unique_ptr<EventReader>> NewXmlReader(InputFile file, const ReaderOptions& options,
                                                  DiagnosticSink& sink) {
  return NewXmlReader(std::move(file), options, sink, XmlReaderLimits{});
}

}  // namespace logrx::readers
