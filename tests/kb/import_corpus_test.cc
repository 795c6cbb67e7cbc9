// `logrx kb import` on the archive in ../shared/kbarchive (TEST_SUITE "corpus"; skipped
// when the archive is absent). The seed article Q316772 against the hand-written KB316772,
// and the whole articles/ folder: how many articles that state an event get a working rule.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/input_file.h"
#include "kb/import/article.h"
#include "kb/import/importer.h"
#include "kb/import/pattern.h"
#include "kb/knowledge_base.h"
#include "rules/rule_set.h"

namespace logrx::kb::import {
namespace {

namespace fs = std::filesystem;

const std::string kArchive = std::string(LOGRX_SHARED_DIR) + "/kbarchive";
const bool kHaveArchive = fs::is_directory(kArchive + "/articles");

std::string ReadText(const std::string& path) {
  Result<std::string> t = ReadWholeFileAsString(path, 8u << 20);
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  return *t;
}

std::shared_ptr<const KnowledgeBase> LoadKb(const ImportOutput& out) {
  std::vector<std::pair<std::string, std::string>> files(out.kb_files.begin(), out.kb_files.end());
  NullDiagnosticSink sink;
  auto kb = LoadKnowledgeBaseText(files, sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  return *kb;
}

std::string RuleRegex(const std::string& rules_xml, const std::string& rule_id) {
  const size_t at = rules_xml.find("<rule id=\"" + rule_id + "\"");
  REQUIRE(at != std::string::npos);
  const size_t m = rules_xml.find("<message regex=\"", at);
  REQUIRE(m != std::string::npos);
  const size_t b = m + 16, e = rules_xml.find('"', b);
  std::string re = rules_xml.substr(b, e - b);
  for (auto [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                          {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (size_t p = re.find(from); p != std::string::npos; p = re.find(from, p + to.size())) re.replace(p, from.size(), to);
  }
  return re;
}

TEST_SUITE("corpus") {

TEST_CASE("kb import: Q316772 gives what the hand-written KB316772 entry knows" * doctest::skip(!kHaveArchive)) {
  ImportOptions o;
  o.referenced_dirs = {kArchive + "/referenced"};
  Importer im(o);
  im.AddArticle(ReadText(kArchive + "/articles/Q316772.md"), "articles/Q316772.md");
  ImportOutput out = im.Finish();
  REQUIRE(out.report.size() == 1);
  CHECK(out.report[0].outcome == Outcome::kEventAndFix);
  auto kb = LoadKb(out);

  NullDiagnosticSink sink;
  auto shipped = KnowledgeBase::Load(std::string(LOGRX_SOURCE_DIR) + "/kb", sink);
  REQUIRE(shipped.ok());
  const Article* hand = (*shipped)->FindArticle("KB316772");
  const Article* imp = kb->FindArticle("KB316772");
  REQUIRE(hand != nullptr);
  REQUIRE(imp != nullptr);
  CHECK(imp->imported);
  CHECK_FALSE(hand->imported);
  CHECK(imp->title == "ClusSvc 1024, fixed by Q299444");
  // The event: same source and ID as the hand-written symptom.
  REQUIRE(imp->symptoms.size() == 1);
  CHECK(imp->symptoms[0].source == hand->symptoms[0].source);
  CHECK(imp->symptoms[0].event_id == hand->symptoms[0].event_id);
  // The scope: NT 4.0 Enterprise Edition with Exchange Server 5.5.
  REQUIRE(imp->applies_to.os.size() == 1);
  CHECK(imp->applies_to.os[0].version == "4.0");
  CHECK(imp->applies_to.os[0].editions == std::vector<std::string>{"Enterprise"});
  REQUIRE(imp->applies_to.products.size() == 1);
  CHECK(imp->applies_to.products[0].name == "Exchange Server");
  CHECK(imp->applies_to.products[0].version == "5.5");
  // The fix: Q299444, as in the hand-written cause, and its SP6a prerequisite (Q246009).
  REQUIRE(imp->causes.size() == 1);
  REQUIRE(imp->causes[0].fix.size() == 1);
  CHECK(imp->causes[0].fix[0].package == "Q299444");
  CHECK(hand->FindCause("winlogon-holds-keys")->fix[0].package == "Q299444");
  const Package* p = kb->FindPackage("Q299444");
  const Package* hp = (*shipped)->FindPackage("Q299444");
  REQUIRE(p != nullptr);
  REQUIRE(hp != nullptr);
  CHECK(p->requires_ == hp->requires_);
  CHECK(p->requires_ == std::vector<std::string>{"Q246009"});
  const Package* sp6a = kb->FindPackage("Q246009");
  REQUIRE(sp6a != nullptr);
  CHECK(sp6a->detect.sp6a);
  // The four file checks: every one equals a hand-written check (name, platform, size, date).
  REQUIRE(p->files.size() == 4);
  for (const FileCheck& f : p->files) {
    bool found = false;
    for (const FileCheck& h : hp->files) {
      found = found || (f.file == h.file && f.platform == h.platform && f.size == h.size &&
                        f.min_date.Compare(h.min_date) == 0);
    }
    CHECK_MESSAGE(found, f.file, " ", PlatformName(f.platform), " ", f.size);
  }
  // Related: 259042, as the hand-written entry says.
  CHECK(std::count(imp->related.begin(), imp->related.end(), "KB259042") == 1);
  CHECK(std::count(hand->related.begin(), hand->related.end(), "KB259042") == 1);
  // The rule: resource and key are captures, and it matches the hand-written rule's example.
  REQUIRE(out.rules_files.size() == 1);
  const std::string xml = out.rules_files.begin()->second;
  const RE2 re(RuleRegex(xml, "kb316772-clussvc-1024"));
  REQUIRE(re.ok());
  CHECK(re.NamedCapturingGroups().count("resource") == 1);
  CHECK(re.NamedCapturingGroups().count("key") == 1);
  std::string resource, key;
  CHECK(RE2::PartialMatch(
      "The registry checkpoint for cluster resource Payroll Service could not be restored to registry key "
      "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\PayrollSvc. The resource may not function "
      "correctly. Make sure that no other processes have open handles to registry keys in this registry subtree.",
      re, &resource, &key));
  CHECK(resource == "Payroll Service");
  CHECK(key == "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\PayrollSvc");
}

// "A simple reading": an event-ID line, a Source: line and a Description: line.
bool StatesEventSourceDescription(const std::string& text) {
  static const RE2 id(R"((?im)^\s*-?\s*event\s*id\s*:?\s*\d+)");
  static const RE2 src(R"((?im)^\s*(?:event\s+)?source\s*:)");
  static const RE2 desc(R"((?im)^\s*description\s*:)");
  return RE2::PartialMatch(text, id) && RE2::PartialMatch(text, src) && RE2::PartialMatch(text, desc);
}

TEST_CASE("kb import: 80% of the archive's articles with an event, a source and a description get a rule that finds them" *
          doctest::skip(!kHaveArchive)) {
  ImportOptions o;
  o.referenced_dirs = {kArchive + "/referenced"};
  Importer im(o);
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(kArchive + "/articles")) {
    if (e.path().extension() == ".md") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::vector<EventBlock>> stated;  // KB id -> events with source and description
  size_t simple = 0;
  std::set<std::string> simple_ids;
  for (const std::string& f : files) {
    const std::string text = ReadText(f);
    im.AddArticle(text, f);
    Result<ParsedArticle> a = ParseArticleText(text, f);
    if (!a.ok()) continue;
    if (StatesEventSourceDescription(text)) {
      ++simple;
      simple_ids.insert(a->KbId());
    }
    for (const EventBlock& e : a->events) {
      if (!e.source.empty() && !e.description.empty()) stated[a->KbId()].push_back(e);
    }
  }
  ImportOutput out = im.Finish();
  // Every rule file loads on its own and every example passes.
  std::vector<std::shared_ptr<const rules::RuleSet>> sets;
  std::set<std::string> failing_rules;
  for (const auto& [name, xml] : out.rules_files) {
    std::vector<Status> errors;
    sets.push_back(rules::RuleSet::LoadFromString(xml, name, errors));
    for (const Status& s : errors) FAIL_CHECK(s.ToString());
    for (const rules::ExampleResult& ex : sets.back()->RunExamples()) {
      if (!ex.passed) failing_rules.insert(ex.rule_id);
    }
  }
  CHECK(failing_rules.empty());
  (void)LoadKb(out);

  // For each article that states an event with a source and a description: an event written
  // from its own description (placeholders filled in) must find that article.
  size_t found = 0, found_simple = 0;
  std::string missed;
  size_t missed_count = 0;
  for (const auto& [kb_id, events] : stated) {
    bool hit = false;
    for (const EventBlock& e : events) {
      OwnedEvent ev;
      ev.set_provider(e.source);
      ev.mutable_header().event_id = static_cast<uint16_t>(e.event_id);
      ev.mutable_header().record_id = 1;
      ev.set_channel("Application");
      ev.set_computer("SRV-FS01");
      ev.set_message(SampleFromDescription(e.description), MessageOrigin::kExport);
      for (const auto& rs : sets) {
        std::vector<rules::Hit> hits;
        rs->Select(ev.view(), hits);
        for (const rules::Hit& h : hits) {
          hit = hit || (rs->info(h.rule).kb == kb_id && failing_rules.count(rs->info(h.rule).id) == 0);
        }
      }
      if (hit) break;
    }
    if (hit) {
      ++found;
      if (simple_ids.count(kb_id) != 0) ++found_simple;
    } else if (++missed_count <= 12) {
      missed += " " + kb_id;
    }
  }
  MESSAGE("not found (first 12):", missed);
  const double pct = stated.empty() ? 0.0 : 100.0 * static_cast<double>(found) / static_cast<double>(stated.size());
  const double pct_simple = simple == 0 ? 0.0 : 100.0 * static_cast<double>(found_simple) / static_cast<double>(simple);
  MESSAGE("kb import corpus: ", files.size(), " articles read; ", out.articles, " imported (", out.rules, " rules, ",
          out.packages, " packages); ", stated.size(), " state an event with a source and a description, ", found,
          " (", pct, "%) found by an event written from their own description; simple reading (ID, Source:, "
          "Description: lines): ", simple, " articles, ", found_simple, " (", pct_simple, "%) found");
  CHECK(pct >= 80.0);
  CHECK(pct_simple >= 80.0);
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::kb::import
