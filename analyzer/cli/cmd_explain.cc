// Placeholder for `logrx explain`; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace logrx::cli {

void AddExplainCommand(CLI::App& app, GlobalOptions&, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("explain", "(not built yet)");
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "logrx explain: not built yet\n");
    exit_code = kExitUsage;
  });
}

}  // namespace logrx::cli
