#include "cli/diag_print.h"

#include <cstdio>

#include <fmt/format.h>

#include "report/escape.h"

namespace logrx::cli {

void PrintDiagnostic(std::string_view prefix, const Diagnostic& d) {
  const char* sev = d.severity == Severity::kError     ? "error"
                    : d.severity == Severity::kWarning ? "warning"
                                                       : "note";
  const std::string line =
      fmt::format("{}: {}: {}\n", prefix, sev, report::TerminalSafe(d.ToString()));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void PrintError(std::string_view prefix, std::string_view text) {
  const std::string line = fmt::format("{}: {}\n", prefix, report::TerminalSafe(text));
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
        out += report::TerminalSafe(s.substr(start, i - start));
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
    // A sequence cut at the very end.
    const std::string out = report::TerminalSafe(self->carry_);
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
