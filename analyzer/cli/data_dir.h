// Where the rules/ and kb/ folders are when no --rules/--kb flag names them. Every
// command uses this one lookup, so `scan`, `rules`, `kb` and `explain` agree.
//
//   std::string kb = ResolveDataDir(g.kb_dir, "kb");
//
// Order (first that is a directory; <dir> is the folder of the running program):
//   1. the flag (--rules / --kb), as given;
//   2. a build tree: <dir>/logrx-source-dir (written by CMake beside build/logrx, in or out
//      of the source tree) names the source tree S, and S/<name> is used;
//   3. an installed prefix, wherever it was moved: <dir>/<bin-to-data>/<name>, where
//      <bin-to-data> is the path from the install's bin/ to its share/logrx/ ("../share/logrx"
//      for the usual layout; also an unpacked .deb: x/usr/bin/logrx -> x/usr/share/logrx);
//   4. beside the program: <dir>/../<name>, then <dir>/<name> (a copied folder);
//   5. the compiled-in install folder ${CMAKE_INSTALL_FULL_DATADIR}/logrx/<name>
//      (/usr/share/logrx/rules for the .deb, /usr/local/share/logrx/rules by default);
//   6. ./<name>.
// The paths in 3 and 5 come from the build (LOGRX_BIN_TO_DATA, LOGRX_DATA_DIR, set on
// data_dir.cc by cmake/install.cmake). Reads the process's own path
// (/proc/self/exe) and the build tree's marker file, so it lives in cli/ only.
#ifndef LOGRX_CLI_DATA_DIR_H_
#define LOGRX_CLI_DATA_DIR_H_

#include <string>

namespace logrx::cli {

// `given` when not empty (even if it does not exist: the loader then reports it by name);
// else the first existing candidate above, normalised; else "<name>".
std::string ResolveDataDir(const std::string& given, const char* name);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_DATA_DIR_H_
