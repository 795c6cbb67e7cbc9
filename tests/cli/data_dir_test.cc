// cli/data_dir: where rules/ and kb/ are found when no flag names them. The order between
// the build tree, an installed prefix, a copied folder and ./ is tested on the real program
// in tests/cli/data_dir_order.sh (the lookup starts from the running program's path).
#include "cli/data_dir.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace logrx::cli {

TEST_SUITE("cli") {

TEST_CASE("data dir: a flag is used as given, even when it does not exist") {
  CHECK(ResolveDataDir("/no/such/kb", "kb") == "/no/such/kb");
  CHECK(ResolveDataDir("relative/rules/../rules", "rules") == "relative/rules/../rules");
}

TEST_CASE("data dir: with no candidate folder the bare name is returned (./NAME)") {
  // logrx_tests sits in build/tests/: no marker file there, no share/logrx, no such folder
  // beside it, none installed under that name.
  CHECK(ResolveDataDir("", "no-such-data-folder-7f3a") == "no-such-data-folder-7f3a");
}

TEST_CASE("data dir: a folder next to the program's folder is found, normalised") {
  // build/tests/logrx_tests: <dir>/../NAME is build/NAME; "tests" itself is <dir>/../tests.
  const std::string got = ResolveDataDir("", "tests");
  CHECK(got == (std::filesystem::path(LOGRX_BINARY_DIR) / "tests").lexically_normal().string());
}

}  // TEST_SUITE
}  // namespace logrx::cli
