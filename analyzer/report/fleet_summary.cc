#include "report/fleet_summary.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace logrx::report {

using advisor::FixStatus;

std::string_view FileStatusName(FileStatus s) noexcept {
  switch (s) {
    case FileStatus::kRead: return "read";
    case FileStatus::kFailed: return "failed";
    case FileStatus::kSkipped: return "skipped";
    case FileStatus::kNotRead: return "not-read";
  }
  return "read";
}

bool NeedsAttention(FixStatus s) noexcept {
  return s == FixStatus::kNeedsAction || s == FixStatus::kUnknown;
}

FleetSummary SummarizeFleet(const std::vector<advisor::HostReport>& hosts) {
  std::map<std::string, ArticleTally> articles;
  std::map<std::string, PackageTally> packages;
  std::set<std::string> collect_titled;  // packages whose title so far is a collect step's
  for (const advisor::HostReport& h : hosts) {
    std::map<std::string, FixStatus> status_of_article;
    for (const advisor::Finding& f : h.findings) {
      ArticleTally& a = articles[f.article];
      a.article = f.article;
      if (a.title.empty()) a.title = f.title;
      // One host counts once per article: its worst finding for that article.
      auto [it, inserted] = status_of_article.emplace(f.article, f.status);
      if (!inserted && f.status < it->second) it->second = f.status;
    }
    for (const auto& [article, status] : status_of_article) {
      ArticleTally& a = articles[article];
      switch (status) {
        case FixStatus::kNeedsAction: ++a.affected; a.hosts_affected.push_back(h.host); break;
        case FixStatus::kUnknown: ++a.unknown; a.hosts_unknown.push_back(h.host); break;
        case FixStatus::kFixed: ++a.fixed; break;
        case FixStatus::kInformational: ++a.informational; break;
      }
    }
    // Packages: a plan step serves articles; its status is the worst of theirs.
    std::map<std::string, FixStatus> status_of_package;
    for (const advisor::PlanStep& s : h.plan) {
      if (s.package.empty()) continue;
      PackageTally& p = packages[s.package];
      p.package = s.package;
      // A collect step's title ("Verify Q299444 from the host's files...") names the package
      // only until a step that installs or checks it gives its own title.
      const bool collect = s.kind == advisor::StepKind::kCollect;
      if (p.title.empty() || (!collect && collect_titled.erase(s.package) > 0)) {
        p.title = s.title;
        if (collect) collect_titled.insert(s.package);
      }
      FixStatus worst = FixStatus::kInformational;
      for (const std::string& art : s.for_articles) {
        auto it = status_of_article.find(art);
        if (it != status_of_article.end() && it->second < worst) worst = it->second;
      }
      if (s.for_articles.empty()) worst = FixStatus::kUnknown;
      auto [it, inserted] = status_of_package.emplace(s.package, worst);
      if (!inserted && worst < it->second) it->second = worst;
    }
    // A package checked on a host but not in its plan, with every check passing: fixed.
    std::map<std::string, bool> checked_all_pass;
    for (const advisor::Finding& f : h.findings) {
      for (const advisor::CheckResult& c : f.checks) {
        if (c.package.empty()) continue;
        const bool pass = c.verdict == advisor::Verdict::kFixed ||
                          c.verdict == advisor::Verdict::kNewer;
        auto [it, inserted] = checked_all_pass.emplace(c.package, pass);
        if (!inserted) it->second = it->second && pass;
      }
    }
    for (const auto& [pkg, status] : status_of_package) {
      PackageTally& p = packages[pkg];
      if (status == FixStatus::kNeedsAction) {
        ++p.to_install;
        p.hosts_to_install.push_back(h.host);
      } else if (status == FixStatus::kUnknown) {
        ++p.unknown;
        p.hosts_unknown.push_back(h.host);
      }
    }
    for (const auto& [pkg, pass] : checked_all_pass) {
      if (!pass || status_of_package.count(pkg) != 0) continue;
      PackageTally& p = packages[pkg];
      p.package = pkg;
      ++p.fixed;
    }
  }
  FleetSummary out;
  for (auto& [id, a] : articles) {
    std::sort(a.hosts_affected.begin(), a.hosts_affected.end());
    std::sort(a.hosts_unknown.begin(), a.hosts_unknown.end());
    out.articles.push_back(std::move(a));
  }
  for (auto& [id, p] : packages) {
    std::sort(p.hosts_to_install.begin(), p.hosts_to_install.end());
    std::sort(p.hosts_unknown.begin(), p.hosts_unknown.end());
    out.packages.push_back(std::move(p));
  }
  return out;
}

void FleetAccumulator::Add(const advisor::HostReport& h) {
  advisor::HostReport slim;
  slim.host = h.host;
  slim.overall = h.overall;
  slim.plan = h.plan;
  for (const advisor::Finding& f : h.findings) {
    advisor::Finding x;
    x.article = f.article;
    x.title = f.title;
    x.status = f.status;
    x.checks = f.checks;
    slim.findings.push_back(std::move(x));
  }
  hosts_.push_back(std::move(slim));
}

RunStats ComputeStats(const std::vector<FileEntry>& files,
                      const std::vector<advisor::HostReport>& hosts,
                      const std::vector<Diagnostic>& diagnostics, bool cancelled) {
  RunStats s;
  for (const FileEntry& f : files) {
    switch (f.status) {
      case FileStatus::kRead: ++s.files_read; break;
      case FileStatus::kFailed: ++s.files_failed; break;
      case FileStatus::kSkipped: ++s.files_skipped; break;
      case FileStatus::kNotRead: ++s.files_not_read; break;
    }
    s.bytes_read += f.bytes;
    s.events_read += f.events;
    s.events_damaged += f.events_damaged;
    s.events_recovered += f.events_recovered;
  }
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) ++s.diagnostics_error;
    if (d.severity == Severity::kWarning) ++s.diagnostics_warning;
  }
  s.hosts = hosts.size();
  for (const advisor::HostReport& h : hosts) {
    if (h.findings.empty()) {
      ++s.hosts_clean;
      continue;
    }
    switch (h.overall) {
      case FixStatus::kNeedsAction: ++s.hosts_needing_action; break;
      case FixStatus::kUnknown: ++s.hosts_unknown; break;
      case FixStatus::kFixed: ++s.hosts_fixed; break;
      case FixStatus::kInformational: ++s.hosts_informational; break;
    }
  }
  s.cancelled = cancelled;
  return s;
}

bool HostLess(const advisor::HostReport& a, const advisor::HostReport& b) noexcept {
  const size_t n = std::min(a.host.size(), b.host.size());
  for (size_t i = 0; i < n; ++i) {
    auto lower = [](char c) {
      return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    };
    const unsigned char x = lower(a.host[i]), y = lower(b.host[i]);
    if (x != y) return x < y;
  }
  if (a.host.size() != b.host.size()) return a.host.size() < b.host.size();
  return a.host < b.host;
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.offset, a.line, a.structure, a.what, a.severity,
                                     a.bytes_dropped, a.records_dropped) <
                            std::tie(b.file, b.offset, b.line, b.structure, b.what, b.severity,
                                     b.bytes_dropped, b.records_dropped);
                   });
}

}  // namespace logrx::report
