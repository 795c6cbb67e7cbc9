// The corruption suite over ../shared/corpus: every EVTX, EVT and XML file, damaged
// systematically (tests/support/damage.h), read through readers::OpenEventFile.
//
// Budget (documented in docs/limits.md, "Corruption suite"): files up to 1.1 MiB get the
// full plan (2 chunks with field damage, 32 page cuts, 4 random cuts); larger files get one
// damaged chunk and 12 page cuts. Under AddressSanitizer every file gets the small plan and
// only files up to 1.1 MiB are run (the larger ones repeat the same code paths at 10x cost).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/input_file.h"
#include "corruption/corruption_harness.h"
#include "support/damage.h"

#if defined(__SANITIZE_ADDRESS__)
#define LOGRX_CORRUPTION_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOGRX_CORRUPTION_ASAN 1
#endif
#endif

namespace logrx::testing {
namespace {

namespace fs = std::filesystem;

#ifdef LOGRX_CORRUPTION_ASAN
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

constexpr uint64_t kSmallFile = 1200 * 1024;

std::vector<fs::path> CorpusFiles(const char* sub, const char* ext) {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(LOGRX_SHARED_DIR) / "corpus" / sub;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string x = e.path().extension().string();
    std::transform(x.begin(), x.end(), x.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (e.is_regular_file() && x == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

DamagePlanOptions OptionsFor(uint64_t size) {
  DamagePlanOptions o;
  if (kSanitized || size > kSmallFile) {
    o.max_chunks = 1;
    o.max_page_cuts = 12;
    o.random_cuts = 2;
    o.max_records = 2;
  }
  return o;
}

struct SuiteTotals {
  size_t files = 0, variants = 0, reported = 0, skipped_large = 0, known_gaps = 0;
};

void RunOne(const fs::path& path, DamageFormat format, SuiteTotals& totals) {
  Result<std::vector<std::byte>> bytes = ReadWholeFile(path.string());
  REQUIRE_MESSAGE(bytes.ok(), bytes.status().ToString());
  if (kSanitized && bytes->size() > kSmallFile) {
    ++totals.skipped_large;
    return;
  }
  const std::string rel = path.parent_path().filename().string() + "/" + path.filename().string();
  CAPTURE(rel);
  const fs::path scratch = fs::path(LOGRX_BINARY_DIR) / "corruption-scratch" / path.filename();
  CorruptionHarness h(*bytes, format, path.filename().string(), scratch);
  REQUIRE_MESSAGE(h.baseline_ok(), h.baseline().open_status.ToString());
  // The undamaged run must yield records, or no comparison below means anything.
  CHECK(!h.baseline().records.empty());
  for (Damage& d : PlanDamage(*bytes, format, OptionsFor(bytes->size()))) {
    if (const KnownGap* gap = ApplyKnownGap(rel, d, bytes->size())) {
      ++totals.known_gaps;
      MESSAGE(fmt::format("known gap ({}): {}: {}: {}", gap->owner, rel, d.name, gap->reason));
    }
    (void)h.Check(d);
  }
  ++totals.files;
  totals.variants += h.variants_checked();
  totals.reported += h.variants_reported();
  CHECK_MESSAGE(h.failures().empty(), h.FailureSummary());
}

void RunFolder(const char* sub, const char* ext, DamageFormat format) {
  const std::vector<fs::path> files = CorpusFiles(sub, ext);
  REQUIRE_MESSAGE(!files.empty(), "no *", ext, " in corpus/", sub);
  SuiteTotals totals;
  for (const fs::path& p : files) RunOne(p, format, totals);
  MESSAGE(fmt::format("corpus/{}: {} files, {} damaged variants ({} reported, {} known gaps), {} "
                      "large files skipped under ASan",
                      sub, totals.files, totals.variants, totals.reported, totals.known_gaps,
                      totals.skipped_large));
}

}  // namespace

TEST_SUITE("corpus") {

TEST_CASE("corruption: damaged evtx files are reported and keep every untouched record") {
  RunFolder("evtx", ".evtx", DamageFormat::kEvtx);
}

TEST_CASE("corruption: damaging already-damaged evtx files keeps every untouched record") {
  RunFolder("evtx-damaged", ".evtx", DamageFormat::kEvtx);
}

TEST_CASE("corruption: damaged evt files are reported and keep every untouched record") {
  RunFolder("evt", ".evt", DamageFormat::kEvt);
}

TEST_CASE("corruption: damaged xml exports are reported and keep every untouched event") {
  RunFolder("python-evtx-xml", ".xml", DamageFormat::kXml);
}

}  // TEST_SUITE

}  // namespace logrx::testing
