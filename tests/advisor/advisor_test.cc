// Advisor tests: matches and host facts built by hand; expected plans and verdicts follow
// the facts (SRP Q299444 needs SP6a = Q246009, which needs SP6; Winlogon.exe 192,272 bytes
// dated 2000-04-04 or later on Intel; size alone is shared by seven builds).
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "advisor/advisor.h"
#include "advisor/verdict.h"
#include "core/input_file.h"
#include "kb/version.h"
#include "support/kb_fixtures.h"

namespace logrx::advisor {
namespace {

using inventory::Arch;
using testkb::AddFile;
using testkb::AddHotfix;
using testkb::Match1024;
using testkb::Nt4Host;

const char kImc[] = "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC";

HostReport AdviseImc(const inventory::HostFacts& h) {
  auto kb = testkb::ShippedKb();
  return Advise(*kb, h, {Match1024(h.host, "KB316772", "winlogon-holds-keys", kImc,
                                   "Microsoft Exchange Internet Mail Service")});
}

std::vector<std::string> PlanIds(const HostReport& r) {
  std::vector<std::string> out;
  for (const PlanStep& s : r.plan) {
    out.push_back(std::string(StepKindName(s.kind)) + ":" + s.package);
  }
  return out;
}

const CheckResult* FindCheck(const Finding& f, const std::string& target, const std::string& platform) {
  for (const CheckResult& c : f.checks) {
    if (c.target == target && c.platform == platform) return &c;
  }
  return nullptr;
}

TEST_SUITE("advisor") {

TEST_CASE("advisor: a host with no matches gets no advice and counts as fixed") {
  auto kb = testkb::ShippedKb();
  HostReport r = Advise(*kb, Nt4Host("CLEAN1", 6), {});
  CHECK(r.host == "CLEAN1");
  CHECK(r.findings.empty());
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kFixed);
}

TEST_CASE("advisor: KB316772 host with the SRP-era Winlogon.exe is fixed") {
  auto h = Nt4Host("EXCLUS1", 6);
  h.os.arch = Arch::kX86;
  AddFile(h, "winlogon.exe", "4.0.1381.7103", "2001-11-14", 192784, Arch::kX86);
  HostReport r = AdviseImc(h);
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.article == "KB316772");
  CHECK(f.cause_id == "winlogon-holds-keys");
  CHECK(f.status == FixStatus::kFixed);
  const CheckResult* w = FindCheck(f, "Winlogon.exe", "Intel");
  REQUIRE(w != nullptr);
  CHECK(w->verdict == Verdict::kFixed);
  CHECK(w->reason.find("2001-11-14") != std::string::npos);
  CHECK(w->evidence == "EXCLUS1-files.csv:2");
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kFixed);
}

TEST_CASE("advisor: KB316772 host with the SP6-era Winlogon.exe (same size, older date) is not fixed") {
  auto h = Nt4Host("EXCLUS2", 6, /*sp6a=*/true);
  h.os.arch = Arch::kX86;
  AddFile(h, "winlogon.exe", "", "1999-11-18", 192272);  // Q245148 build
  HostReport r = AdviseImc(h);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].status == FixStatus::kNeedsAction);
  const CheckResult* w = FindCheck(r.findings[0], "Winlogon.exe", "Intel");
  REQUIRE(w != nullptr);
  CHECK(w->verdict == Verdict::kNotFixed);
  CHECK(w->reason == "Dated 1999-11-18, before the 2000-04-04 fix build (the size 192,272 is shared by older builds).");
  CHECK(PlanIds(r) == std::vector<std::string>{"install:Q299444"});
  CHECK(r.overall == FixStatus::kNeedsAction);
}

TEST_CASE("advisor: KB316772 host with only a 192,272-byte Winlogon.exe is weak") {
  auto h = Nt4Host("EXCLUS3", 6, true);
  h.os.arch = Arch::kX86;
  AddFile(h, "winlogon.exe", "", "", 192272);
  HostReport r = AdviseImc(h);
  REQUIRE(r.findings.size() == 1);
  const CheckResult* w = FindCheck(r.findings[0], "Winlogon.exe", "Intel");
  REQUIRE(w != nullptr);
  CHECK(w->verdict == Verdict::kWeak);
  CHECK(w->reason.find("Only the size matches: 192,272 bytes") == 0);
  // Collected from the admin's workstation over the host's ADMIN$ share, host quoted.
  CHECK(w->to_collect.find("Get-ChildItem '\\\\EXCLUS3\\ADMIN$\\system32\\winlogon.exe'") != std::string::npos);
  CHECK(r.findings[0].status == FixStatus::kUnknown);
  CHECK(r.overall == FixStatus::kUnknown);
}

TEST_CASE("advisor: KB316772 host without inventory is unknown and says what to collect") {
  auto h = Nt4Host("EXCLUS4", 6, true);
  HostReport r = AdviseImc(h);
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.status == FixStatus::kUnknown);
  // Platform unknown: one row per file listing both documented builds.
  CHECK(FindCheck(f, "Winlogon.exe", "Intel") == nullptr);
  CHECK(FindCheck(f, "Winlogon.exe", "Alpha") == nullptr);
  const CheckResult* both = FindCheck(f, "Winlogon.exe", "Intel or Alpha");
  REQUIRE(both != nullptr);
  CHECK(both->verdict == Verdict::kUnknown);
  CHECK(both->required.find("Intel: dated 2000-04-04 or later, 192,272 bytes") == 0);
  CHECK(both->required.find("Alpha: dated 2000-04-04 or later, 275,216 bytes") != std::string::npos);
  CHECK(both->reason.find("No file inventory for this host") != std::string::npos);
  CHECK(both->reason.find("Platform unknown") == 0);
  CHECK(both->to_collect.find("--root") != std::string::npos);
  const CheckResult* reg = FindCheck(f, "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\Q299444", "any");
  REQUIRE(reg != nullptr);
  CHECK(reg->verdict == Verdict::kUnknown);
  // NT 4.0 has no reg export / wmic: regedit /e on the host or Connect Network Registry.
  CHECK(reg->to_collect.find("regedit /e \"EXCLUS4-hotfix.reg\"") != std::string::npos);
  CHECK(reg->to_collect.find("Connect Network Registry") != std::string::npos);
  CHECK(reg->to_collect.find("reg export") == std::string::npos);
  CHECK(reg->to_collect.find("wmic") == std::string::npos);
  CHECK(PlanIds(r) == std::vector<std::string>{"install:Q299444"});
}

TEST_CASE("advisor: the Hotfix key alone is listed, not verified; a stale key loses to older files") {
  auto h = Nt4Host("EXCLUS5", 6);
  AddHotfix(h, "Q299444");
  HostReport r = AdviseImc(h);
  CHECK(r.findings[0].status == FixStatus::kUnknown);
  CHECK(r.findings[0].status_reason.find("Listed, not verified") != std::string::npos);
  // The plan collects the files; it does not say "install".
  CHECK(PlanIds(r) == std::vector<std::string>{"collect:Q299444"});
  CHECK(r.plan[0].why.find("ADMIN$") != std::string::npos);
  CHECK(r.findings[0].to_collect.find("ADMIN$") != std::string::npos);

  auto stale = Nt4Host("EXCLUS6", 6, true);
  stale.os.arch = Arch::kX86;
  AddHotfix(stale, "Q299444");
  AddFile(stale, "winlogon.exe", "", "1999-04-29", 188176);  // SP5 build
  HostReport r2 = AdviseImc(stale);
  CHECK(r2.findings[0].status == FixStatus::kNeedsAction);
  CHECK(r2.findings[0].status_reason.find("stale") != std::string::npos);
  CHECK(r2.findings[0].status_reason.find("service pack is re-applied") != std::string::npos);
  CHECK(PlanIds(r2) == std::vector<std::string>{"install:Q299444"});
}

TEST_CASE("advisor: install order on an SP5 host is SP6, SP6a, then the SRP") {
  HostReport r = AdviseImc(Nt4Host("OLD5", 5));
  CHECK(PlanIds(r) == std::vector<std::string>{"install:NT4-SP6", "install:Q246009", "install:Q299444"});
  REQUIRE(r.plan.size() == 3);
  CHECK(r.plan[0].order == 1);
  CHECK(r.plan[2].order == 3);
  CHECK(r.plan[1].why.find("prerequisite of Q299444") == 0);
}

TEST_CASE("advisor: an SP6 host must verify SP6a before the SRP (6009 cannot tell)") {
  HostReport r = AdviseImc(Nt4Host("SIX", 6));
  CHECK(PlanIds(r) == std::vector<std::string>{"check-prerequisite:Q246009", "install:Q299444"});
  CHECK(r.plan[0].title.find("Hotfix\\Q246009\\Installed=1") != std::string::npos);
}

TEST_CASE("advisor: an SP6 host whose hotfix list lacks Q246009 installs SP6a") {
  auto h = Nt4Host("SIXB", 6);
  AddHotfix(h, "Q241041");
  HostReport r = AdviseImc(h);
  CHECK(PlanIds(r) == std::vector<std::string>{"install:Q246009", "install:Q299444"});
}

TEST_CASE("advisor: an SP6a host gets the SRP only") {
  HostReport r = AdviseImc(Nt4Host("SIXA", 6, true));
  CHECK(PlanIds(r) == std::vector<std::string>{"install:Q299444"});
  auto h = Nt4Host("SIXA2", 6);
  AddHotfix(h, "Q246009");
  CHECK(PlanIds(AdviseImc(h)) == std::vector<std::string>{"install:Q299444"});
}

TEST_CASE("advisor: a host needing Q259042 and Q264684 gets Q299444 covering both") {
  // The shipped KB plus a test article whose fix is Q264684.
  std::vector<std::pair<std::string, std::string>> files;
  for (const char* f : {"clussvc-1024.xml", "nt4-packages.xml", "cluster-family.xml",
                        "shutdown-6008.xml", "failover-clustering.xml"}) {
    auto text = ReadWholeFileAsString(std::string(LOGRX_SOURCE_DIR) + "/kb/" + f);
    REQUIRE(text.ok());
    files.emplace_back(f, std::move(text).value());
  }
  files.emplace_back("extra.xml",
                     "<kb><article id=\"KB264684\" title=\"MS00-040\"><cause id=\"main\">"
                     "<summary>s</summary><fix package=\"Q264684\"/></cause></article></kb>");
  NullDiagnosticSink sink;
  auto kb = kb::LoadKnowledgeBaseText(files, sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  auto a = Match1024("H", "KB259042", "main", "", "");
  auto b = Match1024("H", "KB264684", "main", "", "");
  HostReport r = Advise(**kb, Nt4Host("H", 6, true), {a, b});
  REQUIRE(r.plan.size() == 1);
  CHECK(r.plan[0].package == "Q299444");
  CHECK(r.plan[0].covers == std::vector<std::string>{"Q259042", "Q264684"});
  CHECK(r.plan[0].for_articles == std::vector<std::string>{"KB259042", "KB264684"});
}

TEST_CASE("advisor: MSExchangeES 1024 gives KB192493 and the Exchange service pack only") {
  auto kb = testkb::ShippedKb();
  auto m = Match1024("EXCLUS2", "KB192493", "es-key-permissions",
                     "SYSTEM\\CurrentControlSet\\Services\\MSExchangeES", "Microsoft Exchange Event Service");
  HostReport r = Advise(*kb, Nt4Host("EXCLUS2", 6), {m});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].article == "KB192493");
  CHECK(r.findings[0].why_this_cause.find("key=SYSTEM\\CurrentControlSet\\Services\\MSExchangeES") != std::string::npos);
  CHECK(PlanIds(r) == std::vector<std::string>{"install:EX55-SP2"});
}

TEST_CASE("advisor: online-restore 1024 gives the KB188674 procedure and no package") {
  auto kb = testkb::ShippedKb();
  auto m = Match1024("EXCLUS3", "KB188674", "online-restore-overwrote-key",
                     "SYSTEM\\CurrentControlSet\\Services\\MSExchangeDS", "Microsoft Exchange Directory");
  HostReport r = Advise(*kb, Nt4Host("EXCLUS3", 6), {m});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].article == "KB188674");
  CHECK(r.findings[0].status == FixStatus::kNeedsAction);
  REQUIRE(r.plan.size() == 1);
  CHECK(r.plan[0].kind == StepKind::kProcedure);
  CHECK(r.plan[0].package.empty());
  CHECK(r.plan[0].why.find("Start Services after Restore") != std::string::npos);
}

TEST_CASE("advisor: a lone expected 1024 (info severity) is informational, nothing to do") {
  auto kb = testkb::ShippedKb();
  auto m = Match1024("EXCLUS3", "KB188674", "online-restore-overwrote-key", "x", "y");
  m.severity = rules::RuleSeverity::kInfo;
  HostReport r = Advise(*kb, Nt4Host("EXCLUS3", 6), {m});
  CHECK(r.findings[0].status == FixStatus::kInformational);
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kInformational);  // not "fixed": nothing was ever broken
}

TEST_CASE("advisor: Autochk 1024 is the KB125600 disambiguation, not KB316772") {
  auto kb = testkb::ShippedKb();
  auto m = Match1024("WKS1", "KB125600", "", "", "");
  HostReport r = Advise(*kb, Nt4Host("WKS1", 3), {m});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].article == "KB125600");
  CHECK(r.findings[0].cause_id == "main");
  CHECK(r.findings[0].status == FixStatus::kInformational);
  CHECK(r.plan.empty());
}

TEST_CASE("advisor: a match naming an unknown article is unknown with an investigate step") {
  auto kb = testkb::ShippedKb();
  HostReport r = Advise(*kb, Nt4Host("X", 6), {Match1024("X", "KB999999", "", "", "")});
  CHECK(r.findings[0].status == FixStatus::kUnknown);
  CHECK(PlanIds(r) == std::vector<std::string>{"investigate:"});
  CHECK(r.overall == FixStatus::kUnknown);
}

TEST_CASE("verdict: version comparison gives newer, fixed and not-fixed") {
  auto kb = testkb::ShippedKb();
  const kb::Package* p = kb->FindPackage("Q312576");  // Winlogon.exe 4.0.1381.7103
  REQUIRE(p != nullptr);
  const kb::FileCheck& intel = p->files[0];
  auto h = Nt4Host("V", 6, true);
  AddFile(h, "winlogon.exe", "4.0.1381.7142", "2002-03-18", 193296);
  CHECK(EvaluateFileCheck(*p, intel, h, "").verdict == Verdict::kNewer);
  h.files[0].file_version = "4.0.1381.7103";
  CHECK(EvaluateFileCheck(*p, intel, h, "").verdict == Verdict::kFixed);
  h.files[0].file_version = "4.0.1381.7102";
  CheckResult r = EvaluateFileCheck(*p, intel, h, "");
  CHECK(r.verdict == Verdict::kNotFixed);
  CHECK(r.reason == "Version 4.0.1381.7102 is older than the fix build 4.0.1381.7103.");
}

TEST_CASE("verdict: a date at/after the fix date without a size is fixed; the PE machine picks the Alpha check") {
  auto kb = testkb::ShippedKb();
  const kb::Package* srp = kb->FindPackage("Q299444");
  auto h = Nt4Host("D", 6, true);
  AddFile(h, "winlogon.exe", "", "2000-04-04", 0);
  const kb::FileCheck* intel = nullptr;
  for (const auto& f : srp->files) {
    if (f.file == "Winlogon.exe" && f.platform == kb::Platform::kIntel) intel = &f;
  }
  REQUIRE(intel != nullptr);
  CHECK(EvaluateFileCheck(*srp, *intel, h, "").verdict == Verdict::kFixed);
  h.files[0].time = 0;
  AddFile(h, "winlogon.exe", "", "2000-04-03", 0);
  h.files.erase(h.files.begin());
  CHECK(EvaluateFileCheck(*srp, *intel, h, "").verdict == Verdict::kNotFixed);

  auto alpha = Nt4Host("ALPHA1", 6, true);
  AddFile(alpha, "winlogon.exe", "", "2000-04-04", 275216, Arch::kAlpha);
  PackageState st = JudgePackage(*kb, *srp, alpha);
  CHECK(st.state == Installed::kYes);
  bool saw_alpha = false, saw_intel = false;
  for (const CheckResult& c : st.checks) {
    if (c.target == "Winlogon.exe") {
      saw_alpha = saw_alpha || c.platform == "Alpha";
      saw_intel = saw_intel || c.platform == "Intel";
    }
  }
  CHECK(saw_alpha);
  CHECK_FALSE(saw_intel);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::advisor

namespace logrx::advisor {
namespace {

TEST_SUITE("advisor") {

TEST_CASE("verdict: a UP/MP-specific check applies only to the host's kernel") {
  NullDiagnosticSink sink;
  auto kb = kb::LoadKnowledgeBaseText(
      {{"k.xml",
        "<kb><package id=\"QK\" kind=\"hotfix\" name=\"kernel fix\" platforms=\"Intel\">"
        "<file name=\"Ntoskrnl.exe\" platform=\"Intel\" size=\"928576\" date=\"1999-04-29\" kernel=\"UP\"/>"
        "<file name=\"Ntoskrnl.exe\" platform=\"Intel\" size=\"948544\" date=\"1999-04-29\" kernel=\"MP\"/>"
        "</package></kb>"}},
      sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  auto h = Nt4Host("MP1", 5);  // Nt4Host describes a Multiprocessor Free kernel
  h.os.arch = Arch::kX86;
  AddFile(h, "ntoskrnl.exe", "", "1999-04-29", 948544);
  PackageState st = JudgePackage(**kb, *(*kb)->FindPackage("QK"), h);
  REQUIRE(st.checks.size() == 1);
  CHECK(st.checks[0].required.find("948,544 bytes") != std::string::npos);
  CHECK(st.checks[0].verdict == Verdict::kFixed);
  CHECK(st.state == Installed::kYes);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::advisor
