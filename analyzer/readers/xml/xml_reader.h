// XmlReader: events from an XML export — `wevtutil qe <log> /f:xml` (a stream of <Event>
// elements with no root), Event Viewer "Save as XML" (<Events> root, often UTF-16) and
// python-evtx's evtx_dump output (XML 1.1, <Events> root). See docs/formats/xml.md.
//
//   Result<std::unique_ptr<EventReader>> r = NewXmlReader(std::move(file), options, sink);
//   for (Event ev; (*r)->Next(ev).ok();) Use(ev);
//
// The file is read in blocks and split into <Event> elements (readers/xml/xml_event_splitter.h);
// each element is parsed alone with pugixml, in place, in a reused buffer, so memory is
// bounded by one block plus the largest event, never by the file. An event longer than
// XmlReaderLimits::max_event_bytes (16 MiB) is reported and skipped.
//
// Every event gets where.line (1-based line of its "<Event") and where.offset (byte offset
// of that '<' in the file, BOM and UTF-16 included). A malformed event (not well-formed,
// no System/EventID, a non-numeric field, cut by the end of the file, no </Event>) goes to
// the DiagnosticSink as "<file>:<line> (event N): <reason>; skipped" and the reader goes on
// with the next <Event>. Text outside any event is reported once per run with the bytes
// skipped. A file with no <Event> at all yields a warning and no events.
// Event views (and Event::xml when ReaderOptions::render_xml) are valid until the next
// Next(). Not thread-safe.
#ifndef LOGRX_READERS_XML_XML_READER_H_
#define LOGRX_READERS_XML_XML_READER_H_

#include <cstddef>
#include <memory>

#include "core/input_file.h"
#include "readers/reader.h"

namespace logrx::readers {

struct XmlReaderLimits {
  size_t block_bytes = 256 * 1024;             // file bytes read at a time
  size_t max_event_bytes = 16 * 1024 * 1024;   // UTF-8 bytes of one <Event>…</Event>
};

// NewXmlReader (reader_factories_internal.h) with the default limits; this overload lets
// tests use tiny blocks (every boundary case) and a small event cap.
Result<std::unique_ptr<EventReader>> NewXmlReader(InputFile file, const ReaderOptions& options,
                                                  DiagnosticSink& sink,
                                                  const XmlReaderLimits& limits);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_XML_XML_READER_H_
