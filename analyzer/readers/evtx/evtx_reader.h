// EVTX reader: every record of a Windows XML Event Log file, chunk by chunk, with damage
// reported and reading going on (docs/formats/evtx.md).
//
//   auto r = NewEvtxReaderFromMemory(bytes, ReaderOptions{}, sink);   // tests, fuzzing
//   Event ev; while ((*r)->Next(ev).ok()) Use(ev);                    // OpenEventFile for files
//
// Memory does not grow with the file: one 64 KiB chunk plus its decoded events. Chunks
// past the header's chunk count are read (dirty files), zero-filled chunks are skipped,
// chunks with a bad magic are reported (and carved with `recover`). The reader is a
// UnitEventReader whose units are the file's chunk slots (readers/unit_reader.h): it owns
// no threads, but a caller may decode chunks ahead on its own (fleet/ordered_units.h);
// events and diagnostics come out in the same order either way. Event views are valid
// until the next Next(). The reader itself is not thread-safe.
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

// Where the reader's bytes come from. ReadAt must be thread-safe (chunks may be decoded
// on several threads).
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
