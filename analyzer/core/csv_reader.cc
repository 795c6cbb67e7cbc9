#include "core/csv_reader.h"

#include <utility>

namespace logrx {

CsvReader::Quoted CsvReader::ReadQuoted(std::string& field) {
  const size_t start_pos = pos_;
  const uint32_t start_line = line_;
  const size_t start_size = field.size();
  while (pos_ < text_.size()) {
    const char c = text_[pos_++];
    if (c == '"') {
      if (pos_ >= text_.size() || text_[pos_] != '"') return Quoted::kClosed;
      field.push_back('"');
      ++pos_;
    } else {
      if (c == '\n') ++line_;
      // Windows writes CR LF inside quoted values; keep a plain LF so values compare simply.
      if (c != '\r' || pos_ >= text_.size() || text_[pos_] != '\n') field.push_back(c);
    }
    if (field.size() > kMaxFieldBytes) return Quoted::kTooLong;
  }
  pos_ = start_pos;
  line_ = start_line;
  field.resize(start_size);
  return Quoted::kUnclosed;
}

void CsvReader::SkipLine() {
  while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  if (pos_ < text_.size()) {
    ++pos_;
    ++line_;
  }
}

bool CsvReader::Next(CsvRecord& rec) {
  rec.fields.clear();
  rec.error.clear();
  rec.blank = false;
  rec.unclosed_quote = false;
  if (pos_ >= text_.size()) return false;
  rec.line = line_;
  std::string field;
  bool closed_quote = false;  // the current field was quoted and its quote has closed
  auto fail = [&](std::string why) {
    rec.fields.clear();
    rec.error = std::move(why);
    SkipLine();
    return true;
  };
  for (;;) {
    if (pos_ >= text_.size()) {
      rec.fields.push_back(std::move(field));
      break;
    }
    const char c = text_[pos_++];
    if (c == '\r') continue;  // CR LF, and wmic's CR CR LF
    if (c == '\n') {
      ++line_;
      rec.fields.push_back(std::move(field));
      break;
    }
    if (c == delimiter_) {
      rec.fields.push_back(std::move(field));
      field.clear();
      closed_quote = false;
      if (rec.fields.size() > kMaxFields) return fail("more than 4096 fields");
      continue;
    }
    if (closed_quote) {
      if (c == ' ' || c == '\t') continue;
      return fail("text after a closing quote");
    }
    if (c == '"' && field.empty()) {
      const Quoted q = ReadQuoted(field);
      if (q == Quoted::kTooLong) return fail("field longer than 1 MiB");
      if (q == Quoted::kClosed) {
        closed_quote = true;
        continue;
      }
      // Never closed: the quote is text and the field goes on unquoted, so one stray
      // quote costs one field instead of the rest of the file.
      rec.unclosed_quote = true;
    }
    field.push_back(c);  // a quote inside an unquoted field is kept literally
    if (field.size() > kMaxFieldBytes) return fail("field longer than 1 MiB");
  }
  rec.blank = rec.fields.size() == 1 && rec.fields[0].empty();
  return true;
}

}  // namespace logrx
