# The version is written once, in project(VERSION ...). This file turns it into
# ${CMAKE_BINARY_DIR}/generated/logrx_version.h (LOGRX_VERSION, used by reports and --version)
# and, in a git checkout, hands the revision to analyzer/cli/version.cc alone (`logrx
# --version` prints "logrx 0.1.0 (git <describe>)"). Without git or .git: no revision, no error.
configure_file(${CMAKE_CURRENT_LIST_DIR}/logrx_version.h.in
               ${CMAKE_BINARY_DIR}/generated/logrx_version.h @ONLY)

set(LOGRX_GIT_REVISION "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --tags
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE git_rc
                  OUTPUT_VARIABLE git_out OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(git_rc EQUAL 0 AND git_out MATCHES "^[A-Za-z0-9._+-]+$")
    set(LOGRX_GIT_REVISION ${git_out})
  endif()
  # Re-run this on the next build after a commit or checkout (HEAD's reflog changes), so
  # --version never names an older revision than the one built.
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --absolute-git-dir
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE git_rc
                  OUTPUT_VARIABLE git_dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(git_rc EQUAL 0 AND EXISTS ${git_dir}/logs/HEAD)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${git_dir}/logs/HEAD)
  endif()
endif()
# On this one source file only: a new revision recompiles version.cc, nothing else (it stops
# with #error if this path goes stale when files move).
set_property(SOURCE ${CMAKE_SOURCE_DIR}/analyzer/cli/version.cc APPEND PROPERTY
             COMPILE_DEFINITIONS LOGRX_GIT_REVISION="${LOGRX_GIT_REVISION}")
