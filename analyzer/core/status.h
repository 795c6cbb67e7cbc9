// Status and Result<T>: errors as values that say where they happened.
//
//   Result<FileHeader> h = ParseFileHeader(cursor, file);
//   if (!h.ok()) return h.status();   // "System.evtx @0x0: file header: bad magic"
//
// A Status is cheap when OK (one null pointer, as leveldb's). The library never throws;
// every fallible function returns [[nodiscard]] Status or Result<T>.
//
// A Status may carry the FileLoc it is about (At()): message() then starts with the
// location ("rules/a.xml:12: rule 'r1': ..."), what() is the rest, and where() gives the
// parts, so a caller can fill a Diagnostic without parsing text.
#ifndef LOGRX_CORE_STATUS_H_
#define LOGRX_CORE_STATUS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/file_loc.h"

namespace logrx {

enum class StatusCode : uint8_t {
  kOk = 0,
  kIo,               // the OS refused (open, read, stat)
  kCorrupt,          // structure is inconsistent (bad magic, bad size, bad CRC)
  kTruncated,        // structure runs past the end of the data
  kUnsupported,      // valid but not handled (unknown format or version)
  kInvalidArgument,  // caller or rule/KB author error
  kNotFound,         // a named thing does not exist
  kEndOfInput,       // a reader has no more events (not an error)
  kCancelled,        // stopped on request (Ctrl-C)
  kLimit,            // a documented resource cap was reached
};

std::string_view StatusCodeName(StatusCode code) noexcept;

class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status Ok() noexcept { return Status(); }
  static Status Io(std::string m) { return {StatusCode::kIo, std::move(m)}; }
  static Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
  static Status Truncated(std::string m) { return {StatusCode::kTruncated, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status EndOfInput() { return {StatusCode::kEndOfInput, std::string()}; }
  static Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
  static Status Limit(std::string m) { return {StatusCode::kLimit, std::move(m)}; }
  // A Status about `where`: message() is "<where.ToString()>: <what>".
  static Status At(StatusCode code, FileLoc where, std::string_view what);

  bool ok() const noexcept { return rep_ == nullptr; }
  bool end() const noexcept { return code() == StatusCode::kEndOfInput; }
  StatusCode code() const noexcept { return rep_ ? rep_->code : StatusCode::kOk; }
  // The message without the code name; empty when OK.
  std::string_view message() const noexcept {
    return rep_ ? std::string_view(rep_->message) : std::string_view();
  }
  // The location given to At(); nullptr when OK or when none was given.
  const FileLoc* where() const noexcept { return rep_ ? rep_->where.get() : nullptr; }
  // message() without the location prefix (all of it when there is no location).
  std::string_view what() const noexcept { return message().substr(rep_ ? rep_->what_at : 0); }
  // "corrupt: System.evtx @0x10000: chunk 1: bad magic" or "ok".
  std::string ToString() const;

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    std::unique_ptr<FileLoc> where;  // set by At()
    size_t what_at = 0;              // where what() starts in `message`
  };
  std::unique_ptr<Rep> rep_;
};

// Result<T> holds a T or a non-OK Status. C++20 has no std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                      // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}               // NOLINT: implicit by design
  bool ok() const noexcept { return v_.index() == 0; }
  // REQUIRES: ok()
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // OK status when ok().
  Status status() const { return ok() ? Status() : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace logrx

#define LOGRX_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::logrx::Status logrx_status_ = (expr);  \
    if (!logrx_status_.ok()) return logrx_status_; \
  } while (0)

#endif  // LOGRX_CORE_STATUS_H_
