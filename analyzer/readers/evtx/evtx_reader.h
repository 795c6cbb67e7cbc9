// EVTX reader: every record of a Windows XML Event Log file, chunk by chunk, with damage
// reported and reading going on (docs/formats/evtx.md).
//
//   auto r = NewEvtxReaderFromMemory(bytes, ReaderOptions{}, sink);   // tests, fuzzing
//   Event ev; while ((*r)->Next(ev).ok()) Use(ev);                    // OpenEventFile for files
//
// Memory does not grow with the file: one 64 KiB chunk per worker plus that chunk's
// decoded events. Chunks past the header's chunk count are read (dirty files), zero-filled
// chunks are skipped, chunks with a bad magic are reported (and carved with `recover`).
// With options.jobs > 1, chunks decode on worker threads; events still come out in file
// order and diagnostics in the same order as with one job. Event views are valid until
// the next Next(). The reader itself is not thread-safe.
#ifndef LOGRX_READERS_EVTX_EVTX_READER_H_
#define LOGRX_READERS_EVTX_EVTX_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/reader.h"

namespace logrx::readers {

// Where the reader's bytes come from. ReadAt must be thread-safe (jobs > 1).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const noexcept = 0;
  // Reads up to out.size() bytes at `offset`; short only at the end.
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) const = 0;
};

// `data` must outlive the reader.
Result<std::unique_ptr<EventReader>> NewEvtxReaderFromMemory(std::span<const std::byte> data,
                                                             const ReaderOptions& options,
                                                             DiagnosticSink& sink);
Result<std::unique_ptr<EventReader>> NewEvtxReaderFromSource(std::unique_ptr<ByteSource> source,
                                                             const ReaderOptions& options,
                                                             DiagnosticSink& sink);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVTX_EVTX_READER_H_
