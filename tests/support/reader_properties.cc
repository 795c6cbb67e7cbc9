#include "support/reader_properties.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "core/input_file.h"
#include "readers/reader_factories_internal.h"

namespace logrx::testing {

namespace {

// A fresh name per read, removed afterwards: rewriting one file with O_TRUNC makes ext4
// flush it on every close (auto_da_alloc), which is slow for thousands of reads.
std::string PropertyScratchPath(InputFormat format) {
  static uint64_t counter = 0;  // test-only; the runner is single-threaded
  const std::filesystem::path dir = std::filesystem::path(LOGRX_BINARY_DIR) / "test_scratch";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return (dir / fmt::format("{}_{}_property.{}", ::getpid(), ++counter, InputFormatName(format)))
      .string();
}

Result<std::unique_ptr<readers::EventReader>> Open(InputFile file, InputFormat format,
                                                   const readers::ReaderOptions& options,
                                                   DiagnosticSink& sink) {
  switch (format) {
    case InputFormat::kEvtx: return readers::NewEvtxReader(std::move(file), options, sink);
    case InputFormat::kEvt: return readers::NewEvtReader(std::move(file), options, sink);
    case InputFormat::kXml: return readers::NewXmlReader(std::move(file), options, sink);
    case InputFormat::kText: return readers::NewTextExportReader(std::move(file), options, sink);
    case InputFormat::kUnknown: break;
  }
  return Status::InvalidArgument("no reader for an unknown format");
}

std::vector<std::string> Fingerprints(const ReaderRun& run, bool with_integrity) {
  std::vector<std::string> out;
  out.reserve(run.events.size());
  for (const auto& e : run.events) out.push_back(EventFingerprint(e.view(), with_integrity));
  return out;
}

}  // namespace

ReaderRun ReadBytesAs(std::string_view bytes, InputFormat format,
                      const readers::ReaderOptions& options, size_t max_events) {
  ReaderRun run;
  const std::string path = PropertyScratchPath(format);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.good()) {
      run.final = Status::Io("cannot write " + path);
      return run;
    }
  }
  Result<InputFile> file = InputFile::Open(path);
  std::error_code ec;
  std::filesystem::remove(path, ec);  // the open descriptor keeps the data readable
  if (!file.ok()) {
    run.final = file.status();
    return run;
  }
  CollectingSink sink;
  readers::ReaderOptions opts = options;
  if (opts.display_path.empty()) opts.display_path = "property-input";
  Result<std::unique_ptr<readers::EventReader>> reader =
      Open(std::move(*file), format, opts, sink);
  if (!reader.ok()) {
    run.final = reader.status();
    return run;
  }
  Event ev;
  for (;;) {
    run.final = (*reader)->Next(ev);
    if (!run.final.ok()) break;
    if (run.events.size() >= max_events) {
      run.runaway = true;
      break;
    }
    run.events.emplace_back(ev);
  }
  run.diagnostics = sink.items();
  return run;
}

std::string EventFingerprint(const Event& ev, bool with_integrity) {
  std::string out = fmt::format(
      "file={} off={} line={} fmt={} int={} rec={} tc={} tw={} id={} q={}/{} v={} lvl={} op={} "
      "task={} type={} kw={:#x} pid={} tid={} prov=[{}] guid=[{}] src=[{}] chan=[{}] "
      "comp=[{}] sid=[{}] msg({})=[{}] lt=[{}] tt=[{}] ud={}",
      ev.where.file_id, ev.where.offset, ev.where.line, static_cast<int>(ev.format),
      with_integrity ? static_cast<int>(ev.integrity) : -1, ev.record_id, ev.time_created,
      ev.time_written, ev.event_id, ev.qualifiers, ev.has_qualifiers, ev.version, ev.level,
      ev.opcode, ev.task, ev.evt_type, ev.keywords, ev.process_id, ev.thread_id, ev.provider,
      ev.provider_guid, ev.event_source, ev.channel, ev.computer, ev.user_sid,
      static_cast<int>(ev.message_origin), ev.message, ev.level_text, ev.task_text,
      ev.data_is_user_data);
  for (const Field& f : ev.data) fmt::format_to(std::back_inserter(out), " [{}]=[{}]", f.name, f.value);
  out += " bin=";
  for (const std::byte b : ev.binary) fmt::format_to(std::back_inserter(out), "{:02x}", std::to_integer<int>(b));
  fmt::format_to(std::back_inserter(out), " xml=[{}]", ev.xml);
  return out;
}

PropertyReport CheckReaderProperties(std::string_view bytes, InputFormat format,
                                     const PropertyOptions& opts) {
  PropertyReport report;
  readers::ReaderOptions options = opts.options;
  const ReaderRun full = ReadBytesAs(bytes, format, options);
  report.full_events = full.events.size();
  if (full.runaway) report.failures.push_back("full file: reader did not end");
  const std::vector<std::string> full_prints = Fingerprints(full, true);
  const std::vector<std::string> full_prints_loose = Fingerprints(full, false);
  std::mt19937_64 rng(opts.seed);

  // Offsets to try: all of them when asked for at least that many, else evenly spread
  // plus random ones (both ends always included).
  auto pick = [&](size_t want, size_t limit) {
    std::vector<size_t> at;
    if (want >= limit) {
      for (size_t i = 0; i < limit; ++i) at.push_back(i);
      return at;
    }
    if (limit == 0 || want == 0) return at;
    at.push_back(0);
    at.push_back(limit - 1);
    for (size_t i = 1; i + 2 < want; i += 2) {
      at.push_back(limit * i / want);
      at.push_back(static_cast<size_t>(rng() % limit));
    }
    return at;
  };

  if (opts.check_cuts) {
    for (const size_t cut : pick(opts.cuts, bytes.size() + 1)) {
      const ReaderRun run = ReadBytesAs(bytes.substr(0, cut), format, options);
      ++report.cuts_checked;
      if (run.runaway) {
        report.failures.push_back(fmt::format("cut at {}: reader did not end", cut));
        continue;
      }
      if (!run.final.end()) {
        report.failures.push_back(
            fmt::format("cut at {}: ended with {} instead of end of input", cut, run.final.ToString()));
      }
      if (run.events.size() > full.events.size()) {
        report.failures.push_back(fmt::format("cut at {}: {} events, more than the whole file's {}",
                                              cut, run.events.size(), full.events.size()));
        continue;
      }
      const auto& want = opts.cut_ignores_integrity ? full_prints_loose : full_prints;
      const auto got = Fingerprints(run, !opts.cut_ignores_integrity);
      for (size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i]) {
          report.failures.push_back(fmt::format(
              "cut at {}: event {} differs from the whole file's\n  cut:  {}\n  full: {}", cut, i,
              got[i], want[i]));
          break;
        }
      }
    }
  }

  if (opts.check_flips && !bytes.empty()) {
    std::string flipped(bytes);
    for (const size_t pos : pick(opts.flips, bytes.size())) {
      const auto delta = static_cast<unsigned char>(1 + rng() % 255);
      flipped[pos] = static_cast<char>(static_cast<unsigned char>(bytes[pos]) ^ delta);
      // Far more events than bytes would mean the reader is inventing them.
      const ReaderRun run = ReadBytesAs(flipped, format, options, 4 * bytes.size() + 16);
      ++report.flips_checked;
      if (run.runaway) {
        report.failures.push_back(fmt::format("flip at {} (^{:#04x}): reader did not end", pos, delta));
      }
      flipped[pos] = bytes[pos];
    }
  }

  if (opts.check_repeat) {
    const ReaderRun again = ReadBytesAs(bytes, format, options);
    if (Fingerprints(again, true) != full_prints) {
      report.failures.push_back("two reads of the same bytes gave different events");
    }
    std::vector<std::string> d1, d2;
    for (const auto& d : full.diagnostics) d1.push_back(d.ToString());
    for (const auto& d : again.diagnostics) d2.push_back(d.ToString());
    if (d1 != d2) report.failures.push_back("two reads of the same bytes gave different diagnostics");
  }
  return report;
}

}  // namespace logrx::testing
