// HitStore: folding keeps memory per (rule, capture key) and changes no result. Expected
// values are counted by hand from the generated events; the property test compares the
// folded path with Correlate over every hit.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/time.h"
#include "rules/hit_store.h"
#include "rules/rule_set.h"

namespace logrx::rules {
namespace {

constexpr int64_t kT0 = FiletimeFromUnixSeconds(1015000000);
constexpr int64_t kSec = kTicksPerSecond;

std::shared_ptr<const RuleSet> LoadRules(const std::string& body) {
  std::vector<Status> errors;
  auto set = RuleSet::LoadFromString("<rules version=\"1\">\n" + body + "</rules>\n", "t.xml", errors);
  for (const Status& s : errors) FAIL(std::string(s.message()));
  return set;
}

OwnedEvent Ev1024(uint64_t record, int64_t time, const std::string& resource,
                  const std::string& key, uint32_t file = 0) {
  OwnedEvent o;
  o.set_provider("ClusSvc");
  o.set_channel("System");
  o.set_computer("EXCLUS1");
  o.AddField("", resource);
  o.AddField("", key);
  Event& h = o.mutable_header();
  h.event_id = 1024;
  h.time_created = time;
  h.record_id = record;
  h.level = 2;
  h.where.file_id = file;
  h.where.offset = record * 100;
  return o;
}

const char* kRules = R"(
  <rule id="imc" title="IMC" severity="high" kb="KB316772">
    <when><provider>ClusSvc</provider><event-id>1024</event-id>
      <field index="1" capture="resource"/>
      <field index="2" regex="MSExchangeIMC" capture="key"/></when>
    <suppress rule="generic" scope="record"/>
    <examples/>
  </rule>
  <rule id="generic" title="G" severity="medium" kb="KB174070">
    <when><provider>ClusSvc</provider><event-id>1024</event-id>
      <field index="1" capture="resource"/><field index="2" capture="key"/></when>
    <examples/>
  </rule>
  <rule id="burst" title="B" severity="low" kb="KB1">
    <when><provider>ClusSvc</provider><event-id>1024</event-id>
      <field index="2" regex="Spooler" capture="key"/></when>
    <count min="3" within="1m" group-by="key"/>
    <examples/>
  </rule>
)";

std::string Key(int i) {
  return i % 3 == 0 ? "SYSTEM\\Services\\Spooler" : "SYSTEM\\Services\\MSExchangeIMC";
}
std::string Res(int i) { return i % 5 == 0 ? "IMC B" : "IMC A"; }

std::vector<std::string> Describe(const std::vector<Match>& ms) {
  std::vector<std::string> out;
  for (const Match& m : ms) {
    out.push_back(fmt::format("{} n={} first={} last={} ev={} r0={}", m.rule_id, m.count,
                              m.first_time, m.last_time, m.evidence.size(),
                              m.evidence.empty() ? 0 : m.evidence.front().record_id));
  }
  return out;
}

TEST_SUITE("rules") {

TEST_CASE("hit store: 10000 matching events are counted in one match, 20 held") {
  auto set = LoadRules(kRules);
  HitStore store(set->fold_policy());
  std::vector<Hit> scratch;
  for (int i = 1; i <= 10000; ++i) {
    scratch.clear();
    set->Select(Ev1024(static_cast<uint64_t>(i), kT0 + i * kSec, "IMC A",
                       "SYSTEM\\Services\\MSExchangeIMC").view(), scratch);
    store.AddEventHits(scratch);
  }
  // generic's hits are folded too, marked as suppressed by imc (whether that suppression
  // counts is decided per host by Correlate): 20 held and the rest counted, per rule.
  CHECK(store.held() == 2 * kMaxEvidence);
  CHECK(store.counted() == 2 * (10000 - kMaxEvidence));
  std::vector<Match> ms = set->Correlate(store.Release());
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].rule_id == "imc");
  CHECK(ms[0].count == 10000);
  CHECK(ms[0].first_time == kT0 + 1 * kSec);
  CHECK(ms[0].last_time == kT0 + 10000 * kSec);
  REQUIRE(ms[0].evidence.size() == kMaxEvidence);
  CHECK(ms[0].evidence.front().record_id == 1);
  CHECK(ms[0].evidence.back().record_id == kMaxEvidence);
}

TEST_CASE("hit store: a suppressing rule that is not active on the host suppresses nothing") {
  auto set = LoadRules(kRules);
  HitStore store(set->fold_policy());
  std::vector<Hit> scratch;
  for (int i = 1; i <= 1000; ++i) {
    scratch.clear();
    // Every 4th event names another key: only generic matches it.
    set->Select(Ev1024(static_cast<uint64_t>(i), kT0 + i * kSec, "IMC A",
                       i % 4 == 0 ? "SYSTEM\\Services\\Other" : "SYSTEM\\Services\\MSExchangeIMC").view(),
                scratch);
    store.AddEventHits(scratch);
  }
  std::vector<Hit> hits = store.Release();
  const RuleActive imc_off = [](const RuleInfo& r) { return r.id != "imc"; };
  std::vector<Match> off = set->Correlate(hits, imc_off);
  std::vector<Match> on = set->Correlate(std::move(hits));
  // imc active: generic keeps only the 250 events imc did not match.
  REQUIRE(on.size() == 2);
  uint32_t generic_on = 0, imc_on = 0;
  for (const Match& m : on) {
    if (m.rule_id == "generic") generic_on += m.count;
    if (m.rule_id == "imc") imc_on += m.count;
  }
  CHECK(imc_on == 750);
  CHECK(generic_on == 250);
  // imc not active: its own match stays, and generic has every event again.
  uint32_t generic_off = 0, imc_off_n = 0;
  for (const Match& m : off) {
    if (m.rule_id == "generic") generic_off += m.count;
    if (m.rule_id == "imc") imc_off_n += m.count;
  }
  CHECK(imc_off_n == 750);
  CHECK(generic_off == 1000);
}

TEST_CASE("hit store: the same log read from two files counts once") {
  auto set = LoadRules(kRules);
  HitStore a(set->fold_policy()), b(set->fold_policy());
  std::vector<Hit> scratch;
  for (int i = 1; i <= 500; ++i) {
    for (HitStore* s : {&a, &b}) {
      if (s == &b && i > 300) continue;  // b: an older export, the first 300 records
      scratch.clear();
      set->Select(Ev1024(static_cast<uint64_t>(i), kT0 + i * kSec, "IMC A",
                         "SYSTEM\\Services\\MSExchangeIMC", s == &a ? 0 : 1).view(), scratch);
      s->AddEventHits(scratch);
    }
  }
  a.Merge(std::move(b));
  std::vector<Match> ms = set->Correlate(a.Release());
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].count == 500);
}

TEST_CASE("hit store: folding gives what Correlate over every hit gives") {
  auto set = LoadRules(kRules);
  std::mt19937 rng(15);
  for (int round = 0; round < 20; ++round) {
    HitStore store(set->fold_policy());
    std::vector<Hit> all, scratch;
    const int n = 50 + static_cast<int>(rng() % 400);
    int64_t t = kT0;
    for (int i = 1; i <= n; ++i) {
      t += static_cast<int64_t>(rng() % 40) * kSec;
      const int k = static_cast<int>(rng() % 15);
      OwnedEvent ev = Ev1024(static_cast<uint64_t>(i), t, Res(k), Key(k));
      set->Select(ev.view(), all);
      scratch.clear();
      set->Select(ev.view(), scratch);
      store.AddEventHits(scratch);
    }
    CAPTURE(round);
    std::vector<Hit> folded = store.Release();
    const RuleActive imc_off = [](const RuleInfo& r) { return r.id != "imc"; };
    CHECK(Describe(set->Correlate(folded, imc_off)) == Describe(set->Correlate(all, imc_off)));
    CHECK(Describe(set->Correlate(std::move(folded))) == Describe(set->Correlate(std::move(all))));
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::rules
