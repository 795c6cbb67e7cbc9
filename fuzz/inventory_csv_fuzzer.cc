// Fuzzes the CSV inventory readers (systeminfo, wmic qfe, Get-HotFix, file listing), the
// RFC 4180 reader under them, and the free-text parsers they call (dates, OS banners).
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string_view>

#include "core/csv_reader.h"
#include "inventory/inventory_formats.h"
#include "inventory/os_banner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  std::map<std::string, logrx::inventory::HostFacts> hosts;
  logrx::NullDiagnosticSink sink;
  logrx::inventory::ParseInventoryBytes("fuzz.csv", bytes, "FUZZ", hosts, sink);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  logrx::CsvReader csv(text);
  logrx::CsvRecord rec;
  uint32_t last_line = 0;
  while (csv.Next(rec)) {
    if (rec.line < last_line) __builtin_trap();  // lines only move forward
    last_line = rec.line;
  }
  int64_t t = 0;
  (void)logrx::inventory::ParseLocalDateTime(text.substr(0, 64), t);
  logrx::inventory::OsFacts os;
  (void)logrx::inventory::ParseOsBanner(text.substr(0, 512), os);
  return 0;
}
