// Where the rules/ and kb/ folders are when no --rules/--kb flag names them. Every
// command uses this one lookup, so `scan`, `rules`, `kb` and `explain` agree.
//
//   std::string kb = ResolveDataDir(g.kb_dir, "kb");
//
// Order (first that is a directory): the flag; <folder of the program>/../<name> (build/logrx
// in a source tree); <folder of the program>/<name> (an installed layout); ./<name>.
// Reads the process's own path (/proc/self/exe), so it lives in cli/ only.
#ifndef LOGRX_CLI_DATA_DIR_H_
#define LOGRX_CLI_DATA_DIR_H_

#include <string>

namespace logrx::cli {

// `given` when not empty (even if it does not exist: the loader then reports it by name);
// else the first existing candidate above, normalised; else "<name>".
std::string ResolveDataDir(const std::string& given, const char* name);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_DATA_DIR_H_
