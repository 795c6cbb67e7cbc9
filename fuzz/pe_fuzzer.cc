// Fuzzes the PE reader: headers, the resource tree walk for every type that matters, and
// the VS_VERSIONINFO parser both through the image and on raw bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "readers/pe_image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  logrx::Result<logrx::readers::PeImage> pe = logrx::readers::PeImage::Parse(bytes, "fuzz.exe");
  if (pe.ok()) {
    for (uint32_t type : {logrx::readers::kRtVersion, logrx::readers::kRtMessageTable}) {
      for (const auto& r : pe->FindResources(type)) {
        if (r.data.size() > size) __builtin_trap();  // views must stay inside the input
      }
    }
    auto v = pe->Version();
    if (v) (void)v->FileVersionString();
  }
  auto raw = logrx::readers::ParseVersionInfo(bytes);
  if (raw) (void)raw->ProductVersionString();
  return 0;
}
