// Placeholder until the text_export reader lands; replaced by text_export_reader.cc.
#include <fmt/format.h>

#include "readers/reader_factories_internal.h"

namespace logrx::readers {

Result<std::unique_ptr<EventReader>> NewTextExportReader(InputFile file, const ReaderOptions& options,
                                                   DiagnosticSink&) {
  (void)file;
  return Status::Unsupported(fmt::format("{}: text_export reading is not built yet", options.display_path));
}

}  // namespace logrx::readers
