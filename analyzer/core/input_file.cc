#include "core/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace logrx {

Result<InputFile> InputFile::Open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. Regular
  // files ignore the flag; anything else is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::Io(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::Io(fmt::format("{}: cannot stat: {}", path, std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(fmt::format("{}: is a directory", path));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    const char* kind = S_ISFIFO(st.st_mode)   ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    return Status::InvalidArgument(fmt::format(
        "{}: is {}, not a regular file (copy it to a file first; scan and dump read standard "
        "input as '-')",
        path, kind));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return InputFile(fd, path, static_cast<uint64_t>(st.st_size));
}

InputFile::InputFile(InputFile&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), size_(other.size_) {
  other.fd_ = -1;
}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    size_ = other.size_;
    other.fd_ = -1;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> InputFile::ReadAt(uint64_t offset, std::span<std::byte> out) const {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd_, out.data() + done, out.size() - done,
                              static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Io(fmt::format("{} @0x{:x}: read failed: {}", path_, offset + done,
                                    std::strerror(errno)));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

void InputFile::DontNeed(uint64_t offset, uint64_t len) const noexcept {
#ifdef POSIX_FADV_DONTNEED
  (void)::posix_fadvise(fd_, static_cast<off_t>(offset), static_cast<off_t>(len),
                        POSIX_FADV_DONTNEED);
#else
  (void)offset;
  (void)len;
#endif
}

Result<std::vector<std::byte>> ReadWholeFile(const std::string& path, uint64_t max_bytes) {
  Result<InputFile> f = InputFile::Open(path);
  if (!f.ok()) return f.status();
  if (f->size() > max_bytes) {
    return Status::Limit(
        fmt::format("{}: {} bytes is over the {} byte limit for this input", path, f->size(), max_bytes));
  }
  std::vector<std::byte> buf(f->size());
  Result<size_t> got = f->ReadAt(0, buf);
  if (!got.ok()) return got.status();
  buf.resize(*got);
  return buf;
}

Result<std::string> ReadWholeFileAsString(const std::string& path, uint64_t max_bytes) {
  Result<std::vector<std::byte>> bytes = ReadWholeFile(path, max_bytes);
  if (!bytes.ok()) return bytes.status();
  return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

}  // namespace logrx
