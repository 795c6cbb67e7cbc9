// Golden-file comparison for doctest: CheckGolden("report/small_fleet.txt", text) compares
// with tests/golden/report/small_fleet.txt byte for byte and fails printing the first
// differing line. LOGRX_UPDATE_GOLDEN=1 rewrites the file instead (read the diff!).
#ifndef LOGRX_TESTS_SUPPORT_REPORT_GOLDEN_H_
#define LOGRX_TESTS_SUPPORT_REPORT_GOLDEN_H_

#include <string>

namespace logrx::testing {

void CheckGolden(const std::string& relative_path, const std::string& actual);

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_REPORT_GOLDEN_H_
