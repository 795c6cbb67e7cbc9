// EVT reader on crafted logs: every expected offset comes from the builder's layout (the
// format as docs/formats/evt.md describes it), every field value from the record list.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/time.h"
#include "readers/evt/evt_reader.h"
#include "support/evt_builder.h"

namespace logrx::readers {
namespace {

using testing::BuildLinearEvt;
using testing::BuildWrappedEvt;
using testing::EvtRecordSpec;

struct ReadResult {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diags;
  Status final;
};

ReadResult ReadAll(std::vector<std::byte> bytes, bool recover = false,
                   std::string path = "test.evt") {
  ReadResult out;
  CollectingSink sink;
  ReaderOptions opts;
  opts.display_path = path;
  opts.recover = recover;
  opts.file_id = 7;
  {
    auto r = NewEvtReaderFromBytes(std::move(bytes), opts, sink);
    REQUIRE(r.ok());
    Event ev;
    Status s;
    while ((s = (*r)->Next(ev)).ok()) out.events.emplace_back(ev);
    out.final = s;
  }
  out.diags = sink.items();
  return out;
}

EvtRecordSpec Rec(uint32_t number, std::vector<std::string> strings = {"alpha"}) {
  EvtRecordSpec r;
  r.number = number;
  r.identifier = 0x40000000u | number;  // informational severity, id = number
  r.strings = std::move(strings);
  return r;
}

size_t CountSeverity(const std::vector<Diagnostic>& d, Severity s) {
  size_t n = 0;
  for (const auto& x : d) n += x.severity == s ? 1 : 0;
  return n;
}

TEST_SUITE("readers") {

TEST_CASE("evt record: every field of a ClusSvc 1024 maps to the Event") {
  EvtRecordSpec r;
  r.number = 42;
  r.generated = 1000000000;  // 2001-09-09T01:46:40Z
  r.written = 1000000001;
  r.identifier = 0xC0000400;  // severity error, event id 1024
  r.type = 1;
  r.category = 64;
  r.source = "ClusSvc";
  r.computer = "NODE1";
  r.sid = testing::MakeSid(5, {21, 1, 2, 3});
  r.strings = {"Microsoft Exchange Internet Mail Service",
               "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC"};
  r.data = {0xde, 0xad, 0xbe};
  auto log = BuildLinearEvt({r}, 0x400);
  ReadResult got = ReadAll(log.file, false, "/x/SysEvent.Evt");
  CHECK(got.final.end());
  CHECK(got.diags.empty());
  REQUIRE(got.events.size() == 1);
  const Event& ev = got.events[0].view();
  CHECK(ev.format == InputFormat::kEvt);
  CHECK(ev.record_id == 42);
  CHECK(ev.where.offset == 0x30);
  CHECK(ev.where.file_id == 7);
  CHECK(ev.event_id == 1024);
  CHECK(ev.qualifiers == 0xC000);
  CHECK(ev.has_qualifiers);
  CHECK(ev.evt_type == 1);
  CHECK(ev.level == 2);
  CHECK(ev.level_text == "Error");
  CHECK(ev.task == 64);
  CHECK(FormatIso8601(ev.time_created, 0) == "2001-09-09T01:46:40Z");
  CHECK(FormatIso8601(ev.time_written, 0) == "2001-09-09T01:46:41Z");
  CHECK(ev.provider == "ClusSvc");
  CHECK(ev.computer == "NODE1");
  CHECK(ev.channel == "System");  // from the well-known file name
  CHECK(ev.user_sid == "S-1-5-21-1-2-3");
  REQUIRE(ev.data.size() == 2);
  CHECK(ev.data[0].name.empty());
  CHECK(ev.data[0].value == "Microsoft Exchange Internet Mail Service");
  CHECK(ev.data[1].value == "SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMC");
  REQUIRE(ev.binary.size() == 3);
  CHECK(ev.binary[0] == std::byte{0xde});
  CHECK(ev.binary[2] == std::byte{0xbe});
  CHECK(ev.message_origin == MessageOrigin::kNone);
}

TEST_CASE("evt types map to levels: warning 3, information 4, audit 0") {
  std::vector<EvtRecordSpec> recs = {Rec(1), Rec(2), Rec(3), Rec(4)};
  recs[0].type = 2;
  recs[1].type = 4;
  recs[2].type = 8;
  recs[3].type = 16;
  ReadResult got = ReadAll(BuildLinearEvt(recs, 0x400).file);
  REQUIRE(got.events.size() == 4);
  CHECK(got.events[0].view().level == 3);
  CHECK(got.events[1].view().level == 4);
  CHECK(got.events[2].view().level == 0);
  CHECK(got.events[2].view().level_text == "Audit Success");
  CHECK(got.events[3].view().level_text == "Audit Failure");
  CHECK(got.events[0].view().channel.empty());  // "test.evt" names no channel
}

TEST_CASE("evt wrapped log: oldest first, a record split across the end of the file") {
  // Each record is 92 bytes. File 448 bytes; start 316: record 10 at 316, record 11 at 408
  // (40 bytes to the end, 52 more at 0x30), record 12 at 100, EOF record at 192.
  std::vector<EvtRecordSpec> recs = {Rec(10), Rec(11, {"split across"}), Rec(12)};
  recs[1].strings = {"alpha"};
  auto log = BuildWrappedEvt(recs, 448, 316);
  REQUIRE(log.record_offsets == std::vector<size_t>{316, 408, 100});
  ReadResult got = ReadAll(log.file);
  CHECK(got.diags.empty());
  REQUIRE(got.events.size() == 3);
  CHECK(got.events[0].view().record_id == 10);
  CHECK(got.events[1].view().record_id == 11);
  CHECK(got.events[1].view().where.offset == 408);
  REQUIRE(got.events[1].view().data.size() == 1);
  CHECK(got.events[1].view().data[0].value == "alpha");
  CHECK(got.events[1].view().computer == "HOST");
  CHECK(got.events[2].view().record_id == 12);
  CHECK(got.events[2].view().where.offset == 100);
}

TEST_CASE("evt wrapped log: the end-of-file record itself may be split") {
  // 3 records of 92 bytes from 200: 200, 292, 384 -> 448 (64 to the end, 28 at 0x30),
  // EOF record at 76.
  auto log = BuildWrappedEvt({Rec(1), Rec(2), Rec(3)}, 448 + 64, 200 + 64);
  ReadResult got = ReadAll(log.file);
  CHECK(got.events.size() == 3);
  CHECK(got.diags.empty());
}

TEST_CASE("evt dirty header: stale end offset and next record; the scan wins, with a note") {
  auto log = BuildLinearEvt({Rec(1), Rec(2), Rec(3), Rec(4)}, 0x400);
  // The header was last written after record 2 and flagged dirty.
  testing::PutHeader(log.file, {0x30, static_cast<uint32_t>(log.record_offsets[2]), 3, 1, 0x400,
                                0x1, 0});
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 4);
  CHECK(got.events[3].view().record_id == 4);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kNote);
  CHECK(got.diags[0].structure == "file header");
  CHECK(got.diags[0].what.find("dirty header") != std::string::npos);
  CHECK(got.diags[0].what.find("next record 5") != std::string::npos);
}

TEST_CASE("evt truncated file: the cut record is reported with its offset and length") {
  auto log = BuildLinearEvt({Rec(1), Rec(2), Rec(3)}, 0x400);
  const size_t cut = log.record_offsets[2] + 30;
  log.file.resize(cut);
  ReadResult got = ReadAll(log.file);
  CHECK(got.final.end());
  REQUIRE(got.events.size() == 2);
  REQUIRE(CountSeverity(got.diags, Severity::kError) == 1);
  const Diagnostic* d = nullptr;
  for (const auto& x : got.diags) if (x.severity == Severity::kError) d = &x;
  CHECK(d->offset == log.record_offsets[2]);
  CHECK(d->bytes_dropped == 30);
  CHECK(d->what.find("runs past the end") != std::string::npos);
}

TEST_CASE("evt damaged record in the middle: skipped, reported, and reading goes on") {
  auto log = BuildLinearEvt({Rec(1), Rec(2), Rec(3)}, 0x400);
  const size_t r2 = log.record_offsets[1];
  const size_t r2_size = log.record_offsets[2] - r2;
  log.file[r2 + r2_size - 4] = std::byte{0x99};  // trailing size copy no longer matches
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 2);
  CHECK(got.events[0].view().record_id == 1);
  CHECK(got.events[1].view().record_id == 3);
  REQUIRE(got.diags.size() == 2);
  CHECK(got.diags[0].offset == r2);
  CHECK(got.diags[0].bytes_dropped == r2_size);
  CHECK(got.diags[0].what.find("trailing size copy") != std::string::npos);
  CHECK(got.diags[1].offset == log.record_offsets[2]);
  CHECK(got.diags[1].records_dropped == 1);
}

TEST_CASE("evt end-of-file record in the middle: records after it that continue are read") {
  // Records 1, 2, a stale EOF record, records 3, 4, the real EOF record.
  std::vector<std::byte> file(0x400, std::byte{0});
  size_t at = 0x30;
  std::vector<size_t> offsets;
  auto put = [&](const std::vector<std::byte>& b) {
    offsets.push_back(at);
    at = testing::PutWrapped(file, at, b);
  };
  put(testing::EncodeEvtRecord(Rec(1)));
  put(testing::EncodeEvtRecord(Rec(2)));
  const size_t stale = at;
  put(testing::EncodeEvtEof(0x30, static_cast<uint32_t>(stale), 3, 1));
  put(testing::EncodeEvtRecord(Rec(3)));
  put(testing::EncodeEvtRecord(Rec(4)));
  put(testing::EncodeEvtEof(0x30, static_cast<uint32_t>(at), 5, 1));
  testing::PutHeader(file, {0x30, static_cast<uint32_t>(offsets.back()), 5, 1, 0x400, 0, 0});
  ReadResult got = ReadAll(file);
  REQUIRE(got.events.size() == 4);
  CHECK(got.events[2].view().record_id == 3);
  CHECK(got.events[2].view().where.offset == stale + 40);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kWarning);
  CHECK(got.diags[0].offset == stale);
  CHECK(got.diags[0].what.find("stale end-of-file record") != std::string::npos);
}

TEST_CASE("evt end-of-file record followed by older records: the log ends there") {
  auto log = BuildLinearEvt({Rec(7), Rec(8)}, 0x400);
  // An old record (number 3) left in the unused space after the EOF record.
  const auto old = testing::EncodeEvtRecord(Rec(3, {"old"}));
  const size_t old_at = log.eof_offset + 40 + 8;
  std::copy(old.begin(), old.end(), log.file.begin() + static_cast<long>(old_at));
  ReadResult plain = ReadAll(log.file);
  CHECK(plain.events.size() == 2);
  CHECK(plain.diags.empty());
  ReadResult rec = ReadAll(log.file, /*recover=*/true);
  REQUIRE(rec.events.size() == 3);
  const Event& ev = rec.events[2].view();
  CHECK(ev.record_id == 3);
  CHECK(ev.integrity == Integrity::kRecovered);
  CHECK(ev.where.offset == old_at);
  REQUIRE(ev.data.size() == 1);
  CHECK(ev.data[0].value == "old");
  CHECK(rec.events[0].view().integrity == Integrity::kOk);
}

TEST_CASE("evt without a header: records are still found by scanning") {
  auto log = BuildLinearEvt({Rec(1), Rec(2)}, 0x200);
  std::fill(log.file.begin(), log.file.begin() + 48, std::byte{0x5a});
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 2);
  CHECK(got.events[0].view().where.offset == 0x30);
  REQUIRE(!got.diags.empty());
  CHECK(got.diags[0].structure == "file header");
  CHECK(got.diags[0].offset == 0);
  CHECK(got.diags[0].severity == Severity::kError);
}

TEST_CASE("evt wrapped log without a usable header: the end-of-file record gives the oldest record") {
  std::vector<EvtRecordSpec> recs = {Rec(10), Rec(11), Rec(12)};
  auto log = BuildWrappedEvt(recs, 448, 316);
  SUBCASE("header destroyed") {
    std::fill(log.file.begin(), log.file.begin() + 48, std::byte{0});
  }
  SUBCASE("start offset out of bounds") {
    testing::PutHeader(log.file, {0xfffffff0u, static_cast<uint32_t>(log.eof_offset), 13, 10, 448, 2, 0});
  }
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 3);
  CHECK(got.events[0].view().record_id == 10);
  CHECK(got.events[0].view().where.offset == 316);
  CHECK(got.events[1].view().record_id == 11);
  CHECK(got.events[2].view().record_id == 12);
  bool told = false;
  for (const auto& d : got.diags) {
    // EOF record at 192 = 0xc0 (builder layout), begin 316 = 0x13c, next 13, oldest 10.
    told |= d.what.find("the oldest record is taken from the end-of-file record at 0xc0 (begin "
                        "offset 0x13c, end offset 0xc0, next record 13, oldest record 10)") !=
                std::string::npos &&
            d.offset == 0;
  }
  CHECK(told);
}

TEST_CASE("evt unusable header on a wrapped log: one error naming the fault and the EOF record used") {
  // Record 10 at 316, 11 split at 408 (40 + 52 bytes), 12 at 100, EOF record at 192.
  auto log = BuildWrappedEvt({Rec(10), Rec(11), Rec(12)}, 448, 316);
  std::string fault;
  SUBCASE("header size") {
    log.file[0] = std::byte{0x31};
    fault = "header size 0x31 (expected 0x30)";
  }
  SUBCASE("signature") {
    log.file[7] = std::byte{'X'};
    fault = "signature 'LfLX' (expected 'LfLe')";
  }
  CAPTURE(fault);
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 3);
  CHECK(got.events[0].view().record_id == 10);
  CHECK(got.events[0].view().where.offset == 316);
  CHECK(got.events[1].view().record_id == 11);
  CHECK(got.events[1].view().where.offset == 408);
  CHECK(got.events[2].view().record_id == 12);
  CHECK(got.events[2].view().where.offset == 100);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kError);
  CHECK(got.diags[0].ToString() ==
        "test.evt @0x0 (file header): " + fault +
            "; header not used: the oldest record is taken from the end-of-file record at 0xc0 "
            "(begin offset 0x13c, end offset 0xc0, next record 13, oldest record 10)");
}

TEST_CASE("evt unusable header: an end-of-file record split across the end of the file is found") {
  // Records of 92 bytes at 152, 244, 336; EOF record at 428: 20 bytes to the end, 20 at 0x30.
  auto log = BuildWrappedEvt({Rec(1), Rec(2), Rec(3)}, 448, 152);
  REQUIRE(log.eof_offset == 428);
  std::fill(log.file.begin(), log.file.begin() + 48, std::byte{0});
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 3);
  CHECK(got.events[0].view().where.offset == 152);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].what ==
        "header size 0x0 (expected 0x30); header not used: the oldest record is taken from the "
        "end-of-file record at 0x1ac (begin offset 0x98, end offset 0x1ac, next record 4, oldest "
        "record 1)");
}

TEST_CASE("evt unusable header: the newest end-of-file record wins over a stale one") {
  // Records 10, 11 fill the end of a 1024-byte file from 840; a stale EOF record (begin =
  // record 11, next 12) wraps to 0x30; then 12 at 88, 13 at 180, the real EOF record at 272.
  std::vector<std::byte> file(1024, std::byte{0});
  size_t at = 840;
  std::vector<size_t> offsets;
  auto put = [&](const std::vector<std::byte>& b) {
    offsets.push_back(at);
    at = testing::PutWrapped(file, at, b);
  };
  put(testing::EncodeEvtRecord(Rec(10)));
  put(testing::EncodeEvtRecord(Rec(11)));
  put(testing::EncodeEvtEof(932, 0x30, 12, 11));
  put(testing::EncodeEvtRecord(Rec(12)));
  put(testing::EncodeEvtRecord(Rec(13)));
  put(testing::EncodeEvtEof(840, 272, 14, 10));
  REQUIRE(offsets == std::vector<size_t>{840, 932, 0x30, 88, 180, 272});
  // Header destroyed: its size field reads 0.
  ReadResult got = ReadAll(file);
  REQUIRE(got.events.size() == 4);
  for (size_t i = 0; i < 4; ++i) CHECK(got.events[i].view().record_id == 10 + i);
  REQUIRE(got.diags.size() == 2);
  CHECK(got.diags[0].what.find("end-of-file record at 0x110 (begin offset 0x348, end offset "
                               "0x110, next record 14, oldest record 10)") != std::string::npos);
  CHECK(got.diags[1].offset == 0x30);  // the stale one, passed over with a warning
  CHECK(got.diags[1].what.find("stale end-of-file record") != std::string::npos);
}

TEST_CASE("evt header start offset pointing at no record: the EOF record's begin offset is used") {
  auto log = BuildWrappedEvt({Rec(10), Rec(11), Rec(12)}, 448, 316);
  testing::PutHeader(log.file, {0x100, 192, 13, 10, 448, 2, 0});  // 0x100: unused zeros
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 3);
  CHECK(got.events[0].view().record_id == 10);
  CHECK(got.events[2].view().record_id == 12);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kWarning);
  CHECK(got.diags[0].what ==
        "start offset 0x100 holds neither a record nor the end-of-file record; header start "
        "offset not used: the oldest record is taken from the end-of-file record at 0xc0 (begin "
        "offset 0x13c, end offset 0xc0, next record 13, oldest record 10)");
}

TEST_CASE("evt header: a wrong trailing size copy is a warning at offset 0") {
  auto log = BuildLinearEvt({Rec(1)}, 0x200);
  log.file[44] = std::byte{0x31};
  ReadResult got = ReadAll(log.file);
  CHECK(got.events.size() == 1);
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kWarning);
  CHECK(got.diags[0].offset == 0);
  CHECK(got.diags[0].what.find("trailing header size copy is 0x31") != std::string::npos);
}

TEST_CASE("evt record with an out-of-range strings offset keeps its other fields") {
  auto log = BuildLinearEvt({Rec(1)}, 0x200);
  const size_t r = log.record_offsets[0];
  log.file[r + 36] = std::byte{0xff};  // strings offset 0x..ff: past the record
  log.file[r + 37] = std::byte{0x7f};
  ReadResult got = ReadAll(log.file);
  REQUIRE(got.events.size() == 1);
  CHECK(got.events[0].view().data.empty());
  CHECK(got.events[0].view().provider == "Src");
  REQUIRE(got.diags.size() == 1);
  CHECK(got.diags[0].severity == Severity::kWarning);
  CHECK(got.diags[0].structure == "record 1");
  CHECK(got.diags[0].what.find("strings offset") != std::string::npos);
}

TEST_CASE("evt empty and tiny inputs end cleanly") {
  CHECK(ReadAll({}).events.empty());
  CHECK(ReadAll(std::vector<std::byte>(10, std::byte{0})).events.empty());
  auto log = BuildLinearEvt({}, 0x100);
  ReadResult got = ReadAll(log.file);
  CHECK(got.events.empty());
  CHECK(got.diags.empty());
}

TEST_CASE("evt: a log cut at any offset yields a prefix of the full log's records") {
  auto log = BuildLinearEvt({Rec(1), Rec(2), Rec(3), Rec(4)}, 0x200);
  const ReadResult full = ReadAll(log.file);
  REQUIRE(full.events.size() == 4);
  for (size_t cut = 0; cut <= log.file.size(); cut += 7) {
    std::vector<std::byte> part(log.file.begin(), log.file.begin() + static_cast<long>(cut));
    ReadResult got = ReadAll(part);
    REQUIRE(got.events.size() <= 4);
    for (size_t i = 0; i < got.events.size(); ++i) {
      CHECK(got.events[i].view().record_id == full.events[i].view().record_id);
    }
  }
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
