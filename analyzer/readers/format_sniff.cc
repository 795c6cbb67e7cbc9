#include "readers/format_sniff.h"

#include <algorithm>
#include <iterator>

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

bool IsEvtxMagic(std::span<const std::byte> head) {
  return StartsWith(head, std::string_view("ElfFile\0", 8));
}

bool IsEvtMagic(std::span<const std::byte> head) {
  return head.size() >= 8 && StartsWith(head.subspan(4), "LfLe");
}

}  // namespace

std::string LowerExtension(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext;
}

bool HasBinaryLogMagic(std::span<const std::byte> head) noexcept {
  return IsEvtxMagic(head) || IsEvtMagic(head);
}

bool HasEventLogExtension(std::string_view path) {
  static constexpr std::string_view kLogExtensions[] = {"evtx", "evt", "xml", "txt", "csv", "tsv"};
  const std::string ext = LowerExtension(path);
  return std::find(std::begin(kLogExtensions), std::end(kLogExtensions), ext) !=
         std::end(kLogExtensions);
}

InputFormat DetectFormat(std::span<const std::byte> head, std::string_view path) noexcept {
  if (IsEvtxMagic(head)) return InputFormat::kEvtx;
  if (IsEvtMagic(head)) return InputFormat::kEvt;
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

}  // namespace logrx::readers
