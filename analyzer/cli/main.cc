// logrx command line: flags -> plain options -> wiring of the stages. The only place that
// reads argv, the environment or isatty, and the only place exceptions (CLI11's) are caught.
#include <cstdio>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"logrx: Windows event log analyzer and remediation advisor"};
  app.require_subcommand(1);
  app.add_subcommand("scan", "scan event log exports (files or folders) and advise");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  std::fprintf(stderr, "logrx: not implemented yet\n");
  return 2;
}
