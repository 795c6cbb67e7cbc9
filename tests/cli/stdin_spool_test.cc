// cli/stdin_spool: the input "-" is copied once into a temporary file that goes away after.
#include "cli/stdin_spool.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace logrx::cli {
namespace {

namespace fs = std::filesystem;

// Standard input reads `bytes` (through a pipe) for one scope; TMPDIR is `tmpdir`.
class ScopedStdin {
 public:
  ScopedStdin(const std::string& bytes, const std::string& tmpdir) {
    if (const char* old = std::getenv("TMPDIR")) old_tmpdir_ = old;
    ::setenv("TMPDIR", tmpdir.c_str(), 1);
    saved_ = ::dup(STDIN_FILENO);
    int p[2];
    if (saved_ < 0 || ::pipe(p) != 0) return;
    // Small inputs only: the whole input fits the pipe buffer, so no writer thread.
    ok_ = ::write(p[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    ::close(p[1]);
    ok_ = ok_ && ::dup2(p[0], STDIN_FILENO) >= 0;
    ::close(p[0]);
  }
  ~ScopedStdin() {
    if (saved_ >= 0) {
      ::dup2(saved_, STDIN_FILENO);
      ::close(saved_);
    }
    if (old_tmpdir_.empty()) {
      ::unsetenv("TMPDIR");
    } else {
      ::setenv("TMPDIR", old_tmpdir_.c_str(), 1);
    }
  }
  ScopedStdin(const ScopedStdin&) = delete;
  ScopedStdin& operator=(const ScopedStdin&) = delete;
  bool ok() const { return ok_; }

 private:
  int saved_ = -1;
  bool ok_ = false;
  std::string old_tmpdir_;
};

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("stdin spool: standard input is copied whole into $TMPDIR, once, and removed after") {
  const fs::path dir = fs::path(LOGRX_BINARY_DIR) / "test-scratch" / "stdin_spool";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string input = "<Events>\n";
  input.push_back('\0');  // binary bytes survive
  input += "\xff\xfe</Events>\n";
  std::string path;
  {
    ScopedStdin in(input, dir.string());
    REQUIRE(in.ok());
    StdinSpool spool;
    Result<std::string> p = spool.Path();
    REQUIRE(p.ok());
    path = *p;
    CHECK(fs::path(path).parent_path() == dir);
    CHECK(fs::path(path).extension() == ".txt");  // lets a text export be recognised
    CHECK(Slurp(path) == input);
    Result<std::string> again = spool.Path();  // stdin is read once
    REQUIRE(again.ok());
    CHECK(*again == path);
  }
  CHECK_FALSE(fs::exists(path));
  fs::remove_all(dir);
}

TEST_CASE("stdin spool: a $TMPDIR that does not exist is an error naming it") {
  const std::string missing = std::string(LOGRX_BINARY_DIR) + "/test-scratch/no-such-tmpdir";
  ScopedStdin in("x", missing);
  REQUIRE(in.ok());
  StdinSpool spool;
  Result<std::string> p = spool.Path();
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == StatusCode::kIo);
  CHECK(p.status().message().find("no-such-tmpdir") != std::string::npos);
  CHECK_FALSE(spool.Path().ok());  // the same answer the second time
}

}  // TEST_SUITE
}  // namespace logrx::cli
