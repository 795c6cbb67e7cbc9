// Subcommands of the logrx CLI, one file each (cli/cmd_<name>.cc), registered by main.cc.
// Each Add*Command adds its subcommand with every flag documented and sets a callback
// that stores the process exit code in `exit_code` (see ExitCode).
#ifndef LOGRX_CLI_COMMANDS_H_
#define LOGRX_CLI_COMMANDS_H_

#include <string>

#include <CLI/CLI.hpp>

namespace logrx::cli {

// Stable, documented in --help and README (the linters' convention).
enum ExitCode : int {
  kExitOk = 0,        // done, nothing to act on
  kExitFindings = 1,  // findings that need action
  kExitUsage = 2,     // usage, rule or KB error
  kExitInput = 3,     // some input was unreadable or damaged; results are partial
};

// Options every subcommand shares (set on the top-level app).
struct GlobalOptions {
  std::string color = "auto";  // auto|always|never
  bool quiet = false;          // no progress, no notes on stderr
  std::string rules_dir;       // default: cli/data_dir.h (source tree, install, ./rules)
  std::string kb_dir;          // default: cli/data_dir.h (source tree, install, ./kb)
  bool details = false;        // scan/merge text report: every host in full
  size_t width = 0;            // scan/merge text report: columns (0: terminal or 100)
};

void AddScanCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddDumpCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddRulesCommand(CLI::App& app, GlobalOptions& g, int& exit_code);  // rules check|test
void AddKbCommand(CLI::App& app, GlobalOptions& g, int& exit_code);     // kb check
void AddExplainCommand(CLI::App& app, GlobalOptions& g, int& exit_code);
void AddMergeCommand(CLI::App& app, GlobalOptions& g, int& exit_code);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_COMMANDS_H_
