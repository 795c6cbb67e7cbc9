// Correlate(): one host's hits -> matches. Everything is decided on hits sorted by a total
// order, so the result depends neither on input order nor on thread count.
#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "rules/rule_model_internal.h"

namespace logrx::rules::internal {

namespace {

// Window arithmetic without overflow on hostile timestamps.
bool Within(int64_t earlier, int64_t later, int64_t within) noexcept {
  const __int128 d = static_cast<__int128>(later) - static_cast<__int128>(earlier);
  return d >= 0 && d <= within;
}

__int128 AbsDiff(int64_t a, int64_t b) noexcept {
  const __int128 d = static_cast<__int128>(a) - static_cast<__int128>(b);
  return d < 0 ? -d : d;
}

std::string RecordKey(const EvidenceRef& e) {
  if (e.record_id != 0) return fmt::format("r|{}|{}|{}|{}", e.record_id, e.time, e.event_id, e.channel);
  return fmt::format("p|{}|{}|{}|{}|{}", e.where.file_id, e.where.offset, e.where.line, e.time,
                     e.event_id);
}

// Single-event matches are one per (rule, capture key): names and values, length-prefixed.
std::string CaptureKey(const std::vector<Capture>& captures) {
  std::string key;
  for (const Capture& c : captures) {
    key += fmt::format("{}:{}={}:{};", c.name.size(), c.name, c.value.size(), c.value);
  }
  return key;
}

std::string_view CaptureValue(const Hit& h, std::string_view name) noexcept {
  for (const Capture& c : h.evidence.captures) {
    if (c.name == name) return c.value;
  }
  return {};
}

struct Building {
  uint32_t rule = 0;
  std::vector<size_t> hits;  // indices into the sorted hits, in time order
  bool suppressed = false;
};

class Correlator {
 public:
  Correlator(const std::vector<Rule>& rules, std::vector<Hit> hits, const RuleActive& active)
      : rules_(rules), hits_(std::move(hits)), active_(active) {}

  std::vector<Match> Run() {
    std::erase_if(hits_, [this](const Hit& h) {
      return h.rule >= rules_.size() || h.step >= rules_[h.rule].steps.size();
    });
    std::sort(hits_.begin(), hits_.end(), HitLess);
    // De-duplicate the same record seen in two files: equal hits are adjacent.
    std::vector<Hit> unique;
    unique.reserve(hits_.size());
    for (Hit& h : hits_) {
      if (!unique.empty() && unique.back().rule == h.rule && unique.back().step == h.step &&
          SameRecord(unique.back().evidence, h.evidence)) {
        Hit& kept = unique.back();
        kept.folded += h.folded;
        kept.folded_first = MinTime(kept.folded_first, h.folded_first);
        kept.folded_last = MaxTime(kept.folded_last, h.folded_last);
        continue;
      }
      unique.push_back(std::move(h));
    }
    hits_ = std::move(unique);

    // Only rules with hits can match (every kind starts from its own hits), so only they
    // get step lists and a turn, in rule order: a host's correlation costs its hits, not
    // the size of the rule set (the archive holds 1,600 rules; a scan correlates per host).
    // (A hit's rule has at least its step, so its list is empty only until its first hit.)
    std::vector<uint32_t> hit_rules;
    by_step_.resize(rules_.size());
    for (size_t i = 0; i < hits_.size(); ++i) {
      const Hit& h = hits_[i];
      std::vector<std::vector<size_t>>& steps = by_step_[h.rule];
      if (steps.empty()) {
        steps.resize(rules_[h.rule].steps.size());
        hit_rules.push_back(h.rule);
      }
      steps[h.step].push_back(i);
    }
    std::sort(hit_rules.begin(), hit_rules.end());

    for (const uint32_t r : hit_rules) {
      const Rule& rule = rules_[r];
      switch (rule.kind) {
        case RuleKind::kSingle:
          for (size_t i : by_step_[r][0]) built_.push_back({r, {i}, false});
          break;
        case RuleKind::kCount:
        case RuleKind::kRepeat:
          for (const auto& [key, group] : Groups(r)) {
            (void)key;
            rule.kind == RuleKind::kCount ? CountWindows(r, group) : Repeats(r, group);
          }
          break;
        case RuleKind::kSequence:
          Sequences(r);
          break;
      }
    }
    Suppress();
    return Emit();
  }

 private:
  // Hits of a windowed rule grouped by the group-by capture; hits without a time cannot
  // be placed in a window and are left out.
  std::map<std::string, std::vector<size_t>> Groups(uint32_t r) const {
    std::map<std::string, std::vector<size_t>> groups;
    const std::string& by = rules_[r].group_by;
    for (size_t i : by_step_[r][0]) {
      if (hits_[i].evidence.time == kNoTime) continue;
      groups[by.empty() ? std::string() : std::string(CaptureValue(hits_[i], by))].push_back(i);
    }
    return groups;
  }

  // Every window [t, t + within] (inclusive) holding >= min hits marks them; windows that
  // share a hit merge into one match.
  void CountWindows(uint32_t r, const std::vector<size_t>& g) {
    const Rule& rule = rules_[r];
    size_t lo = 0;
    bool open = false;
    size_t cur_begin = 0, cur_end = 0;
    for (size_t j = 0; j < g.size(); ++j) {
      while (!Within(hits_[g[lo]].evidence.time, hits_[g[j]].evidence.time, rule.within)) ++lo;
      if (j - lo + 1 < rule.min_count) continue;
      if (open && lo <= cur_end) {
        cur_end = j;
      } else {
        if (open) Flush(r, g, cur_begin, cur_end);
        open = true;
        cur_begin = lo;
        cur_end = j;
      }
    }
    if (open) Flush(r, g, cur_begin, cur_end);
  }

  // Maximal runs whose consecutive gaps are every ± tolerance, of at least min hits.
  void Repeats(uint32_t r, const std::vector<size_t>& g) {
    const Rule& rule = rules_[r];
    size_t begin = 0;
    for (size_t k = 1; k <= g.size(); ++k) {
      bool fits = false;
      if (k < g.size()) {
        const __int128 gap = static_cast<__int128>(hits_[g[k]].evidence.time) -
                             static_cast<__int128>(hits_[g[k - 1]].evidence.time);
        fits = gap >= rule.every - rule.tolerance && gap <= rule.every + rule.tolerance;
      }
      if (fits) continue;
      if (k - begin >= rule.min_count) Flush(r, g, begin, k - 1);
      begin = k;
    }
  }

  void Flush(uint32_t r, const std::vector<size_t>& g, size_t begin, size_t end) {
    Building b{r, {}, false};
    for (size_t k = begin; k <= end; ++k) b.hits.push_back(g[k]);
    built_.push_back(std::move(b));
  }

  bool Joins(const Rule& rule, const Hit& anchor, const Hit& other) const {
    return rule.join.empty() || CaptureValue(anchor, rule.join) == CaptureValue(other, rule.join);
  }

  // One match per hit of the last step that finds the other steps around it.
  void Sequences(uint32_t r) {
    const Rule& rule = rules_[r];
    const size_t last = rule.steps.size() - 1;
    for (size_t anchor : by_step_[r][last]) {
      const Hit& a = hits_[anchor];
      if (a.evidence.time == kNoTime) continue;
      std::vector<size_t> chosen(rule.steps.size(), SIZE_MAX);
      chosen[last] = anchor;
      bool ok = true;
      if (rule.in_order) {
        // Walk back from the anchor; the latest fitting hit leaves the most room before it.
        size_t bound = anchor;
        for (size_t s = last; s-- > 0 && ok;) {
          if (rule.steps[s].absent) continue;
          ok = false;
          const std::vector<size_t>& list = by_step_[r][s];
          auto it = std::lower_bound(list.begin(), list.end(), bound);
          while (it != list.begin()) {
            const size_t i = *--it;
            const Hit& h = hits_[i];
            if (h.evidence.time == kNoTime || !Within(h.evidence.time, a.evidence.time, rule.within)) break;
            if (SameRecord(h.evidence, hits_[bound].evidence) || !Joins(rule, a, h)) continue;
            chosen[s] = i;
            bound = i;
            ok = true;
            break;
          }
        }
        // Absent steps: nothing of theirs between their neighbours (or the window start).
        for (size_t s = 0; s < last && ok; ++s) {
          if (!rule.steps[s].absent) continue;
          size_t after = SIZE_MAX, before = anchor;
          for (size_t p = s; p-- > 0;) {
            if (chosen[p] != SIZE_MAX) { after = chosen[p]; break; }
          }
          for (size_t p = s + 1; p <= last; ++p) {
            if (chosen[p] != SIZE_MAX) { before = chosen[p]; break; }
          }
          const std::vector<size_t>& list = by_step_[r][s];
          auto from = after == SIZE_MAX ? list.begin()
                                        : std::upper_bound(list.begin(), list.end(), after);
          for (auto it = from; it != list.end(); ++it) {
            const size_t i = *it;
            if (i >= before) break;
            const Hit& h = hits_[i];
            if (h.evidence.time == kNoTime || !Within(h.evidence.time, a.evidence.time, rule.within)) continue;
            if (SameRecord(h.evidence, hits_[before].evidence) || !Joins(rule, a, h)) continue;
            ok = false;
            break;
          }
        }
      } else {
        for (size_t s = 0; s < last && ok; ++s) {
          // Hits are in time order: walk outward from the anchor and stop at the window.
          size_t best = SIZE_MAX;
          __int128 best_d = 0;
          const std::vector<size_t>& list = by_step_[r][s];
          const auto mid = std::lower_bound(list.begin(), list.end(), anchor);
          for (auto it = mid; it != list.end(); ++it) {
            const Hit& h = hits_[*it];
            const __int128 d = AbsDiff(h.evidence.time, a.evidence.time);
            if (h.evidence.time == kNoTime || d > rule.within) break;
            if (SameRecord(h.evidence, a.evidence) || !Joins(rule, a, h)) continue;
            best = *it;
            best_d = d;
            break;
          }
          for (auto it = mid; it != list.begin();) {
            const Hit& h = hits_[*--it];
            if (h.evidence.time == kNoTime) break;
            const __int128 d = AbsDiff(h.evidence.time, a.evidence.time);
            if (d > rule.within) break;
            if (SameRecord(h.evidence, a.evidence) || !Joins(rule, a, h)) continue;
            if (best == SIZE_MAX || d <= best_d) best = *it;  // ties: the earlier event
            break;
          }
          if (rule.steps[s].absent) {
            ok = best == SIZE_MAX;
          } else {
            ok = best != SIZE_MAX;
            chosen[s] = best;
          }
        }
      }
      if (!ok) continue;
      Building b{r, {}, false};
      for (size_t i : chosen) {
        if (i != SIZE_MAX) b.hits.push_back(i);
      }
      std::sort(b.hits.begin(), b.hits.end());
      built_.push_back(std::move(b));
    }
  }

  // Whether rule r's suppressions count on this host (asked once per rule).
  bool Active(uint32_t r) {
    if (!active_) return true;
    if (active_cache_.empty()) active_cache_.assign(rules_.size(), 0);
    uint8_t& c = active_cache_[r];
    if (c == 0) c = active_(rules_[r].info) ? 1 : 2;
    return c == 1;
  }

  // Decided on every match before any is removed, so suppression does not chain and
  // does not depend on rule order. Record keys and merged windows per target rule keep
  // this O(matches log matches) however many matches a host has. Only active rules
  // suppress; a hit that HitStore marked (Hit::suppressed_by) is suppressed when one of
  // its markers is active (their own hits may have been folded away).
  void Suppress() {
    std::vector<std::set<std::string>> keys(rules_.size());
    std::vector<std::vector<std::pair<__int128, __int128>>> windows(rules_.size());
    for (const Building& s : built_) {
      if (rules_[s.rule].suppressions.empty() || !Active(s.rule)) continue;
      for (const Suppression& sup : rules_[s.rule].suppressions) {
        if (sup.scope == SuppressScope::kRecord) {
          for (size_t i : s.hits) keys[sup.target].insert(RecordKey(hits_[i].evidence));
          continue;
        }
        int64_t first = INT64_MAX, last = INT64_MIN;
        for (size_t i : s.hits) {
          const int64_t tm = hits_[i].evidence.time;
          if (tm == kNoTime) continue;
          first = std::min(first, tm);
          last = std::max(last, tm);
        }
        if (first == INT64_MAX) continue;
        windows[sup.target].emplace_back(static_cast<__int128>(first) - sup.within,
                                         static_cast<__int128>(last) + sup.within);
      }
    }
    for (auto& w : windows) {
      if (w.size() < 2) continue;  // nothing to sort or merge
      std::sort(w.begin(), w.end());
      std::vector<std::pair<__int128, __int128>> merged;
      for (const auto& iv : w) {
        if (!merged.empty() && iv.first <= merged.back().second) {
          merged.back().second = std::max(merged.back().second, iv.second);
        } else {
          merged.push_back(iv);
        }
      }
      w = std::move(merged);
    }
    for (Building& t : built_) {
      for (size_t i : t.hits) {
        for (uint32_t s : hits_[i].suppressed_by) {
          if (s < rules_.size() && Active(s)) t.suppressed = true;
        }
      }
      const auto& k = keys[t.rule];
      const auto& w = windows[t.rule];
      if (t.suppressed || (k.empty() && w.empty())) continue;
      for (size_t i : t.hits) {
        const EvidenceRef& e = hits_[i].evidence;
        if (!k.empty() && k.count(RecordKey(e)) != 0) t.suppressed = true;
        if (!w.empty() && e.time != kNoTime) {
          // The last window starting at or before e.time is the only candidate (merged).
          auto it = std::upper_bound(w.begin(), w.end(), std::make_pair(static_cast<__int128>(e.time), std::numeric_limits<__int128>::max()));
          if (it != w.begin() && e.time <= (--it)->second) t.suppressed = true;
        }
        if (t.suppressed) break;
      }
    }
  }

  std::vector<Match> Emit() {
    std::vector<Match> out;
    // Single-event rules: one match per (rule, capture key), in time order of its hits;
    // suppression was decided per hit above, so grouping changes no verdict.
    std::map<std::pair<uint32_t, std::string>, size_t> single_at;
    for (Building& b : built_) {
      if (b.suppressed) continue;
      const RuleInfo& info = rules_[b.rule].info;
      if (rules_[b.rule].kind == RuleKind::kSingle) {
        const Hit& h = hits_[b.hits.front()];
        const auto [it, inserted] =
            single_at.try_emplace({b.rule, CaptureKey(h.evidence.captures)}, out.size());
        if (!inserted) {
          AddHits(out[it->second], b);
          continue;
        }
      }
      Match m;
      m.rule_id = info.id;
      m.title = info.title;
      m.kb = info.kb;
      m.cause = info.cause;
      m.severity = info.severity;
      m.imported = info.imported;
      m.host = hits_[b.hits.front()].host;
      AddHits(m, b);
      out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
      const EvidenceRef& x = a.evidence.front();
      const EvidenceRef& y = b.evidence.front();
      return std::tie(a.first_time, a.rule_id, x.record_id, x.where.file_id, x.where.offset,
                      x.where.line, a.last_time, a.count) <
             std::tie(b.first_time, b.rule_id, y.record_id, y.where.file_id, y.where.offset,
                      y.where.line, b.last_time, b.count);
    });
    return out;
  }

  // Hits are added in time order (built_ follows the sorted hits), so the evidence kept
  // is the earliest kMaxEvidence. Counts saturate at UINT32_MAX.
  void AddHits(Match& m, const Building& b) const {
    for (size_t i : b.hits) {
      const Hit& h = hits_[i];
      const uint64_t n = static_cast<uint64_t>(m.count) + 1 + h.folded;
      m.count = n > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(n);
      m.first_time = MinTime(MinTime(m.first_time, h.evidence.time), h.folded_first);
      m.last_time = MaxTime(MaxTime(m.last_time, h.evidence.time), h.folded_last);
      for (const Capture& c : h.evidence.captures) {
        const bool seen = std::any_of(m.captures.begin(), m.captures.end(),
                                      [&c](const Capture& x) { return x.name == c.name; });
        if (!seen) m.captures.push_back(c);
      }
      if (m.evidence.size() < kMaxEvidence) m.evidence.push_back(h.evidence);
    }
  }

  const std::vector<Rule>& rules_;
  std::vector<Hit> hits_;
  std::vector<std::vector<std::vector<size_t>>> by_step_;  // rule -> step -> hit indices
  std::vector<Building> built_;
  const RuleActive& active_;
  std::vector<uint8_t> active_cache_;  // rule -> 0 not asked, 1 active, 2 not
};

}  // namespace

bool HitLess(const Hit& a, const Hit& b) {
  const EvidenceRef& x = a.evidence;
  const EvidenceRef& y = b.evidence;
  return std::tie(x.time, x.record_id, x.event_id, x.channel, a.rule, a.step, x.where.file_id,
                  x.where.offset, x.where.line, x.provider, x.message) <
         std::tie(y.time, y.record_id, y.event_id, y.channel, b.rule, b.step, y.where.file_id,
                  y.where.offset, y.where.line, y.provider, y.message);
}

// Same event record, possibly read from two files (two exports of one log). Without a
// record id we cannot tell, so only the same file position counts.
bool SameRecord(const EvidenceRef& a, const EvidenceRef& b) noexcept {
  if (a.record_id != 0 || b.record_id != 0) {
    return a.record_id == b.record_id && a.time == b.time && a.event_id == b.event_id &&
           a.channel == b.channel;
  }
  return a.where.file_id == b.where.file_id && a.where.offset == b.where.offset &&
         a.where.line == b.where.line && a.time == b.time && a.event_id == b.event_id;
}

std::vector<Match> CorrelateHits(const std::vector<Rule>& rules, std::vector<Hit> hits,
                                 const RuleActive& active) {
  return Correlator(rules, std::move(hits), active).Run();
}

}  // namespace logrx::rules::internal
