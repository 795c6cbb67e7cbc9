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

#include <string>
#include <string_view>

namespace logrx::readers {

void AppendXmlEscaped(std::string_view s, std::string& out, bool attr);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_XML_ESCAPE_H_
