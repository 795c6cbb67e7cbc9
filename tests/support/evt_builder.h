// Test helper: writes legacy .evt files byte by byte from a list of records, so reader
// tests know every offset by construction (layout as in docs/formats/evt.md).
//
//   EvtLayout log = BuildLinearEvt({Rec(1), Rec(2)}, 0x1000);
//   WriteBytes(path, log.file);   // log.record_offsets[1] is where record 2 starts
//
// Strings are given in UTF-8 and stored as UTF-16LE. Not thread-safe (plain functions).
#ifndef LOGRX_TESTS_SUPPORT_EVT_BUILDER_H_
#define LOGRX_TESTS_SUPPORT_EVT_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace logrx::testing {

struct EvtRecordSpec {
  uint32_t number = 1;
  uint32_t generated = 1000000000;  // 2001-09-09T01:46:40Z
  uint32_t written = 1000000000;
  uint32_t identifier = 0;  // low 16 bits event id, high 16 bits qualifiers
  uint16_t type = 4;
  uint16_t category = 0;
  std::string source = "Src";
  std::string computer = "HOST";
  std::vector<uint8_t> sid;  // binary SID (see MakeSid); empty for none
  std::vector<std::string> strings;
  std::vector<uint8_t> data;
};

struct EvtHeaderSpec {
  uint32_t start_offset = 0x30;
  uint32_t end_offset = 0x30;
  uint32_t current_record = 1;
  uint32_t oldest_record = 1;
  uint32_t max_size = 0;
  uint32_t flags = 0;
  uint32_t retention = 0;
};

struct EvtLayout {
  std::vector<std::byte> file;
  std::vector<size_t> record_offsets;  // physical offset of each record, in list order
  size_t eof_offset = 0;               // physical offset of the end-of-file record
};

// Binary SID: revision 1, `authority`, sub-authorities.
std::vector<uint8_t> MakeSid(uint64_t authority, std::vector<uint32_t> subs);
std::vector<std::byte> EncodeEvtRecord(const EvtRecordSpec& r);
std::vector<std::byte> EncodeEvtEof(uint32_t begin, uint32_t end, uint32_t current,
                                    uint32_t oldest);
std::vector<std::byte> EncodeEvtHeader(const EvtHeaderSpec& h);

// Copies `bytes` into `file` at `offset`; at the end of the file continues at 0x30 (the
// ring buffer). Returns the offset after the last byte written.
size_t PutWrapped(std::vector<std::byte>& file, size_t offset, std::span<const std::byte> bytes);

// A log that never wrapped: header, records from 0x30, EOF record, zero fill to file_size.
// The header is consistent (end offset, next record) unless the caller edits it.
EvtLayout BuildLinearEvt(const std::vector<EvtRecordSpec>& records, size_t file_size,
                         uint32_t flags = 0);
// A wrapped log: records written from `start_offset` on, wrapping at file_size to 0x30,
// then the EOF record; bytes not written keep `fill`. Header flags include "wrapped".
EvtLayout BuildWrappedEvt(const std::vector<EvtRecordSpec>& records, size_t file_size,
                          size_t start_offset, std::byte fill = std::byte{0});

// Rewrites the 48-byte header of `file`.
void PutHeader(std::vector<std::byte>& file, const EvtHeaderSpec& h);
void WriteBytes(const std::string& path, std::span<const std::byte> bytes);
std::vector<std::byte> Utf16Le(std::string_view utf8, bool nul = true);

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_EVT_BUILDER_H_
