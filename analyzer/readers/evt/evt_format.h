// EVT (Windows NT/2000/XP/2003 event log) structures: the 48-byte file header, event
// records and the 40-byte end-of-file record. Layout and our handling of every anomaly:
// docs/formats/evt.md.
//
//   EvtFileHeader h;
//   if (ParseEvtFileHeader(bytes.first(48), h)) Use(h.start_offset, h.flags);
//   EvtRecordInfo r;
//   if (ParseEvtRecordFixed(record_bytes, r).ok()) ...   // r.identifier == 0xC0000400
//
// Pure functions over byte spans (read through ByteCursor); thread-safe. Nothing here
// allocates except a failed Status and the SID text appended to a caller's string.
#ifndef LOGRX_READERS_EVT_EVT_FORMAT_H_
#define LOGRX_READERS_EVT_EVT_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace logrx::readers {

inline constexpr uint32_t kEvtHeaderSize = 0x30;
inline constexpr uint32_t kEvtSignature = 0x654c664c;  // "LfLe" little-endian
inline constexpr uint32_t kEvtRecordFixedSize = 56;     // fixed part before the source name
// Smallest record: fixed part, two one-unit (NUL) names, trailing size copy.
inline constexpr uint32_t kEvtMinRecordSize = kEvtRecordFixedSize + 4 + 4;
inline constexpr uint32_t kEvtEofRecordSize = 0x28;

// File header flags (docs/formats/evt.md "File header").
inline constexpr uint32_t kEvtFlagDirty = 0x1;
inline constexpr uint32_t kEvtFlagWrapped = 0x2;
inline constexpr uint32_t kEvtFlagLogFull = 0x4;
inline constexpr uint32_t kEvtFlagArchive = 0x8;

// EVT event types (the record's u16 "event type").
inline constexpr uint16_t kEvtTypeSuccess = 0;
inline constexpr uint16_t kEvtTypeError = 1;
inline constexpr uint16_t kEvtTypeWarning = 2;
inline constexpr uint16_t kEvtTypeInformation = 4;
inline constexpr uint16_t kEvtTypeAuditSuccess = 8;
inline constexpr uint16_t kEvtTypeAuditFailure = 16;

struct EvtFileHeader {
  uint32_t header_size = 0;
  uint32_t major = 0, minor = 0;
  uint32_t start_offset = 0;  // oldest record
  uint32_t end_offset = 0;    // end-of-file record
  uint32_t current_record = 0;  // the number the next record will get
  uint32_t oldest_record = 0;
  uint32_t max_size = 0;
  uint32_t flags = 0;
  uint32_t retention = 0;
  uint32_t trailing_size = 0;
};

// The fixed 56 bytes of a record, plus its size copy at the end.
struct EvtRecordInfo {
  uint32_t size = 0;
  uint32_t record_number = 0;
  uint32_t time_generated = 0;  // seconds since 1970 UTC
  uint32_t time_written = 0;
  uint32_t identifier = 0;      // low 16 bits event id, high 16 bits qualifiers
  uint16_t event_type = 0;
  uint16_t num_strings = 0;
  uint16_t category = 0;
  uint16_t reserved_flags = 0;
  uint32_t closing_record_number = 0;
  uint32_t strings_offset = 0;  // from the record start
  uint32_t sid_size = 0, sid_offset = 0;
  uint32_t data_size = 0, data_offset = 0;
  uint32_t trailing_size = 0;
};

struct EvtEofRecord {
  uint32_t begin_offset = 0, end_offset = 0, current_record = 0, oldest_record = 0;
};

// True when `b` holds the 48-byte header with size 0x30 and "LfLe". Other fields are
// returned as found; callers judge them (a dirty header may be stale).
bool ParseEvtFileHeader(std::span<const std::byte> b, EvtFileHeader& out) noexcept;

// True when `b` (at least 40 bytes) starts with an end-of-file record: 0x28, the four
// 0x11111111..0x44444444 markers, and 0x28 again at byte 36.
bool ParseEvtEofRecord(std::span<const std::byte> b, EvtEofRecord& out) noexcept;

// Parses the fixed part of the record that `b` holds entirely (b.size() == the record's
// size field). kTruncated when `b` is shorter than the fixed part; kCorrupt ("trailing
// size copy 96 does not match size 100") when the signature, the size or the trailing
// size copy do not agree. The message carries no location: `b` does not know where it
// was read, so the caller places it (EvtReader reports it with file and offset).
// `out` keeps the fields read before a failure (carving judges a record by them).
[[nodiscard]] Status ParseEvtRecordFixed(std::span<const std::byte> b, EvtRecordInfo& out);

// Appends "S-1-5-21-…" for a binary SID; false (nothing appended) if malformed.
bool AppendSidText(std::span<const std::byte> sid, std::string& out);

// Level (1..5 as in EVTX, 0 = none) and a display name for an EVT event type.
uint8_t EvtTypeToLevel(uint16_t event_type) noexcept;
std::string_view EvtTypeName(uint16_t event_type) noexcept;

// Channel implied by a well-known NT log file name ("SysEvent.Evt" -> "System",
// "AppEvent.Evt" -> "Application", "SecEvent.Evt" -> "Security"); empty otherwise.
std::string_view EvtChannelFromFileName(std::string_view path) noexcept;

}  // namespace logrx::readers

#endif  // LOGRX_READERS_EVT_EVT_FORMAT_H_
