// Placeholder for `logrx merge`; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace logrx::cli {

void AddMergeCommand(CLI::App& app, GlobalOptions&, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("merge", "(not built yet)");
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "logrx merge: not built yet\n");
    exit_code = kExitUsage;
  });
}

}  // namespace logrx::cli
