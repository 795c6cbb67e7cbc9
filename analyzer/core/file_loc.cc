#include "core/file_loc.h"

#include <fmt/format.h>

namespace logrx {

std::string FileLoc::ToString() const {
  if (line != 0 && column != 0) return fmt::format("{}:{}:{}", file, line, column);
  if (line != 0) return fmt::format("{}:{}", file, line);
  if (offset != kNoOffset) return fmt::format("{} @0x{:x}", file, offset);
  return file;
}

}  // namespace logrx
