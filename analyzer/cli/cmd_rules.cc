// Placeholder for `logrx rules`; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace logrx::cli {

void AddRulesCommand(CLI::App& app, GlobalOptions&, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("rules", "(not built yet)");
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "logrx rules: not built yet\n");
    exit_code = kExitUsage;
  });
}

}  // namespace logrx::cli
