#include "support/evt_builder.h"

#include <cstdio>
#include <cstring>

namespace logrx::testing {
namespace {

void PutU16(std::vector<std::byte>& b, size_t at, uint16_t v) {
  b[at] = std::byte(v & 0xFF);
  b[at + 1] = std::byte(v >> 8);
}
void PutU32(std::vector<std::byte>& b, size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[at + i] = std::byte((v >> (8 * i)) & 0xFF);
}
void Append(std::vector<std::byte>& b, std::span<const std::byte> x) {
  b.insert(b.end(), x.begin(), x.end());
}

}  // namespace

std::vector<std::byte> Utf16Le(std::string_view s, bool nul) {
  std::vector<std::byte> out;
  auto unit = [&](uint32_t u) {
    out.push_back(std::byte(u & 0xFF));
    out.push_back(std::byte((u >> 8) & 0xFF));
  };
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0) { cp = c & 0x07; n = 4; }
    else if (c >= 0xE0) { cp = c & 0x0F; n = 3; }
    else if (c >= 0xC0) { cp = c & 0x1F; n = 2; }
    for (size_t k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  if (nul) unit(0);
  return out;
}

std::vector<uint8_t> MakeSid(uint64_t authority, std::vector<uint32_t> subs) {
  std::vector<uint8_t> out = {1, static_cast<uint8_t>(subs.size())};
  for (int i = 5; i >= 0; --i) out.push_back(static_cast<uint8_t>(authority >> (8 * i)));
  for (uint32_t s : subs) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(s >> (8 * i)));
  }
  return out;
}

std::vector<std::byte> EncodeEvtRecord(const EvtRecordSpec& r) {
  std::vector<std::byte> b(56);
  Append(b, Utf16Le(r.source));
  Append(b, Utf16Le(r.computer));
  while (b.size() % 4 != 0) b.push_back(std::byte{0});
  const size_t sid_offset = b.size();
  for (uint8_t x : r.sid) b.push_back(std::byte{x});
  const size_t strings_offset = b.size();
  for (const std::string& s : r.strings) Append(b, Utf16Le(s));
  const size_t data_offset = b.size();
  for (uint8_t x : r.data) b.push_back(std::byte{x});
  while (b.size() % 4 != 0) b.push_back(std::byte{0});
  b.resize(b.size() + 4);
  const auto size = static_cast<uint32_t>(b.size());
  PutU32(b, 0, size);
  std::memcpy(b.data() + 4, "LfLe", 4);
  PutU32(b, 8, r.number);
  PutU32(b, 12, r.generated);
  PutU32(b, 16, r.written);
  PutU32(b, 20, r.identifier);
  PutU16(b, 24, r.type);
  PutU16(b, 26, static_cast<uint16_t>(r.strings.size()));
  PutU16(b, 28, r.category);
  PutU16(b, 30, 0);
  PutU32(b, 32, 0);
  PutU32(b, 36, static_cast<uint32_t>(strings_offset));
  PutU32(b, 40, static_cast<uint32_t>(r.sid.size()));
  PutU32(b, 44, static_cast<uint32_t>(r.sid.empty() ? 0 : sid_offset));
  PutU32(b, 48, static_cast<uint32_t>(r.data.size()));
  PutU32(b, 52, static_cast<uint32_t>(data_offset));
  PutU32(b, size - 4, size);
  return b;
}

std::vector<std::byte> EncodeEvtEof(uint32_t begin, uint32_t end, uint32_t current,
                                    uint32_t oldest) {
  std::vector<std::byte> b(40);
  const uint32_t v[10] = {0x28, 0x11111111, 0x22222222, 0x33333333, 0x44444444,
                          begin, end,       current,    oldest,     0x28};
  for (size_t i = 0; i < 10; ++i) PutU32(b, 4 * i, v[i]);
  return b;
}

std::vector<std::byte> EncodeEvtHeader(const EvtHeaderSpec& h) {
  std::vector<std::byte> b(48);
  const uint32_t v[12] = {0x30, 0x654c664c, 1, 1, h.start_offset, h.end_offset,
                          h.current_record, h.oldest_record, h.max_size, h.flags,
                          h.retention, 0x30};
  for (size_t i = 0; i < 12; ++i) PutU32(b, 4 * i, v[i]);
  return b;
}

void PutHeader(std::vector<std::byte>& file, const EvtHeaderSpec& h) {
  const auto b = EncodeEvtHeader(h);
  std::memcpy(file.data(), b.data(), b.size());
}

size_t PutWrapped(std::vector<std::byte>& file, size_t offset, std::span<const std::byte> bytes) {
  for (std::byte x : bytes) {
    if (offset >= file.size()) offset = 0x30;
    file[offset++] = x;
  }
  return offset >= file.size() ? 0x30 : offset;
}

EvtLayout BuildLinearEvt(const std::vector<EvtRecordSpec>& records, size_t file_size,
                         uint32_t flags) {
  EvtLayout out;
  out.file.assign(file_size, std::byte{0});
  size_t at = 0x30;
  for (const auto& r : records) {
    const auto b = EncodeEvtRecord(r);
    out.record_offsets.push_back(at);
    std::memcpy(out.file.data() + at, b.data(), b.size());
    at += b.size();
  }
  const uint32_t oldest = records.empty() ? 1 : records.front().number;
  const uint32_t next = records.empty() ? 1 : records.back().number + 1;
  const auto eof = EncodeEvtEof(0x30, static_cast<uint32_t>(at), next, oldest);
  std::memcpy(out.file.data() + at, eof.data(), eof.size());
  out.eof_offset = at;
  PutHeader(out.file, {0x30, static_cast<uint32_t>(at), next, oldest,
                       static_cast<uint32_t>(file_size), flags, 0});
  return out;
}

EvtLayout BuildWrappedEvt(const std::vector<EvtRecordSpec>& records, size_t file_size,
                          size_t start_offset, std::byte fill) {
  EvtLayout out;
  out.file.assign(file_size, fill);
  size_t at = start_offset;
  for (const auto& r : records) {
    out.record_offsets.push_back(at);
    at = PutWrapped(out.file, at, EncodeEvtRecord(r));
  }
  const uint32_t oldest = records.empty() ? 1 : records.front().number;
  const uint32_t next = records.empty() ? 1 : records.back().number + 1;
  out.eof_offset = at;
  PutWrapped(out.file, at,
             EncodeEvtEof(static_cast<uint32_t>(start_offset), static_cast<uint32_t>(at), next,
                          oldest));
  PutHeader(out.file, {static_cast<uint32_t>(start_offset), static_cast<uint32_t>(at), next,
                       oldest, static_cast<uint32_t>(file_size), 0x2, 0});
  return out;
}

void WriteBytes(const std::string& path, std::span<const std::byte> bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return;
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

}  // namespace logrx::testing
