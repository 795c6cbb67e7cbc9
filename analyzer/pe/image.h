// PeImage: the parts of a PE (EXE/DLL/SYS) file logrx needs: machine type, link
// timestamp, and resources (RT_VERSION for file versions, RT_MESSAGETABLE for messages).
//
//   Result<PeImage> pe = PeImage::Parse(bytes, "winlogon.exe");
//   if (pe.ok() && pe->machine() == kMachineAlpha) ...
//   for (const PeResource& r : pe->FindResources(kRtMessageTable)) ParseMessageTable(r.data);
//
// Every offset, size and RVA is treated as hostile (bounded, no loops). Views point into
// `bytes`, which must outlive the PeImage. Immutable; thread-safe.
// Used by inventory (file versions under --root) and messages (message tables).
#ifndef LOGRX_PE_IMAGE_H_
#define LOGRX_PE_IMAGE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace logrx::pe {

inline constexpr uint16_t kMachineI386 = 0x014c;
inline constexpr uint16_t kMachineAlpha = 0x0184;
inline constexpr uint16_t kMachineAmd64 = 0x8664;
inline constexpr uint16_t kMachineIa64 = 0x0200;
inline constexpr uint16_t kMachineArm64 = 0xAA64;
inline constexpr uint32_t kRtVersion = 16;
inline constexpr uint32_t kRtMessageTable = 11;

struct PeResource {
  uint32_t type = 0;
  uint32_t name_id = 0;       // numeric name (0 when named by string)
  std::string name;           // string name, UTF-8 (empty when numeric)
  uint32_t language = 0;      // LANGID, e.g. 0x409
  std::span<const std::byte> data;
};

struct PeVersionInfo {
  uint64_t file_version = 0;      // VS_FIXEDFILEINFO dwFileVersionMS:LS
  uint64_t product_version = 0;
  std::string file_version_text;  // StringFileInfo "FileVersion" if present
  std::string product_name;
  std::string original_filename;
  std::string company_name;
  bool has_fixed = false;         // a VS_FIXEDFILEINFO with signature 0xFEEF04BD was read
  // "4.0.1381.7103" from the fixed (numeric) version.
  std::string FileVersionString() const;
  std::string ProductVersionString() const;
};

// "Intel", "Alpha", "x64", "IA64", "ARM64" or "unknown".
std::string_view MachineName(uint16_t machine) noexcept;

// Parses a VS_VERSIONINFO block (the bytes of an RT_VERSION resource). nullopt when the
// root block is malformed or is not "VS_VERSION_INFO"; malformed children are skipped.
// Pure; thread-safe. Strings are copied (UTF-8).
std::optional<PeVersionInfo> ParseVersionInfo(std::span<const std::byte> data);

class PeImage {
 public:
  // kCorrupt/kTruncated naming `display_name` and the offset for a malformed image.
  static Result<PeImage> Parse(std::span<const std::byte> bytes, std::string_view display_name);

  uint16_t machine() const noexcept { return machine_; }
  uint32_t timestamp() const noexcept { return timestamp_; }  // seconds since 1970 UTC
  // All resources of a type (every name and language), in directory order.
  std::vector<PeResource> FindResources(uint32_t type) const;
  // VS_VERSIONINFO of the first RT_VERSION resource; nullopt when absent or malformed.
  std::optional<PeVersionInfo> Version() const;

 private:
  std::span<const std::byte> bytes_;
  uint16_t machine_ = 0;
  uint32_t timestamp_ = 0;
  struct Section {
    uint32_t rva, vsize, raw_offset, raw_size;
  };
  std::vector<Section> sections_;
  uint32_t resource_rva_ = 0;
  uint32_t resource_size_ = 0;
  friend class PeImageBuilder;  // implementation detail of pe_image.cc
};

}  // namespace logrx::pe

#endif  // LOGRX_PE_IMAGE_H_
