// HostKey: the one key that says two computer names are the same host. Events, rule
// examples (`rules test`), inventories and --root folders are grouped by it, so `scan`
// and `rules test` correlate the same events together.
//
//   HostKey("exclus1.corp.example.com") == HostKey("\\\\EXCLUS1") == "EXCLUS1"
//
// Surrounding blanks (space, tab, CR, LF, NUL) and a leading UNC "\\" are dropped, the
// first DNS label is kept (an IPv4 address is kept whole) and ASCII letters are upper-cased.
// Pure; thread-safe.
#ifndef LOGRX_RULES_HOST_KEY_H_
#define LOGRX_RULES_HOST_KEY_H_

#include <string>
#include <string_view>

namespace logrx::rules {

std::string HostKey(std::string_view computer);

}  // namespace logrx::rules

#endif  // LOGRX_RULES_HOST_KEY_H_
