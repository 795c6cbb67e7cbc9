// Hotfix ids as inventories and event text spell them ("KB299444", "Q299444-SRP",
// "Q299444"), normalised to the KB's form "Q299444".
//
//   std::string id;
//   if (NormalizeHotfixId("KB299444", id)) facts.hotfixes.push_back({id, ...});  // "Q299444"
//
// A hotfix id is a Q or KB prefix (any case) followed by 4-8 digits. Pure; thread-safe.
#ifndef LOGRX_INVENTORY_HOTFIX_ID_H_
#define LOGRX_INVENTORY_HOTFIX_ID_H_

#include <string>
#include <string_view>

namespace logrx::inventory {

// "KB299444", "kb299444", "Q299444", "Q299444-SRP" -> "Q299444" (surrounding blanks and
// NULs ignored). False (out untouched) for anything else.
bool NormalizeHotfixId(std::string_view text, std::string& out);
// The first "KB<digits>" or "Q<digits>" (as a whole word) inside free text, normalised.
bool FindHotfixIdInText(std::string_view text, std::string& out);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_HOTFIX_ID_H_
