// cli/run_output: --color resolution, text width and the exit code of a finished run.
#include "cli/run_output.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace logrx::cli {
namespace {

// Sets (or unsets, for nullopt) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Runs `f` with standard output on a fresh pseudo-terminal (or /dev/null), so that the
// `auto` choices can be seen with and without a terminal whatever runs the tests. stdout is
// restored before returning: doctest reports a failed CHECK on stdout, so the checks are
// made on the returned value, outside. Returns nullopt when no pseudo-terminal can be made.
template <typename F>
auto WithStdout(bool terminal, F f) -> std::optional<decltype(f())> {
  std::fflush(stdout);
  const int saved = ::dup(STDOUT_FILENO);
  int master = -1, fd = -1;
  if (terminal) {
    master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master >= 0 && ::grantpt(master) == 0 && ::unlockpt(master) == 0) {
      fd = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
    }
  } else {
    fd = ::open("/dev/null", O_WRONLY);
  }
  std::optional<decltype(f())> result;
  if (saved >= 0 && fd >= 0 && ::dup2(fd, STDOUT_FILENO) >= 0) {
    result = f();
    std::fflush(stdout);
    ::dup2(saved, STDOUT_FILENO);
  }
  if (fd >= 0) ::close(fd);
  if (master >= 0) ::close(master);
  if (saved >= 0) ::close(saved);
  return result;
}

std::optional<bool> Color(bool terminal, const char* mode, bool to_stdout) {
  return WithStdout(terminal, [&] { return ResolveColor(mode, to_stdout); });
}

std::optional<size_t> Width(bool terminal, size_t requested, bool to_stdout) {
  return WithStdout(terminal, [&] { return ResolveWidth(requested, to_stdout); });
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("color: always and never ignore the terminal and the environment") {
  {
    ScopedEnv no_color("NO_COLOR", "1");
    ScopedEnv term("TERM", "dumb");
    CHECK(Color(false, "always", true) == true);
    CHECK(Color(false, "always", false) == true);  // -o FILE too: the user asked for it
  }
  ScopedEnv no_color("NO_COLOR", std::nullopt);
  ScopedEnv term("TERM", "xterm");
  CHECK(Color(true, "never", true) == false);
}

TEST_CASE("color: auto means a terminal on stdout, NO_COLOR unset or empty, TERM not dumb") {
  ScopedEnv term("TERM", "xterm-256color");
  ScopedEnv no_color("NO_COLOR", std::nullopt);
  CHECK(Color(true, "auto", true) == true);
  CHECK(Color(true, "auto", false) == false);  // the report goes to -o FILE
  CHECK(Color(false, "auto", true) == false);  // a pipe or a file on stdout
  {
    ScopedEnv set("NO_COLOR", "1");
    CHECK(Color(true, "auto", true) == false);
  }
  {
    ScopedEnv empty("NO_COLOR", "");  // no-color.org: set AND not empty
    CHECK(Color(true, "auto", true) == true);
  }
  {
    ScopedEnv dumb("TERM", "dumb");
    CHECK(Color(true, "auto", true) == false);
  }
  {
    ScopedEnv unset("TERM", std::nullopt);
    CHECK(Color(true, "auto", true) == true);
  }
}

TEST_CASE("width: --width wins; else the terminal's columns; 100 when not a terminal") {
  ScopedEnv columns("COLUMNS", "132");
  CHECK(Width(false, 0, true) == size_t{100});  // COLUMNS alone does not make a terminal
  CHECK(Width(false, 72, true) == size_t{72});
  CHECK(Width(true, 0, false) == size_t{100});  // -o FILE
  CHECK(Width(true, 60, true) == size_t{60});
  // A fresh pseudo-terminal reports 0 columns, so $COLUMNS is used.
  CHECK(Width(true, 0, true) == size_t{132});
}

TEST_CASE("exit code of a run: 3 (input) wins over 1 (findings), which wins over 0") {
  report::RunStats s;
  CHECK(RunExitCode(s) == 0);
  s.hosts_clean = 3;
  s.hosts_fixed = 1;
  s.hosts_informational = 1;
  s.diagnostics_warning = 4;  // recovered damage is counted, not a failure
  CHECK(RunExitCode(s) == 0);
  s.hosts_unknown = 1;
  CHECK(RunExitCode(s) == 1);  // fix status unknown: someone must look
  s.hosts_unknown = 0;
  s.hosts_needing_action = 2;
  CHECK(RunExitCode(s) == 1);
  report::RunStats failed = s;
  failed.files_failed = 1;
  CHECK(RunExitCode(failed) == 3);
  report::RunStats error = s;
  error.diagnostics_error = 1;
  CHECK(RunExitCode(error) == 3);
  report::RunStats cancelled;
  cancelled.cancelled = true;  // Ctrl-C: the results are partial
  CHECK(RunExitCode(cancelled) == 3);
}

}  // TEST_SUITE
}  // namespace logrx::cli
