// ReportFile: where a command's result goes (stdout or -o FILE), opened BEFORE the work so
// a bad path is a usage error at once, and committed only after every byte was written.
//
//   ReportFile out;
//   if (Status s = out.Open(flags.output); !s.ok()) return Fail(s);   // before the scan
//   ... write to out.file() ...
//   Status s = out.Commit(write_errno);    // flush, close, rename the temporary into place
//
// A regular (or not yet existing) FILE is written to a temporary file beside it
// (".NAME.logrx-XXXXXX", same folder so the rename is atomic) that replaces FILE only when
// the whole report was written and closed without error: a failed or killed run leaves the
// previous report as it was (a killed run may leave the temporary). A character device
// (/dev/null, /dev/full, a terminal) is written directly; a FIFO only if a reader is
// already there (never a hang); a folder, socket or other special file is refused.
// Standard output ("" or "-"): see FinishStdout. Not thread-safe.
#ifndef LOGRX_CLI_REPORT_FILE_H_
#define LOGRX_CLI_REPORT_FILE_H_

#include <cstdio>
#include <string>

#include "core/status.h"

namespace logrx::cli {

class ReportFile {
 public:
  ReportFile() = default;
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;
  ~ReportFile();  // removes an uncommitted temporary file

  // "" or "-": standard output. Fails (kInvalidArgument / kIo, message naming the path and
  // the reason) when FILE cannot be written; nothing is created or changed then.
  [[nodiscard]] Status Open(const std::string& path);
  std::FILE* file() const noexcept { return file_; }
  bool to_stdout() const noexcept { return file_ == stdout; }
  const std::string& path() const noexcept { return path_; }
  // `write_error`: the errno of the first failed write (0 if none). Flushes and closes
  // (stdout: flushes), then renames the temporary over FILE. On any error the temporary
  // is removed, FILE is left as it was, and the Status names the path and errno text.
  // An EPIPE (the reader of our pipe went away) is returned as kCancelled (IsBrokenPipe).
  [[nodiscard]] Status Commit(int write_error);

 private:
  // Writes through a stdio stream on `fd` (closed when that fails).
  [[nodiscard]] Status AdoptFd(int fd, const std::string& path);

  std::string path_;  // as the user gave it
  std::string temp_;  // temporary beside it, "" when written directly
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// A write error that means the reader of our pipe went away (`| head`): quiet, not an error.
bool IsBrokenPipe(const Status& s) noexcept;

// Called once by main after the subcommand ran: flushes stdout and, when any write to it
// failed (/dev/full, a full disk, EIO), prints "logrx: writing standard output: REASON"
// and returns kExitUsage (2) unless `exit_code` is already 2; a closed pipe stays quiet.
// This is how every command (scan, dump, explain, rules, kb, merge) checks its output.
int FinishStdout(int exit_code);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_REPORT_FILE_H_
