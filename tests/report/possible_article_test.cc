// Possible articles in every output (docs/output.md): a finding whose article was imported
// from the KB archive says "possible article" and quotes the text its imported rule
// matched, escaped like all event text; hand-written findings keep their bytes.
#include <cstdio>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "report/json_model.h"
#include "report/sinks.h"
#include "support/report_fixtures.h"

namespace logrx::report {
namespace {

std::string Render(Format format, const testing::FixtureRun& r) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  {
    Output out(f);
    std::unique_ptr<Sink> sink = MakeSink(format, out, SinkOptions{false});
    Replay(*sink, r.info, r.hosts, r.diagnostics, r.stats);
  }
  std::fclose(f);
  std::string s(data, size);
  std::free(data);
  return s;
}

// The hostile host, its finding turned into a possible article whose imported rule
// matched hostile text.
const std::string kMatched = std::string(testing::kHostileFormula) + " " + testing::kHostileMarkup +
                             " " + testing::kHostileAnsi + " end of match";

testing::FixtureRun PossibleRun() {
  testing::FixtureRun r = testing::HostileRun();
  advisor::Finding& f = r.hosts.at(0).findings.at(0);
  f.imported = true;
  f.matches.at(0).imported = true;
  f.matches.at(0).evidence.at(0).matched = kMatched;
  return r;
}

TEST_SUITE("report") {

TEST_CASE("possible article: text says so and quotes the matched text, control bytes escaped") {
  const std::string text = Render(Format::kText, PossibleRun());
  CHECK(text.find("possible article: ") != std::string::npos);
  const size_t at = text.find("matched text: \"");
  REQUIRE(at != std::string::npos);
  CHECK(text.find("end of match\"", at) != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("\\x1b[2J") != std::string::npos);
  // The same run without the mark: today's wording.
  const std::string plain = Render(Format::kText, testing::HostileRun());
  CHECK(plain.find("possible article") == std::string::npos);
  CHECK(plain.find("matched text") == std::string::npos);
}

TEST_CASE("possible article: JSON marks finding and match and carries the matched text exactly") {
  const std::string text = Render(Format::kJson, PossibleRun());
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  const nlohmann::json& f = doc["hosts"][0]["findings"][0];
  CHECK(f["imported"] == true);
  CHECK(f["confidence"] == "possible");
  CHECK(f["matches"][0]["imported"] == true);
  CHECK(f["matches"][0]["matched_text"] == kMatched);
  CHECK(f["matches"][0]["evidence"][0]["matched_text"] == kMatched);
  // `logrx merge` reads it back.
  Result<RunDocument> back = ParseRunDocument(text, "possible.json");
  REQUIRE_MESSAGE(back.ok(), back.status().ToString());
  const advisor::Finding& rf = back->hosts.at(0).findings.at(0);
  CHECK(rf.imported);
  CHECK(rf.matches.at(0).imported);
  CHECK(rf.matches.at(0).evidence.at(0).matched == kMatched);
  // Hand-written findings carry none of these members.
  const std::string plain = Render(Format::kJson, testing::HostileRun());
  CHECK(plain.find("\"confidence\"") == std::string::npos);
  CHECK(plain.find("\"matched_text\"") == std::string::npos);
  CHECK(plain.find("\"imported\"") == std::string::npos);
}

TEST_CASE("possible article: CSV columns confidence and matched_text, formula neutralised") {
  const std::string csv = Render(Format::kCsv, PossibleRun());
  CHECK(csv.rfind("host,host_status,", 0) == 0);
  CHECK(csv.find(",plan,confidence,matched_text\r\n") != std::string::npos);
  // The matched text starts with "=HYPERLINK(": one quoted cell with a leading apostrophe.
  CHECK(csv.find(",possible,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")") != std::string::npos);
  const std::string plain = Render(Format::kCsv, testing::HostileRun());
  CHECK(plain.find(",possible,") == std::string::npos);
}

TEST_CASE("possible article: HTML marks it and escapes the matched text") {
  const std::string html = Render(Format::kHtml, PossibleRun());
  CHECK(html.find("<span class=\"possible\">possible article</span>") != std::string::npos);
  // The label is styled (a muted badge), not plain text that reads like the title.
  const size_t style_end = html.find("</style>");
  const size_t rule = html.find("\n.possible{");
  CHECK(rule < style_end);
  CHECK(html.find("color:#555", rule) < style_end);
  CHECK(html.find("matched text: &quot;'=HYPERLINK") == std::string::npos);  // no CSV quoting here
  CHECK(html.find("matched text: &quot;=HYPERLINK") != std::string::npos);
  CHECK(html.find("<script>alert(1)") == std::string::npos);
  const std::string plain = Render(Format::kHtml, testing::HostileRun());
  CHECK(plain.find("possible article") == std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::report
