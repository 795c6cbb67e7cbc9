// Placeholder until the evt reader lands; replaced by evt_reader.cc.
#include <fmt/format.h>

#include "readers/reader_factories_internal.h"

namespace logrx::readers {

Result<std::unique_ptr<EventReader>> NewEvtReader(InputFile file, const ReaderOptions& options,
                                                   DiagnosticSink&) {
  (void)file;
  return Status::Unsupported(fmt::format("{}: evt reading is not built yet", options.display_path));
}

}  // namespace logrx::readers
