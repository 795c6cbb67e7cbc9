#include "rules/hit_store.h"

#include <algorithm>

#include <fmt/format.h>

#include "rules/rule_model_internal.h"

namespace logrx::rules {

namespace {

using internal::MaxTime;
using internal::MinTime;

// The rules of `rules` that hit this event, sorted, without repeats.
std::vector<uint32_t> RulesInEvent(const std::vector<Hit>& hits, size_t first,
                                   const std::vector<uint32_t>& rules) {
  std::vector<uint32_t> out;
  for (size_t i = first; i < hits.size(); ++i) {
    if (std::find(rules.begin(), rules.end(), hits[i].rule) != rules.end()) out.push_back(hits[i].rule);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool HitInEvent(const std::vector<Hit>& hits, size_t first, const std::vector<uint32_t>& rules) {
  for (size_t i = first; i < hits.size(); ++i) {
    if (std::find(rules.begin(), rules.end(), hits[i].rule) != rules.end()) return true;
  }
  return false;
}

std::string GroupKey(const Hit& h) {
  std::string key = fmt::format("{}|{}|{}:{}|", h.rule, h.step, h.evidence.channel.size(),
                                h.evidence.channel);
  for (const Capture& c : h.evidence.captures) {
    key += fmt::format("{}:{}={}:{};", c.name.size(), c.name, c.value.size(), c.value);
  }
  for (uint32_t s : h.suppressed_by) key += fmt::format("s{};", s);
  return key;
}

}  // namespace

void HitStore::AddEventHits(std::vector<Hit>& hits, size_t first) {
  if (first >= hits.size()) return;
  if (policy_ == nullptr) {
    whole_.insert(whole_.end(), std::make_move_iterator(hits.begin() + static_cast<ptrdiff_t>(first)),
                  std::make_move_iterator(hits.end()));
    hits.resize(first);
    return;
  }
  const FoldPolicy& p = *policy_;
  for (size_t i = first; i < hits.size(); ++i) {
    Hit& h = hits[i];
    const uint32_t r = h.rule;
    if (r >= p.foldable.size()) {
      whole_.push_back(std::move(h));
      continue;
    }
    if (!p.marked_by[r].empty()) h.suppressed_by = RulesInEvent(hits, first, p.marked_by[r]);
    if (p.foldable[r] != 0 && (p.kept_by[r].empty() || !HitInEvent(hits, first, p.kept_by[r]))) {
      Fold(std::move(h));
    } else {
      whole_.push_back(std::move(h));
    }
  }
  hits.resize(first);
}

void HitStore::Count(Group& g, const Hit& h) {
  g.extra += 1 + h.folded;
  g.extra_first = MinTime(MinTime(g.extra_first, h.evidence.time), h.folded_first);
  g.extra_last = MaxTime(MaxTime(g.extra_last, h.evidence.time), h.folded_last);
  if (h.evidence.record_id != 0) {
    g.rid_lo = std::min(g.rid_lo, h.evidence.record_id);
    g.rid_hi = std::max(g.rid_hi, h.evidence.record_id);
  }
}

void HitStore::Fold(Hit&& h) {
  Group& g = groups_[GroupKey(h)];
  const auto at = std::upper_bound(g.kept.begin(), g.kept.end(), h, internal::HitLess);
  if (g.kept.size() < kMaxEvidence) {
    g.kept.insert(at, std::move(h));
    return;
  }
  if (at == g.kept.end()) {
    Count(g, h);
    return;
  }
  // h sorts before the last kept hit: it takes that hit's place, which is counted instead.
  Hit last = std::move(g.kept.back());
  g.kept.pop_back();
  g.kept.insert(at, std::move(h));
  Count(g, last);
}

void HitStore::MergeGroup(Group& into, Group&& from) {
  // Counted rests whose record ranges nest are the same log read twice (an EVTX and its
  // XML export, or an older export of it): keep the larger count, not the sum.
  const bool both_ranged = into.extra != 0 && from.extra != 0 && into.rid_lo <= into.rid_hi &&
                           from.rid_lo <= from.rid_hi && into.rid_lo != UINT64_MAX &&
                           from.rid_lo != UINT64_MAX;
  const bool nested = both_ranged && ((into.rid_lo <= from.rid_lo && from.rid_hi <= into.rid_hi) ||
                                      (from.rid_lo <= into.rid_lo && into.rid_hi <= from.rid_hi));
  into.extra = nested ? std::max(into.extra, from.extra) : into.extra + from.extra;
  into.extra_first = MinTime(into.extra_first, from.extra_first);
  into.extra_last = MaxTime(into.extra_last, from.extra_last);
  into.rid_lo = std::min(into.rid_lo, from.rid_lo);
  into.rid_hi = std::max(into.rid_hi, from.rid_hi);
  std::vector<Hit> all;
  all.reserve(into.kept.size() + from.kept.size());
  std::merge(std::make_move_iterator(into.kept.begin()), std::make_move_iterator(into.kept.end()),
             std::make_move_iterator(from.kept.begin()), std::make_move_iterator(from.kept.end()),
             std::back_inserter(all), internal::HitLess);
  into.kept.clear();
  for (Hit& h : all) {
    if (!into.kept.empty() && internal::SameRecord(into.kept.back().evidence, h.evidence)) {
      continue;  // the same record from two files: Correlate would drop it too
    }
    if (into.kept.size() < kMaxEvidence) {
      into.kept.push_back(std::move(h));
    } else if (!nested) {
      Count(into, h);
    }
    // nested: this file's rest is already counted by the larger of the two counts
  }
}

void HitStore::Merge(HitStore&& other) {
  whole_.insert(whole_.end(), std::make_move_iterator(other.whole_.begin()),
                std::make_move_iterator(other.whole_.end()));
  other.whole_.clear();
  for (auto& [key, g] : other.groups_) {
    auto [it, inserted] = groups_.try_emplace(key);
    if (inserted) {
      it->second = std::move(g);
    } else {
      MergeGroup(it->second, std::move(g));
    }
  }
  other.groups_.clear();
}

std::vector<Hit> HitStore::Release() {
  std::vector<Hit> out = std::move(whole_);
  whole_.clear();
  for (auto& [key, g] : groups_) {
    if (g.kept.empty()) continue;
    Hit& last = g.kept.back();
    last.folded += g.extra;
    last.folded_first = MinTime(last.folded_first, g.extra_first);
    last.folded_last = MaxTime(last.folded_last, g.extra_last);
    out.insert(out.end(), std::make_move_iterator(g.kept.begin()),
               std::make_move_iterator(g.kept.end()));
  }
  groups_.clear();
  return out;
}

size_t HitStore::held() const noexcept {
  size_t n = whole_.size();
  for (const auto& [key, g] : groups_) n += g.kept.size();
  return n;
}

uint64_t HitStore::counted() const noexcept {
  uint64_t n = 0;
  for (const auto& [key, g] : groups_) n += g.extra;
  return n;
}

}  // namespace logrx::rules
