// Property checks any event reader must pass, given one input file's bytes:
//   (a) the file cut at an offset yields a prefix of the whole file's events;
//   (b) a single-byte flip anywhere still reads to the end (no crash, no endless reader);
//   (c) two reads of the same bytes give identical events and diagnostics.
//
//   PropertyReport r = CheckReaderProperties(bytes, InputFormat::kXml, {.cuts = 200});
//   CHECK(r.failures.empty());   // each failure names the property, offset and event
//
// Reads go through the format's own factory (reader_factories_internal.h), not format
// detection, so a cut or flipped header still reaches the reader under test. Files are
// written under the build tree. Run the test binary under ASan to make (b) mean "no
// memory errors" too. Deterministic (fixed seed); not thread-safe.
#ifndef LOGRX_TESTS_SUPPORT_READER_PROPERTIES_H_
#define LOGRX_TESTS_SUPPORT_READER_PROPERTIES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/status.h"
#include "readers/reader.h"

namespace logrx::testing {

struct ReaderRun {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diagnostics;
  Status final;           // what ended the loop: end() normally
  bool runaway = false;   // stopped after max_events (a reader that never ends)
};

// Reads `bytes` as `format` (kEvtx, kEvt, kXml or kText) and keeps everything.
ReaderRun ReadBytesAs(std::string_view bytes, InputFormat format,
                      const readers::ReaderOptions& options = {}, size_t max_events = 1000000);

// Every field of an event as one string (location, ids, times, strings, data, binary,
// message, xml), for exact comparisons in properties and tests.
std::string EventFingerprint(const Event& ev, bool with_integrity = true);

struct PropertyOptions {
  size_t cuts = 64;        // cut offsets to try; >= size + 1 means every offset
  size_t flips = 64;       // single-byte flips to try; >= size means every position
  uint64_t seed = 1;       // for the flipped byte values and sampled offsets
  bool check_cuts = true;
  bool check_flips = true;
  bool check_repeat = true;
  // Binary formats may mark the last records of a cut file kChecksumMismatch; compare
  // without the integrity flag then.
  bool cut_ignores_integrity = false;
  // render_xml on, so the event's own text is compared too.
  readers::ReaderOptions options = [] {
    readers::ReaderOptions o;
    o.render_xml = true;
    return o;
  }();
};

struct PropertyReport {
  size_t full_events = 0;
  size_t cuts_checked = 0;
  size_t flips_checked = 0;
  std::vector<std::string> failures;  // empty when every property held
};

PropertyReport CheckReaderProperties(std::string_view bytes, InputFormat format,
                                     const PropertyOptions& opts = PropertyOptions());

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_READER_PROPERTIES_H_
