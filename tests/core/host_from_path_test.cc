#include "core/host_from_path.h"

#include <doctest/doctest.h>

namespace logrx {

TEST_SUITE("core") {

TEST_CASE("host from file name: the words before the first log or inventory word") {
  CHECK(HostFromFileName("exports/WEB01-System.txt") == "WEB01");
  CHECK(HostFromFileName("inv/EXCLUS1_files.csv") == "EXCLUS1");
  CHECK(HostFromFileName("WEB02.csv") == "WEB02");
  // Host names with '-' are kept whole, whichever separator comes before the kind word.
  CHECK(HostFromFileName("exports/FC-NODE1-System.txt") == "FC-NODE1");
  CHECK(HostFromFileName("FC-NODE1_hotfix.reg") == "FC-NODE1");
  CHECK(HostFromFileName("SQL-01-SysEvent.evt") == "SQL-01");
  CHECK(HostFromFileName("WEB-01.reg") == "WEB-01");
  CHECK(HostFromFileName("WEB01 - Application.csv") == "WEB01");
  CHECK(HostFromFileName("WEB01.contoso.com-System.evtx") == "WEB01");
  // Without a kind word: up to the first '_' (not part of a DNS host name).
  CHECK(HostFromFileName("WEB01_2002-04-02.csv") == "WEB01");
  // The kind word is matched whole and in any case.
  CHECK(HostFromFileName("SYSTEMS01-security.csv") == "SYSTEMS01");
  CHECK(HostFromFileName("System.csv") == "");
  CHECK(HostFromFileName("hotfix.reg") == "");
  CHECK(HostFromFileName("") == "");
}

TEST_CASE("host from path: the file name, else the folder the file sits in") {
  CHECK(HostFromPath("fleet/NODE7/System.csv") == "NODE7");
  CHECK(HostFromPath("fleet/NODE7/application.txt") == "NODE7");
  CHECK(HostFromPath("C:\\logs\\SQL1\\SysEvent.csv") == "SQL1");
  CHECK(HostFromPath("fleet/EXCLUS1/files.csv") == "EXCLUS1");
  CHECK(HostFromPath("fleet/FC-NODE2/FC-NODE2-System.csv") == "FC-NODE2");
  CHECK(HostFromPath("exports/WEB01-System.txt") == "WEB01");
  CHECK(HostFromPath("System.csv") == "");
  CHECK(HostFromPath("./System.csv") == "");
  CHECK(HostFromPath("logs/System.csv") == "");       // a folder named for what it holds
  CHECK(HostFromPath("C:\\System.csv") == "");        // a drive is not a host
  CHECK(HostFromPath("/System.csv") == "");
}

TEST_CASE("path text on either separator") {
  CHECK(PathBaseName("C:\\WINNT\\system32\\x.dll") == "x.dll");
  CHECK(PathBaseName("a/b/c.evtx") == "c.evtx");
  CHECK(PathBaseName("c.evtx") == "c.evtx");
  CHECK(PathFolder("a/b/c.evtx") == "a/b");
  CHECK(PathFolder("c.evtx") == "");
  CHECK(StripTrailingSlashes("a/b//") == "a/b");
  CHECK(StripTrailingSlashes("/") == "/");
}

}  // TEST_SUITE

}  // namespace logrx
