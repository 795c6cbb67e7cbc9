// PeBuilder: builds small, valid PE images in tests (i386, Alpha, x64), with any resources
// (RT_VERSION from PeVersionSpec, RT_MESSAGETABLE from message entries, raw bytes), plus
// deliberate damage (resource loops; cut the result with TruncateAt).
//
//   PeBuilder b(pe::kMachineAlpha);
//   std::vector<std::byte> img = b.SetTimestamp(0x38E9A2C8).AddVersion({.file_version =
//       PeVersion(4, 0, 1381, 7103)}).Build();
//
// Layout (fixed, so tests can reason about offsets): DOS header at 0 with e_lfanew 0x80,
// PE header at 0x80, one section ".rsrc" at RVA 0x1000 / file offset 0x200 (when any
// resource was added). Shared by the inventory and legacy-formats (message table) tests.
#ifndef LOGRX_TESTS_SUPPORT_PE_BUILDER_H_
#define LOGRX_TESTS_SUPPORT_PE_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pe/image.h"

namespace logrx::testing {

inline constexpr uint32_t kPeResourceRva = 0x1000;
inline constexpr uint32_t kPeResourceFileOffset = 0x200;

constexpr uint64_t PeVersion(uint16_t a, uint16_t b, uint16_t c, uint16_t d) {
  return (uint64_t{a} << 48) | (uint64_t{b} << 32) | (uint64_t{c} << 16) | d;
}

struct PeVersionSpec {
  bool with_fixed = true;          // emit VS_FIXEDFILEINFO (signature 0xFEEF04BD)
  uint64_t file_version = 0;
  uint64_t product_version = 0;
  std::string table = "040904B0";  // StringTable key: LANGID + code page, hex
  std::vector<std::pair<std::string, std::string>> strings;  // e.g. {"FileVersion", "..."}
};

// The bytes of an RT_VERSION resource (VS_VERSIONINFO with StringFileInfo and VarFileInfo).
std::vector<std::byte> BuildVersionResource(const PeVersionSpec& spec);

struct PeMessage {
  uint32_t id = 0;       // full 32-bit message id (severity bits included), as mc.exe writes
  std::string text;      // UTF-8; stored as UTF-16 (unicode) or bytes (ANSI)
};
// The bytes of an RT_MESSAGETABLE resource (MESSAGE_RESOURCE_DATA): entries sorted by id,
// consecutive ids share a block; each entry NUL-terminated and padded to 4 bytes.
std::vector<std::byte> BuildMessageTableResource(std::vector<PeMessage> messages,
                                                 bool unicode = true);

enum class PeResourceLoop : uint8_t {
  kNone,
  kNameToRoot,  // the first name-level entry points back at the root directory
  kLangToRoot,  // the first language-level entry is a "subdirectory" pointing at the root
  kRootToRoot,  // the first type entry points at the root directory itself
};

class PeBuilder {
 public:
  explicit PeBuilder(uint16_t machine = pe::kMachineI386) : machine_(machine) {}

  PeBuilder& SetTimestamp(uint32_t t) { timestamp_ = t; return *this; }
  // PE32+ optional header (default: PE32 except for x64 and ARM64).
  PeBuilder& SetPe32Plus(bool v) { pe32_plus_ = v; pe32_plus_set_ = true; return *this; }
  PeBuilder& AddResource(uint32_t type, uint32_t name_id, uint16_t lang,
                         std::vector<std::byte> data);
  PeBuilder& AddNamedResource(uint32_t type, std::string name, uint16_t lang,
                              std::vector<std::byte> data);
  PeBuilder& AddVersion(const PeVersionSpec& spec, uint16_t lang = 0x409) {
    return AddResource(pe::kRtVersion, 1, lang, BuildVersionResource(spec));
  }
  PeBuilder& AddMessageTable(std::vector<PeMessage> messages, uint16_t lang = 0x409,
                             bool unicode = true) {
    return AddResource(pe::kRtMessageTable, 1, lang,
                       BuildMessageTableResource(std::move(messages), unicode));
  }
  PeBuilder& SetResourceLoop(PeResourceLoop loop) { loop_ = loop; return *this; }

  std::vector<std::byte> Build() const;

 private:
  struct Res {
    uint32_t type;
    uint32_t id;
    std::string name;
    uint16_t lang;
    std::vector<std::byte> data;
  };
  uint16_t machine_;
  uint32_t timestamp_ = 0;
  bool pe32_plus_ = false;
  bool pe32_plus_set_ = false;
  PeResourceLoop loop_ = PeResourceLoop::kNone;
  std::vector<Res> res_;
};

// The first n bytes of `image` (n clamped to its size).
std::vector<std::byte> TruncateAt(const std::vector<std::byte>& image, size_t n);

// Little-endian byte appenders used by the builders (also handy for hand-made inputs).
void PutU16(std::vector<std::byte>& out, uint16_t v);
void PutU32(std::vector<std::byte>& out, uint32_t v);
void PutUtf16(std::vector<std::byte>& out, std::string_view ascii_or_utf8, bool nul = true);

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_PE_BUILDER_H_
