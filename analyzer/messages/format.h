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
// Pure; thread-safe; appends to `out`. FormatEventMessage reads the template on every
// call (and allocates for it); a template rendered for many events is read once into a
// CompiledMessage, whose AppendTo allocates only as `out` grows.
#ifndef LOGRX_MESSAGES_FORMAT_H_
#define LOGRX_MESSAGES_FORMAT_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace logrx::messages {

struct RenderStats {
  uint32_t missing_inserts = 0;     // %n with n > number of insertion strings
  uint32_t unresolved_params = 0;   // %%NNNN not found in the parameter table
};

using ParameterTable = std::map<uint32_t, std::string, std::less<>>;

void FormatEventMessage(std::string_view tmpl, std::span<const Field> inserts,
                        const ParameterTable* params, std::string& out, RenderStats& stats);

// A template read once into literal runs (escape codes applied, CR LF as LF, nothing after
// %0) and inserts, for a template rendered for many events: AppendTo appends exactly what
// FormatEventMessage appends for the same template, at the cost of the appends alone.
// Immutable once built; thread-safe.
class CompiledMessage {
 public:
  CompiledMessage() = default;
  explicit CompiledMessage(std::string_view tmpl);
  void AppendTo(std::span<const Field> inserts, const ParameterTable* params, std::string& out,
                RenderStats& stats) const;

 private:
  struct Piece {
    uint32_t begin = 0;   // in text_
    uint32_t size = 0;
    uint32_t insert = 0;  // 0: literal text; n: insert n, text_ holding its code ("%3!s!")
  };
  void AddLiteral(std::string_view s);

  std::string text_;  // the literal runs and the inserts' codes, in order
  std::vector<Piece> pieces_;
};

// The reverse of FormatEventMessage: when `text` is `tmpl` filled in, sets `inserts` to
// the insertion strings (index 0 = %1; numbers the template skips stay empty) and returns
// true. Literal parts must match exactly (after the same CR LF and trailing-blank
// normalisation); an insert followed by literal text ends at that text's first match (at
// the end of `text` for the last literal). Two inserts with nothing between fail.
bool MatchEventMessage(std::string_view tmpl, std::string_view text,
                       std::vector<std::string>& inserts);

}  // namespace logrx::messages

#endif  // LOGRX_MESSAGES_FORMAT_H_
