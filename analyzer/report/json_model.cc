#include "report/json_model.h"

#include <algorithm>
#include <limits>
#include <map>
#include <type_traits>

#include <fmt/format.h>

#include "core/time.h"

namespace logrx::report {

using json = nlohmann::ordered_json;

namespace {

json TimeJson(int64_t t) { return t == kNoTime ? json(nullptr) : json(FormatIso8601(t)); }

std::string FilePath(uint32_t id, const std::vector<FileEntry>& files) {
  return id < files.size() ? files[id].path : std::string();
}

json CapturesJson(const std::vector<rules::Capture>& caps) {
  json a = json::array();
  for (const rules::Capture& c : caps) a.push_back({{"name", c.name}, {"value", c.value}});
  return a;
}

json EvidenceJson(const rules::EvidenceRef& e, const std::vector<FileEntry>& files) {
  json j = {{"file", FilePath(e.where.file_id, files)}};
  j["offset"] = e.where.offset == kNoOffset ? json(nullptr) : json(e.where.offset);
  j["line"] = e.where.line;
  j["record_id"] = e.record_id;
  j["time"] = TimeJson(e.time);
  j["event_id"] = e.event_id;
  j["provider"] = e.provider;
  j["channel"] = e.channel;
  j["message"] = e.message;
  j["captures"] = CapturesJson(e.captures);
  j["step"] = e.step;
  // Imported rules only (docs/output.md): what their message pattern matched.
  if (!e.matched.empty()) j["matched_text"] = e.matched;
  return j;
}


json MatchJson(const rules::Match& m, const std::vector<FileEntry>& files) {
  json ev = json::array();
  for (const rules::EvidenceRef& e : m.evidence) ev.push_back(EvidenceJson(e, files));
  json j = {{"rule_id", m.rule_id},         {"title", m.title},
            {"kb", m.kb},                   {"cause", m.cause},
            {"severity", std::string(rules::RuleSeverityName(m.severity))},
            {"host", m.host},               {"first_time", TimeJson(m.first_time)},
            {"last_time", TimeJson(m.last_time)}, {"count", m.count},
            {"captures", CapturesJson(m.captures)}, {"evidence", std::move(ev)}};
  // Present only for imported rules, so hand-written results keep their exact bytes.
  if (m.imported) {
    j["imported"] = true;
    j["matched_text"] = advisor::MatchedText(m);
  }
  return j;
}

json CheckJson(const advisor::CheckResult& c) {
  return {{"package", c.package},   {"kind", c.kind},         {"target", c.target},
          {"platform", c.platform}, {"required", c.required}, {"found", c.found},
          {"evidence", c.evidence},
          {"verdict", std::string(advisor::VerdictName(c.verdict))},
          {"reason", c.reason},     {"to_collect", c.to_collect}};
}

json StepJson(const advisor::PlanStep& s) {
  return {{"order", s.order},
          {"kind", std::string(advisor::StepKindName(s.kind))},
          {"package", s.package},
          {"title", s.title},
          {"why", s.why},
          {"for_articles", s.for_articles},
          {"covers", s.covers}};
}

json SourceJson(const inventory::FactSource& f) {
  return {{"file", f.file}, {"line", f.line}, {"record_id", f.record_id}, {"detail", f.detail}};
}

json FactsJson(const inventory::HostFacts& f) {
  const inventory::OsFacts& o = f.os;
  json os = {{"known", o.known},     {"product", o.product},
             {"version", o.version}, {"build", o.build},
             {"csd", o.csd},         {"sp", o.sp},
             {"sp6a", o.sp6a},       {"kernel", o.kernel},
             {"multiprocessor", o.multiprocessor},
             {"terminal_server", o.terminal_server},
             {"arch", std::string(inventory::ArchName(o.arch))},
             {"arch_from", o.arch_from},
             {"edition", o.edition},
             {"from", SourceJson(o.from)}};
  json boots = {{"boots", f.boots.boots},
                {"clean_shutdowns", f.boots.clean_shutdowns},
                {"unexpected_shutdowns", f.boots.unexpected_shutdowns},
                {"last_boot", TimeJson(f.boots.last_boot)}};
  json hotfixes = json::array();
  for (const inventory::HotfixFact& h : f.hotfixes) {
    hotfixes.push_back({{"id", h.id},
                        {"description", h.description},
                        {"installed_on", h.installed_on},
                        {"from", SourceJson(h.from)}});
  }
  json files = json::array();
  for (const inventory::FileFact& x : f.files) {
    json j = {{"name", x.name}, {"path", x.path}};
    j["size"] = x.has_size ? json(x.size) : json(nullptr);
    j["file_version"] = x.has_version ? json(x.file_version) : json(nullptr);
    j["product_version"] = x.product_version;
    j["time"] = x.has_time ? TimeJson(x.time) : json(nullptr);
    j["pe_timestamp"] = x.has_pe_timestamp ? json(x.pe_timestamp) : json(nullptr);
    j["arch"] = std::string(inventory::ArchName(x.arch));
    j["from"] = SourceJson(x.from);
    files.push_back(std::move(j));
  }
  return {{"host", f.host},
          {"os", std::move(os)},
          {"boots", std::move(boots)},
          {"hotfixes", std::move(hotfixes)},
          {"files", std::move(files)},
          {"has_hotfix_inventory", f.has_hotfix_inventory},
          {"has_file_inventory", f.has_file_inventory},
          {"inventory_sources", f.inventory_sources},
          {"products", f.products},
          {"has_product_inventory", f.has_product_inventory}};
}

// ---- reading ------------------------------------------------------------------------

// Lenient getters: a missing member (an older or newer writer) keeps the default; a
// member of the wrong type is an error the caller reports by path.
struct Reader {
  std::string error;  // first problem, "hosts[3].findings[0].status: want a string"

  const json* Member(const json& obj, const char* key, const std::string& path) {
    if (!obj.is_object()) {
      Fail(path, "want an object");
      return nullptr;
    }
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
  }
  void Fail(const std::string& path, std::string_view what) {
    if (error.empty()) error = fmt::format("{}: {}", path, what);
  }
  void Str(const json& o, const char* k, const std::string& p, std::string& out) {
    const json* v = Member(o, k, p);
    if (v == nullptr) return;
    if (!v->is_string()) return Fail(p + "." + k, "want a string");
    out = v->get<std::string>();
  }
  template <typename T>
  void Num(const json& o, const char* k, const std::string& p, T& out) {
    const json* v = Member(o, k, p);
    if (v == nullptr) return;
    if (!v->is_number_integer()) return Fail(p + "." + k, "want an integer");
    if constexpr (std::is_unsigned_v<T>) {
      // Counts and offsets: a negative number would wrap into a huge one.
      if (!v->is_number_unsigned()) return Fail(p + "." + k, "want a non-negative integer");
      if (v->get<uint64_t>() > std::numeric_limits<T>::max()) {
        return Fail(p + "." + k, "integer too large");
      }
    }
    out = v->get<T>();
  }
  void Bool(const json& o, const char* k, const std::string& p, bool& out) {
    const json* v = Member(o, k, p);
    if (v == nullptr) return;
    if (!v->is_boolean()) return Fail(p + "." + k, "want true or false");
    out = v->get<bool>();
  }
  void Time(const json& o, const char* k, const std::string& p, int64_t& out) {
    const json* v = Member(o, k, p);
    if (v == nullptr) {
      out = kNoTime;
      return;
    }
    if (!v->is_string() || !ParseIso8601(v->get<std::string>(), out)) {
      Fail(p + "." + k, "want an ISO 8601 time or null");
    }
  }
  void Strings(const json& o, const char* k, const std::string& p, std::vector<std::string>& out) {
    const json* v = Member(o, k, p);
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(p + "." + k, "want an array");
    for (const json& e : *v) {
      if (!e.is_string()) return Fail(p + "." + k, "want strings");
      out.push_back(e.get<std::string>());
    }
  }
  // Calls fn(element, path) for each element of array member k.
  template <typename Fn>
  void Each(const json& o, const char* k, const std::string& p, Fn&& fn) {
    const json* v = Member(o, k, p);
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(p + "." + k, "want an array");
    for (size_t i = 0; i < v->size() && error.empty(); ++i) {
      fn((*v)[i], fmt::format("{}.{}[{}]", p, k, i));
    }
  }
  template <typename E, typename NameFn>
  void Enum(const json& o, const char* k, const std::string& p, int count, NameFn name, E& out) {
    std::string s;
    Str(o, k, p, s);
    if (s.empty()) return;
    for (int i = 0; i < count; ++i) {
      if (name(static_cast<E>(i)) == s) {
        out = static_cast<E>(i);
        return;
      }
    }
    Fail(p + "." + k, fmt::format("unknown value '{}'", s));
  }
};

void ReadCaptures(Reader& r, const json& o, const char* k, const std::string& p,
                  std::vector<rules::Capture>& out) {
  r.Each(o, k, p, [&](const json& c, const std::string& cp) {
    rules::Capture cap;
    r.Str(c, "name", cp, cap.name);
    r.Str(c, "value", cp, cap.value);
    out.push_back(std::move(cap));
  });
}

void ReadSource(Reader& r, const json& o, const std::string& p, inventory::FactSource& out) {
  const json* v = r.Member(o, "from", p);
  if (v == nullptr) return;
  const std::string q = p + ".from";
  r.Str(*v, "file", q, out.file);
  r.Num(*v, "line", q, out.line);
  r.Num(*v, "record_id", q, out.record_id);
  r.Str(*v, "detail", q, out.detail);
}

void ReadFacts(Reader& r, const json& o, const std::string& p, inventory::HostFacts& f) {
  r.Str(o, "host", p, f.host);
  if (const json* os = r.Member(o, "os", p)) {
    const std::string q = p + ".os";
    r.Bool(*os, "known", q, f.os.known);
    r.Str(*os, "product", q, f.os.product);
    r.Str(*os, "version", q, f.os.version);
    r.Str(*os, "build", q, f.os.build);
    r.Str(*os, "csd", q, f.os.csd);
    r.Num(*os, "sp", q, f.os.sp);
    r.Bool(*os, "sp6a", q, f.os.sp6a);
    r.Str(*os, "kernel", q, f.os.kernel);
    r.Bool(*os, "multiprocessor", q, f.os.multiprocessor);
    r.Bool(*os, "terminal_server", q, f.os.terminal_server);
    r.Enum(*os, "arch", q, 8, inventory::ArchName, f.os.arch);
    r.Str(*os, "arch_from", q, f.os.arch_from);
    r.Str(*os, "edition", q, f.os.edition);
    ReadSource(r, *os, q, f.os.from);
  }
  if (const json* b = r.Member(o, "boots", p)) {
    const std::string q = p + ".boots";
    r.Num(*b, "boots", q, f.boots.boots);
    r.Num(*b, "clean_shutdowns", q, f.boots.clean_shutdowns);
    r.Num(*b, "unexpected_shutdowns", q, f.boots.unexpected_shutdowns);
    r.Time(*b, "last_boot", q, f.boots.last_boot);
  }
  r.Each(o, "hotfixes", p, [&](const json& h, const std::string& q) {
    inventory::HotfixFact x;
    r.Str(h, "id", q, x.id);
    r.Str(h, "description", q, x.description);
    r.Str(h, "installed_on", q, x.installed_on);
    ReadSource(r, h, q, x.from);
    f.hotfixes.push_back(std::move(x));
  });
  r.Each(o, "files", p, [&](const json& h, const std::string& q) {
    inventory::FileFact x;
    r.Str(h, "name", q, x.name);
    r.Str(h, "path", q, x.path);
    x.has_size = r.Member(h, "size", q) != nullptr;
    r.Num(h, "size", q, x.size);
    x.has_version = r.Member(h, "file_version", q) != nullptr;
    r.Str(h, "file_version", q, x.file_version);
    r.Str(h, "product_version", q, x.product_version);
    x.has_time = r.Member(h, "time", q) != nullptr;
    r.Time(h, "time", q, x.time);
    x.has_pe_timestamp = r.Member(h, "pe_timestamp", q) != nullptr;
    r.Num(h, "pe_timestamp", q, x.pe_timestamp);
    r.Enum(h, "arch", q, 8, inventory::ArchName, x.arch);
    ReadSource(r, h, q, x.from);
    f.files.push_back(std::move(x));
  });
  r.Bool(o, "has_hotfix_inventory", p, f.has_hotfix_inventory);
  r.Bool(o, "has_file_inventory", p, f.has_file_inventory);
  r.Strings(o, "inventory_sources", p, f.inventory_sources);
  r.Strings(o, "products", p, f.products);
  r.Bool(o, "has_product_inventory", p, f.has_product_inventory);
}

void ReadMatch(Reader& r, const json& o, const std::string& p,
               const std::map<std::string, uint32_t>& file_ids, rules::Match& m) {
  r.Str(o, "rule_id", p, m.rule_id);
  r.Str(o, "title", p, m.title);
  r.Str(o, "kb", p, m.kb);
  r.Str(o, "cause", p, m.cause);
  r.Enum(o, "severity", p, 5, rules::RuleSeverityName, m.severity);
  r.Str(o, "host", p, m.host);
  r.Time(o, "first_time", p, m.first_time);
  r.Time(o, "last_time", p, m.last_time);
  r.Num(o, "count", p, m.count);
  ReadCaptures(r, o, "captures", p, m.captures);
  r.Bool(o, "imported", p, m.imported);
  r.Each(o, "evidence", p, [&](const json& e, const std::string& q) {
    rules::EvidenceRef x;
    std::string file;
    r.Str(e, "file", q, file);
    auto it = file_ids.find(file);
    x.where.file_id = it == file_ids.end() ? ~uint32_t{0} : it->second;
    if (r.Member(e, "offset", q) != nullptr) r.Num(e, "offset", q, x.where.offset);
    r.Num(e, "line", q, x.where.line);
    r.Num(e, "record_id", q, x.record_id);
    r.Time(e, "time", q, x.time);
    r.Num(e, "event_id", q, x.event_id);
    r.Str(e, "provider", q, x.provider);
    r.Str(e, "channel", q, x.channel);
    r.Str(e, "message", q, x.message);
    ReadCaptures(r, e, "captures", q, x.captures);
    r.Str(e, "step", q, x.step);
    r.Str(e, "matched_text", q, x.matched);
    m.evidence.push_back(std::move(x));
  });
}

void ReadHost(Reader& r, const json& o, const std::string& p,
              const std::map<std::string, uint32_t>& file_ids, advisor::HostReport& h) {
  r.Str(o, "host", p, h.host);
  if (const json* st = o.contains("status") ? &o["status"] : nullptr; st && *st == "clean") {
    h.overall = advisor::FixStatus::kFixed;  // a host without findings (HostStatusName)
  } else {
    r.Enum(o, "status", p, 4, advisor::FixStatusName, h.overall);
  }
  r.Num(o, "events_read", p, h.events_read);
  r.Str(o, "platform", p, h.platform);
  r.Str(o, "platform_how", p, h.platform_how);
  r.Strings(o, "files", p, h.files);
  if (const json* f = r.Member(o, "facts", p)) ReadFacts(r, *f, p + ".facts", h.facts);
  r.Each(o, "findings", p, [&](const json& fj, const std::string& q) {
    advisor::Finding f;
    r.Str(fj, "article", q, f.article);
    r.Str(fj, "title", q, f.title);
    r.Str(fj, "cause_id", q, f.cause_id);
    r.Str(fj, "cause", q, f.cause);
    r.Str(fj, "why_this_cause", q, f.why_this_cause);
    r.Str(fj, "tells_apart", q, f.tells_apart);
    r.Enum(fj, "severity", q, 5, rules::RuleSeverityName, f.severity);
    r.Enum(fj, "status", q, 4, advisor::FixStatusName, f.status);
    r.Str(fj, "status_reason", q, f.status_reason);
    r.Str(fj, "applies", q, f.applies);
    r.Str(fj, "applies_reason", q, f.applies_reason);
    r.Strings(fj, "conditions", q, f.conditions);
    r.Str(fj, "workaround", q, f.workaround);
    r.Str(fj, "workaround_note", q, f.workaround_note);
    r.Str(fj, "to_collect", q, f.to_collect);
    r.Bool(fj, "imported", q, f.imported);
    r.Each(fj, "matches", q, [&](const json& mj, const std::string& mq) {
      rules::Match m;
      ReadMatch(r, mj, mq, file_ids, m);
      f.matches.push_back(std::move(m));
    });
    r.Each(fj, "checks", q, [&](const json& cj, const std::string& cq) {
      advisor::CheckResult c;
      r.Str(cj, "package", cq, c.package);
      r.Str(cj, "kind", cq, c.kind);
      r.Str(cj, "target", cq, c.target);
      r.Str(cj, "platform", cq, c.platform);
      r.Str(cj, "required", cq, c.required);
      r.Str(cj, "found", cq, c.found);
      r.Str(cj, "evidence", cq, c.evidence);
      r.Enum(cj, "verdict", cq, 5, advisor::VerdictName, c.verdict);
      r.Str(cj, "reason", cq, c.reason);
      r.Str(cj, "to_collect", cq, c.to_collect);
      f.checks.push_back(std::move(c));
    });
    h.findings.push_back(std::move(f));
  });
  r.Each(o, "plan", p, [&](const json& sj, const std::string& q) {
    advisor::PlanStep s;
    r.Num(sj, "order", q, s.order);
    r.Enum(sj, "kind", q, 5, advisor::StepKindName, s.kind);
    r.Str(sj, "package", q, s.package);
    r.Str(sj, "title", q, s.title);
    r.Str(sj, "why", q, s.why);
    r.Strings(sj, "for_articles", q, s.for_articles);
    r.Strings(sj, "covers", q, s.covers);
    h.plan.push_back(std::move(s));
  });
}

}  // namespace

nlohmann::ordered_json FindingToJson(const advisor::Finding& f, const std::vector<FileEntry>& files) {
  json matches = json::array();
  for (const rules::Match& m : f.matches) matches.push_back(MatchJson(m, files));
  json checks = json::array();
  for (const advisor::CheckResult& c : f.checks) checks.push_back(CheckJson(c));
  json j = {{"article", f.article},
            {"title", f.title},
            {"cause_id", f.cause_id},
            {"cause", f.cause},
            {"why_this_cause", f.why_this_cause},
            {"tells_apart", f.tells_apart},
            {"severity", std::string(rules::RuleSeverityName(f.severity))},
            {"status", std::string(advisor::FixStatusName(f.status))},
            {"status_reason", f.status_reason},
            {"applies", f.applies},
            {"applies_reason", f.applies_reason},
            {"conditions", f.conditions},
            {"workaround", f.workaround},
            {"workaround_note", f.workaround_note},
            {"to_collect", f.to_collect},
            {"matches", std::move(matches)},
            {"checks", std::move(checks)}};
  // A possible article (imported from the KB archive): present only then, so hand-written
  // results keep their exact bytes (docs/output.md).
  if (f.imported) {
    j["imported"] = true;
    j["confidence"] = "possible";
  }
  return j;
}

nlohmann::ordered_json HostToJson(const advisor::HostReport& h, const std::vector<FileEntry>& files) {
  json findings = json::array();
  for (const advisor::Finding& f : h.findings) findings.push_back(FindingToJson(f, files));
  json plan = json::array();
  for (const advisor::PlanStep& s : h.plan) plan.push_back(StepJson(s));
  return {{"host", h.host},
          {"status", std::string(advisor::HostStatusName(h))},
          {"events_read", h.events_read},
          {"files", h.files},
          {"platform", h.platform},
          {"platform_how", h.platform_how},
          {"facts", FactsJson(h.facts)},
          {"findings", std::move(findings)},
          {"plan", std::move(plan)}};
}

nlohmann::ordered_json DiagnosticToJson(const Diagnostic& d) {
  static constexpr const char* kSeverity[] = {"note", "warning", "error"};
  json j = {{"severity", kSeverity[static_cast<int>(d.severity) % 3]}, {"file", d.file}};
  j["offset"] = d.offset == kNoOffset ? json(nullptr) : json(d.offset);
  j["line"] = d.line;
  j["structure"] = d.structure;
  j["what"] = d.what;
  j["bytes_dropped"] = d.bytes_dropped;
  j["records_dropped"] = d.records_dropped;
  j["text"] = d.ToString();
  return j;
}

nlohmann::ordered_json FileToJson(const FileEntry& f) {
  return {{"path", f.path},
          {"format", f.format},
          {"status", std::string(FileStatusName(f.status))},
          {"bytes", f.bytes},
          {"events", f.events},
          {"events_damaged", f.events_damaged},
          {"events_recovered", f.events_recovered}};
}

nlohmann::ordered_json StatsToJson(const RunStats& s) {
  nlohmann::ordered_json j = {{"files_read", s.files_read},
          {"files_failed", s.files_failed},
          {"files_skipped", s.files_skipped},
          {"bytes_read", s.bytes_read},
          {"events_read", s.events_read},
          {"events_damaged", s.events_damaged},
          {"events_recovered", s.events_recovered},
          {"diagnostics_error", s.diagnostics_error},
          {"diagnostics_warning", s.diagnostics_warning},
          {"hosts", s.hosts},
          {"hosts_needing_action", s.hosts_needing_action},
          {"hosts_unknown", s.hosts_unknown},
          {"hosts_fixed", s.hosts_fixed},
          {"hosts_informational", s.hosts_informational},
          {"hosts_clean", s.hosts_clean},
          {"cancelled", s.cancelled}};
  // Only an interrupted run has files it never opened (keeps complete reports unchanged).
  if (s.cancelled) j["files_not_read"] = s.files_not_read;
  return j;
}

nlohmann::ordered_json RunInfoToJson(const RunInfo& info) {
  nlohmann::ordered_json run = {{"tool", {{"name", "logrx"}, {"version", info.tool_version}}},
                                {"inputs", info.inputs},
                                {"shard", info.shard}};
  // Shards carry what `logrx merge` checks: the same rules and KB in every part.
  if (!info.shard.empty()) {
    run["rules"] = info.rules_digest;
    run["kb"] = info.kb_digest;
  }
  return run;
}

nlohmann::ordered_json FleetToJson(const FleetSummary& fleet) {
  json articles = json::array();
  for (const ArticleTally& a : fleet.articles) {
    articles.push_back({{"article", a.article},
                        {"title", a.title},
                        {"hosts_affected", a.affected},
                        {"hosts_unknown", a.unknown},
                        {"hosts_fixed", a.fixed},
                        {"hosts_informational", a.informational},
                        {"affected", a.hosts_affected},
                        {"unknown", a.hosts_unknown}});
  }
  json packages = json::array();
  for (const PackageTally& p : fleet.packages) {
    packages.push_back({{"package", p.package},
                        {"title", p.title},
                        {"hosts_to_install", p.to_install},
                        {"hosts_unknown", p.unknown},
                        {"hosts_fixed", p.fixed},
                        {"to_install", p.hosts_to_install},
                        {"unknown", p.hosts_unknown}});
  }
  return {{"articles", std::move(articles)}, {"packages", std::move(packages)}};
}

std::string DumpJson(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

Result<RunDocument> ParseRunDocument(std::string_view text, std::string_view display_name) {
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument(fmt::format("{}: not a JSON document", display_name));
  }
  auto v = doc.find("schema_version");
  if (v == doc.end() || !v->is_number_integer() || v->get<int64_t>() != kSchemaVersion) {
    return Status::InvalidArgument(fmt::format(
        "{}: not logrx JSON of schema_version {} (was it written by --format json?)",
        display_name, kSchemaVersion));
  }
  // A logrx report always has these; `{"schema_version":1}` alone is not a report.
  for (const char* key : {"run", "files", "hosts", "diagnostics", "summary"}) {
    if (doc.find(key) == doc.end()) {
      return Status::InvalidArgument(
          fmt::format("{}: not a logrx report: no \"{}\" member", display_name, key));
    }
  }
  Reader r;
  RunDocument out;
  if (const json* run = r.Member(doc, "run", "$")) {
    r.Strings(*run, "inputs", "$.run", out.info.inputs);
    r.Str(*run, "shard", "$.run", out.info.shard);
    r.Str(*run, "rules", "$.run", out.info.rules_digest);
    r.Str(*run, "kb", "$.run", out.info.kb_digest);
    if (const json* tool = r.Member(*run, "tool", "$.run")) {
      r.Str(*tool, "version", "$.run.tool", out.info.tool_version);
    }
  }
  std::map<std::string, uint32_t> file_ids;
  r.Each(doc, "files", "$", [&](const json& fj, const std::string& p) {
    FileEntry f;
    r.Str(fj, "path", p, f.path);
    r.Str(fj, "format", p, f.format);
    std::string status;
    r.Str(fj, "status", p, status);
    f.status = status == "failed"     ? FileStatus::kFailed
               : status == "skipped"  ? FileStatus::kSkipped
               : status == "not-read" ? FileStatus::kNotRead
                                      : FileStatus::kRead;
    r.Num(fj, "bytes", p, f.bytes);
    r.Num(fj, "events", p, f.events);
    r.Num(fj, "events_damaged", p, f.events_damaged);
    r.Num(fj, "events_recovered", p, f.events_recovered);
    file_ids.emplace(f.path, static_cast<uint32_t>(out.info.files.size()));
    out.info.files.push_back(std::move(f));
  });
  r.Each(doc, "hosts", "$", [&](const json& hj, const std::string& p) {
    advisor::HostReport h;
    ReadHost(r, hj, p, file_ids, h);
    out.hosts.push_back(std::move(h));
  });
  r.Each(doc, "diagnostics", "$", [&](const json& dj, const std::string& p) {
    Diagnostic d;
    std::string sev;
    r.Str(dj, "severity", p, sev);
    d.severity = sev == "note" ? Severity::kNote
                 : sev == "warning" ? Severity::kWarning
                                    : Severity::kError;
    r.Str(dj, "file", p, d.file);
    if (r.Member(dj, "offset", p) != nullptr) r.Num(dj, "offset", p, d.offset);
    r.Num(dj, "line", p, d.line);
    r.Str(dj, "structure", p, d.structure);
    r.Str(dj, "what", p, d.what);
    r.Num(dj, "bytes_dropped", p, d.bytes_dropped);
    r.Num(dj, "records_dropped", p, d.records_dropped);
    out.diagnostics.push_back(std::move(d));
  });
  if (const json* s = r.Member(doc, "summary", "$")) r.Bool(*s, "cancelled", "$.summary", out.stats.cancelled);
  if (!r.error.empty()) {
    return Status::InvalidArgument(fmt::format("{}: {}", display_name, r.error));
  }
  out.stats = ComputeStats(out.info.files, out.hosts, out.diagnostics, out.stats.cancelled);
  return out;
}

}  // namespace logrx::report
