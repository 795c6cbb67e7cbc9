// Event Viewer text/CSV exports. The whole file is decoded to UTF-8 and split into rows
// when opened; Next() turns one row into an Event. docs/formats/text-export.md.
#include "readers/text/text_export_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/input_file.h"
#include "core/time.h"
#include "core/utf16.h"
#include "core/windows_ansi.h"
#include "readers/message_renderer.h"
#include "readers/reader_factories_internal.h"
#include "readers/size_check.h"

namespace logrx::readers {
namespace {

enum class Col : uint8_t {
  kDate, kTime, kType, kUser, kComputer, kSource, kCategory, kEvent, kDescription, kIgnore,
  kDateTime,  // Vista+ "Date and Time": "4/15/2023 10:00:00 AM" in one cell
};

// The date (before the first space) and the time of a "Date and Time" cell.
std::pair<std::string_view, std::string_view> SplitDateTime(std::string_view v) noexcept {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  const size_t sp = v.find(' ');
  if (sp == std::string_view::npos) return {v, std::string_view()};
  return {v.substr(0, sp), v.substr(sp + 1)};
}

// Headerless orders (docs/formats/text-export.md): Event Viewer's own list order, and the
// order some tools and later exports use.
constexpr std::array<Col, 9> kOrderViewer = {Col::kDate,     Col::kTime,  Col::kSource,
                                             Col::kType,     Col::kCategory, Col::kEvent,
                                             Col::kUser,     Col::kComputer, Col::kDescription};
constexpr std::array<Col, 9> kOrderTypeFirst = {Col::kDate,   Col::kTime,     Col::kType,
                                                Col::kUser,   Col::kComputer, Col::kSource,
                                                Col::kCategory, Col::kEvent,  Col::kDescription};

bool IEquals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::optional<Col> HeaderColumn(std::string_view name) noexcept {
  name = Trim(name);
  if (IEquals(name, "Date")) return Col::kDate;
  if (IEquals(name, "Date and Time")) return Col::kDateTime;
  if (IEquals(name, "Time")) return Col::kTime;
  if (IEquals(name, "Type") || IEquals(name, "Event Type") || IEquals(name, "Level")) return Col::kType;
  if (IEquals(name, "User") || IEquals(name, "User Name")) return Col::kUser;
  if (IEquals(name, "Computer") || IEquals(name, "Computer Name")) return Col::kComputer;
  if (IEquals(name, "Source")) return Col::kSource;
  if (IEquals(name, "Category") || IEquals(name, "Task Category")) return Col::kCategory;
  if (IEquals(name, "Event") || IEquals(name, "Event ID") || IEquals(name, "EventID") || IEquals(name, "ID")) return Col::kEvent;
  if (IEquals(name, "Description") || IEquals(name, "Message")) return Col::kDescription;
  return std::nullopt;
}

// EVT event type and level for a "Type" cell; false when it is not a type word.
bool ParseType(std::string_view s, uint16_t& evt_type, uint8_t& level) noexcept {
  s = Trim(s);
  if (IEquals(s, "Error")) { evt_type = 1; level = 2; return true; }
  if (IEquals(s, "Warning")) { evt_type = 2; level = 3; return true; }
  if (IEquals(s, "Critical")) { evt_type = 1; level = 1; return true; }  // Vista+ levels
  if (IEquals(s, "Verbose")) { evt_type = 4; level = 5; return true; }
  if (IEquals(s, "Information") || IEquals(s, "Informational")) { evt_type = 4; level = 4; return true; }
  if (IEquals(s, "Success")) { evt_type = 0; level = 4; return true; }
  if (IEquals(s, "Success Audit") || IEquals(s, "Audit Success")) { evt_type = 8; level = 0; return true; }
  if (IEquals(s, "Failure Audit") || IEquals(s, "Audit Failure")) { evt_type = 16; level = 0; return true; }
  return false;
}

bool ParseUint(std::string_view s, uint64_t& out) noexcept {
  s = Trim(s);
  if (s.empty() || s.size() > 12) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

struct DateParts {
  int a = 0, b = 0, y = 0;
  char sep = 0;
  bool year_first = false;
};

// "2/15/1999", "15.02.99", "1999-02-15": three numbers and the separator.
bool SplitDate(std::string_view s, DateParts& d) noexcept {
  s = Trim(s);
  int v[3] = {0, 0, 0};
  size_t digits[3] = {0, 0, 0};
  int k = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (digits[k] >= 4) return false;
      v[k] = v[k] * 10 + (c - '0');
      ++digits[k];
    } else if ((c == '/' || c == '.' || c == '-') && k < 2 && digits[k] > 0) {
      if (d.sep != 0 && d.sep != c) return false;
      d.sep = c;
      ++k;
    } else {
      return false;
    }
  }
  if (k != 2 || digits[2] == 0) return false;
  if (digits[0] == 4) {
    d.year_first = true;
    d.y = v[0];
    d.a = v[1];
    d.b = v[2];
  } else {
    d.a = v[0];
    d.b = v[1];
    d.y = v[2];
    if (digits[2] <= 2) d.y += d.y < 70 ? 2000 : 1900;  // NT 4.0 wrote two-digit years
  }
  return true;
}

// "7:51:24 AM", "19:51:24", "7:51 PM" -> seconds of the day.
bool ParseTimeOfDay(std::string_view s, int& secs) noexcept {
  s = Trim(s);
  int ampm = 0;
  auto ends_with = [&](std::string_view suffix) {
    return s.size() >= suffix.size() && IEquals(s.substr(s.size() - suffix.size()), suffix);
  };
  if (ends_with("AM") || ends_with("PM")) {
    ampm = ends_with("AM") ? 1 : 2;
    s = Trim(s.substr(0, s.size() - 2));
  }
  int v[3] = {0, 0, 0};
  int k = 0;
  size_t digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (++digits > 2) return false;
      v[k] = v[k] * 10 + (c - '0');
    } else if (c == ':' && k < 2 && digits > 0) {
      ++k;
      digits = 0;
    } else {
      return false;
    }
  }
  if (k < 1 || digits == 0 || v[1] > 59 || v[2] > 59) return false;
  if (ampm != 0) {
    if (v[0] < 1 || v[0] > 12) return false;
    if (v[0] == 12) v[0] = 0;
    if (ampm == 2) v[0] += 12;
  } else if (v[0] > 23) {
    return false;
  }
  secs = v[0] * 3600 + v[1] * 60 + v[2];
  return true;
}

// Decodes the file to UTF-8: BOM-marked UTF-16LE/BE or UTF-8, else UTF-8 if valid, else
// Windows-1252 (an ANSI export).
std::string DecodeText(const std::vector<std::byte>& b) {
  auto at = [&](size_t i) { return std::to_integer<uint8_t>(b[i]); };
  std::string out;
  if (b.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) {
    AppendUtf16LeAsUtf8(b.data() + 2, (b.size() - 2) / 2, out);
  } else if (b.size() >= 2 && at(0) == 0xFE && at(1) == 0xFF) {
    std::vector<std::byte> swapped(b.begin() + 2, b.end() - static_cast<long>((b.size() - 2) % 2));
    for (size_t i = 0; i + 1 < swapped.size(); i += 2) std::swap(swapped[i], swapped[i + 1]);
    AppendUtf16LeAsUtf8(swapped.data(), swapped.size() / 2, out);
  } else {
    const size_t skip = b.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF ? 3 : 0;
    std::string_view s(reinterpret_cast<const char*>(b.data()) + skip, b.size() - skip);
    if (IsValidUtf8(s)) {
      out.assign(s);
    } else {
      AppendCp1252AsUtf8(std::span<const std::byte>(b).subspan(skip), out);
    }
  }
  return out;
}

struct Row {
  uint32_t line = 0;
  size_t first_field = 0;  // index into fields_
  size_t field_count = 0;
  std::string_view error;  // static text when the row could not be split
  bool stray_quote = false;  // a quote that never closed was read as text
};

class TextExportReader final : public EventReader {
 public:
  TextExportReader(std::vector<std::byte> bytes, const ReaderOptions& options, DiagnosticSink& sink)
      : options_(options), sink_(sink), size_(bytes.size()) {
    text_ = DecodeText(bytes);
    Split();
    Prepare();
  }
  Status Next(Event& out) override;
  InputFormat format() const noexcept override { return InputFormat::kText; }
  uint64_t bytes_consumed() const noexcept override {
    return rows_.empty() ? size_ : size_ * next_row_ / rows_.size();
  }

 private:
  void Split();
  void Prepare();
  void Report(Severity s, uint32_t line, std::string what, uint64_t records_dropped = 0) {
    Diagnostic d;
    d.records_dropped = records_dropped;
    d.severity = s;
    d.file = options_.display_path;
    d.line = line;
    d.structure = "text export";
    d.what = std::move(what);
    sink_.Report(d);
  }
  std::string_view Field(const Row& r, size_t i) const {
    const auto [off, len] = fields_[r.first_field + i];
    return std::string_view(storage_).substr(off, len);
  }
  bool RowToEvent(const Row& r, Event& out, std::string& why);

  ReaderOptions options_;
  DiagnosticSink& sink_;
  uint64_t size_;
  std::string text_;
  std::string storage_;                            // unquoted field text
  std::vector<std::pair<size_t, size_t>> fields_;  // (offset, length) in storage_
  std::vector<Row> rows_;
  char delim_ = '\t';
  std::vector<Col> header_;  // empty: headerless
  bool day_first_ = false;
  bool year_first_ = false;
  size_t next_row_ = 0;
  std::vector<std::string> inserts_;
  std::vector<logrx::Field> event_fields_;
  std::string description_;
};

void TextExportReader::Split() {
  // Tab-separated unless the first line has no tab but a comma.
  const std::string_view first_line = std::string_view(text_).substr(0, text_.find('\n'));
  delim_ = first_line.find('\t') == std::string_view::npos &&
                   first_line.find(',') != std::string_view::npos
               ? ','
               : '\t';
  storage_.reserve(text_.size());  // fields are never longer than the text they come from
  uint32_t line = 1;
  size_t i = 0;
  const size_t n = text_.size();
  while (i < n) {
    Row row;
    row.line = line;
    row.first_field = fields_.size();
    bool end_of_row = false;
    while (!end_of_row) {
      const size_t start = storage_.size();
      const size_t quote_at = i;
      const uint32_t quote_line = line;
      if (i < n && text_[i] == '"') {
        // Quoted field (RFC 4180): "" is a quote; newlines are part of the value.
        ++i;
        bool closed = false;
        while (i < n) {
          const char c = text_[i];
          if (c == '"') {
            if (i + 1 < n && text_[i + 1] == '"') {
              storage_.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          if (!(c == '\r' && i + 1 < n && text_[i + 1] == '\n')) storage_.push_back(c);
          ++i;
        }
        if (!closed) {
          // A stray quote: the field would swallow the rest of the file. Recover at the
          // line: the quote is text and the field ends at the next separator or newline.
          storage_.resize(start);
          i = quote_at;
          line = quote_line;
          row.stray_quote = true;
          while (i < n && text_[i] != delim_ && text_[i] != '\n') {
            if (text_[i] != '\r') storage_.push_back(text_[i]);
            ++i;
          }
        }
        // Anything between the closing quote and the delimiter is kept as text.
        while (i < n && text_[i] != delim_ && text_[i] != '\n') {
          if (text_[i] != '\r') storage_.push_back(text_[i]);
          ++i;
        }
      } else {
        while (i < n && text_[i] != delim_ && text_[i] != '\n') {
          if (text_[i] != '\r') storage_.push_back(text_[i]);
          ++i;
        }
      }
      fields_.emplace_back(start, storage_.size() - start);
      if (i >= n) {
        end_of_row = true;
      } else if (text_[i] == delim_) {
        ++i;
      } else {  // '\n'
        ++i;
        ++line;
        end_of_row = true;
      }
    }
    row.field_count = fields_.size() - row.first_field;
    const bool blank = row.field_count == 1 && fields_.back().second == 0;
    if (!blank) rows_.push_back(row);
  }
}

void TextExportReader::Prepare() {
  if (!rows_.empty()) {
    const Row& r = rows_.front();
    std::vector<Col> cols;
    bool has_date = false, has_event = false;
    for (size_t i = 0; i < r.field_count; ++i) {
      const std::optional<Col> c = HeaderColumn(Field(r, i));
      cols.push_back(c.value_or(Col::kIgnore));
      has_date |= c == Col::kDate || c == Col::kDateTime;
      has_event |= c == Col::kEvent || c == Col::kSource;
    }
    if (has_date && has_event) {
      // Vista+ "Save All Events As" names five columns; the description follows unnamed.
      if (std::find(cols.begin(), cols.end(), Col::kDescription) == cols.end()) {
        cols.push_back(Col::kDescription);
      }
      header_ = std::move(cols);
      next_row_ = 1;
    }
  }
  // The date order is decided once per file: a first number above 12 means D/M, a second
  // number above 12 means M/D; neither: M/D (Event Viewer's en-US default). '.' is D.M.Y.
  bool saw_day_first = false, saw_month_first = false, saw_dot = false;
  for (size_t k = next_row_; k < rows_.size(); ++k) {
    const Row& r = rows_[k];
    for (size_t i = 0; i < r.field_count && i < 2; ++i) {
      DateParts d;
      if (!SplitDate(SplitDateTime(Field(r, i)).first, d)) continue;
      if (d.year_first) { year_first_ = true; break; }
      if (d.sep == '.') saw_dot = true;
      if (d.a > 12) saw_day_first = true;
      if (d.b > 12) saw_month_first = true;
      break;
    }
  }
  day_first_ = saw_dot || (saw_day_first && !saw_month_first);
  if (saw_day_first && saw_month_first) {
    Report(Severity::kWarning, 0,
           "dates have days above 12 in both the first and the second place; reading them as "
           "M/D/Y, and lines that do not fit are skipped");
  }
  if (rows_.size() > next_row_) {
    Report(Severity::kNote, 0,
           fmt::format("times in a text export are local to the exporting machine; they are read "
                       "as UTC (dates as {})",
                       year_first_ ? "Y-M-D" : day_first_ ? "D/M/Y" : "M/D/Y"));
  }
}

bool TextExportReader::RowToEvent(const Row& r, Event& out, std::string& why) {
  if (!r.error.empty()) {
    why = std::string(r.error);
    return false;
  }
  const Col* order = nullptr;
  size_t columns = 0;
  if (!header_.empty()) {
    order = header_.data();
    columns = header_.size();
  } else {
    uint16_t t = 0;
    uint8_t l = 0;
    if (r.field_count >= 4 && ParseType(Field(r, 3), t, l)) {
      order = kOrderViewer.data();
    } else if (r.field_count >= 3 && ParseType(Field(r, 2), t, l)) {
      order = kOrderTypeFirst.data();
    } else {
      why = "no header line and no event type (Error, Warning, Information, ...) in field 3 or 4";
      return false;
    }
    columns = kOrderViewer.size();
  }
  if (r.field_count < columns - 1) {  // the Description may be missing altogether
    why = fmt::format("{} fields, expected {}", r.field_count, columns);
    return false;
  }
  std::string_view date, time, type, user, computer, source, category, event;
  description_.clear();
  for (size_t i = 0; i < r.field_count; ++i) {
    const Col c = i < columns ? order[i] : order[columns - 1];
    const std::string_view v = Field(r, i);
    switch (c) {
      case Col::kDate: date = v; break;
      case Col::kTime: time = v; break;
      case Col::kDateTime: std::tie(date, time) = SplitDateTime(v); break;
      case Col::kType: type = v; break;
      case Col::kUser: user = Trim(v); break;
      case Col::kComputer: computer = Trim(v); break;
      case Col::kSource: source = Trim(v); break;
      case Col::kCategory: category = Trim(v); break;
      case Col::kEvent: event = v; break;
      case Col::kDescription:
        // An unquoted description may itself contain the delimiter: the rest of the row.
        if (i >= columns) description_.push_back(delim_);
        description_.append(v);
        break;
      case Col::kIgnore: break;
    }
  }
  DateParts d;
  if (!SplitDate(date, d)) {
    why = fmt::format("'{}' is not a date", date.substr(0, 40));
    return false;
  }
  int year = d.y, month = d.a, day = d.b;
  if (d.year_first) {
    month = d.a;
    day = d.b;
  } else if (day_first_) {
    month = d.b;
    day = d.a;
  }
  int secs = 0;
  if (!ParseTimeOfDay(time, secs)) {
    why = fmt::format("'{}' is not a time of day", time.substr(0, 40));
    return false;
  }
  CivilTime ct;
  ct.year = year;
  ct.month = month;
  ct.day = day;
  ct.hour = secs / 3600;
  ct.minute = secs / 60 % 60;
  ct.second = secs % 60;
  int64_t ft = 0;
  if (!FiletimeFromCivil(ct, ft)) {
    why = fmt::format("'{}' is not a valid {} date", Trim(date).substr(0, 40),
                      day_first_ ? "D/M/Y" : "M/D/Y");
    return false;
  }
  uint64_t id = 0;
  if (!ParseUint(event, id) || id > 0xFFFFFFFFu) {
    why = fmt::format("event id '{}' is not a number", Trim(event).substr(0, 40));
    return false;
  }
  out = Event();
  out.format = InputFormat::kText;
  out.where.file_id = options_.file_id;
  out.where.line = r.line;
  out.time_created = ft;
  out.event_id = static_cast<uint16_t>(id & 0xFFFF);
  if (id > 0xFFFF) {  // a full 32-bit identifier: keep its qualifier bits
    out.qualifiers = static_cast<uint16_t>(id >> 16);
    out.has_qualifiers = true;
  }
  if (!type.empty() && !ParseType(type, out.evt_type, out.level)) {
    why = fmt::format("'{}' is not an event type", Trim(type).substr(0, 40));
    return false;
  }
  out.level_text = Trim(type);
  out.provider = source;
  out.computer = computer;
  // The user column holds an account name ("NT AUTHORITY\SYSTEM") or N/A; only a SID
  // string fits Event::user_sid.
  if (user.size() > 2 && (user[0] == 'S' || user[0] == 's') && user[1] == '-') out.user_sid = user;
  out.task_text = category;
  uint64_t cat = 0;
  std::string_view cat_num = category;
  if (cat_num.size() > 2 && cat_num.front() == '(' && cat_num.back() == ')') {
    cat_num = cat_num.substr(1, cat_num.size() - 2);  // "(64)": a category without a name
  }
  if (ParseUint(cat_num, cat) && cat <= 0xFFFF) out.task = static_cast<uint16_t>(cat);
  const std::string_view message = Trim(description_);
  out.message = message;
  out.message_origin = message.empty() ? MessageOrigin::kNone : MessageOrigin::kExport;
  event_fields_.clear();
  if (options_.messages != nullptr && !message.empty() &&
      options_.messages->ExtractInserts(out, message, inserts_)) {
    for (const std::string& s : inserts_) event_fields_.push_back(logrx::Field{{}, s});
  }
  out.data = event_fields_;
  if (message.empty() && options_.messages != nullptr) {
    // Nothing to render from: an export without descriptions keeps no message.
  }
  return true;
}

Status TextExportReader::Next(Event& out) {
  std::string why;
  while (next_row_ < rows_.size()) {
    const Row& r = rows_[next_row_++];
    if (r.stray_quote) {
      Report(Severity::kWarning, r.line,
             "a field opens with a quote that never closes; the quote is read as text and "
             "the row ends at this line");
    }
    if (RowToEvent(r, out, why)) return Status();
    Report(Severity::kError, r.line, why + "; line skipped", 1);
  }
  return Status::EndOfInput();
}

}  // namespace

Result<std::unique_ptr<EventReader>> NewTextExportReaderFromBytes(std::vector<std::byte> bytes,
                                                                  const ReaderOptions& options,
                                                                  DiagnosticSink& sink) {
  if (bytes.size() > kTextExportMaxFileSize) {
    return Status::Limit(fmt::format("{}: {} bytes is larger than the text export limit of {} bytes",
                                     options.display_path, bytes.size(), kTextExportMaxFileSize));
  }
  return std::unique_ptr<EventReader>(new TextExportReader(std::move(bytes), options, sink));
}

Result<std::unique_ptr<EventReader>> NewTextExportReader(InputFile file,
                                                         const ReaderOptions& options,
                                                         DiagnosticSink& sink) {
  if (file.size() > kTextExportMaxFileSize) {
    return Status::Limit(fmt::format("{}: {} bytes is larger than the text export limit of {} bytes",
                                     options.display_path, file.size(), kTextExportMaxFileSize));
  }
  std::vector<std::byte> bytes(file.size());
  Result<size_t> got = file.ReadAt(0, bytes);
  if (!got.ok()) return got.status();
  bytes.resize(*got);
  ReportSizeChange(file, *got, options, sink);
  return NewTextExportReaderFromBytes(std::move(bytes), options, sink);
}

bool LooksLikeTextExport(std::span<const std::byte> head) noexcept {
  // Decode up to the first line break, ASCII only (enough for a header or a date).
  std::string line;
  size_t i = 0;
  size_t step = 1;
  auto at = [&](size_t k) { return std::to_integer<uint8_t>(head[k]); };
  if (head.size() >= 2 && at(0) == 0xFF && at(1) == 0xFE) {
    i = 2;
    step = 2;
  } else if (head.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    i = 3;
  }
  for (; i < head.size() && line.size() < 400; i += step) {
    const auto c = static_cast<char>(at(i));
    if (c == '\n' || c == '\r') break;
    line.push_back(c);
  }
  const char delim = line.find('\t') != std::string::npos ? '\t' : ',';
  std::vector<std::string_view> fields;
  std::string_view rest(line);
  while (true) {
    const size_t p = rest.find(delim);
    fields.push_back(Trim(rest.substr(0, p)));
    if (p == std::string_view::npos) break;
    rest.remove_prefix(p + 1);
  }
  bool has_date = false, has_event = false;
  for (std::string_view f : fields) {
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
    const std::optional<Col> c = HeaderColumn(f);
    has_date |= c == Col::kDate || c == Col::kDateTime;
    has_event |= c == Col::kEvent || c == Col::kSource;
  }
  if (has_date && has_event) return true;
  DateParts d;
  std::string_view first = fields.empty() ? std::string_view() : fields[0];
  if (first.size() >= 2 && first.front() == '"' && first.back() == '"') first = first.substr(1, first.size() - 2);
  return fields.size() >= 8 && SplitDate(first, d);
}

}  // namespace logrx::readers
