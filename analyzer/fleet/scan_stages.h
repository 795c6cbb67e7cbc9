// ScanStages: the calls a fleet scan makes into the earlier stages (readers, rules,
// inventory, advisor), behind one interface so tests can drive the scanner with a fake.
//
//   std::unique_ptr<ScanStages> e = NewScanStages(rule_set, knowledge_base);
//   ScanResult r = Scan(options, *e);
//
// Every method must be thread-safe (the scanner calls them from its worker threads), and
// each forwards to the stage function of the same name (see the stage headers).
#ifndef LOGRX_FLEET_SCAN_STAGES_H_
#define LOGRX_FLEET_SCAN_STAGES_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/host_report.h"
#include "core/diagnostic.h"
#include "core/event.h"
#include "core/status.h"
#include "inventory/host_facts.h"
#include "kb/knowledge_base.h"
#include "readers/reader.h"
#include "rules/rule_set.h"

namespace logrx::fleet {

class ScanStages {
 public:
  virtual ~ScanStages() = default;
  virtual Result<std::unique_ptr<readers::EventReader>> Open(const std::string& path,
                                                            const readers::ReaderOptions& options,
                                                            DiagnosticSink& sink) const = 0;
  virtual void Select(const Event& ev, std::vector<rules::Hit>& out) const = 0;
  virtual void Observe(const Event& ev, inventory::HostFacts& facts) const = 0;
  // False when Observe(ev, ...) changes nothing; the scanner keeps a copy of the events
  // this is true for until their turn (fleet/ordered_units.h). Default: every event.
  virtual bool MayObserve(const Event& ev) const {
    (void)ev;
    return true;
  }
  virtual void MergeFacts(inventory::HostFacts& into, const inventory::HostFacts& from) const = 0;
  virtual std::vector<rules::Match> Correlate(std::vector<rules::Hit> hits) const = 0;
  // Correlate for a host whose facts are complete: a rule whose article the facts rule
  // out (advisor::ArticleRuledOut) suppresses nothing. Default: Correlate(hits).
  virtual std::vector<rules::Match> CorrelateHost(const inventory::HostFacts& facts,
                                                  std::vector<rules::Hit> hits) const {
    (void)facts;
    return Correlate(std::move(hits));
  }
  // What the scanner's per-host HitStore may fold (rules/hit_store.h); null: keep all hits.
  virtual const rules::FoldPolicy* fold_policy() const noexcept { return nullptr; }
  virtual advisor::HostReport Advise(const inventory::HostFacts& facts,
                                     std::vector<rules::Match> matches) const = 0;
  virtual Status LoadInventory(const std::string& path,
                               std::map<std::string, inventory::HostFacts>& hosts,
                               DiagnosticSink& sink) const = 0;
  virtual Status ScanSystemRoot(const std::string& root, inventory::HostFacts& facts,
                                DiagnosticSink& sink) const = 0;
};

// The production stages: readers::OpenEventFile, RuleSet, inventory::*, advisor::Advise.
std::unique_ptr<ScanStages> NewScanStages(std::shared_ptr<const rules::RuleSet> rules,
                                         std::shared_ptr<const kb::KnowledgeBase> kb);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_SCAN_STAGES_H_
