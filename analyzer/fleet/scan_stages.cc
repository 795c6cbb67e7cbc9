#include "advisor/advisor.h"
#include "fleet/scan_stages.h"
#include "inventory/inventory.h"

namespace logrx::fleet {

namespace {

class ProductionStages final : public ScanStages {
 public:
  ProductionStages(std::shared_ptr<const rules::RuleSet> rules,
                std::shared_ptr<const kb::KnowledgeBase> kb)
      : rules_(std::move(rules)), kb_(std::move(kb)), checked_files_(kb_->CheckedFileNames()) {}

  Result<std::unique_ptr<readers::EventReader>> Open(const std::string& path,
                                                    const readers::ReaderOptions& options,
                                                    DiagnosticSink& sink) const override {
    return readers::OpenEventFile(path, options, sink);
  }
  void Select(const Event& ev, std::vector<rules::Hit>& out) const override {
    rules_->Select(ev, out);
  }
  void Observe(const Event& ev, inventory::HostFacts& facts) const override {
    inventory::ObserveEvent(ev, facts);
  }
  bool MayObserve(const Event& ev) const override { return inventory::MayObserve(ev); }
  void MergeFacts(inventory::HostFacts& into, const inventory::HostFacts& from) const override {
    inventory::MergeFacts(into, from);
  }
  std::vector<rules::Match> Correlate(std::vector<rules::Hit> hits) const override {
    return rules_->Correlate(std::move(hits));
  }
  std::vector<rules::Match> CorrelateHost(const inventory::HostFacts& facts,
                                          std::vector<rules::Hit> hits) const override {
    const kb::KnowledgeBase& kb = *kb_;
    return rules_->Correlate(std::move(hits), [&kb, &facts](const rules::RuleInfo& r) {
      return !advisor::ArticleRuledOut(kb, facts, r.kb);
    });
  }
  const rules::FoldPolicy* fold_policy() const noexcept override { return rules_->fold_policy(); }
  advisor::HostReport Advise(const inventory::HostFacts& facts,
                             std::vector<rules::Match> matches) const override {
    return advisor::Advise(*kb_, facts, std::move(matches));
  }
  Status LoadInventory(const std::string& path, std::map<std::string, inventory::HostFacts>& hosts,
                       DiagnosticSink& sink) const override {
    return inventory::LoadInventory(path, hosts, sink);
  }
  Status ScanSystemRoot(const std::string& root, inventory::HostFacts& facts,
                        DiagnosticSink& sink) const override {
    return inventory::ScanSystemRoot(root, checked_files_, facts, sink);
  }

 private:
  std::shared_ptr<const rules::RuleSet> rules_;
  std::shared_ptr<const kb::KnowledgeBase> kb_;
  std::vector<std::string> checked_files_;
};

}  // namespace

std::unique_ptr<ScanStages> NewScanStages(std::shared_ptr<const rules::RuleSet> rules,
                                         std::shared_ptr<const kb::KnowledgeBase> kb) {
  return std::make_unique<ProductionStages>(std::move(rules), std::move(kb));
}

}  // namespace logrx::fleet
