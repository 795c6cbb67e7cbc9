#include "cli/huge_heap.h"

#include <cstdint>
#include <cstdlib>

#if LOGRX_HUGE_HEAP
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace logrx::cli {

#if LOGRX_HUGE_HEAP
namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;  // a PMD's span with 4 KiB pages
constexpr uintptr_t kSmallPage = 4096;

constexpr uintptr_t AlignUp(uintptr_t v, uintptr_t a) noexcept { return (v + a - 1) & ~(a - 1); }
constexpr uintptr_t AlignDown(uintptr_t v, uintptr_t a) noexcept { return v & ~(a - 1); }

// sbrk's result, or null where it fails (it returns (void*)-1).
char* Sbrk(intptr_t increment) noexcept {
  void* const p = sbrk(increment);
  return reinterpret_cast<uintptr_t>(p) == UINTPTR_MAX ? nullptr : static_cast<char*>(p);
}

uintptr_t Address(const char* p) noexcept { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

HugeHeap PlaceHeapInHugePages(size_t reserve, HeapRange* advised) noexcept {
  if (advised != nullptr) *advised = {};
  if (sysconf(_SC_PAGESIZE) != static_cast<long>(kSmallPage)) return HugeHeap::kUnsupported;
  if (reserve < kHugePage || reserve > (size_t{512} << 20)) return HugeHeap::kFailed;
  // The top chunk back to the system: what is left of it is under a page.
  mallopt(M_TOP_PAD, 0);
  malloc_trim(0);
  // A block larger than every free byte cannot come from a bin or the top: malloc must
  // extend the heap. It is written only at its header and the new top's header, both in
  // the `margin` below the boundary.
  const size_t probe = mallinfo2().fordblks + 64;
  const uintptr_t margin = AlignUp(probe + 2 * kSmallPage, kSmallPage);
  char* const brk = Sbrk(0);
  if (brk == nullptr) return HugeHeap::kFailed;
  // Pointers into the heap are made from brk: the boundary is `gap + margin` above it.
  const uintptr_t gap = AlignUp(Address(brk) + margin, kHugePage) - margin - Address(brk);
  char* const boundary = brk + gap + margin;
  if (Sbrk(static_cast<intptr_t>(gap)) == nullptr) return HugeHeap::kFailed;
  mallopt(M_TOP_PAD, static_cast<int>(reserve));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * reserve));
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  void* volatile block = std::malloc(probe);  // volatile: the pair is not optimised away
  if (block == nullptr) return HugeHeap::kFailed;
  std::free(block);
  char* const top = Sbrk(0);
  if (top == nullptr) return HugeHeap::kFailed;
  const uintptr_t end = AlignDown(Address(top), kHugePage);
  if (end <= Address(boundary)) return HugeHeap::kFailed;
  const size_t size = end - Address(boundary);
  if (madvise(boundary, size, MADV_HUGEPAGE) != 0) return HugeHeap::kFailed;
  if (advised != nullptr) *advised = {Address(boundary), end};
  return HugeHeap::kAdvised;
}
#else
HugeHeap PlaceHeapInHugePages(size_t /*reserve*/, HeapRange* advised) noexcept {
  if (advised != nullptr) *advised = {};
  return HugeHeap::kUnsupported;
}
#endif

}  // namespace logrx::cli
