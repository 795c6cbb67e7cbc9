// Output: a buffered writer over a std::FILE* that remembers the first write error, so a
// sink can write freely and the CLI asks once at the end (EPIPE -> quiet exit).
//
//   Output out(stdout);  out.Append("text");  out.Flush();
//   if (out.failed()) ...  // errno of the first failed fwrite/fflush in error()
//
// Not thread-safe. Writes in blocks of 64 KiB (no iostreams on hot paths).
#ifndef LOGRX_REPORT_OUTPUT_H_
#define LOGRX_REPORT_OUTPUT_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace logrx::report {

class Output {
 public:
  explicit Output(std::FILE* f) : file_(f) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() { Flush(); }

  void Append(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kBlock) Flush();
  }
  void Append(char c) { buf_.push_back(c); }
  // Gives direct access for fmt::format_to(std::back_inserter(out.buffer()), ...).
  std::string& buffer() { return buf_; }
  void Flush();
  bool failed() const noexcept { return error_ != 0; }
  int error() const noexcept { return error_; }

 private:
  static constexpr size_t kBlock = 64 * 1024;
  std::FILE* file_;
  std::string buf_;
  int error_ = 0;
};

}  // namespace logrx::report

#endif  // LOGRX_REPORT_OUTPUT_H_
