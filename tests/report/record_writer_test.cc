// RecordWriter: JSON read back by nlohmann gives the Event's fields; text that is not
// UTF-8 comes out as base64 "bytes"; XML built from fields (non-EVTX readers) parses.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "core/event.h"
#include "core/time.h"
#include "report/record_writer.h"

namespace logrx::report {

namespace {

// The lines written to `f` (each ended by '\n') are `want`, in order; closes `f`.
void CheckLinesAndClose(std::FILE* f, const std::vector<std::string>& want) {
  std::rewind(f);
  std::string line;
  size_t n = 0;
  for (int c; (c = std::fgetc(f)) != EOF;) {
    if (c != '\n') {
      line.push_back(static_cast<char>(c));
      continue;
    }
    REQUIRE(n < want.size());
    CHECK(line == want[n++]);
    line.clear();
  }
  std::fclose(f);
  CHECK(n == want.size());
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("record writer: JSONL object carries the event's fields and reads back") {
  OwnedEvent o;
  o.set_provider("Service Control Manager");
  o.set_channel("System");
  o.set_computer("HOST1");
  o.set_user_sid("S-1-5-18");
  o.AddField("param1", "Cluster \"Service\"");
  o.AddField("", "positional");
  Event& h = o.mutable_header();
  h.format = InputFormat::kEvtx;
  h.record_id = 1234;
  h.event_id = 7036;
  h.has_qualifiers = true;
  h.qualifiers = 16384;
  h.level = 4;
  h.keywords = 0x8080000000000000ull;
  h.time_created = FiletimeFromUnixSeconds(1586000000);
  h.where.offset = 0x1200;
  h.integrity = Integrity::kChecksumMismatch;
  std::string out;
  RecordWriter::AppendJson(o.view(), "a/System.evtx", out);
  const auto j = nlohmann::json::parse(out, nullptr, false);
  REQUIRE(!j.is_discarded());
  CHECK(j["file"] == "a/System.evtx");
  CHECK(j["record_id"] == 1234);
  CHECK(j["time"] == "2020-04-04T11:33:20.0000000Z");
  CHECK(j["offset"] == 0x1200);
  CHECK(j["integrity"] == "checksum-mismatch");
  CHECK(j["event_id"] == 7036);
  CHECK(j["qualifiers"] == 16384);
  CHECK(j["keywords"] == "0x8080000000000000");
  CHECK(j["provider"] == "Service Control Manager");
  CHECK(j["user_sid"] == "S-1-5-18");
  REQUIRE(j["data"].size() == 2);
  CHECK(j["data"][0]["name"] == "param1");
  CHECK(j["data"][0]["value"] == "Cluster \"Service\"");
  CHECK(!j["data"][1].contains("name"));
  CHECK(j["data"][1]["value"] == "positional");
}

TEST_CASE("record writer: text that is not UTF-8 is written as base64 bytes") {
  OwnedEvent o;
  o.AddField("raw", std::string("a\xff" "b", 3));
  std::string out;
  RecordWriter::AppendJson(o.view(), "f", out);
  const auto j = nlohmann::json::parse(out, nullptr, false);
  REQUIRE(!j.is_discarded());
  CHECK(j["data"][0]["bytes"] == "Yf9i");  // base64 of 61 ff 62, by hand
  CHECK(!j["data"][0].contains("value"));
}

TEST_CASE("record writer: JSON escapes are the short forms and upper-case \\u00XX, nothing else") {
  // RFC 8259 section 7: '"', '\\' and C0 controls must be escaped; \b \t \n \f \r for
  // those five, \u00XX for the rest. DEL, '/' and UTF-8 text are copied as they are.
  OwnedEvent o;
  o.AddField("k", std::string("a\"b\\c\x01\x08\t\n\x0c\r\x1f\x7f/\xC3\xA9\0z", 18));
  std::string out;
  RecordWriter::AppendJson(o.view(), "f", out);
  CHECK(out.find(R"("data":[{"name":"k","value":"a\"b\\c\u0001\b\t\n\f\r\u001F)"
                 "\x7f/\xC3\xA9\\u0000z\"}]") != std::string::npos);
}

TEST_CASE("record writer: worst-case text fits: every byte escaped, base64 text and binary") {
  // Each record is written into room reserved for it up front: text made only of bytes
  // that need \u00XX (six out per byte in), non-UTF-8 text in every place text goes, and
  // binary data must all come out whole and read back.
  const std::string controls(5000, '\x01');
  const std::string bad("\xff\xfe", 2);
  OwnedEvent o;
  o.set_provider(bad);
  o.set_computer(controls);
  o.AddField(bad, controls);
  o.AddField(controls, bad);
  const std::byte binary[] = {std::byte{0x00}, std::byte{0xff}, std::byte{0x10}, std::byte{0x41}};
  o.mutable_header().binary = binary;  // outlives the write below
  std::string out;
  RecordWriter::AppendJson(o.view(), bad, out);
  const auto j = nlohmann::json::parse(out, nullptr, false);
  REQUIRE(!j.is_discarded());
  CHECK(j["file"]["bytes"] == "//4=");  // base64 of ff fe, by hand
  CHECK(j["provider"]["bytes"] == "//4=");
  CHECK(j["computer"] == controls);
  CHECK(j["data"][0]["name"]["bytes"] == "//4=");
  CHECK(j["data"][0]["value"] == controls);
  CHECK(j["data"][1]["name"] == controls);
  CHECK(j["data"][1]["bytes"] == "//4=");
  CHECK(j["binary"] == "AP8QQQ==");  // base64 of 00 ff 10 41, by hand
  CHECK(out.size() > 6 * 3 * controls.size());
}

// RFC 8259 escaping, one byte at a time: what the writer's word-at-a-time escaper must match.
std::string JsonQuotedByHand(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04X}", c);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

TEST_CASE("record writer: JSON text of every length, with an escape or UTF-8 at every place") {
  // The escaper copies sixteen or eight bytes at a time and ends a string with its last
  // eight bytes, stored over bytes already written: an escape, a control or a multi-byte
  // character at any position of strings around those sizes must come out as the
  // byte-by-byte form.
  const std::string_view specials[] = {"\"", "\\", "\n", std::string_view("\0", 1), "\x1f",
                                       "\xC3\xA9", "\xE2\x82\xAC", "\x7f"};
  for (size_t len = 0; len <= 40; ++len) {
    for (std::string_view sp : specials) {
      for (size_t at = 0; at <= len; ++at) {
        std::string text(len, 'a');
        for (size_t i = 0; i < len; ++i) text[i] = static_cast<char>('a' + i % 26);
        text.insert(at, sp);
        OwnedEvent o;
        o.AddField("", text);
        std::string out;
        RecordWriter::AppendJson(o.view(), "f", out);
        const std::string want = "\"data\":[{\"value\":" + JsonQuotedByHand(text) + "}]";
        INFO("length ", len, ", special at ", at);
        CHECK(out.find(want) != std::string::npos);
      }
    }
  }
}

TEST_CASE("record writer: once text is known to be UTF-8, escapes and characters after it still come out") {
  // The escaper checks UTF-8 at the first byte above 0x7F and from there on looks only for
  // bytes to escape: a second special anywhere after (or before) a multi-byte character.
  const std::string_view multibyte[] = {"\xC3\xA9", "\xE2\x82\xAC"};
  const std::string_view specials[] = {"\"", "\\", "\n", std::string_view("\0", 1), "\x1f",
                                       "\xC3\xA9", "\xF0\x9F\x98\x80", "\x7f"};
  for (size_t len : {15, 16, 17, 31, 33, 40}) {
    for (std::string_view mb : multibyte) {
      for (std::string_view sp : specials) {
        for (size_t at1 = 0; at1 <= len; ++at1) {
          for (size_t at2 = 0; at2 <= len; ++at2) {
            std::string text(len, 'a');
            for (size_t i = 0; i < len; ++i) text[i] = static_cast<char>('a' + i % 26);
            // The later place first, so that neither lands inside the other.
            if (at1 >= at2) {
              text.insert(at1, mb);
              text.insert(at2, sp);
            } else {
              text.insert(at2, sp);
              text.insert(at1, mb);
            }
            OwnedEvent o;
            o.AddField("", text);
            std::string out;
            RecordWriter::AppendJson(o.view(), "f", out);
            const std::string want = "\"data\":[{\"value\":" + JsonQuotedByHand(text) + "}]";
            INFO("length ", len, ", character at ", at1, ", special at ", at2);
            CHECK(out.find(want) != std::string::npos);
          }
        }
      }
    }
  }
  // Not UTF-8 after valid characters: base64 bytes, whatever came before.
  OwnedEvent o;
  o.AddField("", std::string("\xC3\xA9 0123456789abcdef\xff", 20));
  std::string out;
  RecordWriter::AppendJson(o.view(), "f", out);
  CHECK(out.find(R"("data":[{"bytes":"w6kgMDEyMzQ1Njc4OWFiY2RlZv8="}])") != std::string::npos);
}

TEST_CASE("record writer: a message is in the output exactly when ShowsMessage says so") {
  // dump asks for a message only where the writer shows it (records written as their own
  // event XML keep that XML): with and without a message, the output differs exactly then.
  auto write = [](RecordFormat format, const Event& ev) {
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    {
      RecordWriter w(f, format);
      w.Begin();
      w.Write(ev, "f.evtx");
      w.End();
    }
    std::string text(static_cast<size_t>(std::ftell(f)), '\0');
    std::rewind(f);
    REQUIRE(std::fread(text.data(), 1, text.size(), f) == text.size());
    std::fclose(f);
    return text;
  };
  for (const bool own_xml : {false, true}) {
    for (const RecordFormat format : {RecordFormat::kXml, RecordFormat::kJsonl}) {
      OwnedEvent plain;
      plain.set_provider("P");
      plain.AddField("n", "v");
      OwnedEvent with_message = plain;
      with_message.set_message("rendered text", MessageOrigin::kTemplate);
      Event a = plain.view();
      Event b = with_message.view();
      if (own_xml) a.xml = b.xml = "<Event><System/></Event>";
      const bool shows = RecordWriter::ShowsMessage(format, b);
      INFO("own xml ", own_xml, ", jsonl ", format == RecordFormat::kJsonl);
      CHECK(shows == (format == RecordFormat::kJsonl || !own_xml));
      CHECK((write(format, a) != write(format, b)) == shows);
      CHECK((write(format, b).find("rendered text") != std::string::npos) == shows);
    }
  }
}

TEST_CASE("record writer: a record larger than the output buffer comes out whole, in order") {
  // Records are written in place into a buffer of 384 KiB, flushed when a record's room
  // does not fit: one whose escaped form is 2.4 MB must grow it, between small ones.
  const std::string controls(400000, '\x01');
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  {
    RecordWriter w(f, RecordFormat::kJsonl);
    w.Begin();
    for (int i = 0; i < 3; ++i) {
      OwnedEvent o;
      o.mutable_header().record_id = static_cast<uint64_t>(i);
      o.AddField("v", i == 1 ? controls : "small");
      w.Write(o.view(), "f");
    }
    w.End();
    CHECK(w.ok());
  }
  std::rewind(f);
  std::vector<std::string> lines(1);
  for (int c; (c = std::fgetc(f)) != EOF;) {
    if (c == '\n') {
      lines.emplace_back();
    } else {
      lines.back().push_back(static_cast<char>(c));
    }
  }
  std::fclose(f);
  REQUIRE(lines.size() == 4);
  CHECK(lines[3].empty());
  for (size_t i = 0; i < 3; ++i) {
    const auto j = nlohmann::json::parse(lines[i], nullptr, false);
    REQUIRE(!j.is_discarded());
    CHECK(j["record_id"] == i);
    CHECK(j["data"][0]["value"] == (i == 1 ? controls : std::string("small")));
  }
  CHECK(lines[1].size() > 6 * controls.size());
}

// The whole content of a temporary file written by `fill`, closed after.
template <typename Fill>
std::string WrittenBy(Fill&& fill) {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  fill(f);
  std::rewind(f);
  std::string bytes;
  for (int c; (c = std::fgetc(f)) != EOF;) bytes.push_back(static_cast<char>(c));
  std::fclose(f);
  return bytes;
}

TEST_CASE("record writer: blocks rendered in memory and written in order are the bytes of a direct write") {
  // Records of every kind: intact and not (XML comment), own XML and XML from fields, one
  // larger than the memory writer's first buffer (it must grow, keeping what it holds).
  std::vector<OwnedEvent> events(7);
  for (size_t i = 0; i < events.size(); ++i) {
    OwnedEvent o;
    o.AddField("p", i == 3 ? std::string(500000, '\x01') : fmt::format("v{}", i));
    Event ev = o.view();
    ev.record_id = 100 + i;
    ev.event_id = static_cast<uint16_t>(7000 + i);
    ev.where.offset = 0x1000 * i;
    if (i == 2) ev.integrity = Integrity::kRecovered;
    const std::string xml = fmt::format("<Event><Id>{}</Id></Event>", i);
    if (i % 2 == 0) ev.xml = xml;
    events[i].Assign(ev);
  }
  for (RecordFormat format : {RecordFormat::kXml, RecordFormat::kJsonl}) {
    CAPTURE(static_cast<int>(format));
    const std::string direct = WrittenBy([&](std::FILE* f) {
      RecordWriter w(f, format);
      w.Begin();
      for (const OwnedEvent& o : events) w.Write(o.view(), "a.evtx");
      w.End();
      CHECK(w.ok());
    });
    // Units of 3, 1 and 3 records, rendered by two memory writers taking turns, as two
    // threads would; blocks recycled after they are written.
    const std::string blocks = WrittenBy([&](std::FILE* f) {
      RecordWriter w(f, format);
      RecordWriter mem[2] = {RecordWriter(format), RecordWriter(format)};
      w.Begin();
      const size_t cuts[] = {0, 3, 4, 7};
      for (int unit = 0; unit < 3; ++unit) {
        RecordWriter& m = mem[unit % 2];
        m.Begin();  // adds nothing in memory
        for (size_t i = cuts[unit]; i < cuts[unit + 1]; ++i) m.Write(events[i].view(), "a.evtx");
        m.End();
        RecordWriter::Block b = m.TakeBlock();
        CHECK(b.size > 0);
        w.WriteBlock(b);
        m.Recycle(std::move(b));
      }
      w.End();
      CHECK(w.ok());
    });
    CHECK(blocks.size() > 500000);
    CHECK(blocks == direct);
  }
}

// A stream that records the size of every write stdio makes to it.
struct CountedWrites {
  std::vector<size_t> sizes;
  std::string bytes;
  static ssize_t Write(void* cookie, const char* buf, size_t n) {
    auto* self = static_cast<CountedWrites*>(cookie);
    self->sizes.push_back(n);
    self->bytes.append(buf, n);
    return static_cast<ssize_t>(n);
  }
};

TEST_CASE("record writer: output goes out in blocks of at least 128 KiB, one write each") {
  // The writer buffers by itself; the stream's own buffer would split each block into
  // three writes (a buffer's worth, the whole blocks, the rest).
  CountedWrites sink;
  cookie_io_functions_t io{};
  io.write = &CountedWrites::Write;
  std::FILE* f = fopencookie(&sink, "w", io);
  REQUIRE(f != nullptr);
  std::string want;
  {
    RecordWriter w(f, RecordFormat::kJsonl);
    w.Begin();
    for (int i = 0; i < 5000; ++i) {
      OwnedEvent o;
      o.mutable_header().record_id = static_cast<uint64_t>(i);
      o.AddField("v", std::string(40 + i % 50, 'x'));
      w.Write(o.view(), "f");
      std::string line;
      RecordWriter::AppendJson(o.view(), "f", line);
      want += line;
      want += '\n';
    }
    w.End();
    CHECK(w.ok());
  }
  std::fclose(f);
  CHECK(sink.bytes == want);
  REQUIRE(sink.sizes.size() >= 2);
  for (size_t i = 0; i + 1 < sink.sizes.size(); ++i) CHECK(sink.sizes[i] >= (size_t{128} << 10));
  CHECK(sink.sizes.size() <= want.size() / (size_t{128} << 10) + 1);
}

// Base64 (RFC 4648, padded), six bits at a time.
std::string Base64ByHand(std::string_view s) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int have = 0;
  for (char ch : s) {
    bits = (bits << 8) | static_cast<unsigned char>(ch);
    for (have += 8; have >= 6; have -= 6) out += kAlphabet[(bits >> (have - 6)) & 63];
  }
  if (have > 0) out += kAlphabet[(bits << (6 - have)) & 63];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

TEST_CASE("record writer: records in a row each carry their own keywords, binary and data") {
  // One writer keeps text from record to record (the keywords' hex): every record must
  // still show its own, and come out as a writer that saw no other record writes it. Data
  // items mix plain names and values with ones that need escapes, UTF-8 or base64, and
  // binary of every length mod 3.
  const uint64_t keywords[] = {0x8080000000000000ull, 0x8080000000000000ull, 0, 0x10, 0, ~0ull};
  const std::string values[] = {"plain", "caf\xc3\xa9", "a\"b", "\xff", "", "x\ny"};
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  std::vector<std::string> alone;
  {
    RecordWriter w(f, RecordFormat::kJsonl);
    w.Begin();
    for (size_t i = 0; i < std::size(keywords); ++i) {
      OwnedEvent o;
      o.mutable_header().record_id = i;
      o.mutable_header().keywords = keywords[i];
      o.AddField("Name", values[i]);
      o.AddField(values[(i + 1) % std::size(values)], "v");
      o.AddField("", values[(i + 2) % std::size(values)]);
      const std::string bin = std::string("\x00\xff\x11\x41\x7f\x81\xfb", 7).substr(0, i + 1);
      std::vector<std::byte> raw(bin.size());
      std::memcpy(raw.data(), bin.data(), bin.size());
      o.mutable_header().binary = raw;
      w.Write(o.view(), "f");
      alone.emplace_back();
      RecordWriter::AppendJson(o.view(), "f", alone.back());
      const auto j = nlohmann::json::parse(alone.back(), nullptr, false);
      REQUIRE(!j.is_discarded());
      CHECK(j["keywords"] == fmt::format("0x{:x}", keywords[i]));
      CHECK(j["binary"] == Base64ByHand(bin));
      const nlohmann::json& d = j["data"];
      REQUIRE(d.size() == 3);
      CHECK(d[0]["name"] == "Name");
      if (values[i] == "\xff") {
        CHECK(d[0]["bytes"] == "/w==");
      } else {
        CHECK(d[0]["value"] == values[i]);
      }
      CHECK(d[2].contains("name") == false);
    }
    w.End();
  }
  CheckLinesAndClose(f, alone);
  // Plain items are written as they are; the others as the escaper and base64 give them.
  OwnedEvent o;
  o.AddField("Name", "plain");
  o.AddField("N\"", "\xff");
  std::string out;
  RecordWriter::AppendJson(o.view(), "f", out);
  CHECK(out.find(R"("data":[{"name":"Name","value":"plain"},{"name":"N\"","bytes":"/w=="}])") !=
        std::string::npos);
}

TEST_CASE("record writer: each record names its own file, also from one buffer changed in place") {
  // The writer keeps the escaped name from one record to the next: a name of the same
  // length, or the same buffer holding another name, must still come out as given.
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  std::string buffer = "a\\System.evtx";
  const std::string names[] = {"a\\System.evtx", "a\\System.evtx", "b\\System.evtx",
                               "a\\System.evtx", "a\\System.evt", "a\"System.evtx"};
  std::vector<std::string> want;
  {
    RecordWriter w(f, RecordFormat::kJsonl);
    w.Begin();
    OwnedEvent o;
    for (const std::string& name : names) {
      buffer.assign(name);  // same length: the same memory, other bytes
      w.Write(o.view(), buffer);
      want.emplace_back();
      RecordWriter::AppendJson(o.view(), name, want.back());
      const auto j = nlohmann::json::parse(want.back(), nullptr, false);
      REQUIRE(!j.is_discarded());
      CHECK(j["file"] == name);
    }
    w.End();
  }
  CheckLinesAndClose(f, want);
}

TEST_CASE("record writer: the numbers and times of records in a row are each record's own") {
  // The writer keeps the text of a record's numbers for records that repeat them: records
  // whose numbers come back, change in one place, or collide in its table must each show
  // their own. Every line must read back to its numbers and equal what a writer that saw
  // no other record writes.
  const uint64_t keywords[] = {0x8080000000000000ull, 0, 0x10, ~0ull};
  const uint32_t ids[] = {0, 9, 10, 99, 100, 7036, 65535, 4294967295u};
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  std::vector<std::string> alone;
  uint64_t x = 12345;
  auto next = [&x](size_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((x >> 33) % n);
  };
  {
    RecordWriter w(f, RecordFormat::kJsonl);
    w.Begin();
    for (int i = 0; i < 2000; ++i) {
      OwnedEvent o;
      Event& h = o.mutable_header();
      h.format = i % 50 == 0 ? InputFormat::kEvt : InputFormat::kEvtx;
      h.record_id = i % 3 == 0 ? uint64_t{ids[next(8)]} << (i % 40) : ids[next(8)];
      h.where.offset = ids[next(8)];
      h.event_id = static_cast<uint16_t>(ids[next(7)]);
      h.has_qualifiers = next(2) == 1;
      h.qualifiers = static_cast<uint16_t>(ids[next(7)]);
      h.version = static_cast<uint8_t>(next(3));
      h.level = static_cast<uint8_t>(ids[next(5)]);
      h.task = static_cast<uint16_t>(ids[next(7)]);
      h.opcode = static_cast<uint8_t>(next(256));
      h.evt_type = static_cast<uint16_t>(next(3) == 0 ? ids[next(7)] : 0);
      h.keywords = keywords[next(4)];
      h.process_id = ids[next(8)];
      h.thread_id = ids[next(8)];
      // Times in the years PutFiletimeIso8601 writes, outside them (year 30828, before
      // 1601) and none.
      const int64_t times[] = {kNoTime, FiletimeFromUnixSeconds(1586000000) + i,
                               INT64_MAX - i, -int64_t{1000000000000000000} - i};
      h.time_created = times[next(4)];
      h.time_written = times[next(4)];
      const std::string bin(static_cast<size_t>(i % 41), static_cast<char>(i * 37));
      std::vector<std::byte> raw(bin.size());
      if (!bin.empty()) std::memcpy(raw.data(), bin.data(), bin.size());
      h.binary = raw;
      w.Write(o.view(), i % 7 == 0 ? "other file" : "f");
      alone.emplace_back();
      RecordWriter::AppendJson(o.view(), i % 7 == 0 ? "other file" : "f", alone.back());
      const auto j = nlohmann::json::parse(alone.back(), nullptr, false);
      REQUIRE(!j.is_discarded());
      CHECK(j["file"] == (i % 7 == 0 ? "other file" : "f"));
      CHECK(j["format"] == (i % 50 == 0 ? "evt" : "evtx"));
      CHECK(j["record_id"] == h.record_id);
      CHECK(j.contains("time") == (h.time_created != kNoTime));
      if (h.time_created != kNoTime) CHECK(j["time"] == FormatIso8601(h.time_created));
      CHECK(j.contains("time_written") == (h.time_written != kNoTime));
      if (h.time_written != kNoTime) CHECK(j["time_written"] == FormatIso8601(h.time_written));
      CHECK(j["offset"] == h.where.offset);
      CHECK(j["event_id"] == h.event_id);
      CHECK(j.contains("qualifiers") == h.has_qualifiers);
      if (h.has_qualifiers) CHECK(j["qualifiers"] == h.qualifiers);
      CHECK(j["version"] == h.version);
      CHECK(j["level"] == h.level);
      CHECK(j["task"] == h.task);
      CHECK(j["opcode"] == h.opcode);
      CHECK(j.contains("evt_type") == (h.evt_type != 0));
      if (h.evt_type != 0) CHECK(j["evt_type"] == h.evt_type);
      CHECK(j["keywords"] == fmt::format("0x{:x}", h.keywords));
      CHECK(j["process_id"] == h.process_id);
      CHECK(j["thread_id"] == h.thread_id);
      if (bin.empty()) {
        CHECK(!j.contains("binary"));
      } else {
        CHECK(j["binary"] == Base64ByHand(bin));
      }
    }
    w.End();
  }
  CheckLinesAndClose(f, alone);
}

TEST_CASE("record writer: XML from fields escapes hostile text and parses") {
  OwnedEvent o;
  o.set_provider("P<&>\"");
  o.AddField("n", "<script>&amp;</script>");
  o.mutable_header().event_id = 1024;
  std::string out;
  RecordWriter::AppendXml(o.view(), out);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(out.c_str()));
  pugi::xml_node ev = doc.child("Event");
  CHECK(std::string(ev.child("System").child("Provider").attribute("Name").value()) == "P<&>\"");
  CHECK(std::string(ev.child("System").child("EventID").text().get()) == "1024");
  CHECK(std::string(ev.child("EventData").child("Data").text().get()) == "<script>&amp;</script>");
}

}  // TEST_SUITE
}  // namespace logrx::report
