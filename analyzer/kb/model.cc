#include "kb/model.h"

#include <fmt/format.h>

#include "core/enum_names.h"

namespace logrx::kb {

std::string KbLoc::ToString() const { return fmt::format("{}:{}", file, line); }

int Date::Compare(const Date& o) const noexcept {
  if (year != o.year) return year < o.year ? -1 : 1;
  if (month != o.month) return month < o.month ? -1 : 1;
  if (day != o.day) return day < o.day ? -1 : 1;
  return 0;
}

std::string Date::ToString() const {
  if (!set()) return std::string();
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

const Cause* Article::FindCause(const std::string& cause_id) const noexcept {
  for (const Cause& c : causes) {
    if (c.id == cause_id) return &c;
  }
  return nullptr;
}

namespace {

constexpr EnumNames<PackageKind, 4> kPackageKindNames{{"service-pack", "rollup", "hotfix", "update"}};
static_assert(static_cast<size_t>(PackageKind::kUpdate) + 1 == kPackageKindNames.names.size());

}  // namespace

const char* PackageKindName(PackageKind k) noexcept { return kPackageKindNames.Name(k, "hotfix"); }

bool ParsePackageKind(std::string_view name, PackageKind& out) noexcept {
  return kPackageKindNames.Parse(name, out);
}

const char* PlatformName(Platform p) noexcept {
  switch (p) {
    case Platform::kAny: return "any";
    case Platform::kIntel: return "Intel";
    case Platform::kAlpha: return "Alpha";
    case Platform::kX64: return "x64";
  }
  return "any";
}

}  // namespace logrx::kb
