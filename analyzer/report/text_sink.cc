// Text for people, first screen first (docs/output.md "--format text"):
//   1. the fleet summary: a headline, one line per host that needs action or cannot be
//      proven fixed (sorted by urgency: needs-action before unknown, worst severity first,
//      then by name) saying what to install in order or what to collect, one line per
//      group of fixed / informational / clean hosts, and the packages with the hosts that
//      need them;
//   2. the details of the hosts that need attention (every host with --details);
//   3. each article's cause and how it is told apart, once per article;
//   4. the diagnostics and the one-line totals.
// Lines are wrapped to SinkOptions::width. Every event-derived string goes through Shown
// (U+FFFD for ill-formed UTF-8, then TerminalSafe) before it is laid out. The sink keeps a
// small line per host and the full report only of the hosts whose details it prints.
#include <algorithm>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "core/strings.h"
#include "core/time.h"
#include "core/utf16.h"
#include "report/escape.h"
#include "report/fleet_summary.h"
#include "report/sinks.h"
#include "report/text_wrap.h"

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

// Text from events, rules and the KB as the report shows it. Ill-formed UTF-8 first becomes
// U+FFFD, as in every report format: JSON cannot carry such bytes, and `logrx merge` of
// JSON shards must print what the single run prints. Then TerminalSafe (report/escape.h).
std::string Shown(std::string_view s) {
  return IsValidUtf8(s) ? TerminalSafe(s) : TerminalSafe(SanitizeUtf8(s));
}

// Left-aligned cell padded to `width` display columns (escaping done by the caller).
std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  const size_t w = DisplayWidth(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string Plural(uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The status words of the summary (people's words; JSON keeps needs-action/unknown).
std::string_view SummaryStatus(FixStatus s, bool clean) {
  if (clean) return "clean";
  switch (s) {
    case FixStatus::kNeedsAction: return "needs action";
    case FixStatus::kUnknown: return "unknown";
    case FixStatus::kFixed: return "fixed";
    case FixStatus::kInformational: return "informational";
  }
  return "unknown";
}

template <typename T>
void AddUnique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}


// What a check asks to collect, in a few words: the file's name, or "hotfix list".
std::string CollectWhat(const advisor::CheckResult& c) {
  if (c.kind == "file") return Shown(c.target);
  if (c.kind == "registry") {
    std::string up = c.target;
    for (char& ch : up) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    if (up.find("\\HOTFIX") != std::string::npos) return "hotfix list";
    const size_t slash = c.target.rfind('\\');
    return "registry " + Shown(slash == std::string::npos ? c.target
                                                                 : c.target.substr(slash + 1));
  }
  return Shown(c.kind + " " + c.target);
}

// The host's plan as a short "do, in order" list: "verify Q246009 > install Q299444".
// Procedures are named once ("follow the procedure", "follow the 2 procedures"): their
// articles are on the same line and their text is in the details.
std::string PlanInShort(const advisor::HostReport& h) {
  std::vector<std::string> steps;
  size_t procedures = 0, procedure_at = 0;
  for (const advisor::PlanStep& s : h.plan) {
    switch (s.kind) {
      case advisor::StepKind::kInstall:
        AddUnique(steps, "install " + Shown(s.package));
        break;
      case advisor::StepKind::kCheckPrerequisite:
        AddUnique(steps, "verify " + Shown(s.package));
        break;
      case advisor::StepKind::kProcedure:
        if (procedures++ == 0) {
          procedure_at = steps.size();
          steps.emplace_back();
        }
        break;
      case advisor::StepKind::kInvestigate:
        AddUnique(steps, "investigate " + Shown(Join(s.for_articles, ", ")));
        break;
      case advisor::StepKind::kCollect:
        AddUnique(steps, "verify " + Shown(s.package.empty() ? Join(s.for_articles, ", ")
                                                                    : s.package));
        break;
    }
  }
  if (procedures > 0) {
    steps[procedure_at] = procedures == 1 ? std::string("follow the procedure")
                                          : fmt::format("follow the {} procedures", procedures);
  }
  return Join(steps, " > ");
}

// One line of the summary per host.
struct HostLine {
  std::string host;  // escaped
  FixStatus status = FixStatus::kFixed;
  bool clean = false;
  rules::RuleSeverity severity = rules::RuleSeverity::kInfo;  // worst of its findings
  std::vector<std::string> articles;  // escaped; the ones that make its status
  std::string todo;                   // escaped: what to install in order, or to collect
  size_t order = 0;                   // arrival order (hosts arrive sorted by name)
};

HostLine MakeLine(const advisor::HostReport& h, size_t order) {
  HostLine l;
  l.host = Shown(h.host);
  l.status = h.overall;
  l.clean = h.findings.empty();
  l.order = order;
  for (const advisor::Finding& f : h.findings) {
    if (f.status != h.overall) continue;
    AddUnique(l.articles, Shown(f.article));
    l.severity = std::max(l.severity, f.severity);
  }
  if (h.overall == FixStatus::kNeedsAction) {
    l.todo = PlanInShort(h);
    if (l.todo.empty()) l.todo = "see details";
  } else if (h.overall == FixStatus::kUnknown) {
    std::vector<std::string> what;
    bool unknown_article = false;
    for (const advisor::Finding& f : h.findings) {
      if (f.status != FixStatus::kUnknown) continue;
      if (f.checks.empty()) unknown_article = true;
      for (const advisor::CheckResult& c : f.checks) {
        if (c.verdict == advisor::Verdict::kUnknown || c.verdict == advisor::Verdict::kWeak) {
          AddUnique(what, CollectWhat(c));
        }
      }
    }
    if (!what.empty()) {
      l.todo = "collect " + Join(what, ", ");
    } else {
      l.todo = PlanInShort(h);
      if (l.todo.empty() && unknown_article) l.todo = "investigate (article not in the KB)";
    }
    if (l.todo.empty()) l.todo = "see details";
  }
  return l;
}

// More hosts needing attention than this: the summary first groups them by kind.
constexpr size_t kGroupAbove = 20;

int Urgency(const HostLine& l) {
  if (l.clean) return 4;
  switch (l.status) {
    case FixStatus::kNeedsAction: return 0;
    case FixStatus::kUnknown: return 1;
    case FixStatus::kFixed: return 2;
    case FixStatus::kInformational: return 3;
  }
  return 4;
}

class TextSink final : public Sink {
 public:
  TextSink(Output& out, const SinkOptions& options)
      : out_(out),
        color_(options.color),
        width_(std::max<size_t>(options.width, 40)),
        detail_(options.detail) {}

  void Begin(const RunInfo& info) override {
    files_ = info.files;
    shard_ = info.shard;
  }

  void OnHost(const advisor::HostReport& h) override {
    fleet_.Add(h);
    lines_.push_back(MakeLine(h, lines_.size()));
    if (detail_ == TextDetail::kSummary) return;
    const bool attention = !h.findings.empty() && NeedsAttention(h.overall);
    if (attention || detail_ == TextDetail::kAll) detailed_.push_back(h);
  }

  void OnDiagnostic(const Diagnostic& d) override { diags_.push_back(d); }

  void End(const RunStats& s) override {
    WriteSummary(s);
    out_.Flush();
    if (detail_ != TextDetail::kSummary) {
      WriteDetails();
      WriteArticles();
      WriteDiagnostics(s);
      WriteTotals(s);  // -q: the headline says it
    }
    out_.Flush();
  }

 private:
  std::string Paint(std::string_view color, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("{}{}{}", color, text, kReset);
  }

  std::string_view StatusColor(FixStatus s, bool clean) const {
    if (clean) return kGreen;
    switch (s) {
      case FixStatus::kNeedsAction: return kRed;
      case FixStatus::kUnknown: return kYellow;
      case FixStatus::kFixed: return kGreen;
      case FixStatus::kInformational: return kDim;
    }
    return kDim;
  }

  std::string FileName(uint32_t id) const {
    return id < files_.size() ? Shown(files_[id].path) : std::string("?");
  }

  // Appends `text` after `head` (`head_w` columns), wrapped; continuation at `indent`.
  void Hang(std::string_view head, size_t head_w, std::string_view text, size_t indent) {
    out_.buffer() += HangingWrap(head, head_w, text, indent, width_);
  }

  // A "  label    text" line, wrapped under the text.
  void Field(size_t indent, std::string_view label, size_t label_w, std::string_view text) {
    const std::string head = std::string(indent, ' ') + Pad(label, label_w) + " ";
    Hang(head, indent + label_w + 1, text, indent + label_w + 1);
  }

  // "EXCLUS1, EXCLUS2 and 40 more" in at most `cols` columns (at least one name).
  static std::string NamesIn(const std::vector<std::string>& names, size_t cols) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string name = Shown(names[i]);
      const size_t left = names.size() - i - 1;
      const std::string more = left == 0 ? "" : fmt::format(" and {} more", left);
      const std::string next = out.empty() ? name : out + ", " + name;
      const std::string tail = fmt::format(" and {} more", names.size() - i);
      if (i > 0 && DisplayWidth(next) + DisplayWidth(more) > cols) return out + tail;
      out = next;
    }
    return out;
  }

  void WriteSummary(const RunStats& s) {
    WriteHeadline(s);
    if (s.hosts == 0) {
      out_.buffer() += s.events_read == 0 ? "No events were read.\n" : "No host in this run.\n";
      return;
    }
    const std::vector<const HostLine*> order = ByUrgency();
    WriteAttentionKinds(order);
    WriteAttentionRows(order);
    WriteSettledGroups(order);
    WritePackageNeeds();
  }

  // The counts a person needs first, and whether the results are partial.
  void WriteHeadline(const RunStats& s) {
    std::vector<std::string> parts;
    if (s.hosts_needing_action > 0) {
      parts.push_back(Paint(kRed, fmt::format("{} need{} action", s.hosts_needing_action,
                                              s.hosts_needing_action == 1 ? "s" : "")));
    }
    if (s.hosts_unknown > 0) {
      parts.push_back(Paint(kYellow, fmt::format("{} cannot be proven fixed", s.hosts_unknown)));
    }
    uint64_t fixed = 0, info = 0;
    for (const HostLine& l : lines_) {
      if (l.clean) continue;
      if (l.status == FixStatus::kFixed) ++fixed;
      if (l.status == FixStatus::kInformational) ++info;
    }
    if (fixed > 0) parts.push_back(fmt::format("{} fixed", fixed));
    if (info > 0) parts.push_back(fmt::format("{} informational", info));
    if (s.hosts_clean > 0) parts.push_back(fmt::format("{} clean", s.hosts_clean));
    std::string head = fmt::format("{}{}", Plural(s.hosts, "host", "hosts"),
                                   parts.empty() ? "" : ": " + Join(parts, ", "));
    if (!shard_.empty()) head += " (shard " + Shown(shard_) + ")";
    Hang("", 0, head, 2);  // the counts carry their own colours
    if (s.files_failed > 0 || s.diagnostics_error > 0 || s.cancelled) {
      std::vector<std::string> why;
      if (s.files_failed > 0) why.push_back(Plural(s.files_failed, "file unreadable", "files unreadable"));
      if (s.diagnostics_error > 0) why.push_back(Plural(s.diagnostics_error, "input error", "input errors"));
      if (s.files_not_read > 0) {
        why.push_back(Plural(s.files_not_read, "file not read", "files not read"));
      }
      Hang("", 0,
           Paint(kRed, std::string(s.cancelled ? "Interrupted: results" : "Results") +
                           " are partial: " + (why.empty() ? std::string("the run was stopped") : Join(why, ", ")) +
                           (detail_ == TextDetail::kSummary ? " (listed without -q)."
                                                            : " (see Diagnostics at the end).")),
           0);
    }
  }

  // Hosts by urgency, then severity, then the order they came in.
  std::vector<const HostLine*> ByUrgency() const {
    std::vector<const HostLine*> order;
    for (const HostLine& l : lines_) order.push_back(&l);
    std::stable_sort(order.begin(), order.end(), [](const HostLine* a, const HostLine* b) {
      const int ua = Urgency(*a), ub = Urgency(*b);
      if (ua != ub) return ua < ub;
      if (a->severity != b->severity) return a->severity > b->severity;
      return a->order < b->order;
    });
    return order;
  }

  // A large fleet first gets one line per kind of problem (status, articles, to-do), so
  // the first screen shows all of them; the per-host lines follow.
  void WriteAttentionKinds(const std::vector<const HostLine*>& order) {
    std::string& o = out_.buffer();
    size_t attention = 0;
    for (const HostLine* l : order) attention += Urgency(*l) <= 1 ? 1 : 0;
    if (attention > kGroupAbove) {
      std::vector<std::pair<std::string, std::vector<std::string>>> kinds;  // in urgency order
      std::map<std::string, size_t> index;
      for (const HostLine* l : order) {
        if (Urgency(*l) > 1) continue;
        const std::string key = std::string(SummaryStatus(l->status, false)) + "\t" +
                                Join(l->articles, " ") + "\t" + l->todo;
        auto [it, inserted] = index.emplace(key, kinds.size());
        if (inserted) kinds.emplace_back(key, std::vector<std::string>{});
        kinds[it->second].second.push_back(l->host);
      }
      o += '\n';
      o += Paint(kDim, fmt::format("{} hosts need attention, {} kinds:", attention, kinds.size()));
      o += '\n';
      for (const auto& [key, names] : kinds) {
        const size_t t1 = key.find('\t'), t2 = key.find('\t', t1 + 1);
        const std::string status = key.substr(0, t1);
        const std::string text = fmt::format("{}  {} ({}): {}", key.substr(t1 + 1, t2 - t1 - 1),
                                             key.substr(t2 + 1), Plural(names.size(), "host", "hosts"),
                                             NamesIn(names, width_ / 3));
        Hang(Paint(status == "needs action" ? kRed : kYellow, Pad(status, 12)) + "  ", 14, text, 14);
      }
    }
  }

  // One line per host that needs attention.
  void WriteAttentionRows(const std::vector<const HostLine*>& order) {
    std::string& o = out_.buffer();
    size_t host_w = 4, art_w = 7;
    bool any_attention = false;
    for (const HostLine* l : order) {
      if (Urgency(*l) > 1) continue;
      any_attention = true;
      host_w = std::max(host_w, DisplayWidth(l->host));
      // A long article list pushes its own row; it does not widen the column.
      const size_t aw = DisplayWidth(Join(l->articles, " "));
      if (aw <= 24) art_w = std::max(art_w, aw);
    }
    host_w = std::min<size_t>(host_w, 28);
    const size_t status_w = 12;
    if (any_attention) {
      o += '\n';
      Hang("", 0,
           Paint(kDim, fmt::format("{}  {}  {}  {}", Pad("HOST", host_w), Pad("STATUS", status_w),
                                   Pad("ARTICLE", art_w), "TO DO (in order)")),
           0);
      for (const HostLine* l : order) {
        if (Urgency(*l) > 1) continue;
        // host and status are never wrapped; the article list and the to-do flow after them.
        const std::string host = Pad(l->host, host_w);
        const std::string status = Pad(SummaryStatus(l->status, false), status_w);
        const size_t head_w = DisplayWidth(host) + 2 + status_w + 2;
        const std::string row = host + "  " + Paint(StatusColor(l->status, false), status) + "  ";
        std::string rest = Pad(Join(l->articles, " "), art_w) + "  " + l->todo;
        Hang(row, head_w, rest, std::min<size_t>(head_w, host_w + 2 + status_w + 2));
      }
    }
  }

  // One line per group of hosts with nothing to do: (status, articles).
  void WriteSettledGroups(const std::vector<const HostLine*>& order) {
    std::string& o = out_.buffer();
    std::map<std::pair<int, std::string>, std::vector<std::string>> groups;
    for (const HostLine* l : order) {
      if (Urgency(*l) <= 1) continue;
      groups[{Urgency(*l), Join(l->articles, " ")}].push_back(l->host);
    }
    if (!groups.empty()) {
      o += '\n';
      size_t gart_w = 0;
      for (const auto& [key, names] : groups) gart_w = std::max(gart_w, DisplayWidth(key.second));
      gart_w = std::min<size_t>(gart_w, 30);
      for (const auto& [key, names] : groups) {
        const FixStatus st = key.first == 3 ? FixStatus::kInformational : FixStatus::kFixed;
        const bool clean = key.first == 4;
        const std::string status(SummaryStatus(st, clean));
        std::string line = Paint(StatusColor(st, clean), Pad(status, 13)) + "  " +
                           Pad(key.second, gart_w) + "  ";
        const size_t used = 13 + 2 + std::max(gart_w, DisplayWidth(key.second)) + 2;
        const std::string count = Plural(names.size(), "host", "hosts") + ": ";
        const size_t room = width_ > used + count.size() ? width_ - used - count.size() : 10;
        line += count + NamesIn(names, room);
        o += line;
        o += '\n';
      }
    }
  }

  // Packages: where each is needed, and where it may be.
  void WritePackageNeeds() {
    std::string& o = out_.buffer();
    const FleetSummary fleet = fleet_.Finish();
    std::vector<const PackageTally*> pkgs;
    for (const PackageTally& p : fleet.packages) {
      if (p.to_install > 0 || p.unknown > 0) pkgs.push_back(&p);
    }
    if (!pkgs.empty()) {
      o += '\n';
      size_t pkg_w = 0;
      for (const PackageTally* p : pkgs) pkg_w = std::max(pkg_w, DisplayWidth(Shown(p->package)));
      pkg_w = std::min<size_t>(pkg_w, 24);
      for (const PackageTally* p : pkgs) {
        const std::string lead_cell = "install " + Pad(Shown(p->package), pkg_w) + "  ";
        const size_t head_w = DisplayWidth(lead_cell);
        const size_t room = width_ > head_w ? width_ - head_w : 20;
        // Every name when they fit on the line, else as many as fit, sharing the room.
        const std::string need_lead = fmt::format("on {}: ", Plural(p->to_install, "host", "hosts"));
        const std::string maybe_lead = fmt::format("{}if not installed, on {}: ",
                                                   p->to_install > 0 ? "; " : "",
                                                   Plural(p->unknown, "host", "hosts"));
        std::string text;
        if (p->to_install > 0) text += need_lead + NamesIn(p->hosts_to_install, 100000);
        if (p->unknown > 0) text += maybe_lead + NamesIn(p->hosts_unknown, 100000);
        if (DisplayWidth(text) > room) {
          text.clear();
          const size_t fixed_w = (p->to_install > 0 ? need_lead.size() : 0) +
                                 (p->unknown > 0 ? maybe_lead.size() : 0);
          const size_t names_room = room > fixed_w + 24 ? room - fixed_w : 24;
          const size_t share = p->to_install > 0 && p->unknown > 0 ? names_room / 2 : names_room;
          if (p->to_install > 0) text += need_lead + NamesIn(p->hosts_to_install, share);
          if (p->unknown > 0) {
            const size_t used = DisplayWidth(text) + maybe_lead.size();
            text += maybe_lead + NamesIn(p->hosts_unknown, room > used + 12 ? room - used : 12);
          }
        }
        Hang(lead_cell, head_w, text, head_w);
      }
    }
  }

  void WriteDetails() {
    std::string& o = out_.buffer();
    if (detailed_.empty()) return;
    o += '\n';
    Hang("", 0,
         Paint(kBold, detail_ == TextDetail::kAll
                          ? "Details"
                          : "Details of the hosts that need action or cannot be proven fixed "
                            "(--details: all)"),
         0);
    std::vector<const advisor::HostReport*> order;
    for (const advisor::HostReport& h : detailed_) order.push_back(&h);
    std::vector<HostLine> keys;
    for (size_t i = 0; i < detailed_.size(); ++i) keys.push_back(MakeLine(detailed_[i], i));
    std::vector<size_t> idx(detailed_.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      const int ua = Urgency(keys[a]), ub = Urgency(keys[b]);
      if (ua != ub) return ua < ub;
      if (keys[a].severity != keys[b].severity) return keys[a].severity > keys[b].severity;
      return a < b;
    });
    for (size_t i : idx) WriteHost(detailed_[i]);
  }

  void WriteHost(const advisor::HostReport& h) {
    std::string& o = out_.buffer();
    const std::string host = Shown(h.host);
    const bool clean = h.findings.empty();
    o += '\n';
    if (clean) {
      o += fmt::format("{}  {} ({} events, {})\n", Paint(kBold, host),
                       Paint(kGreen, "clean"), h.events_read,
                       Plural(h.files.size(), "file", "files"));
      return;
    }
    o += fmt::format("{}  {}\n", Paint(kBold, host),
                     Paint(StatusColor(h.overall, false), SummaryStatus(h.overall, false)));
    WriteFacts(h);
    for (const advisor::Finding& f : h.findings) WriteFinding(f);
    // What to collect, each command once (the same file is checked per platform).
    std::vector<std::string> collect;
    for (const advisor::Finding& f : h.findings) {
      if (!f.to_collect.empty()) AddUnique(collect, Shown(f.to_collect));
      for (const advisor::CheckResult& c : f.checks) {
        if (!c.to_collect.empty()) AddUnique(collect, Shown(c.to_collect));
      }
    }
    if (!collect.empty()) {
      o += "  collect\n";
      for (const std::string& c : collect) Hang("    - ", 6, c, 6);
    }
    if (!h.plan.empty()) {
      o += "  plan\n";
      for (const advisor::PlanStep& s : h.plan) {
        std::string text = std::string(advisor::StepKindName(s.kind));
        if (!s.package.empty()) text += " " + Shown(s.package);
        text += ": " + Shown(s.title);
        if (!s.why.empty()) text += " (" + Shown(s.why) + ")";
        const std::string head = fmt::format("    {:>2}. ", s.order);
        Hang(head, head.size(), text, head.size());
      }
    }
  }

  void WriteFacts(const advisor::HostReport& h) {
    const inventory::OsFacts& os = h.facts.os;
    std::string line = "unknown";
    if (os.known) {
      line = Shown(os.product);
      // Appended piece by piece: `" " + Shown(..)` trips GCC 12's false -Wrestrict
      // at -O3 (PR105329) in the Release build.
      if (!os.version.empty()) line.append(" ").append(Shown(os.version));
      if (!os.build.empty()) line.append(" build ").append(Shown(os.build));
      if (!os.csd.empty()) line.append(", ").append(Shown(os.csd));
      if (os.sp6a) line += " (SP6a proven)";
      if (os.arch != inventory::Arch::kUnknown) {
        line += ", ";
        line += inventory::ArchName(os.arch);
      }
    }
    Field(2, "os", 7, line);
    if (!h.platform.empty()) {
      Field(2, "cpu", 7,
            Shown(h.platform) + (h.platform_how.empty() ? "" : " (" + Shown(h.platform_how) + ")"));
    }
    std::vector<std::string> files;
    for (const std::string& f : h.files) files.push_back(Shown(f));
    Field(2, "events", 7, fmt::format("{} from {}", h.events_read, Join(files, ", ")));
    if (!h.facts.inventory_sources.empty()) {
      std::vector<std::string> inv;
      for (const std::string& f : h.facts.inventory_sources) inv.push_back(Shown(f));
      Field(2, "facts", 7, Join(inv, ", "));
    }
  }

  void WriteFinding(const advisor::Finding& f) {
    std::string& o = out_.buffer();
    const bool all = detail_ == TextDetail::kAll;
    ArticleCause& ac = article_causes_[{f.article, f.cause_id}];
    if (ac.title.empty()) {
      ac.title = f.title;
      ac.cause = f.cause;
      ac.tells_apart = f.tells_apart;
    }
    const std::string head = fmt::format("  {}  {}  [{}]  ", Paint(kBold, Shown(f.article)),
                                         Paint(StatusColor(f.status, false), SummaryStatus(f.status, false)),
                                         rules::RuleSeverityName(f.severity));
    const size_t head_w = 2 + DisplayWidth(Shown(f.article)) + 2 +
                          SummaryStatus(f.status, false).size() + 3 +
                          rules::RuleSeverityName(f.severity).size() + 3;
    // A possible article (imported from the KB archive) says so before its title.
    Hang(head, head_w, (f.imported ? "possible article: " : "") + Shown(f.title), 4);
    if (all && (!f.cause_id.empty() || !f.cause.empty())) {
      Field(4, "cause", 8, Shown(f.cause_id) + (f.cause.empty() ? "" : ": ") + Shown(f.cause));
    }
    if (all && !f.why_this_cause.empty()) Field(4, "why", 8, Shown(f.why_this_cause));
    if (!f.status_reason.empty()) Field(4, "status", 8, Shown(f.status_reason));
    if (!f.applies.empty() && (all || f.applies != "applies")) {
      Field(4, "applies", 8,
            Shown(f.applies_reason.empty() ? f.applies : f.applies_reason));
    }
    for (const std::string& c : f.conditions) Field(4, "if", 8, Shown(c));
    if (!f.workaround.empty()) Field(4, "meantime", 8, Shown(f.workaround));
    if (all && !f.workaround_note.empty()) Field(4, "meantime", 8, Shown(f.workaround_note));
    for (const rules::Match& m : f.matches) {
      Field(4, "matched", 8,
            fmt::format("{}  {}  {} .. {}", Shown(m.rule_id),
                        Plural(m.count, "event", "events"), Time(m.first_time), Time(m.last_time)));
      if (m.imported) {
        const std::string_view text = advisor::MatchedText(m);
        Hang(std::string(13, ' '), 13,
             text.empty() ? std::string("matched text: none (the article gives no description; "
                                        "event ID and source only)")
                          : "matched text: \"" + Shown(text) + "\"",
             15);
      }
      for (const rules::Capture& c : m.captures) {
        Hang(std::string(13, ' '), 13, Shown(c.name) + " = " + Shown(c.value), 15);
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
        std::string text = fmt::format("{}  {}  {}/{}", where, Time(e.time),
                                       Shown(e.provider), e.event_id);
        if (!e.message.empty()) text += "  " + Shown(e.message);
        Hang("      ", 6, text, 8);
      }
      if (m.count > m.evidence.size()) {
        fmt::format_to(std::back_inserter(o), "      ... and {} more\n", m.count - m.evidence.size());
      }
    }
    if (f.checks.empty()) return;
    o += "    checks\n";
    std::vector<std::string> reasons_shown;  // the same reason is printed once per finding
    for (const advisor::CheckResult& c : f.checks) {
      const bool pass = c.verdict == advisor::Verdict::kFixed || c.verdict == advisor::Verdict::kNewer;
      const std::string_view verdict = advisor::VerdictName(c.verdict);
      const std::string_view color = c.verdict == advisor::Verdict::kNotFixed ? kRed
                                     : pass                                  ? kGreen
                                                                             : kYellow;
      std::string what = Shown(c.package) + " " + Shown(c.kind) + " " +
                         Shown(c.target);
      if (!c.platform.empty()) what += " (" + Shown(c.platform) + ")";
      const std::string cell = "      " + Paint(color, Pad(verdict, 9)) + " ";
      std::string text = what + ": found " + (c.found.empty() ? "-" : Shown(c.found)) +
                         "; required " + Shown(c.required);
      if (!c.evidence.empty()) text += " [" + Shown(c.evidence) + "]";
      Hang(cell, 16, text, 16);
      if (!c.reason.empty() && (all || !pass)) {
        const std::string reason = Shown(c.reason);
        if (all || std::find(reasons_shown.begin(), reasons_shown.end(), reason) == reasons_shown.end()) {
          Hang(std::string(16, ' '), 16, reason, 16);
          reasons_shown.push_back(reason);
        }
      }
    }
  }

  void WriteArticles() {
    if (article_causes_.empty()) return;
    std::string& o = out_.buffer();
    o += '\n';
    Hang("", 0, Paint(kBold, "Articles (each cause once; per-host evidence is above)"), 0);
    const FleetSummary fleet = fleet_.Finish();
    std::map<std::string, const ArticleTally*> tally;
    for (const ArticleTally& a : fleet.articles) tally[a.article] = &a;
    std::string last_article;
    for (const auto& [key, f] : article_causes_) {
      const std::string& article = key.first;
      const std::string& cause_id = key.second;
      if (article != last_article) {
        last_article = article;
        o += '\n';
        Hang("  " + Paint(kBold, Shown(article)) + "  ",
             4 + DisplayWidth(Shown(article)), Shown(f.title), 4);
        auto it = tally.find(article);
        if (it != tally.end()) {
          const ArticleTally& a = *it->second;
          std::vector<std::string> counts;
          if (a.affected > 0) counts.push_back(fmt::format("{} need action", a.affected));
          if (a.unknown > 0) counts.push_back(fmt::format("{} unknown", a.unknown));
          if (a.fixed > 0) counts.push_back(fmt::format("{} fixed", a.fixed));
          if (a.informational > 0) counts.push_back(fmt::format("{} informational", a.informational));
          Field(4, "hosts", 11, Join(counts, ", "));
        }
      }
      if (!cause_id.empty() || !f.cause.empty()) {
        Field(4, "cause", 11,
              Shown(cause_id) + (f.cause.empty() ? "" : ": ") + Shown(f.cause));
      }
      if (!f.tells_apart.empty()) Field(4, "told apart", 11, Shown(f.tells_apart));
    }
  }

  void WriteDiagnostics(const RunStats& s) {
    if (diags_.empty()) return;
    std::string& o = out_.buffer();
    const size_t notes = diags_.size() - s.diagnostics_error - s.diagnostics_warning;
    o += '\n';
    o += fmt::format("Diagnostics ({}, {}, {})\n", Plural(s.diagnostics_error, "error", "errors"),
                     Plural(s.diagnostics_warning, "warning", "warnings"),
                     Plural(notes, "note", "notes"));
    for (const Diagnostic& d : diags_) {
      static constexpr std::string_view kSev[] = {"note   ", "warning", "error  "};
      const std::string_view sev = kSev[static_cast<int>(d.severity) % 3];
      const std::string_view color = d.severity == Severity::kError     ? kRed
                                     : d.severity == Severity::kWarning ? kYellow
                                                                        : kDim;
      Hang("  " + Paint(color, sev) + " ", 10, Shown(d.ToString()), 10);
    }
  }

  void WriteTotals(const RunStats& s) {
    std::string& o = out_.buffer();
    o += '\n';
    Hang("", 0,
         fmt::format("Summary: {}: {} need action, {} unknown, {} fixed, {} informational, {} "
                     "clean{}{}",
                     Plural(s.hosts, "host", "hosts"), s.hosts_needing_action, s.hosts_unknown,
                     s.hosts_fixed, s.hosts_informational, s.hosts_clean,
                     shard_.empty() ? "" : "; shard ",
                     Shown(shard_)),
         9);
    Hang("         ", 9,
         fmt::format("{} ({} read, {} failed, {} skipped), {} bytes, {} ({} damaged, {} "
                     "recovered)",
                     Plural(s.files_read + s.files_failed + s.files_skipped, "file", "files"),
                     s.files_read, s.files_failed, s.files_skipped, s.bytes_read,
                     Plural(s.events_read, "event", "events"), s.events_damaged,
                     s.events_recovered),
         9);
    if (s.cancelled) o += "Interrupted: the results above are partial.\n";
  }

  Output& out_;
  bool color_;
  size_t width_;
  TextDetail detail_;
  std::vector<FileEntry> files_;
  std::string shard_;
  std::vector<Diagnostic> diags_;
  FleetAccumulator fleet_;
  std::vector<HostLine> lines_;
  std::vector<advisor::HostReport> detailed_;
  // (article, cause id) -> its text, for the Articles section (sorted by article).
  struct ArticleCause {
    std::string title, cause, tells_apart;
  };
  std::map<std::pair<std::string, std::string>, ArticleCause> article_causes_;
};

}  // namespace

std::unique_ptr<Sink> NewTextSink(Output& out, const SinkOptions& options) {
  return std::make_unique<TextSink>(out, options);
}

}  // namespace logrx::report
