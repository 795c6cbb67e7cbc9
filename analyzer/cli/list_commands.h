// `logrx kb list` and `logrx rules list`: one line per article / rule (id, title, what it
// covers), deterministic, on stdout. Registered by main.cc under the existing `kb` and
// `rules` subcommands.
#ifndef LOGRX_CLI_LIST_COMMANDS_H_
#define LOGRX_CLI_LIST_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace logrx::cli {

void AddKbListCommand(CLI::App& kb, GlobalOptions& g, int& exit_code);
void AddRulesListCommand(CLI::App& rules, GlobalOptions& g, int& exit_code);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_LIST_COMMANDS_H_
