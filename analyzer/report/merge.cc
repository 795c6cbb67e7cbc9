#include "report/merge.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

namespace logrx::report {

RunDocument MergeRuns(std::vector<RunDocument> parts, const std::vector<std::string>& names) {
  RunDocument out;
  bool cancelled = false;
  std::map<std::string, FileEntry> files;
  for (const RunDocument& p : parts) {
    if (out.info.tool_version.empty()) out.info.tool_version = p.info.tool_version;
    for (const std::string& in : p.info.inputs) {
      if (std::find(out.info.inputs.begin(), out.info.inputs.end(), in) == out.info.inputs.end()) {
        out.info.inputs.push_back(in);
      }
    }
    for (const FileEntry& f : p.info.files) files.emplace(f.path, f);
    cancelled = cancelled || p.stats.cancelled;
  }
  std::map<std::string, uint32_t> new_id;
  for (auto& [path, f] : files) {
    new_id[path] = static_cast<uint32_t>(out.info.files.size());
    out.info.files.push_back(std::move(f));
  }
  std::map<std::string, size_t> host_part;  // host name -> part it came from
  for (size_t i = 0; i < parts.size(); ++i) {
    RunDocument& p = parts[i];
    const std::string& name = i < names.size() ? names[i] : p.info.shard;
    for (advisor::HostReport& h : p.hosts) {
      auto [it, inserted] = host_part.emplace(h.host, i);
      if (!inserted) {
        Diagnostic d;
        d.severity = Severity::kWarning;
        d.file = name;
        d.structure = fmt::format("host {}", h.host);
        d.what = fmt::format("host also in {}; kept that report (merge inputs should be disjoint shards)",
                             it->second < names.size() ? names[it->second] : std::string("?"));
        out.diagnostics.push_back(std::move(d));
        continue;
      }
      for (advisor::Finding& f : h.findings) {
        for (rules::Match& m : f.matches) {
          for (rules::EvidenceRef& e : m.evidence) {
            const uint32_t old = e.where.file_id;
            if (old < p.info.files.size()) e.where.file_id = new_id[p.info.files[old].path];
          }
        }
      }
      out.hosts.push_back(std::move(h));
    }
    for (Diagnostic& d : p.diagnostics) out.diagnostics.push_back(std::move(d));
  }
  std::stable_sort(out.hosts.begin(), out.hosts.end(), HostLess);
  SortDiagnostics(out.diagnostics);
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.severity, a.file, a.offset, a.line, a.structure, a.what, a.bytes_dropped,
                    a.records_dropped) == std::tie(b.severity, b.file, b.offset, b.line,
                                                   b.structure, b.what, b.bytes_dropped,
                                                   b.records_dropped);
  };
  out.diagnostics.erase(std::unique(out.diagnostics.begin(), out.diagnostics.end(), same),
                        out.diagnostics.end());
  out.stats = ComputeStats(out.info.files, out.hosts, out.diagnostics, cancelled);
  return out;
}

}  // namespace logrx::report
