// The process heap in transparent huge pages (Linux with glibc): what a run allocates
// (template and skeleton caches, the record and output buffers) is then faulted in 2 MiB at
// a time instead of 4 KiB. On a virtual machine a page's first touch can cost ~10 us, and a
// 16 MiB dump touches ~400 fresh heap pages; in huge pages that is a few faults.
//
//   logrx::cli::PlaceHeapInHugePages(logrx::cli::kHugeHeapReserve);   // before the first thread
//
// How: glibc's malloc carves blocks from the low end of its top chunk, and the kernel
// gives a 2 MiB range huge pages only if nothing in it was touched before the advice. So
// the top is trimmed, the program break is moved to just below a 2 MiB boundary (the gap
// is address space malloc never uses, like any foreign sbrk), one small block makes malloc
// extend the heap from there by the reserve's bytes, and the whole 2 MiB ranges of that
// extension are advised MADV_HUGEPAGE. Blocks up to 4 MiB then come from the heap (not
// from mmap) and the heap is not trimmed below twice the reserve.
//
// It changes no output. The cost is resident memory in 2 MiB steps (a 16 MiB dump: 10.0
// MiB peak RSS instead of 7.3; 256 MiB: 10.1 instead of 8.8; with --jobs 2, 13.1 instead
// of 11.4). Threads other than the main one allocate from their own arenas, in 4 KiB
// pages. Not done under the sanitizers (their allocators own the heap); a no-op where THP
// is off; off with LOGRX_HUGE_PAGES=0. main.cc calls it first thing (the command line's
// own allocations then lie in the range too), `dump` with kHugeHeapReserve, the commands
// that load rules or the knowledge base with kRulesHugeHeapReserve.
#ifndef LOGRX_CLI_HUGE_HEAP_H_
#define LOGRX_CLI_HUGE_HEAP_H_

#include <cstddef>
#include <cstdint>

#include "core/sanitizers.h"

#if !LOGRX_SANITIZER_OWNS_MALLOC && defined(__linux__) && defined(__GLIBC__)
#define LOGRX_HUGE_HEAP 1
#else
#define LOGRX_HUGE_HEAP 0
#endif

namespace logrx::cli {

inline constexpr bool kHugeHeapBuilt = LOGRX_HUGE_HEAP != 0;
// What malloc's first extension reserves; its whole 2 MiB ranges (two) are advised. A
// one-job dump uses a little over 2 MiB of heap: with 4 MiB (one range) an XML dump took 65
// more page faults, with 8 MiB (three) --jobs 2 took 1.4 MiB more peak RSS.
inline constexpr size_t kHugeHeapReserve = size_t{6} << 20;
// For commands that load rules or the knowledge base (scan, rules, kb, explain): ~15 MiB of
// heap. Session 14 (a page fault ~14 us): scan of a 16 MiB System log 2,794 -> 381 page
// faults and 125 -> 100 ms, `kb check` 473 -> 135 faults, for 0.5-0.9 MiB more peak RSS.
// Not for dump: its --jobs 2 took 1.2 MiB more peak RSS for no time saved.
inline constexpr size_t kRulesHugeHeapReserve = size_t{16} << 20;

enum class HugeHeap {
  kAdvised,      // the range is advised; the next blocks malloc carves lie in it
  kUnsupported,  // not Linux with glibc, or a sanitizer build (!kHugeHeapBuilt)
  kFailed,       // sbrk, malloc or madvise refused: the heap works as before
};

struct HeapRange {
  uintptr_t begin = 0;  // 2 MiB aligned
  uintptr_t end = 0;
};

// Call once, early (before much is allocated) and before any thread starts. malloc's
// first extension then reserves `reserve` bytes (REQUIRES: 2 MiB <= reserve <= 512 MiB), of
// which the whole 2 MiB ranges are advised. `advised` (optional): the range.
HugeHeap PlaceHeapInHugePages(size_t reserve = kHugeHeapReserve,
                              HeapRange* advised = nullptr) noexcept;

}  // namespace logrx::cli

#endif  // LOGRX_CLI_HUGE_HEAP_H_
