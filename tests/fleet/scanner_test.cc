#include "fleet/scanner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "fleet/walk.h"
#include "rules/host_key.h"
#include "report/json_model.h"
#include "report/sinks.h"
#include "support/evtx_builder.h"
#include "support/fleet_fake_engine.h"

namespace logrx::fleet {

namespace fs = std::filesystem;

namespace {

struct TempTree {
  fs::path root;
  TempTree() {
    char tmpl[] = "/tmp/logrx-fleet-XXXXXX";
    root = ::mkdtemp(tmpl);
  }
  ~TempTree() {
    std::error_code ec;
    fs::permissions(root / "locked", fs::perms::owner_all, ec);
    fs::remove_all(root, ec);
  }
  void Write(const std::string& rel, const std::string& text) const {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel, std::ios::binary) << text;
  }
};

std::string Json(const ScanResult& r) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  {
    report::Output out(f);
    std::unique_ptr<report::Sink> sink = report::NewJsonSink(out);
    report::Replay(*sink, r.info, r.hosts, r.diagnostics, r.stats);
  }
  std::fclose(f);
  std::string s(data, size);
  std::free(data);
  return s;
}

// A fleet of 3 hosts in 5 files: A twice (one FQDN, one short, sharing record 2), B with
// no 1024, C in a subfolder; plus a non-log file and an unreadable one.
void MakeFleet(const TempTree& t) {
  t.Write("hostA/a1.txt", "exclus1.corp.local 1024 1\nexclus1.corp.local 1024 2\n");
  t.Write("hostA/a2.txt", "EXCLUS1 1024 2\nEXCLUS1 6005 3\nEXCLUS1 1024 4\n");
  t.Write("hostB/b.txt", "WEB1 6005 1\nWEB1 7036 2\n");
  t.Write("deep/er/c.txt", "DB1 1024 9\n");
  t.Write("notes.doc", "not a log");
  t.Write("hostB/fail.txt", "unreadable");
}

}  // namespace

TEST_SUITE("fleet") {

TEST_CASE("scanner: hosts grouped by HostKey across files, duplicates dropped, sorted") {
  TempTree t;
  MakeFleet(t);
  ScanOptions o;
  o.inputs = {t.root.string()};
  o.jobs = 2;
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanResult r = Scan(o, *e);
  REQUIRE(r.hosts.size() == 3);
  CHECK(r.hosts[0].host == "DB1");
  CHECK(r.hosts[1].host == "exclus1.corp.local");  // as the first file (by path) wrote it
  CHECK(r.hosts[2].host == "WEB1");
  CHECK(r.hosts[1].events_read == 5);
  CHECK(r.hosts[1].files.size() == 2);
  REQUIRE(r.hosts[1].findings.size() == 1);
  CHECK(r.hosts[1].findings[0].matches[0].count == 3);  // records 1, 2, 4 (2 read twice)
  CHECK(r.hosts[1].facts.boots.boots == 1);
  CHECK(r.hosts[2].findings.empty());
  CHECK(r.stats.files_read == 4);
  CHECK(r.stats.files_failed == 1);
  CHECK(r.stats.files_skipped == 1);
  CHECK(r.stats.events_read == 8);
  CHECK(r.stats.hosts_needing_action == 2);
  CHECK(r.stats.hosts_clean == 1);
  // The failed file is an error, the skipped one a note, both named.
  bool failed = false, skipped = false;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.file.find("fail.txt") != std::string::npos) failed = d.severity == Severity::kError;
    if (d.file.find("notes.doc") != std::string::npos) skipped = d.severity == Severity::kNote;
  }
  CHECK(failed);
  CHECK(skipped);
}

TEST_CASE("scanner: output is identical with 1 and 4 jobs") {
  TempTree t;
  MakeFleet(t);
  for (int i = 0; i < 20; ++i) t.Write(fmt::format("many/h{}.txt", i),
                                       fmt::format("H{} 1024 {}\n", i % 7, i));
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanOptions o;
  o.inputs = {t.root.string()};
  o.jobs = 1;
  const std::string one = Json(Scan(o, *e));
  o.jobs = 4;
  CHECK(Json(Scan(o, *e)) == one);
}

TEST_CASE("scanner: one multi-chunk EVTX file gives the same hits, facts and diagnostics with 1, 2 and 4 jobs") {
  // 30 chunks of 4 records; 1024 on every third record (a hit), 6005 on every seventh (a
  // boot); chunk 11's magic is broken (its 4 records are lost, reported).
  testing::EvtxBuilder b;
  uint64_t hits = 0, boots = 0;
  for (uint64_t id = 1; id <= 120; ++id) {
    if (id != 1 && (id - 1) % 4 == 0) b.NewChunk();
    testing::EvtxTestRecord rec;
    rec.id = id;
    rec.event_id = id % 3 == 0 ? 1024 : id % 7 == 0 ? 6005 : 7036;
    const bool lost = (id - 1) / 4 == 11;
    if (!lost && rec.event_id == 1024) ++hits;
    if (!lost && rec.event_id == 6005) ++boots;
    b.AddRecord(rec);
  }
  std::vector<std::byte> file = b.Build();
  file[testing::EvtxTestChunkOffset(11) + 2] = std::byte{'X'};
  TempTree t;
  t.Write("big.evtx", std::string(reinterpret_cast<const char*>(file.data()), file.size()));
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanOptions o;
  o.inputs = {(t.root / "big.evtx").string()};
  o.jobs = 1;
  const ScanResult one = Scan(o, *e);
  REQUIRE(one.hosts.size() == 1);
  CHECK(one.hosts[0].host == "HOST1");
  CHECK(one.hosts[0].events_read == 116);
  REQUIRE(one.hosts[0].findings.size() == 1);
  CHECK(one.hosts[0].findings[0].matches[0].count == hits);
  CHECK(one.hosts[0].facts.boots.boots == boots);
  bool bad_chunk = false;
  for (const Diagnostic& d : one.diagnostics) {
    bad_chunk = bad_chunk || d.ToString().find("(chunk 11)") != std::string::npos;
  }
  CHECK(bad_chunk);
  const std::string json = Json(one);
  for (unsigned jobs : {2u, 4u}) {
    CAPTURE(jobs);
    o.jobs = jobs;
    for (int round = 0; round < 3; ++round) CHECK(Json(Scan(o, *e)) == json);
  }
}

TEST_CASE("scanner: a multi-chunk EVTX file without Computer names takes its folder's host with any jobs") {
  // Events without a computer name are the path's host's (HostRouter::For): the threads
  // that match chunks must route them as the one-thread loop does. The first 40 records
  // name no computer, the next 40 name HOST1 (a second host), the last 40 none again.
  testing::EvtxBuilder b;
  uint64_t hits_path = 0, hits_named = 0;
  for (uint64_t id = 1; id <= 120; ++id) {
    if (id != 1 && (id - 1) % 4 == 0) b.NewChunk();  // a template per chunk
    b.computer = id > 40 && id <= 80 ? "HOST1" : "";
    testing::EvtxTestRecord rec;
    rec.id = id;
    rec.event_id = id % 3 == 0 ? 1024 : 7036;
    if (rec.event_id == 1024) ++(b.computer.empty() ? hits_path : hits_named);
    b.AddRecord(rec);
  }
  const std::vector<std::byte> file = b.Build();
  TempTree t;
  t.Write("EXNODE9/System.evtx",
          std::string(reinterpret_cast<const char*>(file.data()), file.size()));
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanOptions o;
  o.inputs = {(t.root / "EXNODE9" / "System.evtx").string()};
  o.jobs = 1;
  const ScanResult one = Scan(o, *e);
  REQUIRE(one.hosts.size() == 2);
  std::map<std::string, const advisor::HostReport*> by_host;
  for (const advisor::HostReport& h : one.hosts) by_host[h.host] = &h;
  REQUIRE(by_host.count("EXNODE9") == 1);
  REQUIRE(by_host.count("HOST1") == 1);
  CHECK(by_host["EXNODE9"]->events_read == 80);
  CHECK(by_host["HOST1"]->events_read == 40);
  REQUIRE(by_host["EXNODE9"]->findings.size() == 1);
  CHECK(by_host["EXNODE9"]->findings[0].matches[0].count == hits_path);
  REQUIRE(by_host["HOST1"]->findings.size() == 1);
  CHECK(by_host["HOST1"]->findings[0].matches[0].count == hits_named);
  const std::string json = Json(one);
  for (unsigned jobs : {2u, 4u}) {
    CAPTURE(jobs);
    o.jobs = jobs;
    for (int round = 0; round < 3; ++round) CHECK(Json(Scan(o, *e)) == json);
  }
}

TEST_CASE("scanner: shards split hosts disjointly and stably") {
  TempTree t;
  for (int i = 0; i < 30; ++i) t.Write(fmt::format("f{}.txt", i),
                                       fmt::format("HOST{} 1024 1\n", i));
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanOptions o;
  o.inputs = {t.root.string()};
  std::set<std::string> seen;
  size_t total = 0;
  for (uint32_t k = 1; k <= 3; ++k) {
    o.shard = Shard{k, 3};
    ScanResult r = Scan(o, *e);
    CHECK(r.info.shard == std::to_string(k) + "/3");
    for (const auto& h : r.hosts) {
      CHECK(InShard(rules::HostKey(h.host), o.shard));
      seen.insert(h.host);
    }
    total += r.hosts.size();
    CHECK(r.stats.events_read == 30);  // every shard reads every file
  }
  CHECK(total == 30);
  CHECK(seen.size() == 30);
}

TEST_CASE("scanner: shard parsing") {
  CHECK(ParseShard("2/8").ok());
  CHECK(ParseShard("2/8")->index == 2);
  CHECK_FALSE(ParseShard("0/8").ok());
  CHECK_FALSE(ParseShard("9/8").ok());
  CHECK_FALSE(ParseShard("2").ok());
  CHECK_FALSE(ParseShard("2/8x").ok());
}

TEST_CASE("scanner: a cancelled scan reports partial results") {
  TempTree t;
  MakeFleet(t);
  std::atomic<bool> cancel{true};
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanOptions o;
  o.inputs = {t.root.string()};
  o.cancel = &cancel;
  ScanResult r = Scan(o, *e);
  CHECK(r.stats.cancelled);
  CHECK(r.hosts.empty());
}

TEST_CASE("scanner: a file's diagnostics are capped; the rest are counted, events still read") {
  TempTree t;
  std::string text;
  const uint64_t bad = kMaxDiagnosticsPerFile + 300;
  for (uint64_t i = 0; i < bad; ++i) text += "BAD\n";
  text += "H1 1024 7\n";  // after all the damage: still read and matched
  t.Write("h/damaged.txt", text);
  t.Write("h/ok.txt", "BAD\nH2 6005 1\n");
  std::unique_ptr<ScanStages> e = testing::NewFakeEngine();
  ScanOptions o;
  o.inputs = {t.root.string()};
  ScanResult r = Scan(o, *e);
  uint64_t damaged_listed = 0, ok_listed = 0;
  std::string summary;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.file.find("damaged.txt") != std::string::npos) {
      if (d.what == "bad line") ++damaged_listed;
      else summary = d.what;
    }
    if (d.file.find("ok.txt") != std::string::npos) ++ok_listed;
  }
  CHECK(damaged_listed == kMaxDiagnosticsPerFile);
  CHECK(summary == "300 more diagnostic(s) for this file not listed (300 errors; at most 200 per "
                   "file; `logrx dump` lists them all)");
  CHECK(ok_listed == 1);  // the cap is per file
  REQUIRE(r.hosts.size() == 2);
  CHECK(r.hosts[0].host == "H1");
  CHECK(r.hosts[0].findings.size() == 1);
  // Listed errors: 200 + the closing count (an error: it stands for errors) + ok.txt's one.
  CHECK(r.stats.diagnostics_error == kMaxDiagnosticsPerFile + 2);
}

TEST_CASE("walk: past max_files the walk stops with an error naming where") {
  TempTree t;
  for (int i = 0; i < 5; ++i) t.Write(fmt::format("f{}.txt", i), "H 1 1\n");
  WalkOptions wo;
  wo.max_files = 3;
  CollectingSink sink;
  const std::vector<WalkedFile> files = Walk({t.root.string()}, wo, sink);
  REQUIRE(files.size() == 3);
  CHECK(files[2].path.find("f2.txt") != std::string::npos);
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].severity == Severity::kError);
  CHECK(sink.items()[0].file.find("f3.txt") != std::string::npos);
  CHECK(sink.items()[0].what.find("more than 3 files") == 0);
}

TEST_CASE("walk: symlink loops end, unreadable folders are reported, the walk goes on") {
  TempTree t;
  t.Write("a/x.txt", "H 1 1\n");
  fs::create_directory_symlink(t.root, t.root / "a" / "loop");
  t.Write("locked/y.txt", "H 1 2\n");
  fs::permissions(t.root / "locked", fs::perms::none);
  const bool root_user = ::geteuid() == 0;  // root reads a mode-000 folder anyway
  CollectingSink diags;
  std::vector<WalkedFile> files = Walk({t.root.string()}, WalkOptions{}, diags);
  REQUIRE(files.size() >= 1);
  CHECK(files[0].path == t.root.string() + "/a/x.txt");
  if (!root_user) {
    CHECK(files.size() == 1);
    bool reported = false;
    for (const Diagnostic& d : diags.items()) {
      reported = reported || (d.file == t.root.string() + "/locked" && d.severity == Severity::kError);
    }
    CHECK(reported);
  } else {
    CHECK(files.size() == 2);
  }
  bool loop_noted = false;
  for (const Diagnostic& d : diags.items()) loop_noted = loop_noted || d.file.find("/a/loop") != std::string::npos;
  CHECK(loop_noted);
}

TEST_CASE("walk: files are chosen by extension or EVTX/EVT magic, others skipped") {
  TempTree t;
  t.Write("System.EVTX", "whatever");
  t.Write("noext", std::string("ElfFile\0rest", 12));
  t.Write("old", std::string("\x30\0\0\0LfLe", 8));
  t.Write("photo.jpg", "JFIF");
  t.Write("setup.reg", "Windows Registry Editor Version 5.00\r\n");
  CollectingSink diags;
  std::vector<WalkedFile> files = Walk({t.root.string() + "/"}, WalkOptions{}, diags);
  REQUIRE(files.size() == 5);
  CHECK(files[0].path == t.root.string() + "/System.EVTX");
  CHECK(files[0].skip_reason.empty());
  CHECK(files[0].skip == Skip::kNone);
  CHECK(files[1].path == t.root.string() + "/noext");
  CHECK(files[1].skip_reason.empty());
  CHECK(files[1].skip == Skip::kNone);
  CHECK(files[2].path == t.root.string() + "/old");
  CHECK(files[2].skip_reason.empty());
  CHECK(files[2].skip == Skip::kNone);
  CHECK(files[3].skip_reason == "not an event log (.jpg file)");
  CHECK(files[3].skip == Skip::kNotEventLog);
  CHECK(files[4].path == t.root.string() + "/setup.reg");
  CHECK(files[4].skip == Skip::kRegistryExport);
}

}  // TEST_SUITE

}  // namespace logrx::fleet
