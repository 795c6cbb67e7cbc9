#include "support/report_fixtures.h"

#include "core/time.h"
#include "report/fleet_summary.h"

namespace logrx::testing {

namespace {

using advisor::CheckResult;
using advisor::Finding;
using advisor::FixStatus;
using advisor::HostReport;
using advisor::PlanStep;
using advisor::StepKind;
using advisor::Verdict;

int64_t T(int y, int mo, int d, int h, int mi, int s) {
  CivilTime c{};
  c.year = y;
  c.month = mo;
  c.day = d;
  c.hour = h;
  c.minute = mi;
  c.second = s;
  int64_t t = 0;
  FiletimeFromCivil(c, t);
  return t;
}

rules::Match ClusMatch(const std::string& host, uint32_t file_id, uint64_t record, uint32_t line) {
  rules::Match m;
  m.rule_id = "clussvc-1024";
  m.title = "Cluster registry checkpoint could not be restored";
  m.kb = "KB316772";
  m.cause = "winlogon-holds-keys";
  m.severity = rules::RuleSeverity::kHigh;
  m.host = host;
  m.first_time = T(2002, 3, 4, 10, 0, 0);
  m.last_time = T(2002, 3, 4, 10, 5, 0);
  m.count = 2;
  m.captures.push_back({"key", "Software\\Microsoft\\Exchange"});
  rules::EvidenceRef e;
  e.where.file_id = file_id;
  e.where.line = line;
  e.record_id = record;
  e.time = m.first_time;
  e.event_id = 1024;
  e.provider = "ClusSvc";
  e.channel = "System";
  e.message = "The registry checkpoint for cluster resource Exchange IMC could not be restored.";
  e.captures = m.captures;
  m.evidence.push_back(e);
  return m;
}

CheckResult Check(const std::string& target, Verdict v, const std::string& found) {
  CheckResult c;
  c.package = "Q299444";
  c.kind = "file";
  c.target = target;
  c.platform = "Intel";
  c.required = target == "Winlogon.exe" ? "192,272 bytes, 2000-04-04" : "135,440 bytes, 2000-04-04";
  c.found = found;
  c.evidence = found.empty() ? "" : "inventory/files.csv:2";
  c.verdict = v;
  c.reason = v == Verdict::kUnknown ? "no file inventory" : "size and date match";
  c.to_collect = v == Verdict::kUnknown ? "dir %SystemRoot%\\system32\\" + target : "";
  return c;
}

Finding ClusFinding(const std::string& host, FixStatus st, Verdict v, uint32_t file_id,
                    uint32_t line) {
  Finding f;
  f.article = "KB316772";
  f.title = "Cluster service event 1024: registry checkpoint not restored";
  f.cause_id = "winlogon-holds-keys";
  f.cause = "Winlogon holds registry keys open";
  f.why_this_cause = "event 1024 from ClusSvc";
  f.severity = rules::RuleSeverity::kHigh;
  f.status = st;
  f.status_reason = st == FixStatus::kFixed ? "all checks passed" : "SRP not proven";
  f.matches.push_back(ClusMatch(host, file_id, 100 + line, line));
  const std::string found = v == Verdict::kUnknown ? "" : "192,272 bytes";
  f.checks.push_back(Check("Winlogon.exe", v, found));
  f.checks.push_back(Check("Services.exe", v, v == Verdict::kUnknown ? "" : "135,440 bytes"));
  return f;
}

std::vector<PlanStep> SrpPlan() {
  PlanStep sp;
  sp.order = 1;
  sp.kind = StepKind::kCheckPrerequisite;
  sp.package = "Q246009";
  sp.title = "Windows NT 4.0 Service Pack 6a";
  sp.why = "prerequisite of Q299444";
  sp.for_articles = {"KB316772"};
  PlanStep srp;
  srp.order = 2;
  srp.kind = StepKind::kInstall;
  srp.package = "Q299444";
  srp.title = "Windows NT 4.0 Security Rollup Package";
  srp.why = "fixes KB316772";
  srp.for_articles = {"KB316772"};
  return {sp, srp};
}

HostReport Host(const std::string& name, uint64_t events, std::vector<std::string> files) {
  HostReport h;
  h.host = name;
  h.facts.host = name;
  h.facts.os.known = true;
  h.facts.os.product = "Windows NT";
  h.facts.os.version = "4.0";
  h.facts.os.build = "1381";
  h.facts.os.csd = "Service Pack 6";
  h.facts.os.sp = 6;
  h.facts.os.arch = inventory::Arch::kX86;
  h.facts.os.from.file = files.front();
  h.facts.os.from.record_id = 7;
  h.facts.os.from.detail = "EventLog 6009";
  h.events_read = events;
  h.files = std::move(files);
  return h;
}

report::FileEntry File(const std::string& path, uint64_t events, uint64_t bytes) {
  report::FileEntry f;
  f.path = path;
  f.format = "xml";
  f.bytes = bytes;
  f.events = events;
  return f;
}

}  // namespace

FixtureRun SmallFleet() {
  FixtureRun r;
  r.info.tool_version = "0.1.0";
  r.info.inputs = {"fleet/"};
  r.info.files = {File("fleet/a.xml", 30, 3000), File("fleet/b.xml", 12, 1200)};
  report::FileEntry bad;
  bad.path = "fleet/broken.evtx";
  bad.format = "evtx";
  bad.status = report::FileStatus::kFailed;
  r.info.files.push_back(bad);

  HostReport h1 = Host("EXCLUS1", 20, {"fleet/a.xml"});
  h1.findings.push_back(ClusFinding("EXCLUS1", FixStatus::kNeedsAction, Verdict::kNotFixed, 0, 12));
  h1.plan = SrpPlan();
  h1.overall = FixStatus::kNeedsAction;
  HostReport h2 = Host("EXCLUS2", 10, {"fleet/a.xml"});
  h2.findings.push_back(ClusFinding("EXCLUS2", FixStatus::kUnknown, Verdict::kUnknown, 0, 40));
  h2.plan = SrpPlan();
  h2.overall = FixStatus::kUnknown;
  HostReport h3 = Host("exclus3", 8, {"fleet/b.xml"});
  h3.findings.push_back(ClusFinding("exclus3", FixStatus::kFixed, Verdict::kFixed, 1, 5));
  h3.overall = FixStatus::kFixed;
  HostReport h4 = Host("WEB1", 4, {"fleet/b.xml"});
  h4.overall = FixStatus::kFixed;
  r.hosts = {h1, h2, h3, h4};

  Diagnostic d;
  d.severity = Severity::kError;
  d.file = "fleet/broken.evtx";
  d.offset = 0;
  d.what = "cannot read: bad magic";
  r.diagnostics.push_back(d);
  r.stats = report::ComputeStats(r.info.files, r.hosts, r.diagnostics, false);
  return r;
}

FixtureRun HostileRun() {
  FixtureRun r;
  r.info.tool_version = "0.1.0";
  r.info.inputs = {"evil/"};
  r.info.files = {File("evil/<b>x.xml", 1, 100)};
  HostReport h = Host("EVIL", 1, {"evil/<b>x.xml"});
  Finding f = ClusFinding("EVIL", FixStatus::kNeedsAction, Verdict::kNotFixed, 0, 3);
  f.title = kHostileFormula;
  f.cause = kHostileAnsi;
  f.status_reason = kHostileBytes;
  rules::EvidenceRef& e = f.matches[0].evidence[0];
  e.message = kHostileMarkup;
  e.provider = std::string("+cmd|' /C calc'!A0");
  e.captures = {{"key", kHostileAnsi}, {"bytes", kHostileBytes}};
  f.matches[0].captures = e.captures;
  h.findings.push_back(f);
  h.overall = FixStatus::kNeedsAction;
  r.hosts = {h};
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.file = "evil/<b>x.xml";
  d.line = 3;
  d.what = std::string("bad <Data> \x1b[31m") + kHostileMarkup;
  r.diagnostics.push_back(d);
  r.stats = report::ComputeStats(r.info.files, r.hosts, r.diagnostics, false);
  return r;
}

}  // namespace logrx::testing
