// RegFile: the keys and values of a registry export (`reg export ... file.reg`, regedit
// "Export"), REGEDIT4 or "Windows Registry Editor Version 5.00", already decoded to UTF-8.
//
//   RegFile reg = ParseRegFile(text);
//   for (const RegKey& k : reg.keys) if (const RegValue* v = k.Find("Installed")) ...
//
// Handles comments, blank lines, "\" line continuations of hex values, string escapes,
// dword:, hex: and hex(N): values, deletions ("[-KEY]", "name"=-). A line that is none of
// these is reported in `errors` with its line number and skipped. Pure; thread-safe.
#ifndef LOGRX_INVENTORY_REG_FILE_H_
#define LOGRX_INVENTORY_REG_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace logrx::inventory {

struct RegValue {
  std::string name;       // "" for the default value (@)
  std::string type;       // "sz", "dword", "hex", "hex(7)", "delete"
  std::string text;       // sz: the string; others: the text after the colon, joined
  bool has_dword = false;
  uint32_t dword = 0;
  uint32_t line = 0;
};

struct RegKey {
  std::string path;       // "HKEY_LOCAL_MACHINE\SOFTWARE\...\Hotfix\Q299444"
  bool deleted = false;   // "[-...]"
  uint32_t line = 0;
  std::vector<RegValue> values;
  const RegValue* Find(std::string_view name) const noexcept;  // case-insensitive
};

struct RegFile {
  bool header_ok = false;  // first line is one of the two known headers
  std::string header;
  std::vector<RegKey> keys;
  std::vector<std::pair<uint32_t, std::string>> errors;  // line, what was wrong
};

RegFile ParseRegFile(std::string_view text);

// True when the first non-blank line is a .reg header.
bool LooksLikeRegFile(std::string_view text) noexcept;

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_REG_FILE_H_
