// The imported KB archive as the loaders see it: folders are read with their subfolders
// (rules/archive/, kb/archive/; core/data_folder.h), imported entries can be left out
// (scan --no-archive), and an imported rule's match carries the text its message pattern
// matched (rules/match.h EvidenceRef::matched).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "core/data_folder.h"
#include "core/diagnostic.h"
#include "kb/knowledge_base.h"
#include "rules/rule_set.h"

namespace logrx::kb {
namespace {

namespace fs = std::filesystem;

const std::string kSource = LOGRX_SOURCE_DIR;

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A scratch folder removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("logrx-archive-load-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::vector<std::string> Relative(const std::vector<std::string>& files, const fs::path& root) {
  std::vector<std::string> out;
  for (const std::string& f : files) out.push_back(fs::relative(f, root).generic_string());
  return out;
}

TEST_SUITE("kb") {

TEST_CASE("data folder: own files first, then subfolders by path; skipped folders and other names left out") {
  TempDir t;
  Write(t.path / "b.xml", "");
  Write(t.path / "a.xml", "");
  Write(t.path / "notes.txt", "");
  Write(t.path / "archive" / "q2.xml", "");
  Write(t.path / "archive" / "q10.xml", "");
  Write(t.path / "archive" / "deeper" / "z.xml", "");
  Write(t.path / "messages" / "scm.xml", "");
  Write(t.path / "0sub" / "x.xml", "");
  Result<std::vector<std::string>> files = ListDataFiles(t.path.string(), ".xml", {"messages"});
  REQUIRE(files.ok());
  CHECK(Relative(*files, t.path) ==
        std::vector<std::string>{"a.xml", "b.xml", "0sub/x.xml", "archive/deeper/z.xml",
                                 "archive/q10.xml", "archive/q2.xml"});
  Result<std::vector<std::string>> all = ListDataFiles(t.path.string(), ".xml");
  REQUIRE(all.ok());
  CHECK(all->size() == 7);  // messages/ too
}

TEST_CASE("data folder: a symlinked folder is not followed (no endless walk on a link cycle)") {
  TempDir t;
  Write(t.path / "a.xml", "");
  std::error_code ec;
  fs::create_directory_symlink(t.path, t.path / "loop", ec);
  if (ec) {
    MESSAGE("cannot create a symlink here: " << ec.message());
    return;
  }
  Result<std::vector<std::string>> files = ListDataFiles(t.path.string(), ".xml");
  REQUIRE(files.ok());
  CHECK(Relative(*files, t.path) == std::vector<std::string>{"a.xml"});
}

TEST_CASE("archive: kb/ loads kb/archive/ by default, and leaves imported entries out on request") {
  NullDiagnosticSink sink;
  auto all = KnowledgeBase::Load(kSource + "/kb", sink);
  REQUIRE_MESSAGE(all.ok(), all.status().ToString());
  const Article* imported = (*all)->FindArticle("KB260698");
  REQUIRE(imported != nullptr);
  CHECK(imported->imported);
  CHECK(imported->where.file.find("archive") != std::string::npos);
  REQUIRE((*all)->FindArticle("KB316772") != nullptr);
  CHECK_FALSE((*all)->FindArticle("KB316772")->imported);

  LoadOptions no_archive;
  no_archive.imported = false;
  auto hand = KnowledgeBase::Load(kSource + "/kb", sink, no_archive);
  REQUIRE_MESSAGE(hand.ok(), hand.status().ToString());
  CHECK((*hand)->FindArticle("KB260698") == nullptr);
  CHECK((*hand)->FindArticle("KB316772") != nullptr);
  for (const Article& a : (*hand)->articles()) CHECK_FALSE(a.imported);
  for (const Package& p : (*hand)->packages()) CHECK_FALSE(p.imported);
  CHECK((*hand)->articles().size() < (*all)->articles().size());
}

TEST_CASE("archive: rules/ loads rules/archive/ by default, and leaves imported rules out on request") {
  CollectingSink sink;
  auto all = rules::RuleSet::Load({kSource + "/rules"}, sink);
  REQUIRE_MESSAGE(all.ok(), all.status().ToString());
  size_t imported = 0, hand = 0;
  for (size_t i = 0; i < (*all)->size(); ++i) ((*all)->info(i).imported ? imported : hand) += 1;
  CHECK(imported > 1000);  // the archive holds 1,638 rules
  CHECK(hand > 0);
  // The folder's own files come first: every hand-written rule precedes the archive's.
  CHECK_FALSE((*all)->info(0).imported);
  CHECK((*all)->info(hand - 1).file.find("archive") == std::string::npos);

  rules::RuleLoadOptions no_archive;
  no_archive.imported = false;
  auto only_hand = rules::RuleSet::Load({kSource + "/rules"}, sink, no_archive);
  REQUIRE_MESSAGE(only_hand.ok(), only_hand.status().ToString());
  CHECK((*only_hand)->size() == hand);
}

}  // TEST_SUITE("kb")

}  // namespace
}  // namespace logrx::kb

namespace logrx::rules {
namespace {

std::vector<Match> MatchOne(const std::string& rule_xml, const std::string& message) {
  std::vector<Status> errors;
  auto set = RuleSet::LoadFromString("<rules version=\"1\">\n" + rule_xml + "</rules>\n", "t.xml", errors);
  for (const Status& s : errors) FAIL(std::string(s.message()));
  OwnedEvent o;
  o.set_provider("MSExchangeMTA");
  o.set_channel("Application");
  o.set_computer("MTA1");
  o.set_message(message, MessageOrigin::kExport);
  Event& h = o.mutable_header();
  h.event_id = 51;
  h.record_id = 9;
  std::vector<Hit> hits;
  set->Select(o.view(), hits);
  return set->Correlate(std::move(hits));
}

const char kRuleHead[] = R"(<rule id="kb152932-mta-51" title="MSExchangeMTA 51" severity="low" kb="KB152932")";
const char kRuleBody[] = R"(>
  <when><provider>MSExchangeMTA</provider><event-id>51</event-id>
    <message regex="(?is)The\s+MTA\s+name\s+in\s+bind\s+is\s+(?P&lt;name&gt;.+?)\."/></when>
</rule>
)";

TEST_SUITE("kb") {

TEST_CASE("archive: an imported rule's match carries the text its pattern matched; a hand-written one does not") {
  const std::string message = "Before. The MTA name in bind is EXCH02. After.";
  const std::vector<Match> imported =
      MatchOne(fmt::format("{} imported=\"true\"{}", kRuleHead, kRuleBody), message);
  REQUIRE(imported.size() == 1);
  CHECK(imported[0].imported);
  REQUIRE(imported[0].evidence.size() == 1);
  CHECK(imported[0].evidence[0].matched == "The MTA name in bind is EXCH02.");
  CHECK(imported[0].evidence[0].message == message);
  REQUIRE(imported[0].captures.size() == 1);
  CHECK(imported[0].captures[0].value == "EXCH02");

  const std::vector<Match> hand = MatchOne(fmt::format("{}{}", kRuleHead, kRuleBody), message);
  REQUIRE(hand.size() == 1);
  CHECK_FALSE(hand[0].imported);
  CHECK(hand[0].evidence[0].matched.empty());
}

TEST_CASE("archive: an imported rule without a message pattern records no matched text") {
  const std::vector<Match> m = MatchOne(
      R"(<rule id="kb1-mta-51" title="MSExchangeMTA 51" severity="info" kb="KB1" imported="true">
  <when><provider>MSExchangeMTA</provider><event-id>51</event-id></when>
</rule>
)",
      "anything at all");
  REQUIRE(m.size() == 1);
  CHECK(m[0].imported);
  CHECK(m[0].evidence[0].matched.empty());
}

}  // TEST_SUITE("kb")

}  // namespace
}  // namespace logrx::rules
