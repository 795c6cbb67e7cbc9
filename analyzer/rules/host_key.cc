#include "rules/host_key.h"

#include "core/strings.h"

namespace logrx::rules {

std::string HostKey(std::string_view computer) {
  std::string_view s = Trim(computer, kSpaceOrNul);
  while (!s.empty() && s.front() == '\\') s.remove_prefix(1);  // "\\EXCLUS1" (UNC form)
  const size_t dot = s.find('.');
  if (dot != std::string_view::npos) s = s.substr(0, dot);
  return ToUpperAscii(Trim(s, kSpaceOrNul));
}

}  // namespace logrx::rules
