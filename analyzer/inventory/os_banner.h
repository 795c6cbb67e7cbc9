// OS banner: the OS version line of EventLog 6009 ("Microsoft (R) Windows NT (R) 4.0 1381
// Service Pack 6 Uniprocessor Free.") and of systeminfo's "OS Version" column, parsed
// loosely (docs/inventory.md "Event 6009").
//
//   OsFacts os;
//   if (ParseOsBanner(ev.message, os)) Use(os.version, os.build, os.sp);
//
// Pure functions; thread-safe. On failure `os` is left untouched.
#ifndef LOGRX_INVENTORY_OS_BANNER_H_
#define LOGRX_INVENTORY_OS_BANNER_H_

#include <span>
#include <string>
#include <string_view>

#include "core/event.h"
#include "inventory/host_facts.h"

namespace logrx::inventory {

// The rendered 6009 text: "(R)" optional, "free" any case, trailing period, wrapped lines.
// Needs at least "<major.minor> <build>"; fills product, version, build, csd, sp, sp6a,
// kernel, multiprocessor, checked_build and sets known.
bool ParseOsBanner(std::string_view text, OsFacts& os);

// 6009 insertion strings: {version, build, CSD, kernel[, ...]} (NT4 and modern alike, e.g.
// "10.00." "15063" "" "Multiprocessor Free" "0").
bool ParseOsInsertionStrings(std::span<const Field> data, OsFacts& os);

// "Service Pack 6" -> 6, "Service Pack 6a" -> 6 with *sp6a = true, "" -> 0, other -> -1.
int ServicePackFromCsd(std::string_view csd, bool* sp6a);

// "4.0" -> "Windows NT", "5.0" -> "Windows 2000", ... "10.0" -> "Windows 10 / Server 2016+".
std::string_view ProductForVersion(std::string_view version) noexcept;

// "10.00." -> "10.0", "4.0" -> "4.0"; false when not <digits>.<digits>.
bool NormalizeOsVersion(std::string_view text, std::string& out);

// Fills kernel/multiprocessor/checked_build from "Uniprocessor Free" (any case); false
// when the text names neither Uniprocessor nor Multiprocessor.
bool ParseKernelType(std::string_view text, OsFacts& os);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_OS_BANNER_H_
