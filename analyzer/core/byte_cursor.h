// ByteCursor: bounds-checked little-endian reads over a span that knows its absolute
// file offset. The only way readers touch bytes (no reinterpret_cast onto structs).
//
//   ByteCursor c(chunk_bytes, /*base_offset=*/chunk_offset);
//   uint32_t magic; if (!c.ReadU32(magic, "chunk magic")) return c.ErrorStatus(path);
//
// Primitives return false and do not advance on failure. The first failure is kept as
// {offset, need, have, what} with a static `what`, so failing costs no allocation.
// Not thread-safe; cheap to copy (a span, a position and an error record).
#ifndef LOGRX_CORE_BYTE_CURSOR_H_
#define LOGRX_CORE_BYTE_CURSOR_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace logrx {

struct CursorError {
  uint64_t offset = 0;       // absolute offset of the failed read
  uint64_t need = 0;         // bytes requested
  uint64_t have = 0;         // bytes that were left
  const char* what = nullptr;  // static description; nullptr when no error
};

class ByteCursor {
 public:
  ByteCursor() noexcept = default;
  ByteCursor(std::span<const std::byte> data, uint64_t base_offset) noexcept
      : data_(data), base_(base_offset) {}
  ByteCursor(const void* data, size_t size, uint64_t base_offset) noexcept
      : data_(static_cast<const std::byte*>(data), size), base_(base_offset) {}

  size_t pos() const noexcept { return pos_; }
  size_t size() const noexcept { return data_.size(); }
  size_t remaining() const noexcept { return data_.size() - pos_; }
  uint64_t base_offset() const noexcept { return base_; }
  uint64_t abs_pos() const noexcept { return base_ + pos_; }
  std::span<const std::byte> data() const noexcept { return data_; }
  const std::byte* here() const noexcept { return data_.data() + pos_; }
  bool failed() const noexcept { return error_.what != nullptr; }
  const CursorError& error() const noexcept { return error_; }

  // Moves to an offset relative to the start of the span; fails past the end.
  bool Seek(size_t pos, const char* what) noexcept {
    if (pos > data_.size()) return Fail(pos > pos_ ? pos - pos_ : 0, what);
    pos_ = pos;
    return true;
  }
  bool Skip(size_t n, const char* what) noexcept {
    if (n > remaining()) return Fail(n, what);
    pos_ += n;
    return true;
  }
  bool ReadU8(uint8_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadU16(uint16_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadU32(uint32_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadU64(uint64_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadI8(int8_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadI16(int16_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadI32(int32_t& v, const char* what) noexcept { return ReadLe(v, what); }
  bool ReadI64(int64_t& v, const char* what) noexcept { return ReadLe(v, what); }
  // Reads consecutive little-endian fields in order, each by its own width: a fixed
  // layout in one call. Stops at the first field that does not fit (false); the fields
  // before it are read and the position is past them.
  template <typename... T>
  bool ReadFields(const char* what, T&... fields) noexcept {
    return (ReadLe(fields, what) && ...);
  }
  // A view of the next n bytes; valid as long as the underlying data.
  bool ReadBytes(size_t n, std::span<const std::byte>& out, const char* what) noexcept {
    if (n > remaining()) return Fail(n, what);
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  // Peeks without advancing or recording an error.
  bool PeekU32(uint32_t& v) const noexcept { return PeekU32At(0, v); }
  // Peeks at the u32 `ahead` bytes past the position (for formats whose layout is only
  // known after a look at what follows).
  bool PeekU32At(size_t ahead, uint32_t& v) const noexcept {
    if (ahead > remaining() || remaining() - ahead < 4) return false;
    v = LoadLe<uint32_t>(data_.data() + pos_ + ahead);
    return true;
  }

  // "<file> @0x1f00: <what>: need 8 bytes, 3 left" (code kTruncated).
  Status ErrorStatus(std::string_view file) const;

  // One unaligned load (memcpy) on little-endian hosts: a byte-by-byte form, inlined
  // into a loop, is vectorized by GCC into shuffles that cost more than the loads.
  template <typename T>
  static T LoadLe(const std::byte* p) noexcept {
    T v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, p, sizeof(T));
    } else {
      for (size_t i = 0; i < sizeof(T); ++i) {
        v = static_cast<T>(v | static_cast<T>(static_cast<T>(std::to_integer<uint8_t>(p[i])) << (8 * i)));
      }
    }
    return v;
  }

 private:
  template <typename T>
  bool ReadLe(T& v, const char* what) noexcept {
    if (sizeof(T) > remaining()) return Fail(sizeof(T), what);
    using U = std::make_unsigned_t<T>;
    v = static_cast<T>(LoadLe<U>(data_.data() + pos_));
    pos_ += sizeof(T);
    return true;
  }
  bool Fail(uint64_t need, const char* what) noexcept {
    if (error_.what == nullptr) error_ = {abs_pos(), need, remaining(), what};
    return false;
  }

  std::span<const std::byte> data_;
  uint64_t base_ = 0;
  size_t pos_ = 0;
  CursorError error_;
};

// Little-endian loads from raw bytes, REQUIRES: p points at >= sizeof(T) readable bytes.
inline uint16_t LoadU16(const std::byte* p) noexcept { return ByteCursor::LoadLe<uint16_t>(p); }
inline uint32_t LoadU32(const std::byte* p) noexcept { return ByteCursor::LoadLe<uint32_t>(p); }
inline uint64_t LoadU64(const std::byte* p) noexcept { return ByteCursor::LoadLe<uint64_t>(p); }

// Whether the `n` bytes at `a` and `b` are equal (any pointer when n is 0). Inline, for
// short runs compared once per record or template (a file name, the bytes between a cached
// template's name references), where calling memcmp costs more than comparing. Equal runs
// are the common case there, so words are compared without an exit per word.
inline bool SameBytes(const std::byte* a, const std::byte* b, size_t n) noexcept {
  if (n >= 8) {
    uint64_t diff = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) diff |= LoadU64(a + i) ^ LoadU64(b + i);
    return (diff | (LoadU64(a + n - 8) ^ LoadU64(b + n - 8))) == 0;  // the last, overlapping
  }
  if (n >= 4) {
    return ((LoadU32(a) ^ LoadU32(b)) | (LoadU32(a + n - 4) ^ LoadU32(b + n - 4))) == 0;
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}
inline bool SameBytes(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && SameBytes(reinterpret_cast<const std::byte*>(a.data()),
                                           reinterpret_cast<const std::byte*>(b.data()), a.size());
}

}  // namespace logrx

#endif  // LOGRX_CORE_BYTE_CURSOR_H_
