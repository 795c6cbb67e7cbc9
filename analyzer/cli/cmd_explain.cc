// `logrx explain KB316772|Q299444|<rule-id>`: prints an article, package or rule and what
// links to what (rules pointing to it, packages fixing it, prerequisites, supersedence,
// file checks). Output is plain text, deterministic, on stdout.
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "advisor/advisor.h"
#include "cli/commands.h"
#include "cli/diag_print.h"
#include "cli/data_loader.h"
#include "core/diagnostic.h"
#include "core/strings.h"
#include "kb/check.h"
#include "kb/knowledge_base.h"
#include "kb/version.h"
#include "report/escape.h"

namespace logrx::cli {

namespace {

struct ExplainOptions {
  std::string id;
  std::string rules_dir;
};

// Ids of the entries of `all` whose list `refs` names `id` (ignoring case): who points here.
template <typename T>
std::vector<std::string> ReferringIds(const std::vector<T>& all,
                                      std::vector<std::string> T::*refs, const std::string& id) {
  std::vector<std::string> out;
  for (const T& x : all) {
    for (const std::string& r : x.*refs) {
      if (EqualsNoCase(r, id)) out.push_back(x.id);
    }
  }
  return out;
}

std::string PackageLabel(const kb::KnowledgeBase& kb, const std::string& id) {
  const kb::Package* p = kb.FindPackage(id);
  return p == nullptr ? id + " (missing)" : fmt::format("{} ({})", p->id, p->name);
}

// Prerequisites first, then the package (what a host without any of them installs).
void InstallOrder(const kb::KnowledgeBase& kb, const kb::Package& p, std::vector<std::string>& out,
                  std::set<std::string>& seen, int depth) {
  if (depth > 32 || !seen.insert(p.id).second) return;
  for (const std::string& r : p.requires_) {
    if (const kb::Package* q = kb.FindPackage(r)) InstallOrder(kb, *q, out, seen, depth + 1);
  }
  out.push_back(p.id);
}

std::string DescribeCheck(const kb::FileCheck& f) {
  std::vector<std::string> parts;
  if (!f.min_version.empty()) parts.push_back("version " + f.min_version + " or later");
  if (f.min_date.set()) parts.push_back("dated " + f.min_date.ToString() + " or later");
  if (f.size != 0) {
    parts.push_back(kb::FormatBytes(f.size) + " bytes" + (f.weak_size ? " (weak: shared by other builds)" : ""));
  }
  if (!f.kernel.empty()) parts.push_back(f.kernel + " kernel");
  return Join(parts);
}

void PrintRuleRefs(const std::vector<kb::RuleRef>& refs, const std::string& article) {
  std::vector<std::string> lines;
  for (const kb::RuleRef& r : refs) {
    if (!EqualsNoCase(r.kb, article)) continue;
    lines.push_back(fmt::format("  rule {}{} ({})", r.rule_id,
                                r.cause.empty() ? "" : " -> cause " + r.cause, r.where.ToString()));
  }
  std::printf("Rules pointing here:%s\n", lines.empty() ? " none" : "");
  for (const std::string& l : lines) std::printf("%s\n", l.c_str());
}

void PrintArticle(const kb::KnowledgeBase& kb, const kb::Article& a,
                  const std::vector<kb::RuleRef>& refs) {
  std::printf("Article %s: %s\n", a.id.c_str(), a.title.c_str());
  std::printf("Defined at %s\n", a.where.ToString().c_str());
  {
    // docs/kb.md "<applies-to>"
    std::vector<std::string> scope;
    for (const kb::OsScope& o : a.applies_to.os) {
      scope.push_back(advisor::DescribeScope(o));
    }
    for (const kb::ProductScope& p : a.applies_to.products) {
      scope.push_back("needs " + p.name + (p.version.empty() ? "" : " " + p.version) +
                      (p.min_sp >= 0 ? fmt::format(" SP{} or later", p.min_sp) : ""));
    }
    std::printf("Applies to: %s\n", !a.applies_to.stated ? "not stated (scope unknown)"
                                     : scope.empty()      ? "any OS"
                                                          : Join(scope, "; ").c_str());
  }
  if (!a.summary.empty()) std::printf("Summary: %s\n", a.summary.c_str());
  for (const kb::Symptom& s : a.symptoms) {
    std::string head = s.source.empty() ? std::string("Symptom") : "Symptom " + s.source;
    if (s.event_id != 0) head += fmt::format(" {}", s.event_id);
    std::printf("%s: %s\n", head.c_str(), s.text.c_str());
  }
  for (const kb::Cause& c : a.causes) {
    std::printf("Cause %s%s%s\n", c.id.c_str(), c.title.empty() ? "" : ": ", c.title.c_str());
    if (c.informational) std::printf("  Informational: nothing to act on.\n");
    std::printf("  What happens: %s\n", c.summary.c_str());
    if (!c.evidence.empty()) std::printf("  How to tell: %s\n", c.evidence.c_str());
    for (const kb::ListedKey& k : c.keys) {
      std::printf("  Key named: %s%s\n", k.path.c_str(), k.value.empty() ? "" : (" value " + k.value).c_str());
    }
    for (const kb::FixRef& f : c.fix) {
      std::string order;
      if (const kb::Package* p = kb.FindPackage(f.package)) {
        std::vector<std::string> ids;
        std::set<std::string> seen;
        InstallOrder(kb, *p, ids, seen, 0);
        order = " - install order: " + Join(ids, " -> ");
      }
      std::printf("  Fix%s: %s%s\n", f.edition.empty() ? "" : (" on " + f.edition).c_str(),
                  PackageLabel(kb, f.package).c_str(), order.c_str());
    }
    if (!c.procedure.empty()) std::printf("  Procedure: %s\n", c.procedure.c_str());
  }
  if (!a.related.empty()) std::printf("Related: %s\n", Join(a.related).c_str());
  const std::vector<std::string> back = ReferringIds(kb.articles(), &kb::Article::related, a.id);
  std::printf("Related from: %s\n", back.empty() ? "none" : Join(back).c_str());
  std::vector<std::string> pkgs;
  for (const kb::Package& p : kb.packages()) {
    if (EqualsNoCase(p.article, a.id)) pkgs.push_back(p.id);
  }
  if (!pkgs.empty()) std::printf("Packages described here: %s\n", Join(pkgs).c_str());
  PrintRuleRefs(refs, a.id);
}

void PrintPackage(const kb::KnowledgeBase& kb, const kb::Package& p) {
  std::printf("Package %s: %s\n", p.id.c_str(), p.name.c_str());
  std::printf("Defined at %s\n", p.where.ToString().c_str());
  std::printf("Kind: %s%s\n", kb::PackageKindName(p.kind),
              p.released.empty() ? "" : (", released " + p.released).c_str());
  std::vector<std::string> plats;
  for (kb::Platform pl : p.platforms) plats.push_back(kb::PlatformName(pl));
  std::printf("Platforms: %s; OS: %s\n", plats.empty() ? "any" : Join(plats).c_str(),
              p.os.empty() ? "any" : Join(p.os).c_str());
  if (!p.article.empty()) std::printf("Article: %s\n", p.article.c_str());
  std::printf("Requires:%s\n", p.requires_.empty() ? " nothing" : "");
  for (const std::string& r : p.requires_) std::printf("  %s\n", PackageLabel(kb, r).c_str());
  std::vector<std::string> order;
  std::set<std::string> seen;
  InstallOrder(kb, p, order, seen, 0);
  std::printf("Install order: %s\n", Join(order, " -> ").c_str());
  std::printf("Supersedes (includes):%s\n", p.supersedes.empty() ? " nothing" : "");
  for (const std::string& s : p.supersedes) std::printf("  %s\n", PackageLabel(kb, s).c_str());
  const auto by = kb.SupersededBy(p.id);
  std::printf("Superseded by:%s\n", by.empty() ? " nothing in the knowledge base" : "");
  for (const kb::Package* s : by) std::printf("  %s (%s)\n", s->id.c_str(), s->name.c_str());
  const std::vector<std::string> needed_by =
      ReferringIds(kb.packages(), &kb::Package::requires_, p.id);
  std::printf("Required by: %s\n", needed_by.empty() ? "nothing" : Join(needed_by).c_str());
  std::vector<std::string> fixes;
  for (const kb::Article& a : kb.articles()) {
    for (const kb::Cause& c : a.causes) {
      for (const kb::FixRef& f : c.fix) {
        if (EqualsNoCase(f.package, p.id)) {
          fixes.push_back(a.id + " cause " + c.id + (f.edition.empty() ? "" : " (on " + f.edition + ")"));
        }
      }
    }
  }
  std::printf("Fixes: %s\n", fixes.empty() ? "no article names it as a fix" : Join(fixes, "; ").c_str());
  std::printf("Detection:");
  bool any = false;
  if (p.detect.service_pack >= 0) {
    std::printf(" the OS reports Service Pack %d or later (EventLog 6009, systeminfo)",
                p.detect.service_pack);
    any = true;
  }
  if (!p.detect.hotfix_key.empty()) {
    std::printf("%s HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%s Installed=1%s",
                any ? ";" : "", p.detect.hotfix_key.c_str(),
                p.detect.inferred_key ? " (key name inferred from the Hotfix.exe convention)" : "");
    any = true;
  }
  if (p.detect.sp6a) {
    std::printf("%s SP6a proven (6009 says \"Service Pack 6\" for SP6 and SP6a alike)", any ? ";" : "");
    any = true;
  }
  if (!p.files.empty()) {
    std::printf("%s file checks below", any ? ";" : "");
    any = true;
  }
  std::printf("%s\n", any ? "" : " none");
  if (!p.files.empty()) std::printf("File checks:\n");
  for (const kb::FileCheck& f : p.files) {
    std::printf("  %-13s %-6s %s  (%s)\n", f.file.c_str(), kb::PlatformName(f.platform),
                DescribeCheck(f).c_str(), f.where.ToString().c_str());
  }
  if (!p.notes.empty()) std::printf("Notes: %s\n", p.notes.c_str());
}

int RunExplain(const GlobalOptions& g, const ExplainOptions& o) {
  // The KB's load warnings are `kb check`'s to print; explain only reads the articles.
  DataLoader data(g, "logrx explain");
  const std::shared_ptr<const kb::KnowledgeBase> kb = data.Kb();
  if (kb == nullptr) return kExitUsage;
  const std::vector<kb::RuleRef> refs = kb::ScanRuleRefs(data.RulesDir(o.rules_dir), data.load_notes());
  const std::string id = o.id;
  const std::string up = ToUpperAscii(id);
  if (const kb::Package* p = kb->FindPackage(id)) {
    PrintPackage(*kb, *p);
    return kExitOk;
  }
  // Microsoft wrote one number three ways: 316772, Q316772, KB316772 (any case). A bare
  // number or a Q number names the article when no package has that id.
  std::string digits;
  if (!up.empty() && up.find_first_not_of("0123456789") == std::string::npos) {
    digits = up;
  } else if (up.size() > 1 && up[0] == 'Q') {
    digits = up.substr(1);
  } else if (up.size() > 2 && up.compare(0, 2, "KB") == 0) {
    digits = up.substr(2);
  }
  const kb::Article* a = kb->FindArticle(id);
  if (a == nullptr && !digits.empty()) a = kb->FindArticle("KB" + digits);
  if (a == nullptr && !digits.empty() && up[0] != 'Q') {
    if (const kb::Package* p = kb->FindPackage("Q" + digits)) {
      PrintPackage(*kb, *p);
      return kExitOk;
    }
  }
  if (a != nullptr) {
    PrintArticle(*kb, *a, refs);
    return kExitOk;
  }
  for (const kb::RuleRef& r : refs) {
    if (r.rule_id != id) continue;
    std::printf("Rule %s\nDefined at %s\n", r.rule_id.c_str(), r.where.ToString().c_str());
    if (r.kb.empty()) {
      std::printf("Points to no article.\n");
      return kExitOk;
    }
    std::printf("Points to: %s%s\n\n", r.kb.c_str(), r.cause.empty() ? "" : (" cause " + r.cause).c_str());
    if (const kb::Article* ra = kb->FindArticle(r.kb)) {
      PrintArticle(*kb, *ra, refs);
    } else {
      std::printf("(article %s is not in the knowledge base: run 'logrx kb check')\n", r.kb.c_str());
      return kExitUsage;
    }
    return kExitOk;
  }
  PrintError("logrx explain", "no article, package or rule named '" + id +
                                  "' (logrx kb list and logrx rules list show them)");
  return kExitUsage;
}

}  // namespace

void AddExplainCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto opts = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "print a knowledge-base article, a package or a rule, and what links to it\n"
      "Examples:\n  logrx explain KB316772\n  logrx explain Q299444\n"
      "  logrx explain clussvc-1024-exchange-imc --rules rules/");
  cmd->add_option("id", opts->id, "article (KB316772, Q316772 or 316772, any case), package (Q299444, NT4-SP6) or rule id")
      ->required();
  cmd->add_option("--rules", opts->rules_dir, "rules folder searched for rule ids and references");
  cmd->callback([&g, &exit_code, opts] {
    SafeStdout safe;  // rule/KB text is escaped on the way out
    exit_code = RunExplain(g, *opts);
  });
}

}  // namespace logrx::cli
