// PE headers, section mapping and the resource directory tree. Layout notes are in
// docs/inventory.md ("PE files"). Every number read from the image is hostile: offsets are
// checked as `off <= size` then `len <= size - off`, the tree walk is bounded by depth 3,
// a visited set of directory offsets and a cap on the resources returned.
#include "pe/image.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "core/byte_cursor.h"
#include "core/utf16.h"
#include "pe/image_internal.h"

namespace logrx::pe {

namespace {

constexpr uint16_t kPe32Magic = 0x10b;
constexpr uint16_t kPe32PlusMagic = 0x20b;
constexpr uint32_t kMaxSections = 96 * 4;  // loader caps are 96 (old) / 65535; 384 is plenty
constexpr size_t kMaxResources = 4096;     // per FindResources call
constexpr uint32_t kHighBit = 0x80000000u;

}  // namespace

// Builds a PeImage field by field (the friend named in the header).
class PeImageBuilder {
 public:
  static Result<PeImage> Parse(std::span<const std::byte> bytes, std::string_view name) {
    PeImage pe;
    pe.bytes_ = bytes;
    ByteCursor c(bytes, 0);
    uint16_t mz = 0;
    if (!c.ReadU16(mz, "DOS header magic")) return c.ErrorStatus(name);
    if (mz != 0x5A4D) {
      return Status::Corrupt(fmt::format("{} @0x0: DOS header: magic 0x{:04x} (want 'MZ')",
                                         name, mz));
    }
    uint32_t lfanew = 0;
    if (!c.Seek(0x3C, "DOS header") || !c.ReadU32(lfanew, "DOS header e_lfanew")) {
      return c.ErrorStatus(name);
    }
    if (!c.Seek(lfanew, "PE header (e_lfanew)")) return c.ErrorStatus(name);
    uint32_t sig = 0;
    if (!c.ReadU32(sig, "PE signature")) return c.ErrorStatus(name);
    if (sig != 0x00004550) {
      return Status::Corrupt(fmt::format("{} @0x{:x}: PE signature 0x{:08x} (want 'PE\\0\\0')",
                                         name, lfanew, sig));
    }
    uint16_t nsections = 0, opt_size = 0, characteristics = 0;
    uint32_t symtab = 0, nsyms = 0;
    if (!c.ReadU16(pe.machine_, "file header Machine") ||
        !c.ReadU16(nsections, "file header NumberOfSections") ||
        !c.ReadU32(pe.timestamp_, "file header TimeDateStamp") ||
        !c.ReadU32(symtab, "file header PointerToSymbolTable") ||
        !c.ReadU32(nsyms, "file header NumberOfSymbols") ||
        !c.ReadU16(opt_size, "file header SizeOfOptionalHeader") ||
        !c.ReadU16(characteristics, "file header Characteristics")) {
      return c.ErrorStatus(name);
    }
    const size_t opt_start = c.pos();
    std::span<const std::byte> opt;
    if (!c.ReadBytes(opt_size, opt, "optional header")) return c.ErrorStatus(name);
    ByteCursor oc(opt, opt_start);
    uint16_t magic = 0;
    if (!oc.ReadU16(magic, "optional header Magic")) return oc.ErrorStatus(name);
    size_t count_at = 0;
    if (magic == kPe32Magic) {
      count_at = 92;
    } else if (magic == kPe32PlusMagic) {
      count_at = 108;
    } else {
      return Status::Corrupt(fmt::format(
          "{} @0x{:x}: optional header magic 0x{:x} (want 0x10b or 0x20b)", name, opt_start,
          magic));
    }
    uint32_t ndirs = 0;
    if (!oc.Seek(count_at, "optional header NumberOfRvaAndSizes") ||
        !oc.ReadU32(ndirs, "optional header NumberOfRvaAndSizes")) {
      return oc.ErrorStatus(name);
    }
    if (ndirs > 2) {
      // Directory 2 is the resource table; 8 bytes per directory entry.
      if (!oc.Skip(2 * 8, "data directory") ||
          !oc.ReadU32(pe.resource_rva_, "resource directory RVA") ||
          !oc.ReadU32(pe.resource_size_, "resource directory size")) {
        return oc.ErrorStatus(name);
      }
    }
    if (nsections > kMaxSections) {
      return Status::Corrupt(fmt::format("{} @0x{:x}: {} sections (limit {})", name,
                                         lfanew + 6, nsections, kMaxSections));
    }
    pe.sections_.reserve(nsections);  // bounded by kMaxSections above
    for (uint16_t i = 0; i < nsections; ++i) {
      PeImage::Section s{};
      if (!c.Skip(8, "section name") || !c.ReadU32(s.vsize, "section VirtualSize") ||
          !c.ReadU32(s.rva, "section VirtualAddress") ||
          !c.ReadU32(s.raw_size, "section SizeOfRawData") ||
          !c.ReadU32(s.raw_offset, "section PointerToRawData") ||
          !c.Skip(16, "section relocations/flags")) {
        return c.ErrorStatus(name);
      }
      pe.sections_.push_back(s);
    }
    return pe;
  }
};

Result<PeImage> PeImage::Parse(std::span<const std::byte> bytes, std::string_view display_name) {
  return PeImageBuilder::Parse(bytes, display_name);
}

namespace internal {

std::span<const std::byte> MapRva(std::span<const std::byte> bytes,
                                  std::span<const PeSectionView> sections, uint32_t rva,
                                  uint32_t len, bool to_section_end) noexcept {
  for (const PeSectionView& s : sections) {
    if (rva < s.rva) continue;
    const uint32_t delta = rva - s.rva;
    // Only raw (file-backed) bytes exist in the file; trust the smaller of the two sizes
    // when VirtualSize is set, because bytes past it are not part of the section.
    uint32_t extent = s.raw_size;
    if (s.vsize != 0) extent = std::min(extent, s.vsize);
    if (delta >= extent) continue;
    const uint32_t avail = extent - delta;
    const uint32_t want = to_section_end ? avail : len;
    if (want > avail) return {};
    const uint64_t off = uint64_t{s.raw_offset} + delta;
    if (off > bytes.size()) return {};
    const uint64_t have = bytes.size() - off;
    const uint64_t n = std::min<uint64_t>(want, have);
    if (!to_section_end && n < want) return {};
    return bytes.subspan(static_cast<size_t>(off), static_cast<size_t>(n));
  }
  return {};
}

}  // namespace internal

namespace {

struct Walker {
  std::span<const std::byte> bytes;
  std::span<const internal::PeSectionView> sections;
  std::span<const std::byte> tree;  // the resource section from the root directory on
  uint32_t want_type = 0;
  std::unordered_set<uint32_t> visited;
  std::vector<PeResource>* out = nullptr;

  // Entries of the directory at `off` (relative to the root); false if unreadable.
  struct Entry {
    uint32_t name;
    uint32_t target;
  };
  bool ReadDirectory(uint32_t off, std::vector<Entry>& entries) {
    entries.clear();
    if (!visited.insert(off).second) return false;  // a loop or a shared subtree
    ByteCursor c(tree, 0);
    uint16_t named = 0, ids = 0;
    if (!c.Seek(off, "resource directory") || !c.Skip(12, "resource directory header") ||
        !c.ReadU16(named, "named entries") || !c.ReadU16(ids, "id entries")) {
      return false;
    }
    const size_t count = size_t{named} + ids;
    // Never trust the count for allocation: each entry must fit in the bytes left.
    if (count > c.remaining() / 8) return false;
    entries.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      Entry e{};
      if (!c.ReadU32(e.name, "entry name") || !c.ReadU32(e.target, "entry offset")) break;
      entries.push_back(e);
    }
    return true;
  }

  void ReadName(uint32_t name, PeResource& r) const {
    if ((name & kHighBit) == 0) {
      r.name_id = name;
      return;
    }
    ByteCursor c(tree, 0);
    uint16_t len = 0;
    std::span<const std::byte> chars;
    if (!c.Seek(name & ~kHighBit, "resource name") || !c.ReadU16(len, "resource name length") ||
        !c.ReadBytes(size_t{len} * 2, chars, "resource name")) {
      r.name = "?";
      return;
    }
    AppendUtf16LeAsUtf8(chars.data(), len, r.name);
  }

  void AddData(uint32_t off, PeResource r) {
    if (out->size() >= kMaxResources) return;
    ByteCursor c(tree, 0);
    uint32_t data_rva = 0, size = 0;
    if (!c.Seek(off, "resource data entry") || !c.ReadU32(data_rva, "data RVA") ||
        !c.ReadU32(size, "data size")) {
      return;
    }
    r.data = internal::MapRva(bytes, sections, data_rva, size, false);
    if (r.data.size() != size) return;  // unmapped or cut short: not a usable resource
    out->push_back(std::move(r));
  }

  void Walk() {
    std::vector<Entry> types, names, langs;
    if (!ReadDirectory(0, types)) return;
    for (const Entry& t : types) {
      if ((t.name & kHighBit) != 0 || t.name != want_type) continue;
      if ((t.target & kHighBit) == 0) continue;  // a type must be a directory
      if (!ReadDirectory(t.target & ~kHighBit, names)) continue;
      for (const Entry& n : names) {
        PeResource r;
        r.type = want_type;
        ReadName(n.name, r);
        if ((n.target & kHighBit) == 0) {
          // Two-level trees (no language directory) appear in some packers; accept them.
          AddData(n.target, r);
          continue;
        }
        if (!ReadDirectory(n.target & ~kHighBit, langs)) continue;
        for (const Entry& l : langs) {
          if ((l.target & kHighBit) != 0) continue;  // depth limit: 3 levels
          PeResource lr = r;
          lr.language = (l.name & kHighBit) == 0 ? l.name : 0;
          AddData(l.target, std::move(lr));
        }
      }
    }
  }
};

}  // namespace

std::vector<PeResource> PeImage::FindResources(uint32_t type) const {
  std::vector<PeResource> out;
  if (resource_rva_ == 0) return out;
  std::vector<internal::PeSectionView> views;
  views.reserve(sections_.size());
  for (const Section& s : sections_) views.push_back({s.rva, s.vsize, s.raw_offset, s.raw_size});
  Walker w;
  w.bytes = bytes_;
  w.sections = views;
  w.tree = internal::MapRva(bytes_, views, resource_rva_, 0, /*to_section_end=*/true);
  if (w.tree.empty()) return out;
  w.want_type = type;
  w.out = &out;
  w.Walk();
  return out;
}

std::string PeVersionInfo::FileVersionString() const {
  return internal::FormatVersion(file_version);
}

std::string PeVersionInfo::ProductVersionString() const {
  return internal::FormatVersion(product_version);
}

std::string_view MachineName(uint16_t machine) noexcept {
  switch (machine) {
    case kMachineI386: return "Intel";
    case kMachineAlpha: return "Alpha";
    case kMachineAmd64: return "x64";
    case kMachineIa64: return "IA64";
    case kMachineArm64: return "ARM64";
    default: return "unknown";
  }
}

}  // namespace logrx::pe
