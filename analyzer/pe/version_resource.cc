// VS_VERSIONINFO: a tree of blocks, each {wLength, wValueLength, wType, UTF-16 key, pad to
// 32 bits, value, pad, children}. Offsets are aligned relative to the start of the resource
// (resources are 32-bit aligned in the file). Layout notes: docs/inventory.md ("PE files").
// Each block must lie inside its parent; a block shorter than its own header ends the
// sibling list, so the walk is linear in the resource size.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/byte_cursor.h"
#include "core/utf16.h"
#include "pe/image.h"
#include "pe/image_internal.h"

namespace logrx::pe {

namespace {

constexpr uint32_t kFixedSignature = 0xFEEF04BD;
constexpr size_t kFixedSize = 52;
constexpr size_t kMaxKeyUnits = 64;
constexpr size_t kMaxValueUnits = 1024;

size_t Align4(size_t v) noexcept { return (v + 3) & ~size_t{3}; }

struct Block {
  std::string key;
  uint16_t type = 0;
  std::span<const std::byte> value;   // raw value bytes (text values may run to `end`)
  size_t children_begin = 0, end = 0;
};

// Parses the block at `off` of `data` that must end by `limit`. On success `next` is the
// aligned offset of the following sibling.
bool ParseBlock(std::span<const std::byte> data, size_t off, size_t limit, Block& b,
                size_t& next) {
  if (limit > data.size() || off > limit || limit - off < 6) return false;
  ByteCursor c(data.subspan(0, limit), 0);
  uint16_t length = 0, value_length = 0;
  if (!c.Seek(off, "block") || !c.ReadU16(length, "wLength") ||
      !c.ReadU16(value_length, "wValueLength") || !c.ReadU16(b.type, "wType")) {
    return false;
  }
  if (length < 6 || length > limit - off) return false;
  b.end = off + length;
  b.key.clear();
  // The key: NUL-terminated UTF-16 that must end inside the block.
  ByteCursor key(data.subspan(0, b.end), 0);
  if (!key.Seek(off + 6, "szKey")) return false;
  size_t units = 0;  // before the NUL
  for (;;) {
    uint16_t u = 0;
    if (units > kMaxKeyUnits || !key.ReadU16(u, "szKey")) return false;
    if (u == 0) break;
    ++units;
  }
  size_t p = key.pos();
  AppendUtf16LeAsUtf8(data.data() + off + 6, units, b.key);
  p = Align4(p);
  if (p > b.end) p = b.end;
  // Text values count UTF-16 units, binary values count bytes. Some linkers wrote the
  // byte count for text too, so a text value is simply read up to its NUL or the block end.
  size_t value_bytes = b.type == 1 ? size_t{value_length} * 2 : value_length;
  if (value_bytes > b.end - p) value_bytes = b.type == 1 ? b.end - p : 0;
  if (b.type == 1 && value_length != 0) {
    b.value = data.subspan(p, b.end - p);
  } else {
    b.value = data.subspan(p, value_bytes);
  }
  b.children_begin = std::min(Align4(p + value_bytes), b.end);
  next = Align4(b.end);
  return true;
}

std::string TextValue(std::span<const std::byte> v) {
  std::string out;
  const size_t units = std::min(v.size() / 2, kMaxValueUnits);
  AppendUtf16LeAsUtf8(v.data(), units, out, /*stop_at_nul=*/true);
  return out;
}

void ReadStrings(std::span<const std::byte> data, const Block& table, PeVersionInfo& info) {
  size_t off = table.children_begin;
  Block s;
  size_t next = 0;
  while (ParseBlock(data, off, table.end, s, next)) {
    std::string* slot = nullptr;
    if (s.key == "FileVersion") slot = &info.file_version_text;
    if (s.key == "ProductName") slot = &info.product_name;
    if (s.key == "OriginalFilename") slot = &info.original_filename;
    if (s.key == "CompanyName") slot = &info.company_name;
    if (slot != nullptr && slot->empty()) *slot = TextValue(s.value);
    if (next <= off) break;
    off = next;
  }
}

}  // namespace

namespace internal {

std::string FormatVersion(uint64_t v) {
  return fmt::format("{}.{}.{}.{}", (v >> 48) & 0xFFFF, (v >> 32) & 0xFFFF, (v >> 16) & 0xFFFF,
                     v & 0xFFFF);
}

}  // namespace internal

std::optional<PeVersionInfo> ParseVersionInfo(std::span<const std::byte> data) {
  Block root;
  size_t next = 0;
  if (!ParseBlock(data, 0, data.size(), root, next)) return std::nullopt;
  if (root.key != "VS_VERSION_INFO") return std::nullopt;
  PeVersionInfo info;
  // VS_FIXEDFILEINFO: signature, struct version, then file and product version MS:LS.
  ByteCursor fixed(root.value, 0);
  uint32_t signature = 0, struct_version = 0, file_ms = 0, file_ls = 0, product_ms = 0, product_ls = 0;
  if (root.value.size() >= kFixedSize &&
      fixed.ReadFields("VS_FIXEDFILEINFO", signature, struct_version, file_ms, file_ls, product_ms,
                       product_ls) &&
      signature == kFixedSignature) {
    info.has_fixed = true;
    info.file_version = (uint64_t{file_ms} << 32) | file_ls;
    info.product_version = (uint64_t{product_ms} << 32) | product_ls;
  }
  size_t off = root.children_begin;
  Block child;
  while (ParseBlock(data, off, root.end, child, next)) {
    if (child.key == "StringFileInfo") {
      size_t toff = child.children_begin;
      Block table;
      size_t tnext = 0;
      while (ParseBlock(data, toff, child.end, table, tnext)) {
        ReadStrings(data, table, info);
        if (tnext <= toff) break;
        toff = tnext;
      }
    }
    if (next <= off) break;
    off = next;
  }
  return info;
}

std::optional<PeVersionInfo> PeImage::Version() const {
  for (const PeResource& r : FindResources(kRtVersion)) {
    std::optional<PeVersionInfo> v = ParseVersionInfo(r.data);
    if (v) return v;
  }
  return std::nullopt;
}

}  // namespace logrx::pe
