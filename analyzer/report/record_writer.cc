#include "report/record_writer.h"

// No RAPIDJSON_SSE2: RapidJSON 1.1.0's SSE2 scan of unescaped runs compares bytes against
// 0x19, not 0x1F, so 0x1A-0x1F inside a 16-byte block were written raw (invalid JSON).
// tests/report/output_escaping_test.cc covers every control character at every offset.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "core/diagnostic.h"
#include "core/time.h"
#include "core/utf16.h"
#include "readers/evtx/binxml_value.h"
#include "readers/xml_escape.h"

namespace logrx::report {

namespace {

constexpr size_t kFlushAt = 1 << 20;


void Base64(std::string_view in, std::string& out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  auto byte = [&in](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(in[k])); };
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (i < in.size()) {
    uint32_t v = byte(i) << 16;
    if (i + 1 < in.size()) v |= byte(i + 1) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
}

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Most event text is ASCII; only text with high bytes needs the full UTF-8 check.
bool Utf8Ok(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {  // eight bytes at a time: any high bit set?
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) return IsValidUtf8(s);
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return IsValidUtf8(s);
  }
  return true;
}

void Str(JsonWriter& w, std::string_view s) {
  if (Utf8Ok(s)) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return;
  }
  std::string b64;
  Base64(s, b64);
  w.StartObject();
  w.Key("bytes");
  w.String(b64.data(), static_cast<rapidjson::SizeType>(b64.size()));
  w.EndObject();
}

// Keys, enum names, times and hex numbers are our own short ASCII text: nothing to escape,
// so they are written raw (quoted), which saves RapidJSON's escape scan on about twenty
// strings per record. Event text always goes through Str (escaped, UTF-8 checked).
void Raw(JsonWriter& w, rapidjson::StringBuffer& sb, std::string_view s) {
  w.RawValue("", 0, rapidjson::kStringType);  // the separator (',' or ':') and nesting state
  char* out = sb.Push(s.size() + 2);
  out[0] = '"';
  std::memcpy(out + 1, s.data(), s.size());
  out[s.size() + 1] = '"';
}

void KeyStr(JsonWriter& w, rapidjson::StringBuffer& sb, const char* key, std::string_view v,
            bool skip_empty = true) {
  if (skip_empty && v.empty()) return;
  Raw(w, sb, key);
  Str(w, v);
}

void Escape(std::string_view s, std::string& out, bool attr) {
  readers::AppendXmlEscaped(s, out, attr);
}

}  // namespace

std::string_view IntegrityName(Integrity i) noexcept {
  switch (i) {
    case Integrity::kOk: return "ok";
    case Integrity::kChecksumMismatch: return "checksum-mismatch";
    case Integrity::kRecovered: return "recovered";
  }
  return "ok";
}

struct RecordWriter::Json {
  rapidjson::StringBuffer sb;
  JsonWriter w{sb};
  std::string scratch;
  std::string file;       // the last file name written
  std::string file_json;  // it as a JSON value, escaped once per file, not once per record

  std::string_view FileJson(std::string_view name);
};

namespace {

void WriteJson(JsonWriter& w, rapidjson::StringBuffer& sb, std::string& scratch, const Event& ev,
               std::string_view file_json) {
  w.StartObject();
  Raw(w, sb, "file");
  w.RawValue("", 0, rapidjson::kStringType);
  std::memcpy(sb.Push(file_json.size()), file_json.data(), file_json.size());  // escaped once
  Raw(w, sb, "format");
  const std::string_view fmt_name = InputFormatName(ev.format);
  Raw(w, sb, fmt_name);
  Raw(w, sb, "record_id");
  w.Uint64(ev.record_id);
  if (ev.time_created != kNoTime) {
    scratch.clear();
    readers::AppendFiletimeIso8601(ev.time_created, scratch);
    Raw(w, sb, "time");
    Raw(w, sb, scratch);
  }
  if (ev.time_written != kNoTime) {
    scratch.clear();
    readers::AppendFiletimeIso8601(ev.time_written, scratch);
    Raw(w, sb, "time_written");
    Raw(w, sb, scratch);
  }
  if (ev.where.offset != kNoOffset) {
    Raw(w, sb, "offset");
    w.Uint64(ev.where.offset);
  }
  if (ev.where.line != 0) {
    Raw(w, sb, "line");
    w.Uint(ev.where.line);
  }
  Raw(w, sb, "integrity");
  const std::string_view integ = IntegrityName(ev.integrity);
  Raw(w, sb, integ);
  KeyStr(w, sb, "provider", ev.provider, false);
  KeyStr(w, sb, "provider_guid", ev.provider_guid);
  KeyStr(w, sb, "event_source", ev.event_source);
  Raw(w, sb, "event_id");
  w.Uint(ev.event_id);
  if (ev.has_qualifiers) {
    Raw(w, sb, "qualifiers");
    w.Uint(ev.qualifiers);
  }
  Raw(w, sb, "version");
  w.Uint(ev.version);
  Raw(w, sb, "level");
  w.Uint(ev.level);
  Raw(w, sb, "task");
  w.Uint(ev.task);
  Raw(w, sb, "opcode");
  w.Uint(ev.opcode);
  char kw[20] = {'0', 'x'};
  const auto kr = std::to_chars(kw + 2, kw + sizeof(kw), ev.keywords, 16);
  Raw(w, sb, "keywords");
  Raw(w, sb, std::string_view(kw, static_cast<size_t>(kr.ptr - kw)));
  if (ev.evt_type != 0) {
    Raw(w, sb, "evt_type");
    w.Uint(ev.evt_type);
  }
  Raw(w, sb, "process_id");
  w.Uint(ev.process_id);
  Raw(w, sb, "thread_id");
  w.Uint(ev.thread_id);
  KeyStr(w, sb, "channel", ev.channel, false);
  KeyStr(w, sb, "computer", ev.computer, false);
  KeyStr(w, sb, "user_sid", ev.user_sid);
  KeyStr(w, sb, "level_text", ev.level_text);
  KeyStr(w, sb, "task_text", ev.task_text);
  if (!ev.message.empty()) {
    KeyStr(w, sb, "message", ev.message);
    Raw(w, sb, "message_origin");
    Raw(w, sb, ev.message_origin == MessageOrigin::kExport     ? "export"
           : ev.message_origin == MessageOrigin::kTemplate ? "template"
                                                           : "server");
  }
  Raw(w, sb, ev.data_is_user_data ? "user_data" : "data");
  w.StartArray();
  for (const Field& f : ev.data) {
    w.StartObject();
    if (!f.name.empty()) KeyStr(w, sb, "name", f.name);
    if (Utf8Ok(f.value)) {
      Raw(w, sb, "value");
      w.String(f.value.data(), static_cast<rapidjson::SizeType>(f.value.size()));
    } else {
      std::string b64;
      Base64(f.value, b64);
      Raw(w, sb, "bytes");
      w.String(b64.data(), static_cast<rapidjson::SizeType>(b64.size()));
    }
    w.EndObject();
  }
  w.EndArray();
  if (!ev.binary.empty()) {
    scratch.clear();  // reused: no allocation per record once it has grown
    Base64(std::string_view(reinterpret_cast<const char*>(ev.binary.data()), ev.binary.size()),
           scratch);
    Raw(w, sb, "binary");
    Raw(w, sb, scratch);
  }
  w.EndObject();
}

}  // namespace

std::string_view RecordWriter::Json::FileJson(std::string_view name) {
  if (name != file || file_json.empty()) {
    file.assign(name);
    rapidjson::StringBuffer b;
    JsonWriter fw(b);
    Str(fw, name);
    file_json.assign(b.GetString(), b.GetSize());
  }
  return file_json;
}

RecordWriter::RecordWriter(std::FILE* out, RecordFormat format)
    : out_(out), json_(std::make_unique<Json>()), format_(format) {}

RecordWriter::~RecordWriter() { Flush(); }

void RecordWriter::AppendJson(const Event& ev, std::string_view file, std::string& out) {
  Json j;
  WriteJson(j.w, j.sb, j.scratch, ev, j.FileJson(file));
  out.append(j.sb.GetString(), j.sb.GetSize());
}

void RecordWriter::AppendXml(const Event& ev, std::string& out) {
  if (!ev.xml.empty()) {
    out.append(ev.xml);
    return;
  }
  auto attr = [&out](const char* name, std::string_view v) {
    if (v.empty()) return;
    out += ' ';
    out += name;
    out += "=\"";
    Escape(v, out, true);
    out += '"';
  };
  auto elem = [&out](const char* name, std::string_view v) {
    fmt::format_to(std::back_inserter(out), "<{}>", name);
    Escape(v, out, false);
    fmt::format_to(std::back_inserter(out), "</{}>", name);
  };
  out += "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><Provider";
  attr("Name", ev.provider);
  attr("Guid", ev.provider_guid);
  attr("EventSourceName", ev.event_source);
  out += "/><EventID";
  if (ev.has_qualifiers) fmt::format_to(std::back_inserter(out), " Qualifiers=\"{}\"", ev.qualifiers);
  fmt::format_to(std::back_inserter(out),
                 ">{}</EventID><Version>{}</Version><Level>{}</Level><Task>{}</Task>"
                 "<Opcode>{}</Opcode><Keywords>0x{:x}</Keywords>",
                 ev.event_id, ev.version, ev.level, ev.task, ev.opcode, ev.keywords);
  out += "<TimeCreated";
  if (ev.time_created != kNoTime) attr("SystemTime", FormatIso8601(ev.time_created));
  fmt::format_to(std::back_inserter(out),
                 "/><EventRecordID>{}</EventRecordID><Execution ProcessID=\"{}\" "
                 "ThreadID=\"{}\"/>",
                 ev.record_id, ev.process_id, ev.thread_id);
  elem("Channel", ev.channel);
  elem("Computer", ev.computer);
  out += "<Security";
  attr("UserID", ev.user_sid);
  out += "/></System>";
  if (ev.data_is_user_data) {
    out += "<UserData><EventXML>";
    for (const Field& f : ev.data) {
      const std::string_view name = f.name.empty() ? std::string_view("Data") : f.name;
      out += '<';
      out += name;
      out += '>';
      Escape(f.value, out, false);
      out += "</";
      out += name;
      out += '>';
    }
    out += "</EventXML></UserData>";
  } else {
    out += "<EventData>";
    for (const Field& f : ev.data) {
      out += "<Data";
      attr("Name", f.name);
      out += '>';
      Escape(f.value, out, false);
      out += "</Data>";
    }
    if (!ev.binary.empty()) {
      out += "<Binary>";
      for (std::byte b : ev.binary) {
        fmt::format_to(std::back_inserter(out), "{:02X}", std::to_integer<unsigned>(b));
      }
      out += "</Binary>";
    }
    out += "</EventData>";
  }
  if (!ev.message.empty() || !ev.level_text.empty() || !ev.task_text.empty()) {
    out += "<RenderingInfo Culture=\"\">";
    // Say where a message logrx rendered came from: it is not the one the host wrote.
    if (ev.message_origin == MessageOrigin::kTemplate) {
      out += "<!-- Message rendered by logrx from kb/messages -->";
    } else if (ev.message_origin == MessageOrigin::kServer) {
      out += "<!-- Message rendered by logrx from the server's message files -->";
    }
    if (!ev.message.empty()) elem("Message", ev.message);
    if (!ev.level_text.empty()) elem("Level", ev.level_text);
    if (!ev.task_text.empty()) elem("Task", ev.task_text);
    out += "</RenderingInfo>";
  }
  out += "</Event>";
}

void RecordWriter::Begin() {
  if (format_ == RecordFormat::kXml) {
    buf_ += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n";
  }
}

void RecordWriter::Write(const Event& ev, std::string_view file) {
  if (format_ == RecordFormat::kJsonl) {
    json_->w.Reset(json_->sb);
    WriteJson(json_->w, json_->sb, json_->scratch, ev, json_->FileJson(file));
    json_->sb.Put('\n');
    if (json_->sb.GetSize() >= kFlushAt) Flush();
    return;
  } else {
    if (ev.integrity != Integrity::kOk) {
      fmt::format_to(std::back_inserter(buf_), "<!-- record {} at offset {}: {} -->\n",
                     ev.record_id, ev.where.offset, IntegrityName(ev.integrity));
    }
    AppendXml(ev, buf_);
  }
  buf_.push_back('\n');
  if (buf_.size() >= kFlushAt) Flush();
}

void RecordWriter::End() {
  if (format_ == RecordFormat::kXml) buf_ += "</Events>\n";
  Flush();
}

void RecordWriter::Flush() {
  const size_t jn = json_->sb.GetSize();
  if (jn != 0) {
    if (ok_ && std::fwrite(json_->sb.GetString(), 1, jn, out_) != jn) ok_ = false;
    json_->sb.Clear();  // keeps capacity
  }
  const size_t xn = buf_.size();
  if (xn != 0) {
    if (ok_ && std::fwrite(buf_.data(), 1, xn, out_) != xn) ok_ = false;
    buf_.clear();
  }
  if (ok_ && (jn != 0 || xn != 0) && std::fflush(out_) != 0) ok_ = false;
}

}  // namespace logrx::report
