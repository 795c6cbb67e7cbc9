// InputFile: a read-only file read at offsets (pread), so memory never grows with the
// file's size. Also used for whole small files (rules, KB, inventories).
//
//   Result<InputFile> f = InputFile::Open("System.evtx");
//   std::vector<std::byte> chunk(65536);
//   Result<size_t> got = f->ReadAt(0x1000, chunk);   // may be short at end of file
//
// ReadAt is thread-safe (pread has no shared file position); Open/Close are not.
#ifndef LOGRX_CORE_INPUT_FILE_H_
#define LOGRX_CORE_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace logrx {

class InputFile {
 public:
  // Fails with kIo naming the path and the OS error; a directory, FIFO, device or socket
  // is kInvalidArgument ("is a FIFO (named pipe), not a regular file"), never a wait:
  // the open does not block on a FIFO without a writer.
  static Result<InputFile> Open(const std::string& path);

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  const std::string& path() const noexcept { return path_; }
  uint64_t size() const noexcept { return size_; }

  // Reads up to out.size() bytes at `offset`; returns the count read (short only at end
  // of file). Retries on EINTR. kIo on a read error.
  Result<size_t> ReadAt(uint64_t offset, std::span<std::byte> out) const;

  // Hints that [offset, offset+len) will not be read again (drops it from page cache
  // accounting of this process; harmless where unsupported).
  void DontNeed(uint64_t offset, uint64_t len) const noexcept;

 private:
  InputFile(int fd, std::string path, uint64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
  int fd_ = -1;
  std::string path_;
  uint64_t size_ = 0;
};

// Reads a whole file (for small inputs: rules, KB, inventories). Fails past max_bytes
// with kLimit so a hostile path (/dev/zero, a huge file) cannot exhaust memory.
Result<std::vector<std::byte>> ReadWholeFile(const std::string& path,
                                             uint64_t max_bytes = 256ull << 20);
Result<std::string> ReadWholeFileAsString(const std::string& path,
                                          uint64_t max_bytes = 256ull << 20);

}  // namespace logrx

#endif  // LOGRX_CORE_INPUT_FILE_H_
