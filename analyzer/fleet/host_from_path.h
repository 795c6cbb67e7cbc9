// The host of events that carry no computer name (Vista+ Event Viewer "Save All Events
// As" CSV/text has no Computer column): taken from the file's path.
//
//   HostFromPath("fleet/NODE7/System.csv")     -> "NODE7"   (a log's own name: the folder)
//   HostFromPath("exports/WEB01-System.txt")  -> "WEB01"   (the name before '-' or '.')
//
// Pure; thread-safe. Returns "" when the path names nothing usable.
#ifndef LOGRX_FLEET_HOST_FROM_PATH_H_
#define LOGRX_FLEET_HOST_FROM_PATH_H_

#include <string>
#include <string_view>

namespace logrx::fleet {

std::string HostFromPath(std::string_view path);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_HOST_FROM_PATH_H_
