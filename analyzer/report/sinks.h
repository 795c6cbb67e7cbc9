// The report sinks, one per output format, and the format names the CLI accepts.
//
//   Output out(stdout);
//   std::unique_ptr<Sink> sink = MakeSink(Format::kText, out, SinkOptions{.color = false});
//   Replay(*sink, info, hosts, diagnostics, stats);     // Begin, OnHost..., OnDiagnostic..., End
//
// Formats (docs/output.md): text (people), json (one document, schema_version 1), jsonl
// (one {"type","data"} object a line, for SIEMs), csv (one row per host finding), html
// (one self-contained file). Every string that came from an input file is escaped for the
// format (report/escape.h). A sink writes only to its Output; it is not thread-safe.
#ifndef LOGRX_REPORT_SINKS_H_
#define LOGRX_REPORT_SINKS_H_

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "report/output.h"
#include "report/sink.h"

namespace logrx::report {

enum class Format : uint8_t { kText, kJson, kJsonl, kCsv, kHtml };

// "text" | "json" | "jsonl" | "csv" | "html"; nullopt otherwise.
std::optional<Format> ParseFormat(std::string_view name) noexcept;

// How much the text report shows (the CLI maps -q and --details to it).
enum class TextDetail : uint8_t {
  kSummary,  // -q: the fleet summary (first screen) and the totals line only
  kDefault,  // summary, then details of the hosts that need action or are unknown
  kAll,      // --details: every host in full, why-this-cause per finding, every check reason
};

struct SinkOptions {
  bool color = false;  // text only: ANSI colours (the CLI decides: --color, TTY, NO_COLOR)
  size_t width = 100;  // text only: columns to wrap at (the CLI decides: terminal width or 100)
  TextDetail detail = TextDetail::kDefault;  // text only
};

// `out` must outlive the sink. Output is complete after End().
std::unique_ptr<Sink> MakeSink(Format format, Output& out, const SinkOptions& options);

std::unique_ptr<Sink> NewTextSink(Output& out, const SinkOptions& options);
std::unique_ptr<Sink> NewJsonSink(Output& out);
std::unique_ptr<Sink> NewJsonLinesSink(Output& out);
std::unique_ptr<Sink> NewCsvSink(Output& out);
std::unique_ptr<Sink> NewHtmlSink(Output& out);

// Drives a sink with a finished run: Begin, OnHost per host (in the given order),
// OnDiagnostic per diagnostic, End.
void Replay(Sink& sink, const RunInfo& info, const std::vector<advisor::HostReport>& hosts,
            const std::vector<Diagnostic>& diagnostics, const RunStats& stats);

}  // namespace logrx::report

#endif  // LOGRX_REPORT_SINKS_H_
