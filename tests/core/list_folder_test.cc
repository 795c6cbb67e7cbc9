#include "core/list_folder.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace logrx {
namespace {

namespace fs = std::filesystem;

struct TempFolder {
  fs::path path = fs::temp_directory_path() / ("logrx-list-folder-" + std::to_string(::getpid()));
  TempFolder() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void Touch(const std::string& name) const { std::ofstream(path / name) << "x"; }
};

}  // namespace

TEST_SUITE("core") {

TEST_CASE("list folder: the entries `keep` accepts, sorted, not the subfolders' entries") {
  TempFolder t;
  for (const char* n : {"b.xml", "a.xml", "C.XML", "notes.txt"}) t.Touch(n);
  fs::create_directories(t.path / "sub");
  std::ofstream(t.path / "sub" / "d.xml") << "x";
  const FolderListing all = ListFolder(t.path);
  CHECK_FALSE(all.error);
  CHECK_FALSE(all.truncated);
  REQUIRE(all.paths.size() == 5);  // four files and the folder "sub"
  CHECK(all.paths.front().filename() == "C.XML");  // byte order: upper case first
  CHECK(all.paths.back().filename() == "sub");
  const FolderListing xml = ListFolder(t.path, [](const fs::directory_entry& e) {
    return e.path().extension() == ".xml";
  });
  REQUIRE(xml.paths.size() == 2);
  CHECK(xml.paths[0] == t.path / "a.xml");
  CHECK(xml.paths[1] == t.path / "b.xml");
}

TEST_CASE("list folder: a folder that cannot be listed gives an error, not an exception") {
  TempFolder t;
  const FolderListing missing = ListFolder(t.path / "absent");
  CHECK(missing.error);
  CHECK(missing.paths.empty());
  t.Touch("file");
  const FolderListing not_a_folder = ListFolder(t.path / "file");
  CHECK(not_a_folder.error);
}

}  // TEST_SUITE
}  // namespace logrx
