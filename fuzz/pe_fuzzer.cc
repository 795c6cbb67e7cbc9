// Fuzzes the PE reader: headers, the resource tree walk for every type that matters, and
// the VS_VERSIONINFO parser both through the image and on raw bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "pe/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  logrx::Result<logrx::pe::PeImage> image = logrx::pe::PeImage::Parse(bytes, "fuzz.exe");
  if (image.ok()) {
    for (uint32_t type : {logrx::pe::kRtVersion, logrx::pe::kRtMessageTable}) {
      for (const auto& r : image->FindResources(type)) {
        if (r.data.size() > size) __builtin_trap();  // views must stay inside the input
      }
    }
    auto v = image->Version();
    if (v) (void)v->FileVersionString();
  }
  auto raw = logrx::pe::ParseVersionInfo(bytes);
  if (raw) (void)raw->ProductVersionString();
  return 0;
}
