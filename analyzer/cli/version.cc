#include "cli/version.h"

#include "logrx_version.h"

// Set on this file only by cmake/version.cmake ("" without git), so a new commit recompiles
// just this file; a missing one means that file names a stale path.
#ifndef LOGRX_GIT_REVISION
#error "LOGRX_GIT_REVISION not set: update the source path in cmake/version.cmake"
#endif

namespace logrx::cli {

std::string VersionText() {
  std::string text = "logrx " LOGRX_VERSION;
  if (*LOGRX_GIT_REVISION != '\0') text += " (git " LOGRX_GIT_REVISION ")";
  return text;
}

}  // namespace logrx::cli
