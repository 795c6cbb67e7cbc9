// Importer: see importer.h. Everything written is composed here from the facts the
// parser extracted (ids, sources, message texts, packages, file attributes).
#include "kb/import/importer.h"

#include "kb/version.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "core/strings.h"
#include "readers/xml_escape.h"

namespace logrx::kb::import {

namespace {

constexpr size_t kMaxCitedBytes = 4u << 20;

bool ArticleLess(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

// "316772" -> "q316" (the archive's own bucket: /kb/316/Q316772/).
std::string Bucket(const std::string& number) {
  const size_t keep = number.size() > 3 ? number.size() - 3 : 0;
  return "q" + (keep == 0 ? std::string("0") : number.substr(0, keep));
}

// The archive's product scopes ("NT4" in "NT4 SP6a"): the name a package title gives
// them, and whether a service pack of the scope is detected from the OS facts.
struct Scope {
  std::string_view token;
  std::string_view name;
  bool is_os;
};
constexpr Scope kScopes[] = {
    {"NT4", "Windows NT 4.0", true},
    {"NT351", "Windows NT 3.51", true},
    {"W2K", "Windows 2000", true},
    {"WXP", "Windows XP", true},
    {"EX55", "Exchange Server 5.5", false},
    {"EX50", "Exchange Server 5.0", false},
    {"EX2000", "Exchange 2000 Server", false},
    {"SQL7", "SQL Server 7.0", false},
    {"SQL65", "SQL Server 6.5", false},
    {"SQL2000", "SQL Server 2000", false},
};

const Scope* FindScope(std::string_view token) {
  for (const Scope& s : kScopes) {
    if (s.token == token) return &s;
  }
  return nullptr;
}

std::string ScopeName(const std::string& token) {
  const Scope* s = FindScope(token);
  return s != nullptr ? std::string(s->name) : token;
}

bool IsOsScope(const std::string& token) {
  const Scope* s = FindScope(token);
  return s != nullptr && s->is_os;
}

bool IsDottedVersion(const std::string& v) {
  static const RE2 re(R"(\d{1,5}(?:\.\d{1,5}){1,3})");
  return RE2::FullMatch(v, re) && IsVersion(v);  // and what the KB loader accepts
}

struct FileOut {
  FileRow row;
  std::string component;
};

struct PackageOut {
  PackageRef ref;
  std::vector<std::string> requires_;
  std::vector<FileOut> files;
  std::set<std::string> cited_by;
  std::set<std::string> supersedes;
  std::string notes;
};

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

int LevelOf(const std::string& type) {
  const std::string t = ToLowerAscii(type);
  if (t.find("error") != std::string::npos || t.find("fail") != std::string::npos) return 2;
  if (t.find("warn") != std::string::npos) return 3;
  return 4;
}

}  // namespace

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  readers::AppendXmlEscaped(s, out, /*attr=*/true);
  return out;
}

std::string RuleSlug(std::string_view source, uint32_t event_id) {
  std::string out;
  for (char c : source) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += ToLowerAscii(c);
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 40) out.resize(40);
  if (out.empty()) out = "event";
  return fmt::format("{}-{}", out, event_id);
}

const char* OutcomeName(Outcome o) noexcept {
  switch (o) {
    case Outcome::kEventAndFix: return "event-and-fix";
    case Outcome::kEventOnly: return "event-only";
    case Outcome::kNotImported: return "not-imported";
  }
  return "not-imported";
}

Importer::Importer(ImportOptions options) : options_(std::move(options)) {}

void Importer::AddUnreadable(const std::string& file, const std::string& reason) {
  ArticleReport r;
  r.file = file;
  r.reason = reason;
  failed_.push_back(std::move(r));
}

void Importer::AddArticle(std::string_view text, const std::string& file) {
  Result<ParsedArticle> a = ParseArticleText(text, file);
  if (!a.ok()) {
    AddUnreadable(file, std::string(a.status().message()));
    return;
  }
  Entry e;
  e.article = std::move(a).value();
  e.report.file = file;
  e.report.article = e.article.KbId();
  e.report.problems = e.article.problems;
  entries_.push_back(std::move(e));
}

namespace {

// Reads the cited article Q<number> from the referenced folders; "" when absent.
std::string ReadCited(const std::vector<std::string>& dirs, const std::string& qid) {
  namespace fs = std::filesystem;
  for (const std::string& d : dirs) {
    for (const char* ext : {".md", ".txt"}) {
      const fs::path p = fs::path(d) / (qid + ext);
      std::error_code ec;
      if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > kMaxCitedBytes) continue;
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (in.bad()) continue;
      return ss.str();
    }
  }
  return "";
}

struct RuleOut {
  std::string id;
  const EventBlock* ev = nullptr;
  MessagePattern pattern;
};

std::string EventName(const EventBlock& e) { return fmt::format("{} {}", e.source, e.event_id); }

void WriteAppliesTo(const ParsedArticle& a, std::string& x) {
  if (a.os.empty() && a.products.empty()) return;
  x += "    <applies-to>\n";
  for (const OsScope& o : a.os) {
    x += fmt::format("      <os version=\"{}\" name=\"{}\"", XmlEscape(o.version), XmlEscape(o.name));
    if (!o.edition.empty()) x += fmt::format(" edition=\"{}\"", XmlEscape(o.edition));
    if (o.min_sp >= 0) x += fmt::format(" min-sp=\"{}\"", o.min_sp);
    x += "/>\n";
  }
  for (const ProductScope& p : a.products) {
    x += fmt::format("      <product name=\"{}\"", XmlEscape(p.name));
    if (!p.version.empty()) x += fmt::format(" version=\"{}\"", XmlEscape(p.version));
    if (p.min_sp >= 0) x += fmt::format(" min-sp=\"{}\"", p.min_sp);
    x += "/>\n";
  }
  x += "    </applies-to>\n";
}

std::string ExampleEvent(const EventBlock& e, const std::string& message, uint32_t record) {
  std::string x;
  x += "        <Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n";
  x += "          <System>\n";
  x += fmt::format("            <Provider Name=\"{}\"/>\n", XmlEscape(e.source));
  x += fmt::format("            <EventID>{}</EventID>\n", e.event_id);
  x += fmt::format("            <Level>{}</Level>\n", LevelOf(e.type));
  x += "            <TimeCreated SystemTime=\"2002-01-01T00:00:00.000Z\"/>\n";
  x += fmt::format("            <EventRecordID>{}</EventRecordID>\n", record);
  x += fmt::format("            <Channel>{}</Channel>\n", XmlEscape(e.log.empty() ? "Application" : e.log));
  x += "            <Computer>SRV-FS01</Computer>\n";
  x += "          </System>\n";
  if (!message.empty()) {
    x += fmt::format("          <RenderingInfo Culture=\"en-US\"><Message>{}</Message></RenderingInfo>\n",
                     XmlEscape(message));
  }
  x += "        </Event>\n";
  return x;
}

}  // namespace

namespace {

// What one Finish() run gathers across articles.
struct Run {
  const ImportOptions& options;
  std::set<std::string> written_articles;                    // KB ids written (imported)
  std::map<std::string, PackageOut> packages;
  std::map<std::string, std::string> kb_text, rules_text;    // bucket -> body
  std::map<std::string, std::set<std::string>> stub_citers;  // KB id -> citing KB ids
  std::set<std::string> rule_ids;
};

// Why an article's events gave no rule (and what was left out of those that did).
struct EventCounts {
  size_t no_source = 0, bad_description = 0;
};

// The article's events worth a rule: an ID and a source, a description that can be turned
// into a pattern (or none), not the same as an earlier one. Ids are unique in the run.
std::vector<RuleOut> PickRules(const ParsedArticle& a, ArticleReport& r, Run& run, EventCounts& n) {
  std::vector<RuleOut> rules;
  for (const EventBlock& e : a.events) {
    if (e.source.empty()) { ++n.no_source; continue; }
    RuleOut ro;
    ro.ev = &e;
    if (!e.description.empty()) {
      ro.pattern = BuildMessagePattern(e.description);
      if (!ro.pattern.ok) {
        ++n.bad_description;
        r.problems.push_back({a.file, e.line, "description could not be turned into a pattern"});
        continue;
      }
      RE2::Options o;
      o.set_log_errors(false);
      const RE2 re(ro.pattern.regex, o);
      if (RE2::PartialMatch("An unrelated message.", re)) {
        ro.pattern = MessagePattern();  // all variable: no better than ID and source
        r.problems.push_back({a.file, e.line, "description is all variable parts: informational rule"});
      }
    }
    bool dup = false;
    for (const RuleOut& o : rules) {
      dup = dup || (o.ev->event_id == e.event_id && ToLowerAscii(o.ev->source) == ToLowerAscii(e.source) &&
                    o.pattern.regex == ro.pattern.regex);
    }
    if (dup) continue;
    std::string base = fmt::format("kb{}-{}", a.number, RuleSlug(e.source, e.event_id));
    std::string id = base;
    for (int k = 2; run.rule_ids.count(id) != 0; ++k) id = fmt::format("{}-{}", base, k);
    run.rule_ids.insert(id);
    ro.id = id;
    rules.push_back(std::move(ro));
  }
  return rules;
}

// The packages the article names (with the prerequisites their cited articles state), in
// the article's order; each is recorded in `run.packages`.
std::vector<std::string> AddNamedPackages(const ParsedArticle& a, Run& run) {
  std::vector<std::string> fixes;
  for (const PackageRef& p : a.packages) {
    fixes.push_back(p.id);
    PackageOut& po = run.packages[p.id];
    if (po.ref.id.empty()) {
      po.ref = p;
      if (p.kind != PackageKind::kServicePack) {
        const std::string cited = ReadCited(run.options.referenced_dirs, p.id);
        if (!cited.empty()) {
          Result<ParsedArticle> pa = ParseArticleText(cited, p.id);
          if (pa.ok()) {
            for (const PackageRef& pre : StatedPrerequisites(*pa, cited)) {
              po.requires_.push_back(pre.id);
              if (run.packages.count(pre.id) == 0) run.packages[pre.id].ref = pre;
            }
          }
        }
      }
    }
    po.cited_by.insert(a.KbId());
  }
  return fixes;
}

// The article's file tables become file checks of their packages (rows without size or
// version give none; rows already there are not repeated).
void AddFileChecks(const ParsedArticle& a, ArticleReport& r, Run& run) {
  for (const FileTable& t : a.tables) {
    PackageOut& po = run.packages[t.package];
    for (const FileRow& row : t.rows) {
      FileOut f{row, t.component};
      if (!row.version.empty() && !IsDottedVersion(row.version)) f.row.version.clear();
      if (f.row.size == 0 && f.row.version.empty()) {
        r.problems.push_back({a.file, row.line, "file row without size or version: no check"});
        continue;
      }
      if (f.row.platform.empty()) {
        f.row.platform = "Intel";
        po.notes = "Some file tables state no platform; their checks assume Intel.";
      }
      bool dup = false;
      for (const FileOut& g : po.files) {
        dup = dup || (ToLowerAscii(g.row.name) == ToLowerAscii(f.row.name) && g.row.platform == f.row.platform &&
                      g.row.size == f.row.size && g.row.version == f.row.version && g.row.date == f.row.date);
      }
      if (!dup) { po.files.push_back(std::move(f)); ++r.file_checks; }
    }
  }
}

// "First corrected in <service pack>" and a hotfix of its own: the service pack includes
// the hotfix. A service pack written here says so (<supersedes>), and the cause names the
// hotfix alone, so the advisor offers one of them, not both. Returns the fixes kept.
std::vector<std::string> FoldServicePacks(const ParsedArticle& a, std::vector<std::string> fixes,
                                          Run& run) {
  std::vector<std::string> hotfixes, sps;
  for (const PackageRef& p : a.packages) {
    (p.kind == PackageKind::kServicePack ? sps : hotfixes).push_back(p.id);
  }
  if (hotfixes.empty() || sps.empty()) return fixes;
  std::vector<std::string> kept;
  for (const std::string& id : fixes) {
    const bool is_sp = std::find(sps.begin(), sps.end(), id) != sps.end();
    if (!is_sp || run.options.known_packages.count(id) != 0) {
      kept.push_back(id);
      continue;
    }
    for (const std::string& h : hotfixes) {
      const std::vector<std::string>& req = run.packages[h].requires_;
      if (std::find(req.begin(), req.end(), id) == req.end()) run.packages[id].supersedes.insert(h);
    }
  }
  return kept;
}

// The <article> element: title and summaries composed from the facts, one symptom per rule.
void WriteArticle(const ParsedArticle& a, const std::vector<RuleOut>& rules,
                  const std::vector<std::string>& fixes, Run& run) {
  std::vector<std::string> names;
  for (const RuleOut& ro : rules) {
    const std::string n = EventName(*ro.ev);
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  std::string events_short = names.front();
  if (names.size() == 2) events_short += " and " + names[1];
  if (names.size() > 2) events_short += fmt::format(" and {} more events", names.size() - 1);
  const std::string fix_list = Join(fixes, ", ");
  const std::string title = fixes.empty() ? fmt::format("{} (no package named)", events_short)
                                          : fmt::format("{}, fixed by {}", events_short, fix_list);
  std::string& kx = run.kb_text[Bucket(a.number)];
  kx += fmt::format("  <article id=\"{}\" title=\"{}\" imported=\"true\">\n", a.KbId(), XmlEscape(title));
  WriteAppliesTo(a, kx);
  kx += fmt::format("    <summary>Article {} describes {}{}.</summary>\n", a.QId(), XmlEscape(Join(names, ", ")),
                    fixes.empty() ? "; it names no package" : "; fix: " + XmlEscape(fix_list));
  for (const RuleOut& ro : rules) {
    kx += fmt::format("    <symptom source=\"{}\" event=\"{}\">{}</symptom>\n", XmlEscape(ro.ev->source),
                      ro.ev->event_id,
                      XmlEscape(ro.ev->description.empty() ? "(no description stated)" : ro.ev->description));
  }
  std::vector<std::string> facts;
  for (const RuleOut& ro : rules) {
    std::vector<std::string> f;
    if (!ro.ev->type.empty()) f.push_back("type " + ro.ev->type);
    if (!ro.ev->category.empty()) f.push_back("category " + ro.ev->category);
    if (!ro.ev->log.empty()) f.push_back(ro.ev->log + " log");
    facts.push_back(EventName(*ro.ev) + (f.empty() ? "" : " (" + Join(f, ", ") + ")"));
  }
  kx += fmt::format("    <cause id=\"main\" title=\"{}\"{}>\n", XmlEscape(fmt::format("As stated in {}", a.QId())),
                    fixes.empty() ? " informational=\"true\"" : "");
  kx += fmt::format("      <summary>{} states {}.{}</summary>\n", a.QId(), XmlEscape(Join(facts, "; ")),
                    fixes.empty() ? " It names no package, so there is nothing to install."
                                  : " Packages it names: " + XmlEscape(fix_list) + ".");
  for (const std::string& f : fixes) kx += fmt::format("      <fix package=\"{}\"/>\n", XmlEscape(f));
  kx += "    </cause>\n";
  for (const std::string& n : a.related) {
    const std::string kid = "KB" + n;
    kx += fmt::format("    <related article=\"{}\"/>\n", kid);
    run.stub_citers[kid].insert(a.KbId());
  }
  kx += "  </article>\n\n";
}

// One <rule> with its examples: the article's own symptom (and with placeholders filled in)
// must match; another message or another source must not.
void WriteRule(const ParsedArticle& a, const RuleOut& ro, const std::string& fix_list,
               uint32_t& record, std::string& rx) {
  const EventBlock& e = *ro.ev;
  const bool has_msg = ro.pattern.ok;
  const std::string rtitle = fmt::format("{}: possible article {}{}", EventName(e), a.KbId(),
                                         fix_list.empty() ? "" : ", fixed by " + fix_list);
  rx += fmt::format("  <rule id=\"{}\" title=\"{}\" severity=\"{}\" kb=\"{}\" imported=\"true\">\n",
                    ro.id, XmlEscape(rtitle), has_msg && !fix_list.empty() ? "low" : "info", a.KbId());
  rx += fmt::format("    <description>Imported from {} (line {}): {}{}.</description>\n", a.QId(), e.line,
                    XmlEscape(EventName(e)),
                    has_msg ? " with the message the article states" : "; the article states no message, so this is informational only");
  rx += "    <when>\n";
  rx += fmt::format("      <provider>{}</provider>\n", XmlEscape(e.source));
  rx += fmt::format("      <event-id>{}</event-id>\n", e.event_id);
  if (has_msg) rx += fmt::format("      <message regex=\"{}\"/>\n", XmlEscape(ro.pattern.regex));
  rx += "    </when>\n";
  rx += "    <examples>\n";
  rx += "      <example expect=\"match\" name=\"the article's own symptom\">\n";
  rx += ExampleEvent(e, e.description, record++);
  rx += "      </example>\n";
  if (has_msg) {
    const std::string sample = SampleFromDescription(e.description);
    if (sample != e.description) {
      rx += "      <example expect=\"match\" name=\"placeholders filled in\">\n";
      rx += ExampleEvent(e, sample, record++);
      rx += "      </example>\n";
    }
    rx += "      <example expect=\"no-match\" name=\"same ID and source, another message\">\n";
    rx += ExampleEvent(e, "An unrelated message.", record++);
    rx += "      </example>\n";
  }
  EventBlock other = e;
  other.source = e.source == "LogrxOther" ? "LogrxOther2" : "LogrxOther";
  rx += "      <example expect=\"no-match\" name=\"same ID, another source\">\n";
  rx += ExampleEvent(other, e.description, record++);
  rx += "      </example>\n";
  rx += "    </examples>\n";
  rx += "  </rule>\n\n";
}

// The report's reason when no event of the article gave a rule.
std::string NoRuleReason(const ParsedArticle& a, const EventCounts& n) {
  if (a.events.empty()) return "no event block (an event ID at the start of a line) found";
  if (n.no_source > 0) return fmt::format("no source stated for {} event(s)", n.no_source);
  return "no description could be turned into a pattern";
}

// One article (not a duplicate, not known): its rules, packages, file checks and XML.
void ImportArticle(const ParsedArticle& a, ArticleReport& r, Run& run) {
  EventCounts n;
  const std::vector<RuleOut> rules = PickRules(a, r, run, n);
  r.events = a.events.size();
  if (rules.empty()) {
    r.reason = NoRuleReason(a, n);
    return;
  }
  std::vector<std::string> fixes = AddNamedPackages(a, run);
  AddFileChecks(a, r, run);
  fixes = FoldServicePacks(a, std::move(fixes), run);
  r.packages = fixes;
  r.outcome = fixes.empty() ? Outcome::kEventOnly : Outcome::kEventAndFix;
  if (n.no_source > 0) r.reason = fmt::format("{} event(s) without a source left out", n.no_source);
  if (n.bad_description > 0) {
    r.reason += fmt::format("{}{} description(s) not understood", r.reason.empty() ? "" : "; ",
                            n.bad_description);
  }
  run.written_articles.insert(a.KbId());
  WriteArticle(a, rules, fixes, run);
  std::string& rx = run.rules_text[Bucket(a.number)];
  const std::string fix_list = Join(fixes, ", ");
  uint32_t record = 1;
  for (const RuleOut& ro : rules) {
    WriteRule(a, ro, fix_list, record, rx);
    r.rules.push_back(ro.id);
  }
}

// One <package> element.
std::string PackageXml(const std::string& id, const PackageOut& po) {
  const PackageRef& p = po.ref;
  std::string name;
  if (p.kind == PackageKind::kServicePack) {
    name = p.sp_a ? "Windows NT 4.0 Service Pack 6a" : fmt::format("{} Service Pack {}", ScopeName(p.scope), p.sp);
  } else {
    name = fmt::format("{} {}", id, p.kind == PackageKind::kRollup ? "rollup" : "hotfix");
  }
  std::set<std::string> platforms;
  for (const FileOut& f : po.files) platforms.insert(f.row.platform);
  std::string px = fmt::format("  <package id=\"{}\" kind=\"{}\" name=\"{}\" imported=\"true\"", XmlEscape(id),
                               PackageKindName(p.kind), XmlEscape(name));
  if (!platforms.empty()) px += fmt::format(" platforms=\"{}\"", Join({platforms.begin(), platforms.end()}, " "));
  if (!p.scope.empty()) px += fmt::format(" os=\"{}\"", p.sp_a ? "NT4" : p.scope);
  px += ">\n";
  if (p.sp_a) px += "    <requires package=\"NT4-SP6\"/>\n";
  for (const std::string& q : po.requires_) px += fmt::format("    <requires package=\"{}\"/>\n", XmlEscape(q));
  for (const std::string& q : po.supersedes) px += fmt::format("    <supersedes package=\"{}\"/>\n", XmlEscape(q));
  if (p.kind == PackageKind::kServicePack) {
    if (p.sp_a) px += "    <detect sp6a=\"true\" hotfix=\"Q246009\"/>\n";
    else if (IsOsScope(p.scope)) px += fmt::format("    <detect service-pack=\"{}\"/>\n", p.sp);
  } else if (id.rfind('Q', 0) == 0) {
    px += fmt::format("    <detect hotfix=\"{}\" inferred=\"true\"/>\n", XmlEscape(id));
  }
  for (const FileOut& f : po.files) {
    px += fmt::format("    <file name=\"{}\" platform=\"{}\"", XmlEscape(f.row.name), XmlEscape(f.row.platform));
    if (!f.row.version.empty()) px += fmt::format(" version=\"{}\"", f.row.version);
    if (!f.row.date.empty()) px += fmt::format(" date=\"{}\"", f.row.date);
    if (f.row.size != 0) px += fmt::format(" size=\"{}\"", f.row.size);
    px += "/>\n";
  }
  std::string notes = po.notes;
  if (!po.cited_by.empty()) {
    notes += (notes.empty() ? "" : " ") +
             fmt::format("Named by {}.", Join({po.cited_by.begin(), po.cited_by.end()}, ", "));
  }
  if (!notes.empty()) px += fmt::format("    <notes>{}</notes>\n", XmlEscape(notes));
  px += "  </package>\n\n";
  return px;
}

// Every package the run named that the known KB does not have, by id; counts them.
std::string PackagesXml(Run& run, size_t& written) {
  std::vector<std::string> pkg_ids;
  for (auto& kv : run.packages) pkg_ids.push_back(kv.first);
  // SP6a needs SP6: add it when Q246009 is written.
  if (run.packages.count("Q246009") != 0 && run.packages.count("NT4-SP6") == 0) {
    PackageRef sp6;
    (void)ServicePackRef("Windows NT 4.0", 6, false, sp6);
    run.packages["NT4-SP6"].ref = sp6;
    pkg_ids.push_back("NT4-SP6");
  }
  std::sort(pkg_ids.begin(), pkg_ids.end());
  std::string px;
  for (const std::string& id : pkg_ids) {
    if (run.options.known_packages.count(id) != 0) continue;
    px += PackageXml(id, run.packages[id]);
    ++written;
  }
  return px;
}

// Stubs for cited articles that are neither imported nor known; counts them.
void WriteStubs(Run& run, size_t& written) {
  for (const auto& kv : run.stub_citers) {
    if (run.written_articles.count(kv.first) != 0 || run.options.known_articles.count(kv.first) != 0) continue;
    const std::string number = kv.first.substr(2);
    const std::string citers = Join({kv.second.begin(), kv.second.end()}, ", ");
    std::string& kx = run.kb_text[Bucket(number)];
    kx += fmt::format("  <article id=\"{}\" title=\"{} (cited by {})\" imported=\"true\">\n", kv.first, kv.first,
                      XmlEscape(citers));
    kx += fmt::format("    <summary>Cited by {}; not imported here (it states no event).</summary>\n", XmlEscape(citers));
    kx += "    <cause id=\"main\" title=\"Cited article\" informational=\"true\">\n";
    kx += fmt::format("      <summary>Read Q{} for what it covers.</summary>\n", number);
    kx += "    </cause>\n";
    kx += "  </article>\n\n";
    ++written;
  }
}

// The output files: one kb and one rules file per bucket, and packages.xml.
void WriteFiles(const Run& run, const std::string& packages_xml, ImportOutput& out) {
  const std::string head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                           "<!-- Generated by 'logrx kb import' from Knowledge Base articles: facts only "
                           "(docs/kb-import.md). Do not edit; re-run the import. -->\n";
  for (const auto& kv : run.kb_text) {
    out.kb_files[kv.first + ".xml"] = head + "<kb version=\"1\">\n\n" + kv.second + "</kb>\n";
  }
  if (!packages_xml.empty()) {
    out.kb_files["packages.xml"] = head + "<kb version=\"1\">\n\n" + packages_xml + "</kb>\n";
  }
  for (const auto& kv : run.rules_text) {
    out.rules_files[kv.first + ".xml"] = head + "<rules version=\"1\">\n\n" + kv.second + "</rules>\n";
  }
}

}  // namespace

ImportOutput Importer::Finish() {
  ImportOutput out;
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    if (a.article.number != b.article.number) return ArticleLess(a.article.number, b.article.number);
    return a.report.file < b.report.file;
  });
  Run run{options_, {}, {}, {}, {}, {}, {}};
  std::string prev_number;
  for (Entry& en : entries_) {
    if (en.article.number == prev_number) {
      en.report.reason = "duplicate of an article already read";
      continue;
    }
    prev_number = en.article.number;
    if (options_.known_articles.count(en.article.KbId()) != 0) {
      en.report.reason = "already in the knowledge base (the existing entry wins)";
      continue;
    }
    ImportArticle(en.article, en.report, run);
  }
  const std::string px = PackagesXml(run, out.packages);
  WriteStubs(run, out.stubs);
  WriteFiles(run, px, out);
  for (Entry& en : entries_) {
    if (en.report.outcome != Outcome::kNotImported) {
      ++out.articles;
      out.rules += en.report.rules.size();
    }
    out.report.push_back(std::move(en.report));
  }
  for (ArticleReport& f : failed_) out.report.push_back(std::move(f));
  std::sort(out.report.begin(), out.report.end(), [](const ArticleReport& a, const ArticleReport& b) {
    if (a.article != b.article) return ArticleLess(a.article, b.article);
    return a.file < b.file;
  });
  entries_.clear();
  failed_.clear();
  return out;
}

namespace {

// How many articles had each outcome: [event-and-fix, event-only, not-imported].
std::array<size_t, 3> CountOutcomes(const std::vector<ArticleReport>& report) {
  std::array<size_t, 3> n{};
  for (const ArticleReport& r : report) ++n[static_cast<size_t>(r.outcome)];
  return n;
}

}  // namespace

std::string ImportOutput::ReportText() const {
  const auto [fix, only, none] = CountOutcomes(report);
  std::string body;
  for (const ArticleReport& r : report) {
    const std::string who = r.article.empty() ? r.file : r.article;
    if (r.outcome == Outcome::kNotImported) {
      body += fmt::format("{}: not imported: {}\n", who, r.reason);
    } else {
      body += fmt::format("{}: {}: {} rule(s){}{}{}\n", who, OutcomeName(r.outcome), r.rules.size(),
                          r.packages.empty() ? "" : ", fix " + Join(r.packages, ", "),
                          r.file_checks ? fmt::format(", {} file check(s)", r.file_checks) : "",
                          r.reason.empty() ? "" : " (" + r.reason + ")");
    }
    for (const ImportProblem& p : r.problems) body += fmt::format("  {}\n", p.ToString());
  }
  return body + fmt::format(
                    "imported {} article(s): {} with event and fix, {} event only; {} not imported; "
                    "{} rule(s), {} package(s), {} cited-article stub(s)\n",
                    fix + only, fix, only, none, rules, packages, stubs);
}

namespace {

// One JSON value on one line; text that is not UTF-8 (a file name) becomes U+FFFD.
std::string Dump(const nlohmann::ordered_json& v) {
  return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string ImportOutput::ReportJson() const {
  using Json = nlohmann::ordered_json;
  const auto [fix, only, none] = CountOutcomes(report);
  std::string lines;
  for (const ArticleReport& r : report) {
    Json problems = Json::array();
    for (const ImportProblem& p : r.problems) problems.push_back({{"line", p.line}, {"reason", p.reason}});
    const Json a = {{"file", r.file},         {"article", r.article},   {"outcome", OutcomeName(r.outcome)},
                    {"reason", r.reason},     {"events", r.events},     {"rules", r.rules},
                    {"packages", r.packages}, {"file_checks", r.file_checks}, {"problems", problems}};
    lines += lines.empty() ? "\n  " : ",\n  ";
    lines += Dump(a);
  }
  const Json summary = {{"articles_read", report.size()}, {"event_and_fix", fix}, {"event_only", only},
                        {"not_imported", none}, {"rules", rules}, {"packages", packages}, {"stubs", stubs}};
  // One article a line, so a long report can be read (and grepped) line by line.
  return fmt::format("{{\"summary\":{},\n \"articles\":[{}\n ]}}\n", Dump(summary), lines);
}

}  // namespace logrx::kb::import
