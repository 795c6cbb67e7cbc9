#include "inventory/csv_reader.h"

namespace logrx::inventory {

bool CsvReader::Next(CsvRecord& rec) {
  rec.fields.clear();
  rec.error.clear();
  rec.blank = false;
  if (pos_ >= text_.size()) return false;
  rec.line = line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // current field was quoted and is closed
  auto fail = [&](std::string why) {
    rec.fields.clear();
    rec.error = std::move(why);
    // Resume at the next line end (outside any quote we were in).
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    if (pos_ < text_.size()) {
      ++pos_;
      ++line_;
    }
    return true;
  };
  for (;;) {
    if (pos_ >= text_.size()) {
      if (quoted) return fail("quoted field not closed before end of file");
      rec.fields.push_back(std::move(field));
      break;
    }
    const char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line_;
        // Windows writes CRLF inside quoted values; keep a plain LF so values compare simply.
        if (c != '\r' || pos_ >= text_.size() || text_[pos_] != '\n') field.push_back(c);
      }
      if (field.size() > kMaxFieldBytes) return fail("field longer than 1 MiB");
      continue;
    }
    if (c == '\r') continue;  // CRLF, and wmic's CR CR LF
    if (c == '\n') {
      ++line_;
      rec.fields.push_back(std::move(field));
      break;
    }
    if (c == ',') {
      rec.fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      if (rec.fields.size() > kMaxFields) return fail("more than 4096 fields");
      continue;
    }
    if (was_quoted) {
      if (c == ' ' || c == '\t') continue;
      return fail("text after a closing quote");
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      continue;
    }
    field.push_back(c);  // a stray quote inside an unquoted field is kept literally
    if (field.size() > kMaxFieldBytes) return fail("field longer than 1 MiB");
  }
  rec.blank = rec.fields.size() == 1 && rec.fields[0].empty();
  return true;
}

}  // namespace logrx::inventory
