// CRC-32 (IEEE 802.3, the checksum EVTX headers and chunks carry), via zlib.
//
//   uint32_t crc = Crc32(chunk.subspan(0, 120));
//   crc = Crc32Extend(crc, chunk.subspan(128, 384));   // two ranges, one checksum
//
// Pure; thread-safe.
#ifndef LOGRX_CORE_CRC32_H_
#define LOGRX_CORE_CRC32_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace logrx {

uint32_t Crc32Extend(uint32_t crc, std::span<const std::byte> data) noexcept;
inline uint32_t Crc32(std::span<const std::byte> data) noexcept { return Crc32Extend(0, data); }

}  // namespace logrx

#endif  // LOGRX_CORE_CRC32_H_
