#include "core/byte_cursor.h"

#include <fmt/format.h>

namespace logrx {

Status ByteCursor::ErrorStatus(std::string_view file) const {
  if (!failed()) return Status();
  return Status::Truncated(fmt::format("{} @0x{:x}: {}: need {} bytes, {} left", file,
                                       error_.offset, error_.what, error_.need, error_.have));
}

}  // namespace logrx
