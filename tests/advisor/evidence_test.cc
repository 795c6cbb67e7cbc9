// The evidence ladder, the host's platform, applicability and collection commands
// Expected values come from the facts: the SRP (Q299444) Winlogon.exe is
// 192,272 bytes on Intel and 275,216 on Alpha, dated 2000-04-04 "or later"; Services.exe
// 135,440 (Intel) / 249,104 (Alpha); SP5's Services.exe has the same Intel size but is
// dated 1999-04-29; KB236949 is for NT 4.0 SP4 and SP5.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "advisor/advisor.h"
#include "advisor/verdict.h"
#include "core/diagnostic.h"
#include "kb/knowledge_base.h"
#include "support/kb_fixtures.h"

namespace logrx::advisor {
namespace {

using inventory::Arch;
using testkb::AddFile;
using testkb::AddHotfix;
using testkb::Match1024;
using testkb::Nt4Host;

HostReport AdviseImc(const inventory::HostFacts& h) {
  auto kb = testkb::ShippedKb();
  return Advise(*kb, h, {Match1024(h.host, "KB316772", "winlogon-holds-keys",
                                   "SYSTEM\\ControlSet001\\Services\\MSExchangeIS\\ParametersSystem",
                                   "Microsoft Exchange Information Store")});
}

std::vector<std::string> PlanIds(const HostReport& r) {
  std::vector<std::string> out;
  for (const PlanStep& s : r.plan) out.push_back(std::string(StepKindName(s.kind)) + ":" + s.package);
  return out;
}

std::vector<std::string> FileRows(const Finding& f) {
  std::vector<std::string> out;
  for (const CheckResult& c : f.checks) {
    if (c.kind == "file") out.push_back(c.target + "/" + c.platform + "/" + std::string(VerdictName(c.verdict)));
  }
  return out;
}

// One SP6a host, six evidence states.
inventory::HostFacts Srp(const std::string& name) { return Nt4Host(name, 6, /*sp6a=*/true); }

TEST_SUITE("advisor") {

TEST_CASE("ladder: files at the fix build without the Hotfix list entry are fixed, and it asks why") {
  auto h = Srp("FILESONLY");
  AddHotfix(h, "Q246009");  // a hotfix list that lacks Q299444
  AddFile(h, "winlogon.exe", "", "2000-04-04", 192272);
  AddFile(h, "services.exe", "", "2000-04-04", 135440);
  HostReport r = AdviseImc(h);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].status == FixStatus::kFixed);
  CHECK(r.findings[0].status_reason.find("installed by a later package or by hand?") != std::string::npos);
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kFixed);
  // The size is an Intel-only size: the platform is decided, no Alpha rows.
  CHECK(r.platform == "Intel");
  CHECK(FileRows(r.findings[0]) ==
        std::vector<std::string>{"Winlogon.exe/Intel/fixed", "Services.exe/Intel/fixed"});
}

TEST_CASE("ladder: the Hotfix list alone is listed, not verified: unknown, collect, no install") {
  auto h = Srp("LISTONLY");
  AddHotfix(h, "Q299444");
  HostReport r = AdviseImc(h);
  CHECK(r.findings[0].status == FixStatus::kUnknown);
  CHECK(r.findings[0].status_reason.find("Listed, not verified") != std::string::npos);
  CHECK(PlanIds(r) == std::vector<std::string>{"collect:Q299444"});
  CHECK(r.overall == FixStatus::kUnknown);
}

TEST_CASE("ladder: list and files agreeing are fixed") {
  auto h = Srp("BOTH");
  AddHotfix(h, "Q299444");
  AddFile(h, "winlogon.exe", "", "2000-04-04", 192272);
  AddFile(h, "services.exe", "", "2000-04-04", 135440);
  HostReport r = AdviseImc(h);
  CHECK(r.findings[0].status == FixStatus::kFixed);
  CHECK(r.findings[0].status_reason.find("by hand") == std::string::npos);
  CHECK(r.plan.empty());
}

TEST_CASE("ladder: a listed package with older files is stale and needs action") {
  auto h = Srp("STALE");
  AddHotfix(h, "Q299444");
  AddFile(h, "winlogon.exe", "", "1999-11-18", 192272);  // Q245148 build, same size
  AddFile(h, "services.exe", "", "1999-04-29", 135440);  // SP5 build, same size
  HostReport r = AdviseImc(h);
  CHECK(r.findings[0].status == FixStatus::kNeedsAction);
  CHECK(r.findings[0].status_reason.find("Q299444: stale.") == 0);
  CHECK(r.findings[0].status_reason.find("service pack is re-applied") != std::string::npos);
  CHECK(PlanIds(r) == std::vector<std::string>{"install:Q299444"});
}

TEST_CASE("ladder: size alone is weak, never fixed") {
  auto h = Srp("SIZEONLY");
  AddFile(h, "winlogon.exe", "", "", 192272);
  AddFile(h, "services.exe", "", "", 135440);
  HostReport r = AdviseImc(h);
  CHECK(r.findings[0].status == FixStatus::kUnknown);
  CHECK(FileRows(r.findings[0]) ==
        std::vector<std::string>{"Winlogon.exe/Intel/weak", "Services.exe/Intel/weak"});
  // With a hotfix list lacking the package, weak sizes do not save it.
  AddHotfix(h, "Q246009");
  CHECK(AdviseImc(h).findings[0].status == FixStatus::kNeedsAction);
}

TEST_CASE("ladder: an Alpha node with exactly the Alpha fix build is fixed, with Alpha rows only") {
  auto h = Srp("ALPHA1");
  AddHotfix(h, "Q246009");
  AddFile(h, "winlogon.exe", "", "2000-04-04", 275216);
  AddFile(h, "services.exe", "", "2000-04-04", 249104);
  HostReport r = AdviseImc(h);
  CHECK(r.findings[0].status == FixStatus::kFixed);
  CHECK(r.platform == "Alpha");
  CHECK(r.platform_how.find("275,216 bytes") != std::string::npos);
  CHECK(FileRows(r.findings[0]) ==
        std::vector<std::string>{"Winlogon.exe/Alpha/fixed", "Services.exe/Alpha/fixed"});
}

TEST_CASE("platform: PE machine type, then the system type, then a one-platform size") {
  auto kb = testkb::ShippedKb();
  auto h = Srp("P");
  CHECK(DecidePlatform(*kb, h).platform == kb::Platform::kAny);
  AddFile(h, "winlogon.exe", "", "", 192272);
  CHECK(DecidePlatform(*kb, h).platform == kb::Platform::kIntel);
  h.os.arch = Arch::kAlpha;
  h.os.arch_from = "inv/P.txt:3 platform";
  HostPlatform p = DecidePlatform(*kb, h);
  CHECK(p.platform == kb::Platform::kAlpha);
  CHECK(p.how == "the host's system type (inv/P.txt:3 platform)");
  h.files[0].arch = Arch::kX86;
  CHECK(DecidePlatform(*kb, h).platform == kb::Platform::kIntel);
  // Files pointing to different platforms leave it unknown.
  auto mixed = Srp("M");
  AddFile(mixed, "winlogon.exe", "", "", 192272);
  AddFile(mixed, "services.exe", "", "", 249104);
  CHECK(DecidePlatform(*kb, mixed).platform == kb::Platform::kAny);
}

TEST_CASE("platform: unknown gives one row per file with the verdict of the matching build") {
  auto kb = testkb::ShippedKb();
  auto h = Srp("U");
  // A date-only listing cannot name the platform; both builds agree the date is recent enough.
  AddFile(h, "winlogon.exe", "", "2001-01-01", 0);
  PackageState st = JudgePackage(*kb, *kb->FindPackage("Q299444"), h);
  CHECK(st.platform.empty());
  int winlogon_rows = 0;
  for (const CheckResult& c : st.checks) {
    if (c.target != "Winlogon.exe") continue;
    ++winlogon_rows;
    CHECK(c.platform == "Intel or Alpha");
    CHECK(c.verdict == Verdict::kFixed);
    CHECK(c.reason.find("Platform unknown: checked against the documented Intel and Alpha builds") == 0);
  }
  CHECK(winlogon_rows == 1);
}

TEST_CASE("applicability: KB236949 does not apply to a Windows 7 SP1 host; nothing is planned") {
  auto kb = testkb::ShippedKb();
  inventory::HostFacts w7;
  w7.host = "WKS-WIN7";
  w7.os.known = true;
  w7.os.version = "6.1";
  w7.os.build = "7601";
  w7.os.sp = 1;
  w7.os.csd = "Service Pack 1";
  HostReport r = Advise(*kb, w7, {Match1024("WKS-WIN7", "KB236949", "main", "", "")});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].applies == "does-not-apply");
  CHECK(r.findings[0].status == FixStatus::kInformational);
  CHECK(r.findings[0].status_reason.find("Does not apply (host is 6.1 SP1)") == 0);
  CHECK(r.plan.empty());
  CHECK(r.overall == FixStatus::kInformational);
  // NT 4.0 SP6 is outside SP4-SP5 too; SP5 is inside.
  CHECK(Advise(*kb, Nt4Host("N6", 6), {Match1024("N6", "KB236949", "main", "", "")})
            .findings[0].applies == "does-not-apply");
  HostReport sp5 = Advise(*kb, Nt4Host("N5", 5), {Match1024("N5", "KB236949", "main", "", "")});
  CHECK(sp5.findings[0].applies == "applies");
  CHECK(PlanIds(sp5) == std::vector<std::string>{"install:NT4-SP6"});
  // No OS facts: judged, and it says what was not checked.
  HostReport none = Advise(*kb, Nt4Host("N", -1), {Match1024("N", "KB236949", "main", "", "")});
  CHECK(none.findings[0].applies == "facts-missing");
  CHECK(none.findings[0].status_reason.find("the host's OS is not known") != std::string::npos);
}

TEST_CASE("applicability: a TSE-only article and a product condition") {
  auto kb = testkb::ShippedKb();
  auto h = Nt4Host("E", 6, true);
  h.os.edition = "Enterprise";
  HostReport r = Advise(*kb, h, {Match1024("E", "KB243848", "main", "", "")});
  CHECK(r.findings[0].applies == "does-not-apply");
  HostReport x = AdviseImc(Srp("X"));
  REQUIRE(x.findings[0].conditions.size() == 1);
  CHECK(x.findings[0].conditions[0].find("needs Exchange Server 5.5 on the host") == 0);
  CHECK(x.findings[0].workaround_note == "KB316772 gives no workaround until the fix is installed.");
  // Declared products are judged: Exchange 5.5 (any SP) fits, a list without it rules it out.
  auto ex = Srp("EX");
  ex.has_product_inventory = true;
  ex.products = {"Exchange Server 5.5 SP4"};
  HostReport with = AdviseImc(ex);
  CHECK(with.findings[0].applies == "applies");
  CHECK(with.findings[0].conditions[0] == "needs Exchange Server 5.5 on the host (declared)");
  ex.products = {"Exchange Server 5.55", "SQL Server 7.0"};
  HostReport without = AdviseImc(ex);
  CHECK(without.findings[0].applies == "does-not-apply");
  CHECK(without.findings[0].status == FixStatus::kInformational);
  CHECK(without.plan.empty());
}

// The shipped hand-written KB with KB316772 listing Exchange Server 5.0 as well as 5.5, as
// an article's "applies to" list names several versions.
std::shared_ptr<const kb::KnowledgeBase> KbWithTwoExchangeVersions() {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(std::string(LOGRX_SOURCE_DIR) + "/kb")) {
    if (e.is_regular_file() && e.path().extension() == ".xml") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  bool edited = false;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    const std::string anchor = "<article id=\"KB316772\"";
    const std::string product = "<product name=\"Exchange Server\" version=\"5.5\"/>";
    const size_t a = text.find(anchor);
    const size_t at = a == std::string::npos ? a : text.find(product, a);
    if (at != std::string::npos) {
      text.insert(at, "<product name=\"Exchange Server\" version=\"5.0\"/>");
      edited = true;
    }
    files.emplace_back(p.filename().string(), std::move(text));
  }
  REQUIRE(edited);
  CollectingSink warnings;
  auto kb = kb::LoadKnowledgeBaseText(files, warnings);
  REQUIRE(kb.ok());
  return *kb;
}

TEST_CASE("applicability: the products an article lists are alternatives") {
  auto kb = KbWithTwoExchangeVersions();
  auto advise = [&kb](const inventory::HostFacts& h) {
    return Advise(*kb, h, {Match1024(h.host, "KB316772", "winlogon-holds-keys",
                                     "SYSTEM\\ControlSet001\\Services\\MSExchangeIS\\ParametersSystem",
                                     "Microsoft Exchange Information Store")});
  };
  auto ex = Srp("EX");
  ex.has_product_inventory = true;
  ex.products = {"Exchange Server 5.5 SP4"};
  HostReport r55 = advise(ex);
  CHECK(r55.findings[0].applies == "applies");
  CHECK(r55.findings[0].conditions[0] ==
        "needs one of Exchange Server 5.0, Exchange Server 5.5 on the host (declared)");
  ex.products = {"Exchange Server 5.0"};
  CHECK(advise(ex).findings[0].applies == "applies");
  ex.products = {"SQL Server 7.0"};
  HostReport none = advise(ex);
  CHECK(none.findings[0].applies == "does-not-apply");
  CHECK(none.findings[0].conditions[0] ==
        "needs one of Exchange Server 5.0, Exchange Server 5.5 on the host: not declared");
  CHECK(none.plan.empty());
  // Without a product list nothing is ruled out, and the condition names both.
  HostReport unknown = advise(Srp("U"));
  CHECK(unknown.findings[0].conditions[0].find(
            "needs one of Exchange Server 5.0, Exchange Server 5.5 on the host (not checked") == 0);
}

TEST_CASE("collection: a hostile host name never reaches a command") {
  CHECK(IsSafeHostName("EXCLUS1"));
  CHECK(IsSafeHostName("exclus1.corp.example.com"));
  CHECK_FALSE(IsSafeHostName("x.csv; Start-Process calc.exe; #"));
  CHECK_FALSE(IsSafeHostName("a b"));
  CHECK_FALSE(IsSafeHostName("-lead"));
  CHECK_FALSE(IsSafeHostName("a..b"));
  CHECK_FALSE(IsSafeHostName(""));
  CHECK_FALSE(IsSafeHostName("HOST'"));
  CHECK_FALSE(IsSafeHostName(std::string(64, 'a')));
  auto h = Srp("x.csv; Start-Process calc.exe; #");
  HostReport r = AdviseImc(h);
  bool any = false;
  for (const CheckResult& c : r.findings[0].checks) {
    if (c.to_collect.empty()) continue;
    any = true;
    CHECK(c.to_collect.find("calc.exe") == std::string::npos);
    CHECK(c.to_collect.find("<HOST>") != std::string::npos);
  }
  CHECK(any);
}

TEST_CASE("collection: newer tools only for hosts that have them") {
  auto kb = testkb::ShippedKb();
  auto nt4 = Srp("NT4HOST");
  CheckResult reg = EvaluateRegistryCheck(*kb, *kb->FindPackage("Q299444"), nt4);
  CHECK(reg.to_collect.rfind("on the host: regedit /e \"NT4HOST-hotfix.reg\"", 0) == 0);
  CHECK(reg.to_collect.find("Get-HotFix") == std::string::npos);
  auto w2k3 = Srp("W2K3");
  w2k3.os.version = "5.2";
  CHECK(EvaluateRegistryCheck(*kb, *kb->FindPackage("Q299444"), w2k3).to_collect.find("wmic /node:\"W2K3\"") !=
        std::string::npos);
  auto modern = Srp("WS2019");
  modern.os.version = "10.0";
  CHECK(EvaluateRegistryCheck(*kb, *kb->FindPackage("Q299444"), modern).to_collect.find(
            "Get-HotFix -ComputerName 'WS2019'") != std::string::npos);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::advisor
