#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "core/input_file.h"
#include "readers/reader.h"
#include "readers/reader_factories_internal.h"
#include "readers/text/text_export_reader.h"

namespace logrx::readers {

namespace {

bool StartsWith(std::span<const std::byte> b, std::string_view s) {
  if (b.size() < s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::to_integer<char>(b[i]) != s[i]) return false;
  }
  return true;
}

std::string LowerExtension(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// First non-blank character of a UTF-8 or UTF-16 (with BOM) text.
char FirstTextChar(std::span<const std::byte> b) {
  size_t i = 0;
  size_t step = 1;
  if (StartsWith(b, "\xEF\xBB\xBF")) {
    i = 3;
  } else if (StartsWith(b, "\xFF\xFE")) {
    i = 2;
    step = 2;
  } else if (StartsWith(b, "\xFE\xFF")) {
    i = 3;  // big-endian: the low byte of each unit comes second
    step = 2;
  }
  for (; i < b.size(); i += step) {
    const char c = std::to_integer<char>(b[i]);
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  }
  return '\0';
}

}  // namespace

InputFormat DetectFormat(std::span<const std::byte> head, std::string_view path) noexcept {
  if (StartsWith(head, std::string_view("ElfFile\0", 8))) return InputFormat::kEvtx;
  if (head.size() >= 8 && StartsWith(head.subspan(4), "LfLe")) return InputFormat::kEvt;
  const std::string ext = LowerExtension(path);
  // A damaged EVTX/EVT whose header is gone is still worth a chunk/record scan.
  if (ext == "evtx") return InputFormat::kEvtx;
  if (ext == "evt") return InputFormat::kEvt;
  if (FirstTextChar(head) == '<') return InputFormat::kXml;
  // A .txt/.csv is only an event log when its first line looks like an Event Viewer export.
  if ((ext == "txt" || ext == "csv" || ext == "tsv") && LooksLikeTextExport(head)) {
    return InputFormat::kText;
  }
  return InputFormat::kUnknown;
}

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
