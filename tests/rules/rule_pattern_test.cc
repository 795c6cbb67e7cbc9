// Patterns of imported rules compiled on first use (RuleLoadOptions::defer_imported_patterns,
// rules/rule_pattern_internal.h): the same errors at load, the same hits and captures as an
// eager compile, one compile shared by every thread; and the event-id prefilter of Select.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <pugixml.hpp>

#include "rules/rule_model_internal.h"
#include "rules/rule_pattern_internal.h"
#include "rules/rule_set.h"

namespace logrx::rules {
namespace {

// One rule; `imported` marks it as `logrx kb import` writes them.
std::string RuleXml(const std::string& regex, bool imported, const std::string& id = "r1",
                    const std::string& keys = "<provider>Srv</provider><event-id>2011</event-id>") {
  return "<rules version=\"1\">\n<rule id=\"" + id + "\" title=\"t\" severity=\"info\" kb=\"KB1\"" +
         (imported ? " imported=\"true\"" : "") + ">\n<when>" + keys +
         "\n<message regex=\"" + regex + "\"/></when>\n</rule>\n</rules>\n";
}

RuleLoadOptions Deferred() {
  RuleLoadOptions o;
  o.defer_imported_patterns = true;
  return o;
}

std::vector<std::string> Messages(const std::vector<Status>& errors) {
  std::vector<std::string> out;
  for (const Status& s : errors) out.emplace_back(s.message());
  return out;
}

OwnedEvent Srv(const std::string& message, uint16_t id = 2011, const std::string& provider = "Srv") {
  OwnedEvent o;
  o.set_provider(provider);
  o.set_computer("FS01");
  o.set_message(message, MessageOrigin::kExport);
  o.mutable_header().event_id = id;
  o.mutable_header().record_id = 7;
  return o;
}

// "rule=name:value,..." per hit.
std::vector<std::string> Hits(const RuleSet& set, const OwnedEvent& ev) {
  std::vector<Hit> hits;
  set.Select(ev.view(), hits);
  std::vector<std::string> out;
  for (const Hit& h : hits) {
    std::string s = set.info(h.rule).id + "=";
    for (const Capture& c : h.evidence.captures) s += c.name + ":" + c.value + ",";
    s += "[" + h.evidence.matched + "]";
    out.push_back(s);
  }
  return out;
}

// Over kRegexMaxProgramSize (20,000 instructions) once compiled, valid syntax.
const std::string kTooLarge = "(?:abcdefghijklmnopqrstuvwxyz){1000}";

TEST_SUITE("rules") {

TEST_CASE("deferred imported pattern: a syntax error is reported at load, as an eager compile reports it") {
  for (const std::string bad : {"(?P&lt;x&gt;a", "a)", "[z-a]", "x{2,1}", "\\8"}) {
    CAPTURE(bad);
    std::vector<Status> eager, deferred;
    (void)RuleSet::LoadFromString(RuleXml(bad, true), "t.xml", eager);
    const auto set = RuleSet::LoadFromString(RuleXml(bad, true), "t.xml", deferred, Deferred());
    REQUIRE(eager.size() == 1);
    CHECK(std::string(eager[0].message()).find("bad regex: ") != std::string::npos);
    CHECK(Messages(deferred) == Messages(eager));
    CHECK(set->size() == 0);
  }
}

TEST_CASE("deferred imported pattern: the same hits, captures and matched text as an eager compile") {
  const std::string re = "(?is)The\\s+server\\s+parameter\\s+&quot;(?P&lt;param&gt;.+?)&quot;\\s+is\\s+(?P&lt;state&gt;too\\s+small)";
  std::vector<Status> errors;
  const auto eager = RuleSet::LoadFromString(RuleXml(re, true), "t.xml", errors);
  const auto deferred = RuleSet::LoadFromString(RuleXml(re, true), "t.xml", errors, Deferred());
  REQUIRE(errors.empty());
  const OwnedEvent hit = Srv("The server parameter \"irpstacksize\" is TOO small for it.");
  const std::vector<std::string> want = {
      "r1=param:irpstacksize,state:TOO small,[The server parameter \"irpstacksize\" is TOO small]"};
  CHECK(Hits(*eager, hit) == want);
  CHECK(Hits(*deferred, hit) == want);
  CHECK(Hits(*deferred, Srv("An unrelated message.")).empty());
  CHECK(Hits(*deferred, hit) == want);  // compiled once, used again
}

TEST_CASE("an imported pattern that could outgrow the caps is compiled at load and reported there") {
  std::vector<Status> eager, deferred;
  (void)RuleSet::LoadFromString(RuleXml(kTooLarge, true), "t.xml", eager);
  REQUIRE(eager.size() == 1);
  CHECK(std::string(eager[0].message()).find("regex too large: program size") != std::string::npos);
  (void)RuleSet::LoadFromString(RuleXml(kTooLarge, true), "t.xml", deferred, Deferred());
  CHECK(Messages(deferred) == Messages(eager));
  // Long, or with a Unicode class: compiled at load too.
  std::string dots;
  while (dots.size() <= 1024) dots += ".";
  CHECK_FALSE(internal::BoundedBelowCaps(dots));
  CHECK_FALSE(internal::BoundedBelowCaps("\\pL+"));
  CHECK_FALSE(internal::BoundedBelowCaps("\\P{Greek}"));
  CHECK(internal::BoundedBelowCaps("(?i)service\\s+(?P<name>\\w+)"));
}

// What the load-time check keeps of a pattern: whether it is good, the error text a bad
// one gives, and its named groups.
std::string CheckedAs(const RE2& re, bool parsed_only) {
  std::string out = internal::RulePatternSyntaxOk(re, parsed_only)
                        ? "ok"
                        : "error " + re.error() + " at '" + re.error_arg() + "'";
  for (const auto& [name, index] : re.NamedCapturingGroups()) {
    out += " " + name + "=" + std::to_string(index);
  }
  return out;
}

void CheckParsedAsCompiled(const std::string& pattern) {
  CAPTURE(pattern);
  const auto parsed = internal::ParseRulePattern(pattern);
  const auto compiled = internal::CompileRulePattern(pattern);
  CHECK(CheckedAs(*parsed, true) == CheckedAs(*compiled, false));
}

TEST_CASE("the syntax check parses without the leading (?i) and says what a compile says") {
  CHECK(internal::WithoutLeadingFoldCase("(?is)a\\s+b") == "(?s)a\\s+b");
  CHECK(internal::WithoutLeadingFoldCase("(?i)ab") == "ab");
  CHECK(internal::WithoutLeadingFoldCase("(?si)ab") == "(?s)ab");
  CHECK(internal::WithoutLeadingFoldCase("(?ii)ab") == "(?i)ab");
  CHECK(internal::WithoutLeadingFoldCase("(?i:ab)c") == "(?i:ab)c");  // a group, not flags
  CHECK(internal::WithoutLeadingFoldCase("(?-i)ab") == "(?-i)ab");
  CHECK(internal::WithoutLeadingFoldCase("(?iq)ab") == "(?iq)ab");
  CHECK(internal::WithoutLeadingFoldCase("(?is") == "(?is");
  CHECK(internal::WithoutLeadingFoldCase("a(?i)b") == "a(?i)b");
  // Bad patterns: the error is the pattern's own (the missing-paren text quotes it whole).
  for (const char* p : {"(?is)(abc", "(?i)a**", "(?i)(?P<n>a)(?P<n>b)", "(?i)[z-a]", "(?is)\\8",
                        "(?i)", "(?ii)x", "(?i", "(?)x", "(?iq)x", "(?is)x{1001}", "(?i)\\pN+",
                        "(?i)[[:foo:]]", "(?i)\\Qa", "(?is)a)", "(?i)(?P<1a>x)", "(?is)\\x{110000}",
                        "(?i)[\\d-z]", "(?is)(?P<name>a)(?P<name_2>b)"}) {
    CheckParsedAsCompiled(p);
  }
}

TEST_CASE("every pattern in rules/ (the imported archive too) checks as it compiles") {
  size_t patterns = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(LOGRX_SOURCE_DIR) + "/rules")) {
    if (entry.path().extension() != ".xml") continue;
    pugi::xml_document doc;
    REQUIRE(doc.load_file(entry.path().c_str()));
    for (const pugi::xpath_node& n : doc.select_nodes("//*[@regex]")) {
      CheckParsedAsCompiled(n.node().attribute("regex").value());
      ++patterns;
    }
  }
  CHECK(patterns > 1000);  // the archive's imported rules are among them
}

TEST_CASE("a pattern deferred by BoundedBelowCaps cannot compile over the caps") {
  // The densest pieces RE2 knows of, repeated up to the bound: each compiles and fits.
  const char* pieces[] = {".", "\\W", "\\S", "\\D", "(?i:\\W)", "\\b.", "[^a]",
                          "(?i:[[:^alpha:]])", "(?s:.)", "[^\\x00-\\x7f]", "(?i)k"};
  for (const char* piece : pieces) {
    std::string pattern;
    while (pattern.size() + std::string(piece).size() <= 1024) pattern += piece;
    CAPTURE(piece);
    REQUIRE(internal::BoundedBelowCaps(pattern));
    const internal::RulePattern p(pattern);
    const RE2* re = p.re();
    REQUIRE(re->ok());
    CHECK(re->ProgramSize() <= internal::kRegexMaxProgramSize / 2);
  }
}

TEST_CASE("hand-written rules are compiled at load even when imported ones are deferred") {
  std::vector<Status> errors;
  (void)RuleSet::LoadFromString(RuleXml(kTooLarge, false), "t.xml", errors, Deferred());
  REQUIRE(errors.size() == 1);
  CHECK(std::string(errors[0].message()).find("regex too large: program size") != std::string::npos);
}

TEST_CASE("deferred pattern: threads that reach it first all get the one compiled RE2") {
  const internal::RulePattern p(std::string("(?i)service\\s+(?P<name>\\w+)"));
  std::vector<const RE2*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&p, &seen, t] { seen[t] = p.re(); });
  }
  for (std::thread& th : threads) th.join();
  REQUIRE(seen[0] != nullptr);
  for (const RE2* re : seen) CHECK(re == seen[0]);
  CHECK(RE2::PartialMatch("the Service Spooler", *seen[0]));
}

TEST_CASE("deferred patterns matched from several threads at once give every thread the same hits") {
  std::string xml = "<rules version=\"1\">\n";
  for (int i = 0; i < 20; ++i) {
    xml += "<rule id=\"r" + std::to_string(i) +
           "\" title=\"t\" severity=\"info\" kb=\"KB1\" imported=\"true\"><when><provider>Srv</provider>"
           "<event-id>2011</event-id><message regex=\"(?i)word" + std::to_string(i) +
           "\\s+(?P&lt;n&gt;\\d+)\"/></when></rule>\n";
  }
  xml += "</rules>\n";
  std::vector<Status> errors;
  const auto set = RuleSet::LoadFromString(xml, "t.xml", errors, Deferred());
  REQUIRE(errors.empty());
  const OwnedEvent ev = Srv("WORD3 33 word17 1717 word3 no");
  const std::vector<std::string> want = {"r3=n:33,[WORD3 33]", "r17=n:1717,[word17 1717]"};
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&set, &ev, &got, t] {
      for (int k = 0; k < 50; ++k) got[t] = Hits(*set, ev);
    });
  }
  for (std::thread& th : threads) th.join();
  for (const auto& g : got) CHECK(g == want);
}

TEST_CASE("select: an event id no condition names still reaches the conditions that name none") {
  std::vector<Status> errors;
  const std::string xml =
      "<rules version=\"1\">\n"
      "<rule id=\"by-id\" title=\"t\" severity=\"info\" kb=\"KB1\"><when><provider>Srv</provider>"
      "<event-id>2011</event-id></when></rule>\n"
      "<rule id=\"any-id\" title=\"t\" severity=\"info\" kb=\"KB1\"><when><provider>Other</provider>"
      "</when></rule>\n</rules>\n";
  const auto set = RuleSet::LoadFromString(xml, "t.xml", errors);
  REQUIRE(errors.empty());
  CHECK(Hits(*set, Srv("m", 2011)) == std::vector<std::string>{"by-id=[]"});
  CHECK(Hits(*set, Srv("m", 2012)).empty());
  CHECK(Hits(*set, Srv("m", 2012, "Other")) == std::vector<std::string>{"any-id=[]"});
  CHECK(Hits(*set, Srv("m", 2011, "Other")) == std::vector<std::string>{"any-id=[]"});
  CHECK(Hits(*set, Srv("m", 65535, "Other")) == std::vector<std::string>{"any-id=[]"});
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::rules
