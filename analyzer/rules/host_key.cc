#include "rules/host_key.h"

#include "core/strings.h"

namespace logrx::rules {

std::string HostKey(std::string_view computer) {
  std::string_view s = Trim(computer, kSpaceOrNul);
  while (!s.empty() && s.front() == '\\') s.remove_prefix(1);  // "\\EXCLUS1" (UNC form)
  // An IPv4 address (`\\10.0.0.5\ADMIN$` in a listing taken by address) is kept whole: its
  // first label is no host name, and 10.0.0.5 and 10.0.0.6 are two hosts.
  const bool ip = s.find_first_not_of("0123456789.") == std::string_view::npos;
  const size_t dot = s.find('.');
  if (dot != std::string_view::npos && !ip) s = s.substr(0, dot);
  return ToUpperAscii(Trim(s, kSpaceOrNul));
}

}  // namespace logrx::rules
