// `logrx merge a.json b.json ...`: combine the JSON results of `logrx scan --shard K/N`
// (or of any disjoint runs) into the report a single run gives, in any format.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/diag_print.h"
#include "cli/run_output.h"
#include "core/input_file.h"
#include "report/json_model.h"
#include "report/merge.h"

namespace logrx::cli {

namespace {

struct MergeFlags {
  std::vector<std::string> files;
  std::string format = "text";
  std::string output;
};

int RunMerge(const MergeFlags& f, const GlobalOptions& g) {
  const OutputRequest req = MakeOutputRequest(f.format, f.output, g);
  ReportFile out;
  if (!OpenRunOutput(req, "logrx merge", out).ok()) return kExitUsage;
  std::vector<report::RunDocument> parts;
  for (const std::string& path : f.files) {
    Result<std::string> text = ReadWholeFileAsString(path, report::kMaxMergePartBytes);
    if (!text.ok()) {
      PrintError("logrx merge", text.status().ToString());
      return kExitUsage;
    }
    // nlohmann's parser recurses: a deeply nested part is refused before it parses.
    if (Status s = report::CheckJsonDepth(*text, report::kMaxMergeDepth, path); !s.ok()) {
      PrintError("logrx merge", s.message());
      return kExitUsage;
    }
    Result<report::RunDocument> doc = report::ParseRunDocument(*text, path);
    if (!doc.ok()) {
      PrintError("logrx merge", doc.status().message());
      return kExitUsage;
    }
    parts.push_back(std::move(*doc));
  }
  if (Status s = report::CheckParts(parts, f.files); !s.ok()) {
    PrintError("logrx merge", s.message());
    return kExitUsage;
  }
  report::RunDocument all = report::MergeRuns(std::move(parts), f.files);
  return WriteRunExitCode(req, out, all);
}

}  // namespace

void AddMergeCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* cmd = AddRunCommand(
      app, "merge", "Combine JSON results of `logrx scan --format json` (e.g. shards) into one report",
      flags->format, flags->output);
  cmd->add_option("files", flags->files, "JSON files written by `logrx scan --format json`")
      ->required();
  cmd->footer(
      "Examples:\n"
      "  logrx scan fleet/ --shard 1/2 --format json -o s1.json\n"
      "  logrx scan fleet/ --shard 2/2 --format json -o s2.json\n"
      "  logrx merge s1.json s2.json --format html -o fleet.html\n"
      "The merged report equals the one `logrx scan fleet/` gives (files are united by path,\n"
      "hosts sorted, totals recomputed). The parts must be the shards of one run: each K of\n"
      "1..N exactly once, with the same N, inputs, logrx version, rules and KB (a single part\n"
      "is re-rendered as is). Exit codes as for scan; 2 if a part is not logrx JSON (or nested\n"
      "deeper than 64 levels, or over 1 GiB, or has a negative count), a shard is missing or\n"
      "repeated, or the parts disagree (the message names the part).");
  cmd->callback([flags, &g, &exit_code] { exit_code = RunMerge(*flags, g); });
}

}  // namespace logrx::cli
