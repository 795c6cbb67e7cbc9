#include "report/merge.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/numbers.h"

namespace logrx::report {

Status CheckJsonDepth(std::string_view text, size_t max_depth, std::string_view name) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return Status::InvalidArgument(fmt::format(
            "{} @{}: JSON nested deeper than {} levels; not a logrx report", name, i, max_depth));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return Status::Ok();
}

bool ParseShardLabel(std::string_view text, uint32_t& k, uint32_t& n) noexcept {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  uint32_t kk = 0, nn = 0;
  if (!ParseUnsigned(text.substr(0, slash), kk) || !ParseUnsigned(text.substr(slash + 1), nn) ||
      kk < 1 || kk > nn || nn > kMaxShards) {
    return false;
  }
  k = kk;
  n = nn;
  return true;
}

Status CheckParts(const std::vector<RunDocument>& parts, const std::vector<std::string>& names) {
  auto name = [&](size_t i) { return i < names.size() ? names[i] : fmt::format("part {}", i + 1); };
  if (parts.size() <= 1) return Status::Ok();
  uint32_t n = 0;
  std::map<uint32_t, size_t> part_of;  // K -> part
  for (size_t i = 0; i < parts.size(); ++i) {
    const RunInfo& info = parts[i].info;
    if (info.shard.empty()) {
      return Status::InvalidArgument(fmt::format(
          "{}: not a shard (written without --shard K/N); merge combines the shards of one run",
          name(i)));
    }
    uint32_t k = 0, total = 0;
    if (!ParseShardLabel(info.shard, k, total)) {
      return Status::InvalidArgument(fmt::format("{}: bad shard label '{}'", name(i), info.shard));
    }
    if (i == 0) {
      n = total;
    } else if (total != n) {
      return Status::InvalidArgument(fmt::format("{}: shard {} is of a {}-way split, {} is of {}",
                                                 name(i), info.shard, total, name(0), n));
    }
    const auto [it, inserted] = part_of.emplace(k, i);
    if (!inserted) {
      return Status::InvalidArgument(fmt::format("{}: shard {}/{} is also in {}", name(i), k, n,
                                                 name(it->second)));
    }
    const RunInfo& first = parts[0].info;
    auto differ = [&](const char* what) {
      return Status::InvalidArgument(fmt::format("{}: {} differ from {}; not shards of one run",
                                                 name(i), what, name(0)));
    };
    if (info.tool_version != first.tool_version) return differ("logrx versions");
    if (info.inputs != first.inputs) return differ("inputs");
    if (info.rules_digest != first.rules_digest) return differ("rules");
    if (info.kb_digest != first.kb_digest) return differ("knowledge bases");
  }
  std::string missing;
  size_t n_missing = 0;
  for (uint32_t k = 1; k <= n; ++k) {
    if (part_of.count(k) != 0) continue;
    if (++n_missing <= 10) missing += fmt::format("{}{}/{}", missing.empty() ? "" : ", ", k, n);
  }
  if (n_missing != 0) {
    return Status::InvalidArgument(fmt::format("shard{} {}{} {} missing (have {} of {})",
                                               n_missing == 1 ? "" : "s", missing,
                                               n_missing > 10 ? ", ..." : "",
                                               n_missing == 1 ? "is" : "are", part_of.size(), n));
  }
  return Status::Ok();
}

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
