#include "readers/size_check.h"

#include <cstddef>
#include <span>

#include <fmt/format.h>

namespace logrx::readers {

bool ReportSizeChange(const InputFile& file, uint64_t got, const ReaderOptions& options,
                      DiagnosticSink& sink) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.file = options.display_path.empty() ? file.path() : options.display_path;
  d.structure = "file";
  if (got < file.size()) {
    d.offset = got;
    d.what = fmt::format("the file shrank while being read: {} bytes when opened, {} read; "
                         "the records in the first {} bytes are read, the rest is lost",
                         file.size(), got, got);
    d.bytes_dropped = file.size() - got;
    sink.Report(d);
    return true;
  }
  std::byte probe[1];
  Result<size_t> more = file.ReadAt(file.size(), std::span<std::byte>(probe, 1));
  if (more.ok() && *more != 0) {
    d.offset = file.size();
    d.what = fmt::format("the file grew while being read ({} bytes when opened); what was "
                         "appended after that was not read",
                         file.size());
    sink.Report(d);
    return true;
  }
  return false;
}

Status CheckSizeLimit(uint64_t size, uint64_t limit, std::string_view format,
                      const ReaderOptions& options) {
  if (size <= limit) return Status::Ok();
  return Status::Limit(fmt::format("{}: {} bytes is larger than the {} limit of {} bytes",
                                   options.display_path, size, format, limit));
}

Result<std::vector<std::byte>> ReadWholeInput(const InputFile& file, uint64_t limit,
                                              std::string_view format,
                                              const ReaderOptions& options, DiagnosticSink& sink) {
  LOGRX_RETURN_IF_ERROR(CheckSizeLimit(file.size(), limit, format, options));
  std::vector<std::byte> bytes(file.size());
  Result<size_t> got = file.ReadAt(0, bytes);
  if (!got.ok()) return got.status();
  bytes.resize(*got);
  ReportSizeChange(file, *got, options, sink);
  return bytes;
}

}  // namespace logrx::readers
