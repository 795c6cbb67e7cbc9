// EVT record fixed part: the Status a damaged record gets (code and message), and the
// fields kept for carving when only the trailing size copy is wrong.
#include <doctest/doctest.h>

#include <span>
#include <string>
#include <vector>

#include "readers/evt/evt_format.h"
#include "support/evt_builder.h"

namespace logrx::readers {
namespace {

std::vector<std::byte> Record() {
  testing::EvtRecordSpec r;
  r.number = 42;
  r.identifier = 0xC0000400u;
  r.strings = {"alpha"};
  return testing::EncodeEvtRecord(r);
}

void PutU32(std::vector<std::byte>& b, size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xFF);
}

TEST_SUITE("readers") {

TEST_CASE("evt record fixed part: an intact record parses") {
  const std::vector<std::byte> rec = Record();
  EvtRecordInfo info;
  const Status s = ParseEvtRecordFixed(rec, info);
  CHECK(s.ok());
  CHECK(info.record_number == 42);
  CHECK(info.identifier == 0xC0000400u);
  CHECK(info.size == rec.size());
  CHECK(info.trailing_size == rec.size());
}

TEST_CASE("evt record fixed part: too short is kTruncated, with the byte count") {
  const std::vector<std::byte> rec = Record();
  EvtRecordInfo info;
  const Status s = ParseEvtRecordFixed(std::span<const std::byte>(rec).first(20), info);
  CHECK(s.code() == StatusCode::kTruncated);
  CHECK(s.message() == "record shorter than its fixed part (20 bytes)");
}

TEST_CASE("evt record fixed part: bad signature, size and trailing copy are kCorrupt") {
  EvtRecordInfo info;
  std::vector<std::byte> rec = Record();
  rec[4] = std::byte{'X'};
  Status s = ParseEvtRecordFixed(rec, info);
  CHECK(s.code() == StatusCode::kCorrupt);
  CHECK(s.message() == "no 'LfLe' signature");

  rec = Record();
  PutU32(rec, 0, static_cast<uint32_t>(rec.size() + 4));
  s = ParseEvtRecordFixed(rec, info);
  CHECK(s.code() == StatusCode::kCorrupt);
  CHECK(s.message() == "implausible record size " + std::to_string(rec.size() + 4));

  rec = Record();
  PutU32(rec, rec.size() - 4, 0x99);
  info = EvtRecordInfo();
  s = ParseEvtRecordFixed(rec, info);
  CHECK(s.code() == StatusCode::kCorrupt);
  CHECK(s.message() ==
        "trailing size copy 153 does not match size " + std::to_string(rec.size()));
  // Carving judges such a record by the fields read before the failure.
  CHECK(info.record_number == 42);
  CHECK(info.trailing_size == 0x99);
  CHECK(s.where() == nullptr);  // the caller knows the file and offset, not the parser
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx::readers
