// Message formatting as Windows' FormatMessage does it for event messages: a template
// with %1..%99 insertion points and escape codes, filled from an event's insertion strings.
//
//   std::string out; RenderStats st;
//   FormatEventMessage("Cluster resource '%1' failed.", ev.data, &params, out, st);
//
// Codes (docs/messages.md): %1..%99 insert string n (a following !printf-spec! is
// skipped: EVT inserts are already text); %0 ends the message; %n newline (LF, not
// FormatMessage's CRLF: every logrx message uses LF, as XML parsers normalise); %r CR;
// %t tab; %% percent; "% " space; %. period; %! exclamation mark. A missing insert stays
// visible as "%3" and is counted. In inserted strings, "%%NNNN" is a parameter reference
// resolved from `params` when known, else left visible and counted. CR LF in templates
// becomes LF; trailing blanks and line breaks are trimmed.
// Pure; thread-safe; appends to `out` (allocates only as `out` grows).
#ifndef LOGRX_READERS_MESSAGE_FORMAT_H_
#define LOGRX_READERS_MESSAGE_FORMAT_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/event.h"

namespace logrx::readers {

struct RenderStats {
  uint32_t missing_inserts = 0;     // %n with n > number of insertion strings
  uint32_t unresolved_params = 0;   // %%NNNN not found in the parameter table
};

using ParameterTable = std::map<uint32_t, std::string, std::less<>>;

void FormatEventMessage(std::string_view tmpl, std::span<const Field> inserts,
                        const ParameterTable* params, std::string& out, RenderStats& stats);

}  // namespace logrx::readers

#endif  // LOGRX_READERS_MESSAGE_FORMAT_H_
