// libFuzzer harness for the EVTX reader: file header, chunks, records and BinXML, in every
// mode (plain, recover, strict, XML rendering, 2 jobs). Seeds: fuzz/corpus/evtx (built by
// tests/support/evtx_builder), crash regressions: fuzz/regressions/evtx.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>

#include "core/diagnostic.h"
#include "fleet/ordered_units.h"
#include "fleet/scheduler.h"
#include "readers/evtx/evtx_reader.h"
#include "report/record_writer.h"

namespace {

// --jobs 2 as `dump` runs it: each thread renders the chunks it decoded, in turn.
class Render final : public logrx::fleet::UnitConsumer {
 public:
  explicit Render(bool json) : json_(json) {}
  void Process(std::span<const logrx::Event> events) override {
    std::string& out = kept_.emplace_back();
    for (const logrx::Event& ev : events) {
      if (json_) {
        logrx::report::RecordWriter::AppendJson(ev, "f", out);
      } else {
        logrx::report::RecordWriter::AppendXml(ev, out);
      }
    }
  }
  bool EmitOldest() override {
    kept_.pop_front();
    return true;
  }

 private:
  bool json_;
  std::deque<std::string> kept_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Inputs beyond a few chunks add time, not coverage.
  if (size > 4096 + 4 * 65536) return 0;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  // The first byte picks the mode, so the fuzzer explores each one.
  const uint8_t mode = size > 0 ? data[size - 1] : 0;
  logrx::readers::ReaderOptions o;
  o.render_xml = (mode & 1) != 0;
  o.recover = (mode & 2) != 0;
  o.strict = (mode & 4) != 0;
  logrx::NullDiagnosticSink sink;
  const unsigned jobs = (mode & 8) != 0 ? 2 : 1;
  logrx::fleet::Scheduler pool(jobs, jobs);
  auto r = logrx::readers::NewEvtxReaderFromMemory(bytes, o, sink);
  if (!r.ok()) return 0;
  if (pool.jobs() > 1) {
    const bool json = (mode & 16) != 0;
    (void)logrx::fleet::ConsumeUnitsInOrder(*(*r)->unit_reader(), pool,
                                            [json] { return std::make_unique<Render>(json); });
    return 0;
  }
  logrx::Event ev;
  std::string out;
  size_t n = 0;
  while ((*r)->Next(ev).ok() && n++ < 100000) {
    out.clear();
    if (mode & 16) {
      logrx::report::RecordWriter::AppendJson(ev, "f", out);
    } else {
      logrx::report::RecordWriter::AppendXml(ev, out);
    }
  }
  return 0;
}
