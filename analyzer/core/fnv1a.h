// FNV-1a, 64 bits (Fowler/Noll/Vo): a hash of bytes that is the same on every run, build
// and machine, for what must come out the same everywhere: the shard a host falls in
// (scan --shard K/N) and the digest of the rules and KB that `logrx merge` compares.
// Not for security, and not for hash tables fed hostile keys.
//
//   uint64_t h = Fnv1a64("EXCLUS1");
//   h = Fnv1a64(more_bytes, h);        // the same as hashing both pieces in one call
//
// Pure; constexpr; thread-safe.
#ifndef LOGRX_CORE_FNV1A_H_
#define LOGRX_CORE_FNV1A_H_

#include <cstdint>
#include <string_view>

namespace logrx {

inline constexpr uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;

// `h` continued over `bytes`; from the offset basis when `h` is not given.
constexpr uint64_t Fnv1a64(std::string_view bytes, uint64_t h = kFnv1a64Offset) noexcept {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace logrx

#endif  // LOGRX_CORE_FNV1A_H_
