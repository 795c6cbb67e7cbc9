// Single-event constructs, windows, sequences, suppression, de-duplication and order
// independence. Expected values come from the rule text and hand-placed timestamps.
// Designated initializers leave the other Ev members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/time.h"
#include "rules/rule_set.h"

namespace logrx::rules {
namespace {

constexpr int64_t kBase = FiletimeFromUnixSeconds(1015000000);  // 2002-03-01T16:26:40Z
constexpr int64_t kMin = 60 * kTicksPerSecond;

std::shared_ptr<const RuleSet> Load(const std::string& body) {
  std::vector<Status> errors;
  auto set = RuleSet::LoadFromString("<rules version=\"1\">\n" + body + "</rules>\n", "t.xml", errors);
  for (const Status& s : errors) FAIL(std::string(s.message()));
  return set;
}

struct Ev {
  std::string provider = "ClusSvc";
  uint16_t id = 1024;
  int64_t time = kBase;
  uint64_t record = 1;
  std::string message;
  std::vector<std::pair<std::string, std::string>> data;
  std::string computer = "EXCLUS1";
  uint8_t level = 2;
  std::string channel = "System";
  std::string source;
  uint32_t file = 0;
};

OwnedEvent Make(const Ev& e) {
  OwnedEvent o;
  o.set_provider(e.provider);
  o.set_event_source(e.source);
  o.set_channel(e.channel);
  o.set_computer(e.computer);
  if (!e.message.empty()) o.set_message(e.message, MessageOrigin::kExport);
  for (const auto& [n, v] : e.data) o.AddField(n, v);
  Event& h = o.mutable_header();
  h.event_id = e.id;
  h.time_created = e.time;
  h.record_id = e.record;
  h.level = e.level;
  h.where.file_id = e.file;
  h.where.offset = e.record * 100;
  return o;
}

std::vector<Hit> SelectAll(const RuleSet& set, const std::vector<Ev>& evs) {
  std::vector<Hit> hits;
  for (const Ev& e : evs) set.Select(Make(e).view(), hits);
  return hits;
}

std::vector<Match> Run(const RuleSet& set, const std::vector<Ev>& evs) {
  return set.Correlate(SelectAll(set, evs));
}

// "rule:count:first record" per match, for compact assertions.
std::vector<std::string> Summary(const std::vector<Match>& ms) {
  std::vector<std::string> out;
  for (const Match& m : ms) {
    out.push_back(fmt::format("{}:{}:{}", m.rule_id, m.count, m.evidence.empty() ? 0 : m.evidence[0].record_id));
  }
  return out;
}

const char* kSingle = R"(
  <rule id="imc" title="IMC" severity="high" kb="KB316772" cause="winlogon-holds-keys">
    <when>
      <provider>clussvc</provider>
      <event-id>1020-1024</event-id>
      <level>error</level>
      <prefer>
        <message regex="key (?P&lt;key>\S+IMC)\b"/>
        <field index="2" regex="IMC$" capture="key"/>
      </prefer>
    </when>
  </rule>
)";

TEST_SUITE("rules") {

TEST_CASE("select: provider is case-insensitive and the event id range is inclusive") {
  auto set = Load(kSingle);
  std::vector<Hit> hits;
  set->Select(Make({.provider = "CLUSSVC", .id = 1020, .message = "key Services\\MSExchangeIMC."}).view(), hits);
  set->Select(Make({.id = 1025, .message = "key Services\\MSExchangeIMC."}).view(), hits);
  set->Select(Make({.provider = "Autochk", .message = "key Services\\MSExchangeIMC."}).view(), hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].evidence.event_id == 1020);
  REQUIRE(hits[0].evidence.captures.size() == 1);
  CHECK(hits[0].evidence.captures[0].name == "key");
  CHECK(hits[0].evidence.captures[0].value == "Services\\MSExchangeIMC");
}

TEST_CASE("select: the legacy source name matches too") {
  auto set = Load(kSingle);
  std::vector<Hit> hits;
  set->Select(Make({.provider = "Service Control Manager", .message = "key AIMC", .source = "ClusSvc"}).view(), hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].evidence.provider == "ClusSvc");
}

TEST_CASE("select: level condition; level 0 of an EVT record falls back to its type") {
  auto set = Load(kSingle);
  std::vector<Hit> hits;
  set->Select(Make({.message = "key AIMC", .level = 3}).view(), hits);
  CHECK(hits.empty());
  OwnedEvent evt = Make({.message = "key AIMC", .level = 0});
  evt.mutable_header().evt_type = 1;  // EVENTLOG_ERROR_TYPE
  set->Select(evt.view(), hits);
  CHECK(hits.size() == 1);
}

TEST_CASE("select: <prefer> uses the message when present, else the positional field") {
  auto set = Load(kSingle);
  std::vector<Hit> hits;
  // Message present but naming another key: the field is not consulted.
  set->Select(Make({.message = "key Services\\MSExchangeES.", .data = {{"", "r"}, {"", "X\\MSExchangeIMC"}}}).view(), hits);
  CHECK(hits.empty());
  // No message: position 2 decides and is captured whole.
  set->Select(Make({.data = {{"", "r"}, {"", "X\\MSExchangeIMC"}}}).view(), hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].evidence.captures[0].value == "X\\MSExchangeIMC");
  // Neither present.
  set->Select(Make({.data = {{"", "only one"}}}).view(), hits);
  CHECK(hits.size() == 1);
}

TEST_CASE("select: named field equals with ignore-case, <any>, <all> and channel") {
  auto set = Load(R"(
  <rule id="r" title="T" severity="low" kb="KB1">
    <when>
      <event-id>7</event-id>
      <channel>system</channel>
      <field name="Status" equals="FAILED" ignore-case="true"/>
      <any>
        <message regex="^boom"/>
        <all><field name="Code" equals="5"/><field name="Node" capture="node"/></all>
      </any>
    </when>
  </rule>
)");
  std::vector<Hit> hits;
  set->Select(Make({.id = 7, .message = "boom", .data = {{"Status", "failed"}}}).view(), hits);
  CHECK(hits.size() == 1);
  set->Select(Make({.id = 7, .message = "quiet", .data = {{"Status", "Failed"}, {"Code", "5"}, {"Node", "N2"}}}).view(), hits);
  REQUIRE(hits.size() == 2);
  REQUIRE(hits[1].evidence.captures.size() == 1);
  CHECK(hits[1].evidence.captures[0].value == "N2");
  set->Select(Make({.id = 7, .message = "quiet", .data = {{"Status", "Failed"}, {"Code", "6"}, {"Node", "N2"}}}).view(), hits);
  set->Select(Make({.id = 7, .message = "boom", .data = {{"Status", "ok"}}}).view(), hits);
  set->Select(Make({.id = 7, .message = "boom", .data = {{"Status", "failed"}}, .channel = "Application"}).view(), hits);
  CHECK(hits.size() == 2);
}

TEST_CASE("select: several <when> of one rule give one hit per event") {
  auto set = Load(R"(
  <rule id="r" title="T" severity="low" kb="KB1">
    <when><provider>ClusSvc</provider></when>
    <when><event-id>1024</event-id></when>
  </rule>
)");
  std::vector<Hit> hits;
  set->Select(Make({}).view(), hits);
  CHECK(hits.size() == 1);
}

const char* kCount = R"(
  <rule id="c" title="T" severity="low" kb="KB1">
    <when><event-id>1069</event-id><message regex="'(?P&lt;resource>[^']*)'"/></when>
    <count min="3" within="1h" group-by="resource"/>
  </rule>
)";

Ev Failed(const std::string& res, int64_t t, uint64_t rec) {
  return Ev{.id = 1069, .time = t, .record = rec, .message = "Cluster resource '" + res + "' failed."};
}

TEST_CASE("count: the window is inclusive at exactly `within` and not one tick more") {
  auto set = Load(kCount);
  const int64_t hour = 60 * kMin;
  auto at_edge = Run(*set, {Failed("A", kBase, 1), Failed("A", kBase + 30 * kMin, 2), Failed("A", kBase + hour, 3)});
  REQUIRE(at_edge.size() == 1);
  CHECK(at_edge[0].count == 3);
  CHECK(at_edge[0].first_time == kBase);
  CHECK(at_edge[0].last_time == kBase + hour);
  CHECK(at_edge[0].captures.at(0).value == "A");
  CHECK(Run(*set, {Failed("A", kBase, 1), Failed("A", kBase + 30 * kMin, 2), Failed("A", kBase + hour + 1, 3)}).empty());
}

TEST_CASE("count: groups by the capture; overlapping windows merge into one match") {
  auto set = Load(kCount);
  CHECK(Run(*set, {Failed("A", kBase, 1), Failed("B", kBase + kMin, 2), Failed("A", kBase + 2 * kMin, 3)}).empty());
  // 0, 10, 20, 70, 80 min: windows {0,10,20} and {20,70,80}? 70-20 = 50 <= 60 -> {20,70,80}
  // shares event 20, so one match of 5 events.
  std::vector<Ev> evs;
  uint64_t rec = 1;
  for (int m : {0, 10, 20, 70, 80}) evs.push_back(Failed("A", kBase + m * kMin, rec++));
  auto ms = Run(*set, evs);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].count == 5);
  // 0, 10, 20, then 200, 210, 220: two separate matches.
  evs.clear();
  for (int m : {0, 10, 20, 200, 210, 220}) evs.push_back(Failed("A", kBase + m * kMin, rec++));
  CHECK(Summary(Run(*set, evs)) == std::vector<std::string>{"c:3:6", "c:3:9"});
}

TEST_CASE("count: evidence is capped while count keeps the true number") {
  auto set = Load(kCount);
  std::vector<Ev> evs;
  for (uint64_t i = 0; i < 25; ++i) evs.push_back(Failed("A", kBase + static_cast<int64_t>(i) * kMin, i + 1));
  auto ms = Run(*set, evs);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].count == 25);
  CHECK(ms[0].evidence.size() == kMaxEvidence);
  CHECK(ms[0].evidence.front().record_id == 1);
}

const char* kSequence = R"(
  <rule id="s" title="T" severity="low" kb="KB1">
    <sequence within="10m" join="resource">
      <step id="a"><when><event-id>1048</event-id><field index="1" capture="resource"/></when></step>
      <step id="b"><when><event-id>1069</event-id><field index="1" capture="resource"/></when></step>
    </sequence>
  </rule>
  <rule id="n" title="T" severity="low" kb="KB1">
    <sequence within="10m">
      <step id="a" absent="true"><when><event-id>6006</event-id></when></step>
      <step id="b"><when><event-id>6008</event-id></when></step>
    </sequence>
  </rule>
)";

Ev E(uint16_t id, int64_t t, uint64_t rec, std::string field = "R", std::string host = "EXCLUS1") {
  return Ev{.id = id, .time = t, .record = rec, .data = {{"", field}}, .computer = host};
}

TEST_CASE("sequence: A then B within the window; order and join matter") {
  auto set = Load(kSequence);
  auto ms = Run(*set, {E(1048, kBase, 1), E(1069, kBase + 10 * kMin, 2)});
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].rule_id == "s");
  CHECK(ms[0].count == 2);
  REQUIRE(ms[0].evidence.size() == 2);
  CHECK(ms[0].evidence[0].step == "a");
  CHECK(ms[0].evidence[1].step == "b");
  CHECK(Run(*set, {E(1069, kBase, 1), E(1048, kBase + kMin, 2)}).empty());            // B before A
  CHECK(Run(*set, {E(1048, kBase, 1), E(1069, kBase + 10 * kMin + 1, 2)}).empty());   // one tick late
  CHECK(Run(*set, {E(1048, kBase, 1, "X"), E(1069, kBase + kMin, 2, "Y")}).empty());  // join differs
}

TEST_CASE("sequence: B without a preceding A within the window") {
  auto set = Load(kSequence);
  CHECK(Summary(Run(*set, {E(6008, kBase, 5)})) == std::vector<std::string>{"n:1:5"});
  CHECK(Run(*set, {E(6006, kBase - 10 * kMin, 4), E(6008, kBase, 5)}).empty());
  CHECK(Summary(Run(*set, {E(6006, kBase - 10 * kMin - 1, 4), E(6008, kBase, 5)})) ==
        std::vector<std::string>{"n:1:5"});
}

const char* kSuppress = R"(
  <rule id="specific" title="T" severity="high" kb="KB1">
    <when><event-id>1024</event-id><message regex="IMC"/></when>
    <suppress rule="generic"/>
  </rule>
  <rule id="generic" title="T" severity="low" kb="KB2">
    <when><event-id>1024</event-id></when>
  </rule>
  <rule id="quorum" title="T" severity="low" kb="KB3">
    <when><event-id>1021</event-id></when>
    <suppress rule="join" scope="window" within="1h"/>
  </rule>
  <rule id="join" title="T" severity="low" kb="KB4">
    <when><event-id>1009</event-id></when>
  </rule>
)";

TEST_CASE("suppress: record scope removes the other rule's match for the same record only") {
  auto set = Load(kSuppress);
  auto ms = Run(*set, {Ev{.record = 1, .message = "IMC"}, Ev{.time = kBase + kMin, .record = 2, .message = "other"}});
  CHECK(Summary(ms) == std::vector<std::string>{"specific:1:1", "generic:1:2"});
}

TEST_CASE("suppress: window scope reaches `within` before and after, inclusive") {
  auto set = Load(kSuppress);
  const int64_t hour = 60 * kMin;
  auto ev = [](uint16_t id, int64_t t, uint64_t r) { return Ev{.id = id, .time = t, .record = r}; };
  CHECK(Summary(Run(*set, {ev(1021, kBase, 1), ev(1009, kBase + hour, 2)})) == std::vector<std::string>{"quorum:1:1"});
  CHECK(Summary(Run(*set, {ev(1009, kBase - hour, 2), ev(1021, kBase, 1)})) == std::vector<std::string>{"quorum:1:1"});
  CHECK(Summary(Run(*set, {ev(1009, kBase - hour - 1, 2), ev(1021, kBase, 1)})) ==
        std::vector<std::string>{"join:1:2", "quorum:1:1"});
  CHECK(Summary(Run(*set, {ev(1021, kBase, 1), ev(1009, kBase + hour + 1, 2)})) ==
        std::vector<std::string>{"quorum:1:1", "join:1:2"});
}

TEST_CASE("correlate: the same record from two files counts once") {
  auto set = Load(kCount);
  std::vector<Ev> evs;
  for (uint32_t file : {0u, 1u}) {
    for (uint64_t i = 0; i < 2; ++i) {
      Ev e = Failed("A", kBase + static_cast<int64_t>(i) * kMin, i + 1);
      e.file = file;
      evs.push_back(e);
    }
  }
  CHECK(Run(*set, evs).empty());  // 2 distinct records, not 4
}

TEST_CASE("correlate: output does not depend on hit order (threads may deliver any order)") {
  auto set = Load(std::string(kCount) + kSequence + kSuppress);
  std::vector<Ev> evs;
  for (uint64_t i = 0; i < 40; ++i) {
    const int64_t t = kBase + static_cast<int64_t>(i % 13) * 7 * kMin;
    switch (i % 5) {
      case 0: evs.push_back(Failed(i % 2 ? "A" : "B", t, i + 1)); break;
      case 1: evs.push_back(E(1048, t, i + 1)); break;
      case 2: evs.push_back(E(1069, t, i + 1)); break;
      case 3: evs.push_back(Ev{.time = t, .record = i + 1, .message = i % 2 ? "IMC" : "x"}); break;
      default: evs.push_back(E(6008, t, i + 1)); break;
    }
  }
  const std::vector<Hit> hits = SelectAll(*set, evs);
  const auto reference = Summary(set->Correlate(hits));
  REQUIRE(reference.size() > 5);
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::vector<Hit> shuffled = hits;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    CHECK(Summary(set->Correlate(shuffled)) == reference);
  }
}

TEST_CASE("correlate: every Match field is filled") {
  auto set = Load(kSingle);
  auto ms = Run(*set, {Ev{.time = kBase, .record = 9, .message = "key XIMC", .computer = "exclus1.corp"}});
  REQUIRE(ms.size() == 1);
  const Match& m = ms[0];
  CHECK(m.rule_id == "imc");
  CHECK(m.title == "IMC");
  CHECK(m.kb == "KB316772");
  CHECK(m.cause == "winlogon-holds-keys");
  CHECK(m.severity == RuleSeverity::kHigh);
  CHECK(m.host == "exclus1.corp");
  CHECK(m.first_time == kBase);
  CHECK(m.last_time == kBase);
  CHECK(m.count == 1);
  REQUIRE(m.captures.size() == 1);
  CHECK(m.captures[0].value == "XIMC");
  REQUIRE(m.evidence.size() == 1);
  CHECK(m.evidence[0].record_id == 9);
  CHECK(m.evidence[0].message == "key XIMC");
  CHECK(m.evidence[0].channel == "System");
  CHECK(m.evidence[0].where.offset == 900);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::rules
