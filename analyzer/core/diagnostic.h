// Diagnostics: what a reader or loader could not read, and what it did about it.
//
//   struct Printer : DiagnosticSink { void Report(const Diagnostic& d) override { ... } };
//   reader = OpenEventFile(path, options, printer);   // damage is reported, reading goes on
//
// Readers never print; they hand each problem to the injected sink (leveldb's
// log::Reader::Reporter). Sinks shared between threads must be thread-safe themselves;
// CollectingSink and CountingSink are.
#ifndef LOGRX_CORE_DIAGNOSTIC_H_
#define LOGRX_CORE_DIAGNOSTIC_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/file_loc.h"

namespace logrx {

enum class Severity : uint8_t {
  kNote,     // informational (e.g. "dirty file: reading past the header's chunk count")
  kWarning,  // data is suspect but was kept (CRC mismatch, recovered record)
  kError,    // data was lost (a record, chunk or file could not be read)
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;              // path as the user gave it (relative stays relative)
  uint64_t offset = kNoOffset;   // absolute byte offset, kNoOffset if not applicable
  uint32_t line = 0;             // 1-based line for text inputs, 0 if not applicable
  std::string structure;         // where in the format: "chunk 3", "record 1234", "rule r1"
  std::string what;              // what was wrong and what was done ("skipped 512 bytes")
  uint64_t bytes_dropped = 0;    // bytes that yielded no event because of this problem
  uint64_t records_dropped = 0;  // records known to be lost (0 if unknown)

  // "System.evtx @0x11000 (chunk 1): bad magic 'ElfChnX'; chunk skipped"
  // or "export.xml:120: event 7: unexpected end of element; event skipped"
  std::string ToString() const;
};

class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void Report(const Diagnostic& d) = 0;
};

// Reports a problem with a whole file, or with one line of a text file (no byte offset):
//   ReportProblem(sink, Severity::kWarning, path, "inventory", "empty; file skipped");
void ReportProblem(DiagnosticSink& sink, Severity severity, std::string file,
                   std::string structure, std::string what, uint32_t line = 0);

// Discards everything (for callers that only want the events).
class NullDiagnosticSink final : public DiagnosticSink {
 public:
  void Report(const Diagnostic&) override {}
};

// Keeps every diagnostic. Thread-safe.
class CollectingSink final : public DiagnosticSink {
 public:
  void Report(const Diagnostic& d) override {
    std::lock_guard<std::mutex> lock(mu_);
    items_.push_back(d);
  }
  // Not thread-safe with concurrent Report(); call after the readers are done.
  const std::vector<Diagnostic>& items() const { return items_; }
  size_t count(Severity s) const {
    size_t n = 0;
    for (const auto& d : items_) n += d.severity == s ? 1 : 0;
    return n;
  }

 private:
  std::mutex mu_;
  std::vector<Diagnostic> items_;
};

}  // namespace logrx

#endif  // LOGRX_CORE_DIAGNOSTIC_H_
