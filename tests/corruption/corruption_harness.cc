#include "corruption/corruption_harness.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <system_error>

#include <fmt/format.h>

#include "core/diagnostic.h"
#include "readers/reader.h"

namespace logrx::testing {

namespace {

struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void Bytes(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) {
      h ^= b[i];
      h *= 1099511628211ull;
    }
  }
  void Str(std::string_view s) {
    const uint64_t n = s.size();
    Bytes(&n, sizeof n);  // length first, so ("ab","c") != ("a","bc")
    Bytes(s.data(), s.size());
  }
  template <typename T>
  void Num(T v) {
    Bytes(&v, sizeof v);
  }
};

bool WriteFile(const std::filesystem::path& p, std::span<const std::byte> bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// Empty now: every gap the suite found has been fixed. To exempt a new one while its fix is
// pending, list it here (and raise the size).
constexpr std::array<KnownGap, 0> kKnownGaps{};

}  // namespace

const KnownGap* ApplyKnownGap(const std::string& file, Damage& damage, uint64_t file_size) {
  for (const KnownGap& g : kKnownGaps) {
    if (file.find(g.file) == std::string::npos || damage.name.find(g.variant) == std::string::npos) {
      continue;
    }
    damage.expect_report = false;
    damage.exemption = std::string("known gap: ") + g.reason;
    if (g.loses_untouched) damage.affected = {0, std::max<uint64_t>(file_size, 1)};
    return &g;
  }
  return nullptr;
}

uint64_t HashEventFields(const Event& ev) {
  Fnv f;
  f.Num(ev.record_id);
  f.Num(ev.time_created);
  f.Num(ev.time_written);
  f.Num(ev.event_id);
  f.Num(ev.qualifiers);
  f.Num(ev.has_qualifiers);
  f.Num(ev.version);
  f.Num(ev.level);
  f.Num(ev.opcode);
  f.Num(ev.task);
  f.Num(ev.evt_type);
  f.Num(ev.keywords);
  f.Num(ev.process_id);
  f.Num(ev.thread_id);
  for (std::string_view s : {ev.provider, ev.provider_guid, ev.event_source, ev.channel, ev.computer,
                             ev.user_sid, ev.message, ev.level_text, ev.task_text}) {
    f.Str(s);
  }
  f.Num(ev.data.size());
  for (const Field& d : ev.data) {
    f.Str(d.name);
    f.Str(d.value);
  }
  f.Num(ev.data_is_user_data);
  f.Num(ev.binary.size());
  f.Bytes(ev.binary.data(), ev.binary.size());
  return f.h;
}

DamagedFileRun RunReader(const std::string& path, const std::string& display) {
  DamagedFileRun run;
  CollectingSink sink;
  readers::ReaderOptions options;
  options.display_path = display;
  Result<std::unique_ptr<readers::EventReader>> reader = readers::OpenEventFile(path, options, sink);
  run.open_status = reader.status();
  if (reader.ok()) {
    Event ev;
    Status s;
    while ((s = (*reader)->Next(ev)).ok()) {
      run.records.push_back({ev.record_id, ev.time_created, ev.event_id, HashEventFields(ev),
                             ev.where.offset, ev.integrity});
    }
    run.final_status = std::move(s);
  }
  for (const Diagnostic& d : sink.items()) {
    run.diagnostics.push_back(d.ToString());
    run.diagnostic_offsets.push_back(d.offset);
  }
  return run;
}

DamagedFileRun RunReader(const std::string& path) { return RunReader(path, path); }

CorruptionHarness::CorruptionHarness(std::span<const std::byte> original, DamageFormat format,
                                     std::string file_name, std::filesystem::path scratch_dir)
    : original_(original.begin(), original.end()),
      format_(format),
      file_name_(std::move(file_name)),
      dir_(std::move(scratch_dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  const std::filesystem::path p = dir_ / file_name_;
  if (WriteFile(p, original_)) {
    baseline_ = RunReader(p.string(), file_name_);
  } else {
    baseline_.open_status = Status::Io("cannot write " + p.string());
  }
  std::filesystem::remove(p, ec);
  spans_ = FindRecords(original_, format_);
  baseline_diags_.insert(baseline_.diagnostics.begin(), baseline_.diagnostics.end());

  // The byte range each baseline record came from. Binary formats: the span starting at the
  // record's offset. XML: the n-th <Event> element when the counts agree.
  std::map<uint64_t, uint64_t> by_offset;
  for (const RecordSpan& s : spans_) by_offset[s.offset] = s.size;
  const bool xml_by_index = format_ == DamageFormat::kXml && spans_.size() == baseline_.records.size();
  for (size_t i = 0; i < baseline_.records.size(); ++i) {
    const RecordDigest& r = baseline_.records[i];
    if (xml_by_index) {
      baseline_ranges_.push_back({spans_[i].offset, spans_[i].offset + spans_[i].size});
    } else if (auto it = by_offset.find(r.offset); it != by_offset.end()) {
      baseline_ranges_.push_back({r.offset, r.offset + it->second});
    } else if (r.offset != kNoOffset && r.offset < original_.size()) {
      // A record the layout walk did not reach (after a record it could not step over):
      // its own size field when that is plausible, else the rest of its chunk / the file.
      const uint64_t size_at = format_ == DamageFormat::kEvtx ? r.offset + 4 : r.offset;
      uint64_t size = 0;
      for (unsigned k = 0; k < 4 && size_at + k < original_.size(); ++k) {
        size |= uint64_t{std::to_integer<uint8_t>(original_[size_at + k])} << (8 * k);
      }
      uint64_t end = original_.size();
      if (format_ == DamageFormat::kEvtx && r.offset >= kEvtxFileHeaderSize) {
        end = std::min<uint64_t>(end, kEvtxFileHeaderSize +
                                          (r.offset - kEvtxFileHeaderSize) / kEvtxChunkSize * kEvtxChunkSize +
                                          kEvtxChunkSize);
      }
      if (size >= 28 && size <= end - r.offset) end = r.offset + size;
      baseline_ranges_.push_back({r.offset, end});
    } else {
      baseline_ranges_.push_back({0, ~uint64_t{0}});  // unknown: never required
    }
  }
}

CorruptionHarness::~CorruptionHarness() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool CorruptionHarness::Check(const Damage& damage) {
  ++checked_;
  const std::vector<std::byte> bytes = ApplyDamage(original_, damage);
  const std::filesystem::path p = dir_ / file_name_;
  if (!WriteFile(p, bytes)) {
    failures_.push_back(fmt::format("{}: {}: cannot write the variant", file_name_, damage.name));
    return false;
  }
  const DamagedFileRun run = RunReader(p.string(), file_name_);
  std::error_code ec;
  std::filesystem::remove(p, ec);

  bool held = true;
  // 1. Reported: the open or the read failed, a diagnostic the baseline did not have, or a
  //    record marked (checksum mismatch / recovered) that the baseline did not mark.
  std::set<uint64_t> marked_before;
  for (const RecordDigest& r : baseline_.records) {
    if (r.integrity != Integrity::kOk) marked_before.insert(r.offset);
  }
  bool reported = !run.open_status.ok() || (!run.final_status.ok() && !run.final_status.end());
  for (const std::string& d : run.diagnostics) reported = reported || !baseline_diags_.contains(d);
  // The area was already reported as damaged in the undamaged run (an already truncated or
  // corrupt chunk, say) and still is: the same diagnostic covers the new damage.
  for (size_t i = 0; i < run.diagnostics.size() && !reported; ++i) {
    const uint64_t at = run.diagnostic_offsets[i];
    reported = at != kNoOffset && damage.affected.Overlaps(at, at + 1) &&
               baseline_diags_.contains(run.diagnostics[i]);
  }
  for (const RecordDigest& r : run.records) {
    reported = reported || (r.integrity != Integrity::kOk && !marked_before.contains(r.offset));
  }
  if (reported) ++reported_;
  if (damage.expect_report && !reported) {
    held = false;
    failures_.push_back(fmt::format("{}: {}: damage not reported ({} records, {} diagnostics, all "
                                    "as in the undamaged run)",
                                    file_name_, damage.name, run.records.size(), run.diagnostics.size()));
  }
  // 2. Untouched records come out identical (multiset on id, time, event id, fields hash).
  std::multiset<std::tuple<uint64_t, int64_t, uint16_t, uint64_t>> got;
  for (const RecordDigest& r : run.records) got.insert(r.Key());
  size_t lost = 0;
  std::string first_lost;
  for (size_t i = 0; i < baseline_.records.size(); ++i) {
    const ByteRange& range = baseline_ranges_[i];
    if (damage.affected.Overlaps(range.begin, range.end)) continue;
    const RecordDigest& r = baseline_.records[i];
    auto it = got.find(r.Key());
    if (it != got.end()) {
      got.erase(it);
      continue;
    }
    if (lost++ == 0) first_lost = fmt::format("record {} @0x{:x}", r.record_id, r.offset);
  }
  if (lost > 0) {
    held = false;
    std::string why = run.open_status.ok() ? std::string(run.final_status.ToString())
                                           : "open: " + run.open_status.ToString();
    failures_.push_back(fmt::format("{}: {}: {} untouched record(s) lost or changed, first {} "
                                    "(reader got {} of {}; last status: {})",
                                    file_name_, damage.name, lost, first_lost, run.records.size(),
                                    baseline_.records.size(), why));
  }
  return held;
}

std::string CorruptionHarness::FailureSummary(size_t max_lines) const {
  std::string out = fmt::format("{} of {} variants broke a promise:\n", failures_.size(), checked_);
  for (size_t i = 0; i < failures_.size() && i < max_lines; ++i) out += "  " + failures_[i] + "\n";
  if (failures_.size() > max_lines) out += fmt::format("  ... and {} more\n", failures_.size() - max_lines);
  return out;
}

}  // namespace logrx::testing
