// Single-event condition evaluation. The first pass (captures == nullptr) allocates
// nothing: RE2 runs without submatches, which also lets it use its DFA only.
#include <algorithm>

#include "core/strings.h"
#include "rules/rule_model_internal.h"

namespace logrx::rules::internal {

namespace {

// Finds the input of a kField/kMessage predicate; false when the event has none.
bool Input(const Predicate& p, const Event& ev, std::string_view& out) noexcept {
  if (p.kind == PredicateKind::kMessage) {
    if (ev.message.empty()) return false;
    out = ev.message;
    return true;
  }
  if (p.field_index != 0) {
    if (p.field_index > ev.data.size()) return false;
    out = ev.data[p.field_index - 1].value;
    return true;
  }
  for (const Field& f : ev.data) {
    if (f.name == p.field_name) {
      out = f.value;
      return true;
    }
  }
  return false;
}

bool Present(const Predicate& p, const Event& ev) noexcept {
  std::string_view unused;
  switch (p.kind) {
    case PredicateKind::kField:
    case PredicateKind::kMessage:
      return Input(p, ev, unused);
    case PredicateKind::kPrefer:
    case PredicateKind::kAny:
      for (const Predicate& c : p.children) {
        if (Present(c, ev)) return true;
      }
      return false;
    case PredicateKind::kAll:
      for (const Predicate& c : p.children) {
        if (!Present(c, ev)) return false;
      }
      return true;
  }
  return false;
}

bool EvalPredicate(const Predicate& p, const Event& ev, std::vector<Capture>* captures,
                   std::string* matched) {
  switch (p.kind) {
    case PredicateKind::kPrefer:
      for (const Predicate& c : p.children) {
        if (Present(c, ev)) return EvalPredicate(c, ev, captures, matched);
      }
      return false;
    case PredicateKind::kAny:
      for (const Predicate& c : p.children) {
        if (EvalPredicate(c, ev, captures, matched)) return true;
      }
      return false;
    case PredicateKind::kAll: {
      // Captures of a failed group must not leak into the hit.
      const size_t mark = captures != nullptr ? captures->size() : 0;
      const bool had_span = matched != nullptr && !matched->empty();
      for (const Predicate& c : p.children) {
        if (!EvalPredicate(c, ev, captures, matched)) {
          if (captures != nullptr) captures->resize(mark);
          if (matched != nullptr && !had_span) matched->clear();
          return false;
        }
      }
      return true;
    }
    case PredicateKind::kField:
    case PredicateKind::kMessage:
      break;
  }
  std::string_view text;
  if (!Input(p, ev, text)) return false;
  if (p.has_equals) {
    if (p.ignore_case ? !EqualsNoCase(text, p.equals) : text != p.equals) return false;
  }
  if (p.regex) {
    const RE2* re = p.regex->re();  // a deferred pattern compiles here, once
    const bool want_span = captures != nullptr && matched != nullptr &&
                           p.kind == PredicateKind::kMessage && matched->empty();
    if (captures == nullptr || (p.regex_groups.empty() && !want_span)) {
      if (!re->Match(text, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) return false;
    } else {
      // Only reached for an event that already passed the cheap pass: allocation is fine.
      const int n = 1 + re->NumberOfCapturingGroups();
      std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
      if (!re->Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(), n)) {
        return false;
      }
      for (const auto& [name, index] : p.regex_groups) {
        const re2::StringPiece& g = groups[static_cast<size_t>(index)];
        captures->push_back(Capture{name, std::string(g.data(), g.size())});
      }
      if (want_span) matched->assign(groups[0].data(), groups[0].size());
    }
  }
  if (captures != nullptr && !p.capture.empty()) {
    captures->push_back(Capture{p.capture, std::string(text)});
  }
  return true;
}

}  // namespace

uint8_t EffectiveLevel(const Event& ev) noexcept {
  if (ev.level != 0) return ev.level;
  switch (ev.evt_type) {
    case 1: return 2;
    case 2: return 3;
    default: return 4;
  }
}

bool ConditionMatchesProviderAndId(const Condition& c, const Event& ev) noexcept {
  if (!c.event_ids.empty() &&
      !std::binary_search(c.event_ids.begin(), c.event_ids.end(), ev.event_id)) {
    return false;
  }
  if (c.providers.empty()) return true;
  for (const std::string& p : c.providers) {
    if (EqualsNoCase(p, ev.provider) || EqualsNoCase(p, ev.event_source)) return true;
  }
  return false;
}

bool EvalCondition(const Condition& c, const Event& ev, std::vector<Capture>* captures,
                   std::string* matched) {
  if (c.level_mask != 0) {
    const uint8_t level = EffectiveLevel(ev);
    if (level > 5 || (c.level_mask & (1u << level)) == 0) return false;
  }
  if (!c.channels.empty()) {
    bool any = false;
    for (const std::string& ch : c.channels) any = any || EqualsNoCase(ch, ev.channel);
    if (!any) return false;
  }
  for (const Predicate& p : c.predicates) {
    if (!EvalPredicate(p, ev, captures, matched)) return false;
  }
  return true;
}

}  // namespace logrx::rules::internal
