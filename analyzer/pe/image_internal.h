// Internals of pe/image.cc and pe/version_resource.cc shared between the two files (not a contract).
//
//   std::span<const std::byte> d = internal::MapRva(bytes, sections, rva, size, false);
//   if (d.size() == size) Use(d);   // empty span when the RVA is not file-backed
//
// Pure functions; thread-safe.
#ifndef LOGRX_PE_IMAGE_INTERNAL_H_
#define LOGRX_PE_IMAGE_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace logrx::pe::internal {

struct PeSectionView {
  uint32_t rva, vsize, raw_offset, raw_size;
};

// Maps [rva, rva+len) to file bytes through the section table. With to_section_end, `len`
// is ignored and the view runs to the end of the section's file-backed bytes (possibly cut
// short by the end of the file). Empty when unmapped or out of bounds.
std::span<const std::byte> MapRva(std::span<const std::byte> bytes,
                                  std::span<const PeSectionView> sections, uint32_t rva,
                                  uint32_t len, bool to_section_end) noexcept;

// "a.b.c.d" from a 64-bit MS:LS version (four 16-bit parts, most significant first).
std::string FormatVersion(uint64_t v);

}  // namespace logrx::pe::internal

#endif  // LOGRX_PE_IMAGE_INTERNAL_H_
