#include "fleet/inventory_sniff.h"

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <vector>

#include "core/windows_text.h"
#include "inventory/inventory_formats.h"
#include "rules/host_key.h"

namespace logrx::fleet {

namespace {

bool HasExtension(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return false;
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
  constexpr size_t kMax = 64u << 20;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    sink.Report(Diagnostic{Severity::kError, path, kNoOffset, 0, "inventory", "cannot open", 0, 0});
    return;
  }
  std::vector<std::byte> bytes;
  std::vector<std::byte> block(64 * 1024);
  size_t got = 0;
  while ((got = std::fread(block.data(), 1, block.size(), f)) > 0 && bytes.size() <= kMax) {
    bytes.insert(bytes.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(got));
  }
  const bool read_error = std::ferror(f) != 0;
  std::fclose(f);
  if (read_error || bytes.size() > kMax) {
    sink.Report(Diagnostic{Severity::kError, path, kNoOffset, 0, "inventory",
                           read_error ? "read error" : "larger than 64 MiB; not read", 0, 0});
    return;
  }
  inventory::ParseInventoryBytes(path, bytes, rules::HostFromPath(path), hosts, sink);
}

}  // namespace logrx::fleet
