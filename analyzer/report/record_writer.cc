#include "report/record_writer.h"

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

// Bytes a JSON string must escape: '"', '\\' and C0 controls. The short forms JSON has
// (\b \t \n \f \r) are used for those five controls, \u00XX (upper-case hex) for the
// other controls; everything else, DEL and UTF-8 sequences included, is copied.
struct JsonEscapes {
  char code[256] = {};  // 0: copy; 'u': \u00XX; else the letter after the backslash
  constexpr JsonEscapes() {
    for (int c = 0; c < 0x20; ++c) code[c] = 'u';
    code[0x08] = 'b';
    code[0x09] = 't';
    code[0x0A] = 'n';
    code[0x0C] = 'f';
    code[0x0D] = 'r';
    code[static_cast<unsigned char>('"')] = '"';
    code[static_cast<unsigned char>('\\')] = '\\';
  }
};
constexpr JsonEscapes kJsonEscapes;

// True when one of the 8 bytes of `w` is a C0 control, '"' or '\\' (may also say true
// for a word without one: the caller then looks byte by byte).
constexpr bool WordNeedsEscape(uint64_t w) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const uint64_t quote = w ^ (kOnes * '"');
  const uint64_t backslash = w ^ (kOnes * '\\');
  const uint64_t below_space = (w - kOnes * 0x20) & ~w;
  const uint64_t is_quote = (quote - kOnes) & ~quote;
  const uint64_t is_backslash = (backslash - kOnes) & ~backslash;
  return ((below_space | is_quote | is_backslash) & kHigh) != 0;
}

// Appends `s` as a quoted JSON string, or returns false (and leaves `out` as it was) when
// `s` is not UTF-8. Text is copied eight bytes at a time while a word-at-a-time scan finds
// nothing to escape; UTF-8 is checked once, when the first byte above 0x7F shows up.
bool AppendJsonString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const size_t start = out.size();
  out.resize(start + 6 * s.size() + 2);  // worst case: every byte as \u00XX
  char* w = out.data() + start;
  *w++ = '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  bool utf8_checked = false;
  while (p < end) {
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (!WordNeedsEscape(word) && (utf8_checked || (word & kHigh) == 0)) {
        std::memcpy(w, p, 8);
        w += 8;
        p += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(*p++);
    if (c >= 0x80 && !utf8_checked) {
      if (!IsValidUtf8(s)) {
        out.resize(start);
        return false;
      }
      utf8_checked = true;
    }
    const char e = kJsonEscapes.code[c];
    if (e == 0) {
      *w++ = static_cast<char>(c);
    } else if (e == 'u') {
      const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      std::memcpy(w, u, 6);
      w += 6;
    } else {
      w[0] = '\\';
      w[1] = e;
      w += 2;
    }
  }
  *w++ = '"';
  out.resize(static_cast<size_t>(w - out.data()));
  return true;
}

// One JSON object being written straight into the output buffer: keys and separators are
// our own ASCII, so only event text goes through the escaper.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_.push_back('{'); }
  void End() { out_.push_back('}'); }

  // ,"key": (no comma first); the caller appends the value. `key` is our own ASCII.
  std::string& Key(std::string_view key) {
    char b[32];
    size_t n = 0;
    if (!first_) b[n++] = ',';
    first_ = false;
    b[n++] = '"';
    if (key.size() <= sizeof(b) - 4) {
      std::memcpy(b + n, key.data(), key.size());
      n += key.size();
      b[n++] = '"';
      b[n++] = ':';
      out_.append(b, n);
    } else {
      out_.append(b, n);
      out_.append(key);
      out_.append("\":", 2);
    }
    return out_;
  }
  void Uint(std::string_view key, uint64_t v) {
    Key(key);
    char b[20];
    const auto r = std::to_chars(b, b + sizeof(b), v);
    out_.append(b, static_cast<size_t>(r.ptr - b));
  }
  // A value of our own (enum names, times, hex, base64): quoted, nothing to escape.
  void Raw(std::string_view key, std::string_view v) {
    Key(key);
    out_.push_back('"');
    out_.append(v);
    out_.push_back('"');
  }
  // Event text: escaped, or {"bytes":"<base64>"} when it is not UTF-8.
  void Text(std::string_view key, std::string_view v, bool skip_empty = true) {
    if (skip_empty && v.empty()) return;
    Key(key);
    AppendText(v, out_);
  }
  // "value":"<text>", or "bytes":"<base64>" when the text is not UTF-8.
  void ValueOrBytes(std::string_view v) {
    const size_t mark = out_.size();
    const bool first = first_;
    if (AppendJsonString(v, Key("value"))) return;
    out_.resize(mark);
    first_ = first;
    Key("bytes").push_back('"');
    Base64(v, out_);
    out_.push_back('"');
  }
  static void AppendText(std::string_view v, std::string& out) {
    if (AppendJsonString(v, out)) return;
    out.append("{\"bytes\":\"");
    Base64(v, out);
    out.append("\"}");
  }

 private:
  std::string& out_;
  bool first_ = true;
};

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
  std::string scratch;
  std::string file;       // the last file name written
  std::string file_json;  // it as a JSON value, escaped once per file, not once per record

  std::string_view FileJson(std::string_view name) {
    if (name != file || file_json.empty()) {
      file.assign(name);
      file_json.clear();
      JsonObject::AppendText(name, file_json);
    }
    return file_json;
  }
};

namespace {

void WriteJson(std::string& out, std::string& scratch, const Event& ev,
               std::string_view file_json) {
  JsonObject o(out);
  o.Key("file").append(file_json);  // escaped once per file
  o.Raw("format", InputFormatName(ev.format));
  o.Uint("record_id", ev.record_id);
  if (ev.time_created != kNoTime) {
    scratch.clear();
    readers::AppendFiletimeIso8601(ev.time_created, scratch);
    o.Raw("time", scratch);
  }
  if (ev.time_written != kNoTime) {
    scratch.clear();
    readers::AppendFiletimeIso8601(ev.time_written, scratch);
    o.Raw("time_written", scratch);
  }
  if (ev.where.offset != kNoOffset) o.Uint("offset", ev.where.offset);
  if (ev.where.line != 0) o.Uint("line", ev.where.line);
  o.Raw("integrity", IntegrityName(ev.integrity));
  o.Text("provider", ev.provider, false);
  o.Text("provider_guid", ev.provider_guid);
  o.Text("event_source", ev.event_source);
  o.Uint("event_id", ev.event_id);
  if (ev.has_qualifiers) o.Uint("qualifiers", ev.qualifiers);
  o.Uint("version", ev.version);
  o.Uint("level", ev.level);
  o.Uint("task", ev.task);
  o.Uint("opcode", ev.opcode);
  char kw[20] = {'0', 'x'};
  const auto kr = std::to_chars(kw + 2, kw + sizeof(kw), ev.keywords, 16);
  o.Raw("keywords", std::string_view(kw, static_cast<size_t>(kr.ptr - kw)));
  if (ev.evt_type != 0) o.Uint("evt_type", ev.evt_type);
  o.Uint("process_id", ev.process_id);
  o.Uint("thread_id", ev.thread_id);
  o.Text("channel", ev.channel, false);
  o.Text("computer", ev.computer, false);
  o.Text("user_sid", ev.user_sid);
  o.Text("level_text", ev.level_text);
  o.Text("task_text", ev.task_text);
  if (!ev.message.empty()) {
    o.Text("message", ev.message);
    o.Raw("message_origin", ev.message_origin == MessageOrigin::kExport     ? "export"
                            : ev.message_origin == MessageOrigin::kTemplate ? "template"
                                                                            : "server");
  }
  o.Key(ev.data_is_user_data ? "user_data" : "data").push_back('[');
  bool first = true;
  for (const Field& f : ev.data) {
    if (!first) out.push_back(',');
    first = false;
    JsonObject field(out);
    if (!f.name.empty()) field.Text("name", f.name);
    field.ValueOrBytes(f.value);
    field.End();
  }
  out.push_back(']');
  if (!ev.binary.empty()) {
    scratch.clear();  // reused: no allocation per record once it has grown
    Base64(std::string_view(reinterpret_cast<const char*>(ev.binary.data()), ev.binary.size()),
           scratch);
    o.Raw("binary", scratch);
  }
  o.End();
}

}  // namespace

RecordWriter::RecordWriter(std::FILE* out, RecordFormat format)
    : out_(out), json_(std::make_unique<Json>()), format_(format) {}

RecordWriter::~RecordWriter() { Flush(); }

void RecordWriter::AppendJson(const Event& ev, std::string_view file, std::string& out) {
  Json j;
  WriteJson(out, j.scratch, ev, j.FileJson(file));
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
    WriteJson(buf_, json_->scratch, ev, json_->FileJson(file));
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
  const size_t n = buf_.size();
  if (n == 0) return;
  if (ok_ && std::fwrite(buf_.data(), 1, n, out_) != n) ok_ = false;
  buf_.clear();  // keeps capacity
  if (ok_ && std::fflush(out_) != 0) ok_ = false;
}

}  // namespace logrx::report
