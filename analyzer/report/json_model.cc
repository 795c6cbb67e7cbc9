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

// ---- one member list per object shape ------------------------------------------------
//
// Each `Members(io, x)` below lists the members of one JSON object in output order, once
// for both directions: with a JsonOut it writes them, with a JsonIn it reads them back
// leniently (a missing member keeps the default). Writer and reader therefore cannot
// drift apart. Members that only one direction has (derived text such as "matched_text"
// of a match) stay with the public functions that add them.

// Writes members in call order. `files` resolves evidence file ids to paths.
class JsonOut {
 public:
  static constexpr bool kWrites = true;
  explicit JsonOut(const std::vector<FileEntry>* files) : files_(files) {}

  void Str(const char* k, const std::string& v) { j_[k] = v; }
  template <typename N>
  void Num(const char* k, N v) { j_[k] = v; }
  void Bool(const char* k, bool v) { j_[k] = v; }
  void Time(const char* k, int64_t t) { j_[k] = TimeJson(t); }
  void Strings(const char* k, const std::vector<std::string>& v) { j_[k] = v; }
  template <typename E, typename NameFn>
  void Enum(const char* k, int /*count*/, NameFn name, E v) { j_[k] = std::string(name(v)); }
  // null when the value is `none` (an offset the record does not have).
  void Offset(const char* k, uint64_t v) { j_[k] = v == kNoOffset ? json(nullptr) : json(v); }
  // null when `has` is false, else whatever `write` writes under k.
  template <typename Fn>
  void Optional(const char* k, bool has, Fn&& write) {
    if (has) {
      write();
    } else {
      j_[k] = nullptr;
    }
  }
  // Written only when set, so results without it keep their exact bytes.
  void StrIfSet(const char* k, const std::string& v) {
    if (!v.empty()) j_[k] = v;
  }
  void FileRef(const char* k, uint32_t id) {
    j_[k] = files_ != nullptr ? FilePath(id, *files_) : std::string();
  }
  void HostStatus(const char* k, const advisor::HostReport& h) {
    j_[k] = std::string(advisor::HostStatusName(h));
  }
  template <typename T>
  void Object(const char* k, const T& x) {
    JsonOut sub(files_);
    Members(sub, x);
    j_[k] = std::move(sub.j_);
  }
  template <typename T>
  void Array(const char* k, const std::vector<T>& v) {
    json a = json::array();
    for (const T& x : v) a.push_back(Write(x, files_));
    j_[k] = std::move(a);
  }

  json& j() { return j_; }

  template <typename T>
  static json Write(const T& x, const std::vector<FileEntry>* files) {
    JsonOut out(files);
    Members(out, x);
    return std::move(out.j_);
  }

 private:
  const std::vector<FileEntry>* files_;
  json j_ = json::object();
};

// Reads members of the object `o` at `path` ("$.hosts[0]"); the first problem lands in
// `r.error`. `file_ids` maps evidence file paths back to ids of the document's file table.
class JsonIn {
 public:
  static constexpr bool kWrites = false;
  JsonIn(Reader& r, const json& o, std::string path,
         const std::map<std::string, uint32_t>* file_ids)
      : r_(r), o_(o), p_(std::move(path)), file_ids_(file_ids) {}

  void Str(const char* k, std::string& v) { r_.Str(o_, k, p_, v); }
  template <typename N>
  void Num(const char* k, N& v) { r_.Num(o_, k, p_, v); }
  void Bool(const char* k, bool& v) { r_.Bool(o_, k, p_, v); }
  void Time(const char* k, int64_t& t) { r_.Time(o_, k, p_, t); }
  void Strings(const char* k, std::vector<std::string>& v) { r_.Strings(o_, k, p_, v); }
  template <typename E, typename NameFn>
  void Enum(const char* k, int count, NameFn name, E& v) { r_.Enum(o_, k, p_, count, name, v); }
  void Offset(const char* k, uint64_t& v) {
    if (r_.Member(o_, k, p_) != nullptr) r_.Num(o_, k, p_, v);
  }
  template <typename Fn>
  void Optional(const char* k, bool& has, Fn&& read) {
    has = r_.Member(o_, k, p_) != nullptr;
    read();
  }
  void StrIfSet(const char* k, std::string& v) { Str(k, v); }
  void FileRef(const char* k, uint32_t& id) {
    std::string file;
    Str(k, file);
    id = ~uint32_t{0};  // a path the file table does not list
    if (file_ids_ == nullptr) return;
    auto it = file_ids_->find(file);
    if (it != file_ids_->end()) id = it->second;
  }
  void HostStatus(const char* k, advisor::HostReport& h) {
    const auto it = o_.find(k);
    if (it != o_.end() && *it == "clean") {
      h.overall = advisor::FixStatus::kFixed;  // a host without findings (HostStatusName)
    } else {
      Enum(k, 4, advisor::FixStatusName, h.overall);
    }
  }
  template <typename T>
  void Object(const char* k, T& x) {
    if (const json* v = r_.Member(o_, k, p_)) {
      JsonIn sub(r_, *v, p_ + "." + k, file_ids_);
      Members(sub, x);
    }
  }
  template <typename T>
  void Array(const char* k, std::vector<T>& v) {
    r_.Each(o_, k, p_, [&](const json& e, const std::string& q) {
      T x;
      JsonIn sub(r_, e, q, file_ids_);
      Members(sub, x);
      v.push_back(std::move(x));
    });
  }

 private:
  Reader& r_;
  const json& o_;
  std::string p_;
  const std::map<std::string, uint32_t>* file_ids_;
};

// `x` is const when writing, mutable when reading.
template <typename T, typename Io>
using Like = std::conditional_t<Io::kWrites, const T, T>;

template <typename Io>
void Members(Io& io, Like<rules::Capture, Io>& c) {
  io.Str("name", c.name);
  io.Str("value", c.value);
}

template <typename Io>
void Members(Io& io, Like<rules::EvidenceRef, Io>& e) {
  io.FileRef("file", e.where.file_id);
  io.Offset("offset", e.where.offset);
  io.Num("line", e.where.line);
  io.Num("record_id", e.record_id);
  io.Time("time", e.time);
  io.Num("event_id", e.event_id);
  io.Str("provider", e.provider);
  io.Str("channel", e.channel);
  io.Str("message", e.message);
  io.Array("captures", e.captures);
  io.Str("step", e.step);
  // Imported rules only (docs/output.md): what their message pattern matched.
  io.StrIfSet("matched_text", e.matched);
}

template <typename Io>
void Members(Io& io, Like<rules::Match, Io>& m) {
  io.Str("rule_id", m.rule_id);
  io.Str("title", m.title);
  io.Str("kb", m.kb);
  io.Str("cause", m.cause);
  io.Enum("severity", 5, rules::RuleSeverityName, m.severity);
  io.Str("host", m.host);
  io.Time("first_time", m.first_time);
  io.Time("last_time", m.last_time);
  io.Num("count", m.count);
  io.Array("captures", m.captures);
  if constexpr (!Io::kWrites) io.Bool("imported", m.imported);
  io.Array("evidence", m.evidence);
  // Written last and only for imported rules, so hand-written results keep their exact
  // bytes; the matched text is derived from the evidence, so only "imported" is read back.
  if constexpr (Io::kWrites) {
    if (m.imported) {
      io.Bool("imported", true);
      io.j()["matched_text"] = advisor::MatchedText(m);
    }
  }
}

template <typename Io>
void Members(Io& io, Like<advisor::CheckResult, Io>& c) {
  io.Str("package", c.package);
  io.Str("kind", c.kind);
  io.Str("target", c.target);
  io.Str("platform", c.platform);
  io.Str("required", c.required);
  io.Str("found", c.found);
  io.Str("evidence", c.evidence);
  io.Enum("verdict", 5, advisor::VerdictName, c.verdict);
  io.Str("reason", c.reason);
  io.Str("to_collect", c.to_collect);
}

template <typename Io>
void Members(Io& io, Like<advisor::PlanStep, Io>& s) {
  io.Num("order", s.order);
  io.Enum("kind", 5, advisor::StepKindName, s.kind);
  io.Str("package", s.package);
  io.Str("title", s.title);
  io.Str("why", s.why);
  io.Strings("for_articles", s.for_articles);
  io.Strings("covers", s.covers);
}

template <typename Io>
void Members(Io& io, Like<inventory::FactSource, Io>& f) {
  io.Str("file", f.file);
  io.Num("line", f.line);
  io.Num("record_id", f.record_id);
  io.Str("detail", f.detail);
}

template <typename Io>
void Members(Io& io, Like<inventory::OsFacts, Io>& o) {
  io.Bool("known", o.known);
  io.Str("product", o.product);
  io.Str("version", o.version);
  io.Str("build", o.build);
  io.Str("csd", o.csd);
  io.Num("sp", o.sp);
  io.Bool("sp6a", o.sp6a);
  io.Str("kernel", o.kernel);
  io.Bool("multiprocessor", o.multiprocessor);
  io.Bool("terminal_server", o.terminal_server);
  io.Enum("arch", 8, inventory::ArchName, o.arch);
  io.Str("arch_from", o.arch_from);
  io.Str("edition", o.edition);
  io.Object("from", o.from);
}

template <typename Io>
void Members(Io& io, Like<inventory::BootFacts, Io>& b) {
  io.Num("boots", b.boots);
  io.Num("clean_shutdowns", b.clean_shutdowns);
  io.Num("unexpected_shutdowns", b.unexpected_shutdowns);
  io.Time("last_boot", b.last_boot);
}

template <typename Io>
void Members(Io& io, Like<inventory::HotfixFact, Io>& h) {
  io.Str("id", h.id);
  io.Str("description", h.description);
  io.Str("installed_on", h.installed_on);
  io.Object("from", h.from);
}

template <typename Io>
void Members(Io& io, Like<inventory::FileFact, Io>& x) {
  io.Str("name", x.name);
  io.Str("path", x.path);
  io.Optional("size", x.has_size, [&] { io.Num("size", x.size); });
  io.Optional("file_version", x.has_version, [&] { io.Str("file_version", x.file_version); });
  io.Str("product_version", x.product_version);
  io.Optional("time", x.has_time, [&] { io.Time("time", x.time); });
  io.Optional("pe_timestamp", x.has_pe_timestamp, [&] { io.Num("pe_timestamp", x.pe_timestamp); });
  io.Enum("arch", 8, inventory::ArchName, x.arch);
  io.Object("from", x.from);
}

template <typename Io>
void Members(Io& io, Like<inventory::HostFacts, Io>& f) {
  io.Str("host", f.host);
  io.Object("os", f.os);
  io.Object("boots", f.boots);
  io.Array("hotfixes", f.hotfixes);
  io.Array("files", f.files);
  io.Bool("has_hotfix_inventory", f.has_hotfix_inventory);
  io.Bool("has_file_inventory", f.has_file_inventory);
  io.Strings("inventory_sources", f.inventory_sources);
  io.Strings("products", f.products);
  io.Bool("has_product_inventory", f.has_product_inventory);
}

template <typename Io>
void Members(Io& io, Like<advisor::Finding, Io>& f) {
  io.Str("article", f.article);
  io.Str("title", f.title);
  io.Str("cause_id", f.cause_id);
  io.Str("cause", f.cause);
  io.Str("why_this_cause", f.why_this_cause);
  io.Str("tells_apart", f.tells_apart);
  io.Enum("severity", 5, rules::RuleSeverityName, f.severity);
  io.Enum("status", 4, advisor::FixStatusName, f.status);
  io.Str("status_reason", f.status_reason);
  io.Str("applies", f.applies);
  io.Str("applies_reason", f.applies_reason);
  io.Strings("conditions", f.conditions);
  io.Str("workaround", f.workaround);
  io.Str("workaround_note", f.workaround_note);
  io.Str("to_collect", f.to_collect);
  if constexpr (!Io::kWrites) io.Bool("imported", f.imported);
  io.Array("matches", f.matches);
  io.Array("checks", f.checks);
  // A possible article (imported from the KB archive): written last and only then, so
  // hand-written results keep their exact bytes (docs/output.md).
  if constexpr (Io::kWrites) {
    if (f.imported) {
      io.Bool("imported", true);
      io.Str("confidence", "possible");
    }
  }
}

template <typename Io>
void Members(Io& io, Like<advisor::HostReport, Io>& h) {
  io.Str("host", h.host);
  io.HostStatus("status", h);
  io.Num("events_read", h.events_read);
  io.Strings("files", h.files);
  io.Str("platform", h.platform);
  io.Str("platform_how", h.platform_how);
  io.Object("facts", h.facts);
  io.Array("findings", h.findings);
  io.Array("plan", h.plan);
}

}  // namespace

nlohmann::ordered_json FindingToJson(const advisor::Finding& f, const std::vector<FileEntry>& files) {
  return JsonOut::Write(f, &files);
}

nlohmann::ordered_json HostToJson(const advisor::HostReport& h, const std::vector<FileEntry>& files) {
  return JsonOut::Write(h, &files);
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
    JsonIn in(r, hj, p, &file_ids);
    Members(in, h);
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
