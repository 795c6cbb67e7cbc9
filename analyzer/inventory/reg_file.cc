#include "inventory/reg_file.h"

#include "core/strings.h"
#include "core/text_lines.h"

namespace logrx::inventory {

namespace {

constexpr std::string_view kHeader5 = "Windows Registry Editor Version 5.00";
constexpr std::string_view kHeader4 = "REGEDIT4";
constexpr size_t kMaxLogicalLine = 1 << 20;

bool IsHex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Reads a quoted .reg string at s[i] == '"'; unescapes \\ and \". Sets i past the quote.
bool ReadQuoted(std::string_view s, size_t& i, std::string& out) {
  if (i >= s.size() || s[i] != '"') return false;
  ++i;
  out.clear();
  while (i < s.size()) {
    const char c = s[i++];
    if (c == '\\' && i < s.size()) {
      out.push_back(s[i++]);
      continue;
    }
    if (c == '"') return true;
    out.push_back(c);
  }
  return false;
}

bool ValidHexList(std::string_view s) noexcept {
  size_t digits = 0;
  for (char c : s) {
    if (IsHex(c)) {
      if (++digits > 2) return false;
    } else if (c == ',') {
      if (digits == 0) return false;
      digits = 0;
    } else if (c != ' ' && c != '\t') {
      return false;
    }
  }
  return true;
}

// Parses `"name"=value` or `@=value`; false with `why` set when malformed.
bool ParseValue(std::string_view line, RegValue& v, std::string& why) {
  size_t i = 0;
  if (line[0] == '@') {
    v.name.clear();
    i = 1;
  } else if (!ReadQuoted(line, i, v.name)) {
    why = "value name: missing closing quote";
    return false;
  }
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i >= line.size() || line[i] != '=') {
    why = "value: expected '=' after the name";
    return false;
  }
  ++i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  std::string_view rest = Trim(line.substr(i), kSpaceOrNul);
  if (!rest.empty() && rest[0] == '"') {
    size_t j = 0;
    if (!ReadQuoted(rest, j, v.text) || !Trim(rest.substr(j), kSpaceOrNul).empty()) {
      why = "string value: bad quoting";
      return false;
    }
    v.type = "sz";
    return true;
  }
  if (rest == "-") {
    v.type = "delete";
    return true;
  }
  if (StartsWithNoCase(rest, "dword:")) {
    std::string_view hex = Trim(rest.substr(6), kSpaceOrNul);
    if (hex.empty() || hex.size() > 8) {
      why = "dword value: want 1-8 hex digits";
      return false;
    }
    uint32_t d = 0;
    for (char c : hex) {
      if (!IsHex(c)) {
        why = "dword value: not hex";
        return false;
      }
      const uint32_t n = static_cast<uint32_t>(
          c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      d = (d << 4) | n;
    }
    v.type = "dword";
    v.text.assign(hex);
    v.has_dword = true;
    v.dword = d;
    return true;
  }
  if (StartsWithNoCase(rest, "hex")) {
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
      why = "hex value: missing ':'";
      return false;
    }
    std::string_view kind = rest.substr(0, colon);
    if (kind.size() > 3) {
      if (kind.size() < 6 || kind[3] != '(' || kind.back() != ')') {
        why = "hex value: bad type, want hex(N)";
        return false;
      }
      for (char c : kind.substr(4, kind.size() - 5)) {
        if (!IsHex(c)) {
          why = "hex value: bad type, want hex(N)";
          return false;
        }
      }
    }
    std::string_view bytes = rest.substr(colon + 1);
    if (!ValidHexList(bytes)) {
      why = "hex value: bytes must be comma-separated hex pairs";
      return false;
    }
    v.type = ToLowerAscii(kind);
    v.text.assign(bytes);
    return true;
  }
  why = "value: unknown data type";
  return false;
}

}  // namespace

const RegValue* RegKey::Find(std::string_view name) const noexcept {
  for (const RegValue& v : values) {
    if (EqualsNoCase(v.name, name)) return &v;
  }
  return nullptr;
}

bool LooksLikeRegFile(std::string_view text) noexcept {
  bool yes = false;
  ForEachLine(text, [&](uint32_t, std::string_view raw) {
    const std::string_view line = Trim(raw, kSpaceOrNul);
    if (line.empty()) return true;
    yes = line == kHeader5 || line == kHeader4;
    return false;
  });
  return yes;
}

RegFile ParseRegFile(std::string_view text) {
  RegFile reg;
  size_t pos = 0;
  uint32_t line_no = 0;
  bool seen_header = false;
  while (pos < text.size()) {
    // One logical line: physical lines joined while a value line ends with '\'.
    const uint32_t start_line = line_no + 1;
    std::string logical;
    for (;;) {
      const size_t nl = text.find('\n', pos);
      std::string_view phys =
          text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      ++line_no;
      phys = Trim(phys, kSpaceOrNul);
      if (!logical.empty()) {
        while (!phys.empty() && (phys.front() == ' ' || phys.front() == '\t')) phys.remove_prefix(1);
      }
      // Only value lines continue (hex data wrapped at 80 columns); key lines never do.
      const bool cont = !phys.empty() && phys.back() == '\\' &&
                        (!logical.empty() || phys.front() == '"' || phys.front() == '@');
      if (cont && pos < text.size() && logical.size() < kMaxLogicalLine) {
        logical.append(phys.substr(0, phys.size() - 1));
        continue;
      }
      logical.append(phys);
      break;
    }
    std::string_view line = Trim(logical, kSpaceOrNul);
    if (!seen_header) {
      if (line.empty()) continue;
      seen_header = true;
      reg.header.assign(line);
      reg.header_ok = line == kHeader5 || line == kHeader4;
      if (!reg.header_ok) reg.errors.emplace_back(start_line, "not a .reg header");
      continue;
    }
    if (line.empty() || line[0] == ';') continue;
    if (line[0] == '[') {
      if (line.back() != ']') {
        reg.errors.emplace_back(start_line, "key line: missing ']'");
        continue;
      }
      RegKey key;
      std::string_view path = line.substr(1, line.size() - 2);
      if (!path.empty() && path[0] == '-') {
        key.deleted = true;
        path.remove_prefix(1);
      }
      key.path.assign(path);
      key.line = start_line;
      reg.keys.push_back(std::move(key));
      continue;
    }
    if (line[0] == '"' || line[0] == '@') {
      if (reg.keys.empty()) {
        reg.errors.emplace_back(start_line, "value before any [key]");
        continue;
      }
      RegValue v;
      v.line = start_line;
      std::string why;
      if (!ParseValue(line, v, why)) {
        reg.errors.emplace_back(start_line, why);
        continue;
      }
      reg.keys.back().values.push_back(std::move(v));
      continue;
    }
    reg.errors.emplace_back(start_line, "not a key, value or comment line");
  }
  return reg;
}

}  // namespace logrx::inventory
