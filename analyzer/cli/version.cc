#include "cli/version.h"

#include "logrx_git_revision.h"  // generated; included here only, so a commit rebuilds this file
#include "logrx_version.h"

namespace logrx::cli {

std::string VersionText() {
  std::string text = "logrx " LOGRX_VERSION;
  if (*LOGRX_GIT_REVISION != '\0') text += " (git " LOGRX_GIT_REVISION ")";
  return text;
}

}  // namespace logrx::cli
