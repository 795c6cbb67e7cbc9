// Event Viewer text/CSV exports. The whole file is decoded to UTF-8 and split into rows
// when opened; Next() turns one row into an Event. docs/formats/text-export.md.
#include "readers/text/text_export_reader.h"

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/csv_reader.h"
#include "core/input_file.h"
#include "core/numbers.h"
#include "core/strings.h"
#include "core/time.h"
#include "core/windows_text.h"
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

std::optional<Col> HeaderColumn(std::string_view name) noexcept {
  name = Trim(name);
  if (EqualsNoCase(name, "Date")) return Col::kDate;
  if (EqualsNoCase(name, "Date and Time")) return Col::kDateTime;
  if (EqualsNoCase(name, "Time")) return Col::kTime;
  if (EqualsNoCase(name, "Type") || EqualsNoCase(name, "Event Type") || EqualsNoCase(name, "Level")) return Col::kType;
  if (EqualsNoCase(name, "User") || EqualsNoCase(name, "User Name")) return Col::kUser;
  if (EqualsNoCase(name, "Computer") || EqualsNoCase(name, "Computer Name")) return Col::kComputer;
  if (EqualsNoCase(name, "Source")) return Col::kSource;
  if (EqualsNoCase(name, "Category") || EqualsNoCase(name, "Task Category")) return Col::kCategory;
  if (EqualsNoCase(name, "Event") || EqualsNoCase(name, "Event ID") || EqualsNoCase(name, "EventID") || EqualsNoCase(name, "ID")) return Col::kEvent;
  if (EqualsNoCase(name, "Description") || EqualsNoCase(name, "Message")) return Col::kDescription;
  return std::nullopt;
}

// EVT event type and level for a "Type" cell; false when it is not a type word.
bool ParseType(std::string_view s, uint16_t& evt_type, uint8_t& level) noexcept {
  s = Trim(s);
  if (EqualsNoCase(s, "Error")) { evt_type = 1; level = 2; return true; }
  if (EqualsNoCase(s, "Warning")) { evt_type = 2; level = 3; return true; }
  if (EqualsNoCase(s, "Critical")) { evt_type = 1; level = 1; return true; }  // Vista+ levels
  if (EqualsNoCase(s, "Verbose")) { evt_type = 4; level = 5; return true; }
  if (EqualsNoCase(s, "Information") || EqualsNoCase(s, "Informational")) { evt_type = 4; level = 4; return true; }
  if (EqualsNoCase(s, "Success")) { evt_type = 0; level = 4; return true; }
  if (EqualsNoCase(s, "Success Audit") || EqualsNoCase(s, "Audit Success")) { evt_type = 8; level = 0; return true; }
  if (EqualsNoCase(s, "Failure Audit") || EqualsNoCase(s, "Audit Failure")) { evt_type = 16; level = 0; return true; }
  return false;
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
  if (EndsWithNoCase(s, "AM") || EndsWithNoCase(s, "PM")) {
    ampm = EndsWithNoCase(s, "AM") ? 1 : 2;
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

struct Row {
  uint32_t line = 0;
  size_t first_field = 0;  // index into fields_
  size_t field_count = 0;
  Status split;            // kCorrupt: why CsvReader could not split the row
  bool stray_quote = false;  // a quote that never closed was read as text
};

class TextExportReader final : public EventReader {
 public:
  TextExportReader(const std::vector<std::byte>& bytes, const ReaderOptions& options,
                   DiagnosticSink& sink)
      : options_(options), sink_(sink), size_(bytes.size()) {
    text_ = DecodeWindowsText(bytes).text;
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
  // The row's cells, views into storage_ (the description goes to description_).
  struct Cells {
    std::string_view date, time, type, user, computer, source, category, event;
  };
  // kCorrupt (message only: the caller adds the line) when the row is not an event.
  Status RowToEvent(const Row& r, Event& out);
  Status ColumnOrder(const Row& r, const Col*& order, size_t& columns) const;
  Cells SplitCells(const Row& r, const Col* order, size_t columns);
  Status ParseWhen(std::string_view date, std::string_view time, int64_t& filetime) const;

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
  CsvReader csv(text_, delim_);
  CsvRecord rec;
  while (csv.Next(rec)) {
    if (rec.blank) continue;
    Row row;
    row.line = rec.line;
    row.first_field = fields_.size();
    row.field_count = rec.fields.size();
    if (!rec.error.empty()) row.split = Status::Corrupt(std::move(rec.error));
    row.stray_quote = rec.unclosed_quote;
    for (const std::string& f : rec.fields) {
      fields_.emplace_back(storage_.size(), f.size());
      storage_ += f;
    }
    rows_.push_back(std::move(row));
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

Status TextExportReader::ColumnOrder(const Row& r, const Col*& order, size_t& columns) const {
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
      return Status::Corrupt(
          "no header line and no event type (Error, Warning, Information, ...) in field 3 or 4");
    }
    columns = kOrderViewer.size();
  }
  if (r.field_count < columns - 1) {  // the Description may be missing altogether
    return Status::Corrupt(fmt::format("{} fields, expected {}", r.field_count, columns));
  }
  return Status::Ok();
}

TextExportReader::Cells TextExportReader::SplitCells(const Row& r, const Col* order,
                                                     size_t columns) {
  Cells c;
  description_.clear();
  for (size_t i = 0; i < r.field_count; ++i) {
    const std::string_view v = Field(r, i);
    switch (i < columns ? order[i] : order[columns - 1]) {
      case Col::kDate: c.date = v; break;
      case Col::kTime: c.time = v; break;
      case Col::kDateTime: std::tie(c.date, c.time) = SplitDateTime(v); break;
      case Col::kType: c.type = v; break;
      case Col::kUser: c.user = Trim(v); break;
      case Col::kComputer: c.computer = Trim(v); break;
      case Col::kSource: c.source = Trim(v); break;
      case Col::kCategory: c.category = Trim(v); break;
      case Col::kEvent: c.event = v; break;
      case Col::kDescription:
        // An unquoted description may itself contain the delimiter: the rest of the row.
        if (i >= columns) description_.push_back(delim_);
        description_.append(v);
        break;
      case Col::kIgnore: break;
    }
  }
  return c;
}

Status TextExportReader::ParseWhen(std::string_view date, std::string_view time,
                                   int64_t& filetime) const {
  DateParts d;
  if (!SplitDate(date, d)) {
    return Status::Corrupt(fmt::format("'{}' is not a date", date.substr(0, 40)));
  }
  CivilTime ct;
  ct.year = d.y;
  ct.month = d.a;
  ct.day = d.b;
  if (!d.year_first && day_first_) std::swap(ct.month, ct.day);
  int secs = 0;
  if (!ParseTimeOfDay(time, secs)) {
    return Status::Corrupt(fmt::format("'{}' is not a time of day", time.substr(0, 40)));
  }
  ct.hour = secs / 3600;
  ct.minute = secs / 60 % 60;
  ct.second = secs % 60;
  if (!FiletimeFromCivil(ct, filetime)) {
    return Status::Corrupt(fmt::format("'{}' is not a valid {} date", Trim(date).substr(0, 40),
                                       day_first_ ? "D/M/Y" : "M/D/Y"));
  }
  return Status::Ok();
}

Status TextExportReader::RowToEvent(const Row& r, Event& out) {
  if (!r.split.ok()) return r.split;
  const Col* order = nullptr;
  size_t columns = 0;
  LOGRX_RETURN_IF_ERROR(ColumnOrder(r, order, columns));
  const Cells c = SplitCells(r, order, columns);
  int64_t ft = 0;
  LOGRX_RETURN_IF_ERROR(ParseWhen(c.date, c.time, ft));
  uint32_t id = 0;
  if (!ParseUnsigned(c.event, id)) {
    return Status::Corrupt(
        fmt::format("event id '{}' is not a number", Trim(c.event).substr(0, 40)));
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
  if (!c.type.empty() && !ParseType(c.type, out.evt_type, out.level)) {
    return Status::Corrupt(fmt::format("'{}' is not an event type", Trim(c.type).substr(0, 40)));
  }
  out.level_text = Trim(c.type);
  out.provider = c.source;
  out.computer = c.computer;
  // The user column holds an account name ("NT AUTHORITY\SYSTEM") or N/A; only a SID
  // string fits Event::user_sid.
  if (c.user.size() > 2 && (c.user[0] == 'S' || c.user[0] == 's') && c.user[1] == '-') {
    out.user_sid = c.user;
  }
  out.task_text = c.category;
  uint16_t cat = 0;
  std::string_view cat_num = c.category;
  if (cat_num.size() > 2 && cat_num.front() == '(' && cat_num.back() == ')') {
    cat_num = cat_num.substr(1, cat_num.size() - 2);  // "(64)": a category without a name
  }
  if (ParseUnsigned(cat_num, cat)) out.task = cat;
  const std::string_view message = Trim(description_);
  out.message = message;
  out.message_origin = message.empty() ? MessageOrigin::kNone : MessageOrigin::kExport;
  event_fields_.clear();
  if (options_.messages != nullptr && !message.empty() &&
      options_.messages->ExtractInserts(out, message, inserts_)) {
    for (const std::string& s : inserts_) event_fields_.push_back(logrx::Field{{}, s});
  }
  out.data = event_fields_;
  return Status::Ok();
}

Status TextExportReader::Next(Event& out) {
  while (next_row_ < rows_.size()) {
    const Row& r = rows_[next_row_++];
    if (r.stray_quote) {
      Report(Severity::kWarning, r.line,
             "a field opens with a quote that never closes; the quote is read as text and "
             "the row ends at this line");
    }
    Status s = RowToEvent(r, out);
    if (s.ok()) return s;
    Report(Severity::kError, r.line, fmt::format("{}; line skipped", s.message()), 1);
  }
  return Status::EndOfInput();
}

}  // namespace

Result<std::unique_ptr<EventReader>> NewTextExportReaderFromBytes(
    const std::vector<std::byte>& bytes, const ReaderOptions& options, DiagnosticSink& sink) {
  LOGRX_RETURN_IF_ERROR(
      CheckSizeLimit(bytes.size(), kTextExportMaxFileSize, "text export", options));
  return std::unique_ptr<EventReader>(new TextExportReader(bytes, options, sink));
}

Result<std::unique_ptr<EventReader>> NewTextExportReader(InputFile file,
                                                         const ReaderOptions& options,
                                                         DiagnosticSink& sink) {
  Result<std::vector<std::byte>> bytes =
      ReadWholeInput(file, kTextExportMaxFileSize, "text export", options, sink);
  if (!bytes.ok()) return bytes.status();
  return NewTextExportReaderFromBytes(bytes.value(), options, sink);
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
