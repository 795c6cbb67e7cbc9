#include "support/report_golden.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

namespace logrx::testing {

void CheckGolden(const std::string& relative_path, const std::string& actual) {
  const std::filesystem::path path =
      std::filesystem::path(LOGRX_SOURCE_DIR) / "tests" / "golden" / relative_path;
  const char* update = std::getenv("LOGRX_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    MESSAGE("golden file rewritten: " << path.string());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file " << path.string()
                                                    << " (run with LOGRX_UPDATE_GOLDEN=1)");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string expected = buf.str();
  if (expected == actual) return;
  std::istringstream a(actual), e(expected);
  std::string la, le;
  int line = 0;
  while (true) {
    ++line;
    const bool ga = static_cast<bool>(std::getline(a, la));
    const bool ge = static_cast<bool>(std::getline(e, le));
    if (!ga && !ge) break;
    if (ga != ge || la != le) {
      FAIL_CHECK(relative_path << ":" << line << ": differs\n  expected: " << (ge ? le : "<eof>")
                               << "\n  actual:   " << (ga ? la : "<eof>"));
      return;
    }
  }
  FAIL_CHECK(relative_path << ": differs (line endings or final newline)");
}

}  // namespace logrx::testing
