// `logrx kb check [--rules DIR]`: load the knowledge base and list every consistency
// problem with file:line (exit 2), or say how much was checked (exit 0).
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/diag_print.h"
#include "cli/data_dir.h"
#include "core/diagnostic.h"
#include "kb/check.h"
#include "kb/knowledge_base.h"

namespace logrx::cli {

namespace {

struct KbOptions {
  std::string rules_dir;
  bool no_rules = false;
};

int RunKbCheck(const GlobalOptions& g, const KbOptions& o) {
  const std::string kb_dir = ResolveDataDir(g.kb_dir, "kb");
  CollectingSink warnings;
  auto kb = kb::KnowledgeBase::LoadUnchecked(kb_dir, warnings);
  if (!kb.ok()) {
    PrintError("logrx kb check", kb.status().message());
    return kExitUsage;
  }
  std::vector<kb::RuleRef> refs;
  std::string rules_note = "no rules checked";
  if (!o.no_rules) {
    const std::string rules_dir = ResolveDataDir(o.rules_dir.empty() ? g.rules_dir : o.rules_dir, "rules");
    CollectingSink rule_diags;
    refs = kb::ScanRuleRefs(rules_dir, rule_diags);
    for (const Diagnostic& d : rule_diags.items()) {
      PrintError("logrx kb check: warning", d.ToString());
    }
    rules_note = fmt::format("{} rule references checked", refs.size());
  }
  const std::vector<kb::KbProblem> problems = kb::CheckKnowledgeBase(**kb, refs);
  for (const Diagnostic& d : warnings.items()) {
    PrintError("logrx kb check: warning", d.ToString());
  }
  for (const kb::KbProblem& p : problems) {
    std::fprintf(stderr, "%s\n", StderrSafe(p.ToString()).c_str());
  }
  if (!problems.empty()) {
    std::fprintf(stderr, "logrx kb check: %zu problem(s)\n", problems.size());
    return kExitUsage;
  }
  size_t checks = 0;
  for (const kb::Package& p : (*kb)->packages()) checks += p.files.size();
  std::printf("kb ok: %zu articles, %zu packages, %zu file checks; %s\n",
              (*kb)->articles().size(), (*kb)->packages().size(), checks, rules_note.c_str());
  return kExitOk;
}

}  // namespace

void AddKbCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  CLI::App* kb = app.add_subcommand("kb", "knowledge-base tools");
  kb->require_subcommand(1);
  auto opts = std::make_shared<KbOptions>();
  CLI::App* check = kb->add_subcommand(
      "check",
      "check the knowledge base (and the rules that point into it); every problem is printed\n"
      "as file:line: reason and the exit code is 2.\n"
      "Examples:\n  logrx kb check\n  logrx --kb kb/ kb check --rules rules/\n"
      "  logrx kb check --no-rules");
  check->add_option("--rules", opts->rules_dir,
                    "rules folder whose kb=/cause= references are checked (default: --rules or rules/)");
  check->add_flag("--no-rules", opts->no_rules, "check the knowledge base alone");
  check->callback([&g, &exit_code, opts] {
    SafeStdout safe;  // rule/KB text is escaped on the way out
    exit_code = RunKbCheck(g, *opts);
  });
}

}  // namespace logrx::cli
