#include "fleet/host_from_path.h"

#include <doctest/doctest.h>

namespace logrx::fleet {

TEST_SUITE("fleet") {

TEST_CASE("host from path: a file named after its host, or a log's own name in the host's folder") {
  CHECK(HostFromPath("fleet/NODE7/System.csv") == "NODE7");
  CHECK(HostFromPath("fleet/NODE7/application.txt") == "NODE7");
  CHECK(HostFromPath("exports/WEB01-System.txt") == "WEB01");
  CHECK(HostFromPath("WEB02.csv") == "WEB02");
  CHECK(HostFromPath("C:\\logs\\SQL1\\SysEvent.csv") == "SQL1");
  CHECK(HostFromPath("System.csv") == "");
  CHECK(HostFromPath("inv/EXCLUS1_files.csv") == "EXCLUS1");
  CHECK(HostFromPath("fleet/EXCLUS1/files.csv") == "EXCLUS1");
}

}  // TEST_SUITE

}  // namespace logrx::fleet
