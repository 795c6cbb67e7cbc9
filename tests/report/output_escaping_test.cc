// Output escaping, exhaustively: every C0 control, DEL, U+2028/U+2029, U+FFFE/U+FFFF, a
// UTF-8-encoded lone surrogate and several kinds of invalid UTF-8, at every offset of a
// 16-, 32- and 48-byte string (SIMD scanners work in 16-byte blocks), through JSON Lines
// (nlohmann must parse the line and give the text back), XML (pugixml parses it, every
// character is an XML 1.0 Char, and unescaping gives the text back) and CSV cells.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "core/event.h"
#include "core/utf16.h"
#include "readers/xml_escape.h"
#include "report/escape.h"
#include "report/record_writer.h"

namespace logrx::report {
namespace {

std::vector<std::string> Pieces() {
  std::vector<std::string> p;
  for (int c = 0; c < 0x20; ++c) p.push_back(std::string(1, static_cast<char>(c)));
  p.push_back("\x7f");
  p.push_back("\xe2\x80\xa8");  // U+2028
  p.push_back("\xe2\x80\xa9");  // U+2029
  p.push_back("\xef\xbf\xbe");  // U+FFFE
  p.push_back("\xef\xbf\xbf");  // U+FFFF
  p.push_back("\xed\xa0\x80");  // lone high surrogate encoded as UTF-8
  p.push_back("\xed\xbf\xbf");  // lone low surrogate
  p.push_back("\x80");          // stray continuation byte
  p.push_back("\xff");
  p.push_back("\xc0\x80");      // overlong NUL
  p.push_back("\xe2\x82");      // truncated sequence
  p.push_back("\xf4\x90\x80\x80");  // past U+10FFFF
  p.push_back("\\");
  p.push_back("\"");
  p.push_back("&<>'");
  p.push_back("\xc2\x9b");      // C1 CSI (valid UTF-8, allowed in XML)
  return p;
}

std::vector<std::string> Inputs() {
  std::vector<std::string> out;
  for (const std::string& piece : Pieces()) {
    for (size_t len : {16u, 32u, 48u}) {
      for (size_t pos = 0; pos < len; ++pos) {
        std::string s(len, 'a');  // not 'x': "\\" + "x" would read as an escape
        s.replace(pos, std::min(piece.size(), len - pos), piece);
        out.push_back(s);
      }
    }
  }
  // Two ESC bytes in one block (the PowerShell script block that showed the bug).
  out.push_back("Write-Host \x1b[31mred\x1b[0m done");
  return out;
}

std::string Base64Decode(const std::string& in) {
  static const std::string k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const size_t v = k.find(c);
    if (v == std::string::npos) return "<bad base64>";
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// True when `s` is UTF-8 made only of XML 1.0 Chars.
bool AllXmlChars(std::string_view s) {
  if (!IsValidUtf8(s)) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        static_cast<unsigned char>(s[i + 2]) >= 0xBE) {
      return false;
    }
  }
  return true;
}

// Inverse of the visible escapes AppendXmlEscaped writes (inputs here hold no "\x").
std::string UnescapeVisible(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "\\x") == 0 && i + 4 <= s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 4;
    } else if (s.compare(i, 8, "\\u{fffe}") == 0) {
      out += "\xef\xbf\xbe";
      i += 8;
    } else if (s.compare(i, 8, "\\u{ffff}") == 0) {
      out += "\xef\xbf\xbf";
      i += 8;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::string Shown(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    char b[5];
    std::snprintf(b, sizeof(b), "%02x ", c);
    out += b;
  }
  return out;
}

OwnedEvent EventWith(const std::string& s) {
  OwnedEvent o;
  o.set_provider(s);
  o.set_computer(s);
  o.AddField(s, s);
  Event& h = o.mutable_header();
  h.format = InputFormat::kEvt;  // XML built from fields
  return o;
}

}  // namespace

TEST_SUITE("report") {

TEST_CASE("output escaping: every control, separator and bad UTF-8 at every block offset gives parseable JSON that round-trips") {
  // Through the streaming writer too: its buffer is reused, so block alignment varies.
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp != nullptr);
  const std::vector<std::string> inputs = Inputs();
  {
    RecordWriter w(tmp, RecordFormat::kJsonl);
    w.Begin();
    for (const std::string& s : inputs) w.Write(EventWith(s).view(), s);
    w.End();
  }
  std::rewind(tmp);
  std::vector<std::string> lines;
  std::string line;
  for (int c; (c = std::fgetc(tmp)) != EOF;) {
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line.push_back(static_cast<char>(c));
    }
  }
  std::fclose(tmp);
  REQUIRE(lines.size() == inputs.size());
  size_t bad = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string& s = inputs[i];
    std::string one;
    RecordWriter::AppendJson(EventWith(s).view(), s, one);
    for (const std::string* text : {&lines[i], &one}) {
      const auto j = nlohmann::json::parse(*text, nullptr, false);
      if (j.is_discarded()) {
        ++bad;
        if (bad < 5) MESSAGE("not JSON for input " << Shown(s) << ": " << *text);
        continue;
      }
      const auto value = j["data"][0];
      if (IsValidUtf8(s)) {
        CHECK(value["value"].get<std::string>() == s);
        CHECK(value["name"].get<std::string>() == s);
        CHECK(j["provider"].get<std::string>() == s);
        CHECK(j["file"].get<std::string>() == s);
      } else {
        REQUIRE(value.contains("bytes"));
        CHECK(Base64Decode(value["bytes"].get<std::string>()) == s);
        CHECK(Base64Decode(j["provider"]["bytes"].get<std::string>()) == s);
      }
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("output escaping: XML text and attributes are well-formed and unescape to the input") {
  size_t bad = 0;
  for (const std::string& s : Inputs()) {
    for (bool attr : {false, true}) {
      std::string esc;
      readers::AppendXmlEscaped(s, esc, attr);
      const std::string doc =
          attr ? "<a v=\"" + esc + "\"/>" : "<a>" + esc + "</a>";
      pugi::xml_document d;
      const pugi::xml_parse_result r = d.load_buffer(doc.data(), doc.size(),
                                                     pugi::parse_default, pugi::encoding_utf8);
      const bool chars = AllXmlChars(esc);
      if (!r || !chars) {
        ++bad;
        if (bad < 5) MESSAGE("bad XML for input " << Shown(s) << ": " << esc);
        continue;
      }
      const std::string back = attr ? d.child("a").attribute("v").value()
                                    : d.child("a").text().get();
      CHECK_MESSAGE(UnescapeVisible(back) == s, Shown(s));
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("output escaping: dump XML built from fields is well-formed for hostile text") {
  std::string out = "<Events>";
  for (const std::string& s : Inputs()) {
    OwnedEvent o;
    o.set_provider(s);
    o.AddField("Param", s);
    o.mutable_header().format = InputFormat::kEvt;
    RecordWriter::AppendXml(o.view(), out);
  }
  out += "</Events>";
  CHECK(AllXmlChars(out));
  pugi::xml_document d;
  CHECK(d.load_buffer(out.data(), out.size(), pugi::parse_default, pugi::encoding_utf8));
}

TEST_CASE("output escaping: CSV cells hold no control characters and no invalid UTF-8") {
  for (const std::string& s : Inputs()) {
    const std::string cell = CsvCell(s);
    CHECK_MESSAGE(IsValidUtf8(cell), Shown(s));
    bool controls = false;
    for (unsigned char c : cell) controls |= c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    CHECK_MESSAGE(!controls, Shown(s));
    // RFC 4180: a cell holding a quote, comma, CR or LF is quoted, quotes doubled.
    if (cell.find_first_of("\",\r\n") != std::string::npos) {
      REQUIRE(cell.size() >= 2);
      CHECK(cell.front() == '"');
      CHECK(cell.back() == '"');
      const std::string inner = cell.substr(1, cell.size() - 2);
      for (size_t i = 0; i < inner.size(); ++i) {
        if (inner[i] == '"') {
          CHECK(i + 1 < inner.size());
          if (i + 1 < inner.size()) CHECK(inner[i + 1] == '"');
          ++i;
        }
      }
    }
  }
}

}  // TEST_SUITE

}  // namespace logrx::report
