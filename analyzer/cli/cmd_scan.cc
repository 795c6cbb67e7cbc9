// `logrx scan PATH...`: read event logs (a file, or a folder holding a fleet), match the
// rules, check the knowledge base and print per-host advice. Flags -> ScanOptions here;
// the fleet/ library does the work and never touches the terminal, clock or signals.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_output.h"
#include "core/fnv1a.h"
#include "cli/data_loader.h"
#include "cli/diag_print.h"
#include "cli/interrupt.h"
#include "cli/stdin_spool.h"
#include "core/input_file.h"
#include "fleet/scan_stages.h"
#include "fleet/scanner.h"
#include "kb/knowledge_base.h"
#include "messages/catalog.h"
#include "rules/rule_set.h"

namespace logrx::cli {

namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;
  std::string inventory;
  std::string root;
  std::string shard;
  bool recover = false;
  bool strict = false;
  bool follow = false;
  bool no_archive = false;
};

std::string Duration(double secs) {
  if (secs < 0 || secs > 360000) return "?";
  const long s = std::lround(secs);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

// Progress on stderr (only when it is a terminal): at most 4 updates a second, one line,
// cleared at the end.
class ProgressLine {
 public:
  explicit ProgressLine(const fleet::ScanCounters& c) : c_(c), thread_([this] { Loop(); }) {}
  ~ProgressLine() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
  }

 private:
  void Loop() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double done = static_cast<double>(c_.bytes_done.load());
      const double total = static_cast<double>(c_.bytes_total.load());
      const double rate = secs > 0 ? done / secs : 0;
      const double eta = rate > 0 ? (total - done) / rate : -1;
      std::fprintf(stderr, "\r\x1b[Kfiles %llu/%llu  hosts %llu  events %llu  %.1f MB/s  ETA %s",
                   static_cast<unsigned long long>(c_.files_done.load()),
                   static_cast<unsigned long long>(c_.files_total.load()),
                   static_cast<unsigned long long>(c_.hosts.load()),
                   static_cast<unsigned long long>(c_.events.load()), rate / 1e6,
                   Duration(eta).c_str());
      std::fflush(stderr);
    }
  }

  const fleet::ScanCounters& c_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// "fnv1a64:<hex>" over the names (relative to `root`) and bytes of every regular file
// below `root` (or of `root` itself), in name order: what `logrx merge` compares to know
// that shards were made with the same rules and KB. Unreadable files count by name only.
std::string DigestTree(const std::string& root) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> files;  // relative name, path
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    files.emplace_back(fs::path(root).filename().string(), root);
  } else {
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) {
        files.emplace_back(fs::relative(it->path(), root, ec).string(), it->path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  uint64_t h = kFnv1a64Offset;
  auto mix = [&h](std::string_view bytes) { h = Fnv1a64("\xff", Fnv1a64(bytes, h)); };  // 0xFF ends a field
  for (const auto& [name, path] : files) {
    mix(name);
    Result<std::string> text = ReadWholeFileAsString(path);
    mix(text.ok() ? std::string_view(*text) : std::string_view("?"));
  }
  return fmt::format("fnv1a64:{:016x}", h);
}

int RunScan(const ScanFlags& f, const GlobalOptions& g) {
  // The output is opened first: a bad -o path is reported before any work.
  const OutputRequest req = MakeOutputRequest(f.format, f.output, g);
  ReportFile out;
  if (!OpenRunOutput(req, "logrx scan", out).ok()) return kExitUsage;
  fleet::ScanOptions o;
  o.inputs = f.paths;
  o.jobs = f.jobs != 0 ? f.jobs : std::max(1u, std::thread::hardware_concurrency());
  o.recover = f.recover;
  o.strict = f.strict;
  o.inventory = f.inventory;
  o.root = f.root;
  o.follow = f.follow;
  o.tool_version = kToolVersion;
  StdinSpool spool;  // the input "-"
  if (std::find(f.paths.begin(), f.paths.end(), "-") != f.paths.end()) {
    Result<std::string> p = spool.Path();
    if (!p.ok()) {
      PrintError("logrx scan", p.status().message());
      return kExitInput;
    }
    o.stdin_file = *p;
  }
  if (!f.shard.empty()) {
    Result<fleet::Shard> shard = fleet::ParseShard(f.shard);
    if (!shard.ok()) {
      PrintError("logrx scan", shard.status().message());
      return kExitUsage;
    }
    o.shard = *shard;
  }
  DataLoader data(g, "logrx scan");
  // The imported archive (rules/archive/, kb/archive/: entries marked imported="true") is
  // read unless --no-archive; its matches are reported as possible articles.
  std::shared_ptr<const rules::RuleSet> rule_set = data.Rules(/*imported=*/!f.no_archive, o.jobs);
  if (rule_set == nullptr) return kExitUsage;
  std::shared_ptr<const kb::KnowledgeBase> kb = data.Kb(/*checked=*/true, /*imported=*/!f.no_archive);
  if (kb == nullptr) return kExitUsage;
  // Events without a message (EVT, EVTX without RenderingInfo) get one from kb/messages,
  // or from the server's own message files when --root names a single system root.
  std::shared_ptr<const logrx::messages::MessageCatalog> messages =
      data.Messages(data.KbDir() + "/messages", f.root);
  if (messages == nullptr) return kExitUsage;
  o.messages = messages.get();
  if (o.shard.count != 0) {
    // Shards made with and without the archive must not be merged as one run.
    const char* archive = f.no_archive ? " without the archive" : "";
    o.rules_digest = DigestTree(data.RulesDir()) + archive;
    o.kb_digest = DigestTree(data.KbDir()) + archive;
  }
  data.PrintLoadNotes();
  std::unique_ptr<fleet::ScanStages> stages = fleet::NewScanStages(rule_set, kb);

  fleet::ScanCounters counters;
  o.counters = &counters;
  o.cancel = CatchInterrupt();  // read by the scan workers

  fleet::ScanResult result;
  {
    std::unique_ptr<ProgressLine> progress;
    if (!g.quiet && ::isatty(STDERR_FILENO) == 1) progress = std::make_unique<ProgressLine>(counters);
    result = fleet::Scan(o, *stages);
  }
  if (result.stats.cancelled && !g.quiet) {
    std::fputs("logrx scan: interrupted; reporting partial results\n", stderr);
  }
  // stdout carries the report; stderr names every damaged input (file, offset, what) once,
  // so a script that keeps only stdout still sees why the exit code is 3 (WriteRun).
  return WriteRunExitCode(req, out, result);
}

}  // namespace

void AddScanCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto flags = std::make_shared<ScanFlags>();
  CLI::App* cmd = AddRunCommand(
      app, "scan", "Read event log exports (files or a fleet's folder tree) and advise per host",
      flags->format, flags->output);
  cmd->add_option("paths", flags->paths,
                  "files or folders; folders are walked (.evtx .evt .xml .txt .csv .tsv, and files "
                  "with EVTX/EVT magic; others are listed as skipped); - reads standard input. "
                  "FIFOs, devices and sockets are refused")
      ->required();
  cmd->add_option("-j,--jobs", flags->jobs,
                  "threads: files read in parallel, and the chunks of one EVTX file decoded and "
                  "matched in parallel, at most one thread per CPU on one file (default: "
                  "hardware threads)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--inventory", flags->inventory,
                  "inventory exports (systeminfo, wmic qfe, Get-HotFix, .reg, file lists, dir "
                  "listings): file or "
                  "folder. Folders named inventory/ inside a scanned tree are used automatically "
                  "and not read for events");
  cmd->add_option("--root", flags->root,
                  "mounted Windows system root of the one host scanned, or a folder holding one "
                  "system root per host (named after the host)");
  cmd->add_option("--shard", flags->shard,
                  "K/N: report only the hosts whose name hashes (FNV-1a) to K of N; combine the N "
                  "JSON results with `logrx merge`");
  cmd->add_flag("--recover", flags->recover, "also carve records from slack and damaged space");
  cmd->add_flag("--follow", flags->follow,
                "follow symlinks that lead out of the scanned folders (default: not followed, "
                "with a note)");
  cmd->add_flag("--strict", flags->strict, "drop records whose checksums do not match");
  cmd->add_flag("--no-archive", flags->no_archive,
                "leave out the imported KB archive (rules and articles marked imported=\"true\": "
                "rules/archive/, kb/archive/); by default its matches are reported as "
                "\"possible article\", informational unless the article's facts fit the host");
  cmd->footer(
      "Examples:\n"
      "  logrx scan EXCLUS1-System.xml\n"
      "  logrx scan exports/ --format html -o fleet.html\n"
      "  logrx scan samples/                 # samples/inventory/ is loaded as inventory\n"
      "  logrx scan fleet/ --inventory /srv/inventories --format json -o fleet.json\n"
      "  logrx scan fleet/ --shard 1/2 --format json -o part1.json   # then: logrx merge part*.json\n"
      "  ssh host cat System.evtx | logrx scan -     # '-' is standard input\n"
      "  logrx scan exports/ --no-archive    # hand-written rules and articles only\n"
      "-o FILE is checked before the scan and replaced only when the whole report was written.\n"
      "Default rules/ and kb/: --rules/--kb, else the source tree's (run from a build folder),\n"
      "else the install's (<prefix>/share/logrx), else ./rules and ./kb (man logrx: FILES).\n"
      "Subfolders are read too: rules/archive/ and kb/archive/ hold the imported KB archive\n"
      "(docs/kb-import.md); its matches say \"possible article\" and never need action unless\n"
      "the article's OS and products fit the host's known facts.\n"
      "Exit codes: 0 nothing to act on; 1 a host needs action or its fix status is unknown;\n"
      "2 usage, rule or KB error (or the output cannot be written); 3 an input could not be\n"
      "read or was damaged with data lost, or Ctrl-C (results partial). 2 wins over 3, 3 over 1.");
  cmd->callback([flags, &g, &exit_code] { exit_code = RunScan(*flags, g); });
}

}  // namespace logrx::cli
