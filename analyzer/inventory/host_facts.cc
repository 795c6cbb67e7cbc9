#include "inventory/host_facts.h"

#include "core/strings.h"

namespace logrx::inventory {

std::string_view ArchName(Arch a) noexcept {
  switch (a) {
    case Arch::kX86: return "Intel";
    case Arch::kAlpha: return "Alpha";
    case Arch::kX64: return "x64";
    case Arch::kIa64: return "IA64";
    case Arch::kArm64: return "ARM64";
    case Arch::kMips: return "MIPS";
    case Arch::kPpc: return "PowerPC";
    case Arch::kUnknown: break;
  }
  return "unknown";
}

namespace {

std::string_view KbNumber(std::string_view id) noexcept {
  if (!id.empty() && (id[0] == 'Q' || id[0] == 'q')) return id.substr(1);
  if (id.size() > 2 && (id[0] == 'K' || id[0] == 'k') && (id[1] == 'B' || id[1] == 'b')) {
    return id.substr(2);
  }
  return id;
}

}  // namespace

const HotfixFact* HostFacts::FindHotfix(std::string_view id) const noexcept {
  const std::string_view want = KbNumber(id);
  for (const HotfixFact& h : hotfixes) {
    if (KbNumber(h.id) == want) return &h;
  }
  return nullptr;
}

const FileFact* HostFacts::FindFile(std::string_view name) const noexcept {
  for (const FileFact& f : files) {
    if (EqualsNoCase(f.name, name)) return &f;
  }
  return nullptr;
}

}  // namespace logrx::inventory
