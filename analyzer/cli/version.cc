#include "cli/version.h"

#include "logrx_version.h"

namespace logrx::cli {

std::string VersionText() {
  std::string text = "logrx " LOGRX_VERSION;
#ifdef LOGRX_GIT_REVISION  // set on this file only, so a new commit recompiles just this file
  if (*LOGRX_GIT_REVISION != '\0') text += " (git " LOGRX_GIT_REVISION ")";
#endif
  return text;
}

}  // namespace logrx::cli
