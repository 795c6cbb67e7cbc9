#include "cli/data_loader.h"

#include <functional>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "cli/data_dir.h"
#include "cli/diag_print.h"
#include "fleet/scheduler.h"

namespace logrx::cli {

DataLoader::DataLoader(const GlobalOptions& g, std::string command)
    : g_(g), command_(std::move(command)) {}

std::string DataLoader::RulesDir(const std::string& override_dir) const {
  return ResolveDataDir(override_dir.empty() ? g_.rules_dir : override_dir, "rules");
}

std::string DataLoader::KbDir() const { return ResolveDataDir(g_.kb_dir, "kb"); }

void DataLoader::PrintLoadError(const char* what, const Status& s) const {
  PrintError(fmt::format("{}: {}", command_, what), s.ToString());
}

std::shared_ptr<const rules::RuleSet> DataLoader::Rules(bool imported, unsigned jobs) {
  rules::RuleLoadOptions options;
  options.imported = imported;
  options.defer_imported_patterns = true;  // syntax still checked now (rules/rule_set.h)
  std::optional<fleet::Scheduler> pool;
  if (jobs > 1) {
    pool.emplace(jobs);
    options.parallel = [&pool](size_t n, const std::function<void(size_t)>& fn) {
      pool->ForEach(n, fn);
    };
  }
  Result<std::shared_ptr<const rules::RuleSet>> set = rules::RuleSet::Load({RulesDir()}, notes_, options);
  if (!set.ok()) {
    PrintLoadError("rules", set.status());
    return nullptr;
  }
  return *set;
}

std::shared_ptr<const kb::KnowledgeBase> DataLoader::Kb(bool checked, bool imported) {
  kb::LoadOptions options;
  options.imported = imported;
  Result<std::shared_ptr<const kb::KnowledgeBase>> kb =
      checked ? kb::KnowledgeBase::Load(KbDir(), notes_, options)
              : kb::KnowledgeBase::LoadUnchecked(KbDir(), notes_);
  if (!kb.ok()) {
    PrintLoadError("kb", kb.status());
    return nullptr;
  }
  return *kb;
}

std::shared_ptr<const logrx::messages::MessageCatalog> DataLoader::Messages(
    const std::string& templates_dir, const std::string& root) {
  Result<std::shared_ptr<const logrx::messages::MessageCatalog>> mc =
      logrx::messages::MessageCatalog::Load(templates_dir, root, notes_);
  if (!mc.ok()) {
    PrintLoadError("messages", mc.status());
    return nullptr;
  }
  return *mc;
}

void DataLoader::PrintLoadNotes() {
  const std::vector<Diagnostic>& items = notes_.items();
  if (!g_.quiet) {
    for (size_t i = printed_; i < items.size(); ++i) PrintDiagnostic(command_, items[i]);
  }
  printed_ = items.size();
}

void StderrDiagnostics::Report(const Diagnostic& d) {
  if (d.severity != Severity::kNote) damaged_ = true;
  if (d.severity < min_shown_) return;
  PrintDiagnostic(prefix_, d);  // escaped: names and offsets come from the input
}

}  // namespace logrx::cli
