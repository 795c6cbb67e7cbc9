// Fuzzes the .reg reader: decoding (UTF-16/UTF-8/ANSI), ParseRegFile, and the Hotfix-key
// inventory parser on top of it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>

#include "core/windows_text.h"
#include "inventory/inventory_formats.h"
#include "inventory/reg_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const logrx::DecodedText text = logrx::DecodeWindowsText(bytes);
  const logrx::inventory::RegFile reg = logrx::inventory::ParseRegFile(text.text);
  for (const auto& k : reg.keys) (void)k.Find("Installed");
  std::map<std::string, logrx::inventory::HostFacts> hosts;
  logrx::NullDiagnosticSink sink;
  logrx::inventory::ParseInventoryBytes("fuzz.reg", bytes, "FUZZ", hosts, sink);
  return 0;
}
