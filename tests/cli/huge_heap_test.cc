// cli/huge_heap: after PlaceHeapInHugePages the blocks malloc carves lie in the advised
// range, blocks from before stay intact, and (where THP is on) touching 1.5 MiB of the heap
// takes a handful of page faults instead of ~380. Each case runs in a forked child: the
// call changes the process's malloc settings for good.
#include "cli/huge_heap.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace logrx::cli {
namespace {

// What the child found; 0 is all good.
enum ChildResult : int {
  kOk = 0,
  kNotAdvised = 10,
  kRangeTooSmall,
  kBlockOutside,
  kOldBlocksChanged,
  kTooManyFaults,
  kForkFailed = 100,
};

// "always" or "madvise" selected: an advised range gets huge pages.
bool TransparentHugePagesOn() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("[always]") != std::string::npos || text.find("[madvise]") != std::string::npos;
}

long MinorFaults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

int Child(bool expect_huge, size_t reserve) {
  // Blocks of every size class from before the call, with known bytes.
  std::vector<char*> old;
  for (size_t size : {24u, 200u, 5000u, 70000u, 300000u}) {
    char* p = static_cast<char*>(std::malloc(size));
    if (p == nullptr) return kNotAdvised;
    std::memset(p, static_cast<int>(size & 0x7f), size);
    old.push_back(p);
  }
  std::free(old[1]);  // a free chunk in a bin, below the range
  old[1] = nullptr;

  HeapRange range;
  // Out of bounds: refused before anything changes.
  if (PlaceHeapInHugePages(size_t{1} << 20, &range) != HugeHeap::kFailed) return kNotAdvised;
  if (PlaceHeapInHugePages(size_t{1} << 30, &range) != HugeHeap::kFailed) return kNotAdvised;
  if (PlaceHeapInHugePages(reserve, &range) != HugeHeap::kAdvised) return kNotAdvised;
  // The reserve's whole 2 MiB ranges: all but at most one.
  if (range.end - range.begin < reserve - (size_t{2} << 20)) return kRangeTooSmall;

  constexpr size_t kBlock = size_t{3} << 19;  // 1.5 MiB: inside the first advised 2 MiB page
  char* block = static_cast<char*>(std::malloc(kBlock));
  const auto at = reinterpret_cast<uintptr_t>(block);
  // The top starts a few pages below the range (the margin the call keeps for malloc's
  // own headers): the block's first pages may lie there, the rest in the range.
  if (block == nullptr || at + (size_t{64} << 10) < range.begin || at + kBlock > range.end) {
    return kBlockOutside;
  }
  const long before = MinorFaults();
  for (size_t i = 0; i < kBlock; i += 4096) block[i] = 1;
  const long faults = MinorFaults() - before;
  // 384 small pages; in huge pages one or two faults, and a few in the margin below the range.
  if (expect_huge && faults > 64) return kTooManyFaults;

  const size_t sizes[] = {24u, 200u, 5000u, 70000u, 300000u};
  for (size_t k = 0; k < old.size(); ++k) {
    if (old[k] == nullptr) continue;
    for (size_t i = 0; i < sizes[k]; ++i) {
      if (old[k][i] != static_cast<char>(sizes[k] & 0x7f)) return kOldBlocksChanged;
    }
    std::free(old[k]);
  }
  std::free(block);
  // The heap still serves and takes back blocks of every size.
  for (size_t round = 0; round < 1000; ++round) std::free(std::malloc(round * 97));
  return kOk;
}

int RunInChild(bool expect_huge, size_t reserve) {
  const pid_t pid = fork();
  if (pid < 0) return kForkFailed;
  if (pid == 0) _exit(Child(expect_huge, reserve));
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return kForkFailed;
  return WEXITSTATUS(status);
}

TEST_SUITE("cli") {
  TEST_CASE("huge heap: new blocks in the advised range, old ones intact, few faults" *
            doctest::skip(!kHugeHeapBuilt)) {
    const bool huge = TransparentHugePagesOn();
    if (!huge) MESSAGE("transparent huge pages are off here: the fault count is not checked");
    for (size_t reserve : {kHugeHeapReserve, kRulesHugeHeapReserve}) {
      CAPTURE(reserve);
      CHECK(RunInChild(huge, reserve) == kOk);
    }
  }
}

}  // namespace
}  // namespace logrx::cli
