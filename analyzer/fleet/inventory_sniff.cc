#include "fleet/inventory_sniff.h"

#include <cstddef>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "core/host_from_path.h"
#include "core/input_file.h"
#include "core/windows_text.h"
#include "inventory/inventory_formats.h"
#include "readers/format_sniff.h"

namespace logrx::fleet {

namespace {

bool HasExtension(const std::string& path) {
  const std::string ext = readers::LowerExtension(path);
  return ext == "csv" || ext == "tsv" || ext == "txt" || ext == "reg";
}

}  // namespace

std::string InventoryKindOf(const std::string& path) {
  if (!HasExtension(path)) return "";
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return "";  // the reader reports why
  std::vector<std::byte> head(64 * 1024);
  const size_t got = std::fread(head.data(), 1, head.size(), f);
  std::fclose(f);
  head.resize(got);
  const DecodedText text = DecodeWindowsText(head);
  const inventory::InventoryFormat format = inventory::DetectInventoryFormat(text.text);
  if (format == inventory::InventoryFormat::kUnknown) return "";
  return std::string(inventory::InventoryFormatName(format));
}

void LoadSniffedInventory(const std::string& path,
                          std::map<std::string, inventory::HostFacts>& hosts,
                          DiagnosticSink& sink) {
  constexpr uint64_t kMaxBytes = 64ull << 20;
  Result<std::vector<std::byte>> bytes = ReadWholeFile(path, kMaxBytes);
  if (!bytes.ok()) {
    ReportProblem(sink, Severity::kError, path, "inventory",
                  fmt::format("unreadable ({}); file skipped", bytes.status().ToString()));
    return;
  }
  inventory::ParseInventoryBytes(path, *bytes, HostFromPath(path), hosts, sink);
}

}  // namespace logrx::fleet
