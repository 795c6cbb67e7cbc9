// --format csv: one row per (host, finding); a host without findings gets one row with
// empty finding columns. RFC 4180 quoting, formula cells neutralised (report/escape.h).
// Diagnostics are not rows (the CLI prints them on stderr); the last columns are stable.
#include <fmt/format.h>

#include "core/time.h"
#include "report/escape.h"
#include "report/sinks.h"

namespace logrx::report {

namespace {

class CsvSink final : public Sink {
 public:
  explicit CsvSink(Output& out) : out_(out) {}

  void Begin(const RunInfo&) override {
    out_.Append(
        "host,host_status,events_read,os,article,title,cause_id,finding_status,severity,"
        "status_reason,rules,events_matched,first_seen,last_seen,checks,plan,confidence,"
        "matched_text\r\n");
  }

  void OnHost(const advisor::HostReport& h) override {
    std::string os;
    if (h.facts.os.known) {
      os = h.facts.os.product;
      if (!h.facts.os.version.empty()) os += " " + h.facts.os.version;
      if (!h.facts.os.csd.empty()) os += ", " + h.facts.os.csd;
    }
    std::string plan;
    for (const advisor::PlanStep& s : h.plan) {
      if (!plan.empty()) plan += "; ";
      plan += fmt::format("{}. {} {}", s.order, advisor::StepKindName(s.kind),
                          s.package.empty() ? s.title : s.package);
    }
    // A host without findings is "clean" in every report (HostStatusName).
    const std::string prefix =
        fmt::format("{},{},{},{}", CsvCell(h.host),
                    advisor::HostStatusName(h),
                    h.events_read, CsvCell(os));
    if (h.findings.empty()) {
      out_.Append(prefix);
      out_.Append(",,,,,,,,,,,,,,\r\n");
      return;
    }
    for (const advisor::Finding& f : h.findings) {
      std::string rules_list;
      uint64_t matched = 0;
      int64_t first = kNoTime, last = kNoTime;
      for (const rules::Match& m : f.matches) {
        if (!rules_list.empty()) rules_list += ' ';
        rules_list += m.rule_id;
        matched += m.count;
        if (m.first_time != kNoTime && (first == kNoTime || m.first_time < first)) first = m.first_time;
        if (m.last_time != kNoTime && (last == kNoTime || m.last_time > last)) last = m.last_time;
      }
      std::string checks;
      for (const advisor::CheckResult& c : f.checks) {
        if (!checks.empty()) checks += "; ";
        checks += fmt::format("{} {} {}: {}", c.package, c.target, c.platform,
                              advisor::VerdictName(c.verdict));
      }
      // confidence: "possible" for an article imported from the KB archive, with the text
      // its pattern matched; empty for hand-written articles (docs/output.md).
      std::string matched_text;
      for (const rules::Match& m : f.matches) {
        if (matched_text.empty()) matched_text = advisor::MatchedText(m);
      }
      out_.Append(prefix);
      out_.Append(fmt::format(",{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", CsvCell(f.article),
                              CsvCell(f.title), CsvCell(f.cause_id),
                              advisor::FixStatusName(f.status),
                              rules::RuleSeverityName(f.severity), CsvCell(f.status_reason),
                              CsvCell(rules_list), matched, FormatIso8601(first, 0),
                              FormatIso8601(last, 0), CsvCell(checks), CsvCell(plan),
                              f.imported ? "possible" : "", CsvCell(matched_text)));
    }
  }

  void OnDiagnostic(const Diagnostic&) override {}
  void End(const RunStats& s) override {
    // CSV has no room for a footer: an interrupted run ends with one marker row, host
    // "(interrupted)" and host_status "partial" (docs/output.md).
    if (s.cancelled) {
      out_.Append(fmt::format("(interrupted),partial,,,,,,,,{},,,,,,,,\r\n",
                              CsvCell(fmt::format("the run was interrupted: results are partial; "
                                                  "{} file(s) not read", s.files_not_read))));
    }
    out_.Flush();
  }

 private:
  Output& out_;
};

}  // namespace

std::unique_ptr<Sink> NewCsvSink(Output& out) { return std::make_unique<CsvSink>(out); }

}  // namespace logrx::report
