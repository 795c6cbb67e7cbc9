// TextExportReader: Event Viewer "Save Log File As" text exports of NT 4.0 / 2000 / 2003
// (tab- or comma-separated: Date, Time, Type, User, Computer, Source, Category, Event,
// Description) as Events. docs/formats/text-export.md has the column orders, the date
// rule (M/D or D/M decided per file) and how local times are treated (read as UTC, with a
// note).
//
//   auto r = NewTextExportReaderFromBytes(bytes, opts, diags);   // decoded at once
//   Event ev; while ((*r)->Next(ev).ok()) Use(ev.message);   // MessageOrigin::kExport
//
// UTF-8 (BOM optional), UTF-16LE with BOM, or Windows-1252 when not valid UTF-8. A line
// that cannot be read is reported (file:line, why) and skipped. Events are views valid
// until the next Next(). Not thread-safe. The whole file is parsed when opened (exports are
// small); over 256 MiB fails with kLimit.
#ifndef LOGRX_READERS_TEXT_TEXT_EXPORT_READER_H_
#define LOGRX_READERS_TEXT_TEXT_EXPORT_READER_H_

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"
#include "readers/reader.h"

namespace logrx::readers {

inline constexpr uint64_t kTextExportMaxFileSize = 256ull << 20;

Result<std::unique_ptr<EventReader>> NewTextExportReaderFromBytes(
    const std::vector<std::byte>& bytes, const ReaderOptions& options, DiagnosticSink& sink);

// True when the first bytes of a file look like an Event Viewer text export: a header
// line naming Date and Event (or Source) columns, or a first line of at least 8 tab- or
// comma-separated fields starting with a date. Used by DetectFormat.
bool LooksLikeTextExport(std::span<const std::byte> head) noexcept;

}  // namespace logrx::readers

#endif  // LOGRX_READERS_TEXT_TEXT_EXPORT_READER_H_
