// EventReader: pulls Events out of one input file, whatever its format.
//
//   CollectingSink diags;
//   Result<std::unique_ptr<EventReader>> r = OpenEventFile(path, ReaderOptions{}, diags);
//   Event ev;
//   for (Status s; (s = (*r)->Next(ev)).ok();) Use(ev);   // s.end() at the end
//
// Readers know nothing of rules or output. Damage is reported to the DiagnosticSink and
// reading goes on at the smallest unit (record, chunk, event element). Next() returns:
//   OK           `out` holds the next event (a view, valid until the next call);
//   end()        no more events;
//   other        a fatal error (the file became unreadable); no further events.
// A reader is not thread-safe; use one per thread. The sink must outlive the reader.
#ifndef LOGRX_READERS_READER_H_
#define LOGRX_READERS_READER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/status.h"
#include "readers/format_sniff.h"

namespace logrx::readers {

class MessageRenderer;   // readers/message_renderer.h
class UnitEventReader;   // readers/unit_reader.h

struct ReaderOptions {
  uint32_t file_id = 0;         // copied into Event::where.file_id
  std::string display_path;     // path used in diagnostics; defaults to the opened path
  bool render_xml = false;      // fill Event::xml (dump); off for scans (faster)
  // Off (with render_xml): only the Event's XML, record id, integrity and place are
  // meaningful; EVTX skips capturing the other System fields, the data and RenderingInfo
  // (some may still be set). For a caller that writes only the XML (dump --format xml).
  // Other readers fill every field regardless.
  bool event_fields = true;
  bool recover = false;         // also carve records from slack / unallocated space
  bool strict = false;          // drop records whose checksums do not match
  // Renders a message for events that carry none (EVT, EVTX without RenderingInfo).
  // May be null. Not owned; must outlive the reader; must be thread-safe for reading.
  const MessageRenderer* messages = nullptr;
  // Cooperative cancellation (Ctrl-C): when it becomes true, Next() returns a kCancelled
  // Status soon (EVTX: before the next record is decoded; a record's work is bounded, see
  // docs/limits.md). May be null. Not owned; must outlive the reader.
  const std::atomic<bool>* cancel = nullptr;
};

class EventReader {
 public:
  virtual ~EventReader() = default;
  [[nodiscard]] virtual Status Next(Event& out) = 0;
  virtual InputFormat format() const noexcept = 0;
  // Bytes of the input consumed so far (for progress); at most the file size.
  virtual uint64_t bytes_consumed() const noexcept = 0;
  // Non-null when the input splits into units that may be decoded on several threads
  // (EVTX chunks; see readers/unit_reader.h). Owned by this reader.
  virtual UnitEventReader* unit_reader() noexcept { return nullptr; }
};

// Opens `path`, detects its format (readers/format_sniff.h) and returns a reader. kUnsupported for a file that is
// not an event log (the caller reports it and goes on); kIo if it cannot be read.
Result<std::unique_ptr<EventReader>> OpenEventFile(const std::string& path,
                                                   const ReaderOptions& options,
                                                   DiagnosticSink& sink);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_READER_H_
