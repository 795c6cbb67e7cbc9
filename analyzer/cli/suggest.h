// "Did you mean ...": after CLI11 rejects a command line, finds the first subcommand or
// option it does not know and the closest known name.
//
//   std::string hint = SuggestFix(app, {"scna", "x.evtx"});
//   // "unknown command 'scna'; did you mean 'scan'? (logrx --help lists the commands)"
//
// Returns "" when every word is known (the caller then prints CLI11's own message).
#ifndef LOGRX_CLI_SUGGEST_H_
#define LOGRX_CLI_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace logrx::cli {

// The direct subcommand of `app` named `name`, or nullptr (CLI11 2.1 has no no-throw lookup).
CLI::App* FindSubcommand(const CLI::App& app, const std::string& name);

std::string SuggestFix(CLI::App& app, const std::vector<std::string>& args);

// The candidate closest to `word` (edit distance, case-insensitive; a prefix counts as
// close), or "" when none is within max(2, size/3) edits.
std::string Closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_SUGGEST_H_
