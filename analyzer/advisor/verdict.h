// Verdicts: does a host carry a package? File checks and registry keys judged against
// HostFacts, in the order of proof of docs/kb.md: file version > file date (with size)
// > Hotfix registry key; a size alone is only a weak hint (several builds share it).
//
//   PackageState s = JudgePackage(kb, *kb.FindPackage("Q299444"), facts);
//   if (s.state == Installed::kNo) ... s.reason, s.checks
//
// Pure and thread-safe.
#ifndef LOGRX_ADVISOR_VERDICT_H_
#define LOGRX_ADVISOR_VERDICT_H_

#include <string>
#include <string_view>
#include <vector>

#include "advisor/host_report.h"
#include "inventory/host_facts.h"
#include "kb/knowledge_base.h"

namespace logrx::advisor {

// One file check against the host's file fact of that name (or its absence).
// `platform_note` is prefixed to the reason when the platform had to be guessed.
CheckResult EvaluateFileCheck(const kb::Package& pkg, const kb::FileCheck& check,
                              const inventory::HostFacts& facts, std::string_view platform_note);

// The Hotfix\<key> registry check (also true when a package superseding `pkg` is listed).
CheckResult EvaluateRegistryCheck(const kb::KnowledgeBase& kb, const kb::Package& pkg,
                                  const inventory::HostFacts& facts);

enum class Installed : uint8_t { kYes, kNo, kUnknown };

struct PackageState {
  Installed state = Installed::kUnknown;
  std::string reason;                // one sentence, with the deciding evidence
  std::vector<CheckResult> checks;   // file checks for the host's platform(s) + registry
};

// Judges whether `pkg` is on the host: service packs from the OS facts (6009), SP6a from
// Hotfix\Q246009, hotfixes and rollups from their file checks, then the registry.
PackageState JudgePackage(const kb::KnowledgeBase& kb, const kb::Package& pkg,
                          const inventory::HostFacts& facts);

// The host's OS edition token as packages' os= lists use it: "NT4", "NT4-TSE", or ""
// when unknown.
std::string HostEdition(const inventory::HostFacts& facts);

// True when `pkg` can be installed on a host of `edition` ("" = unknown: everything that
// is not edition-specific to TSE applies).
bool PackageApplies(const kb::Package& pkg, std::string_view edition);

}  // namespace logrx::advisor

#endif  // LOGRX_ADVISOR_VERDICT_H_
