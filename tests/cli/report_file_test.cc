// cli/report_file: -o FILE is checked before the work and replaced only by a whole report.
#include "cli/report_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace logrx::cli {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the build tree, removed at the end of the test.
struct ScratchDir {
  fs::path path;
  explicit ScratchDir(const std::string& name)
      : path(fs::path(LOGRX_BINARY_DIR) / "test-scratch" / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t CountEntries(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("report file: the new report replaces the old one only when committed") {
  ScratchDir dir("report_file_commit");
  const fs::path report = dir.path / "r.json";
  std::ofstream(report) << "old report\n";
  {
    ReportFile out;
    REQUIRE(out.Open(report.string()).ok());
    CHECK_FALSE(out.to_stdout());
    std::fputs("new report\n", out.file());
    // Written to a temporary beside it: the old report is still whole.
    CHECK(Slurp(report) == "old report\n");
    CHECK(CountEntries(dir.path) == 2);
    REQUIRE(out.Commit(0).ok());
  }
  CHECK(Slurp(report) == "new report\n");
  CHECK(CountEntries(dir.path) == 1);  // no temporary left
}

TEST_CASE("report file: a failed write or an uncommitted run leaves the old report") {
  ScratchDir dir("report_file_fail");
  const fs::path report = dir.path / "r.txt";
  std::ofstream(report) << "old\n";
  {
    ReportFile out;
    REQUIRE(out.Open(report.string()).ok());
    std::fputs("half", out.file());
    const Status s = out.Commit(ENOSPC);
    CHECK(s.code() == StatusCode::kIo);
    CHECK(s.message().find("r.txt") != std::string::npos);
    CHECK(s.message().find(std::strerror(ENOSPC)) != std::string::npos);
  }
  CHECK(Slurp(report) == "old\n");
  CHECK(CountEntries(dir.path) == 1);
  {
    ReportFile out;  // opened, never committed (the run failed): the temporary goes away
    REQUIRE(out.Open(report.string()).ok());
    std::fputs("never", out.file());
  }
  CHECK(Slurp(report) == "old\n");
  CHECK(CountEntries(dir.path) == 1);
  // A broken pipe is not an error to print.
  ReportFile piped;
  REQUIRE(piped.Open(report.string()).ok());
  CHECK(IsBrokenPipe(piped.Commit(EPIPE)));
}

TEST_CASE("report file: bad paths are refused at Open, before any work, naming the path") {
  ScratchDir dir("report_file_bad");
  {
    ReportFile out;
    const Status s = out.Open(dir.path.string());
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK(s.message().find("is a folder") != std::string::npos);
  }
  {
    ReportFile out;
    const Status s = out.Open((dir.path / "missing" / "r.json").string());
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK(s.message().find("does not exist") != std::string::npos);
  }
  {
    ReportFile out;
    CHECK(out.Open((dir.path / "x/").string()).code() == StatusCode::kInvalidArgument);
  }
  {
    const fs::path fifo = dir.path / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    ReportFile out;  // nobody reads it: refused at once, never a hang
    const Status s = out.Open(fifo.string());
    CHECK(s.code() == StatusCode::kIo);
    CHECK(s.message().find("a FIFO with no reader") != std::string::npos);
  }
  {
    ReportFile out;  // a hostile name is escaped in the message
    const Status s = out.Open((dir.path / "no\x1b[2Jdir" / "r.json").string());
    CHECK(s.message().find('\x1b') == std::string::npos);
    CHECK(s.message().find("\\x1b[2J") != std::string::npos);
  }
  CHECK(CountEntries(dir.path) == 1);  // the FIFO only: nothing was created
}

TEST_CASE("report file: '-' and '' are standard output") {
  ReportFile a;
  REQUIRE(a.Open("-").ok());
  CHECK(a.to_stdout());
  ReportFile b;
  REQUIRE(b.Open("").ok());
  CHECK(b.file() == stdout);
}

}  // TEST_SUITE
}  // namespace logrx::cli
