#include "report/output.h"

#include <cerrno>

namespace logrx::report {

void Output::Flush() {
  if (buf_.empty() || file_ == nullptr) return;
  if (error_ == 0) {
    errno = 0;
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size() ||
        std::fflush(file_) != 0) {
      error_ = errno != 0 ? errno : EIO;
    }
  }
  // After a failure (e.g. a closed pipe) further output is dropped, not retried.
  buf_.clear();
}

}  // namespace logrx::report
