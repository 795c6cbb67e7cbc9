#include "cli/diag_print.h"

#include <cstdio>

#include <fmt/format.h>

namespace logrx::cli {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (1..4), or 0 when ill-formed.
size_t Utf8Len(std::string_view s, size_t i, uint32_t& cp) noexcept {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n = 0;
  uint32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2; cp = c & 0x1F; min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3; cp = c & 0x0F; min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4; cp = c & 0x07; min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

std::string StderrSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = Utf8Len(s, i, cp);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02x}", cp);
    } else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069)) {
      out += fmt::format("\\u{{{:04x}}}", cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

void PrintDiagnostic(std::string_view prefix, const Diagnostic& d) {
  const char* sev = d.severity == Severity::kError     ? "error"
                    : d.severity == Severity::kWarning ? "warning"
                                                       : "note";
  const std::string line = fmt::format("{}: {}: {}\n", prefix, sev, StderrSafe(d.ToString()));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void PrintError(std::string_view prefix, std::string_view text) {
  const std::string line = fmt::format("{}: {}\n", prefix, StderrSafe(text));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

struct SafeStdoutIo {
  // Bytes of s that may end inside a UTF-8 sequence (kept for the next write).
  static size_t IncompleteTail(std::string_view s) noexcept {
    const size_t n = s.size();
    for (size_t back = 1; back <= 3 && back <= n; ++back) {
      const auto c = static_cast<unsigned char>(s[n - back]);
      if ((c & 0xC0) == 0x80) continue;
      const size_t need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }
  static std::string Escape(std::string_view s) {
    std::string out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i == s.size() || s[i] == '\n' || s[i] == '\t') {
        out += StderrSafe(s.substr(start, i - start));
        if (i < s.size()) out.push_back(s[i]);
        start = i + 1;
      }
    }
    return out;
  }
  static ssize_t Write(void* cookie, const char* buf, size_t size) {
    auto* self = static_cast<SafeStdout*>(cookie);
    self->carry_.append(buf, size);
    const size_t keep = IncompleteTail(self->carry_);
    const std::string out = Escape(std::string_view(self->carry_).substr(0, self->carry_.size() - keep));
    self->carry_.erase(0, self->carry_.size() - keep);
    if (std::fwrite(out.data(), 1, out.size(), self->real_) != out.size() ||
        std::fflush(self->real_) != 0) {
      return -1;  // errno from the real stream
    }
    return static_cast<ssize_t>(size);
  }
  static int Close(void* cookie) {
    auto* self = static_cast<SafeStdout*>(cookie);
    if (self->carry_.empty()) return 0;
    const std::string out = StderrSafe(self->carry_);  // a sequence cut at the very end
    self->carry_.clear();
    return std::fwrite(out.data(), 1, out.size(), self->real_) == out.size() ? 0 : -1;
  }
};

SafeStdout::SafeStdout() {
  cookie_io_functions_t io{};
  io.write = &SafeStdoutIo::Write;
  io.close = &SafeStdoutIo::Close;
  std::fflush(stdout);
  real_ = stdout;
  safe_ = ::fopencookie(this, "w", io);
  if (safe_ != nullptr) stdout = safe_;
}

SafeStdout::~SafeStdout() {
  if (safe_ == nullptr) return;
  const bool failed = std::fflush(safe_) != 0 || std::ferror(safe_) != 0;
  std::fclose(safe_);
  stdout = real_;
  // Carry a write error over to the real stdout's error flag for FinishStdout: one more
  // write attempt on a broken stream fails the same way.
  if (failed && std::ferror(stdout) == 0) {
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
}

}  // namespace logrx::cli
