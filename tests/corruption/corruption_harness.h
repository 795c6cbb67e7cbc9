// Corruption harness: runs a reader (through readers::OpenEventFile, so every format is
// covered) on an undamaged file and on damaged variants from tests/support/damage.h, and
// checks the three promises: the reader finishes, the damage is reported, and every record
// the damage did not touch comes out with the same fields.
//
//   CorruptionHarness h(bytes, DamageFormat::kEvtx, "System.evtx", scratch_dir);
//   if (h.baseline_ok()) for (const Damage& d : PlanDamage(...)) h.Check(d);
//   CHECK_MESSAGE(h.failures().empty(), h.FailureSummary());
//
// Writes each variant to `scratch_dir/<name>` (OpenEventFile takes a path) and removes it.
// Not thread-safe.
#ifndef LOGRX_TESTS_CORRUPTION_CORRUPTION_HARNESS_H_
#define LOGRX_TESTS_CORRUPTION_CORRUPTION_HARNESS_H_

#include <cstdint>
#include <filesystem>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "support/damage.h"

namespace logrx::testing {

// What a test needs to compare records between runs: identity plus a hash of every field.
struct RecordDigest {
  uint64_t record_id = 0;
  int64_t time = 0;
  uint16_t event_id = 0;
  uint64_t fields_hash = 0;
  uint64_t offset = 0;  // Event::where.offset (kNoOffset for text formats)
  Integrity integrity = Integrity::kOk;
  auto Key() const { return std::tuple(record_id, time, event_id, fields_hash); }
};

struct DamagedFileRun {
  Status open_status;         // OpenEventFile's
  Status final_status;        // the last Next() (end() on a clean finish)
  std::vector<RecordDigest> records;
  std::vector<std::string> diagnostics;  // Diagnostic::ToString() (display path = file name)
  std::vector<uint64_t> diagnostic_offsets;  // Diagnostic::offset of each
};

// Runs the reader over `path` to the end (or its first fatal error).
DamagedFileRun RunReader(const std::string& path);

// FNV-1a over every Event field a user can see (not where/integrity/xml).
uint64_t HashEventFields(const Event& ev);

// A damage a reader is known not to handle as promised yet, with the reason and the reader
// it is routed to. Listed in corruption_harness.cc; every entry is in the hardening report.
struct KnownGap {
  const char* file;        // substring of the file's name ("" = any file)
  const char* variant;     // substring of Damage::name
  bool loses_untouched;    // the reader also loses records outside `affected`
  const char* owner;       // "readers/evt", ...
  const char* reason;
};

// If `damage` matches a known gap, relaxes it (no report required; with loses_untouched, every
// record counts as affected) and returns the gap; else nullptr.
const KnownGap* ApplyKnownGap(const std::string& file, Damage& damage, uint64_t file_size);

class CorruptionHarness {
 public:
  // `file_name` is used for the temporary copies (its extension picks the reader when a
  // header is damaged). Runs the baseline at once.
  CorruptionHarness(std::span<const std::byte> original, DamageFormat format, std::string file_name,
                    std::filesystem::path scratch_dir);
  ~CorruptionHarness();
  CorruptionHarness(const CorruptionHarness&) = delete;
  CorruptionHarness& operator=(const CorruptionHarness&) = delete;

  const DamagedFileRun& baseline() const { return baseline_; }
  // False when the undamaged file could not be read at all (reader not built, or broken).
  bool baseline_ok() const { return baseline_.open_status.ok(); }

  // Runs one variant and records any broken promise in failures(). Returns true if it held.
  bool Check(const Damage& damage);

  const std::vector<std::string>& failures() const { return failures_; }
  size_t variants_checked() const { return checked_; }
  size_t variants_reported() const { return reported_; }
  std::string FailureSummary(size_t max_lines = 25) const;

 private:
  std::vector<std::byte> original_;
  DamageFormat format_;
  std::string file_name_;
  std::filesystem::path dir_;
  DamagedFileRun baseline_;
  std::vector<RecordSpan> spans_;          // record layout of the original
  std::vector<ByteRange> baseline_ranges_; // byte range of each baseline record
  std::set<std::string> baseline_diags_;
  std::vector<std::string> failures_;
  size_t checked_ = 0;
  size_t reported_ = 0;
};

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_CORRUPTION_CORRUPTION_HARNESS_H_
