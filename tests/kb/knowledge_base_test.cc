// Loader and consistency tests. Expected file:line values were counted by hand in
// tests/data/kb/*.xml; expected facts come from /work/shared/facts (KB 316772, 299444).
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "kb/check.h"
#include "kb/knowledge_base.h"
#include "kb/version.h"
#include "support/kb_fixtures.h"

namespace logrx::kb {
namespace {

const std::string kData = std::string(LOGRX_SOURCE_DIR) + "/tests/data/kb/";

std::vector<KbProblem> CheckFile(const std::string& name) {
  NullDiagnosticSink sink;
  auto kb = KnowledgeBase::LoadUnchecked(kData + name, sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  return CheckKnowledgeBase(**kb, {});
}

std::string LoadError(const std::string& name) {
  NullDiagnosticSink sink;
  auto kb = KnowledgeBase::Load(kData + name, sink);
  REQUIRE_FALSE(kb.ok());
  return std::string(kb.status().message());
}

TEST_SUITE("kb") {

TEST_CASE("kb: shipped KB 316772 points to its cause and the SRP with the article's file sizes") {
  auto kb = testkb::ShippedKb();
  const Article* a = kb->FindArticle("KB316772");
  REQUIRE(a != nullptr);
  REQUIRE(a->causes.size() == 1);
  CHECK(a->causes[0].id == "winlogon-holds-keys");
  REQUIRE_FALSE(a->causes[0].fix.empty());
  CHECK(a->causes[0].fix[0].package == "Q299444");
  const Package* srp = kb->FindPackage("Q299444");
  REQUIRE(srp != nullptr);
  CHECK(srp->kind == PackageKind::kRollup);
  REQUIRE(srp->requires_.size() == 1);
  CHECK(srp->requires_[0] == "Q246009");
  const Package* sp6a = kb->FindPackage("Q246009");
  REQUIRE(sp6a != nullptr);
  CHECK(sp6a->requires_ == std::vector<std::string>{"NT4-SP6"});
  CHECK(sp6a->detect.hotfix_key == "Q246009");
  int found = 0;
  for (const FileCheck& f : srp->files) {
    CHECK(f.min_date.ToString() == "2000-04-04");
    if (f.file == "Winlogon.exe" && f.platform == Platform::kIntel) {
      CHECK(f.size == 192272);
      CHECK(f.weak_size);
      ++found;
    }
    if (f.file == "Services.exe" && f.platform == Platform::kIntel) { CHECK(f.size == 135440); ++found; }
    if (f.file == "Winlogon.exe" && f.platform == Platform::kAlpha) { CHECK(f.size == 275216); ++found; }
    if (f.file == "Services.exe" && f.platform == Platform::kAlpha) { CHECK(f.size == 249104); ++found; }
  }
  CHECK(found == 4);
  // The SRP includes Q259042 and Q264684 (packages.tsv).
  auto by = kb->SupersededBy("Q259042");
  bool has_srp = false;
  for (const Package* p : by) has_srp = has_srp || p->id == "Q299444";
  CHECK(has_srp);
}

TEST_CASE("kb: each documented cause of ClusSvc 1024 has its own article") {
  auto kb = testkb::ShippedKb();
  CHECK(kb->FindArticle("KB192493")->FindCause("es-key-permissions") != nullptr);
  const Article* restore = kb->FindArticle("KB188674");
  REQUIRE(restore != nullptr);
  const Cause* c = restore->FindCause("online-restore-overwrote-key");
  REQUIRE(c != nullptr);
  CHECK(c->fix.empty());           // a procedure, no package
  CHECK_FALSE(c->procedure.empty());
  CHECK(kb->FindArticle("KB174070")->FindCause("checkpoint-mechanism") != nullptr);
  CHECK(kb->FindArticle("FC-CP_REG_CKPT_RESTORE_FAILED") != nullptr);
  CHECK(kb->FindArticle("KB125600")->causes[0].informational);
}

TEST_CASE("kb: lookups are case-insensitive and unknown ids give null") {
  auto kb = testkb::ShippedKb();
  CHECK(kb->FindArticle("kb316772") != nullptr);
  CHECK(kb->FindPackage("q299444") != nullptr);
  CHECK(kb->FindArticle("KB1") == nullptr);
  CHECK(kb->FindPackage("Q1") == nullptr);
  auto names = kb->CheckedFileNames();
  CHECK(std::find(names.begin(), names.end(), "winlogon.exe") != names.end());
  CHECK(std::find(names.begin(), names.end(), "services.exe") != names.end());
}

TEST_CASE("kb check: a package requiring a missing package names file:line of <requires>") {
  auto p = CheckFile("missing_prereq.xml");
  REQUIRE(p.size() == 1);
  CHECK(p[0].where.line == 4);
  CHECK(p[0].message == "package 'Q299444': requires missing package 'Q246008'");
  CHECK(LoadError("missing_prereq.xml") ==
        kData + "missing_prereq.xml:4: package 'Q299444': requires missing package 'Q246008'");
}

TEST_CASE("kb check: a supersedence cycle is reported at the edge that closes it") {
  auto p = CheckFile("cycle.xml");
  REQUIRE(p.size() == 1);
  CHECK(p[0].where.line == 7);
  CHECK(p[0].message == "package 'B2': supersedence cycle: A1 -> B2 -> A1");
}

TEST_CASE("kb check: a file check without platform, and one with only a date, are rejected") {
  auto p = CheckFile("file_no_platform.xml");
  REQUIRE(p.size() == 2);
  CHECK(p[0].where.line == 4);
  CHECK(p[0].message.find("file check 'Winlogon.exe' has no platform") != std::string::npos);
  CHECK(p[1].where.line == 5);
  CHECK(p[1].message == "package 'Q1': file check 'Services.exe' has neither size nor version");
}

TEST_CASE("kb check: duplicate article ids cite both places") {
  auto p = CheckFile("duplicate.xml");
  REQUIRE(p.size() == 1);
  CHECK(p[0].where.line == 6);
  CHECK(p[0].message == "article 'KB1' is defined twice (first at " + kData + "duplicate.xml:3)");
}

TEST_CASE("kb check: a cause fixed by a missing package") {
  auto p = CheckFile("missing_fix.xml");
  REQUIRE(p.size() == 1);
  CHECK(p[0].where.line == 6);
  CHECK(p[0].message == "article 'KB316772': cause 'winlogon-holds-keys': fix names missing package 'Q299445'");
}

TEST_CASE("kb check: rules pointing to a missing article or cause give the rule's file:line") {
  auto kb = testkb::ShippedKb();
  NullDiagnosticSink sink;
  auto refs = ScanRuleRefs(kData + "rules", sink);
  REQUIRE(refs.size() == 3);
  std::vector<KbProblem> p;
  for (KbProblem& x : CheckKnowledgeBase(*kb, refs)) {
    if (x.where.file.find("refs.xml") != std::string::npos) p.push_back(std::move(x));
  }
  REQUIRE(p.size() == 2);
  CHECK(p[0].ToString() == kData + "rules/refs.xml:4: rule 'points-nowhere': points to missing article 'KB999999'");
  CHECK(p[1].ToString() == kData + "rules/refs.xml:5: rule 'wrong-cause': article 'KB316772' has no cause 'no-such-cause'");
}

TEST_CASE("kb check: rules are read by the rules loader; a broken rule is reported, the rest checked") {
  auto kb = testkb::ShippedKb();
  CollectingSink sink;
  auto refs = ScanRuleRefs(kData + "mixedrules", sink);
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].rule_id == "good-points-nowhere");
  CHECK(refs[0].where.line == 6);
  REQUIRE(sink.items().size() == 1);
  const Diagnostic& d = sink.items()[0];
  CHECK(d.file == kData + "mixedrules/mixed.xml");
  CHECK(d.line == 5);
  CHECK(d.what.rfind("rule 'bad-regex': bad regex: ", 0) == 0);
  CHECK(d.what.find("; not checked against the KB") != std::string::npos);
  std::vector<std::string> p;
  for (const KbProblem& x : CheckKnowledgeBase(*kb, refs)) {
    if (x.where.file.find("mixed.xml") != std::string::npos) p.push_back(x.ToString());
  }
  CHECK(p == std::vector<std::string>{kData + "mixedrules/mixed.xml:6: rule 'good-points-nowhere': "
                                              "points to missing article 'KB999999'"});
}

TEST_CASE("kb check: a listed key no match example of the article's rules names is reported") {
  auto kb = testkb::ShippedKb();
  NullDiagnosticSink sink;
  auto refs = ScanRuleRefs(kData + "keyrules", sink);
  REQUIRE(refs.size() == 2);
  std::vector<std::string> keys;
  for (const KbProblem& x : CheckKnowledgeBase(*kb, refs)) {
    if (x.message.find("article 'KB316772'") == 0) keys.push_back(x.message);
  }
  // MSExchangeIMC (HKLM\, ControlSet002) and \Diagnostics (message, lower case) are named;
  // \Parameters only as ParametersX; ParametersSystem only in a no-match example and in
  // another cause's rule.
  const std::string tail = "' is named by no match example of the article's rules";
  CHECK(keys == std::vector<std::string>{
                    "article 'KB316772': cause 'winlogon-holds-keys': key 'SYSTEM\\ControlSet001\\Services\\MSExchangeIS\\ParametersSystem" + tail,
                    "article 'KB316772': cause 'winlogon-holds-keys': key 'SYSTEM\\ControlSet001\\Services\\MSExchangeIMC\\Parameters" + tail});
  // The shipped rules name every key the shipped articles list.
  auto shipped = ScanRuleRefs(std::string(LOGRX_SOURCE_DIR) + "/rules", sink);
  for (const KbProblem& x : CheckKnowledgeBase(*kb, shipped)) CHECK_MESSAGE(false, x.ToString());
}

TEST_CASE("kb check: registry text normalisation") {
  CHECK(NormalizeRegistryText("HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\X") ==
        "system\\controlset*\\services\\x");
  CHECK(NormalizeRegistryText("hklm\\System\\CurrentControlSet\\A") == "system\\controlset*\\a");
  CHECK(NormalizeRegistryText("ControlSetX") == "controlsetx");
}

TEST_CASE("kb load: <applies-to> is read; bad bounds are errors with file:line") {
  auto kb = testkb::ShippedKb();
  const Article* a = kb->FindArticle("KB236949");
  REQUIRE(a != nullptr);
  REQUIRE(a->applies_to.stated);
  REQUIRE(a->applies_to.os.size() == 1);
  CHECK(a->applies_to.os[0].version == "4.0");
  CHECK(a->applies_to.os[0].min_sp == 4);
  CHECK(a->applies_to.os[0].max_sp == 5);
  const Article* tse = kb->FindArticle("KB243848");
  REQUIRE(tse != nullptr);
  CHECK(tse->applies_to.os[0].editions == std::vector<std::string>{"TSE"});
  // Every hand-written article states its scope (imported ones from kb/archive/ may not:
  // the advisor then treats them as possible articles only).
  for (const Article& x : kb->articles()) {
    if (!x.imported) CHECK_MESSAGE(x.applies_to.stated, x.id);
  }
  NullDiagnosticSink sink;
  auto load = [&](const std::string& scope) {
    auto r = LoadKnowledgeBaseText(
        {{"a.xml", "<kb><article id=\"KB1\" title=\"t\">\n<applies-to>\n" + scope +
                       "\n</applies-to><cause id=\"main\" informational=\"true\"><summary>s</summary>"
                       "</cause></article></kb>"}},
        sink);
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  CHECK(load("<os version=\"4.0\" min-sp=\"3\" max-sp=\"6\" edition=\"Server|TSE\"/>"
             "<product name=\"Exchange Server\" version=\"5.5\" min-sp=\"1\"/>") == "ok");
  CHECK(load("<os version=\"4\"/>") == "a.xml:3: os: version '4' is not major.minor (\"4.0\", \"6.1\")");
  CHECK(load("<os version=\"4.0\" min-sp=\"6\" max-sp=\"3\"/>") == "a.xml:3: os: min-sp 6 is above max-sp 3");
  CHECK(load("<os version=\"4.0\" max-sp=\"six\"/>") == "a.xml:3: os: max-sp 'six' is not a number 0..99");
  CHECK(load("<os version=\"4.0\" edition=\"Server||TSE\"/>") ==
        "a.xml:3: os: edition 'Server||TSE' has an empty alternative");
  CHECK(load("<cpu/>") == "a.xml:3: applies-to: unknown element <cpu>");
}

TEST_CASE("kb load: grammar errors carry file:line and reason") {
  CHECK(LoadError("bad_attribute.xml") == kData + "bad_attribute.xml:4: <file>: unknown attribute 'platfrom'");
  CHECK(LoadError("bad_date.xml") ==
        kData + "bad_date.xml:5: package 'Q1': file 'Winlogon.exe': date '2000-02-30' is not YYYY-MM-DD");
  const std::string e = LoadError("not_xml.xml");
  CHECK(e.rfind(kData + "not_xml.xml:5: not well-formed XML", 0) == 0);
}

TEST_CASE("kb load: an error says where as data (Status::where)") {
  NullDiagnosticSink sink;
  for (const char* name : {"bad_attribute.xml", "missing_prereq.xml", "not_xml.xml"}) {
    CAPTURE(name);
    auto kb = KnowledgeBase::Load(kData + name, sink);
    REQUIRE_FALSE(kb.ok());
    const Status s = kb.status();
    REQUIRE(s.where() != nullptr);
    CHECK(s.where()->file == kData + name);
    CHECK(s.where()->line == (std::string(name) == "not_xml.xml" ? 5u : 4u));
    CHECK(s.message() == s.where()->ToString() + ": " + std::string(s.what()));
  }
  auto absent = KnowledgeBase::Load(kData + "absent", sink);
  REQUIRE_FALSE(absent.ok());
  REQUIRE(absent.status().where() != nullptr);
  CHECK(absent.status().where()->file == kData + "absent");
  CHECK(absent.status().what() == "no such knowledge-base file or folder");
}

TEST_CASE("kb load: text in memory, and an empty or foreign root") {
  NullDiagnosticSink sink;
  auto bad = LoadKnowledgeBaseText({{"x.xml", "<rules/>"}}, sink);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "x.xml:1: root element is <rules> (want <kb>)");
  auto missing = KnowledgeBase::Load(kData + "no-such-folder", sink);
  CHECK(missing.status().code() == StatusCode::kNotFound);
}

TEST_CASE("kb load: event ids may carry thousands commas; a kind is one of the four names") {
  NullDiagnosticSink sink;
  auto load = [&](const std::string& body) {
    auto r = LoadKnowledgeBaseText({{"a.xml", "<kb>\n" + body + "\n</kb>"}}, sink);
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  auto article = [](const std::string& event) {
    return "<article id=\"KB1\" title=\"t\"><symptom source=\"S\" event=\"" + event +
           "\">x</symptom><cause id=\"c\" informational=\"true\"><summary>s</summary></cause></article>";
  };
  CHECK(load(article("1,024")) == "ok");
  CHECK(load(article("65535")) == "ok");
  CHECK(load(article(",")) == "a.xml:2: symptom: event ',' is not a number 0..65535");
  CHECK(load(article("65536")) == "a.xml:2: symptom: event '65536' is not a number 0..65535");
  CHECK(load(article("-1")) == "a.xml:2: symptom: event '-1' is not a number 0..65535");
  auto package = [](const std::string& kind) {
    return "<package id=\"P1\" name=\"n\" kind=\"" + kind + "\"/>";
  };
  CHECK(load(package("rollup")) == "ok");
  CHECK(load(package("Rollup")) ==
        "a.xml:2: package 'P1': kind 'Rollup' (want service-pack, rollup, hotfix or update)");
  for (PackageKind k : {PackageKind::kServicePack, PackageKind::kRollup, PackageKind::kHotfix,
                        PackageKind::kUpdate}) {
    PackageKind back = PackageKind::kHotfix;
    CHECK(ParsePackageKind(PackageKindName(k), back));
    CHECK(back == k);
  }
  CHECK(std::string(PackageKindName(PackageKind::kServicePack)) == "service-pack");
}

TEST_CASE("version: numeric comparison per component") {
  int c = 0;
  REQUIRE(CompareVersions("4.0.1381.7103", "4.0.1381.7142", c));
  CHECK(c < 0);
  REQUIRE(CompareVersions("4.0.1381.7142", "4.0.1381.7103", c));
  CHECK(c > 0);
  REQUIRE(CompareVersions("4.0.1381.7103", "4.0.1381.7103", c));
  CHECK(c == 0);
  REQUIRE(CompareVersions("4.0.1381.33478", "4.0.1381.7103", c));  // numeric, not text
  CHECK(c > 0);
  REQUIRE(CompareVersions("5.5.1960.8", "5.5.1960", c));
  CHECK(c > 0);
  REQUIRE(CompareVersions("4.0.1381.7103 (SP6a.011114)", "4.0.1381.7103", c));
  CHECK(c == 0);
  CHECK_FALSE(CompareVersions("4.0.x", "4.0", c));
  CHECK_FALSE(CompareVersions("", "4.0", c));
  CHECK(IsVersion("4.0.1381.7103"));
  CHECK_FALSE(IsVersion("4.0.1381.7103.1"));
}

TEST_CASE("version: dates and byte counts") {
  Date d;
  REQUIRE(ParseDate("2000-04-04", d));
  Date e;
  REQUIRE(ParseDate("1999-11-18", e));
  CHECK(e.Compare(d) < 0);
  CHECK(d.Compare(d) == 0);
  CHECK_FALSE(ParseDate("2001-02-29", e));
  CHECK(ParseDate("2000-02-29", e));
  CHECK_FALSE(ParseDate("04/04/00", e));
  CHECK(FormatBytes(192272) == "192,272");
  CHECK(FormatBytes(42768) == "42,768");
  CHECK(FormatBytes(1000000) == "1,000,000");
  CHECK(FormatBytes(999) == "999");
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::kb
