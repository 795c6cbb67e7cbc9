// --format json: one document per run, written as it goes (a host at a time) so a large
// fleet never sits in memory as one JSON tree. Layout: docs/output.md.
#include <fmt/format.h>

#include "report/fleet_summary.h"
#include "report/json_model.h"
#include "report/sinks.h"

namespace logrx::report {

namespace {

// Dumps `j` with 2-space indent, nested `depth` levels deep inside the document.
void AppendIndented(std::string& o, const nlohmann::ordered_json& j, int depth) {
  const std::string text = DumpJson(j, 2);
  const std::string pad(static_cast<size_t>(depth) * 2, ' ');
  o += pad;
  for (char c : text) {
    o += c;
    if (c == '\n') o += pad;
  }
}

class JsonSink final : public Sink {
 public:
  explicit JsonSink(Output& out) : out_(out) {}

  void Begin(const RunInfo& info) override {
    files_ = info.files;
    std::string& o = out_.buffer();
    fmt::format_to(std::back_inserter(o), "{{\n  \"schema_version\": {},\n  \"run\": ",
                   kSchemaVersion);
    std::string run = DumpJson(RunInfoToJson(info), 2);
    for (char c : run) {
      o += c;
      if (c == '\n') o += "  ";
    }
    o += ",\n  \"files\": [";
    for (size_t i = 0; i < info.files.size(); ++i) {
      o += i == 0 ? "\n" : ",\n";
      AppendIndented(o, FileToJson(info.files[i]), 2);
    }
    o += info.files.empty() ? "],\n  \"hosts\": [" : "\n  ],\n  \"hosts\": [";
    out_.Flush();
  }

  void OnHost(const advisor::HostReport& h) override {
    fleet_.Add(h);
    std::string& o = out_.buffer();
    o += hosts_ == 0 ? "\n" : ",\n";
    ++hosts_;
    AppendIndented(o, HostToJson(h, files_), 2);
    out_.Flush();
  }

  void OnDiagnostic(const Diagnostic& d) override { diags_.push_back(d); }

  void End(const RunStats& s) override {
    std::string& o = out_.buffer();
    o += hosts_ == 0 ? "],\n  \"diagnostics\": [" : "\n  ],\n  \"diagnostics\": [";
    for (size_t i = 0; i < diags_.size(); ++i) {
      o += i == 0 ? "\n" : ",\n";
      AppendIndented(o, DiagnosticToJson(diags_[i]), 2);
    }
    o += diags_.empty() ? "],\n  \"fleet\": " : "\n  ],\n  \"fleet\": ";
    std::string fleet = DumpJson(FleetToJson(fleet_.Finish()), 2);
    for (char c : fleet) {
      o += c;
      if (c == '\n') o += "  ";
    }
    o += ",\n  \"summary\": ";
    std::string stats = DumpJson(StatsToJson(s), 2);
    for (char c : stats) {
      o += c;
      if (c == '\n') o += "  ";
    }
    o += "\n}\n";
    out_.Flush();
  }

 private:
  Output& out_;
  std::vector<FileEntry> files_;
  std::vector<Diagnostic> diags_;
  FleetAccumulator fleet_;
  size_t hosts_ = 0;
};

// --format jsonl: one {"type": ..., "data": {...}} object per line.
class JsonLinesSink final : public Sink {
 public:
  explicit JsonLinesSink(Output& out) : out_(out) {}

  void Begin(const RunInfo& info) override {
    files_ = info.files;
    nlohmann::ordered_json data = {{"schema_version", kSchemaVersion}};
    const nlohmann::ordered_json run = RunInfoToJson(info);
    for (auto it = run.begin(); it != run.end(); ++it) data[it.key()] = *it;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const FileEntry& f : info.files) files.push_back(FileToJson(f));
    data["files"] = std::move(files);
    Line("begin", std::move(data));
  }

  void OnHost(const advisor::HostReport& h) override {
    fleet_.Add(h);
    nlohmann::ordered_json host = HostToJson(h, files_);
    host.erase("findings");
    host["findings"] = h.findings.size();
    Line("host", std::move(host));
    ++hosts_;
    for (const advisor::Finding& f : h.findings) {
      nlohmann::ordered_json data = {{"host", h.host},
                                     {"host_status", std::string(advisor::HostStatusName(h))}};
      const nlohmann::ordered_json finding = FindingToJson(f, files_);
      for (auto it = finding.begin(); it != finding.end(); ++it) data[it.key()] = *it;
      Line("finding", std::move(data));
      ++findings_;
    }
  }

  void OnDiagnostic(const Diagnostic& d) override {
    Line("diagnostic", DiagnosticToJson(d));
    ++diagnostics_;
  }

  void End(const RunStats& s) override {
    Line("summary", {{"fleet", FleetToJson(fleet_.Finish())}, {"stats", StatsToJson(s)}});
    Line("end", {{"hosts", hosts_}, {"findings", findings_}, {"diagnostics", diagnostics_}});
    out_.Flush();
  }

 private:
  void Line(std::string_view type, nlohmann::ordered_json data) {
    nlohmann::ordered_json line = {{"type", std::string(type)}, {"data", std::move(data)}};
    out_.Append(DumpJson(line, -1));
    out_.Append('\n');
  }

  Output& out_;
  std::vector<FileEntry> files_;
  FleetAccumulator fleet_;
  uint64_t hosts_ = 0;
  uint64_t findings_ = 0;
  uint64_t diagnostics_ = 0;
};

}  // namespace

std::unique_ptr<Sink> NewJsonSink(Output& out) { return std::make_unique<JsonSink>(out); }
std::unique_ptr<Sink> NewJsonLinesSink(Output& out) {
  return std::make_unique<JsonLinesSink>(out);
}

}  // namespace logrx::report
