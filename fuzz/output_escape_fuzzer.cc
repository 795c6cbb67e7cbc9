// libFuzzer target for the output escapers (report/record_writer.h, readers/xml_escape.h,
// report/escape.h). The oracle is "the output parses": the input bytes, split at 0xFE
// into provider, field name and field value, are written as a JSON line (nlohmann must
// parse it and give back the value, or its bytes when it is not UTF-8) and as dump XML
// (pugixml must parse it; every character must be an XML 1.0 Char). A CSV cell must hold
// no control character other than TAB/CR/LF and be valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "core/event.h"
#include "core/utf16.h"
#include "report/escape.h"
#include "report/record_writer.h"

namespace {

bool XmlChars(std::string_view s) {
  if (!logrx::IsValidUtf8(s)) return false;
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string parts[3];
  size_t k = 0;
  for (char c : in) {
    if (static_cast<unsigned char>(c) == 0xFE && k < 2) {
      ++k;
    } else {
      parts[k].push_back(c);
    }
  }
  logrx::OwnedEvent o;
  o.set_provider(parts[0]);
  o.AddField(parts[1], parts[2]);
  o.mutable_header().format = logrx::InputFormat::kEvt;

  std::string json;
  logrx::report::RecordWriter::AppendJson(o.view(), parts[0], json);
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) std::abort();
  const auto& v = j["data"][0];
  if (logrx::IsValidUtf8(parts[2]) && v["value"].get<std::string>() != parts[2]) std::abort();
  if (!logrx::IsValidUtf8(parts[2]) && !v.contains("bytes")) std::abort();

  std::string xml = "<Events>";
  logrx::report::RecordWriter::AppendXml(o.view(), xml);
  xml += "</Events>";
  if (!XmlChars(xml)) std::abort();
  pugi::xml_document d;
  if (!d.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) {
    std::abort();
  }

  const std::string cell = logrx::report::CsvCell(parts[2]);
  if (!logrx::IsValidUtf8(cell)) std::abort();
  for (char c : cell) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') std::abort();
  }
  return 0;
}
