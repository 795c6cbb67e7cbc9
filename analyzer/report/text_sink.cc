// Text for people: one block per host, aligned columns, then the fleet summary, the
// diagnostics and a one-line total. Every event-derived string goes through TerminalSafe.
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "core/time.h"
#include "report/escape.h"
#include "report/fleet_summary.h"
#include "report/sinks.h"

namespace logrx::report {

namespace {

using advisor::FixStatus;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kDim = "\x1b[2m";

std::string Time(int64_t t) { return t == kNoTime ? std::string("-") : FormatIso8601(t, 0); }

// Left-aligned cell padded to `width` display columns (escaping done by the caller).
std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  const size_t w = DisplayWidth(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

class TextSink final : public Sink {
 public:
  TextSink(Output& out, const SinkOptions& options) : out_(out), color_(options.color) {}

  void Begin(const RunInfo& info) override {
    files_ = info.files;
    shard_ = info.shard;
  }

  void OnHost(const advisor::HostReport& h) override {
    fleet_.Add(h);
    std::string& o = out_.buffer();
    const std::string host = TerminalSafe(h.host);
    if (h.findings.empty()) {
      fmt::format_to(std::back_inserter(o), "{}: {} ({} events, {} file{})\n",
                     Paint(kBold, host), Paint(kGreen, "clean"), h.events_read, h.files.size(),
                     h.files.size() == 1 ? "" : "s");
      out_.Flush();
      return;
    }
    fmt::format_to(std::back_inserter(o), "{}: {}\n", Paint(kBold, host), StatusWord(h.overall));
    WriteFacts(h);
    for (const advisor::Finding& f : h.findings) WriteFinding(f);
    if (!h.plan.empty()) {
      o += "  plan\n";
      size_t kind_w = 0, pkg_w = 0;
      for (const advisor::PlanStep& s : h.plan) {
        kind_w = std::max(kind_w, advisor::StepKindName(s.kind).size());
        pkg_w = std::max(pkg_w, DisplayWidth(TerminalSafe(s.package)));
      }
      for (const advisor::PlanStep& s : h.plan) {
        fmt::format_to(std::back_inserter(o), "    {:>2}. {} {} {}", s.order,
                       Pad(advisor::StepKindName(s.kind), kind_w),
                       Pad(TerminalSafe(s.package), pkg_w), TerminalSafe(s.title));
        if (!s.why.empty()) fmt::format_to(std::back_inserter(o), " ({})", TerminalSafe(s.why));
        o += '\n';
      }
    }
    o += '\n';
    out_.Flush();
  }

  void OnDiagnostic(const Diagnostic& d) override { diags_.push_back(d); }

  void End(const RunStats& s) override {
    std::string& o = out_.buffer();
    WriteFleet(fleet_.Finish());
    if (!diags_.empty()) {
      fmt::format_to(std::back_inserter(o), "Diagnostics ({} error{}, {} warning{}, {} note{})\n",
                     s.diagnostics_error, s.diagnostics_error == 1 ? "" : "s",
                     s.diagnostics_warning, s.diagnostics_warning == 1 ? "" : "s",
                     diags_.size() - s.diagnostics_error - s.diagnostics_warning,
                     diags_.size() - s.diagnostics_error - s.diagnostics_warning == 1 ? "" : "s");
      for (const Diagnostic& d : diags_) {
        static constexpr std::string_view kSev[] = {"note   ", "warning", "error  "};
        const std::string_view sev = kSev[static_cast<int>(d.severity) % 3];
        const std::string_view color = d.severity == Severity::kError     ? kRed
                                       : d.severity == Severity::kWarning ? kYellow
                                                                          : kDim;
        fmt::format_to(std::back_inserter(o), "  {} {}\n", Paint(color, sev),
                       TerminalSafe(d.ToString()));
      }
      o += '\n';
    }
    fmt::format_to(std::back_inserter(o),
                   "Summary: {} file{} ({} read, {} failed, {} skipped), {} bytes, {} event{} "
                   "({} damaged, {} recovered); {} host{}: {} need action, {} unknown, {} fixed, "
                   "{} informational, {} clean{}{}\n",
                   s.files_read + s.files_failed + s.files_skipped,
                   s.files_read + s.files_failed + s.files_skipped == 1 ? "" : "s", s.files_read,
                   s.files_failed, s.files_skipped, s.bytes_read, s.events_read,
                   s.events_read == 1 ? "" : "s", s.events_damaged, s.events_recovered, s.hosts,
                   s.hosts == 1 ? "" : "s", s.hosts_needing_action, s.hosts_unknown,
                   s.hosts_fixed, s.hosts_informational, s.hosts_clean, shard_.empty() ? "" : "; shard ",
                   TerminalSafe(shard_));
    if (s.cancelled) o += "Interrupted: the results above are partial.\n";
    out_.Flush();
  }

 private:
  std::string Paint(std::string_view color, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("{}{}{}", color, text, kReset);
  }

  std::string StatusWord(FixStatus s) const {
    const std::string_view name = advisor::FixStatusName(s);
    switch (s) {
      case FixStatus::kNeedsAction: return Paint(kRed, name);
      case FixStatus::kUnknown: return Paint(kYellow, name);
      case FixStatus::kFixed: return Paint(kGreen, name);
      case FixStatus::kInformational: return Paint(kDim, name);
    }
    return std::string(name);
  }

  std::string FileName(uint32_t id) const {
    return id < files_.size() ? TerminalSafe(files_[id].path) : std::string("?");
  }

  void WriteFacts(const advisor::HostReport& h) {
    std::string& o = out_.buffer();
    const inventory::OsFacts& os = h.facts.os;
    if (os.known) {
      std::string line = TerminalSafe(os.product);
      // Appended piece by piece: `" " + TerminalSafe(..)` trips GCC 12's false -Wrestrict
      // at -O3 (PR105329) in the Release build.
      if (!os.version.empty()) line.append(" ").append(TerminalSafe(os.version));
      if (!os.build.empty()) line.append(" build ").append(TerminalSafe(os.build));
      if (!os.csd.empty()) line.append(", ").append(TerminalSafe(os.csd));
      if (os.sp6a) line += " (SP6a proven)";
      if (os.arch != inventory::Arch::kUnknown) {
        line += ", ";
        line += inventory::ArchName(os.arch);
      }
      fmt::format_to(std::back_inserter(o), "  os       {}\n", line);
    } else {
      o += "  os       unknown\n";
    }
    std::string files;
    for (const std::string& f : h.files) {
      if (!files.empty()) files += ", ";
      files += TerminalSafe(f);
    }
    fmt::format_to(std::back_inserter(o), "  events   {} from {}\n", h.events_read, files);
    if (!h.facts.inventory_sources.empty()) {
      std::string inv;
      for (const std::string& f : h.facts.inventory_sources) {
        if (!inv.empty()) inv += ", ";
        inv += TerminalSafe(f);
      }
      fmt::format_to(std::back_inserter(o), "  facts    {}\n", inv);
    }
  }

  void WriteFinding(const advisor::Finding& f) {
    std::string& o = out_.buffer();
    fmt::format_to(std::back_inserter(o), "\n  {}  {}  [{}]  {}\n", Paint(kBold, TerminalSafe(f.article)),
                   StatusWord(f.status), rules::RuleSeverityName(f.severity),
                   TerminalSafe(f.title));
    if (!f.cause_id.empty() || !f.cause.empty()) {
      fmt::format_to(std::back_inserter(o), "    cause    {}{}{}\n", TerminalSafe(f.cause_id),
                     f.cause.empty() ? "" : ": ", TerminalSafe(f.cause));
    }
    if (!f.why_this_cause.empty()) {
      fmt::format_to(std::back_inserter(o), "    why      {}\n", TerminalSafe(f.why_this_cause));
    }
    if (!f.status_reason.empty()) {
      fmt::format_to(std::back_inserter(o), "    status   {}\n", TerminalSafe(f.status_reason));
    }
    for (const rules::Match& m : f.matches) {
      fmt::format_to(std::back_inserter(o), "    matched  {}  {} event{}  {} .. {}\n",
                     TerminalSafe(m.rule_id), m.count, m.count == 1 ? "" : "s",
                     Time(m.first_time), Time(m.last_time));
      for (const rules::Capture& c : m.captures) {
        fmt::format_to(std::back_inserter(o), "             {} = {}\n", TerminalSafe(c.name),
                       TerminalSafe(c.value));
      }
      for (const rules::EvidenceRef& e : m.evidence) {
        std::string where = FileName(e.where.file_id);
        if (e.where.line != 0) {
          fmt::format_to(std::back_inserter(where), ":{}", e.where.line);
        } else if (e.where.offset != kNoOffset) {
          fmt::format_to(std::back_inserter(where), " @0x{:x}", e.where.offset);
        }
        // Text exports carry no record number (record_id 0): say nothing rather than "record 0".
        if (e.record_id != 0) fmt::format_to(std::back_inserter(where), "  record {}", e.record_id);
        fmt::format_to(std::back_inserter(o), "      {}  {}  {}/{}{}{}\n", where, Time(e.time),
                       TerminalSafe(e.provider), e.event_id, e.message.empty() ? "" : "  ",
                       TerminalSafe(e.message));
      }
      if (m.count > m.evidence.size()) {
        fmt::format_to(std::back_inserter(o), "      ... and {} more\n",
                       m.count - m.evidence.size());
      }
    }
    if (f.checks.empty()) return;
    o += "    checks\n";
    size_t pkg_w = 0, target_w = 0, plat_w = 0, verdict_w = 0;
    for (const advisor::CheckResult& c : f.checks) {
      pkg_w = std::max(pkg_w, DisplayWidth(TerminalSafe(c.package)));
      target_w = std::max(target_w, DisplayWidth(TerminalSafe(c.kind + " " + c.target)));
      plat_w = std::max(plat_w, DisplayWidth(TerminalSafe(c.platform)));
      verdict_w = std::max(verdict_w, advisor::VerdictName(c.verdict).size());
    }
    for (const advisor::CheckResult& c : f.checks) {
      const std::string_view verdict = advisor::VerdictName(c.verdict);
      const std::string_view color =
          c.verdict == advisor::Verdict::kNotFixed                                    ? kRed
          : c.verdict == advisor::Verdict::kFixed || c.verdict == advisor::Verdict::kNewer ? kGreen
                                                                                         : kYellow;
      fmt::format_to(std::back_inserter(o), "      {}  {}  {}  {}\n", Pad(TerminalSafe(c.package), pkg_w),
                     Pad(TerminalSafe(c.kind + " " + c.target), target_w),
                     Pad(TerminalSafe(c.platform), plat_w), Paint(color, Pad(verdict, verdict_w)));
      fmt::format_to(std::back_inserter(o), "        required {}; found {}\n",
                     TerminalSafe(c.required), c.found.empty() ? "-" : TerminalSafe(c.found));
      if (!c.evidence.empty()) {
        fmt::format_to(std::back_inserter(o), "        evidence {}\n", TerminalSafe(c.evidence));
      }
      if (!c.reason.empty()) {
        fmt::format_to(std::back_inserter(o), "        reason   {}\n", TerminalSafe(c.reason));
      }
      if (!c.to_collect.empty()) {
        fmt::format_to(std::back_inserter(o), "        collect  {}\n", TerminalSafe(c.to_collect));
      }
    }
  }

  void WriteFleet(const FleetSummary& summary) {
    std::string& o = out_.buffer();
    if (summary.articles.empty() && summary.packages.empty()) return;
    o += "\nFleet\n";
    size_t w = 7;
    for (const ArticleTally& a : summary.articles) w = std::max(w, DisplayWidth(TerminalSafe(a.article)));
    for (const PackageTally& p : summary.packages) w = std::max(w, DisplayWidth(TerminalSafe(p.package)));
    if (!summary.articles.empty()) {
      fmt::format_to(std::back_inserter(o), "  {}  {:>8}  {:>7}  {:>5}  title\n", Pad("article", w),
                     "affected", "unknown", "fixed");
      for (const ArticleTally& a : summary.articles) {
        fmt::format_to(std::back_inserter(o), "  {}  {:>8}  {:>7}  {:>5}  {}\n",
                       Pad(TerminalSafe(a.article), w), a.affected, a.unknown, a.fixed,
                       TerminalSafe(a.title));
      }
    }
    if (!summary.packages.empty()) {
      fmt::format_to(std::back_inserter(o), "  {}  {:>8}  {:>7}  {:>5}  title\n", Pad("package", w),
                     "install", "unknown", "fixed");
      for (const PackageTally& p : summary.packages) {
        fmt::format_to(std::back_inserter(o), "  {}  {:>8}  {:>7}  {:>5}  {}\n",
                       Pad(TerminalSafe(p.package), w), p.to_install, p.unknown, p.fixed,
                       TerminalSafe(p.title));
      }
    }
    o += '\n';
  }

 private:
  Output& out_;
  bool color_;
  std::vector<FileEntry> files_;
  std::string shard_;
  std::vector<Diagnostic> diags_;
  FleetAccumulator fleet_;
};

}  // namespace

std::unique_ptr<Sink> NewTextSink(Output& out, const SinkOptions& options) {
  return std::make_unique<TextSink>(out, options);
}

}  // namespace logrx::report
