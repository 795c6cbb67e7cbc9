#include "fleet/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/strings.h"
#include "readers/format_sniff.h"

namespace logrx::fleet {

namespace {

// Reads the first 8 bytes for readers::HasBinaryLogMagic; false if unreadable.
bool HasBinaryLogMagicAt(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::byte head[8] = {};
  const ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  return n == 8 && readers::HasBinaryLogMagic(head);
}

bool ValidUtf8(std::string_view s) noexcept {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

}  // namespace

// A name that is not UTF-8 keeps its bytes: each byte of an ill-formed sequence, and
// each backslash, becomes \xNN; valid UTF-8 is kept as is (so names that are UTF-8 do
// not change).
std::string DisplayPath(std::string_view raw) {
  if (ValidUtf8(raw)) return std::string(raw);
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    const auto c = static_cast<unsigned char>(raw[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n != 0 && i + n <= raw.size() && ValidUtf8(raw.substr(i, n)) && c != '\\') {
      out.append(raw.substr(i, n));
      i += n;
      continue;
    }
    out += fmt::format("\\x{:02x}", c);
    ++i;
  }
  return out;
}

namespace {

std::string Join(const std::string& dir, const char* name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string Normalize(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

class Walker {
 public:
  Walker(const WalkOptions& options, const std::vector<std::string>& inputs, DiagnosticSink& sink)
      : sink_(sink), inventory_dirs_(options.inventory_dirs), max_files_(options.max_files),
        follow_(options.follow) {
    for (const std::string& d : options.skip_dirs) {
      struct stat st {};
      if (::stat(d.c_str(), &st) == 0) skip_.emplace(st.st_dev, st.st_ino);
    }
    for (const std::string& in : inputs) {
      if (char* real = ::realpath(in.c_str(), nullptr)) {
        roots_.emplace_back(real);
        std::free(real);
      }
    }
  }

  // True when `real` (a resolved path) is one of the inputs or lies below one.
  bool InsideRoots(const std::string& real) const {
    for (const std::string& r : roots_) {
      if (real == r || r == "/" ||
          (real.size() > r.size() && real.compare(0, r.size(), r) == 0 && real[r.size()] == '/')) {
        return true;
      }
    }
    return false;
  }

  void Visit(const std::string& path, int depth, const std::string& open_path = {}) {
    if (full_) return;
    const std::string& real_path = open_path.empty() ? path : open_path;
    if (depth > 0 && !follow_) {
      struct stat lst {};
      if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char* real = ::realpath(path.c_str(), nullptr);
        const std::string target = real != nullptr ? real : std::string();
        std::free(real);
        if (!target.empty() && !InsideRoots(target)) {
          Report(Severity::kNote, path,
                 fmt::format("symlink to {}, outside the scanned folders; not followed (--follow "
                             "follows it)", target));
          return;
        }
      }
    }
    struct stat st {};
    if (::stat(real_path.c_str(), &st) != 0) {
      Report(Severity::kError, path, fmt::format("cannot read: {}", std::strerror(errno)));
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (skip_.count({st.st_dev, st.st_ino}) != 0) return;
      if (depth > 0 && inventory_dirs_ != nullptr && IsInventoryName(path)) {
        if (visited_dirs_.emplace(st.st_dev, st.st_ino).second) inventory_dirs_->push_back(path);
        return;
      }
      if (!visited_dirs_.emplace(st.st_dev, st.st_ino).second) {
        if (depth > 0) {
          Report(Severity::kNote, path, "folder already walked (symlink loop or alias); skipped");
        }
        return;
      }
      WalkDir(path, depth);
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      const char* kind = S_ISFIFO(st.st_mode)   ? "a FIFO (named pipe)"
                         : S_ISCHR(st.st_mode)  ? "a character device"
                         : S_ISBLK(st.st_mode)  ? "a block device"
                         : S_ISSOCK(st.st_mode) ? "a socket"
                                                : "a special file";
      // Named on the command line it is an error (nothing was read from it); met in a
      // tree it is only noted, like any other file that is not a log.
      if (depth == 0) {
        Report(Severity::kError, path,
               fmt::format("is {}, not a regular file or folder; not read (use '-' for "
                           "standard input)", kind));
      } else {
        Report(Severity::kNote, path, fmt::format("is {}, not a regular file; skipped", kind));
      }
      return;
    }
    if (!visited_files_.emplace(st.st_dev, st.st_ino).second) return;
    if (out_.size() >= max_files_) {
      full_ = true;
      Report(Severity::kError, path,
             fmt::format("more than {} files to scan: this file and the rest of the walk are not "
                         "read; scan the fleet's folders in several runs and combine them with "
                         "`logrx merge`", max_files_));
      return;
    }
    WalkedFile f;
    f.path = path;
    f.open_path = open_path;
    if (open_path.empty() && !ValidUtf8(path)) {
      f.path = DisplayPath(path);  // reports, shards and merge see this lossless form
      f.open_path = path;
    }
    f.size = static_cast<uint64_t>(st.st_size);
    if (!open_path.empty()) {  // standard input: the readers sniff its content
      out_.push_back(std::move(f));
      return;
    }
    const std::string ext = readers::LowerExtension(path);
    if (ext == "reg") {
      f.skip = Skip::kRegistryExport;
      f.skip_reason = "a registry export (inventory: put it in an inventory/ folder or use --inventory)";
    } else if (!readers::HasEventLogExtension(path) && !HasBinaryLogMagicAt(path)) {
      f.skip = Skip::kNotEventLog;
      f.skip_reason = ext.empty() ? std::string("not an event log (no known extension or magic)")
                                  : fmt::format("not an event log (.{} file)", ext);
    }
    out_.push_back(std::move(f));
  }

  std::vector<WalkedFile> Finish() {
    std::sort(out_.begin(), out_.end(),
              [](const WalkedFile& a, const WalkedFile& b) { return a.path < b.path; });
    out_.erase(std::unique(out_.begin(), out_.end(),
                           [](const WalkedFile& a, const WalkedFile& b) { return a.path == b.path; }),
               out_.end());
    return std::move(out_);
  }

 private:
  static bool IsInventoryName(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return EqualsNoCase(slash == std::string::npos ? std::string_view(path)
                                                   : std::string_view(path).substr(slash + 1),
                        "inventory");
  }

  static constexpr int kMaxDepth = 64;  // deeper trees are almost surely a loop we missed

  void WalkDir(const std::string& path, int depth) {
    if (depth >= kMaxDepth) {
      Report(Severity::kError, path, fmt::format("folder nesting deeper than {}; not walked", kMaxDepth));
      return;
    }
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) {
      Report(Severity::kError, path, fmt::format("cannot open folder: {}", std::strerror(errno)));
      return;
    }
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(dir)) {
      if (e->d_name[0] == '.') continue;
      names.emplace_back(e->d_name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) Visit(Join(path, n.c_str()), depth + 1);
  }

  void Report(Severity sev, const std::string& path, std::string what) {
    Diagnostic d;
    d.severity = sev;
    d.file = path;
    d.what = std::move(what);
    sink_.Report(d);
  }

  DiagnosticSink& sink_;
  std::vector<std::string>* inventory_dirs_;
  std::set<std::pair<dev_t, ino_t>> skip_;
  std::set<std::pair<dev_t, ino_t>> visited_dirs_;
  std::set<std::pair<dev_t, ino_t>> visited_files_;
  std::vector<WalkedFile> out_;
  size_t max_files_;
  bool follow_;
  std::vector<std::string> roots_;  // inputs, resolved
  bool full_ = false;
};

}  // namespace

std::vector<WalkedFile> Walk(const std::vector<std::string>& inputs, const WalkOptions& options,
                             DiagnosticSink& sink) {
  Walker w(options, inputs, sink);
  for (const std::string& in : inputs) {
    if (in == "-") {
      if (options.stdin_file.empty()) {
        Diagnostic d;
        d.severity = Severity::kError;
        d.file = "-";
        d.what = "standard input was not read";
        sink.Report(d);
        continue;
      }
      w.Visit("-", 0, options.stdin_file);
      continue;
    }
    w.Visit(Normalize(in), 0);
  }
  return w.Finish();
}

}  // namespace logrx::fleet
