// Placeholder until the xml reader lands; replaced by xml_reader.cc.
#include <fmt/format.h>

#include "readers/reader_factories_internal.h"

namespace logrx::readers {

Result<std::unique_ptr<EventReader>> NewXmlReader(InputFile file, const ReaderOptions& options,
                                                   DiagnosticSink&) {
  (void)file;
  return Status::Unsupported(fmt::format("{}: xml reading is not built yet", options.display_path));
}

}  // namespace logrx::readers
