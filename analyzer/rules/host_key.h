// Host identity: the one key that says two computer names are the same host, and the
// host a file's path names when its events carry no computer name.
//
//   HostKey("exclus1.corp.example.com") == HostKey("\\\\EXCLUS1") == "EXCLUS1"
//   HostFromPath("fleet/NODE7/System.csv")     -> "NODE7"   (a log's own name: the folder)
//   HostFromPath("exports/WEB01-System.txt")  -> "WEB01"   (the name before '-', '_' or '.')
//
// Both are pure and thread-safe.
#ifndef LOGRX_RULES_HOST_KEY_H_
#define LOGRX_RULES_HOST_KEY_H_

#include <string>
#include <string_view>

namespace logrx::rules {

// Events, rule examples (`rules test`), inventories and --root folders are grouped by
// this key, so `scan` and `rules test` correlate the same events together. Surrounding
// blanks (space, tab, CR, LF, NUL) and a leading UNC "\\" are dropped, the first DNS
// label is kept and ASCII letters are upper-cased.
std::string HostKey(std::string_view computer);

// The host of events that carry no computer name (Vista+ Event Viewer "Save All Events
// As" CSV/text has no Computer column) and of inventory files: taken from the file's
// path. "" when the path names nothing usable.
std::string HostFromPath(std::string_view path);

}  // namespace logrx::rules

#endif  // LOGRX_RULES_HOST_KEY_H_
