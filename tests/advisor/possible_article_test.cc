// Possible articles (advisor.h): matches of rules and articles imported from the KB archive
// (`logrx kb import`, imported="true") advise only from the article's own facts. The
// knowledge base here is written in the test: one imported article for NT 4.0 whose
// hotfix Q900001 replaces Tcpip.sys 4.0.1381.7001 (Intel), one imported article with no
// <applies-to>, and an imported KB900003 beside a hand-written KB900003.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "advisor/advisor.h"
#include "core/diagnostic.h"
#include "kb/knowledge_base.h"
#include "support/kb_fixtures.h"

namespace logrx::advisor {
namespace {

using testkb::AddFile;
using testkb::Nt4Host;

const char kImported[] = R"(<kb version="1">
  <article id="KB900001" title="Tcpip 4199, fixed by Q900001" imported="true">
    <applies-to><os version="4.0" name="Windows NT"/></applies-to>
    <summary>Article Q900001 describes Tcpip 4199; fix: Q900001.</summary>
    <symptom source="Tcpip" event="4199">The system detected an address conflict.</symptom>
    <cause id="main" title="As stated in Q900001">
      <summary>Q900001 states Tcpip 4199. Packages it names: Q900001.</summary>
      <fix package="Q900001"/>
    </cause>
  </article>
  <article id="KB900002" title="Srv 2019 (no scope), fixed by Q900002" imported="true">
    <summary>Article Q900002 describes Srv 2019; fix: Q900002.</summary>
    <symptom source="Srv" event="2019">The server was unable to allocate from the system nonpaged pool.</symptom>
    <cause id="main" title="As stated in Q900002">
      <summary>Q900002 states Srv 2019. Packages it names: Q900002.</summary>
      <fix package="Q900002"/>
    </cause>
  </article>
  <article id="KB900003" title="imported KB900003, fixed by Q900003" imported="true">
    <applies-to><os version="4.0" name="Windows NT"/></applies-to>
    <summary>Imported twin of a hand-written article.</summary>
    <cause id="main" title="As stated in Q900003">
      <summary>Q900003 states Srv 2020.</summary>
      <fix package="Q900003"/>
    </cause>
  </article>
  <package id="Q900001" kind="hotfix" name="Q900001 hotfix" imported="true" platforms="Intel">
    <detect hotfix="Q900001" inferred="true"/>
    <file name="Tcpip.sys" platform="Intel" version="4.0.1381.7001"/>
  </package>
  <package id="Q900002" kind="hotfix" name="Q900002 hotfix" imported="true" platforms="Intel">
    <detect hotfix="Q900002" inferred="true"/>
    <file name="Srv.sys" platform="Intel" version="4.0.1381.7002"/>
  </package>
  <package id="Q900003" kind="hotfix" name="Q900003 hotfix" imported="true" platforms="Intel">
    <detect hotfix="Q900003" inferred="true"/>
    <file name="Srv.sys" platform="Intel" version="4.0.1381.7003"/>
  </package>
</kb>
)";

const char kHandWritten[] = R"(<kb version="1">
  <article id="KB900003" title="Hand-written KB900003">
    <applies-to><os version="4.0" name="Windows NT"/></applies-to>
    <summary>The hand-written entry.</summary>
    <cause id="pool" title="Nonpaged pool">
      <summary>The hand-written cause.</summary>
      <fix package="Q900009"/>
    </cause>
  </article>
  <package id="Q900009" kind="hotfix" name="Hand-written fix" platforms="Intel">
    <detect hotfix="Q900009"/>
    <file name="Srv.sys" platform="Intel" version="4.0.1381.7009"/>
  </package>
</kb>
)";

std::shared_ptr<const kb::KnowledgeBase> TestKb() {
  NullDiagnosticSink sink;
  auto kb = kb::LoadKnowledgeBaseText({{"kb/hand.xml", kHandWritten}, {"kb/archive/q900.xml", kImported}},
                                      sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  return kb.value();
}

// A match of an imported rule; `matched` is what its message pattern matched ("" = the
// rule has no pattern: the article gives no description).
rules::Match ImportedMatch(const std::string& host, const std::string& kb, uint16_t id,
                           const std::string& provider, const std::string& matched) {
  rules::Match m;
  m.rule_id = "kb" + kb.substr(2) + "-test";
  m.title = provider + " " + std::to_string(id) + ": possible article " + kb;
  m.kb = kb;
  m.severity = matched.empty() ? rules::RuleSeverity::kInfo : rules::RuleSeverity::kLow;
  m.imported = true;
  m.host = host;
  m.count = 1;
  rules::EvidenceRef e;
  e.record_id = 7;
  e.event_id = id;
  e.provider = provider;
  e.message = matched.empty() ? "some text" : "Prefix. " + matched;
  e.matched = matched;
  m.evidence.push_back(e);
  return m;
}

// An Intel NT 4.0 SP6 host whose Tcpip.sys and Srv.sys predate every fix above.
inventory::HostFacts OldNt4Host() {
  inventory::HostFacts h = Nt4Host("OLDNT4", 6);
  h.os.arch = inventory::Arch::kX86;
  AddFile(h, "tcpip.sys", "4.0.1381.4", "1996-07-01", 100000, inventory::Arch::kX86);
  AddFile(h, "srv.sys", "4.0.1381.4", "1996-07-01", 100000, inventory::Arch::kX86);
  return h;
}

std::vector<std::string> PlanPackages(const HostReport& r) {
  std::vector<std::string> out;
  for (const PlanStep& s : r.plan) out.push_back(std::string(StepKindName(s.kind)) + ":" + s.package);
  return out;
}

TEST_SUITE("advisor") {

TEST_CASE("possible article: on a host its facts fit, an imported match with text advises its own package") {
  auto kb = TestKb();
  const HostReport r =
      Advise(*kb, OldNt4Host(), {ImportedMatch("OLDNT4", "KB900001", 4199, "Tcpip", "address conflict")});
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.imported);
  CHECK(f.applies == "applies");
  CHECK(f.status == FixStatus::kNeedsAction);  // Tcpip.sys 4.0.1381.4 < 4.0.1381.7001
  // Only the package the article names: no procedure, no investigation, no other package.
  CHECK(PlanPackages(r) == std::vector<std::string>{"install:Q900001"});
  CHECK(r.overall == FixStatus::kNeedsAction);
}

TEST_CASE("possible article: an imported rule without a message pattern is informational only") {
  auto kb = TestKb();
  // The same host and article as above: only the missing matched text differs.
  const HostReport r = Advise(*kb, OldNt4Host(), {ImportedMatch("OLDNT4", "KB900001", 4199, "Tcpip", "")});
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.imported);
  CHECK(f.status == FixStatus::kInformational);
  CHECK(f.status_reason.find("only the event ID and source matched") != std::string::npos);
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kInformational);
}

TEST_CASE("possible article: a host whose OS does not fit gets no plan step from it") {
  auto kb = TestKb();
  inventory::HostFacts w10 = OldNt4Host();
  w10.host = "W10";
  w10.os.product = "Windows 10 Pro";
  w10.os.version = "10.0";
  w10.os.build = "19045";
  w10.os.sp = 0;
  const HostReport r = Advise(*kb, w10, {ImportedMatch("W10", "KB900001", 4199, "Tcpip", "address conflict")});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].imported);
  CHECK(r.findings[0].applies == "does-not-apply");
  CHECK(r.findings[0].status == FixStatus::kInformational);
  CHECK(r.findings[0].checks.empty());
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kInformational);
}

TEST_CASE("possible article: unknown OS or unstated scope keeps the host out of needs-action") {
  auto kb = TestKb();
  inventory::HostFacts unknown_os = OldNt4Host();
  unknown_os.os.known = false;
  unknown_os.os.version.clear();
  const HostReport a =
      Advise(*kb, unknown_os, {ImportedMatch("OLDNT4", "KB900001", 4199, "Tcpip", "address conflict")});
  REQUIRE(a.findings.size() == 1);
  CHECK(a.findings[0].applies == "facts-missing");
  CHECK(a.findings[0].status == FixStatus::kInformational);
  CHECK(a.findings[0].status_reason.rfind("Possible article: ", 0) == 0);
  CHECK(a.plan.empty());
  // KB900002 states no <applies-to>: its scope is unknown, so even old files decide nothing.
  const HostReport b =
      Advise(*kb, OldNt4Host(), {ImportedMatch("OLDNT4", "KB900002", 2019, "Srv", "nonpaged pool")});
  REQUIRE(b.findings.size() == 1);
  CHECK(b.findings[0].applies == "unstated");
  CHECK(b.findings[0].status == FixStatus::kInformational);
  CHECK(b.plan.empty());
  CHECK(b.overall == FixStatus::kInformational);
}

TEST_CASE("possible article: an imported rule naming an article the KB lacks plans no investigation") {
  auto kb = TestKb();
  const HostReport r =
      Advise(*kb, OldNt4Host(), {ImportedMatch("OLDNT4", "KB900077", 1, "Srv", "text")});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].imported);
  CHECK(r.findings[0].status == FixStatus::kInformational);
  CHECK(r.plan.empty());
}

TEST_CASE("possible article: the hand-written article of the same id wins") {
  auto kb = TestKb();
  const kb::Article* a = kb->FindArticle("KB900003");
  REQUIRE(a != nullptr);
  CHECK_FALSE(a->imported);
  // A hand-written rule pointing at KB900003: the hand-written cause, package and wording.
  rules::Match m = ImportedMatch("OLDNT4", "KB900003", 2020, "Srv", "");
  m.imported = false;
  m.severity = rules::RuleSeverity::kMedium;
  m.evidence[0].matched.clear();
  const HostReport r = Advise(*kb, OldNt4Host(), {m});
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK_FALSE(f.imported);
  CHECK(f.title == "Hand-written KB900003");
  CHECK(f.cause_id == "pool");
  CHECK(f.status == FixStatus::kNeedsAction);
  CHECK(PlanPackages(r) == std::vector<std::string>{"install:Q900009"});
  CHECK(kb->FindPackage("Q900003") != nullptr);  // the imported package itself still loads
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::advisor
