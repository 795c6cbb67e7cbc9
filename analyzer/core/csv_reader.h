// CsvReader: records of delimiter-separated UTF-8 text as Windows tools write it (wmic,
// systeminfo, Export-Csv, Event Viewer "Save Log File As"), read per RFC 4180.
//
//   CsvReader csv(text);                 // ',' by default; '\t' for tab-separated text
//   CsvRecord rec;
//   while (csv.Next(rec)) { if (!rec.error.empty()) Report(rec.line, rec.error); else Use(rec); }
//
// A field that starts with '"' is quoted: "" is a quote, and the delimiter, CR and LF are
// part of the value (a CR LF inside becomes LF). After the closing quote only spaces or
// tabs may come before the next delimiter or line end. Line ends are LF, CR LF or wmic's
// CR CR LF; CRs outside quotes are dropped. A quote inside an unquoted field is kept as
// text. Hand-written because no Debian package reads CSV.
//
// Damage, and what the reader does about it:
// - text after a closing quote (`"a"b,c`), more than 4096 fields, a field over 1 MiB:
//   the record comes back with `error` set and no fields; reading resumes at the next
//   line end (a quoted line break in the bad record may make that line the next record);
// - a quote that never closes before the end of the text would swallow the rest of it:
//   the quote is read as text instead, that field ends at the next delimiter or line end,
//   the record keeps its fields and has `unclosed_quote` set (the caller decides whether
//   to use it), and reading goes on from there.
// Fields are copies. Not thread-safe; `text` must outlive the reader.
#ifndef LOGRX_CORE_CSV_READER_H_
#define LOGRX_CORE_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logrx {

struct CsvRecord {
  std::vector<std::string> fields;
  uint32_t line = 0;            // 1-based line where the record starts
  bool blank = false;           // an empty line (wmic starts its CSV with one)
  bool unclosed_quote = false;  // a field opened a quote that never closed (read as text)
  std::string error;            // non-empty: malformed; fields are empty
};

class CsvReader {
 public:
  static constexpr size_t kMaxFields = 4096;
  static constexpr size_t kMaxFieldBytes = 1 << 20;

  explicit CsvReader(std::string_view text, char delimiter = ',') noexcept
      : text_(text), delimiter_(delimiter) {}
  // Fills `rec` with the next record; false at the end of the text.
  bool Next(CsvRecord& rec);
  // The line the next record starts on.
  uint32_t line() const noexcept { return line_; }

 private:
  enum class Quoted { kClosed, kUnclosed, kTooLong };
  // Appends the value of a quoted field whose opening quote was just read. kUnclosed
  // leaves `field`, pos_ and line_ as they were.
  Quoted ReadQuoted(std::string& field);
  // Skips to just past the next line end.
  void SkipLine();

  std::string_view text_;
  char delimiter_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
};

}  // namespace logrx

#endif  // LOGRX_CORE_CSV_READER_H_
