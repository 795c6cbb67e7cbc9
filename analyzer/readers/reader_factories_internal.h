// Per-format reader constructors, called only by OpenEventFile (readers/reader.cc).
// Each takes an opened file and returns a reader positioned before the first event.
#ifndef LOGRX_READERS_READER_FACTORIES_INTERNAL_H_
#define LOGRX_READERS_READER_FACTORIES_INTERNAL_H_

#include <memory>

#include "core/input_file.h"
#include "readers/reader.h"

namespace logrx::readers {

Result<std::unique_ptr<EventReader>> NewEvtxReader(InputFile file, const ReaderOptions& options,
                                                   DiagnosticSink& sink);
Result<std::unique_ptr<EventReader>> NewEvtReader(InputFile file, const ReaderOptions& options,
                                                  DiagnosticSink& sink);
Result<std::unique_ptr<EventReader>> NewXmlReader(InputFile file, const ReaderOptions& options,
                                                  DiagnosticSink& sink);
Result<std::unique_ptr<EventReader>> NewTextExportReader(InputFile file,
                                                         const ReaderOptions& options,
                                                         DiagnosticSink& sink);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_READER_FACTORIES_INTERNAL_H_
