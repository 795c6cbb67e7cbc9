#include "cli/version.h"

#include <fmt/format.h>

#include "logrx_git_revision.h"  // generated; included here only, so a commit rebuilds this file
#include "logrx_version.h"

// CMake passes the build type ($<CONFIG>) to the logrx target only (CMakeLists.txt).
#ifndef LOGRX_BUILD_TYPE
#define LOGRX_BUILD_TYPE ""
#endif

namespace logrx::cli {

namespace {

std::string Compiler() {
#if defined(__clang__)
  return fmt::format("clang {}.{}.{}", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
  return fmt::format("gcc {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  return "an unknown compiler";
#endif
}

}  // namespace

std::string VersionText() {
  std::string text = "logrx " LOGRX_VERSION;
  if (*LOGRX_GIT_REVISION != '\0') text += " (git " LOGRX_GIT_REVISION ")";
  const std::string type = LOGRX_BUILD_TYPE;
  text += fmt::format("\nbuilt {} with {}", type.empty() ? "without a CMake build type" : type,
                      Compiler());
  return text;
}

}  // namespace logrx::cli
