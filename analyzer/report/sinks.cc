#include "report/sinks.h"

namespace logrx::report {

std::optional<Format> ParseFormat(std::string_view name) noexcept {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "csv") return Format::kCsv;
  if (name == "html") return Format::kHtml;
  return std::nullopt;
}

std::unique_ptr<Sink> MakeSink(Format format, Output& out, const SinkOptions& options) {
  switch (format) {
    case Format::kText: return NewTextSink(out, options);
    case Format::kJson: return NewJsonSink(out);
    case Format::kJsonl: return NewJsonLinesSink(out);
    case Format::kCsv: return NewCsvSink(out);
    case Format::kHtml: return NewHtmlSink(out);
  }
  return NewTextSink(out, options);
}

void Replay(Sink& sink, const RunInfo& info, const std::vector<advisor::HostReport>& hosts,
            const std::vector<Diagnostic>& diagnostics, const RunStats& stats) {
  sink.Begin(info);
  for (const advisor::HostReport& h : hosts) sink.OnHost(h);
  for (const Diagnostic& d : diagnostics) sink.OnDiagnostic(d);
  sink.End(stats);
}

}  // namespace logrx::report
