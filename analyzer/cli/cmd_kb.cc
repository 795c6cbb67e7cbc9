// Placeholder for `logrx kb`; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace logrx::cli {

void AddKbCommand(CLI::App& app, GlobalOptions&, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("kb", "(not built yet)");
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "logrx kb: not built yet\n");
    exit_code = kExitUsage;
  });
}

}  // namespace logrx::cli
