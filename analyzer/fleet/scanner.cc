#include "fleet/scanner.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include "core/fnv1a.h"
#include "core/host_from_path.h"
#include "fleet/ordered_units.h"
#include "fleet/inventory_sniff.h"
#include "inventory/inventory_formats.h"
#include "fleet/scheduler.h"
#include "fleet/walk.h"
#include "rules/hit_store.h"
#include "rules/host_key.h"
#include "report/fleet_summary.h"
#include "report/merge.h"

namespace logrx::fleet {

namespace {

struct HostAcc {
  std::string display;  // Computer as the first event wrote it
  inventory::HostFacts facts;
  rules::HitStore hits;  // bounded by rules x capture keys for foldable rules
  uint64_t events = 0;
};

struct FileWork {
  report::FileEntry entry;
  std::map<std::string, HostAcc> hosts;  // by host key
  bool cancelled = false;
};

// Events are added to the shared counters in batches so workers don't contend.
constexpr uint64_t kCounterBatch = 4096;

bool Cancelled(const ScanOptions& o) {
  return o.cancel != nullptr && o.cancel->load(std::memory_order_relaxed);
}

void Note(DiagnosticSink& sink, Severity sev, const std::string& file, std::string what) {
  Diagnostic d;
  d.severity = sev;
  d.file = file;
  d.what = std::move(what);
  sink.Report(d);
}

// Passes on a file's first kMaxDiagnosticsPerFile diagnostics and counts the rest, so a
// file that is garbage from end to end cannot fill memory with reports; Finish() says how
// many were not listed (`logrx dump FILE` prints them all, streaming).
class CappedSink final : public DiagnosticSink {
 public:
  CappedSink(DiagnosticSink& to, std::string file) : to_(to), file_(std::move(file)) {}
  void Report(const Diagnostic& d) override {
    if (passed_ < kMaxDiagnosticsPerFile) {
      ++passed_;
      to_.Report(d);
      return;
    }
    ++dropped_;
    if (d.severity == Severity::kError) ++dropped_errors_;
  }
  void Finish() {
    if (dropped_ == 0) return;
    Diagnostic d;
    d.severity = dropped_errors_ != 0 ? Severity::kError : Severity::kWarning;
    d.file = file_;
    d.what = fmt::format("{} more diagnostic(s) for this file not listed ({} errors; at most {} "
                         "per file; `logrx dump` lists them all)",
                         dropped_, dropped_errors_, kMaxDiagnosticsPerFile);
    to_.Report(d);
  }

 private:
  DiagnosticSink& to_;
  std::string file_;
  uint64_t passed_ = 0, dropped_ = 0, dropped_errors_ = 0;
};

// `ahead`: the pool to decode the file's next chunks on, or null to read it on this
// thread only.
void ReadOneFileCapped(const ScanOptions& o, const ScanStages& stages, Scheduler* ahead,
                       uint32_t file_id, const WalkedFile& wf, DiagnosticSink& sink,
                       FileWork& work);

void ReadOneFile(const ScanOptions& o, const ScanStages& stages, Scheduler* ahead,
                 uint32_t file_id, const WalkedFile& wf, DiagnosticSink& all, FileWork& work) {
  CappedSink sink(all, wf.path);
  ReadOneFileCapped(o, stages, ahead, file_id, wf, sink, work);
  sink.Finish();
}

// Opens `wf` for events. On failure notes why, marks the entry skipped (a format the
// readers do not support) or failed, and returns null.
std::unique_ptr<readers::EventReader> OpenForEvents(const ScanOptions& o, const ScanStages& stages,
                                                    uint32_t file_id, const WalkedFile& wf,
                                                    DiagnosticSink& sink, FileWork& work) {
  readers::ReaderOptions ro;
  ro.file_id = file_id;
  ro.display_path = wf.path;
  ro.recover = o.recover;
  ro.strict = o.strict;
  ro.messages = o.messages;
  ro.cancel = o.cancel;  // a reader deep in one huge record stops too
  Result<std::unique_ptr<readers::EventReader>> opened =
      stages.Open(wf.open_path.empty() ? wf.path : wf.open_path, ro, sink);
  if (opened.ok()) return std::move(opened).value();
  const bool unsupported = opened.status().code() == StatusCode::kUnsupported;
  work.entry.status = unsupported ? report::FileStatus::kSkipped : report::FileStatus::kFailed;
  Note(sink, unsupported ? Severity::kNote : Severity::kError, wf.path,
       unsupported ? fmt::format("not read: {}", opened.status().message())
                   : fmt::format("cannot read: {}", opened.status().ToString()));
  return nullptr;
}

// Finds the host an event of one file belongs to. Most files hold one host: the key is
// computed once per change of Computer. Events without a computer name take the host the
// file's path names (said once, in a note).
class HostRouter {
 public:
  HostRouter(const ScanOptions& o, const ScanStages& stages, const WalkedFile& wf,
             DiagnosticSink& sink, FileWork& work)
      : o_(o), stages_(stages), wf_(wf), sink_(sink), work_(work) {}

  // The host's accumulator, or null when the host is not in this run's shard. May set
  // ev.computer (see above).
  HostAcc* For(Event& ev) {
    if (ev.computer.empty()) {  // no Computer column (Vista+ CSV/text): the path names it
      if (path_host_.empty()) {
        path_host_ = HostFromPath(wf_.path);
        Note(sink_, Severity::kNote, wf_.path,
             path_host_.empty() ? std::string("events name no computer")
                                : fmt::format("events name no computer; host '{}' taken from the path",
                                              path_host_));
      }
      ev.computer = path_host_;
    }
    if (have_last_ && ev.computer == last_computer_) return acc_;
    have_last_ = true;
    last_computer_.assign(ev.computer);
    std::string key = rules::HostKey(ev.computer);
    if (!InShard(key, o_.shard)) return acc_ = nullptr;
    acc_ = &work_.hosts.try_emplace(key, HostAcc{{}, {}, rules::HitStore(stages_.fold_policy()), 0})
                .first->second;
    if (acc_->display.empty() && acc_->events == 0) {
      acc_->display = last_computer_;
      acc_->facts.host = last_computer_;
    }
    return acc_;
  }

 private:
  const ScanOptions& o_;
  const ScanStages& stages_;
  const WalkedFile& wf_;
  DiagnosticSink& sink_;
  FileWork& work_;
  std::string last_computer_;
  std::string path_host_;  // for events without a computer name
  bool have_last_ = false;
  HostAcc* acc_ = nullptr;
};

void ScanEvents(const ScanOptions& o, const ScanStages& stages, readers::EventReader& reader,
                HostRouter& hosts, DiagnosticSink& sink, FileWork& work) {
  Event ev;
  std::vector<rules::Hit> scratch;  // one event's hits, folded into acc->hits at once
  uint64_t batch = 0;
  for (;;) {
    if (Cancelled(o)) {
      work.cancelled = true;
      break;
    }
    Status s = reader.Next(ev);
    if (s.end()) break;
    if (s.code() == StatusCode::kCancelled) {
      work.cancelled = true;
      break;
    }
    if (!s.ok()) {
      Note(sink, Severity::kError, work.entry.path,
           fmt::format("reading stopped: {}", s.ToString()));
      break;
    }
    ++work.entry.events;
    if (ev.integrity == Integrity::kChecksumMismatch) ++work.entry.events_damaged;
    if (ev.integrity == Integrity::kRecovered) ++work.entry.events_recovered;
    if (++batch == kCounterBatch) {
      if (o.counters != nullptr) o.counters->events.fetch_add(batch, std::memory_order_relaxed);
      batch = 0;
    }
    HostAcc* acc = hosts.For(ev);
    if (acc == nullptr) continue;
    ++acc->events;
    scratch.clear();
    stages.Select(ev, scratch);
    acc->hits.AddEventHits(scratch);
    stages.Observe(ev, acc->facts);
  }
  if (o.counters != nullptr) o.counters->events.fetch_add(batch, std::memory_order_relaxed);
}

// What ScanEvents does for one event, split in two: Process, on the thread that decoded a
// chunk, matches its events against the rules (the bulk of the work) and keeps the hits
// and the events host facts may come from; EmitOldest, in file order, routes them to the
// hosts and counts. One per thread; a chunk's events never leave the thread.
class UnitScanner final : public UnitConsumer {
 public:
  UnitScanner(const ScanOptions& o, const ScanStages& stages, const WalkedFile& wf,
              HostRouter& hosts, FileWork& work)
      : o_(o), stages_(stages), wf_(wf), hosts_(hosts), work_(work) {}

  void Process(std::span<const Event> events) override {
    Unit& u = kept_.emplace_back();
    bool in_shard = false;
    for (const Event& ev : events) {
      ++u.events;
      if (ev.integrity == Integrity::kChecksumMismatch) ++u.damaged;
      if (ev.integrity == Integrity::kRecovered) ++u.recovered;
      if (u.runs.empty() || u.runs.back().computer != ev.computer) {
        u.runs.push_back({std::string(ev.computer), 0});
        in_shard = InShard(rules::HostKey(HostOf(ev)), o_.shard);  // as HostRouter::For
      }
      ++u.runs.back().events;
      if (!in_shard) continue;
      // HostRouter::For gives an event without a computer name the path's host first.
      const Event* e = &ev;
      if (ev.computer.empty()) {
        named_ = ev;
        named_.computer = HostOf(ev);
        e = &named_;
      }
      scratch_.clear();
      stages_.Select(*e, scratch_);
      const bool observe = stages_.MayObserve(*e);
      if (scratch_.empty() && !observe) continue;
      Matched& m = u.matched.emplace_back();
      m.run = u.runs.size() - 1;
      if (!scratch_.empty()) m.hits = std::move(scratch_);  // else scratch_ keeps its memory
      if (observe) m.event.emplace(*e);
    }
  }

  bool EmitOldest() override {
    Unit& u = kept_.front();
    work_.entry.events += u.events;
    work_.entry.events_damaged += u.damaged;
    work_.entry.events_recovered += u.recovered;
    if (o_.counters != nullptr) o_.counters->events.fetch_add(u.events, std::memory_order_relaxed);
    size_t next = 0;  // u.matched[next] is the first of run r or a later one
    for (size_t r = 0; r < u.runs.size(); ++r) {
      Event probe;
      probe.computer = u.runs[r].computer;
      HostAcc* acc = hosts_.For(probe);
      if (acc != nullptr) acc->events += u.runs[r].events;
      for (; next < u.matched.size() && u.matched[next].run == r; ++next) {
        if (acc == nullptr) continue;
        Matched& m = u.matched[next];
        acc->hits.AddEventHits(m.hits);
        if (m.event) stages_.Observe(m.event->view(), acc->facts);
      }
    }
    kept_.pop_front();
    return true;
  }

 private:
  struct Run {
    std::string computer;  // as the events wrote it (maybe empty)
    uint64_t events = 0;
  };
  struct Matched {
    size_t run = 0;  // index into Unit::runs
    std::vector<rules::Hit> hits;
    std::optional<OwnedEvent> event;  // for Observe, when host facts may come from it
  };
  struct Unit {
    uint64_t events = 0, damaged = 0, recovered = 0;
    std::vector<Run> runs;  // consecutive events of one computer name
    std::vector<Matched> matched;
  };

  std::string_view HostOf(const Event& ev) {
    if (!ev.computer.empty()) return ev.computer;
    if (!path_host_) path_host_ = HostFromPath(wf_.path);
    return *path_host_;
  }

  const ScanOptions& o_;
  const ScanStages& stages_;
  const WalkedFile& wf_;
  HostRouter& hosts_;  // EmitOldest only (one thread at a time)
  FileWork& work_;     // likewise
  std::deque<Unit> kept_;
  std::vector<rules::Hit> scratch_;
  Event named_;  // an event given the path's host
  std::optional<std::string> path_host_;
};

void ScanUnits(const ScanOptions& o, const ScanStages& stages, const WalkedFile& wf,
               readers::UnitEventReader& reader, Scheduler& pool, HostRouter& hosts,
               DiagnosticSink& sink, FileWork& work) {
  const Status s = ConsumeUnitsInOrder(reader, pool, [&] {
    return std::make_unique<UnitScanner>(o, stages, wf, hosts, work);
  });
  if (s.code() == StatusCode::kCancelled) {
    work.cancelled = true;
  } else if (!s.end() && !s.ok()) {
    Note(sink, Severity::kError, wf.path, fmt::format("reading stopped: {}", s.ToString()));
  }
}

void ReadOneFileCapped(const ScanOptions& o, const ScanStages& stages, Scheduler* ahead,
                       uint32_t file_id, const WalkedFile& wf, DiagnosticSink& sink,
                       FileWork& work) {
  work.entry.path = wf.path;
  if (wf.skip != Skip::kNone) {
    work.entry.status = report::FileStatus::kSkipped;
    Note(sink, Severity::kNote, wf.path, wf.skip_reason + "; skipped");
    return;
  }
  const std::unique_ptr<readers::EventReader> opened = OpenForEvents(o, stages, file_id, wf, sink, work);
  if (opened == nullptr) return;
  readers::EventReader& reader = *opened;
  work.entry.format = std::string(InputFormatName(reader.format()));
  HostRouter hosts(o, stages, wf, sink, work);
  // One big file uses every core: each thread matches the chunks it decoded and folds the
  // results in, in file order (diagnostics too).
  readers::UnitEventReader* units = ahead != nullptr && ahead->jobs() > 1 ? reader.unit_reader()
                                                                          : nullptr;
  if (units != nullptr && units->units().unit_count() > 1) {
    ScanUnits(o, stages, wf, *units, *ahead, hosts, sink, work);
  } else {
    ScanEvents(o, stages, reader, hosts, sink, work);
  }
  work.entry.bytes = reader.bytes_consumed();
  if (work.cancelled) {
    Note(sink, Severity::kWarning, wf.path,
         fmt::format("interrupted after {} bytes and {} events; the rest of the file was not read",
                     work.entry.bytes, work.entry.events));
  }
}

// How a file given among the logs that is an inventory export is listed (its skip reason).
constexpr std::string_view kUsedAsInventory = "an inventory export";

struct GlobalHost {
  std::string display;
  inventory::HostFacts facts;
  rules::HitStore hits;
  uint64_t events = 0;
  std::vector<std::string> files;
};

// A path named on the command line that gave no event at all is an error with the reason:
// "file is empty", "not an event log", "folder holds no files"... A path that
// could not be walked was reported by Walk already. A path whose files were all used as
// inventory exports gave what it had to give, as long as some other path gave events.
void ReportEmptyInputs(const std::vector<std::string>& inputs, const std::vector<WalkedFile>& walked,
                       const std::vector<report::FileEntry>& entries, DiagnosticSink& diags) {
  uint64_t run_events = 0;
  for (const report::FileEntry& e : entries) run_events += e.events;
  for (const std::string& raw : inputs) {
    std::string in = raw;
    while (in.size() > 1 && in.back() == '/') in.pop_back();
    in = DisplayPath(in);  // walked paths are in display form (names that are not UTF-8)
    uint64_t files = 0, events = 0, size = 0, read = 0, inventories = 0;
    bool is_file = false, any_walked = false;
    for (size_t i = 0; i < walked.size(); ++i) {
      const std::string& p = walked[i].path;
      const bool self = p == in;
      const bool below = p.size() > in.size() && p.compare(0, in.size(), in) == 0 &&
                         (in.back() == '/' || p[in.size()] == '/');
      if (!self && !below) continue;
      any_walked = true;
      is_file = is_file || self;
      ++files;
      events += entries[i].events;
      size += walked[i].size;
      if (entries[i].status == report::FileStatus::kRead) ++read;
      if (walked[i].skip == Skip::kUsedAsInventory) ++inventories;
    }
    if (events != 0 || (run_events != 0 && any_walked && inventories == files)) continue;
    struct stat st {};
    const bool exists = ::stat(raw == "-" ? "/dev/null" : raw.c_str(), &st) == 0;
    if (!any_walked && (!exists || !S_ISDIR(st.st_mode))) continue;  // Walk said why
    std::string why;
    if (!any_walked) {
      why = "folder holds no files to read (names starting with '.' are ignored)";
    } else if (is_file) {
      why = size == 0   ? "file is empty"
            : read == 0 ? "not read as an event log (see the diagnostic for this file)"
                        : "no events in it";
    } else {
      why = fmt::format("no events in the {} file(s) below it ({} read as event logs)", files, read);
    }
    Note(diags, Severity::kError, raw, fmt::format("no events read: {}", why));
  }
}

}  // namespace

bool InShard(std::string_view host_key, const Shard& shard) noexcept {
  if (shard.count == 0) return true;
  return Fnv1a64(host_key) % shard.count == shard.index - 1;
}

Result<Shard> ParseShard(std::string_view text) {
  Shard s;
  if (!report::ParseShardLabel(text, s.index, s.count)) {
    return Status::InvalidArgument(
        fmt::format("--shard '{}': want K/N with 1 <= K <= N (e.g. 2/8)", text));
  }
  return s;
}

namespace {

// The walk of the inputs; --inventory (a folder or a regular file) and the inventory folders
// found below the inputs are appended to `inventories`.
std::vector<WalkedFile> WalkInputs(const ScanOptions& o, std::vector<std::string>& inventories,
                                   DiagnosticSink& diags) {
  WalkOptions wo;
  wo.follow = o.follow;
  wo.stdin_file = o.stdin_file;
  if (!o.inventory.empty()) {
    // Only a folder or a regular file: a FIFO would block its reader, a device never end.
    struct stat st {};
    if (::stat(o.inventory.c_str(), &st) != 0) {
      Note(diags, Severity::kError, o.inventory,
           fmt::format("--inventory: cannot read: {}", std::strerror(errno)));
    } else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
      Note(diags, Severity::kError, o.inventory,
           "--inventory: not a regular file or folder (FIFO, device or socket); not read");
    } else {
      wo.skip_dirs.push_back(o.inventory);
      inventories.push_back(o.inventory);
    }
  }
  wo.inventory_dirs = &inventories;
  if (!o.root.empty()) wo.skip_dirs.push_back(o.root);
  return Walk(o.inputs, wo, diags);
}

// Inventory exports among the logs (a file listing, a .reg of the Hotfix key, systeminfo
// or qfe CSV) are used as inventories and not read for events. Returns their paths.
std::vector<std::string> MarkInventoryExports(std::vector<WalkedFile>& files) {
  std::vector<std::string> sniffed;
  for (WalkedFile& f : files) {
    if (f.skip != Skip::kNone && f.skip != Skip::kRegistryExport) continue;
    const std::string kind = InventoryKindOf(f.path);
    if (kind.empty()) continue;
    sniffed.push_back(f.path);
    f.skip = Skip::kUsedAsInventory;
    f.skip_reason = fmt::format("{} ({}), used as inventory: not read for events",
                                kUsedAsInventory, kind);
  }
  return sniffed;
}

// Reads every file for events on `pool`, largest first; results land by file id.
std::vector<FileWork> ReadFiles(const ScanOptions& o, const ScanStages& stages,
                                const std::vector<WalkedFile>& files, Scheduler& pool,
                                DiagnosticSink& diags) {
  if (o.counters != nullptr) {
    uint64_t bytes = 0;
    for (const WalkedFile& f : files) bytes += f.skip == Skip::kNone ? f.size : 0;
    o.counters->files_total.store(files.size());
    o.counters->bytes_total.store(bytes);
  }
  // Largest files first keeps every core busy to the end.
  std::vector<size_t> order(files.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return files[a].size > files[b].size; });
  std::vector<FileWork> work(files.size());
  std::mutex hosts_mu;
  std::map<std::string, bool> seen_hosts;  // for the progress counter only
  // Bytes of the files that start after the k-th (the pool starts them in `order`).
  std::vector<uint64_t> bytes_after(order.size() + 1, 0);
  for (size_t k = order.size(); k-- > 0;) bytes_after[k] = bytes_after[k + 1] + files[order[k]].size;
  pool.ForEach(order.size(), [&](size_t k) {
    const size_t i = order[k];
    if (Cancelled(o)) {
      work[i].entry.path = files[i].path;
      work[i].entry.status = report::FileStatus::kNotRead;
      work[i].cancelled = true;
      Note(diags, Severity::kWarning, files[i].path, "not read: the run was interrupted");
      return;
    }
    // A file's chunks are shared with the pool's other threads only when they would run
    // out of files before it ends: it is one of the last `jobs` to start, or larger than
    // its share of all that starts after it. Many files of similar size keep every core
    // busy by themselves, one thread per file.
    const bool ahead = order.size() - k <= pool.jobs() ||
                       files[i].size * pool.jobs() >= bytes_after[k + 1];
    ReadOneFile(o, stages, ahead ? &pool : nullptr, static_cast<uint32_t>(i), files[i], diags,
                work[i]);
    if (o.counters != nullptr) {
      o.counters->files_done.fetch_add(1);
      o.counters->bytes_done.fetch_add(files[i].size);
      std::lock_guard<std::mutex> lock(hosts_mu);
      for (const auto& [key, acc] : work[i].hosts) seen_hosts.emplace(key, true);
      o.counters->hosts.store(seen_hosts.size());
    }
  });
  return work;
}

// Folds the files' per-host results into one entry per host key (file order) and moves
// the file entries to `entries`; `cancelled` is set when a file was interrupted.
std::map<std::string, GlobalHost> MergeHosts(const ScanStages& stages, std::vector<FileWork> work,
                                             std::vector<report::FileEntry>& entries,
                                             bool& cancelled) {
  std::map<std::string, GlobalHost> hosts;
  for (FileWork& w : work) {
    cancelled = cancelled || w.cancelled;
    entries.push_back(w.entry);
    for (auto& [key, acc] : w.hosts) {
      auto [it, inserted] = hosts.try_emplace(key);
      GlobalHost& g = it->second;
      if (inserted) {
        g.display = acc.display;
        g.facts = std::move(acc.facts);
      } else {
        stages.MergeFacts(g.facts, acc.facts);
      }
      g.events += acc.events;
      if (inserted) g.hits = rules::HitStore(stages.fold_policy());
      g.hits.Merge(std::move(acc.hits));
      g.files.push_back(w.entry.path);
    }
    w.hosts.clear();
  }
  return hosts;
}

// Adds the facts of the inventory folders/files and of the exports found among the logs.
void AddInventories(const ScanStages& stages, const std::vector<std::string>& inventories,
                    const std::vector<std::string>& sniffed,
                    std::map<std::string, GlobalHost>& hosts, DiagnosticSink& diags) {
  if (inventories.empty() && sniffed.empty()) return;
  std::map<std::string, inventory::HostFacts> inv;
  for (const std::string& dir : inventories) {
    Status s = stages.LoadInventory(dir, inv, diags);
    if (!s.ok()) Note(diags, Severity::kError, dir, fmt::format("inventory: {}", s.ToString()));
  }
  // Without a host column, such a file's host is named by its path (HostFromPath).
  for (const std::string& path : sniffed) LoadSniffedInventory(path, inv, diags);
  for (auto& [key, g] : hosts) {
    auto it = inv.find(key);
    if (it != inv.end()) stages.MergeFacts(g.facts, it->second);
  }
}

// --root: one host's system root, or a folder per host when there are several.
void AddSystemRoots(const ScanOptions& o, const ScanStages& stages,
                    std::map<std::string, GlobalHost>& hosts, DiagnosticSink& diags) {
  if (o.root.empty() || hosts.empty()) return;
  std::map<std::string, std::string> root_of;
  if (hosts.size() == 1) {
    root_of[hosts.begin()->first] = o.root;
  } else if (DIR* dir = ::opendir(o.root.c_str())) {
    while (const dirent* e = ::readdir(dir)) {
      if (e->d_name[0] == '.') continue;
      std::string path = o.root;
      if (path.back() != '/') path += '/';
      root_of.emplace(rules::HostKey(e->d_name), path + e->d_name);
    }
    ::closedir(dir);
  } else {
    Note(diags, Severity::kError, o.root, "--root: cannot open folder");
  }
  for (auto& [key, g] : hosts) {
    auto it = root_of.find(key);
    if (it == root_of.end()) {
      Note(diags, Severity::kNote, o.root, fmt::format("--root: no folder for host {}", g.display));
      continue;
    }
    Status s = stages.ScanSystemRoot(it->second, g.facts, diags);
    if (!s.ok()) Note(diags, Severity::kError, it->second, fmt::format("--root: {}", s.ToString()));
  }
}

// One report per host, in host key order (sorted for output by the caller).
std::vector<advisor::HostReport> AdviseHosts(const ScanStages& stages,
                                             std::map<std::string, GlobalHost>& hosts,
                                             Scheduler& pool) {
  std::vector<GlobalHost*> list;
  for (auto& [key, g] : hosts) list.push_back(&g);
  std::vector<advisor::HostReport> out(list.size());
  pool.ForEach(list.size(), [&](size_t i) {
    GlobalHost& g = *list[i];
    // Facts are complete here (events, --inventory, --root), so a suppressing rule's
    // article can be judged for this host before its suppression counts.
    advisor::HostReport r = stages.Advise(g.facts, stages.CorrelateHost(g.facts, g.hits.Release()));
    r.host = g.display;
    r.events_read = g.events;
    r.files = std::move(g.files);
    out[i] = std::move(r);
  });
  return out;
}

}  // namespace

ScanResult Scan(const ScanOptions& o, const ScanStages& stages) {
  CollectingSink diags;
  ScanResult out;
  out.info.tool_version = o.tool_version;
  out.info.inputs = o.inputs;
  if (o.shard.count != 0) {
    out.info.shard = fmt::format("{}/{}", o.shard.index, o.shard.count);
    out.info.rules_digest = o.rules_digest;
    out.info.kb_digest = o.kb_digest;
  }
  std::vector<std::string> inventories;
  std::vector<WalkedFile> files = WalkInputs(o, inventories, diags);
  const std::vector<std::string> sniffed = MarkInventoryExports(files);
  Scheduler pool(o.jobs);
  bool cancelled = false;
  std::map<std::string, GlobalHost> hosts =
      MergeHosts(stages, ReadFiles(o, stages, files, pool, diags), out.info.files, cancelled);
  AddInventories(stages, inventories, sniffed, hosts, diags);
  AddSystemRoots(o, stages, hosts, diags);
  out.hosts = AdviseHosts(stages, hosts, pool);
  if (!cancelled) ReportEmptyInputs(o.inputs, files, out.info.files, diags);
  std::stable_sort(out.hosts.begin(), out.hosts.end(), report::HostLess);
  out.diagnostics = diags.items();
  report::SortDiagnostics(out.diagnostics);
  out.stats = report::ComputeStats(out.info.files, out.hosts, out.diagnostics, cancelled);
  return out;
}

}  // namespace logrx::fleet
