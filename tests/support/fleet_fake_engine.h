// A fake fleet::ScanStages for scanner tests: reads "COMPUTER EVENT_ID RECORD_ID" lines from
// .txt files (anything else is kUnsupported, a file named *fail* is kIo; a line "BAD" is
// reported as an error diagnostic with its line number), hits on event
// 1024, de-duplicates hits by record id, and advises needs-action when there is a match.
#ifndef LOGRX_TESTS_SUPPORT_FLEET_FAKE_ENGINE_H_
#define LOGRX_TESTS_SUPPORT_FLEET_FAKE_ENGINE_H_

#include <memory>

#include "fleet/scan_stages.h"

namespace logrx::testing {

std::unique_ptr<fleet::ScanStages> NewFakeEngine();

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_FLEET_FAKE_ENGINE_H_
