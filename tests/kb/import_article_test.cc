// `logrx kb import` on articles written here (no ../shared needed): the shapes the archive
// uses (docs/kb-import.md), with made-up product and event text.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "kb/import/article.h"
#include "kb/import/importer.h"
#include "kb/import/pattern.h"
#include "kb/knowledge_base.h"
#include "rules/rule_set.h"

namespace logrx::kb::import {
namespace {

// Markdown form: front matter, then tab-indented text between raw markers.
std::string Markdown(const std::string& body) {
  std::string out = "---\nlayout: page\ntitle: \"Q900001: Test article\"\n---\n\n{% raw %}\n\n";
  size_t start = 0;
  while (start < body.size()) {
    size_t nl = body.find('\n', start);
    if (nl == std::string::npos) nl = body.size();
    // Appended piece by piece: `"\t" + string` trips GCC 12's false -Wrestrict at -O3.
    out.append("\t").append(body, start, nl - start).append("\n");
    start = nl + 1;
  }
  return out + "\n{% endraw %}\n";
}

const char* kBody =
    "Article: Q900001\n"
    "Product(s): Microsoft Widget Server\n"
    "-------------------------------------------------------------------------------\n"
    "The information in this article applies to:\n"
    "\n"
    "- Microsoft Widget Server, version 2.5\n"
    "- Microsoft Windows NT Server version 4.0 SP4\n"
    "- Microsoft Windows 2000 Advanced Server\n"
    "-------------------------------------------------------------------------------\n"
    "\n"
    "SYMPTOMS\n"
    "========\n"
    "\n"
    "A widget log line:\n"
    "\n"
    "  Event ID: 4321\n"
    "  Source:WidgetSvc\n"
    "  Type: Warning\n"
    "  Category: (12)\n"
    "  Description: The widget <widget name> on computer <computer name> could\n"
    "  not open the spool file C:\\Widgets\\spool\\w1.dat: error 0x80070005 was\n"
    "  returned.\n"
    "\n"
    "  Event ID 77\n"
    "  Source: WidgetDrv\n"
    "\n"
    "  Event: 99\n"
    "  Type: Error\n"
    "  Description: Something failed.\n"
    "\n"
    "RESOLUTION\n"
    "==========\n"
    "\n"
    "Get the fix:\n"
    "\n"
    "  Q900002 Widget Server 2.5 Post-SP1 Hotfix Rollup\n"
    "\n"
    "The fix has these attributes:\n"
    "\n"
    "  Date          Time    Size      File name      Platform\n"
    "  -------------------------------------------------------\n"
    "  04-APR-2000   00:46   135,440   Widget.dll     Intel\n"
    "  04-APR-2000   00:45   249,104   Widget.dll     Alpha\n"
    "  totally not a row here\n"
    "\n"
    "Component: Widget Core\n"
    "\n"
    "  File name    Version\n"
    "  ----------------------\n"
    "  Wcore.dll    2.5.1960.10\n"
    "\n"
    "STATUS\n"
    "======\n"
    "\n"
    "This problem was first corrected in Windows NT 4.0 Service Pack 5.\n"
    "\n"
    "MORE INFORMATION\n"
    "================\n"
    "\n"
    "  Q900003 Some Other Article\n";

TEST_SUITE("kb") {

TEST_CASE("import: the article parser reads number, scope, events, packages, tables, citations") {
  Result<ParsedArticle> r = ParseArticleText(Markdown(kBody), "t/Q900001.md");
  REQUIRE(r.ok());
  const ParsedArticle& a = *r;
  CHECK(a.number == "900001");
  REQUIRE(a.os.size() == 2);
  CHECK(a.os[0].name == "Windows NT");
  CHECK(a.os[0].version == "4.0");
  CHECK(a.os[0].edition == "Server");
  CHECK(a.os[0].min_sp == 4);
  CHECK(a.os[1].version == "5.0");
  CHECK(a.os[1].edition == "Advanced Server");
  REQUIRE(a.products.size() == 1);
  CHECK(a.products[0].name == "Widget Server");
  CHECK(a.products[0].version == "2.5");

  REQUIRE(a.events.size() == 3);
  CHECK(a.events[0].event_id == 4321);
  CHECK(a.events[0].source == "WidgetSvc");
  CHECK(a.events[0].type == "Warning");
  CHECK(a.events[0].category == "(12)");
  CHECK(a.events[0].description ==
        "The widget <widget name> on computer <computer name> could not open the spool file "
        "C:\\Widgets\\spool\\w1.dat: error 0x80070005 was returned.");
  CHECK(a.events[0].line == 23);  // 7 lines of front matter and markers, then line 16 of the body
  CHECK(a.events[1].event_id == 77);
  CHECK(a.events[1].source == "WidgetDrv");
  CHECK(a.events[1].description.empty());
  CHECK(a.events[2].event_id == 99);
  CHECK(a.events[2].source.empty());

  REQUIRE(a.packages.size() == 2);
  CHECK(a.packages[0].id == "Q900002");
  CHECK(a.packages[0].kind == PackageKind::kRollup);
  CHECK(a.packages[1].id == "NT4-SP5");

  REQUIRE(a.tables.size() == 2);
  CHECK(a.tables[0].package == "Q900002");
  REQUIRE(a.tables[0].rows.size() == 2);
  CHECK(a.tables[0].rows[0].name == "Widget.dll");
  CHECK(a.tables[0].rows[0].size == 135440);
  CHECK(a.tables[0].rows[0].date == "2000-04-04");
  CHECK(a.tables[0].rows[1].platform == "Alpha");
  CHECK(a.tables[1].component == "Widget Core");
  REQUIRE(a.tables[1].rows.size() == 1);
  CHECK(a.tables[1].rows[0].version == "2.5.1960.10");

  CHECK(a.related == std::vector<std::string>{"900002", "900003"});
  // The row it could not read is reported with its line, and nothing else is lost.
  bool row_problem = false;
  for (const ImportProblem& p : a.problems) {
    if (p.reason == "file table row not understood") {
      row_problem = true;
      CHECK(p.line == 51);
      CHECK(p.ToString() == "t/Q900001.md:51: file table row not understood");
    }
  }
  CHECK(row_problem);
}

TEST_CASE("import: an NT version listed with and without a service pack applies from SP0") {
  const std::string body =
      "Article: Q900004\n"
      "The information in this article applies to:\n"
      "\n"
      "- Microsoft Windows NT Server versions 3.51, 4.0, 4.0 SP4, 4.0 SP5\n"
      "- Microsoft Windows NT Workstation versions 3.5, 4.0 SP3\n"
      "- Microsoft Windows NT Server 4.0 Service Pack 2, 3, and 4, Terminal Server Edition\n"
      "- Microsoft Windows NT Server versions 3.51, 4.00\n"
      "-------------------------------------------------------------------------------\n"
      "\n"
      "  Event ID: 7\n"
      "  Source: GadgetSvc\n";
  Result<ParsedArticle> r = ParseArticleText(Markdown(body), "t/Q900004.md");
  REQUIRE(r.ok());
  std::vector<std::string> os;
  for (const OsScope& o : r->os) {
    os.push_back(o.version + "/" + o.edition + "/" + std::to_string(o.min_sp) + "/" +
                 std::to_string(o.named_sp));
  }
  const std::vector<std::string> want = {
      // 4.0 is also listed bare: from SP0 on; SP5 is the highest named (a hotfix's base)
      "3.51/Server/-1/-1", "4.0/Server/-1/5",
      "3.5/Workstation/-1/-1", "4.0/Workstation/3/3",  // each version its own service pack
      "4.0/TSE/2/4",                                   // "2, 3, and 4" qualify 4.0
      "3.51/Server/-1/-1", "4.0/Server/-1/-1",         // "4.00" is 4.0
  };
  CHECK(os == want);
}

TEST_CASE("import: plain text (as published) reads like the Markdown form") {
  Result<ParsedArticle> md = ParseArticleText(Markdown(kBody), "a.md");
  Result<ParsedArticle> txt = ParseArticleText(kBody, "a.txt");
  REQUIRE(md.ok());
  REQUIRE(txt.ok());
  REQUIRE(txt->events.size() == md->events.size());
  CHECK(txt->events[0].description == md->events[0].description);
  CHECK(txt->events[0].line == 16);
  CHECK(txt->tables.size() == md->tables.size());
  CHECK(txt->packages.size() == md->packages.size());
}

TEST_CASE("import: 'applies to' items name products and OSes; labels, qualifiers and nested items are not products") {
  const std::string body =
      "Article: Q900002\n"
      "The information in this article applies to:\n"
      "\n"
      "- Microsoft Gadget Server, versions 3.0, 3.1, on platform(s):\n"
      "   - the operating system: Microsoft Windows NT\n"
      "   - the hardware: Intel x86\n"
      "- Microsoft Gadget Bridge, version 1.0, used with:\n"
      "   - Microsoft Gadget Server, version 4.0\n"
      "- the operating system: Microsoft Windows NT 3.51\n"
      "- the operating system: Microsoft Windows 95\n"
      "- the hardware: DEC Alpha\n"
      "- Microsoft Gadget Mail 2000, Service Release 1 (SR-1)\n"
      "- The gadget stops.\n"
      "- Microsoft Windows 98\n"
      "- Microsoft Windows versions 2000, 2000 SP1 Advanced Server\n"
      "-------------------------------------------------------------------------------\n"
      "\n"
      "  Event ID: 7\n"
      "  Source: GadgetSvc\n";
  Result<ParsedArticle> r = ParseArticleText(Markdown(body), "t/Q900002.md");
  REQUIRE(r.ok());
  const ParsedArticle& a = *r;
  // A labelled OS, and "Windows <version>", is an OS: Windows NT 3.51; Windows 2000
  // Advanced Server (with and without SP1: no min-sp); Windows 95 and 98 give no <os> and no
  // product.
  REQUIRE(a.os.size() == 2);
  CHECK(a.os[0].name == "Windows NT");
  CHECK(a.os[0].version == "3.51");
  CHECK(a.os[1].name == "Windows 2000");
  CHECK(a.os[1].version == "5.0");
  CHECK(a.os[1].edition == "Advanced Server");
  CHECK(a.os[1].min_sp == -1);
  // The platforms and the companion product below a "on platform(s):" / "used with:" item
  // qualify it; they are neither products nor OS scopes of the article. No product name
  // keeps a label, a qualifier, a service release or a sentence.
  std::vector<std::string> products;
  for (const ProductScope& p : a.products) products.push_back(p.name + " " + p.version);
  CHECK(products == std::vector<std::string>{"Gadget Server 3.0", "Gadget Server 3.1",
                                             "Gadget Bridge 1.0", "Gadget Mail 2000"});
}

TEST_CASE("import: an article without a number is refused with the file name") {
  Result<ParsedArticle> r = ParseArticleText("Event ID: 5\nSource: X\n", "nonum.txt");
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find("nonum.txt: no article number") == 0);
}

TEST_CASE("import: event block variants") {
  const char* body =
      "Article ID: 900010\n\n"
      "  EventID: 7000\n  Source : Service Control Manager\n  Description:\n  The Foo service failed to start.\n\n"
      "  Event ID 5719 netlogon\n  No Domain Controller is available for domain CONTOSO.\n\n"
      "  Event Type: Error\n  Event Source: Spooler\n  Event Category: None\n  Event ID: 20\n"
      "  Date: 1/1/2001\n  Description:\n  Printer Foo was deleted.\n\n"
      "  Event ID: 1000, Userenv, Error, Windows cannot determine the user name.\n\n"
      "  Event ID: 13 Source: Dhcp\n";
  Result<ParsedArticle> r = ParseArticleText(body, "v.txt");
  REQUIRE(r.ok());
  REQUIRE(r->events.size() == 5);
  CHECK(r->events[0].source == "Service Control Manager");
  CHECK(r->events[0].description == "The Foo service failed to start.");
  CHECK(r->events[1].source == "netlogon");
  CHECK(r->events[1].description == "No Domain Controller is available for domain CONTOSO.");
  CHECK(r->events[2].event_id == 20);
  CHECK(r->events[2].source == "Spooler");
  CHECK(r->events[2].type == "Error");
  CHECK(r->events[2].description == "Printer Foo was deleted.");
  CHECK(r->events[3].source == "Userenv");
  CHECK(r->events[3].type == "Error");
  CHECK(r->events[3].description == "Windows cannot determine the user name.");
  CHECK(r->events[4].event_id == 13);
  CHECK(r->events[4].source == "Dhcp");
}

TEST_CASE("import: a blank line between the fields of one block does not end it") {
  const char* body =
      "Article: Q900011\n\n"
      "  Event ID: 20050\n  Source: RemoteAccess\n  Type: Success Audit\n\n"
      "  Description: The user was disconnected.\n\n"
      "A sentence of prose.\n\n"
      "  Event ID: 9\n  Source: Foo\n\n  Event ID: 10\n  Source: Bar\n";
  Result<ParsedArticle> r = ParseArticleText(body, "b.txt");
  REQUIRE(r.ok());
  REQUIRE(r->events.size() == 3);
  CHECK(r->events[0].description == "The user was disconnected.");
  CHECK(r->events[1].source == "Foo");
  CHECK(r->events[1].description.empty());
  CHECK(r->events[2].source == "Bar");
}

TEST_CASE("import: message patterns capture what varies and keep the rest literal") {
  const std::string d =
      "The registry checkpoint for cluster resource Payroll Data Service could not be restored "
      "to registry key HKEY_LOCAL_MACHINE\\SOFTWARE\\Payroll. The resource may not function.";
  MessagePattern p = BuildMessagePattern(d);
  REQUIRE(p.ok);
  CHECK(p.captures == std::vector<std::string>{"resource", "key"});
  const RE2 re(p.regex);
  REQUIRE(re.ok());
  std::string resource, key;
  // Wrapped differently and with other values, as a host logs it.
  CHECK(RE2::PartialMatch(
      "The registry checkpoint for cluster resource SQL Server could not be restored\nto registry "
      "key HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSSQLServer. The resource may not function.",
      re, &resource, &key));
  CHECK(resource == "SQL Server");
  CHECK(key == "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSSQLServer");
  CHECK_FALSE(RE2::PartialMatch("The registry checkpoint for cluster resource X was restored.", re));

  // Placeholders, numbers, hex codes, paths and quoted strings.
  const std::string d2 = "Error 0x80070005 (access denied) from %1 while reading 'C:\\x y\\z.log' on <server name>, attempt 12.";
  MessagePattern p2 = BuildMessagePattern(d2);
  REQUIRE(p2.ok);
  const RE2 re2(p2.regex);
  const std::string sample = SampleFromDescription(d2);
  CHECK(sample == "Error 0x80070005 (access denied) from Item1 while reading 'C:\\x y\\z.log' on SRV-FS01, attempt 12.");
  CHECK(RE2::PartialMatch(sample, re2));
  CHECK(RE2::PartialMatch("Error 0xC0000022 (other text) from FOO while reading 'D:\\a.txt' on HOST7, attempt 3.", re2));
  CHECK_FALSE(RE2::PartialMatch("Warning 0xC0000022 (other text) from FOO while reading 'D:\\a.txt' on HOST7, attempt 3.", re2));

  // Placeholders written as words.
  MessagePattern p3 = BuildMessagePattern("Client x.x.x.x could not log on to SERVERNAME as username.");
  REQUIRE(p3.ok);
  CHECK(p3.captures.size() == 3);
  CHECK(RE2::PartialMatch("Client 10.1.2.3 could not log on to FS01 as jsmith.", RE2(p3.regex)));
}

TEST_CASE("import: the importer writes KB and rules that load, with imported marks and file checks") {
  Importer im({});
  im.AddArticle(Markdown(kBody), "t/Q900001.md");
  im.AddArticle("no number here", "t/bad.txt");
  ImportOutput out = im.Finish();
  REQUIRE(out.report.size() == 2);
  CHECK(out.report[0].outcome == Outcome::kNotImported);  // "" sorts first
  CHECK(out.report[0].reason.find("no article number") != std::string::npos);
  CHECK(out.report[1].article == "KB900001");
  CHECK(out.report[1].outcome == Outcome::kEventAndFix);
  CHECK(out.report[1].rules == std::vector<std::string>{"kb900001-widgetsvc-4321", "kb900001-widgetdrv-77"});
  CHECK(out.report[1].reason == "1 event(s) without a source left out");
  CHECK(out.ReportText().find("KB900001: event-and-fix: 2 rule(s), fix Q900002, 3 file check(s)") !=
        std::string::npos);
  CHECK(out.ReportJson().find("\"outcome\":\"event-and-fix\"") != std::string::npos);

  std::vector<std::pair<std::string, std::string>> kb_files(out.kb_files.begin(), out.kb_files.end());
  NullDiagnosticSink sink;
  auto kb = LoadKnowledgeBaseText(kb_files, sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  const Article* a = (*kb)->FindArticle("KB900001");
  REQUIRE(a != nullptr);
  CHECK(a->imported);
  CHECK(a->title == "WidgetSvc 4321 and WidgetDrv 77, fixed by Q900002");
  // "First corrected in NT4 SP5" and a hotfix of its own: SP5 includes the hotfix.
  const Package* sp5 = (*kb)->FindPackage("NT4-SP5");
  REQUIRE(sp5 != nullptr);
  CHECK(sp5->supersedes == std::vector<std::string>{"Q900002"});
  CHECK(sp5->detect.service_pack == 5);
  REQUIRE(a->applies_to.os.size() == 2);
  CHECK(a->applies_to.os[0].min_sp == 4);
  REQUIRE(a->applies_to.products.size() == 1);
  const Package* p = (*kb)->FindPackage("Q900002");
  REQUIRE(p != nullptr);
  REQUIRE(p->files.size() == 3);
  CHECK(p->files[0].size == 135440);
  CHECK(p->files[2].min_version == "2.5.1960.10");
  CHECK(p->files[2].platform == Platform::kIntel);  // not stated: assumed, and the notes say so
  CHECK(p->notes.find("assume Intel") != std::string::npos);

  for (const auto& [name, xml] : out.rules_files) {
    std::vector<Status> errors;
    auto rs = rules::RuleSet::LoadFromString(xml, name, errors);
    REQUIRE(errors.empty());
    REQUIRE(rs->size() == 2);
    CHECK(rs->info(0).imported);
    CHECK(rs->info(0).severity == rules::RuleSeverity::kLow);
    CHECK(rs->info(1).severity == rules::RuleSeverity::kInfo);  // no description: informational
    for (const rules::ExampleResult& ex : rs->RunExamples()) CHECK_MESSAGE(ex.passed, ex.rule_id, ": ", ex.detail);
  }
}

TEST_CASE("import: beside hand-written entries of the same id, the imported ones are dropped with a note") {
  const std::string hand =
      "<kb><article id=\"KB900001\" title=\"hand\"><cause id=\"c\" informational=\"true\"><summary>s</summary></cause></article>"
      "<package id=\"Q900002\" kind=\"hotfix\" name=\"hand\"/></kb>";
  Importer im({});
  im.AddArticle(Markdown(kBody), "t/Q900001.md");
  ImportOutput out = im.Finish();
  std::vector<std::pair<std::string, std::string>> files = {{"kb/hand.xml", hand}};
  files.insert(files.end(), out.kb_files.begin(), out.kb_files.end());
  CollectingSink sink;
  auto kb = LoadKnowledgeBaseText(files, sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  REQUIRE((*kb)->FindArticle("KB900001") != nullptr);
  CHECK((*kb)->FindArticle("KB900001")->title == "hand");
  CHECK((*kb)->FindPackage("Q900002")->name == "hand");
  REQUIRE(sink.items().size() == 2);
  CHECK(sink.items()[0].what == "imported article 'KB900001' ignored: the hand-written entry at kb/hand.xml:1 wins");
  // What has no hand-written twin stays.
  CHECK((*kb)->FindPackage("NT4-SP5") != nullptr);
}

TEST_CASE("import: known ids are referenced, not written again") {
  ImportOptions o;
  o.known_articles.insert("KB900001");
  Importer im(o);
  im.AddArticle(Markdown(kBody), "t/Q900001.md");
  ImportOutput out = im.Finish();
  REQUIRE(out.report.size() == 1);
  CHECK(out.report[0].outcome == Outcome::kNotImported);
  CHECK(out.report[0].reason.find("already in the knowledge base") == 0);
  CHECK(out.rules_files.empty());
}

TEST_CASE("import output: XML by the readers' escaper, the JSON report valid on any file name") {
  // Nothing is dropped: a control character XML cannot hold stays visible as text.
  CHECK(XmlEscape("a<b & \"c\" 'd'\x01") == "a&lt;b &amp; &quot;c&quot; 'd'\\x01");
  ImportOutput out;
  ArticleReport r;
  r.file = "articles/q\xff\"1.md";  // not UTF-8, and a quote
  r.article = "KB1";
  r.problems.push_back(ImportProblem{r.file, 3, "a \"quoted\" reason"});
  out.report.push_back(r);
  const std::string json = out.ReportJson();
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(parsed.is_discarded());
  CHECK(parsed["articles"][0]["file"] == "articles/q\xef\xbf\xbd\"1.md");
  CHECK(parsed["articles"][0]["problems"][0]["reason"] == "a \"quoted\" reason");
  CHECK(parsed["summary"]["not_imported"] == 1);
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::kb::import
