// logrx command line: flags -> plain options -> wiring of the stages. The only place that
// reads argv, the environment or isatty, and the only place exceptions (CLI11's) are caught.
//
// Global options (--kb, --rules, --color, -q) are registered on the top-level app and on
// every subcommand, so they are accepted before or after the subcommand and each
// subcommand's --help lists them. A mistyped subcommand or option gets "did you mean".
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/huge_heap.h"
#include "cli/report_file.h"
#include "cli/run_output.h"
#include "cli/list_commands.h"
#include "cli/suggest.h"
#include "cli/version.h"

namespace {

using namespace logrx::cli;

void AddGlobalOptions(CLI::App& app, GlobalOptions& g) {
  if (app.get_option_no_throw("--color") == nullptr) {
    app.add_option("--color", g.color, "colour: auto (terminal, NO_COLOR unset), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  }
  if (app.get_option_no_throw("-q") == nullptr) {
    app.add_flag("-q,--quiet", g.quiet,
                 "quiet: no progress or notes on stderr; the text report shows only the fleet "
                 "summary; `rules test` prints only failures");
  }
  if (app.get_option_no_throw("--rules") == nullptr) {
    app.add_option("--rules", g.rules_dir,
                   "rules folder or file (default: the source tree's or the install's rules/)");
  }
  if (app.get_option_no_throw("--kb") == nullptr) {
    app.add_option("--kb", g.kb_dir, "knowledge base folder (default: the source tree's or the install's kb/)");
  }
}

void AddReportOptions(CLI::App& cmd, GlobalOptions& g) {
  cmd.add_flag("--details", g.details,
               "text report: every host in full (also fixed and clean ones), why each cause was "
               "picked, every check's reason");
  cmd.add_option("--width", g.width,
                 "text report: wrap at N columns (default: the terminal's width, or 100)")
      ->check(CLI::Range(size_t{40}, size_t{1000}));
}

// Exit codes per subcommand, printed at the end of its --help.
const char* ExitCodesOf(const std::string& path) {
  if (path == "scan" || path == "merge") return nullptr;  // their own footers say it
  if (path == "explain") {
    return "Exit codes: 0 printed; 2 no article, package or rule has that id, or the KB cannot be "
           "loaded.";
  }
  if (path == "kb check") return "Exit codes: 0 the knowledge base is consistent; 2 problems found.";
  if (path == "kb list" || path == "rules list") {
    return "Exit codes: 0 listed; 2 the rules or knowledge base cannot be loaded.";
  }
  if (path == "rules check") return "Exit codes: 0 every rule file is valid; 2 errors found.";
  if (path == "rules test") {
    return "Exit codes: 0 every example passed; 1 an example failed; 2 a rule file is invalid.";
  }
  if (path == "dump") {
    return "Exit codes: 0 read; 2 usage error; 3 the file could not be read or was damaged.";
  }
  return nullptr;
}

void Decorate(CLI::App& app, GlobalOptions& g, const std::string& path) {
  for (CLI::App* sub : app.get_subcommands({})) {
    const std::string sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    AddGlobalOptions(*sub, g);
    if (sub_path == "scan" || sub_path == "merge") AddReportOptions(*sub, g);
    if (const char* codes = ExitCodesOf(sub_path)) {
      // CLI11 copies the parent's footer into a new subcommand: replace that copy with the
      // subcommand's own exit codes; keep a footer the subcommand wrote itself.
      std::string footer = sub->get_footer();
      if (footer == app.get_footer()) footer.clear();
      if (footer.find("Exit codes") == std::string::npos) {
        if (!footer.empty() && footer.back() != '\n') footer += '\n';
        sub->footer(footer + "Global options (--color, -q, --rules, --kb) go before or after the "
                             "subcommand.\n" + codes);
      }
    }
    Decorate(*sub, g, sub_path);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything allocates much and before any thread (cli/huge_heap.h). How much the
  // reserve takes depends on the command, guessed from the first word that is not an
  // option: a wrong guess (`logrx --rules dump scan ...`) costs only memory or speed.
  const char* huge = std::getenv("LOGRX_HUGE_PAGES");
  if (huge == nullptr || std::string_view(huge) != "0") {
    const char* const* word = argv + (argc > 0 ? 1 : 0);
    while (*word != nullptr && **word == '-') ++word;
    const bool dump = *word != nullptr && std::string_view(*word) == "dump";
    PlaceHeapInHugePages(dump ? kHugeHeapReserve : kRulesHugeHeapReserve);
  }
  // A closed pipe (logrx scan ... | head) ends the run quietly: writes then fail with EPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"logrx: Windows event log analyzer and remediation advisor", "logrx"};
  app.require_subcommand(1);
  // Made only when asked for: formatting it costs a run that never prints it ~0.1 ms.
  app.set_version_flag("-V,--version", std::function<std::string()>(VersionText));
  app.footer(
      "Global options (--color, -q, --rules, --kb) go before or after the subcommand.\n"
      "Exit codes: 0 nothing to act on, 1 findings need action, 2 usage/rule/KB error,\n"
      "            3 some input unreadable or damaged (results partial).\n"
      "Docs: README.md and docs/ (rules.md, kb.md, output.md, limits.md, formats/).\n");
  GlobalOptions g;
  int exit_code = kExitOk;
  AddGlobalOptions(app, g);
  AddScanCommand(app, g, exit_code);
  AddDumpCommand(app, g, exit_code);
  AddRulesCommand(app, g, exit_code);
  AddKbCommand(app, g, exit_code);
  AddExplainCommand(app, g, exit_code);
  AddMergeCommand(app, g, exit_code);
  if (CLI::App* kb = FindSubcommand(app, "kb")) AddKbListCommand(*kb, g, exit_code);
  if (CLI::App* rules = FindSubcommand(app, "rules")) {
    AddRulesListCommand(*rules, g, exit_code);
  }
  Decorate(app, g, "");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  } catch (const CLI::ParseError& e) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    const std::string hint = SuggestFix(app, args);
    if (!hint.empty()) {
      std::fprintf(stderr, "logrx: %s\n", hint.c_str());
      return kExitUsage;
    }
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  // Every command's stdout is checked here, once: a failed write (/dev/full, a full disk)
  // is exit 2, whatever the command (cli/report_file.h).
  return FinishStdout(exit_code);
}
