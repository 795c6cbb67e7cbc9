// Whole-file readers (EVT, text exports) read a file at once; a file that changes size
// while it is read (a live log being appended to, a file truncated or replaced) must not
// pass for a complete one. This reports it.
//
//   Result<size_t> got = file.ReadAt(0, bytes);
//   ReportSizeChange(file, *got, options, sink);   // error if shorter or longer now
//
// Thread-safe as InputFile::ReadAt is.
#ifndef LOGRX_READERS_SIZE_CHECK_H_
#define LOGRX_READERS_SIZE_CHECK_H_

#include <cstdint>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/reader.h"

namespace logrx::readers {

// `got`: bytes read from offset 0 for a file that was file.size() bytes when opened.
// Reports an error when got < size (it shrank: only `got` bytes are read) or when bytes
// exist past size (it grew: the appended part is not read). Returns true if it reported.
bool ReportSizeChange(const InputFile& file, uint64_t got, const ReaderOptions& options,
                      DiagnosticSink& sink);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_SIZE_CHECK_H_
