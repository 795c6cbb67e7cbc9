// The one XML text escaper for event data written as XML (EVTX event XML rendered by the
// reader, records `logrx dump --format xml` builds from fields). Event data is hostile:
// whatever bytes come in, what comes out is well-formed XML 1.0 character data.
//
//   std::string out;  AppendXmlEscaped("a<b\x1b", out, /*attr=*/false);   // "a&lt;b\x1b"
//
// & < > become entities (and " plus TAB/LF/CR as character references in attribute
// values). What XML 1.0 cannot hold at all, even as a reference, is written as visible
// text, one escape per byte, so nothing is dropped: C0 controls other than TAB/LF/CR as
// "\xNN"; bytes that are not valid UTF-8 (stray continuation bytes, overlong forms,
// surrogates encoded in UTF-8, truncated sequences, bytes F5-FF) as "\xNN" each; the
// non-characters U+FFFE and U+FFFF as "\u{fffe}" / "\u{ffff}". Everything else (including
// DEL, C1 controls and U+2028/U+2029, which XML 1.0 allows) is copied. Pure; thread-safe.
#ifndef LOGRX_READERS_XML_ESCAPE_H_
#define LOGRX_READERS_XML_ESCAPE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace logrx::readers {

void AppendXmlEscaped(std::string_view s, std::string& out, bool attr);
// True only when AppendXmlEscaped(s, out, attr) appends `s` unchanged (may say false for
// some such strings: AppendXmlEscaped then decides). Cost: one pass over s, 16 bytes a step.
bool IsPlainXmlText(std::string_view s, bool attr) noexcept;
// UTF-16LE text of `units` code units (bytes at `p`, any alignment) written at `w` as the
// UTF-8 that AppendXmlEscaped copies unchanged in text and in attribute values alike:
// returns its end (one byte per unit), or nullptr when some unit may need a look (past
// U+007F, a control, & < > '"'; DEL sometimes) and what is at `w` is then undefined.
// Decoding and checking in one pass, 16 units a step. REQUIRES: `units` bytes writable
// at `w`.
char* PutUtf16LeAsPlainXml(const std::byte* p, size_t units, char* w) noexcept;

// An element, attribute or PI-target name read from the input, written as a valid XML 1.0
// Name: each character that may not stand at its place (XML 1.0 5th ed. NameStartChar /
// NameChar; invalid UTF-8 counts as one bad character per byte) becomes '_', and an empty
// name is "_". Valid names are copied unchanged.
void AppendXmlName(std::string_view name, std::string& out);

// True when `cp` may appear in XML 1.0 text (as itself or as a character reference).
bool IsXmlChar(uint32_t cp) noexcept;

// Repairs event XML from an export so that a strict parser accepts it and nothing is
// lost: a reference to an undefined entity ("&lol9;"), a character reference to a
// character XML 1.0 cannot hold ("&#0;", "&#27;") and a bare '&' become text ("&amp;lol9;",
// so the value reads "&lol9;" as in the file); a raw C0 control byte becomes the text
// "\xNN". CDATA sections and comments are left alone (no references there). Returns the
// number of repairs; `out` is written only when that is not 0. Pure; thread-safe.
size_t RepairXmlText(std::string_view in, std::string& out);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_XML_ESCAPE_H_
