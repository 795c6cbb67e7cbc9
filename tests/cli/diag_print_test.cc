// cli/diag_print: every line the CLI prints on stderr is escaped, so text from event logs,
// rules and the KB cannot move the cursor, recolour or clear the terminal, or reorder text.
// The escaping itself (report::TerminalSafe) is tested in tests/report/escape_test.cc.
#include "cli/diag_print.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace logrx::cli {
namespace {

// Captures what is written to file descriptor 2 during one scope.
class CapturedStderr {
 public:
  CapturedStderr() : path_(std::string(LOGRX_BINARY_DIR) + "/test-scratch/stderr.capture") {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    file_ = std::fopen(path_.c_str(), "wb");
    if (saved_ >= 0 && file_ != nullptr) ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~CapturedStderr() { Restore(); }
  CapturedStderr(const CapturedStderr&) = delete;
  CapturedStderr& operator=(const CapturedStderr&) = delete;
  std::string Text() {
    Restore();
    std::ifstream in(path_, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  void Restore() {
    std::fflush(stderr);
    if (saved_ >= 0) {
      ::dup2(saved_, STDERR_FILENO);
      ::close(saved_);
      saved_ = -1;
    }
    if (file_ != nullptr) {
      std::fclose(file_);
      file_ = nullptr;
    }
  }
  std::string path_;
  int saved_ = -1;
  std::FILE* file_ = nullptr;
};

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("stderr escaping: a diagnostic from hostile input is printed as one escaped line") {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.file = "logs/\x1b[31mRED\x1b[0m.xml";
  d.line = 7;
  d.structure = "event 2";
  d.what = "provider '\xc2\x9b" "2J' \xe2\x80\xae" "gnp.exe\nsecond line";
  CapturedStderr err;
  PrintDiagnostic("logrx scan", d);
  PrintError("logrx merge", "part '\x1b[1A\r' is bad");
  const std::string text = err.Text();
  CHECK(text ==
        "logrx scan: warning: logs/\\x1b[31mRED\\x1b[0m.xml:7 (event 2): provider '\\u{009b}2J' "
        "\\u{202e}gnp.exe\\nsecond line\n"
        "logrx merge: part '\\x1b[1A\\r' is bad\n");
}

}  // TEST_SUITE
}  // namespace logrx::cli
