// Placeholder for `logrx scan`; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace logrx::cli {

void AddScanCommand(CLI::App& app, GlobalOptions&, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("scan", "(not built yet)");
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "logrx scan: not built yet\n");
    exit_code = kExitUsage;
  });
}

}  // namespace logrx::cli
