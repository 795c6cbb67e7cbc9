// Where the rules/ and kb/ folders are when no flag names them.
//
//   std::string kb = ResolveDataDir(g.kb_dir, "kb");   // flag, else ./kb, else <exe>/../kb
//
// Reads the process's own path (/proc/self/exe); cli/ only.
#ifndef LOGRX_CLI_DATA_DIR_H_
#define LOGRX_CLI_DATA_DIR_H_

#include <string>

namespace logrx::cli {

// `given` when not empty; else "<name>" if it exists in the working directory; else
// "<dir of the executable>/../<name>"; else "<name>" (so the error message names it).
std::string ResolveDataDir(const std::string& given, const char* name);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_DATA_DIR_H_
