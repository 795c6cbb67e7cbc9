// RuleSet: loading (files -> compiled rules), the (provider, event id) index behind
// Select(), and the examples behind `logrx rules test`.
#include "rules/rule_set.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "rules/hit_store.h"
#include "rules/host_key.h"
#include "rules/rule_model_internal.h"

namespace logrx::rules {

namespace {

using internal::Condition;
using internal::Rule;

constexpr uint64_t kAnyEvent = 0x10000;

uint64_t IndexKey(uint32_t provider_id, uint64_t event) noexcept {
  return (static_cast<uint64_t>(provider_id) << 17) | event;
}

std::string TruncateUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut));
}

class RuleSetImpl final : public RuleSet {
 public:
  explicit RuleSetImpl(std::vector<Rule> rules) : rules_(std::move(rules)) {
    BuildIndex();
    BuildFoldPolicy();
  }

  const FoldPolicy* fold_policy() const noexcept override { return &policy_; }

  size_t size() const noexcept override { return rules_.size(); }
  const RuleInfo& info(size_t i) const noexcept override { return rules_[i].info; }

  void Select(const Event& ev, std::vector<Hit>& out) const override {
    // Most events carry an id no condition names: one bit says so before any hashing.
    const bool id_named = IdNamed(ev.event_id);
    if (!id_named && !any_id_) return;
    const size_t first = out.size();
    uint32_t ids[3];
    int n = 0;
    const uint32_t provider = ProviderId(ev.provider);
    if (provider != 0) ids[n++] = provider;
    if (!ev.event_source.empty()) {
      const uint32_t source = ProviderId(ev.event_source);
      if (source != 0 && source != provider) ids[n++] = source;
    }
    ids[n++] = 0;  // conditions that name no provider
    // Skipped probes are of keys the index does not hold: the hits and their order are
    // those of probing every key.
    for (int k = 0; k < n; ++k) {
      if (id_named) Probe(IndexKey(ids[k], ev.event_id), ev, first, out);
      if (any_id_) Probe(IndexKey(ids[k], kAnyEvent), ev, first, out);
    }
  }

  using RuleSet::Correlate;
  std::vector<Match> Correlate(std::vector<Hit> hits, const RuleActive& active) const override {
    return internal::CorrelateHits(rules_, std::move(hits), active);
  }

  std::vector<ExampleResult> RunExamples() const override;

 private:
  struct Ref {
    uint32_t rule;
    uint16_t step;
    const Condition* cond;
  };

  // See FoldPolicy (rules/hit_store.h): a single-event rule's hits may be counted
  // instead of kept unless some other rule needs each of them (window suppression either
  // way, or record suppression of a multi-event rule, whose window the hit may change).
  void BuildFoldPolicy() {
    using internal::RuleKind;
    using internal::SuppressScope;
    const size_t n = rules_.size();
    policy_.foldable.assign(n, 0);
    policy_.marked_by.assign(n, {});
    policy_.kept_by.assign(n, {});
    for (size_t r = 0; r < n; ++r) policy_.foldable[r] = rules_[r].kind == RuleKind::kSingle;
    for (uint32_t s = 0; s < n; ++s) {
      const bool single = rules_[s].kind == RuleKind::kSingle;
      for (const internal::Suppression& sup : rules_[s].suppressions) {
        const uint32_t t = sup.target;
        if (t >= n) continue;
        const bool target_single = rules_[t].kind == RuleKind::kSingle;
        if (sup.scope == SuppressScope::kWindow) {
          policy_.foldable[t] = 0;
          policy_.foldable[s] = 0;
          continue;
        }
        if (!target_single) {
          policy_.foldable[s] = 0;
          continue;
        }
        if (single) {
          policy_.marked_by[t].push_back(s);
        } else {
          policy_.kept_by[t].push_back(s);
        }
      }
    }
  }

  void BuildIndex() {
    for (uint32_t r = 0; r < rules_.size(); ++r) {
      // The index keeps a step number in 16 bits (a uint16_t counter would loop for ever on
      // a longer sequence); steps past 65535 are not indexed.
      const size_t steps = std::min<size_t>(rules_[r].steps.size(), UINT16_MAX);
      for (size_t step = 0; step < steps; ++step) {
        const auto s = static_cast<uint16_t>(step);
        for (const Condition& c : rules_[r].steps[s].conditions) {
          std::vector<uint32_t> providers;
          for (const std::string& p : c.providers) providers.push_back(InternProvider(p));
          if (providers.empty()) providers.push_back(0);
          std::sort(providers.begin(), providers.end());
          providers.erase(std::unique(providers.begin(), providers.end()), providers.end());
          for (uint32_t p : providers) {
            if (c.event_ids.empty()) {
              index_[IndexKey(p, kAnyEvent)].push_back({r, s, &c});
              any_id_ = true;
            } else {
              for (uint16_t id : c.event_ids) {
                index_[IndexKey(p, id)].push_back({r, s, &c});
                id_bits_[id / 64] |= uint64_t{1} << (id % 64);
              }
            }
          }
        }
      }
    }
  }

  bool IdNamed(uint16_t id) const noexcept { return (id_bits_[id / 64] >> (id % 64)) & 1; }

  uint32_t InternProvider(const std::string& lower) {
    const auto it = provider_ids_.find(lower);
    if (it != provider_ids_.end()) return it->second;
    provider_names_.push_back(lower);
    const uint32_t id = static_cast<uint32_t>(provider_names_.size());
    provider_ids_.emplace(provider_names_.back(), id);
    return id;
  }

  // 0 when no rule names this provider. No allocation: lower-cases into a stack buffer.
  uint32_t ProviderId(std::string_view name) const noexcept {
    if (name.empty() || name.size() > internal::kMaxProviderLength) return 0;
    char buf[internal::kMaxProviderLength];
    for (size_t i = 0; i < name.size(); ++i) {
      const char c = name[i];
      buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const auto it = provider_ids_.find(std::string_view(buf, name.size()));
    return it == provider_ids_.end() ? 0 : it->second;
  }

  void Probe(uint64_t key, const Event& ev, size_t first, std::vector<Hit>& out) const {
    const auto it = index_.find(key);
    if (it == index_.end()) return;
    for (const Ref& ref : it->second) {
      if (!internal::EvalCondition(*ref.cond, ev, nullptr)) continue;
      bool dup = false;
      for (size_t i = first; i < out.size() && !dup; ++i) {
        dup = out[i].rule == ref.rule && out[i].step == ref.step;
      }
      if (dup) continue;  // another alternative (or provider alias) already matched
      Hit h;
      h.rule = ref.rule;
      h.step = ref.step;
      h.host = std::string(ev.computer);
      EvidenceRef& e = h.evidence;
      e.where = ev.where;
      e.record_id = ev.record_id;
      e.time = ev.time_created != kNoTime ? ev.time_created : ev.time_written;
      e.event_id = ev.event_id;
      e.provider = std::string(ev.Source());
      e.channel = std::string(ev.channel);
      e.message = TruncateUtf8(ev.message, kMaxEvidenceMessage);
      e.step = rules_[ref.rule].steps[ref.step].id;
      if (rules_[ref.rule].info.imported) {
        // An imported rule is a possible article: the report quotes what its pattern matched.
        std::string matched;
        (void)internal::EvalCondition(*ref.cond, ev, &e.captures, &matched);
        e.matched = TruncateUtf8(matched, kMaxEvidenceMessage);
      } else {
        (void)internal::EvalCondition(*ref.cond, ev, &e.captures);
      }
      out.push_back(std::move(h));
    }
  }

  std::vector<Rule> rules_;
  FoldPolicy policy_;
  std::deque<std::string> provider_names_;  // stable storage for the map's keys
  std::unordered_map<std::string_view, uint32_t> provider_ids_;
  std::unordered_map<uint64_t, std::vector<Ref>> index_;
  std::array<uint64_t, 1024> id_bits_{};  // event ids some indexed condition names
  bool any_id_ = false;                   // some indexed condition names no event id
};

std::vector<ExampleResult> RuleSetImpl::RunExamples() const {
  std::vector<ExampleResult> results;
  for (const Rule& rule : rules_) {
    const RuleInfo& info = rule.info;
    for (const internal::Example& ex : rule.examples) {
      ExampleResult res{info.id, ex.name, info.file, ex.line, false, {}};
      // The scanner's path: one HitStore per host (folding as in a scan), then Correlate.
      std::map<std::string, HitStore> by_host;
      std::vector<Hit> hits;
      for (const OwnedEvent& oe : ex.events) {
        hits.clear();
        Select(oe.view(), hits);
        if (hits.empty()) continue;
        std::string key = HostKey(hits.front().host);
        by_host.try_emplace(key, HitStore(&policy_)).first->second.AddEventHits(hits);
      }
      std::vector<Match> mine;
      for (auto& [host, store] : by_host) {
        for (Match& m : Correlate(store.Release())) {
          if (m.rule_id == info.id) mine.push_back(std::move(m));
        }
      }
      const int64_t got = static_cast<int64_t>(mine.size());
      if (!ex.expect_match) {
        res.passed = got == 0;
        if (!res.passed) res.detail = fmt::format("want no match, got {}", got);
      } else if (ex.expect_count >= 0 ? got != ex.expect_count : got == 0) {
        res.detail = ex.expect_count >= 0
                         ? fmt::format("want {} match(es), got {}", ex.expect_count, got)
                         : std::string("want a match, got none");
      } else {
        res.passed = true;
        for (const internal::ExpectedCapture& want : ex.captures) {
          const auto it = std::find_if(mine.front().captures.begin(), mine.front().captures.end(),
                                       [&want](const Capture& c) { return c.name == want.name; });
          if (it == mine.front().captures.end()) {
            res.passed = false;
            res.detail = fmt::format("capture '{}' missing", want.name);
            break;
          }
          if (it->value != want.value) {
            res.passed = false;
            res.detail = fmt::format("capture '{}' is '{}', want '{}'", want.name, it->value,
                                     want.value);
            break;
          }
        }
      }
      results.push_back(std::move(res));
    }
    // Every rule ships its proof: at least one example each way.
    if (info.positive_examples == 0 || info.negative_examples == 0) {
      results.push_back({info.id, "(examples)", info.file, info.line, false,
                         info.positive_examples == 0 ? "no expect=\"match\" example"
                                                     : "no expect=\"no-match\" example"});
    }
  }
  return results;
}

// Duplicate ids and suppression targets span files, so they are checked once all are in.
void Link(std::vector<Rule>& rules, std::vector<Status>& errors) {
  std::map<std::string, size_t> by_id;
  std::vector<bool> bad(rules.size(), false);
  for (size_t i = 0; i < rules.size(); ++i) {
    const auto [it, inserted] = by_id.emplace(rules[i].info.id, i);
    if (!inserted) {
      const RuleInfo& first = rules[it->second].info;
      errors.push_back(Status::At(
          StatusCode::kInvalidArgument, FileLoc{rules[i].info.file, kNoOffset, rules[i].info.line},
          fmt::format("rule '{}': duplicate id (first defined at {}:{})", rules[i].info.id,
                      first.file, first.line)));
      bad[i] = true;
    }
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    for (internal::Suppression& s : rules[i].suppressions) {
      const auto it = by_id.find(s.target_id);
      if (it == by_id.end() || s.target_id == rules[i].info.id) {
        errors.push_back(Status::At(
            StatusCode::kInvalidArgument, FileLoc{rules[i].info.file, kNoOffset, s.line},
            fmt::format("rule '{}': <suppress rule=\"{}\">: {}", rules[i].info.id, s.target_id,
                        it == by_id.end() ? "no rule has this id" : "a rule cannot suppress itself")));
        bad[i] = true;
        continue;
      }
      s.target = static_cast<uint32_t>(it->second);
    }
  }
  if (std::find(bad.begin(), bad.end(), true) == bad.end()) return;
  // Drop the offending rules; indices of suppression targets must then be redone.
  std::vector<Rule> kept;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!bad[i]) kept.push_back(std::move(rules[i]));
  }
  rules = std::move(kept);
  std::vector<Status> ignored;
  Link(rules, ignored);  // a target may have been dropped: its suppressors go too
  errors.insert(errors.end(), ignored.begin(), ignored.end());
}

}  // namespace

std::shared_ptr<const RuleSet> RuleSet::LoadFromString(std::string_view xml, std::string_view name,
                                                       std::vector<Status>& errors,
                                                       const RuleLoadOptions& options) {
  std::vector<Rule> rules;
  std::vector<Status> file_errors;
  internal::ParseRuleDocument(xml, name, rules, file_errors, !options.imported,
                              options.defer_imported_patterns);
  if (!file_errors.empty()) rules.clear();
  errors.insert(errors.end(), file_errors.begin(), file_errors.end());
  Link(rules, errors);
  return std::make_shared<const RuleSetImpl>(std::move(rules));
}

std::shared_ptr<const RuleSet> RuleSet::LoadCollecting(const std::vector<std::string>& paths,
                                                       std::vector<Status>& errors,
                                                       DiagnosticSink& warnings,
                                                       const RuleLoadOptions& options) {
  const std::vector<std::string> files = internal::ListRuleFiles(paths, errors);
  struct Parsed {
    std::vector<Rule> rules;
    std::vector<Status> errors;
  };
  std::vector<Parsed> parsed(files.size());
  auto parse = [&](size_t i) {
    internal::ParseRuleFile(files[i], parsed[i].rules, parsed[i].errors, !options.imported,
                            options.defer_imported_patterns);
  };
  if (options.parallel) {
    options.parallel(files.size(), parse);
  } else {
    for (size_t i = 0; i < files.size(); ++i) parse(i);
  }
  std::vector<Rule> rules;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    std::vector<Rule>& file_rules = parsed[i].rules;
    const std::vector<Status>& file_errors = parsed[i].errors;
    if (!file_errors.empty()) {
      errors.insert(errors.end(), file_errors.begin(), file_errors.end());
      continue;
    }
    if (file_rules.empty() && options.imported) {
      warnings.Report(Diagnostic{Severity::kWarning, file, kNoOffset, 0, "rules",
                                 "file holds no <rule>", 0, 0});
    }
    for (Rule& r : file_rules) rules.push_back(std::move(r));
  }
  Link(rules, errors);
  return std::make_shared<const RuleSetImpl>(std::move(rules));
}

Result<std::shared_ptr<const RuleSet>> RuleSet::Load(const std::vector<std::string>& paths,
                                                     DiagnosticSink& warnings,
                                                     const RuleLoadOptions& options) {
  std::vector<Status> errors;
  std::shared_ptr<const RuleSet> set = LoadCollecting(paths, errors, warnings, options);
  if (!errors.empty()) return errors.front();
  return set;
}

}  // namespace logrx::rules
