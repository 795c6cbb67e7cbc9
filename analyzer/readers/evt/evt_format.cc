#include "readers/evt/evt_format.h"

#include <fmt/format.h>

#include "core/byte_cursor.h"
#include "core/host_from_path.h"
#include "core/strings.h"

namespace logrx::readers {

bool ParseEvtFileHeader(std::span<const std::byte> b, EvtFileHeader& out) noexcept {
  ByteCursor c(b, 0);
  uint32_t sig = 0;
  if (!c.ReadFields("file header", out.header_size, sig, out.major, out.minor, out.start_offset,
                    out.end_offset, out.current_record, out.oldest_record, out.max_size,
                    out.flags, out.retention, out.trailing_size)) {
    return false;
  }
  return out.header_size == kEvtHeaderSize && sig == kEvtSignature;
}

bool ParseEvtEofRecord(std::span<const std::byte> b, EvtEofRecord& out) noexcept {
  if (b.size() < kEvtEofRecordSize) return false;
  ByteCursor c(b.first(kEvtEofRecordSize), 0);
  uint32_t v[10] = {};
  for (uint32_t& x : v) {
    if (!c.ReadU32(x, "eof record")) return false;
  }
  if (v[0] != kEvtEofRecordSize || v[1] != 0x11111111 || v[2] != 0x22222222 ||
      v[3] != 0x33333333 || v[4] != 0x44444444 || v[9] != kEvtEofRecordSize) {
    return false;
  }
  out = {v[5], v[6], v[7], v[8]};
  return true;
}

Status ParseEvtRecordFixed(std::span<const std::byte> b, EvtRecordInfo& out) {
  ByteCursor c(b, 0);
  uint32_t sig = 0;
  if (!c.ReadFields("record", out.size, sig, out.record_number, out.time_generated,
                    out.time_written, out.identifier, out.event_type, out.num_strings,
                    out.category, out.reserved_flags, out.closing_record_number,
                    out.strings_offset, out.sid_size, out.sid_offset, out.data_size,
                    out.data_offset)) {
    return Status::Truncated(
        fmt::format("record shorter than its fixed part ({} bytes)", b.size()));
  }
  if (sig != kEvtSignature) return Status::Corrupt("no 'LfLe' signature");
  if (out.size < kEvtMinRecordSize || out.size != b.size()) {
    return Status::Corrupt(fmt::format("implausible record size {}", out.size));
  }
  if (!c.Seek(b.size() - 4, "size copy") || !c.ReadU32(out.trailing_size, "size copy")) {
    return Status::Truncated("record has no room for its size copy");  // size >= 64 above
  }
  if (out.trailing_size != out.size) {
    return Status::Corrupt(fmt::format("trailing size copy {} does not match size {}",
                                       out.trailing_size, out.size));
  }
  return Status::Ok();
}

bool AppendSidText(std::span<const std::byte> sid, std::string& out) {
  ByteCursor c(sid, 0);
  uint8_t revision = 0;
  uint8_t count = 0;
  std::span<const std::byte> authority;
  if (!c.ReadU8(revision, "sid revision") || !c.ReadU8(count, "sid count") ||
      !c.ReadBytes(6, authority, "sid authority") || count > 15 ||
      c.remaining() < size_t{count} * 4) {
    return false;
  }
  uint64_t auth = 0;
  for (std::byte x : authority) auth = (auth << 8) | std::to_integer<uint8_t>(x);
  fmt::format_to(std::back_inserter(out), "S-{}-{}", revision, auth);
  for (uint8_t i = 0; i < count; ++i) {
    uint32_t sub = 0;
    if (!c.ReadU32(sub, "sid sub-authority")) return false;  // unreachable: checked above
    fmt::format_to(std::back_inserter(out), "-{}", sub);
  }
  return true;
}

uint8_t EvtTypeToLevel(uint16_t event_type) noexcept {
  switch (event_type) {
    case kEvtTypeError: return 2;
    case kEvtTypeWarning: return 3;
    case kEvtTypeInformation:
    case kEvtTypeSuccess: return 4;
    default: return 0;  // audit success/failure: Level 0 (LogAlways), as in EVTX Security logs
  }
}

std::string_view EvtTypeName(uint16_t event_type) noexcept {
  switch (event_type) {
    case kEvtTypeSuccess: return "Success";
    case kEvtTypeError: return "Error";
    case kEvtTypeWarning: return "Warning";
    case kEvtTypeInformation: return "Information";
    case kEvtTypeAuditSuccess: return "Audit Success";
    case kEvtTypeAuditFailure: return "Audit Failure";
    default: return {};
  }
}

std::string_view EvtChannelFromFileName(std::string_view path) noexcept {
  const std::string_view name = PathBaseName(path);
  // Suffix match, so "host1_SysEvent.Evt" (a renamed copy) still counts.
  if (EndsWithNoCase(name, "SysEvent.Evt")) return "System";
  if (EndsWithNoCase(name, "AppEvent.Evt")) return "Application";
  if (EndsWithNoCase(name, "SecEvent.Evt")) return "Security";
  return {};
}

}  // namespace logrx::readers
