// Where `rules/` and `kb/` are when no --rules/--kb is given.
#ifndef LOGRX_CLI_STAGE_PATHS_H_
#define LOGRX_CLI_STAGE_PATHS_H_

#include <string>

namespace logrx::cli {

// `given` if set; else <dir of the executable>/../<name> (build/logrx -> rules/), else
// <dir of the executable>/<name>, else ./<name> (the current folder).
std::string ResolveStageDir(const std::string& given, const char* name);

}  // namespace logrx::cli

#endif  // LOGRX_CLI_STAGE_PATHS_H_
