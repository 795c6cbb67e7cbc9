#include "inventory/systeminfo_list.h"

#include "core/strings.h"
#include "core/text_lines.h"

namespace logrx::inventory {

namespace {

constexpr std::string_view kHostLabel = "Host Name";

// "OS Name:                   Microsoft Windows ..." -> label "OS Name", value after the
// colon. A label line starts in the first column; "[01]: KB123" under a label is indented.
bool SplitLabel(std::string_view raw, std::string_view& label, std::string_view& value) noexcept {
  if (raw.empty() || raw.front() == ' ' || raw.front() == '\t') return false;
  const size_t colon = raw.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  label = Trim(raw.substr(0, colon), kSpaceOrNul);
  value = Trim(raw.substr(colon + 1), kSpaceOrNul);
  return !label.empty();
}

}  // namespace

bool LooksLikeSystemInfoList(std::string_view text) noexcept {
  int seen = 0;
  bool host_first = false, os_name = false;
  ForEachLine(text, [&](uint32_t, std::string_view line) {
    if (Trim(line, kSpaceOrNul).empty()) return true;
    std::string_view label, value;
    const bool labelled = SplitLabel(line, label, value);
    if (seen == 0) host_first = labelled && EqualsNoCase(label, kHostLabel);
    if (seen > 0 && labelled && EqualsNoCase(label, "OS Name")) os_name = true;
    return host_first && !os_name && ++seen < 4;
  });
  return host_first && os_name;
}

std::vector<SystemInfoListRecord> ParseSystemInfoList(std::string_view text) {
  std::vector<SystemInfoListRecord> out;
  ForEachLine(text, [&](uint32_t n, std::string_view line) {
    if (Trim(line, kSpaceOrNul).empty()) return true;
    std::string_view label, value;
    if (SplitLabel(line, label, value)) {
      if (EqualsNoCase(label, kHostLabel) || out.empty()) {
        out.emplace_back();
        out.back().line = n;
      }
      out.back().names.emplace_back(label);
      out.back().values.emplace_back(value);
    } else if (!out.empty() && !out.back().values.empty()) {
      std::string& v = out.back().values.back();  // an indented continuation line
      if (!v.empty()) v += ',';
      v.append(Trim(line, kSpaceOrNul));
    }
    return true;
  });
  return out;
}

}  // namespace logrx::inventory
