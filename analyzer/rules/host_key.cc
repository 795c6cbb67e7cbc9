#include "rules/host_key.h"

namespace logrx::rules {

namespace {

std::string_view TrimBlanks(std::string_view s) noexcept {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string HostKey(std::string_view computer) {
  std::string_view s = TrimBlanks(computer);
  while (!s.empty() && s.front() == '\\') s.remove_prefix(1);  // "\\EXCLUS1" (UNC form)
  const size_t dot = s.find('.');
  if (dot != std::string_view::npos) s = s.substr(0, dot);
  std::string key(TrimBlanks(s));
  for (char& c : key) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return key;
}

}  // namespace logrx::rules
