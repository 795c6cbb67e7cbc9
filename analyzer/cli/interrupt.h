// Ctrl-C for the long commands (scan, dump): the first SIGINT sets a flag the workers
// poll between records, so the command stops soon and reports what it has; a second
// SIGINT kills at once (the handler is reset after the first).
//
//   const std::atomic<bool>* cancel = CatchInterrupt();
//   options.cancel = cancel;                // ...; if (cancel->load()) "interrupted"
//
// The flag is the CLI's one piece of process-wide state. Call from the main thread.
#ifndef LOGRX_CLI_INTERRUPT_H_
#define LOGRX_CLI_INTERRUPT_H_

#include <atomic>

namespace logrx::cli {

// Installs the SIGINT handler and returns the flag it sets (false until then).
std::atomic<bool>* CatchInterrupt();

}  // namespace logrx::cli

#endif  // LOGRX_CLI_INTERRUPT_H_
