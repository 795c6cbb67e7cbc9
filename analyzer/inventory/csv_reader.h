// CsvReader: RFC 4180 records from UTF-8 text as Windows tools write them (quoted fields
// with embedded CR/LF and doubled quotes, CRLF or LF line ends, wmic's stray CR before
// CRLF). Hand-written because no Debian package fits.
//
//   CsvReader csv(text);
//   CsvRecord rec;
//   while (csv.Next(rec)) { if (!rec.error.empty()) Report(rec.line, rec.error); else Use(rec); }
//
// A malformed record (text after a closing quote, a quote never closed) comes back with
// `error` set and its fields cleared; reading resumes at the next line. Fields are copies.
// Not thread-safe; `text` must outlive the reader.
#ifndef LOGRX_INVENTORY_CSV_READER_H_
#define LOGRX_INVENTORY_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logrx::inventory {

struct CsvRecord {
  std::vector<std::string> fields;
  uint32_t line = 0;       // 1-based line where the record starts
  bool blank = false;      // an empty line (wmic starts its CSV with one)
  std::string error;       // non-empty: malformed; fields are empty
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) noexcept : text_(text) {}
  // False at end of text.
  bool Next(CsvRecord& rec);
  uint32_t line() const noexcept { return line_; }

 private:
  static constexpr size_t kMaxFields = 4096;
  static constexpr size_t kMaxFieldBytes = 1 << 20;
  std::string_view text_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
};

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_CSV_READER_H_
