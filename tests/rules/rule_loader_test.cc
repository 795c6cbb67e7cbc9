// Rule-file errors: each kind of mistake is rejected with the exact file:line and reason.
// Expected lines are counted by hand in the documents below (line 1 is the first line).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "core/diagnostic.h"
#include "rules/rule_set.h"

namespace logrx::rules {
namespace {

// Loads `xml` as "t.xml" and returns every error message.
std::vector<std::string> Errors(const std::string& xml) {
  std::vector<Status> errors;
  (void)RuleSet::LoadFromString(xml, "t.xml", errors);
  std::vector<std::string> out;
  for (const Status& s : errors) out.emplace_back(s.message());
  return out;
}

std::string FirstError(const std::string& xml) {
  const std::vector<std::string> e = Errors(xml);
  return e.empty() ? std::string("(no error)") : e.front();
}

const char* kHead = "<rules version=\"1\">\n";  // line 1

TEST_SUITE("rules") {

TEST_CASE("rule loader: a valid rule loads with its metadata") {
  std::vector<Status> errors;
  auto set = RuleSet::LoadFromString(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"high\" kb=\"KB316772\" cause=\"winlogon-holds-keys\">\n"
      "    <when><provider>ClusSvc</provider><event-id>1024</event-id></when>\n"
      "  </rule>\n</rules>\n", "t.xml", errors);
  REQUIRE(errors.empty());
  REQUIRE(set->size() == 1);
  CHECK(set->info(0).id == "r1");
  CHECK(set->info(0).kb == "KB316772");
  CHECK(set->info(0).cause == "winlogon-holds-keys");
  CHECK(set->info(0).severity == RuleSeverity::kHigh);
  CHECK(set->info(0).line == 2);
  CHECK(set->info(0).file == "t.xml");
}

TEST_CASE("rule loader: XML syntax error names the line of the damage") {
  CHECK(FirstError(std::string(kHead) + "  <rule id=\"r1\"\n    title=\"x\" <oops/>\n</rules>\n")
            .rfind("t.xml:3: not well-formed XML: ", 0) == 0);
}

TEST_CASE("rule loader: an error says where as data (Status::where), not only in its text") {
  std::vector<Status> errors;
  (void)RuleSet::LoadFromString(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"loud\" kb=\"KB1\">\n"
      "    <when><provider>ClusSvc</provider></when>\n"
      "  </rule>\n</rules>\n", "t.xml", errors);
  REQUIRE(errors.size() == 1);
  REQUIRE(errors[0].where() != nullptr);
  CHECK(errors[0].where()->file == "t.xml");
  CHECK(errors[0].where()->line == 2);
  CHECK(errors[0].what() == "rule 'r1': severity='loud' (want info, low, medium, high or critical)");
  CHECK(errors[0].message() == "t.xml:2: rule 'r1': severity='loud' (want info, low, medium, high or critical)");
}

TEST_CASE("rule loader: wrong root element") {
  CHECK(FirstError("<?xml version=\"1.0\"?>\n\n<rule/>\n") == "t.xml:3: root element is <rule>, want <rules>");
}

TEST_CASE("rule loader: bad regex reports RE2's error and the attribute's line") {
  const std::string e = FirstError(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><provider>ClusSvc</provider>\n"
      "      <message\n"
      "        regex=\"(?P&lt;key>abc\"/>\n"
      "    </when>\n  </rule>\n</rules>\n");
  CHECK(e == "t.xml:5: rule 'r1': bad regex: missing ): (?P<key>abc (at '(?P<key>abc')");
}

TEST_CASE("rule loader: a regex over the program-size cap is rejected") {
  const std::string e = FirstError(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><provider>A</provider><message regex=\"(abcdefghijklmnopqrstuvwxy){1000}\"/></when>\n"
      "  </rule>\n</rules>\n");
  CHECK(e.rfind("t.xml:3: rule 'r1': regex too large: program size ", 0) == 0);
  CHECK(e.substr(e.size() - 8) == " > 20000");
}

TEST_CASE("rule loader: unknown severity, bad kb, missing title, bad id") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"r1\"\n"
      "        severity=\"urgent\"\n"
      "        kb=\"316772\">\n"
      "    <when><event-id>1</event-id></when>\n"
      "  </rule>\n"
      "  <rule id=\"Bad Id\" title=\"T\" severity=\"low\" kb=\"KB1\"><when><event-id>1</event-id></when></rule>\n"
      "</rules>\n");
  REQUIRE(e.size() == 4);
  CHECK(e[0] == "t.xml:2: rule 'r1': title is missing");
  CHECK(e[1] == "t.xml:3: rule 'r1': severity='urgent' (want info, low, medium, high or critical)");
  CHECK(e[2] == "t.xml:4: rule 'r1': kb='316772' is not an article id (want e.g. KB316772 or "
                "FC-CP_REG_CKPT_RESTORE_FAILED or LX-NAME)");
  CHECK(e[3] == "t.xml:7: rule 'Bad Id': id is missing or not a name (1-128 of a-z, 0-9, '-', '_', '.')");
}

TEST_CASE("rule loader: unknown element and unknown attribute") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><provider>A</provider>\n"
      "      <feild name=\"x\" equals=\"y\"/>\n"
      "      <field name=\"x\" equal=\"y\"/>\n"
      "    </when>\n  </rule>\n</rules>\n");
  REQUIRE(e.size() == 3);
  CHECK(e[0] == "t.xml:4: rule 'r1': unexpected <feild> in <when>");
  CHECK(e[1] == "t.xml:5: rule 'r1': unknown attribute 'equal' on <field>");
  CHECK(e[2] == "t.xml:5: rule 'r1': <field> needs equals=, regex= or capture=");
}

TEST_CASE("rule loader: an element out of place names its parent and what belongs there") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rulle id=\"x\"/>\n"
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <sequence within=\"1h\">\n"
      "      <step id=\"a\"><when><event-id>1</event-id></when><whenn/></step>\n"
      "      <stepp id=\"c\"/>\n"
      "      <step id=\"b\"><when><event-id>2</event-id></when></step>\n"
      "    </sequence>\n"
      "    <examples><exampel/></examples>\n"
      "  </rule>\n</rules>\n");
  REQUIRE(e.size() == 4);
  CHECK(e[0] == "t.xml:2: unexpected <rulle> in <rules> (want <rule>)");
  CHECK(e[1] == "t.xml:5: rule 'r1': unexpected <whenn> in <step> (want <when>)");
  CHECK(e[2] == "t.xml:6: rule 'r1': unexpected <stepp> in <sequence> (want <step>)");
  CHECK(e[3] == "t.xml:9: rule 'r1': unexpected <exampel> in <examples> (want <example>)");
}

TEST_CASE("rule loader: event ids, levels and durations are validated") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><event-id>1024 70000</event-id></when>\n"
      "    <when><event-id>5</event-id><level>loud</level></when>\n"
      "    <when><event-id>9-3</event-id></when>\n"
      "    <count min=\"3\" within=\"1 hour\"/>\n"
      "  </rule>\n</rules>\n");
  REQUIRE(e.size() == 4);
  CHECK(e[0] == "t.xml:3: rule 'r1': <event-id> '70000' is not an id or range in 0..65535");
  CHECK(e[1] == "t.xml:4: rule 'r1': <level> 'loud' is not critical, error, warning, information, verbose or 0..5");
  CHECK(e[2] == "t.xml:5: rule 'r1': <event-id> '9-3' is not an id or range in 0..65535");
  CHECK(e[3] == "t.xml:6: rule 'r1': within='1 hour' is not a duration (want e.g. 1h, 30m, 90s, 1h30m or PT1H)");
}

TEST_CASE("rule loader: a condition must name a provider or an event id") {
  CHECK(FirstError(std::string(kHead) +
                   "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
                   "    <when><level>error</level></when>\n  </rule>\n</rules>\n") ==
        "t.xml:3: rule 'r1': <when> needs a <provider> or an <event-id>");
}

TEST_CASE("rule loader: sequence mistakes") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <sequence within=\"1h\" order=\"sideways\">\n"
      "      <step id=\"a\"><when><event-id>1</event-id></when></step>\n"
      "      <step id=\"b\" absent=\"true\"><when><event-id>2</event-id></when></step>\n"
      "    </sequence>\n  </rule>\n</rules>\n");
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "t.xml:3: rule 'r1': order='sideways' (want in-order or any)");
  CHECK(e[1] == "t.xml:5: rule 'r1': the last <step> of a <sequence> cannot be absent");
}

TEST_CASE("rule loader: group-by and join must name a capture") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"c\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><event-id>1069</event-id><message regex=\"'(?P&lt;res>[^']*)'\"/></when>\n"
      "    <count min=\"3\" within=\"1h\"\n"
      "           group-by=\"resource\"/>\n"
      "  </rule>\n"
      "  <rule id=\"s\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <sequence within=\"1h\" join=\"res\">\n"
      "      <step id=\"a\"><when><event-id>1</event-id><field index=\"1\" capture=\"res\"/></when></step>\n"
      "      <step id=\"b\"><when><event-id>2</event-id></when></step>\n"
      "    </sequence>\n  </rule>\n</rules>\n");
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "t.xml:5: rule 'c': group-by='resource' is not captured by any <when>");
  CHECK(e[1] == "t.xml:10: rule 's': join='res' is not captured in step 'b'");
}

TEST_CASE("rule loader: suppress target must exist; ids are unique") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><event-id>1</event-id></when>\n"
      "    <suppress rule=\"nope\"/>\n"
      "  </rule>\n"
      "  <rule id=\"r2\" title=\"T\" severity=\"low\" kb=\"KB1\"><when><event-id>1</event-id></when></rule>\n"
      "  <rule id=\"r2\" title=\"T\" severity=\"low\" kb=\"KB1\"><when><event-id>1</event-id></when></rule>\n"
      "</rules>\n");
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "t.xml:7: rule 'r2': duplicate id (first defined at t.xml:6)");
  CHECK(e[1] == "t.xml:4: rule 'r1': <suppress rule=\"nope\">: no rule has this id");
}

TEST_CASE("rule loader: example events are parsed and checked") {
  const std::vector<std::string> e = Errors(std::string(kHead) +
      "  <rule id=\"r1\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><event-id>1</event-id></when>\n"
      "    <examples>\n"
      "      <example expect=\"maybe\">\n"
      "        <Event><System><Provider Name=\"A\"/><EventID>1</EventID></System></Event>\n"
      "      </example>\n"
      "      <example expect=\"match\">\n"
      "        <Event><System><Provider Name=\"A\"/><EventID>x</EventID></System></Event>\n"
      "      </example>\n"
      "    </examples>\n  </rule>\n</rules>\n");
  REQUIRE(e.size() == 3);
  CHECK(e[0] == "t.xml:5: rule 'r1': <example> expect='maybe' (want match or no-match)");
  CHECK(e[1] == "t.xml:9: rule 'r1': example event: <EventID> is not a 16-bit number: 'x'");
  CHECK(e[2] == "t.xml:8: rule 'r1': <example> holds no <Event>");
}

TEST_CASE("rule loader: a missing path and an empty folder are errors") {
  std::vector<Status> errors;
  NullDiagnosticSink sink;
  (void)RuleSet::LoadCollecting({"/nonexistent/rules.xml"}, errors, sink);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message() == "/nonexistent/rules.xml: no such file or folder");
  const Result<std::shared_ptr<const RuleSet>> r = RuleSet::Load({"/nonexistent/rules.xml"}, sink);
  CHECK(r.status().code() == StatusCode::kNotFound);
}

// Each rule's id, file and line, and each error, in the order the set holds them.
std::vector<std::string> Loaded(const std::vector<std::string>& paths, bool parallel) {
  RuleLoadOptions options;
  options.defer_imported_patterns = true;
  if (parallel) {  // two threads taking indexes in turn: files finish out of order
    options.parallel = [](size_t n, const std::function<void(size_t)>& fn) {
      std::atomic<size_t> next{0};
      auto work = [&] {
        for (size_t i; (i = next.fetch_add(1)) < n;) fn(n - 1 - i);
      };
      std::thread other(work);
      work();
      other.join();
    };
  }
  std::vector<Status> errors;
  NullDiagnosticSink sink;
  const std::shared_ptr<const RuleSet> set = RuleSet::LoadCollecting(paths, errors, sink, options);
  std::vector<std::string> out;
  for (size_t i = 0; i < set->size(); ++i) {
    out.push_back(set->info(i).id + "@" + set->info(i).file + ":" + std::to_string(set->info(i).line));
  }
  for (const Status& e : errors) out.push_back("error " + std::string(e.message()));
  return out;
}

TEST_CASE("rule loader: files parsed in parallel give the rules and errors of a serial load") {
  const std::string shipped = std::string(LOGRX_SOURCE_DIR) + "/rules";
  const std::vector<std::string> serial = Loaded({shipped}, false);
  CHECK(serial.size() > 1000);  // the archive is in it
  CHECK(Loaded({shipped}, true) == serial);
  // Bad files among good ones: every error, in file order, whichever thread read them.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("logrx-parallel-rules-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 12; ++i) {
    std::string text = "<rules version=\"1\"><rule id=\"b\"></rules>\n";  // not XML
    if (i % 4 != 1) {
      text = "<rules version=\"1\"><rule id=\"g";
      text += std::to_string(i);
      text += "\" title=\"t\" severity=\"info\" kb=\"KB1\">"
              "<when><event-id>1</event-id></when></rule></rules>\n";
    }
    std::ofstream(dir / (std::to_string(10 + i) + ".xml")) << text;
  }
  const std::vector<std::string> bad_serial = Loaded({dir.string()}, false);
  CHECK(std::count_if(bad_serial.begin(), bad_serial.end(),
                      [](const std::string& s) { return s.rfind("error ", 0) == 0; }) == 3);
  CHECK(Loaded({dir.string()}, true) == bad_serial);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rule summaries: the loader's rules, their match examples' text, every error located") {
  const std::string data = std::string(LOGRX_SOURCE_DIR) + "/tests/data/kb/";
  const RuleSummaries keys = ReadRuleSummaries({data + "keyrules"});
  CHECK(keys.errors.empty());
  REQUIRE(keys.rules.size() == 2);
  CHECK(keys.rules[0].info.id == "keys-imc");
  CHECK(keys.rules[0].info.line == 6);
  CHECK(keys.rules[0].info.cause == "winlogon-holds-keys");
  // Data values and messages of the three expect="match" examples, in document order; the
  // no-match example's text is not there.
  REQUIRE(keys.rules[0].match_texts.size() == 4);
  CHECK(keys.rules[0].match_texts[0] == "r");
  CHECK(keys.rules[0].match_texts[1] == "HKLM\\SYSTEM\\ControlSet002\\Services\\MSExchangeIMC");
  CHECK(keys.rules[0].match_texts[2].find("currentcontrolset\\services\\msexchangeimc\\diagnostics") !=
        std::string::npos);
  CHECK(keys.rules[0].match_texts[3] == "SYSTEM\\ControlSet001\\Services\\MSExchangeIMC\\ParametersX");
  // A file with a broken rule still gives its other rules; the error is located.
  const RuleSummaries mixed = ReadRuleSummaries({data + "mixedrules"});
  REQUIRE(mixed.rules.size() == 1);
  CHECK(mixed.rules[0].info.id == "good-points-nowhere");
  REQUIRE(mixed.errors.size() == 1);
  REQUIRE(mixed.errors[0].where() != nullptr);
  CHECK(mixed.errors[0].where()->line == 5);
  const RuleSummaries none = ReadRuleSummaries({"/nonexistent/rules.xml"});
  REQUIRE(none.errors.size() == 1);
  CHECK(none.errors[0].message() == "/nonexistent/rules.xml: no such file or folder");
}

TEST_CASE("rule severity: one table names and parses every severity") {
  for (RuleSeverity s : {RuleSeverity::kInfo, RuleSeverity::kLow, RuleSeverity::kMedium,
                         RuleSeverity::kHigh, RuleSeverity::kCritical}) {
    RuleSeverity back = RuleSeverity::kMedium;
    CHECK(ParseRuleSeverity(RuleSeverityName(s), back));
    CHECK(back == s);
  }
  CHECK(RuleSeverityName(RuleSeverity::kCritical) == "critical");
  CHECK(RuleSeverityName(RuleSeverity::kInfo) == "info");
  RuleSeverity out = RuleSeverity::kLow;
  for (const char* bad : {"", "High", "crit", "information", "critical "}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseRuleSeverity(bad, out));
    CHECK(out == RuleSeverity::kLow);
  }
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::rules
