// Scanner: reads a fleet's event logs on all cores and turns them into per-host reports.
//
//   ScanOptions o;  o.inputs = {"fleet/"};  o.jobs = 8;
//   ScanResult r = Scan(o, *stages);          // then report::Replay(sink, r.info, r.hosts, ...)
//
// Pipeline: Walk -> one Scheduler of `jobs` threads runs a task per file (largest first)
// and, for an EVTX file that would otherwise leave workers idle (one of the last `jobs`
// files, or larger than its share of the rest), has its chunks decoded and matched by
// every thread of the pool, folded in in file order (fleet/ordered_units.h) -> per
// event rules::HostKey, ScanStages::Select and ScanStages::Observe into per-(file, host) state -> per
// host, in file order: MergeFacts, inventory and --root facts, then CorrelateHost (which
// drops the same record read from two files, and lets a rule suppress another only where
// the facts do not rule its article out), Advise -> hosts sorted by report::HostLess.
// Output never depends on thread count: per-file state is merged in file-path order.
//
// Sharding (--shard K/N) keeps the hosts whose FNV-1a hash of rules::HostKey(computer) is K-1
// modulo N. A host's files are only known once read, so every shard reads every file and
// drops other shards' events before matching: the split is stable (independent of file
// order and thread count) and `logrx merge` of all shards equals the single run.
//
// Never fails as a whole: unreadable inputs become diagnostics and failed file entries.
// Cancel: set *cancel; the readers' loop stops within one event and the result is
// marked cancelled (partial). Thread-safety: Scan is reentrant; `counters` is written
// from worker threads (atomics) and may be polled by any thread for progress.
#ifndef LOGRX_FLEET_SCANNER_H_
#define LOGRX_FLEET_SCANNER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "advisor/host_report.h"
#include "core/diagnostic.h"
#include "core/status.h"
#include "fleet/scan_stages.h"
#include "report/sink.h"

namespace logrx::fleet {

struct Shard {
  uint32_t index = 0;  // 1-based K
  uint32_t count = 0;  // N; 0 means no sharding
};

// "K/N" with 1 <= K <= N <= 65536.
Result<Shard> ParseShard(std::string_view text);
// Whether the host is in the shard: the 64-bit FNV-1a of the key's bytes (core/fnv1a.h).
bool InShard(std::string_view host_key, const Shard& shard) noexcept;

// Live counters for a progress display (the library never reads the clock).
struct ScanCounters {
  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> files_done{0};
  std::atomic<uint64_t> bytes_total{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<uint64_t> events{0};
  std::atomic<uint64_t> hosts{0};  // distinct hosts seen by finished files (approximate)
};

// Diagnostics kept per input file; the rest are counted in one closing diagnostic.
inline constexpr uint64_t kMaxDiagnosticsPerFile = 200;

struct ScanOptions {
  std::vector<std::string> inputs;
  unsigned jobs = 1;
  bool recover = false;
  bool strict = false;
  Shard shard;
  std::string inventory;  // file or folder of inventories; "" for none. Folders named
                          // "inventory" inside the scanned trees are loaded too.
  std::string root;       // mounted system root (one host) or a folder of them (per host)
  const std::atomic<bool>* cancel = nullptr;
  ScanCounters* counters = nullptr;
  const readers::MessageRenderer* messages = nullptr;
  std::string tool_version;
  // Provenance written into a sharded run's JSON (report::RunInfo::rules_digest, kb_digest).
  std::string rules_digest;
  std::string kb_digest;
  bool follow = false;     // follow symlinks that leave the inputs (WalkOptions::follow)
  std::string stdin_file;  // the input "-" is this file (standard input copied by the CLI)
};

using ScanResult = report::RunDocument;

ScanResult Scan(const ScanOptions& options, const ScanStages& stages);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_SCANNER_H_
