// Test helpers for kb/ and advisor/: the shipped knowledge base, host facts and rule
// matches built by hand (no rule engine, no inventory parser needed).
//
//   auto kb = testkb::ShippedKb();
//   inventory::HostFacts h = testkb::Nt4Host("EXCLUS1", 6); testkb::AddFile(h, "winlogon.exe", ...);
#ifndef LOGRX_TESTS_SUPPORT_KB_FIXTURES_H_
#define LOGRX_TESTS_SUPPORT_KB_FIXTURES_H_

#include <cstdint>
#include <memory>
#include <string>

#include "inventory/host_facts.h"
#include "kb/knowledge_base.h"
#include "rules/match.h"

namespace logrx::testkb {

// kb/ of the source tree, loaded once per call (checked: a broken KB fails the test).
std::shared_ptr<const kb::KnowledgeBase> ShippedKb();

// An NT 4.0 host as EventLog 6009 describes it: sp = -1 (unknown), 0..6.
inventory::HostFacts Nt4Host(const std::string& name, int sp, bool sp6a = false);

// Adds a file fact; empty version / date "" / size 0 mean "not known".
void AddFile(inventory::HostFacts& h, const std::string& lower_name, const std::string& version,
             const std::string& date, uint64_t size,
             inventory::Arch arch = inventory::Arch::kUnknown);
void AddHotfix(inventory::HostFacts& h, const std::string& id);

// One ClusSvc 1024 match pointing at `kb`/`cause`, with key/resource captures.
rules::Match Match1024(const std::string& host, const std::string& kb, const std::string& cause,
                       const std::string& key, const std::string& resource);

}  // namespace logrx::testkb

#endif  // LOGRX_TESTS_SUPPORT_KB_FIXTURES_H_
