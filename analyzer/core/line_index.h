// LineIndex: byte offsets in a text to 1-based line numbers, for errors in text and XML
// files (pugixml reports byte offsets; people read lines).
//
//   LineIndex lines(text);
//   lines.LineOf(parse_result.offset);   // 12
//
// Building costs one pass over the text and one size_t per line; a lookup is a binary
// search. Immutable once built; thread-safe for concurrent lookups.
#ifndef LOGRX_CORE_LINE_INDEX_H_
#define LOGRX_CORE_LINE_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace logrx {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The line holding byte `offset` (a LF belongs to the line it ends). 0 for a negative
  // offset (pugixml's "unknown"); an offset past the end gives the last line.
  uint32_t LineOf(ptrdiff_t offset) const noexcept;

 private:
  std::vector<size_t> starts_;  // byte offset where each line starts
};

}  // namespace logrx

#endif  // LOGRX_CORE_LINE_INDEX_H_
