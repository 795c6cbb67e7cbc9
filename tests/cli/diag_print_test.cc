// cli/diag_print: every line the CLI prints on stderr is escaped, so text from event logs,
// rules and the KB cannot move the cursor, recolour or clear the terminal, or reorder text.
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

TEST_CASE("stderr escaping: C0 controls, DEL and ESC become \\xNN; newline, CR and tab are spelt") {
  CHECK(StderrSafe("plain text, é ü €") == "plain text, é ü €");
  CHECK(StderrSafe("\x1b[2J\x1b]0;owned\x07") == "\\x1b[2J\\x1b]0;owned\\x07");
  CHECK(StderrSafe("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(StderrSafe(std::string("nul\0del\x7f", 8)) == "nul\\x00del\\x7f");
  CHECK(StderrSafe("\x08\x08\x08") == "\\x08\\x08\\x08");  // backspaces that hide text
}

TEST_CASE("stderr escaping: C1 controls and bidi overrides become \\u{NNNN}; bad UTF-8 \\xNN") {
  CHECK(StderrSafe("\xc2\x9b" "31m") == "\\u{009b}31m");  // the 8-bit CSI
  CHECK(StderrSafe("\xc2\x85") == "\\u{0085}");
  CHECK(StderrSafe("evil\xe2\x80\xaetxt.exe") == "evil\\u{202e}txt.exe");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(StderrSafe("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u{2066}x\\u{2069}");
  CHECK(StderrSafe("\xe2\x80\x8f") == "\xe2\x80\x8f");  // U+200F (a mark, not an override) stays
  CHECK(StderrSafe("\xff\xfe") == "\\xff\\xfe");
  CHECK(StderrSafe("\xc3") == "\\xc3");                   // a sequence cut short
  CHECK(StderrSafe("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // an encoded surrogate
  CHECK(StderrSafe("\xc0\xaf") == "\\xc0\\xaf");          // an overlong '/'
}

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
