// Whether this build runs under a sanitizer whose runtime owns malloc and operator new
// (AddressSanitizer, ThreadSanitizer, MemorySanitizer): code that tunes or replaces the
// allocator (cli/huge_heap, the counting operator new of tests/readers/evtx_alloc_test.cc)
// leaves it alone there.
//
//   #if !LOGRX_SANITIZER_OWNS_MALLOC
//   ... mallopt, sbrk, a replaced operator new ...
//   #endif
//
// gcc says so with __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__, clang with __has_feature.
#ifndef LOGRX_CORE_SANITIZERS_H_
#define LOGRX_CORE_SANITIZERS_H_

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LOGRX_SANITIZER_OWNS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define LOGRX_SANITIZER_OWNS_MALLOC 1
#endif
#endif
#ifndef LOGRX_SANITIZER_OWNS_MALLOC
#define LOGRX_SANITIZER_OWNS_MALLOC 0
#endif

#endif  // LOGRX_CORE_SANITIZERS_H_
