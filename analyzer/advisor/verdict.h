// Verdicts: does a host carry a package? The one place of the evidence ladder
// (docs/inventory.md "Evidence ladder"): file evidence decides (version resource; else the
// documented build's date and size; else a date at or after the fix date); a size alone is
// only a weak hint (several builds share it); the Hotfix list never proves a fix by itself
// ("listed, not verified") and never outweighs older files ("stale").
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
// Applies the file rungs of the ladder: version; else date with the documented size;
// else a date at or after the fix date; else size (weak).
CheckResult EvaluateFileCheck(const kb::Package& pkg, const kb::FileCheck& check,
                              const inventory::HostFacts& facts, std::string_view platform_note);

// The Hotfix\<key> registry check (also true when a package superseding `pkg` is listed).
CheckResult EvaluateRegistryCheck(const kb::KnowledgeBase& kb, const kb::Package& pkg,
                                  const inventory::HostFacts& facts);

// kYes: proven by files (or the OS facts, for service packs). kListed: the Hotfix list
// names it but no file proves it (not fixed: collect the files). kNo: files older than
// the fix, or not listed and not proven. kUnknown: nothing either way.
enum class Installed : uint8_t { kYes, kNo, kUnknown, kListed };

struct PackageState {
  Installed state = Installed::kUnknown;
  bool stale = false;                // listed, but the files are older than the fix
  std::string reason;                // one sentence, with the deciding evidence
  std::string to_collect;            // for kListed/kUnknown: what would settle it
  std::string platform;              // the host's platform as decided ("Intel"), "" unknown
  std::string platform_how;          // the evidence for `platform`
  std::vector<CheckResult> checks;   // file checks for the host's platform(s) + registry
};

// The host's platform and how it was worked out, in this order: a PE machine type in the
// file facts, the OS facts' architecture (systeminfo System Type, an inventory
// declaration), a file whose size is documented for one platform's builds only.
// kAny = unknown. `how` is one sentence naming the evidence.
struct HostPlatform {
  kb::Platform platform = kb::Platform::kAny;
  std::string how;
};
HostPlatform DecidePlatform(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts);

// A host name fit to paste into a command: a valid NetBIOS or DNS name (letters, digits,
// '-', '.', at most 253 characters, labels of 1..63 not starting or ending with '-').
bool IsSafeHostName(std::string_view host) noexcept;

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
