// `logrx rules check [PATHS…]` and `logrx rules test [PATHS…]`.
//
// Without PATHS the rules are --rules, else the folder cli/data_dir.h finds.
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/diag_print.h"
#include "cli/data_loader.h"
#include "core/diagnostic.h"
#include "rules/rule_set.h"

namespace logrx::cli {

namespace {

std::vector<std::string> DefaultRulePaths(const GlobalOptions& g) {
  return {DataLoader(g, "logrx rules").RulesDir()};  // a missing folder: Load reports it
}

// Loads the rule files for `logrx rules <command>`. Their errors are the report: each is
// printed on stdout, then "rules <command>: N <errors_are>", and the result is null.
// Warnings go to stderr; --quiet hides them.
std::shared_ptr<const rules::RuleSet> LoadOrPrintErrors(const std::vector<std::string>& paths,
                                                        bool quiet, const char* command,
                                                        const char* errors_are) {
  StderrDiagnostics warnings(fmt::format("logrx rules {}", command),
                             quiet ? Severity::kError : Severity::kNote);
  std::vector<Status> errors;
  auto set = rules::RuleSet::LoadCollecting(paths, errors, warnings);
  if (errors.empty()) return set;
  for (const Status& e : errors) std::printf("%s\n", std::string(e.message()).c_str());
  std::printf("rules %s: %zu %s\n", command, errors.size(), errors_are);
  return nullptr;
}

int RunCheck(const std::vector<std::string>& paths, bool quiet) {
  const auto set = LoadOrPrintErrors(paths, quiet, "check", "error(s)");
  if (set == nullptr) return kExitUsage;
  std::set<std::string> files;
  for (size_t i = 0; i < set->size(); ++i) files.insert(set->info(i).file);
  std::printf("rules check: %zu rules in %zu files, no errors\n", set->size(), files.size());
  return kExitOk;
}

int RunTest(const std::vector<std::string>& paths, bool quiet) {
  const auto set =
      LoadOrPrintErrors(paths, quiet, "test", "rule file error(s); run 'logrx rules check'");
  if (set == nullptr) return kExitUsage;
  size_t passed = 0, failed = 0;
  for (const rules::ExampleResult& r : set->RunExamples()) {
    if (r.passed) {
      ++passed;
      if (!quiet) std::printf("PASS %s: %s (%s:%u)\n", r.rule_id.c_str(), r.name.c_str(), r.file.c_str(),
                  r.line);
    } else {
      ++failed;
      std::printf("FAIL %s: %s (%s:%u): %s\n", r.rule_id.c_str(), r.name.c_str(), r.file.c_str(),
                  r.line, r.detail.c_str());
    }
  }
  std::printf("rules test: %zu passed, %zu failed, %zu rules\n", passed, failed, set->size());
  return failed == 0 ? kExitOk : kExitFindings;
}

}  // namespace

void AddRulesCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("rules", "validate rule files and run their examples");
  cmd->require_subcommand(1);
  cmd->footer(
      "Without PATHS: --rules, else the source tree's rules/ (run from a build folder), else\n"
      "the install's (<prefix>/share/logrx/rules), else ./rules (man logrx: FILES).\n"
      "Examples:\n"
      "  logrx rules check                  # every shipped rule file\n"
      "  logrx rules check my-rules.xml     # prints file:line: rule 'id': reason\n"
      "  logrx rules test rules/ my-rules.xml\n"
      "Exit codes: check 0 ok / 2 errors; test 0 all pass / 1 a failure / 2 bad rule file.");
  auto paths = std::make_shared<std::vector<std::string>>();

  CLI::App* check = cmd->add_subcommand(
      "check", "validate rule files; print file:line: rule 'id': reason per error (exit 2)");
  check->add_option("paths", *paths, "rule files or folders (every *.xml in a folder)");
  check->callback([paths, &g, &exit_code] {
    SafeStdout safe;  // rule/KB text is escaped on the way out
    exit_code = RunCheck(paths->empty() ? DefaultRulePaths(g) : *paths, g.quiet);
  });

  CLI::App* test = cmd->add_subcommand(
      "test",
      "run every rule's <example>s; print PASS/FAIL per example (-q: only FAIL lines and the "
      "total; exit 1 on a failure)");
  test->add_option("paths", *paths, "rule files or folders (every *.xml in a folder)");
  test->callback([paths, &g, &exit_code] {
    SafeStdout safe;  // rule/KB text is escaped on the way out
    exit_code = RunTest(paths->empty() ? DefaultRulePaths(g) : *paths, g.quiet);
  });
}

}  // namespace logrx::cli
