// The one host key: `rules test` (RuleSet::RunExamples) groups an example's events by the
// same key as `scan`, so a correlation that spans two spellings of one computer name
// matches in both.
#include "rules/host_key.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "rules/rule_set.h"

namespace logrx::rules {
namespace {

std::string EventXml(std::string_view computer, int record, std::string_view time) {
  return fmt::format(
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
      "<Provider Name=\"ClusSvc\"/><EventID>1069</EventID><Level>2</Level>"
      "<TimeCreated SystemTime=\"{}\"/><EventRecordID>{}</EventRecordID><Channel>System"
      "</Channel><Computer>{}</Computer></System></Event>\n",
      time, record, computer);
}

TEST_SUITE("rules") {

TEST_CASE("host key: UNC prefix, DNS suffix, case and blanks name one host") {
  CHECK(HostKey("exclus1.corp.example.com") == "EXCLUS1");
  CHECK(HostKey("\\\\ExClus1") == "EXCLUS1");
  CHECK(HostKey(" exclus1 \r\n") == "EXCLUS1");
  CHECK(HostKey("EXCLUS1") == "EXCLUS1");
  CHECK(HostKey("exclus2") != HostKey("exclus1"));
  CHECK(HostKey("") == "");
  // An address is one host, not its first octet: two hosts inventoried by address stay two.
  CHECK(HostKey("10.0.0.5") == "10.0.0.5");
  CHECK(HostKey("\\\\10.0.0.5") == "10.0.0.5");
  CHECK(HostKey("10.0.0.5") != HostKey("10.0.0.6"));
}

TEST_CASE("host key: rules test groups '\\\\EXCLUS1' and 'exclus1.corp' as one host, as scan does") {
  // Two 1069s, 5 minutes apart, on one host spelled two ways: a count of 2 within 1h.
  std::string rule =
      "<rules version=\"1\">\n"
      "  <rule id=\"twice\" title=\"T\" severity=\"low\" kb=\"KB1\">\n"
      "    <when><provider>ClusSvc</provider><event-id>1069</event-id></when>\n"
      "    <count min=\"2\" within=\"1h\"/>\n"
      "    <examples>\n"
      "      <example expect=\"match\" count=\"1\" name=\"one host, two spellings\">\n";
  rule.append(EventXml("\\\\EXCLUS1", 1, "2002-03-14T10:00:00.000Z"));
  rule.append(EventXml("exclus1.corp.example.com", 2, "2002-03-14T10:05:00.000Z"));
  rule.append("      </example>\n      <example expect=\"no-match\" name=\"two hosts\">\n");
  rule.append(EventXml("EXCLUS1", 1, "2002-03-14T10:00:00.000Z"));
  rule.append(EventXml("EXCLUS2", 2, "2002-03-14T10:05:00.000Z"));
  rule.append("      </example>\n    </examples>\n  </rule>\n</rules>\n");
  std::vector<Status> errors;
  auto set = RuleSet::LoadFromString(rule, "t.xml", errors);
  for (const Status& s : errors) FAIL(std::string(s.message()));
  REQUIRE(set != nullptr);
  const std::vector<ExampleResult> results = set->RunExamples();
  REQUIRE(results.size() == 2);
  for (const ExampleResult& r : results) {
    INFO(r.name << ": " << r.detail);
    CHECK(r.passed);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::rules
