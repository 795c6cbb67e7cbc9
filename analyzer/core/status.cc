#include "core/status.h"

#include <fmt/format.h>

namespace logrx {

std::string_view StatusCodeName(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kIo: return "io error";
    case StatusCode::kCorrupt: return "corrupt";
    case StatusCode::kTruncated: return "truncated";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kInvalidArgument: return "invalid";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kEndOfInput: return "end of input";
    case StatusCode::kCancelled: return "cancelled";
    case StatusCode::kLimit: return "limit reached";
  }
  return "unknown";
}

Status::Status(StatusCode code, std::string message)
    : rep_(code == StatusCode::kOk ? nullptr : new Rep{code, std::move(message), nullptr, 0}) {}

namespace {

std::unique_ptr<FileLoc> CopyLoc(const std::unique_ptr<FileLoc>& loc) {
  return loc ? std::make_unique<FileLoc>(*loc) : nullptr;
}

}  // namespace

Status Status::At(StatusCode code, FileLoc where, std::string_view what) {
  std::string prefix = where.ToString();
  Status s(code, fmt::format("{}: {}", prefix, what));
  if (s.rep_) {
    s.rep_->what_at = prefix.size() + 2;
    s.rep_->where = std::make_unique<FileLoc>(std::move(where));
  }
  return s;
}

Status::Status(const Status& other)
    : rep_(other.rep_ ? std::make_unique<Rep>(Rep{other.rep_->code, other.rep_->message,
                                                  CopyLoc(other.rep_->where),
                                                  other.rep_->what_at})
                      : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) *this = Status(other);
  return *this;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (rep_->message.empty()) return std::string(StatusCodeName(rep_->code));
  return fmt::format("{}: {}", StatusCodeName(rep_->code), rep_->message);
}

}  // namespace logrx
