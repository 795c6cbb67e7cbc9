// FleetSummary: the fleet view of many HostReports — per article and per package, how
// many hosts are affected, fixed or unknown — and the run's totals.
//
//   FleetSummary fleet = SummarizeFleet(hosts);
//   RunStats stats = ComputeStats(info.files, hosts, diagnostics, cancelled);
//
// Both are pure functions of their inputs (sorted output, no clock), so a scan and a
// `logrx merge` of its shards give the same numbers. Thread-safe.
#ifndef LOGRX_REPORT_FLEET_SUMMARY_H_
#define LOGRX_REPORT_FLEET_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "advisor/host_report.h"
#include "core/diagnostic.h"
#include "report/sink.h"

namespace logrx::report {

struct ArticleTally {
  std::string article;  // "KB316772"
  std::string title;
  uint64_t affected = 0;       // hosts whose finding for it needs action
  uint64_t unknown = 0;        // ... is unknown (nothing proves the fix either way)
  uint64_t fixed = 0;          // ... is fixed
  uint64_t informational = 0;  // ... is informational
  std::vector<std::string> hosts_affected;  // names, sorted
  std::vector<std::string> hosts_unknown;
};

struct PackageTally {
  std::string package;  // "Q299444"
  std::string title;
  uint64_t to_install = 0;  // hosts with an install step for it serving a needs-action finding
  uint64_t unknown = 0;     // hosts with a step for it whose findings are unknown
  uint64_t fixed = 0;       // hosts where every check of it passed
  std::vector<std::string> hosts_to_install;  // names, sorted
  std::vector<std::string> hosts_unknown;     // names, sorted (needed there if not installed)
};

struct FleetSummary {
  std::vector<ArticleTally> articles;  // sorted by article id
  std::vector<PackageTally> packages;  // sorted by package id
};

FleetSummary SummarizeFleet(const std::vector<advisor::HostReport>& hosts);

// For sinks that see hosts one at a time: keeps only what SummarizeFleet reads (no
// facts, no matches), so a fleet of thousands of hosts stays small.
class FleetAccumulator {
 public:
  void Add(const advisor::HostReport& h);
  FleetSummary Finish() const { return SummarizeFleet(hosts_); }

 private:
  std::vector<advisor::HostReport> hosts_;
};

// Totals of a run from its file table, hosts and diagnostics (every RunStats field).
RunStats ComputeStats(const std::vector<FileEntry>& files,
                      const std::vector<advisor::HostReport>& hosts,
                      const std::vector<Diagnostic>& diagnostics, bool cancelled);

// True when a finding asks the admin for something (needs-action or unknown).
bool NeedsAttention(advisor::FixStatus s) noexcept;

// The host order of every report (scan and merge alike): ASCII-case-insensitive name,
// then the name itself, so it never depends on file order or thread count.
bool HostLess(const advisor::HostReport& a, const advisor::HostReport& b) noexcept;

// The order every sink and the merger use: by file, then offset, line, structure, text.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace logrx::report

#endif  // LOGRX_REPORT_FLEET_SUMMARY_H_
