#include "support/fleet_fake_engine.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace logrx::testing {

namespace {

class LineReader final : public readers::EventReader {
 public:
  LineReader(std::vector<std::string> lines, uint32_t file_id, uint64_t size, DiagnosticSink& sink,
             std::string path)
      : lines_(std::move(lines)), file_id_(file_id), size_(size), sink_(sink), path_(std::move(path)) {}
  Status Next(Event& out) override {
    while (next_ < lines_.size()) {
      std::istringstream in(lines_[next_++]);
      unsigned id = 0;
      uint64_t record = 0;
      if (!(in >> computer_ >> id >> record)) {
        if (lines_[next_ - 1] == "BAD") {  // a damaged record: reported, reading goes on
          Diagnostic d;
          d.severity = Severity::kError;
          d.file = path_;
          d.line = static_cast<uint32_t>(next_);
          d.what = "bad line";
          sink_.Report(d);
        }
        continue;
      }
      out = Event();
      out.computer = computer_;
      out.event_id = static_cast<uint16_t>(id);
      out.record_id = record;
      out.provider = "ClusSvc";
      out.where.file_id = file_id_;
      out.where.line = static_cast<uint32_t>(next_);
      out.time_created = static_cast<int64_t>(record) * 10'000'000;
      return Status();
    }
    consumed_ = size_;
    return Status::EndOfInput();
  }
  InputFormat format() const noexcept override { return InputFormat::kText; }
  uint64_t bytes_consumed() const noexcept override { return consumed_; }

 private:
  std::vector<std::string> lines_;
  size_t next_ = 0;
  std::string computer_;
  uint32_t file_id_;
  uint64_t size_;
  uint64_t consumed_ = 0;
  DiagnosticSink& sink_;
  std::string path_;
};

class FakeEngine final : public fleet::ScanStages {
 public:
  Result<std::unique_ptr<readers::EventReader>> Open(const std::string& path,
                                                    const readers::ReaderOptions& o,
                                                    DiagnosticSink& sink) const override {
    if (path.find("fail") != std::string::npos) return Status::Io(path + ": permission denied");
    // The real reader, so that one EVTX file's chunks are scanned on several threads.
    if (path.size() > 5 && path.substr(path.size() - 5) == ".evtx") {
      return readers::OpenEventFile(path, o, sink);
    }
    if (path.size() < 4 || path.substr(path.size() - 4) != ".txt") {
      return Status::Unsupported(path + ": unknown format");
    }
    std::ifstream in(path);
    std::vector<std::string> lines;
    uint64_t size = 0;
    for (std::string l; std::getline(in, l);) {
      size += l.size() + 1;
      lines.push_back(l);
    }
    return std::unique_ptr<readers::EventReader>(
        std::make_unique<LineReader>(std::move(lines), o.file_id, size, sink, path));
  }
  void Select(const Event& ev, std::vector<rules::Hit>& out) const override {
    if (ev.event_id != 1024) return;
    rules::Hit h;
    h.host = std::string(ev.computer);
    h.evidence.where = ev.where;
    h.evidence.record_id = ev.record_id;
    h.evidence.time = ev.time_created;
    h.evidence.event_id = ev.event_id;
    h.evidence.provider = std::string(ev.provider);
    out.push_back(std::move(h));
  }
  void Observe(const Event& ev, inventory::HostFacts& facts) const override {
    if (ev.event_id == 6005) ++facts.boots.boots;
  }
  void MergeFacts(inventory::HostFacts& into, const inventory::HostFacts& from) const override {
    into.boots.boots += from.boots.boots;
  }
  std::vector<rules::Match> Correlate(std::vector<rules::Hit> hits) const override {
    if (hits.empty()) return {};
    std::sort(hits.begin(), hits.end(), [](const rules::Hit& a, const rules::Hit& b) {
      return a.evidence.record_id < b.evidence.record_id;
    });
    rules::Match m;
    m.rule_id = "fake-1024";
    m.kb = "KB316772";
    std::set<uint64_t> seen;
    for (const rules::Hit& h : hits) {
      if (!seen.insert(h.evidence.record_id).second) continue;
      ++m.count;
      m.evidence.push_back(h.evidence);
    }
    m.first_time = m.evidence.front().time;
    m.last_time = m.evidence.back().time;
    return {m};
  }
  advisor::HostReport Advise(const inventory::HostFacts& facts,
                             std::vector<rules::Match> matches) const override {
    advisor::HostReport r;
    r.facts = facts;
    if (matches.empty()) return r;
    advisor::Finding f;
    f.article = "KB316772";
    f.status = advisor::FixStatus::kNeedsAction;
    f.matches = std::move(matches);
    r.findings.push_back(std::move(f));
    r.overall = advisor::FixStatus::kNeedsAction;
    return r;
  }
  Status LoadInventory(const std::string&, std::map<std::string, inventory::HostFacts>&,
                       DiagnosticSink&) const override {
    return Status();
  }
  Status ScanSystemRoot(const std::string&, inventory::HostFacts&, DiagnosticSink&) const override {
    return Status();
  }
};

}  // namespace

std::unique_ptr<fleet::ScanStages> NewFakeEngine() { return std::make_unique<FakeEngine>(); }

}  // namespace logrx::testing
