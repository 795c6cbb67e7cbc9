#include "report/sinks.h"

#include <cstdio>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "report/fleet_summary.h"
#include "report/json_model.h"
#include "report/merge.h"
#include "support/report_fixtures.h"
#include "support/report_golden.h"

namespace logrx::report {

namespace {

// Renders a run into a string through a real FILE* (as the CLI does).
std::string Render(Format format, const testing::FixtureRun& r, bool color = false) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  {
    Output out(f);
    std::unique_ptr<Sink> sink = MakeSink(format, out, SinkOptions{color});
    Replay(*sink, r.info, r.hosts, r.diagnostics, r.stats);
  }
  std::fclose(f);
  std::string s(data, size);
  std::free(data);
  return s;
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("fleet summary: counts hosts per article and package by status") {
  const testing::FixtureRun r = testing::SmallFleet();
  const FleetSummary s = SummarizeFleet(r.hosts);
  REQUIRE(s.articles.size() == 1);
  CHECK(s.articles[0].article == "KB316772");
  CHECK(s.articles[0].affected == 1);  // EXCLUS1
  CHECK(s.articles[0].unknown == 1);   // EXCLUS2
  CHECK(s.articles[0].fixed == 1);     // exclus3
  CHECK(s.articles[0].hosts_affected == std::vector<std::string>{"EXCLUS1"});
  REQUIRE(s.packages.size() == 2);
  CHECK(s.packages[0].package == "Q246009");
  CHECK(s.packages[0].to_install == 1);
  CHECK(s.packages[0].unknown == 1);
  CHECK(s.packages[1].package == "Q299444");
  CHECK(s.packages[1].to_install == 1);
  CHECK(s.packages[1].unknown == 1);
  CHECK(s.packages[1].fixed == 1);  // exclus3: every Q299444 check passed
}

TEST_CASE("fleet summary: run totals come from files, hosts and diagnostics") {
  const testing::FixtureRun r = testing::SmallFleet();
  CHECK(r.stats.files_read == 2);
  CHECK(r.stats.files_failed == 1);
  CHECK(r.stats.events_read == 42);
  CHECK(r.stats.bytes_read == 4200);
  CHECK(r.stats.hosts == 4);
  CHECK(r.stats.hosts_needing_action == 1);
  CHECK(r.stats.hosts_unknown == 1);
  CHECK(r.stats.hosts_fixed == 1);
  CHECK(r.stats.hosts_clean == 1);
  CHECK(r.stats.diagnostics_error == 1);
}

TEST_CASE("sinks: small fleet renders as the golden files in every format") {
  const testing::FixtureRun r = testing::SmallFleet();
  testing::CheckGolden("report/small_fleet.txt", Render(Format::kText, r));
  testing::CheckGolden("report/small_fleet.json", Render(Format::kJson, r));
  testing::CheckGolden("report/small_fleet.jsonl", Render(Format::kJsonl, r));
  testing::CheckGolden("report/small_fleet.csv", Render(Format::kCsv, r));
  testing::CheckGolden("report/small_fleet.html", Render(Format::kHtml, r));
}

TEST_CASE("sinks: hostile event data renders as the golden files in every format") {
  const testing::FixtureRun r = testing::HostileRun();
  testing::CheckGolden("report/hostile.txt", Render(Format::kText, r));
  testing::CheckGolden("report/hostile.json", Render(Format::kJson, r));
  testing::CheckGolden("report/hostile.jsonl", Render(Format::kJsonl, r));
  testing::CheckGolden("report/hostile.csv", Render(Format::kCsv, r));
  testing::CheckGolden("report/hostile.html", Render(Format::kHtml, r));
}

TEST_CASE("text sink: no ESC or NUL byte from event data reaches the terminal") {
  const testing::FixtureRun r = testing::HostileRun();
  const std::string plain = Render(Format::kText, r, false);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find('\0') == std::string::npos);
  CHECK(plain.find('\x07') == std::string::npos);
  CHECK(plain.find("\\x1b[2J") != std::string::npos);  // shown, as text
  const std::string colored = Render(Format::kText, r, true);
  CHECK(colored.find("\x1b[2J") == std::string::npos);
  CHECK(colored.find("\x1b]0;") == std::string::npos);
  CHECK(colored.find("\x1b[1;31m") != std::string::npos);  // our own colour is there
  CHECK(Render(Format::kText, testing::SmallFleet(), false).find('\x1b') == std::string::npos);
}

TEST_CASE("html sink: markup in event data stays text") {
  const std::string html = Render(Format::kHtml, testing::HostileRun());
  CHECK(Count(html, "<script>") == 1);  // ours only
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;") !=
        std::string::npos);
  CHECK(html.find("evil/&lt;b&gt;x.xml") != std::string::npos);
  CHECK(html.find('\0') == std::string::npos);
  CHECK(html.find('\x1b') == std::string::npos);
  CHECK(html.find("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'") !=
        std::string::npos);
}

TEST_CASE("csv sink: formulas are neutralised and quoting is RFC 4180") {
  const std::string csv = Render(Format::kCsv, testing::HostileRun());
  // The title "=HYPERLINK(...)" as one quoted cell with a leading apostrophe.
  CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",") != std::string::npos);
  CHECK(csv.find('\0') == std::string::npos);
  const std::string fleet = Render(Format::kCsv, testing::SmallFleet());
  CHECK(Count(fleet, "\r\n") == 5);  // header + 4 hosts with at most one finding each
  CHECK(fleet.rfind("WEB1,clean,4,\"Windows NT 4.0, Service Pack 6\",,,,,,,,,,,,,,\r\n") !=
        std::string::npos);
}

TEST_CASE("json sink: one valid document, event text carried exactly, bad bytes replaced") {
  const std::string text = Render(Format::kJson, testing::HostileRun());
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  CHECK(j["schema_version"] == 1);
  const auto& ev = j["hosts"][0]["findings"][0]["matches"][0]["evidence"][0];
  CHECK(ev["message"] == testing::kHostileMarkup);
  CHECK(ev["file"] == "evil/<b>x.xml");
  CHECK(j["hosts"][0]["findings"][0]["title"] == testing::kHostileFormula);
  CHECK(j["hosts"][0]["findings"][0]["cause"] == testing::kHostileAnsi);
  // NUL survives as \u0000; 0xFF and the encoded surrogate each become U+FFFD.
  const std::string reason = j["hosts"][0]["findings"][0]["status_reason"];
  CHECK(reason == std::string("a\0b\xef\xbf\xbd" "c", 7) + "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "d");
  CHECK(text.find("\\u0000") != std::string::npos);
}

TEST_CASE("jsonl sink: one object a line, typed begin/host/finding/diagnostic/summary/end") {
  const std::string text = Render(Format::kJsonl, testing::SmallFleet());
  std::istringstream in(text);
  std::vector<std::string> types;
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    types.push_back(j["type"]);
    if (j["type"] == "finding") CHECK(j["data"]["host"].is_string());
    if (j["type"] == "end") CHECK(j["data"]["findings"] == 3);
  }
  const std::vector<std::string> want = {"begin", "host", "finding", "host", "finding", "host",
                                         "finding", "host", "diagnostic", "summary", "end"};
  CHECK(types == want);
}

TEST_CASE("json model: a document read back renders byte for byte the same") {
  for (const testing::FixtureRun& r : {testing::SmallFleet(), testing::HostileRun()}) {
    const std::string first = Render(Format::kJson, r);
    Result<RunDocument> doc = ParseRunDocument(first, "run.json");
    REQUIRE(doc.ok());
    testing::FixtureRun back;
    back.info = doc->info;
    back.hosts = doc->hosts;
    back.diagnostics = doc->diagnostics;
    back.stats = doc->stats;
    CHECK(Render(Format::kJson, back) == first);
    CHECK(Render(Format::kText, back) == Render(Format::kText, r));
  }
}

TEST_CASE("json model: wrong schema or type is an error naming the member") {
  CHECK_FALSE(ParseRunDocument("[1,2]", "a.json").ok());
  Result<RunDocument> v2 = ParseRunDocument(R"({"schema_version": 2})", "a.json");
  REQUIRE_FALSE(v2.ok());
  CHECK(v2.status().message().find("a.json") != std::string_view::npos);
  Result<RunDocument> bad =
      ParseRunDocument(R"({"schema_version": 1, "run": {}, "files": [], "diagnostics": [],
                           "summary": {}, "hosts": [{"host": 5}]})", "b.json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "b.json: $.hosts[0].host: want a string");
  Result<RunDocument> trunc = ParseRunDocument(R"({"schema_version": 1, "hosts": [)", "c.json");
  CHECK_FALSE(trunc.ok());
  Result<RunDocument> bare = ParseRunDocument(R"({"schema_version": 1})", "d.json");
  REQUIRE_FALSE(bare.ok());
  CHECK(bare.status().message() == "d.json: not a logrx report: no \"run\" member");
  Result<RunDocument> neg = ParseRunDocument(
      R"({"schema_version": 1, "run": {}, "hosts": [], "diagnostics": [], "summary": {},
          "files": [{"path": "x.evtx", "events": -1}]})", "e.json");
  REQUIRE_FALSE(neg.ok());
  CHECK(neg.status().message() == "e.json: $.files[0].events: want a non-negative integer");
}

TEST_CASE("merge: JSON depth is checked without recursion, brackets in strings ignored") {
  CHECK(CheckJsonDepth(R"({"a": [[["[[[[[[[[[[[[[[[[[["]]]})", 4, "a.json").ok());
  CHECK(CheckJsonDepth(R"({"a": "\"[[[[[["})", 2, "a.json").ok());
  Status deep = CheckJsonDepth(R"({"a": [[[[]]]]})", 4, "b.json");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.message() == "b.json @9: JSON nested deeper than 4 levels; not a logrx report");
  const std::string huge = std::string(1000000, '[') + std::string(1000000, ']');
  CHECK_FALSE(CheckJsonDepth(huge, kMaxMergeDepth, "c.json").ok());
}

TEST_CASE("merge: two disjoint halves of a run merge into the whole run") {
  const testing::FixtureRun full = testing::SmallFleet();
  testing::FixtureRun a = full, b = full;
  a.info.shard = "1/2";
  b.info.shard = "2/2";
  a.hosts = {full.hosts[0], full.hosts[2]};
  b.hosts = {full.hosts[1], full.hosts[3]};
  std::vector<RunDocument> parts;
  for (const testing::FixtureRun* p : {&b, &a}) {  // order of the parts must not matter
    Result<RunDocument> d = ParseRunDocument(Render(Format::kJson, *p), "part.json");
    REQUIRE(d.ok());
    parts.push_back(std::move(*d));
  }
  RunDocument all = MergeRuns(std::move(parts), {"b.json", "a.json"});
  testing::FixtureRun merged;
  merged.info = all.info;
  merged.hosts = all.hosts;
  merged.diagnostics = all.diagnostics;
  merged.stats = all.stats;
  CHECK(Render(Format::kJson, merged) == Render(Format::kJson, full));
  CHECK(all.stats.files_failed == 1);
  CHECK(all.diagnostics.size() == 1);  // the same diagnostic from both halves, kept once
}

TEST_CASE("merge: a host in two parts is kept once with a warning") {
  const testing::FixtureRun full = testing::SmallFleet();
  std::vector<RunDocument> parts;
  for (int i = 0; i < 2; ++i) {
    Result<RunDocument> d = ParseRunDocument(Render(Format::kJson, full), "x.json");
    REQUIRE(d.ok());
    parts.push_back(std::move(*d));
  }
  RunDocument all = MergeRuns(std::move(parts), {"x.json", "y.json"});
  CHECK(all.hosts.size() == 4);
  CHECK(all.stats.diagnostics_warning == 4);
}

}  // TEST_SUITE

}  // namespace logrx::report
