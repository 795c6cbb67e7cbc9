// HitStore: one host's hits with memory bounded by rules x capture keys, not by events.
//
//   HitStore store(&rule_set->fold_policy());
//   scratch.clear();  rule_set->Select(ev, scratch);  store.AddEventHits(scratch);  // per event
//   other_file_store -> store.Merge(std::move(other));                                // per file
//   std::vector<Match> m = rule_set->Correlate(store.Release());                      // per host
//
// Hits of single-event rules whose outcome cannot depend on other events are folded per
// (rule, step, channel, capture key): the first kMaxEvidence hits in Correlate's order are
// kept whole (they become the evidence), the rest are only counted (count, first and last
// time, record-id range). Everything else (windowed rules, sequences, suppression by window
// or by a multi-event rule) is kept whole, since Correlate needs every hit of it.
// A hit of a single-event rule T in an event where single-event rules S that suppress T
// by record also hit is marked with them (Hit::suppressed_by) and folded apart from T's
// unmarked hits (the marks are part of the capture key): Correlate suppresses it when one
// of the S is active on the host (RuleActive), which is known only once the host's facts
// are; S's own hits may be folded by then, so the mark is what carries the verdict (exact).
//
// Folding is exact for counts within one file. The same record read from two files of one
// host is recognised among the kept hits (Correlate's SameRecord); for the counted rest,
// two files whose counted record-id ranges (same channel) nest are taken as copies of one
// log (the larger count is kept), other pairs are added (docs/limits.md).
//
// Not thread-safe (one store per file and host); the policy must outlive the store.
#ifndef LOGRX_RULES_HIT_STORE_H_
#define LOGRX_RULES_HIT_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rules/rule_set.h"

namespace logrx::rules {

// Per rule (by index in the RuleSet), what HitStore may do with its hits.
struct FoldPolicy {
  // Single-event rule; not suppressed by window; suppresses only single-event rules, by
  // record. Its hits may be counted instead of kept.
  std::vector<uint8_t> foldable;
  // T -> single-event rules that suppress T by record (T single too): T's hit is marked
  // with those of them that hit the same event (Hit::suppressed_by).
  std::vector<std::vector<uint32_t>> marked_by;
  // T -> multi-event rules that suppress T by record: while one of them hit the same
  // event, T's hit is kept whole (the sequence may or may not complete).
  std::vector<std::vector<uint32_t>> kept_by;
};

class HitStore {
 public:
  // `policy` null: nothing is folded or marked (every hit kept, as Select gave it).
  explicit HitStore(const FoldPolicy* policy = nullptr) : policy_(policy) {}
  HitStore(HitStore&&) noexcept = default;
  HitStore& operator=(HitStore&&) noexcept = default;

  // Takes hits[first..] (the hits Select appended for ONE event) and erases them.
  void AddEventHits(std::vector<Hit>& hits, size_t first = 0);
  // Adds another store's hits (another file of the same host; call in file order).
  void Merge(HitStore&& other);
  // All hits for Correlate; a folded group's count rides on its last kept hit
  // (Hit::folded, folded_first, folded_last). Leaves the store empty.
  std::vector<Hit> Release();
  // Hits held whole (kept plus folded-group evidence), for tests and limits.
  size_t held() const noexcept;
  // Events counted without being held.
  uint64_t counted() const noexcept;

 private:
  struct Group {
    std::vector<Hit> kept;  // <= kMaxEvidence, sorted in Correlate's order
    uint64_t extra = 0;     // hits counted, not kept
    int64_t extra_first = kNoTime, extra_last = kNoTime;
    uint64_t rid_lo = UINT64_MAX, rid_hi = 0;  // record ids of the counted hits
  };
  void Fold(Hit&& h);
  static void Count(Group& g, const Hit& h);
  static void MergeGroup(Group& into, Group&& from);

  const FoldPolicy* policy_;
  std::vector<Hit> whole_;
  std::map<std::string, Group> groups_;
};

}  // namespace logrx::rules

#endif  // LOGRX_RULES_HIT_STORE_H_
