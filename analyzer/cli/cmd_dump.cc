// `logrx dump FILE... --format xml|jsonl`: every record of each input, in file order, to
// stdout; diagnostics to stderr. Works for every format OpenEventFile reads. Records
// without a message (EVT, EVTX without RenderingInfo) get one rendered from kb/messages or
// from --root's message files, marked with its origin, as `scan` does, wherever the output
// shows it: JSONL, and XML built from fields (an EVTX or XML record is its own XML).
#include <atomic>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/diag_print.h"
#include "cli/interrupt.h"
#include "cli/stdin_spool.h"
#include "cli/data_loader.h"
#include "core/diagnostic.h"
#include "fleet/ordered_units.h"
#include "fleet/scheduler.h"
#include "messages/catalog.h"
#include "readers/message_renderer.h"
#include "readers/reader.h"
#include "report/record_writer.h"

namespace logrx::cli {

namespace {

struct DumpOptions {
  std::vector<std::string> files;
  std::string format = "xml";
  bool recover = false;
  bool strict = false;
  bool no_messages = false;
  std::string root;
  unsigned jobs = 1;
};

// The catalog, asked only for messages the writer shows: a record written as its own event
// XML keeps that XML byte for byte, so rendering a message for it would be wasted work.
// Readers fill Event::xml before they ask for a message.
class ShownMessages final : public readers::MessageRenderer {
 public:
  ShownMessages(const readers::MessageRenderer& all, report::RecordFormat format)
      : all_(all), format_(format) {}
  MessageOrigin Render(const Event& ev, std::string& out) const override {
    if (!report::RecordWriter::ShowsMessage(format_, ev)) return MessageOrigin::kNone;
    return all_.Render(ev, out);
  }
  bool ExtractInserts(const Event& ev, std::string_view text,
                      std::vector<std::string>& inserts) const override {
    return all_.ExtractInserts(ev, text, inserts);
  }

 private:
  const readers::MessageRenderer& all_;
  report::RecordFormat format_;
};

// With --jobs N: one per thread. Renders the chunks its thread decoded into memory and
// writes each to `out` when its turn comes, so records never cross threads.
class UnitDumper final : public fleet::UnitConsumer {
 public:
  UnitDumper(report::RecordWriter& out, report::RecordFormat format, std::string_view path)
      : out_(out), render_(format), path_(path) {}
  void Process(std::span<const Event> events) override {
    for (const Event& ev : events) render_.Write(ev, path_);
    kept_.push_back(render_.TakeBlock());
  }
  bool EmitOldest() override {
    out_.WriteBlock(kept_.front());
    render_.Recycle(std::move(kept_.front()));
    kept_.pop_front();
    return out_.ok();
  }

 private:
  report::RecordWriter& out_;
  report::RecordWriter render_;
  std::string_view path_;
  std::deque<report::RecordWriter::Block> kept_;
};

// Writes every record of `reader`; returns the reader's last status (end of input when
// all was read).
Status DumpRecords(readers::EventReader& reader, report::RecordWriter& writer,
                   std::string_view path, fleet::Scheduler& pool,
                   const std::atomic<bool>* interrupted) {
  readers::UnitEventReader* units = reader.unit_reader();
  if (pool.jobs() > 1 && units != nullptr && units->units().unit_count() > 1) {
    return fleet::ConsumeUnitsInOrder(*units, pool, [&writer, path] {
      return std::make_unique<UnitDumper>(writer, writer.format(), path);
    });
  }
  Event ev;
  Status s;
  while ((s = reader.Next(ev)).ok()) {
    writer.Write(ev, path);
    if (!writer.ok()) break;
    // Readers without their own check (EVT, XML, text) stop here, within a record.
    if (interrupted->load(std::memory_order_relaxed)) break;
  }
  return s;
}

int RunDump(const DumpOptions& o, const GlobalOptions& g) {
  const report::RecordFormat format =
      o.format == "jsonl" ? report::RecordFormat::kJsonl : report::RecordFormat::kXml;
  report::RecordWriter writer(stdout, format);
  // Reading diagnostics stream to stderr as they come; --quiet hides the notes.
  StderrDiagnostics sink("logrx", g.quiet ? Severity::kWarning : Severity::kNote);
  std::shared_ptr<const logrx::messages::MessageCatalog> messages;
  if (!o.no_messages) {
    DataLoader data(g, "logrx dump");
    const std::string dir = data.KbDir() + "/messages";
    std::error_code ec;
    // Without kb/ (a lone binary), dump still dumps; only --root or --kb that fail are errors.
    const bool have_dir = std::filesystem::is_directory(dir, ec);
    if (have_dir || !o.root.empty() || !g.kb_dir.empty()) {
      messages = data.Messages(have_dir ? dir : std::string(), o.root);
      if (messages == nullptr) return kExitUsage;
      data.PrintLoadNotes();
    }
  }
  std::optional<ShownMessages> shown;
  if (messages != nullptr) shown.emplace(*messages, format);
  bool failed = false;
  // The readers poll it between records (a record's work is bounded), so Ctrl-C stops a
  // dump well within a second, with what was written so far flushed.
  const std::atomic<bool>* interrupted = CatchInterrupt();
  StdinSpool spool;
  // With --jobs N, up to N threads (this one too; at most one per CPU) each decode, render
  // and write EVTX chunks.
  fleet::Scheduler pool(o.jobs == 0 ? 1 : o.jobs);
  writer.Begin();
  uint32_t file_id = 0;
  for (const std::string& path : o.files) {
    readers::ReaderOptions ro;
    ro.file_id = file_id++;
    ro.render_xml = format == report::RecordFormat::kXml;
    ro.event_fields = !ro.render_xml;  // XML records are written as their own event XML
    ro.recover = o.recover;
    ro.strict = o.strict;
    ro.messages = shown ? &*shown : nullptr;
    ro.cancel = interrupted;
    std::string open_path = path;
    if (path == "-") {  // standard input, copied to a file the readers can pread
      Result<std::string> spooled = spool.Path();
      if (!spooled.ok()) {
        PrintError("logrx dump", spooled.status().message());
        failed = true;
        continue;
      }
      open_path = *spooled;
      ro.display_path = path;
    }
    auto reader = readers::OpenEventFile(open_path, ro, sink);
    if (!reader.ok()) {
      PrintError("logrx: error", reader.status().ToString());
      failed = true;
      continue;
    }
    const Status s = DumpRecords(**reader, writer, path, pool, interrupted);
    if (!writer.ok()) break;  // stdout closed (e.g. `| head`): stop quietly
    if (interrupted->load()) {
      PrintError("logrx dump", "interrupted in " + path + "; output is partial");
      failed = true;
      break;
    }
    if (!s.end()) {
      PrintError("logrx: error", path + ": " + s.ToString());
      failed = true;
    }
  }
  writer.End();
  if (failed || sink.damaged()) return kExitInput;
  return kExitOk;
}

}  // namespace

void AddDumpCommand(CLI::App& app, GlobalOptions& g, int& exit_code) {
  auto opts = std::make_shared<DumpOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dump", "Write every record of event log files (EVTX, EVT, XML, text exports) as XML or JSON Lines");
  cmd->add_option("files", opts->files,
                  "input files (.evtx, .evt, XML or text exports); - reads standard input")
      ->required()
      ->check(CLI::ExistingFile | CLI::IsMember({"-"}));
  cmd->add_option("--format", opts->format,
                  "xml: one <Events> document of event XML; jsonl: one JSON object per record")
      ->check(CLI::IsMember({"xml", "jsonl"}))
      ->capture_default_str();
  cmd->add_flag("--recover", opts->recover,
                "also carve intact records from chunk slack and damaged chunks (marked recovered)");
  cmd->add_flag("--strict", opts->strict, "drop records whose checksums do not match");
  cmd->add_option("--root", opts->root,
                  "mounted Windows system root: render missing messages from its message files "
                  "(RT_MESSAGETABLE), before the kb/messages templates");
  cmd->add_flag("--no-messages", opts->no_messages,
                "write records as stored: no message rendered by logrx");
  cmd->add_option("-j,--jobs", opts->jobs,
                  "threads that decode, render and write the chunks of an EVTX file, at most "
                  "one per CPU (output in record order whatever N)")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  logrx dump System.evtx --format xml > System.xml\n"
      "  logrx dump --format jsonl --recover --jobs 2 damaged.evtx | jq .event_id\n"
      "  logrx dump SysEvent.Evt --root /mnt/nt4/WINNT    # messages from the server's DLLs\n"
      "Exit codes: 0 all records read; 2 usage error; 3 some input unreadable or damaged\n"
      "(diagnostics on stderr name file, offset and what was skipped).");
  cmd->callback([opts, &g, &exit_code] { exit_code = RunDump(*opts, g); });
}

}  // namespace logrx::cli
