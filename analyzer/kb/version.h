// Versions, dates and byte counts as KB file checks use them.
//
//   int c = 0;
//   if (CompareVersions("4.0.1381.7103", "4.0.1381.7142", c) && c < 0) { /* older */ }
//
// Pure, thread-safe, never allocates except FormatBytes/ToString.
#ifndef LOGRX_KB_VERSION_H_
#define LOGRX_KB_VERSION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "kb/model.h"

namespace logrx::kb {

// True when `v` is 1..4 dot-separated decimal numbers, each < 2^32 ("4.0.1381.7103").
bool IsVersion(std::string_view v) noexcept;

// Compares numerically component by component; missing trailing components count as 0
// ("4.0" == "4.0.0.0"). Text after the last digit (" (SP6a)") is ignored, as Windows
// appends build labels to FileVersion. Returns false when either side is not a version.
bool CompareVersions(std::string_view a, std::string_view b, int& cmp) noexcept;

// "2000-04-04" -> Date. Rejects other shapes and impossible days.
bool ParseDate(std::string_view text, Date& out) noexcept;

// "192,272" for 192272 (the articles' notation).
std::string FormatBytes(uint64_t n);

}  // namespace logrx::kb

#endif  // LOGRX_KB_VERSION_H_
