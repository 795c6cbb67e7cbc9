// RecordWriter: per-record output for `logrx dump`, for events from any reader.
//
//   RecordWriter w(stdout, RecordFormat::kJsonl);
//   w.Begin(); while (reader->Next(ev).ok()) w.Write(ev, path); w.End();
//
// XML: one <Events> document; each record is the reader's own event XML when it has one
// (Event::xml, EVTX with render_xml), else XML built from the Event's fields. A record
// that is not intact is preceded by a comment naming its integrity.
// JSONL: one object per line, written in place into the output buffer (no DOM, no copy;
// event text is escaped by runs); text that is not valid UTF-8 is written as {"bytes": "<base64>"}
// instead of lossy text.
// Output is buffered and written in blocks of about 128 KiB, one write each: the writer
// switches off the stream's own buffering, so construct it before anything else writes to
// `out`. Not thread-safe.
#ifndef LOGRX_REPORT_RECORD_WRITER_H_
#define LOGRX_REPORT_RECORD_WRITER_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace logrx::report {

enum class RecordFormat : uint8_t { kXml, kJsonl };

std::string_view IntegrityName(Integrity i) noexcept;  // "ok", "checksum-mismatch", "recovered"

class RecordWriter {
 public:
  RecordWriter(std::FILE* out, RecordFormat format);
  // In memory: output accumulates until TakeBlock (Begin and End add nothing).
  explicit RecordWriter(RecordFormat format);
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;
  ~RecordWriter();

  void Begin();
  // `file` names the input (kept as given; JSONL "file").
  void Write(const Event& ev, std::string_view file);
  void End();
  // False once a write failed (closed pipe, full disk); later output is discarded.
  bool ok() const noexcept { return ok_; }
  RecordFormat format() const noexcept { return format_; }

  // Bytes rendered by an in-memory writer, in the order written.
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size = 0;
    size_t capacity = 0;
    std::string_view view() const noexcept { return {data.get(), size}; }
  };
  // In-memory writer: what was written since the last TakeBlock. The next Write starts a
  // new block (in the memory of a recycled one, if any).
  Block TakeBlock();
  // In-memory writer: `b`'s memory for a later block.
  void Recycle(Block&& b);
  // Stream writer: writes `b`'s bytes after what this writer wrote before.
  void WriteBlock(const Block& b);

  // Appends the record's JSON object (no newline) / event XML to `out`. For tests.
  static void AppendJson(const Event& ev, std::string_view file, std::string& out);
  static void AppendXml(const Event& ev, std::string& out);

  // Whether Write shows `ev.message` in `format`: not in XML when the record carries its
  // own event XML (Event::xml, written as it is). A message Write would not show need not
  // be rendered.
  static bool ShowsMessage(RecordFormat format, const Event& ev) noexcept {
    return format == RecordFormat::kJsonl || ev.xml.empty();
  }

 private:
  struct Scratch;  // reused for every record; holds the escaped file name
  // Memory for `n` more bytes at the end of the buffer (flushed first when they do not fit).
  char* Room(size_t n);
  // In memory: room for `n` more bytes after what the buffer holds.
  char* Grow(size_t n);
  void Append(std::string_view s);
  void Flush();

  std::FILE* out_;  // null: in memory
  std::unique_ptr<Scratch> scratch_;
  RecordFormat format_;
  std::unique_ptr<char[]> buf_;
  size_t size_ = 0;      // bytes of buf_ not written out yet
  size_t capacity_ = 0;  // of buf_
  std::vector<Block> spare_;  // in-memory writer: recycled blocks
  bool ok_ = true;
};

}  // namespace logrx::report

#endif  // LOGRX_REPORT_RECORD_WRITER_H_
