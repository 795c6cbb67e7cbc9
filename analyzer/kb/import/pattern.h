// Message patterns from article descriptions: the text Windows logs, with the parts that
// vary on a real host (names, paths, registry keys, numbers, hex codes, quoted strings,
// placeholders such as <computer name> or %1) turned into named RE2 captures and the rest
// literal, whitespace and line wrapping normalised to \s+.
//
//   MessagePattern p = BuildMessagePattern("The registry checkpoint for cluster resource ...");
//   p.regex     // "(?is)The\s+registry\s+checkpoint\s+for\s+cluster\s+resource\s+(?P<resource>.+?)..."
//   p.captures  // {"resource", "key"}
//
// The pattern is verified to match the description it was built from; `ok` is false (and
// `regex` empty) when no such pattern can be built (empty text, RE2 refuses it). Pure and
// thread-safe.
#ifndef LOGRX_KB_IMPORT_PATTERN_H_
#define LOGRX_KB_IMPORT_PATTERN_H_

#include <string>
#include <string_view>
#include <vector>

namespace logrx::kb::import {

struct MessagePattern {
  bool ok = false;
  std::string regex;                  // RE2 syntax, unanchored, "(?is)" prefixed
  std::vector<std::string> captures;  // group names in order
  size_t literal_chars = 0;           // letters and digits kept literal (precision hint)
};

MessagePattern BuildMessagePattern(std::string_view description);

// The description with its placeholders (<computer name>, %1, %%2) replaced by
// real-looking values ("SRV-FS01", "CONTOSO", "C:\Data\file1.txt", ...), whitespace
// normalised: what an event written from the article looks like on a host.
std::string SampleFromDescription(std::string_view description);

}  // namespace logrx::kb::import

#endif  // LOGRX_KB_IMPORT_PATTERN_H_
