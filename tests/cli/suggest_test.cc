// cli/suggest: the "did you mean" hint printed after CLI11 rejects a command line.
#include "cli/suggest.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace logrx::cli {
namespace {

// A small command line shaped like logrx's: a global flag, two subcommands, one with a
// positional and a value option, one with its own subcommands.
struct TestApp {
  CLI::App app{"test", "logrx"};
  std::string format;
  std::vector<std::string> inputs;
  bool quiet = false;
  TestApp() {
    app.add_flag("-q,--quiet", quiet, "quiet");
    CLI::App* scan = app.add_subcommand("scan", "scan");
    scan->add_option("--format", format, "format");
    scan->add_option("inputs", inputs, "inputs");
    CLI::App* rules = app.add_subcommand("rules", "rules");
    rules->add_subcommand("check", "check");
    rules->add_subcommand("test", "test");
  }
};

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("suggest: the closest name within a third of the word's length") {
  const std::vector<std::string> commands{"scan", "dump", "merge", "explain", "rules", "kb"};
  CHECK(Closest("scna", commands) == "scan");     // a transposition: 2 edits
  CHECK(Closest("SCAN", commands) == "scan");     // case does not count
  CHECK(Closest("dunp", commands) == "dump");
  CHECK(Closest("expl", commands) == "explain");  // a prefix counts as one edit
  CHECK(Closest("xyzzy", commands).empty());      // 5 edits from everything
  CHECK(Closest("scan", {}).empty());
  // "--detail" is a prefix of "--details": as good as one edit.
  CHECK(Closest("--detail", {"--details", "--format"}) == "--details");
}

TEST_CASE("suggest: an unknown subcommand names the closest one") {
  TestApp t;
  const std::string hint = SuggestFix(t.app, {"scna", "x.evtx"});
  CHECK(hint == "unknown command 'scna'; did you mean 'scan'? ('logrx --help' lists the commands)");
  const std::string nested = SuggestFix(t.app, {"rules", "chek", "r.xml"});
  CHECK(nested == "unknown command 'chek' for 'logrx rules'; did you mean 'check'? "
                  "('logrx rules --help' lists the commands)");
}

TEST_CASE("suggest: an unknown option names the closest option of that subcommand or above") {
  TestApp t;
  CHECK(SuggestFix(t.app, {"scan", "--fromat", "json", "x.evtx"}) ==
        "unknown option '--fromat' for 'logrx scan'; did you mean '--format'? "
        "('logrx scan --help' lists the options)");
  // A global option is known after the subcommand too; its misspelling is suggested there.
  CHECK(SuggestFix(t.app, {"scan", "--quiett"}).find("did you mean '--quiet'?") !=
        std::string::npos);
  // The value of --format is not taken for a subcommand or an option.
  CHECK(SuggestFix(t.app, {"scan", "--format", "jsno", "x.evtx"}).empty());
  CHECK(SuggestFix(t.app, {"scan", "--format=json", "x.evtx"}).empty());
  // Nothing close: the hint still names the command and where the options are listed.
  CHECK(SuggestFix(t.app, {"scan", "--zzzzzzzz"}) ==
        "unknown option '--zzzzzzzz' for 'logrx scan' ('logrx scan --help' lists the options)");
}

TEST_CASE("suggest: hostile words are escaped in the hint") {
  TestApp t;
  const std::string hint = SuggestFix(t.app, {"\x1b[31mscan"});
  CHECK(hint.find('\x1b') == std::string::npos);
  CHECK(hint.find("unknown command '") == 0);
}

TEST_CASE("suggest: a command line of known words gives no hint") {
  TestApp t;
  CHECK(SuggestFix(t.app, {"-q", "scan", "--format", "json", "a.evtx", "b.evtx"}).empty());
  CHECK(SuggestFix(t.app, {"rules", "check"}).empty());
  CHECK(SuggestFix(t.app, {"scan", "--", "--not-an-option"}).empty());
  CHECK(FindSubcommand(t.app, "rules") != nullptr);
  CHECK(FindSubcommand(t.app, "check") == nullptr);  // only direct subcommands
}

}  // TEST_SUITE
}  // namespace logrx::cli
