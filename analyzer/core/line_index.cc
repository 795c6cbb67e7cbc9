#include "core/line_index.h"

#include <algorithm>

namespace logrx {

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    starts_.push_back(i + 1);
  }
}

uint32_t LineIndex::LineOf(ptrdiff_t offset) const noexcept {
  if (offset < 0) return 0;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<size_t>(offset));
  return static_cast<uint32_t>(it - starts_.begin());
}

}  // namespace logrx
