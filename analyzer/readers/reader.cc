#include <string>

#include <fmt/format.h>

#include "core/input_file.h"
#include "readers/reader.h"
#include "readers/reader_factories_internal.h"
#include "readers/text/text_export_reader.h"

namespace logrx::readers {

Result<std::unique_ptr<EventReader>> OpenEventFile(const std::string& path,
                                                   const ReaderOptions& options,
                                                   DiagnosticSink& sink) {
  Result<InputFile> file = InputFile::Open(path);
  if (!file.ok()) return file.status();
  std::byte head[512];
  Result<size_t> got = file->ReadAt(0, head);
  if (!got.ok()) return got.status();
  ReaderOptions opts = options;
  if (opts.display_path.empty()) opts.display_path = path;
  switch (DetectFormat(std::span<const std::byte>(head, *got), path)) {
    case InputFormat::kEvtx: return NewEvtxReader(std::move(*file), opts, sink);
    case InputFormat::kEvt: return NewEvtReader(std::move(*file), opts, sink);
    case InputFormat::kXml: return NewXmlReader(std::move(*file), opts, sink);
    case InputFormat::kText: return NewTextExportReader(std::move(*file), opts, sink);
    case InputFormat::kUnknown: break;
  }
  return Status::Unsupported(fmt::format("{}: not an event log (no EVTX, EVT, XML or text export signature)", opts.display_path));
}

}  // namespace logrx::readers
