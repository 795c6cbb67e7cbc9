// Arena: bump allocation for per-chunk/per-record strings, reset (not freed) between
// units so steady-state reading allocates nothing.
//
//   arena.Reset();                                  // start of a chunk
//   std::string_view s = arena.Copy(decoded_text);  // valid until the next Reset()
//
// Not thread-safe; one arena per reader (per worker thread).
#ifndef LOGRX_CORE_ARENA_H_
#define LOGRX_CORE_ARENA_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace logrx {

class Arena {
 public:
  explicit Arena(size_t block_size = 64 * 1024) : block_size_(block_size) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Returns `n` bytes aligned to `align` (a power of two <= alignof(max_align_t)).
  // Valid until Reset() or destruction.
  char* Allocate(size_t n, size_t align = 1) {
    size_t pad = (align - (reinterpret_cast<uintptr_t>(cur_) & (align - 1))) & (align - 1);
    if (cur_ == nullptr || pad + n > static_cast<size_t>(end_ - cur_)) {
      NewBlock(n + align);
      pad = (align - (reinterpret_cast<uintptr_t>(cur_) & (align - 1))) & (align - 1);
    }
    char* out = cur_ + pad;
    cur_ = out + n;
    return out;
  }
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = Allocate(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  // Forgets every allocation but keeps the blocks (capacity) for reuse.
  void Reset() noexcept {
    next_block_ = 0;
    cur_ = end_ = nullptr;
  }
  size_t capacity() const noexcept {
    size_t n = 0;
    for (const auto& b : blocks_) n += b.size;
    return n;
  }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  void NewBlock(size_t at_least) {
    // Reuse a kept block when it is big enough; otherwise insert a new one here.
    while (next_block_ < blocks_.size() && blocks_[next_block_].size < at_least) ++next_block_;
    if (next_block_ == blocks_.size()) {
      const size_t size = at_least > block_size_ ? at_least : block_size_;
      // Not zero-filled: every byte handed out is written by its user first.
      blocks_.push_back(Block{std::make_unique_for_overwrite<char[]>(size), size});
    }
    Block& b = blocks_[next_block_++];
    cur_ = b.data.get();
    end_ = cur_ + b.size;
  }

  size_t block_size_;
  std::vector<Block> blocks_;
  size_t next_block_ = 0;
  char* cur_ = nullptr;
  char* end_ = nullptr;
};

}  // namespace logrx

#endif  // LOGRX_CORE_ARENA_H_
