// The JSON model of a run: the one adapter over nlohmann-json that the JSON and JSON
// Lines sinks write with and `logrx merge` reads back with (docs/output.md, schema 1).
//
//   nlohmann::ordered_json j = HostToJson(host, info.files);
//   std::string text = DumpJson(j, 2);       // never throws: bad UTF-8 becomes U+FFFD
//
// Writing never throws (dump uses error_handler_t::replace); reading parses with
// allow_exceptions=false and returns a Status naming the file and the bad member.
// Pure functions; thread-safe.
#ifndef LOGRX_REPORT_JSON_MODEL_H_
#define LOGRX_REPORT_JSON_MODEL_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "advisor/host_report.h"
#include "core/diagnostic.h"
#include "core/status.h"
#include "report/fleet_summary.h"
#include "report/sink.h"

namespace logrx::report {

// `files` resolves evidence file ids to paths ("file": "samples/a.xml").
nlohmann::ordered_json HostToJson(const advisor::HostReport& host, const std::vector<FileEntry>& files);
nlohmann::ordered_json FindingToJson(const advisor::Finding& f, const std::vector<FileEntry>& files);
nlohmann::ordered_json DiagnosticToJson(const Diagnostic& d);
nlohmann::ordered_json FileToJson(const FileEntry& f);
nlohmann::ordered_json StatsToJson(const RunStats& s);
nlohmann::ordered_json RunInfoToJson(const RunInfo& info);  // tool, inputs, shard (not files)
nlohmann::ordered_json FleetToJson(const FleetSummary& fleet);

// Compact when indent < 0. Invalid UTF-8 is replaced, never thrown.
std::string DumpJson(const nlohmann::ordered_json& j, int indent);

// Parses one `--format json` document. Evidence file paths are resolved against the document's own
// "files" table. Fails with "a.json: not logrx JSON (schema_version 2, want 1)" etc.
Result<RunDocument> ParseRunDocument(std::string_view text, std::string_view display_name);

}  // namespace logrx::report

#endif  // LOGRX_REPORT_JSON_MODEL_H_
