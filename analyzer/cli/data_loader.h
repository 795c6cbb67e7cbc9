// DataLoader: the one place a command loads its data files (rules/, kb/, the message
// catalog; folders from --rules/--kb through cli/data_dir.h) and reports how that went,
// through the one stderr printer (cli/diag_print.h):
//   a file that cannot be loaded  "<command>: <what>: <status>"  (the command exits 2);
//   warnings and notes of a load  "<command>: <severity>: <diagnostic>"  (PrintLoadNotes).
//
//   DataLoader data(g, "logrx scan");
//   std::shared_ptr<const rules::RuleSet> rules = data.Rules();
//   if (rules == nullptr) return kExitUsage;              // already printed
//   data.PrintLoadNotes();                                // nothing when --quiet
//
// Not thread-safe; one per command run.
#ifndef LOGRX_CLI_DATA_LOADER_H_
#define LOGRX_CLI_DATA_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/diagnostic.h"
#include "kb/knowledge_base.h"
#include "messages/catalog.h"
#include "rules/rule_set.h"

namespace logrx::cli {

class DataLoader {
 public:
  DataLoader(const GlobalOptions& g, std::string command);

  // --rules (or `override_dir` when not empty) resolved; the kb folder likewise.
  std::string RulesDir(const std::string& override_dir = {}) const;
  std::string KbDir() const;

  // Each returns null after printing why the data could not be loaded. `imported` false
  // leaves out the imported KB archive (entries marked imported="true": scan --no-archive).
  // `jobs` > 1: the rule files are parsed on that many threads (the same rules and errors).
  std::shared_ptr<const rules::RuleSet> Rules(bool imported = true, unsigned jobs = 1);
  // checked: KnowledgeBase::Load; else LoadUnchecked (kb check reports the problems itself).
  std::shared_ptr<const kb::KnowledgeBase> Kb(bool checked = true, bool imported = true);
  // Templates from `templates_dir` ("" for none) and, with `root`, the system root's
  // message files.
  std::shared_ptr<const logrx::messages::MessageCatalog> Messages(const std::string& templates_dir,
                                                          const std::string& root);

  // Where the loads report their warnings and notes (also for callers' own scans of the
  // data folders, e.g. kb::ScanRuleRefs).
  DiagnosticSink& load_notes() noexcept { return notes_; }
  // Prints the load warnings and notes collected so far (all of them; none when --quiet)
  // and forgets them.
  void PrintLoadNotes();

 private:
  void PrintLoadError(const char* what, const Status& s) const;

  const GlobalOptions& g_;
  std::string command_;
  CollectingSink notes_;
  size_t printed_ = 0;
};

// Prints each diagnostic on stderr as it comes (PrintDiagnostic with `prefix`), from
// `min_shown` severity up, and remembers whether any warning or error came (data suspect
// or lost). For commands that stream (dump, rules check). Not thread-safe.
class StderrDiagnostics final : public DiagnosticSink {
 public:
  StderrDiagnostics(std::string prefix, Severity min_shown)
      : prefix_(std::move(prefix)), min_shown_(min_shown) {}
  void Report(const Diagnostic& d) override;
  bool damaged() const noexcept { return damaged_; }

 private:
  std::string prefix_;
  Severity min_shown_;
  bool damaged_ = false;
};

}  // namespace logrx::cli

#endif  // LOGRX_CLI_DATA_LOADER_H_
