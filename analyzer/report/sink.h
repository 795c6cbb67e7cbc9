// report::Sink: printers are push sinks. The fleet/CLI layer calls Begin, then OnHost for
// each host (sorted by host name) and OnDiagnostic for each problem, then End once.
//
//   TextSink text(out, TextOptions{.color = false});
//   text.Begin(info); for (auto& h : hosts) text.OnHost(h); text.End(stats);
//
// A sink writes to the std::FILE* (or buffer) it was given and knows nothing of how the
// data was produced. Not thread-safe: one thread drives a sink.
#ifndef LOGRX_REPORT_SINK_H_
#define LOGRX_REPORT_SINK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/host_report.h"
#include "core/diagnostic.h"

namespace logrx::report {

inline constexpr int kSchemaVersion = 1;

// One input file of the run. `files[SourceLoc::file_id]` names the file an evidence
// reference points to. Paths are as the user gave them (relative stays relative).
enum class FileStatus : uint8_t {
  kRead,     // opened and read to the end (damage inside is in the diagnostics)
  kFailed,   // could not be opened or read at all
  kSkipped,  // not an event log (or an inventory file): not read for events
  kNotRead,  // never opened: the run was interrupted (Ctrl-C) before its turn
};
// "read", "failed", "skipped", "not-read"
std::string_view FileStatusName(FileStatus s) noexcept;

struct FileEntry {
  std::string path;
  std::string format;              // "evtx", "evt", "xml", "text", "" when unknown
  FileStatus status = FileStatus::kRead;
  uint64_t bytes = 0;              // bytes consumed
  uint64_t events = 0;             // events read (all hosts, including other shards')
  uint64_t events_damaged = 0;     // read with a checksum mismatch
  uint64_t events_recovered = 0;   // carved with --recover
};

// Begin() is called once the inputs have been read, so the file table is complete.
struct RunInfo {
  std::string tool_version;            // "0.1.0"
  std::vector<std::string> inputs;     // as given on the command line
  std::string shard;                   // "2/8" or ""
  // Provenance of a sharded run, for `logrx merge` (written only when shard is set):
  // "fnv1a64:<16 hex>" of the rule files and of the KB files (names and bytes).
  std::string rules_digest;
  std::string kb_digest;
  std::vector<FileEntry> files;        // sorted by path; index = SourceLoc::file_id
};

struct RunStats {
  uint64_t files_read = 0;        // files that yielded events
  uint64_t files_failed = 0;      // files that could not be read at all
  uint64_t files_skipped = 0;     // not event logs (unsupported)
  uint64_t files_not_read = 0;    // never opened: the run was interrupted
  uint64_t bytes_read = 0;
  uint64_t events_read = 0;
  uint64_t events_damaged = 0;    // read with a checksum mismatch
  uint64_t events_recovered = 0;  // carved with --recover
  uint64_t diagnostics_error = 0;
  uint64_t diagnostics_warning = 0;
  uint64_t hosts = 0;
  uint64_t hosts_needing_action = 0;
  uint64_t hosts_unknown = 0;
  uint64_t hosts_fixed = 0;       // had findings, all fixed (or fixed and informational)
  uint64_t hosts_informational = 0;  // had findings, all informational (nothing was fixed)
  uint64_t hosts_clean = 0;       // no findings at all
  bool cancelled = false;         // stopped early (Ctrl-C): results are partial
};

// A finished run: what `scan` produces and a sink is fed, and what `merge` reads back
// from `--format json`.
struct RunDocument {
  RunInfo info;                            // inputs, shard, file table
  std::vector<advisor::HostReport> hosts;  // sorted by HostLess
  std::vector<Diagnostic> diagnostics;     // sorted (SortDiagnostics)
  RunStats stats;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Begin(const RunInfo& info) = 0;
  virtual void OnHost(const advisor::HostReport& host) = 0;
  virtual void OnDiagnostic(const Diagnostic& d) = 0;
  virtual void End(const RunStats& stats) = 0;
};

}  // namespace logrx::report

#endif  // LOGRX_REPORT_SINK_H_
