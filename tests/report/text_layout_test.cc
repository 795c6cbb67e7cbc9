// The text report's first screen: hosts by urgency (needs action before unknown, worst
// severity first, then name), groups of hosts with nothing to do, packages with host
// names; -q stops there; --details prints every host; many hosts get a per-kind overview.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "report/fleet_summary.h"
#include "report/sinks.h"

namespace logrx::report {

namespace {

using advisor::FixStatus;

advisor::HostReport Host(const std::string& name, FixStatus status, rules::RuleSeverity sev,
                         const std::string& article, const std::string& package) {
  advisor::HostReport h;
  h.host = name;
  h.events_read = 3;
  h.overall = status;
  if (article.empty()) return h;
  advisor::Finding f;
  f.article = article;
  f.title = "title of " + article;
  f.cause_id = "main";
  f.cause = "the cause of " + article;
  f.tells_apart = "how " + article + " is told apart";
  f.severity = sev;
  f.status = status;
  if (status == FixStatus::kUnknown) {
    advisor::CheckResult c;
    c.package = package;
    c.kind = "file";
    c.target = "Winlogon.exe";
    c.verdict = advisor::Verdict::kUnknown;
    c.to_collect = "run: dir winlogon.exe";
    f.checks.push_back(c);
  }
  h.findings.push_back(f);
  if (!package.empty() && (status == FixStatus::kNeedsAction || status == FixStatus::kUnknown)) {
    advisor::PlanStep s;
    s.order = 1;
    s.package = package;
    s.title = "the package";
    s.for_articles = {article};
    h.plan.push_back(s);
  }
  return h;
}

std::string Render(const std::vector<advisor::HostReport>& hosts, TextDetail detail) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  {
    Output out(f);
    SinkOptions o;
    o.detail = detail;
    std::unique_ptr<Sink> sink = MakeSink(Format::kText, out, o);
    RunInfo info;
    Replay(*sink, info, hosts, {}, ComputeStats({}, hosts, {}, false));
  }
  std::fclose(f);
  std::string s(data, size);
  std::free(data);
  return s;
}

size_t LineOf(const std::string& text, const std::string& start) {
  size_t line = 0, pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, start.size(), start) == 0) return line;
    const size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    pos = nl + 1;
    ++line;
  }
  return std::string::npos;
}

std::vector<advisor::HostReport> Fleet() {
  using rules::RuleSeverity;
  return {Host("ALPHA", FixStatus::kUnknown, RuleSeverity::kCritical, "KB1", "Q1"),
          Host("BRAVO", FixStatus::kNeedsAction, RuleSeverity::kLow, "KB2", "Q2"),
          Host("CHARLIE", FixStatus::kNeedsAction, RuleSeverity::kCritical, "KB1", "Q1"),
          Host("DELTA", FixStatus::kFixed, RuleSeverity::kHigh, "KB1", ""),
          Host("ECHO", FixStatus::kFixed, RuleSeverity::kHigh, "", "")};
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("text layout: hosts by urgency, then groups and packages, then details") {
  const std::string t = Render(Fleet(), TextDetail::kDefault);
  CAPTURE(t);
  CHECK(t.rfind("5 hosts: 2 need action, 1 cannot be proven fixed, 1 fixed, 1 clean\n", 0) == 0);
  const size_t charlie = LineOf(t, "CHARLIE "), bravo = LineOf(t, "BRAVO "), alpha = LineOf(t, "ALPHA ");
  REQUIRE(charlie != std::string::npos);
  CHECK(charlie < bravo);  // critical before low
  CHECK(bravo < alpha);    // needs action before unknown, whatever the severity
  CHECK(t.find("CHARLIE  needs action  KB1      install Q1\n") != std::string::npos);
  CHECK(t.find("ALPHA    unknown       KB1      collect Winlogon.exe\n") != std::string::npos);
  CHECK(t.find("fixed          KB1  1 host: DELTA\n") != std::string::npos);
  CHECK(t.find("clean               1 host: ECHO\n") != std::string::npos);
  CHECK(t.find("install Q1  on 1 host: CHARLIE; if not installed, on 1 host: ALPHA\n") !=
        std::string::npos);
  // Details: the attention hosts only; each article's cause once.
  CHECK(LineOf(t, "CHARLIE  needs action\n") != std::string::npos);
  CHECK(LineOf(t, "DELTA  fixed") == std::string::npos);
  size_t causes = 0;
  for (size_t p = t.find("the cause of KB1"); p != std::string::npos; p = t.find("the cause of KB1", p + 1)) ++causes;
  CHECK(causes == 1);
  CHECK(t.find("told apart  how KB1 is told apart") != std::string::npos);
  CHECK(t.find("    - run: dir winlogon.exe\n") != std::string::npos);
}

TEST_CASE("text layout: -q is the summary only; --details shows every host") {
  const std::string q = Render(Fleet(), TextDetail::kSummary);
  CHECK(q.find("Details") == std::string::npos);
  CHECK(q.find("Summary:") == std::string::npos);
  CHECK(q.find("CHARLIE  needs action") != std::string::npos);
  const std::string all = Render(Fleet(), TextDetail::kAll);
  CHECK(LineOf(all, "DELTA  fixed") != std::string::npos);
  CHECK(LineOf(all, "ECHO  clean (3 events, 0 files)") != std::string::npos);
  CHECK(all.find("Summary: 5 hosts") != std::string::npos);
}

TEST_CASE("text layout: more than 20 hosts needing attention get one line per kind first") {
  std::vector<advisor::HostReport> many;
  for (int i = 0; i < 30; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "N%02d", i);
    many.push_back(Host(name, i % 2 ? FixStatus::kNeedsAction : FixStatus::kUnknown,
                        rules::RuleSeverity::kHigh, i % 2 ? "KB2" : "KB1", i % 2 ? "Q2" : "Q1"));
  }
  const std::string t = Render(many, TextDetail::kSummary);
  CAPTURE(t);
  CHECK(t.find("30 hosts need attention, 2 kinds:\n") != std::string::npos);
  CHECK(t.find("KB2  install Q2 (15 hosts): N01, N03") != std::string::npos);
  CHECK(LineOf(t, "needs action  KB2") < LineOf(t, "unknown       KB1"));
  CHECK(LineOf(t, "30 hosts need attention") < LineOf(t, "N01 "));
}

}  // TEST_SUITE

}  // namespace logrx::report
