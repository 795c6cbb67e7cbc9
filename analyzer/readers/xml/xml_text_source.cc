#include "readers/xml/xml_text_source.h"

#include <cstring>

#include "core/utf16.h"

namespace logrx::readers {

namespace {

uint8_t B(std::byte b) noexcept { return std::to_integer<uint8_t>(b); }

uint32_t UnitAt(const std::byte* p, size_t i, XmlEncoding enc) noexcept {
  const uint32_t a = B(p[2 * i]);
  const uint32_t b = B(p[2 * i + 1]);
  return enc == XmlEncoding::kUtf16Be ? (a << 8) | b : a | (b << 8);
}

}  // namespace

XmlTextSource::XmlTextSource(const InputFile& file, size_t block_bytes)
    : file_(&file), block_bytes_(block_bytes == 0 ? 1 : block_bytes) {}

Status XmlTextSource::ReadMore(std::string& out) {
  if (eof_) return Status();
  // carry_ is at most 3 bytes (an incomplete BOM, or an odd byte plus a held unit).
  raw_.resize(carry_ + block_bytes_);
  Result<size_t> got =
      file_->ReadAt(file_pos_, std::span<std::byte>(raw_.data() + carry_, block_bytes_));
  if (!got.ok()) return got.status();
  file_pos_ += *got;
  const bool at_end = *got == 0;
  size_t have = carry_ + *got;
  carry_ = 0;

  if (!started_) {
    if (have < 4 && !at_end) {  // a BOM needs up to 3 bytes, the no-BOM guess 2
      carry_ = have;
      return Status();
    }
    const std::byte* p = raw_.data();
    size_t skip = 0;
    if (have >= 3 && B(p[0]) == 0xEF && B(p[1]) == 0xBB && B(p[2]) == 0xBF) {
      skip = 3;
    } else if (have >= 2 && B(p[0]) == 0xFF && B(p[1]) == 0xFE) {
      encoding_ = XmlEncoding::kUtf16Le;
      skip = 2;
    } else if (have >= 2 && B(p[0]) == 0xFE && B(p[1]) == 0xFF) {
      encoding_ = XmlEncoding::kUtf16Be;
      skip = 2;
    } else if (have >= 2 && B(p[0]) == '<' && B(p[1]) == 0) {
      encoding_ = XmlEncoding::kUtf16Le;
    } else if (have >= 2 && B(p[0]) == 0 && B(p[1]) == '<') {
      encoding_ = XmlEncoding::kUtf16Be;
    }
    bom_bytes_ = skip;
    std::memmove(raw_.data(), raw_.data() + skip, have - skip);
    have -= skip;
    started_ = true;
  }

  if (encoding_ == XmlEncoding::kUtf8) {
    out.append(reinterpret_cast<const char*>(raw_.data()), have);
    eof_ = at_end;
    return Status();
  }

  size_t units = have / 2;
  if (!at_end && units > 0) {
    const uint32_t last = UnitAt(raw_.data(), units - 1, encoding_);
    if (last >= 0xD800 && last <= 0xDBFF) --units;  // its low half is in the next block
  }
  if (encoding_ == XmlEncoding::kUtf16Be) {
    for (size_t i = 0; i < units; ++i) std::swap(raw_[2 * i], raw_[2 * i + 1]);
  }
  (void)AppendUtf16LeAsUtf8(raw_.data(), units, out);
  const size_t used = units * 2;
  if (at_end) {
    eof_ = true;  // an odd last byte cannot be a character; it is dropped
    return Status();
  }
  carry_ = have - used;
  std::memmove(raw_.data(), raw_.data() + used, carry_);
  return Status();
}

uint64_t XmlTextSource::OriginalBytes(std::string_view text) const noexcept {
  if (encoding_ == XmlEncoding::kUtf8) return text.size();
  uint64_t units = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
  }
  return units * 2;
}

}  // namespace logrx::readers
