// --format html: one self-contained file (inline CSS and JS, a CSP that forbids any
// network access): fleet summary, a sortable host table, per-host detail with findings,
// checks, plan and the matching events. Every event-derived string is HtmlEscape()d and
// appears only as element text; attributes and the script carry only our own values
// (indexes, enum names, numbers).
#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "core/time.h"
#include "report/escape.h"
#include "report/fleet_summary.h"
#include "report/sinks.h"

namespace logrx::report {

namespace {

using advisor::FixStatus;

constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>logrx report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.5em}h2{margin-top:1.5em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}#hosts th{cursor:pointer;user-select:none}
#hosts th[aria-sort=ascending]::after{content:" \25B2"}#hosts th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right}
.needs-action{color:#b00;font-weight:bold}.unknown{color:#a60}.fixed{color:#070}.clean{color:#070}.informational{color:#666}
.not-fixed{color:#b00}.weak{color:#a60}.newer{color:#070}
section.host{border:1px solid #ddd;padding:.5em 1em;margin:1em 0}
pre{white-space:pre-wrap;word-break:break-word;margin:0}
.small{color:#666;font-size:.9em}
.possible{color:#555;background:#eee;border:1px solid #bbb;border-radius:3px;padding:0 .3em;font-size:.85em;font-weight:normal}
svg text{font:12px system-ui,sans-serif;fill:#222}
rect.needs-action,circle.needs-action{fill:#c33}rect.unknown,circle.unknown{fill:#e0a030}
rect.fixed,circle.fixed{fill:#3a3}rect.clean{fill:#7c7}rect.informational,circle.informational{fill:#999}
svg.timeline line{stroke:#999}
#filter{font-size:1em;padding:3px 6px;width:20em;margin:.3em 0}
</style>
</head>
<body>
)";

// Sorting: click a header (again to reverse). A query string "?sort=N&dir=desc" sorts on
// load and "?click=N" clicks header N, so a headless browser test can drive both paths.
constexpr std::string_view kScript = R"(<script>
(function () {
  var table = document.getElementById('hosts');
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  function key(row, col) {
    var c = row.cells[col];
    return c.hasAttribute('data-key') ? c.getAttribute('data-key') : c.textContent;
  }
  function sortBy(col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var num = heads[col].getAttribute('data-type') === 'num';
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col), r;
      if (num) { r = Number(x) - Number(y); } else { r = x < y ? -1 : x > y ? 1 : 0; }
      if (r === 0) { r = key(a, 0) < key(b, 0) ? -1 : key(a, 0) > key(b, 0) ? 1 : 0; }
      return dir === 'desc' ? -r : r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    heads[col].setAttribute('aria-sort', dir === 'desc' ? 'descending' : 'ascending');
    table.setAttribute('data-sorted', col + ':' + dir);
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener('click', function () {
      sortBy(i, th.getAttribute('aria-sort') === 'ascending' ? 'desc' : 'asc');
    });
  });
  // The filter box: hosts whose row text holds every word typed stay visible, with
  // their detail sections.
  var filter = document.getElementById('filter');
  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var text = row.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.style.display = ok ? '' : 'none';
      if (ok) shown++;
      var a = row.querySelector('a');
      var sec = a ? document.getElementById(a.getAttribute('href').slice(1)) : null;
      if (sec) sec.style.display = ok ? '' : 'none';
    });
    table.setAttribute('data-shown', String(shown));
  }
  if (filter) filter.addEventListener('input', applyFilter);
  var q = new URLSearchParams(location.search);
  if (filter && q.has('filter')) { filter.value = q.get('filter'); applyFilter(); }
  if (q.has('sort')) sortBy(Number(q.get('sort')) || 0, q.get('dir') === 'desc' ? 'desc' : 'asc');
  if (q.has('click')) { var n = Number(q.get('click')) || 0; if (heads[n]) heads[n].click(); }
})();
</script>
)";

int StatusRank(FixStatus s) {
  switch (s) {
    case FixStatus::kNeedsAction: return 0;
    case FixStatus::kUnknown: return 1;
    case FixStatus::kFixed: return 2;
    case FixStatus::kInformational: return 3;
  }
  return 4;
}

std::string Time(int64_t t) { return t == kNoTime ? std::string("-") : FormatIso8601(t, 0); }

// One bar (or one part of a stacked bar) of the SVG charts.
struct ChartBar {
  const char* cls;    // CSS class: the status colour
  const char* label;  // "need action", "have it"
  uint64_t n;
  const char* label_one = nullptr;  // the label for one host when it differs ("has it")
};

class HtmlSink final : public Sink {
 public:
  explicit HtmlSink(Output& out) : out_(out) {}

  void Begin(const RunInfo& info) override { info_ = info; }

  void OnHost(const advisor::HostReport& h) override {
    fleet_.Add(h);
    const size_t id = host_rows_.size() + 1;
    const bool clean = h.findings.empty();
    const std::string status = clean ? "clean" : std::string(advisor::FixStatusName(h.overall));
    std::string plan;
    for (const advisor::PlanStep& s : h.plan) {
      if (!plan.empty()) plan += ", ";
      plan += HtmlEscape(s.package.empty() ? s.title : s.package);
    }
    std::string articles;
    for (const advisor::Finding& f : h.findings) {
      if (!articles.empty()) articles += ", ";
      articles += HtmlEscape(f.article);
    }
    host_rows_ += fmt::format(
        "<tr><td><a href=\"#h{}\">{}</a></td><td class=\"{}\" data-key=\"{}\">{}</td>"
        "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        id, HtmlEscape(h.host), status, clean ? 5 : StatusRank(h.overall), status, articles,
        h.findings.size(), h.events_read, plan);
    WriteDetail(h, id, status);
  }

  void OnDiagnostic(const Diagnostic& d) override { diags_.push_back(d); }

  void End(const RunStats& s) override {
    std::string& o = out_.buffer();
    o += kHead;
    o += "<h1>logrx report</h1>\n<p class=\"small\">logrx ";
    o += HtmlEscape(info_.tool_version);
    o += " &middot; inputs: ";
    for (size_t i = 0; i < info_.inputs.size(); ++i) {
      if (i != 0) o += ", ";
      o += HtmlEscape(info_.inputs[i]);
    }
    if (!info_.shard.empty()) o += " &middot; shard " + HtmlEscape(info_.shard);
    o += "</p>\n";
    if (s.cancelled) o += "<p class=\"needs-action\">Interrupted: results are partial.</p>\n";
    fmt::format_to(std::back_inserter(o),
                   "<h2>Summary</h2>\n<table id=\"summary\">\n"
                   "<tr><th>hosts</th><td class=\"num\" id=\"n-hosts\">{}</td></tr>\n"
                   "<tr><th>need action</th><td class=\"num needs-action\" id=\"n-action\">{}</td></tr>\n"
                   "<tr><th>unknown</th><td class=\"num unknown\" id=\"n-unknown\">{}</td></tr>\n"
                   "<tr><th>fixed</th><td class=\"num fixed\" id=\"n-fixed\">{}</td></tr>\n"
                   "<tr><th>informational</th><td class=\"num\" id=\"n-informational\">{}</td></tr>\n"
                   "<tr><th>clean</th><td class=\"num clean\" id=\"n-clean\">{}</td></tr>\n"
                   "<tr><th>files</th><td class=\"num\">{} read, {} failed, {} skipped</td></tr>\n"
                   "<tr><th>events</th><td class=\"num\">{} ({} damaged, {} recovered)</td></tr>\n"
                   "<tr><th>diagnostics</th><td class=\"num\">{} errors, {} warnings</td></tr>\n"
                   "</table>\n",
                   s.hosts, s.hosts_needing_action, s.hosts_unknown, s.hosts_fixed,
                   s.hosts_informational, s.hosts_clean,
                   s.files_read, s.files_failed, s.files_skipped, s.events_read, s.events_damaged,
                   s.events_recovered, s.diagnostics_error, s.diagnostics_warning);
    WriteStatusChart(s);
    const FleetSummary fleet = fleet_.Finish();
    WritePackageChart(fleet);
    if (!fleet.articles.empty()) {
      o += "<h2>Articles</h2>\n<table id=\"articles\"><thead><tr><th>article</th><th>title</th>"
           "<th>affected</th><th>unknown</th><th>fixed</th><th>hosts affected</th></tr></thead><tbody>\n";
      for (const ArticleTally& a : fleet.articles) {
        fmt::format_to(std::back_inserter(o),
                       "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td>{}</td></tr>\n",
                       HtmlEscape(a.article), HtmlEscape(a.title), a.affected, a.unknown, a.fixed,
                       HtmlEscape(Join(a.hosts_affected)));
      }
      o += "</tbody></table>\n";
    }
    if (!fleet.packages.empty()) {
      o += "<h2>Packages</h2>\n<table id=\"packages\"><thead><tr><th>package</th><th>title</th>"
           "<th>to install</th><th>unknown</th><th>fixed</th><th>install on</th>"
           "<th>install if not installed (cannot be proven fixed)</th></tr></thead><tbody>\n";
      for (const PackageTally& p : fleet.packages) {
        fmt::format_to(std::back_inserter(o),
                       "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                       "<td class=\"num\">{}</td><td class=\"needs-action\">{}</td>"
                       "<td class=\"unknown\">{}</td></tr>\n",
                       HtmlEscape(p.package), HtmlEscape(p.title), p.to_install, p.unknown,
                       p.fixed, HtmlEscape(Join(p.hosts_to_install)),
                       HtmlEscape(Join(p.hosts_unknown)));
      }
      o += "</tbody></table>\n";
    }
    o += "<h2>Hosts</h2>\n<p><input id=\"filter\" type=\"search\" placeholder=\"filter hosts: "
         "name, status, article, package\" aria-label=\"filter hosts\"></p>\n";
    o += "<table id=\"hosts\"><thead><tr><th data-type=\"text\">host</th>"
         "<th data-type=\"num\">status</th><th data-type=\"text\">articles</th>"
         "<th data-type=\"num\">findings</th><th data-type=\"num\">events</th>"
         "<th data-type=\"text\">plan</th></tr></thead>\n<tbody>\n";
    o += host_rows_;
    o += "</tbody></table>\n<h2>Host details</h2>\n";
    out_.Flush();
    out_.Append(details_);
    if (!diags_.empty()) {
      std::string d = "<h2>Diagnostics</h2>\n<table id=\"diagnostics\"><thead><tr><th>severity</th>"
                      "<th>where</th></tr></thead><tbody>\n";
      for (const Diagnostic& x : diags_) {
        static constexpr std::string_view kSev[] = {"note", "warning", "error"};
        fmt::format_to(std::back_inserter(d), "<tr><td>{}</td><td><pre>{}</pre></td></tr>\n",
                       kSev[static_cast<int>(x.severity) % 3], HtmlEscape(x.ToString()));
      }
      d += "</tbody></table>\n";
      out_.Append(d);
    }
    out_.Append(kScript);
    out_.Append("</body>\n</html>\n");
    out_.Flush();
  }

 private:
  static std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& x : v) {
      if (!s.empty()) s += ", ";
      s += x;
    }
    return s;
  }

  std::string FileName(uint32_t id) const {
    return id < info_.files.size() ? info_.files[id].path : std::string("?");
  }

  void WriteDetail(const advisor::HostReport& h, size_t id, const std::string& status) {
    std::string& o = details_;
    fmt::format_to(std::back_inserter(o),
                   "<section class=\"host\" id=\"h{}\">\n<h3>{} <span class=\"{}\">{}</span></h3>\n",
                   id, HtmlEscape(h.host), status, status);
    const inventory::OsFacts& os = h.facts.os;
    std::string os_line = "unknown";
    if (os.known) {
      os_line = os.product + " " + os.version;
      if (!os.build.empty()) os_line += " build " + os.build;
      if (!os.csd.empty()) os_line += ", " + os.csd;
      if (os.arch != inventory::Arch::kUnknown) os_line += ", " + std::string(inventory::ArchName(os.arch));
    }
    fmt::format_to(std::back_inserter(o), "<p>OS: {} &middot; {} events from {}</p>\n",
                   HtmlEscape(os_line), h.events_read, HtmlEscape(Join(h.files)));
    WriteTimeline(h, id);
    for (const advisor::Finding& f : h.findings) {
      fmt::format_to(std::back_inserter(o),
                     "<h4>{} <span class=\"{}\">{}</span> [{}] {}{}</h4>\n<p>Cause: {}{}{}</p>\n",
                     HtmlEscape(f.article), advisor::FixStatusName(f.status),
                     advisor::FixStatusName(f.status), rules::RuleSeverityName(f.severity),
                     f.imported ? "<span class=\"possible\">possible article</span> " : "",
                     HtmlEscape(f.title), HtmlEscape(f.cause_id), f.cause.empty() ? "" : ": ",
                     HtmlEscape(f.cause));
      if (!f.why_this_cause.empty()) {
        fmt::format_to(std::back_inserter(o), "<p>Why: {}</p>\n", HtmlEscape(f.why_this_cause));
      }
      if (!f.status_reason.empty()) {
        fmt::format_to(std::back_inserter(o), "<p>Status: {}</p>\n", HtmlEscape(f.status_reason));
      }
      if (!f.checks.empty()) {
        o += "<table class=\"checks\"><thead><tr><th>package</th><th>check</th><th>platform</th>"
             "<th>required</th><th>found</th><th>verdict</th><th>reason</th><th>to collect</th>"
             "</tr></thead><tbody>\n";
        for (const advisor::CheckResult& c : f.checks) {
          fmt::format_to(std::back_inserter(o),
                         "<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td>"
                         "<td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>\n",
                         HtmlEscape(c.package), HtmlEscape(c.kind), HtmlEscape(c.target),
                         HtmlEscape(c.platform), HtmlEscape(c.required),
                         HtmlEscape(c.found.empty() ? "-" : c.found),
                         advisor::VerdictName(c.verdict), advisor::VerdictName(c.verdict),
                         HtmlEscape(c.reason), HtmlEscape(c.to_collect));
        }
        o += "</tbody></table>\n";
      }
      o += "<table class=\"events\"><thead><tr><th>rule</th><th>file</th><th>record</th>"
           "<th>time</th><th>source/id</th><th>message and captures</th></tr></thead><tbody>\n";
      for (const rules::Match& m : f.matches) {
        for (const rules::EvidenceRef& e : m.evidence) {
          std::string where = FileName(e.where.file_id);
          if (e.where.line != 0) {
            where += fmt::format(":{}", e.where.line);
          } else if (e.where.offset != kNoOffset) {
            where += fmt::format(" @0x{:x}", e.where.offset);
          }
          std::string text = e.message;
          if (m.imported) {
            text += e.matched.empty() ? std::string("\nmatched text: none (event ID and source only)")
                                      : "\nmatched text: \"" + e.matched + "\"";
          }
          for (const rules::Capture& c : e.captures) text += "\n" + c.name + " = " + c.value;
          fmt::format_to(std::back_inserter(o),
                         "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
                         "<td>{}/{}</td><td><pre>{}</pre></td></tr>\n",
                         HtmlEscape(m.rule_id), HtmlEscape(where), e.record_id, Time(e.time),
                         HtmlEscape(e.provider), e.event_id, HtmlEscape(text));
        }
        if (m.count > m.evidence.size()) {
          fmt::format_to(std::back_inserter(o),
                         "<tr><td>{}</td><td colspan=\"5\">... and {} more events</td></tr>\n",
                         HtmlEscape(m.rule_id), m.count - m.evidence.size());
        }
      }
      o += "</tbody></table>\n";
    }
    if (!h.plan.empty()) {
      o += "<h4>Plan</h4>\n<ol class=\"plan\">\n";
      for (const advisor::PlanStep& s : h.plan) {
        fmt::format_to(std::back_inserter(o), "<li>{} {} {}{}{}</li>\n",
                       advisor::StepKindName(s.kind), HtmlEscape(s.package), HtmlEscape(s.title),
                       s.why.empty() ? "" : " &mdash; ", HtmlEscape(s.why));
      }
      o += "</ol>\n";
    }
    o += "</section>\n";
  }

  // Host status counts as horizontal bars (inline SVG: no network, no script).
  void WriteStatusChart(const RunStats& s) {
    std::string& o = out_.buffer();
    const ChartBar bars[] = {{"needs-action", "need action", s.hosts_needing_action},
                {"unknown", "cannot be proven fixed", s.hosts_unknown},
                {"fixed", "fixed", s.hosts_fixed},
                {"informational", "informational", s.hosts_informational},
                {"clean", "clean", s.hosts_clean}};
    uint64_t max = 1;
    for (const auto& b : bars) max = std::max(max, b.n);
    fmt::format_to(std::back_inserter(o),
                   "<svg id=\"status-chart\" role=\"img\" aria-label=\"hosts by status\" "
                   "width=\"560\" height=\"{}\" viewBox=\"0 0 560 {}\">\n",
                   5 * 24 + 4, 5 * 24 + 4);
    int y = 2;
    for (const auto& b : bars) {
      const uint64_t w = b.n == 0 ? 0 : std::max<uint64_t>(2, b.n * 300 / max);
      fmt::format_to(std::back_inserter(o),
                     "<text x=\"0\" y=\"{}\">{}</text><rect class=\"bar {}\" data-count=\"{}\" "
                     "x=\"170\" y=\"{}\" width=\"{}\" height=\"18\"><title>{}: {}</title></rect>"
                     "<text x=\"{}\" y=\"{}\">{}</text>\n",
                     y + 14, b.label, b.cls, b.n, y, w, b.label, b.n, 176 + w, y + 14, b.n);
      y += 24;
    }
    o += "</svg>\n";
  }

  // Per package, where it is needed (red), needed if not installed (amber), proven
  // installed (green): one stacked bar each.
  void WritePackageChart(const FleetSummary& fleet) {
    if (fleet.packages.empty()) return;
    std::string& o = out_.buffer();
    uint64_t max = 1;
    for (const PackageTally& p : fleet.packages) max = std::max(max, p.to_install + p.unknown + p.fixed);
    const size_t rows = fleet.packages.size();
    fmt::format_to(std::back_inserter(o),
                   "<h2>Packages needed</h2>\n<svg id=\"package-chart\" role=\"img\" "
                   "aria-label=\"hosts per package\" width=\"860\" height=\"{}\" "
                   "viewBox=\"0 0 860 {}\">\n",
                   rows * 24 + 4, rows * 24 + 4);
    size_t y = 2;
    for (const PackageTally& p : fleet.packages) {
      fmt::format_to(std::back_inserter(o), "<g class=\"package\"><text x=\"0\" y=\"{}\">{}</text>",
                     y + 14, HtmlEscape(p.package));
      uint64_t x = 150;
      const ChartBar parts[] = {{"needs-action", "need it", p.to_install, "needs it"},
                   {"unknown", "need it if not installed", p.unknown, "needs it if not installed"},
                   {"fixed", "have it", p.fixed, "has it"}};
      for (const auto& part : parts) {
        if (part.n == 0) continue;
        const uint64_t w = std::max<uint64_t>(2, part.n * 400 / max);
        fmt::format_to(std::back_inserter(o),
                       "<rect class=\"{}\" data-count=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" "
                       "height=\"18\"><title>{}: {} host{} {}</title></rect>",
                       part.cls, part.n, x, y, w, HtmlEscape(p.package), part.n,
                       part.n == 1 ? "" : "s",
                       part.n == 1 && part.label_one != nullptr ? part.label_one : part.label);
        x += w;
      }
      fmt::format_to(std::back_inserter(o), "<text x=\"{}\" y=\"{}\">{} need, {} if not installed, {} have it</text></g>\n",
                     x + 6, y + 14, p.to_install, p.unknown, p.fixed);
      y += 24;
    }
    o += "</svg>\n";
  }

  // The host's matched events on a time axis, one dot per evidence event, coloured by
  // the status of its finding.
  void WriteTimeline(const advisor::HostReport& h, size_t id) {
    struct Dot {
      int64_t t;
      std::string cls, label;
    };
    std::vector<Dot> dots;
    for (const advisor::Finding& f : h.findings) {
      for (const rules::Match& m : f.matches) {
        for (const rules::EvidenceRef& e : m.evidence) {
          if (e.time == kNoTime) continue;
          dots.push_back({e.time, std::string(advisor::FixStatusName(f.status)),
                          fmt::format("{} {}/{} {} ({})", Time(e.time), e.provider, e.event_id,
                                      m.rule_id, f.article)});
        }
      }
    }
    if (dots.empty()) return;
    int64_t lo = dots[0].t, hi = dots[0].t;
    for (const Dot& d : dots) {
      lo = std::min(lo, d.t);
      hi = std::max(hi, d.t);
    }
    std::string& o = details_;
    fmt::format_to(std::back_inserter(o),
                   "<svg class=\"timeline\" id=\"t{}\" role=\"img\" aria-label=\"matched events "
                   "over time\" width=\"640\" height=\"46\" viewBox=\"0 0 640 46\">"
                   "<line x1=\"20\" y1=\"16\" x2=\"620\" y2=\"16\"/>",
                   id);
    for (const Dot& d : dots) {
      const double frac =
          hi == lo ? 0.5 : static_cast<double>(d.t - lo) / static_cast<double>(hi - lo);
      fmt::format_to(std::back_inserter(o),
                     "<circle class=\"event {}\" cx=\"{:.1f}\" cy=\"16\" r=\"6\"><title>{}</title></circle>",
                     d.cls, 20.0 + frac * 600.0, HtmlEscape(d.label));
    }
    fmt::format_to(std::back_inserter(o),
                   "<text x=\"20\" y=\"40\">{}</text><text x=\"620\" y=\"40\" "
                   "text-anchor=\"end\">{}</text></svg>\n",
                   Time(lo), hi == lo ? "" : Time(hi));
  }

  Output& out_;
  RunInfo info_;
  std::string host_rows_;
  std::string details_;
  std::vector<Diagnostic> diags_;
  FleetAccumulator fleet_;
};

}  // namespace

std::unique_ptr<Sink> NewHtmlSink(Output& out) { return std::make_unique<HtmlSink>(out); }

}  // namespace logrx::report
