// Placeholder until the evtx reader lands; replaced by evtx_reader.cc.
#include <fmt/format.h>

#include "readers/reader_factories_internal.h"

namespace logrx::readers {

Result<std::unique_ptr<EventReader>> NewEvtxReader(InputFile file, const ReaderOptions& options,
                                                   DiagnosticSink&) {
  (void)file;
  return Status::Unsupported(fmt::format("{}: evtx reading is not built yet", options.display_path));
}

}  // namespace logrx::readers
