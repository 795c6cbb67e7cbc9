// EvtReader: legacy .evt event logs (NT 3.1 to Server 2003) as Events, including logs
// that wrapped around, dirty headers and damaged records (docs/formats/evt.md).
//
//   Result<std::unique_ptr<EventReader>> r = NewEvtReaderFromBytes(std::move(bytes), opts, diags);
//   Event ev; while ((*r)->Next(ev).ok()) Use(ev);   // ev.provider == "ClusSvc", ...
//
// Reads the live records from the oldest (header start offset) through the end-of-file
// record, continuing past the end of the file at offset 0x30; with options.recover it then
// carves records from the unused space (Integrity::kRecovered). Every skipped byte range
// is reported to the sink with its offset, length and reason. Events are views valid until
// the next Next(). Not thread-safe. The whole file is held in memory (EVT offsets are 32
// bits and real logs are at most a few hundred MB; files over 1 GiB fail with kLimit).
#ifndef LOGRX_READERS_EVT_EVT_READER_H_
#define LOGRX_READERS_EVT_EVT_READER_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"
#include "readers/reader.h"

namespace logrx::readers {

inline constexpr uint64_t kEvtMaxFileSize = 1ull << 30;

// Never fails for damaged content (an empty or headerless file yields no or scanned
// events plus diagnostics); kLimit for inputs over kEvtMaxFileSize.
Result<std::unique_ptr<EventReader>> NewEvtReaderFromBytes(std::vector<std::byte> bytes,
                                                           const ReaderOptions& options,
                                                           DiagnosticSink& sink);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVT_EVT_READER_H_
