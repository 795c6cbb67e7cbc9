// The text of `logrx --version`: the release version from CMake's project() (the one
// place it is written; LOGRX_VERSION in the generated logrx_version.h) and, when logrx was
// built from a git checkout, `git describe` as of the last CMake run (CMake re-runs after
// each commit or checkout); then, on a second line, how it was built: the CMake build type
// (Release, RelWithDebInfo, Debug...) and the compiler with its version.
//
//   logrx 0.1.0 (git 6c1f2e3)      built from a checkout
//   logrx 0.1.0                    built from a tarball, or without git
//   built Release with gcc 12.2.0
//
// Reports carry only the release version (kToolVersion), never the revision, so their
// output does not change from one commit to the next.
#ifndef LOGRX_CLI_VERSION_H_
#define LOGRX_CLI_VERSION_H_

#include <string>

namespace logrx::cli {

std::string VersionText();

}  // namespace logrx::cli

#endif  // LOGRX_CLI_VERSION_H_
