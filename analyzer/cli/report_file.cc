#include "cli/report_file.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "cli/commands.h"
#include "report/escape.h"

namespace logrx::cli {

namespace {

std::string Shown(const std::string& path) { return report::TerminalSafe(path); }

Status Errno(const std::string& what, const std::string& path, int err) {
  if (err == EPIPE) return Status::Cancelled("EPIPE");
  return Status::Io(fmt::format("{} {}: {}", what, Shown(path), std::strerror(err)));
}

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

ReportFile::~ReportFile() {
  if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

Status ReportFile::Open(const std::string& path) {
  path_ = path;
  if (path.empty() || path == "-") {
    file_ = stdout;
    return Status::Ok();
  }
  if (path.back() == '/') {
    return Status::InvalidArgument(fmt::format("-o {}: is a folder name, want a file", Shown(path)));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return Status::InvalidArgument(fmt::format("-o {}: is a folder, want a file", Shown(path)));
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
      // Devices and pipes are written in place; a FIFO without a reader would block for
      // ever, so it is opened non-blocking (ENXIO: nobody reads it) and then made blocking.
      const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) {
        const int err = errno;
        return Status::Io(fmt::format("-o {}: cannot write: {}", Shown(path),
                                      err == ENXIO ? "a FIFO with no reader" : std::strerror(err)));
      }
      const int flags = ::fcntl(fd, F_GETFL);
      if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      return AdoptFd(fd, path);
    }
    if (!S_ISREG(st.st_mode)) {
      return Status::InvalidArgument(
          fmt::format("-o {}: not a regular file (socket or special file)", Shown(path)));
    }
    if (::access(path.c_str(), W_OK) != 0) return Errno("-o cannot write", path, errno);
  } else if (errno != ENOENT) {
    return Errno("-o cannot write", path, errno);
  }
  const std::string dir = DirOf(path);
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0) {
    return Status::InvalidArgument(fmt::format("-o {}: folder {} does not exist", Shown(path),
                                               Shown(dir)));
  }
  if (!S_ISDIR(dst.st_mode)) {
    return Status::InvalidArgument(fmt::format("-o {}: {} is not a folder", Shown(path), Shown(dir)));
  }
  std::string tmpl = (dir == "/" ? std::string("/") : dir + "/") + "." + BaseOf(path) + ".logrx-XXXXXX";
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return Errno("-o cannot create a file beside", path, errno);
  temp_ = tmpl;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  (void)::fchmod(fd, 0666 & ~mask);
  return AdoptFd(fd, path);
}

Status ReportFile::AdoptFd(int fd, const std::string& path) {
  file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int err = errno;
    ::close(fd);
    return Errno("-o cannot write", path, err);
  }
  return Status::Ok();
}

Status ReportFile::Commit(int write_error) {
  if (file_ == nullptr) return Status::Io("no output opened");
  if (file_ == stdout) {
    errno = 0;
    if (write_error == 0 && (std::fflush(stdout) != 0 || std::ferror(stdout) != 0)) {
      write_error = errno != 0 ? errno : EIO;
    }
    committed_ = true;
    return write_error == 0 ? Status::Ok() : Errno("writing", "standard output", write_error);
  }
  errno = 0;
  if (write_error == 0 && (std::fflush(file_) != 0 || std::ferror(file_) != 0)) {
    write_error = errno != 0 ? errno : EIO;
  }
  // A regular file is synced before the rename, so a crash cannot leave an empty report
  // in place of the old one.
  if (write_error == 0 && !temp_.empty() && ::fsync(::fileno(file_)) != 0) write_error = errno;
  errno = 0;
  const int close_rc = std::fclose(file_);
  file_ = nullptr;
  if (write_error == 0 && close_rc != 0) write_error = errno != 0 ? errno : EIO;
  if (write_error != 0) return Errno("writing", path_, write_error);
  if (!temp_.empty()) {
    if (::rename(temp_.c_str(), path_.c_str()) != 0) return Errno("cannot replace", path_, errno);
    temp_.clear();
  }
  committed_ = true;
  return Status::Ok();
}

bool IsBrokenPipe(const Status& s) noexcept {
  return s.code() == StatusCode::kCancelled && s.message() == "EPIPE";
}

int FinishStdout(int exit_code) {
  errno = 0;
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  if (!failed) return exit_code;
  int err = errno;
  // The failed write's errno is gone by now when the failure was seen earlier; a pipe
  // whose reader left shows POLLERR.
  struct stat st {};
  if (err == EPIPE) return exit_code;
  if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode)) {
    pollfd p{STDOUT_FILENO, POLLOUT, 0};
    if (::poll(&p, 1, 0) == 1 && (p.revents & POLLERR) != 0) return exit_code;
  }
  if (err == 0) {
    // The failing write was earlier and its errno is gone: one more byte asks the device
    // again (the output is lost already), so the message names the cause (ENOSPC, EIO).
    std::clearerr(stdout);
    errno = 0;
    if (std::fputc('\n', stdout) == EOF || std::fflush(stdout) != 0) err = errno;
    if (err == EPIPE) return exit_code;
    if (err == 0) err = EIO;
  }
  std::fprintf(stderr, "logrx: writing standard output: %s\n", std::strerror(err));
  return exit_code == kExitUsage ? exit_code : kExitUsage;
}

}  // namespace logrx::cli
