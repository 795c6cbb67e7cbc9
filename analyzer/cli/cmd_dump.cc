// Placeholder for `logrx dump`; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace logrx::cli {

void AddDumpCommand(CLI::App& app, GlobalOptions&, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("dump", "(not built yet)");
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "logrx dump: not built yet\n");
    exit_code = kExitUsage;
  });
}

}  // namespace logrx::cli
