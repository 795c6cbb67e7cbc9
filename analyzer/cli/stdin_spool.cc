#include "cli/stdin_spool.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace logrx::cli {

StdinSpool::~StdinSpool() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

Result<std::string> StdinSpool::Path() {
  if (done_) {
    if (!status_.ok()) return status_;
    return path_;
  }
  done_ = true;
  const char* dir = std::getenv("TMPDIR");
  // ".txt" lets a text export be recognised; EVTX, EVT and XML are told by their bytes.
  std::string tmpl = fmt::format("{}/logrx-stdin-XXXXXX.txt",
                                 dir != nullptr && dir[0] != '\0' ? dir : "/tmp");
  const int fd = ::mkstemps(tmpl.data(), 4);
  if (fd < 0) {
    status_ = Status::Io(fmt::format("-: cannot make a temporary file for standard input in {}: {}",
                                     tmpl, std::strerror(errno)));
    return status_;
  }
  path_ = tmpl;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      status_ = Status::Io(fmt::format("-: reading standard input: {}", std::strerror(errno)));
      break;
    }
    for (ssize_t off = 0; off < n;) {
      const ssize_t w = ::write(fd, buf + off, static_cast<size_t>(n - off));
      if (w < 0) {
        if (errno == EINTR) continue;
        status_ = Status::Io(fmt::format("-: copying standard input to {}: {}", path_,
                                         std::strerror(errno)));
        break;
      }
      off += w;
    }
    if (!status_.ok()) break;
  }
  if (::close(fd) != 0 && status_.ok()) {
    status_ = Status::Io(fmt::format("-: copying standard input: {}", std::strerror(errno)));
  }
  if (!status_.ok()) return status_;
  return path_;
}

}  // namespace logrx::cli
