// StdinSpool: the input "-" of `scan` and `dump`. Standard input (a pipe, usually) is
// copied once into an anonymous temporary file, because the readers read at offsets
// (pread) and sniff the format from the first bytes; the file is removed when the spool
// goes away.
//
//   StdinSpool spool;
//   Result<std::string> path = spool.Path();   // copies stdin on the first call
//
// The copy goes to $TMPDIR (default /tmp) and needs as much room as the input. Not
// thread-safe.
#ifndef LOGRX_CLI_STDIN_SPOOL_H_
#define LOGRX_CLI_STDIN_SPOOL_H_

#include <string>

#include "core/status.h"

namespace logrx::cli {

class StdinSpool {
 public:
  StdinSpool() = default;
  StdinSpool(const StdinSpool&) = delete;
  StdinSpool& operator=(const StdinSpool&) = delete;
  ~StdinSpool();
  // The file holding all of standard input; kIo naming the reason when it cannot be made.
  [[nodiscard]] Result<std::string> Path();

 private:
  std::string path_;
  Status status_;
  bool done_ = false;
};

}  // namespace logrx::cli

#endif  // LOGRX_CLI_STDIN_SPOOL_H_
