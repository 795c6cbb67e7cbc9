#include "core/crc32.h"

#include <zlib.h>

#include <algorithm>

namespace logrx {

uint32_t Crc32Extend(uint32_t crc, std::span<const std::byte> data) noexcept {
  const auto* p = reinterpret_cast<const Bytef*>(data.data());
  size_t left = data.size();
  uLong c = crc;
  while (left > 0) {
    const auto n = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
    c = ::crc32(c, p, n);
    p += n;
    left -= n;
  }
  return static_cast<uint32_t>(c);
}

}  // namespace logrx
