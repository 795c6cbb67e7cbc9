// Whole-file readers (EVT, text exports) read a file at once, up to a size limit; a file
// that changes size while it is read (a live log being appended to, a file truncated or
// replaced) must not pass for a complete one. This reads and reports it.
//
//   Result<std::vector<std::byte>> bytes =
//       ReadWholeInput(file, kEvtMaxFileSize, "EVT", options, sink);  // kLimit if larger
//
// Thread-safe as InputFile::ReadAt is.
#ifndef LOGRX_READERS_SIZE_CHECK_H_
#define LOGRX_READERS_SIZE_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/reader.h"

namespace logrx::readers {

// `got`: bytes read from offset 0 for a file that was file.size() bytes when opened.
// Reports an error when got < size (it shrank: only `got` bytes are read) or when bytes
// exist past size (it grew: the appended part is not read). Returns true if it reported.
bool ReportSizeChange(const InputFile& file, uint64_t got, const ReaderOptions& options,
                      DiagnosticSink& sink);

// kLimit "<display path>: <size> bytes is larger than the <format> limit of <limit> bytes"
// when size > limit, else OK.
Status CheckSizeLimit(uint64_t size, uint64_t limit, std::string_view format,
                      const ReaderOptions& options);

// The whole of `file` (CheckSizeLimit first; the OS's error if the read fails), with
// ReportSizeChange's error in `sink` when the file shrank or grew while read.
Result<std::vector<std::byte>> ReadWholeInput(const InputFile& file, uint64_t limit,
                                              std::string_view format,
                                              const ReaderOptions& options, DiagnosticSink& sink);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_SIZE_CHECK_H_
