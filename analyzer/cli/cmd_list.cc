// `logrx kb list` and `logrx rules list` (cli/list_commands.h).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/data_loader.h"
#include "cli/diag_print.h"
#include "cli/list_commands.h"
#include "core/diagnostic.h"
#include "core/strings.h"
#include "kb/knowledge_base.h"
#include "report/escape.h"
#include "rules/rule_set.h"

namespace logrx::cli {

namespace {

using report::TerminalSafe;

void Line(const std::string& s) { std::printf("%s\n", s.c_str()); }

int RunKbList(const GlobalOptions& g) {
  DataLoader data(g, "logrx kb list");
  const std::shared_ptr<const kb::KnowledgeBase> kb = data.Kb();
  if (kb == nullptr) return kExitUsage;  // printed
  data.PrintLoadNotes();
  Line(fmt::format("{} articles, {} packages", kb->articles().size(), kb->packages().size()));
  for (const kb::Article& a : kb->articles()) {
    std::vector<std::string> symptoms, causes, fixes;
    for (const kb::Symptom& s : a.symptoms) {
      if (s.source.empty() && s.event_id == 0) continue;
      std::string x = TerminalSafe(s.source);
      if (s.event_id != 0) x += (x.empty() ? "" : " ") + std::to_string(s.event_id);
      if (std::find(symptoms.begin(), symptoms.end(), x) == symptoms.end()) symptoms.push_back(x);
    }
    for (const kb::Cause& c : a.causes) {
      causes.push_back(TerminalSafe(c.id) + (c.informational ? " (informational)" : ""));
      for (const kb::FixRef& f : c.fix) {
        const std::string p = TerminalSafe(f.package);
        if (std::find(fixes.begin(), fixes.end(), p) == fixes.end()) fixes.push_back(p);
      }
      if (!c.procedure.empty() && std::find(fixes.begin(), fixes.end(), "procedure") == fixes.end()) {
        fixes.push_back("procedure");
      }
    }
    std::string covers = "events: " + (symptoms.empty() ? std::string("-") : Join(symptoms, ", "));
    covers += "; causes: " + (causes.empty() ? std::string("-") : Join(causes, ", "));
    covers += "; fix: " + (fixes.empty() ? std::string("-") : Join(fixes, ", "));
    Line(fmt::format("article  {}  {}  [{}]", TerminalSafe(a.id), TerminalSafe(a.title), covers));
  }
  for (const kb::Package& p : kb->packages()) {
    std::string covers = kb::PackageKindName(p.kind);
    if (!p.os.empty()) covers += "; os: " + TerminalSafe(Join(p.os, ", "));
    if (!p.requires_.empty()) covers += "; requires: " + TerminalSafe(Join(p.requires_, ", "));
    if (!p.supersedes.empty()) covers += "; supersedes: " + TerminalSafe(Join(p.supersedes, ", "));
    Line(fmt::format("package  {}  {}  [{}]", TerminalSafe(p.id), TerminalSafe(p.name), covers));
  }
  return kExitOk;
}

int RunRulesList(const GlobalOptions& g, const std::vector<std::string>& paths) {
  StderrDiagnostics warnings("logrx rules list", g.quiet ? Severity::kError : Severity::kNote);
  const std::vector<std::string> from =
      paths.empty() ? std::vector<std::string>{DataLoader(g, "logrx rules list").RulesDir()} : paths;
  auto set = rules::RuleSet::Load(from, warnings);
  if (!set.ok()) {
    PrintError("logrx rules list", set.status().ToString() + " (run 'logrx rules check')");
    return kExitUsage;
  }
  Line(fmt::format("{} rules", (*set)->size()));
  for (size_t i = 0; i < (*set)->size(); ++i) {
    const rules::RuleInfo& r = (*set)->info(i);
    std::string covers = r.kb.empty() ? "no article" : TerminalSafe(r.kb);
    if (!r.cause.empty()) covers += " cause " + TerminalSafe(r.cause);
    covers += fmt::format("; severity {}", rules::RuleSeverityName(r.severity));
    if (!r.suppresses.empty()) covers += "; suppresses " + TerminalSafe(Join(r.suppresses, ", "));
    Line(fmt::format("{}  {}  [{}]", TerminalSafe(r.id), TerminalSafe(r.title), covers));
  }
  return kExitOk;
}

}  // namespace

void AddKbListCommand(CLI::App& kb, GlobalOptions& g, int& exit_code) {
  CLI::App* cmd = kb.add_subcommand(
      "list",
      "list the knowledge base: one line per article (id, title, the events it covers, its "
      "causes and fixes) and per package (id, name, kind, OS, prerequisites); load warnings go\n"
      "to stderr (-q hides them)\n"
      "Examples:\n  logrx kb list\n  logrx kb list --kb kb/ | grep ClusSvc");
  cmd->callback([&g, &exit_code] { exit_code = RunKbList(g); });
}

void AddRulesListCommand(CLI::App& rules_cmd, GlobalOptions& g, int& exit_code) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = rules_cmd.add_subcommand(
      "list",
      "list the rules: one line per rule (id, title, the article and cause it points to, its "
      "severity); load warnings go to stderr (-q hides them)\nExamples:\n  logrx rules list\n  logrx rules list rules/cluster.xml");
  cmd->add_option("paths", *paths, "rule files or folders (default: --rules or rules/)");
  cmd->callback([&g, &exit_code, paths] { exit_code = RunRulesList(g, *paths); });
}

}  // namespace logrx::cli
