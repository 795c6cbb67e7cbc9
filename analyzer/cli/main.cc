// logrx command line: flags -> plain options -> wiring of the stages. The only place that
// reads argv, the environment or isatty, and the only place exceptions (CLI11's) are caught.
#include <csignal>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/report_file.h"
#include "cli/run_output.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  using namespace logrx::cli;
  // A closed pipe (logrx scan ... | head) ends the run quietly: writes then fail with EPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"logrx: Windows event log analyzer and remediation advisor"};
  app.require_subcommand(1);
  app.set_version_flag("-V,--version", VersionText());
  app.footer(
      "Exit codes: 0 nothing to act on, 1 findings need action, 2 usage/rule/KB error,\n"
      "            3 some input unreadable or damaged (results partial).\n"
      "Docs: README.md and docs/ (rules.md, kb.md, output.md, limits.md, formats/).\n");
  GlobalOptions g;
  int exit_code = kExitOk;
  app.add_option("--color", g.color, "colour: auto (terminal, NO_COLOR unset), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", g.quiet, "no progress or notes on stderr");
  app.add_option("--rules", g.rules_dir, "rules folder or file (default: the source tree's or the install's rules/)");
  app.add_option("--kb", g.kb_dir, "knowledge base folder (default: the source tree's or the install's kb/)");
  AddScanCommand(app, g, exit_code);
  AddDumpCommand(app, g, exit_code);
  AddRulesCommand(app, g, exit_code);
  AddKbCommand(app, g, exit_code);
  AddExplainCommand(app, g, exit_code);
  AddMergeCommand(app, g, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  // Every command's stdout is checked here, once: a failed write (/dev/full, a full disk)
  // is exit 2, whatever the command (cli/report_file.h).
  return FinishStdout(exit_code);
}
