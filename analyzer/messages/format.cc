#include "messages/format.h"

#include <algorithm>
#include <cstring>

namespace logrx::messages {
namespace {

bool IsDigit(char c) noexcept { return c >= '0' && c <= '9'; }

// The insert "%N" (N of one or two digits) at t[i], with an optional printf-style spec
// ("%1!s!", skipped: the inserts are text already). Sets n; returns the index after it.
// REQUIRES: t[i] == '%' and t[i + 1] is a digit.
size_t InsertEnd(std::string_view t, size_t i, unsigned& n) noexcept {
  size_t j = i + 1;
  n = 0;
  while (j < t.size() && IsDigit(t[j]) && j - i <= 2) n = n * 10 + static_cast<unsigned>(t[j++] - '0');
  if (j < t.size() && t[j] == '!') {
    const size_t close = t.find('!', j + 1);
    if (close != std::string_view::npos && close - j <= 16) j = close + 1;
  }
  return j;
}

// The index of the next '%' or CR at or after i, or t.size().
size_t NextCode(std::string_view t, size_t i) noexcept {
  const size_t percent = std::min(t.find('%', i), t.size());
  const void* cr = std::memchr(t.data() + i, '\r', percent - i);
  return cr == nullptr ? percent : static_cast<size_t>(static_cast<const char*>(cr) - t.data());
}

// Appends an insertion string, resolving %%NNNN parameter references (one level: a
// parameter's own text is not expanded again, so a reference cycle cannot loop).
void AppendInsert(std::string_view s, const ParameterTable* params, std::string& out,
                  RenderStats& stats) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t p = s.find("%%", i);
    if (p == std::string_view::npos) {
      out.append(s.substr(i));
      return;
    }
    out.append(s.substr(i, p - i));
    size_t j = p + 2;
    uint64_t id = 0;
    while (j < s.size() && IsDigit(s[j]) && j - p < 12) id = id * 10 + static_cast<uint64_t>(s[j++] - '0');
    if (j == p + 2) {  // "%%" not followed by digits: literal
      out.append("%%");
      i = j;
      continue;
    }
    const std::string* text = nullptr;
    if (params != nullptr && id <= UINT32_MAX) {
      const auto it = params->find(static_cast<uint32_t>(id));
      if (it != params->end()) text = &it->second;
    }
    if (text != nullptr) {
      out.append(*text);
    } else {
      out.append(s.substr(p, j - p));
      ++stats.unresolved_params;
    }
    i = j;
  }
}

}  // namespace

void FormatEventMessage(std::string_view t, std::span<const Field> inserts,
                        const ParameterTable* params, std::string& out, RenderStats& stats) {
  CompiledMessage(t).AppendTo(inserts, params, out, stats);
}

void CompiledMessage::AddLiteral(std::string_view s) {
  if (!pieces_.empty() && pieces_.back().insert == 0) {
    pieces_.back().size += static_cast<uint32_t>(s.size());
  } else {
    pieces_.push_back(Piece{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(s.size()), 0});
  }
  text_.append(s);
}

CompiledMessage::CompiledMessage(std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    // Literal text up to the next code or CR, taken as one run.
    const size_t run_end = NextCode(t, i);
    if (run_end != i) {
      AddLiteral(t.substr(i, run_end - i));
      i = run_end;
      continue;
    }
    const char c = t[i];
    if (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n') {
      ++i;  // CR LF -> LF
      continue;
    }
    if (c != '%' || i + 1 >= t.size()) {
      AddLiteral(t.substr(i, 1));
      ++i;
      continue;
    }
    const char k = t[i + 1];
    if (k == '0') {
      break;  // %0: end of message, no trailing newline
    }
    if (IsDigit(k)) {
      unsigned n = 0;
      const size_t j = InsertEnd(t, i, n);  // n >= 1: "%0" ended the message above
      pieces_.push_back(Piece{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(j - i), n});
      text_.append(t.substr(i, j - i));
      i = j;
      continue;
    }
    switch (k) {
      case 'n': AddLiteral("\n"); break;
      case 'r': AddLiteral("\r"); break;
      case 't': AddLiteral("\t"); break;
      case '%': case ' ': case '.': case '!': AddLiteral(t.substr(i + 1, 1)); break;
      default: AddLiteral(t.substr(i, 2)); break;  // unknown code: keep it visible
    }
    i += 2;
  }
}

void CompiledMessage::AppendTo(std::span<const Field> inserts, const ParameterTable* params,
                               std::string& out, RenderStats& stats) const {
  const size_t start = out.size();
  for (const Piece& p : pieces_) {
    if (p.insert == 0) {
      out.append(text_.data() + p.begin, p.size);
    } else if (p.insert <= inserts.size()) {
      AppendInsert(inserts[p.insert - 1].value, params, out, stats);
    } else {
      out.append(text_.data() + p.begin, p.size);
      ++stats.missing_inserts;
    }
  }
  while (out.size() > start &&
         (out.back() == '\n' || out.back() == '\r' || out.back() == ' ' || out.back() == '\t' ||
          out.back() == '\0')) {
    out.pop_back();
  }
}

}  // namespace logrx::messages

namespace logrx::messages {

bool MatchEventMessage(std::string_view tmpl, std::string_view text,
                       std::vector<std::string>& inserts) {
  // Template -> items: literal text (escape codes applied) or an insert number.
  struct Item {
    std::string literal;
    unsigned insert = 0;
  };
  std::vector<Item> items(1);
  for (size_t i = 0; i < tmpl.size();) {
    const char c = tmpl[i];
    if (c == '\r' && i + 1 < tmpl.size() && tmpl[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c != '%' || i + 1 >= tmpl.size()) {
      items.back().literal.push_back(c);
      ++i;
      continue;
    }
    const char k = tmpl[i + 1];
    if (k == '0') break;
    if (IsDigit(k)) {
      unsigned n = 0;
      const size_t j = InsertEnd(tmpl, i, n);
      if (n == 0) return false;
      items.push_back(Item{{}, n});
      items.push_back(Item{});
      i = j;
      continue;
    }
    switch (k) {
      case 'n': items.back().literal.push_back('\n'); break;
      case 'r': items.back().literal.push_back('\r'); break;
      case 't': items.back().literal.push_back('\t'); break;
      case '%': case ' ': case '.': case '!': items.back().literal.push_back(k); break;
      default: items.back().literal.push_back('%'); items.back().literal.push_back(k); break;
    }
    i += 2;
  }
  auto rtrim = [](std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  items.back().literal = std::string(rtrim(items.back().literal));
  text = rtrim(text);
  std::vector<std::string> got;
  size_t pos = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (it.insert == 0) {
      if (text.substr(pos, it.literal.size()) != it.literal) return false;
      pos += it.literal.size();
      continue;
    }
    // items[i + 1] is always a literal (possibly empty).
    const std::string& next = items[i + 1].literal;
    const bool last = i + 2 == items.size();
    size_t end = 0;
    if (last) {
      if (text.size() - pos < next.size() || text.substr(text.size() - next.size()) != next) return false;
      end = text.size() - next.size();
    } else {
      if (next.empty()) return false;  // two inserts side by side: ambiguous
      end = text.find(next, pos);
      if (end == std::string_view::npos) return false;
    }
    if (got.size() < it.insert) got.resize(it.insert);
    if (got[it.insert - 1].empty()) got[it.insert - 1] = std::string(text.substr(pos, end - pos));
    pos = end;
  }
  if (pos != text.size()) return false;
  inserts = std::move(got);
  return true;
}

}  // namespace logrx::messages
