// Message-pattern builder: see pattern.h.
#include "kb/import/pattern.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/strings.h"
#include "kb/import/article.h"

namespace logrx::kb::import {

namespace {

struct Seg {
  bool var = false;
  std::string text;   // literal text, or the original value of a variable
  std::string kind;   // variable: "key", "path", "number", "code", "name", "text", "p1", ...
};

bool IsUpperStart(std::string_view w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

// Classifies one whitespace-free word (without surrounding punctuation). "" = literal.
std::string WordKind(std::string_view w) {
  static const RE2 key(R"((?i)^(?:HKEY_[A-Z_]+|HKLM|HKCU)(?:\\.*)?$)");
  static const RE2 path(R"(^(?:[A-Za-z]:[\\/].*|\\\\.+|.*\\.*|[^/\s]*/[^/\s]*/.*|\w+://.*)$)");
  static const RE2 guid(R"(^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$)");
  static const RE2 hex(R"(^(?:0[xX][0-9A-Fa-f]+|[0-9A-Fa-f]*[0-9][0-9A-Fa-f]*[A-Fa-f][0-9A-Fa-f]*|[0-9A-F]{8,})$)");
  static const RE2 number(R"(^[-+#]?\d[\d,.:/\-]*$)");
  static const RE2 mixed(R"(^[A-Za-z_$][\w$.-]*\d[\w$.-]*$|^\d+[A-Za-z][\w$.-]*$)");
  static const RE2 host(R"(^[\w-]+(?:\.[\w-]+){2,}$|^[\w.+-]+@[\w.-]+$)");
  static const RE2 placeholder(R"(^%%?\d+$)");
  if (RE2::FullMatch(w, placeholder)) return "p";
  // Placeholders written as words: x.x.x.x, nnnn, SERVERNAME, computername, username.
  static const RE2 filler(R"(^(?:[xX]+|[nN]{3,}|#{2,})(?:[.\-:/][xXnN#]+)*$)");
  static const RE2 caps(R"(^[A-Z]{6,}[0-9]*$)");
  static const RE2 name_word(R"((?i)^(?:server|computer|machine|user|domain|host|share|printer|file|account)_?name$)");
  if (RE2::FullMatch(w, filler) || RE2::FullMatch(w, caps) || RE2::FullMatch(w, name_word)) return "name";
  if (RE2::FullMatch(w, key)) return "key";
  if (RE2::FullMatch(w, guid)) return "guid";
  if (RE2::FullMatch(w, path) && w.size() > 2) return "path";
  if (RE2::FullMatch(w, number)) return "number";
  if (RE2::FullMatch(w, hex)) return "code";
  if (RE2::FullMatch(w, host)) return "name";
  if (RE2::FullMatch(w, mixed)) return "name";
  return "";
}

bool Stopword(const std::string& w) {
  static const std::set<std::string> kStop = {
      "the", "a", "an", "to", "of", "for", "in", "on", "at", "by", "with", "from", "and", "or",
      "is", "was", "are", "were", "be", "been", "as", "that", "this", "than", "not", "no", "its",
      "has", "have", "had", "into", "while", "when", "but", "if", "it", "can", "may", "will",
      "could", "would", "should", "did", "does", "do", "there", "which", "after", "before"};
  return kStop.count(w) != 0;
}

// Splits `text` into literal and variable segments.
std::vector<Seg> Segment(const std::string& text) {
  std::vector<Seg> segs;
  auto lit = [&segs](std::string_view s) {
    if (s.empty()) return;
    if (!segs.empty() && !segs.back().var) segs.back().text += std::string(s);
    else segs.push_back({false, std::string(s), {}});
  };
  auto var = [&segs](std::string_view s, std::string kind) {
    if (!segs.empty() && segs.back().var) {  // adjacent variables become one
      segs.back().text += std::string(s);
      return;
    }
    // variable separated from the previous by one space only: merge too
    if (segs.size() >= 2 && !segs.back().var && segs.back().text == " " && segs[segs.size() - 2].var) {
      segs.pop_back();
      segs.back().text.append(" ").append(s);  // not `" " + string`: GCC 12 -O3 -Wrestrict (PR105329)
      return;
    }
    segs.push_back({true, std::string(s), std::move(kind)});
  };
  size_t i = 0;
  const size_t n = text.size();
  auto word_start = [&text](size_t at) { return at == 0 || text[at - 1] == ' ' || text[at - 1] == '('; };
  while (i < n) {
    const char c = text[i];
    // <placeholder>
    if (c == '<') {
      const size_t e = text.find('>', i + 1);
      if (e != std::string::npos && e - i <= 60 && e > i + 1) {
        std::string inner = text.substr(i + 1, e - i - 1);
        std::string kind = "value";
        const std::string low = ToLowerAscii(inner);
        std::string name;
        for (char ch : low) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
        if (!name.empty() && std::isalpha(static_cast<unsigned char>(name[0]))) kind = name;
        var(text.substr(i, e - i + 1), kind);
        i = e + 1;
        continue;
      }
    }
    // quoted strings: keep the quotes, vary the inside
    if ((c == '\'' || c == '"') && word_start(i)) {
      const size_t e = text.find(c, i + 1);
      if (e != std::string::npos && e > i + 1 && e - i <= 160 &&
          (e + 1 == n || !std::isalnum(static_cast<unsigned char>(text[e + 1])))) {
        lit(std::string(1, c));
        var(text.substr(i + 1, e - i - 1), "text");
        lit(std::string(1, c));
        i = e + 1;
        continue;
      }
    }
    // (parenthesised value) without nesting
    if (c == '(') {
      const size_t e = text.find_first_of("()", i + 1);
      if (e != std::string::npos && text[e] == ')' && e > i + 1 && e - i <= 80) {
        lit("(");
        const std::string inner = text.substr(i + 1, e - i - 1);
        const std::string kind = WordKind(inner);
        var(inner, kind.empty() ? "text" : kind);
        lit(")");
        i = e + 1;
        continue;
      }
    }
    if (c == ' ') { lit(" "); ++i; continue; }
    // a word up to the next space
    size_t e = i;
    while (e < n && text[e] != ' ' && !((text[e] == '(' || text[e] == '<') && e > i)) ++e;
    std::string word = text.substr(i, e - i);
    // strip trailing punctuation (kept literal)
    size_t core_end = word.size();
    while (core_end > 0 && std::string_view(".,;:!?)]'\"").find(word[core_end - 1]) != std::string_view::npos) --core_end;
    size_t core_begin = 0;
    while (core_begin < core_end && std::string_view("[").find(word[core_begin]) != std::string_view::npos) ++core_begin;
    const std::string core = word.substr(core_begin, core_end - core_begin);
    const std::string kind = core.empty() ? "" : WordKind(core);
    if (kind.empty()) {
      lit(word);
    } else {
      lit(word.substr(0, core_begin));
      var(core, kind);
      lit(word.substr(core_end));
    }
    i = e;
  }
  return segs;
}

// Turns runs of two or more capitalised words inside a sentence into "name" variables.
std::vector<Seg> MarkNames(const std::vector<Seg>& in) {
  std::vector<Seg> out;
  for (const Seg& s : in) {
    if (s.var) { out.push_back(s); continue; }
    // split literal into words keeping spaces
    std::vector<std::string> parts;  // words and single spaces
    size_t p = 0;
    while (p < s.text.size()) {
      if (s.text[p] == ' ') { parts.emplace_back(" "); ++p; continue; }
      size_t q = p;
      while (q < s.text.size() && s.text[q] != ' ') ++q;
      parts.push_back(s.text.substr(p, q - p));
      p = q;
    }
    // find runs
    std::vector<bool> is_var(parts.size(), false);
    bool sentence_start = out.empty();
    if (!out.empty() && !out.back().var) {
      std::string_view prev = out.back().text;
      while (!prev.empty() && prev.back() == ' ') prev.remove_suffix(1);
      sentence_start = prev.empty() || prev.back() == '.' || prev.back() == ':';
    }
    size_t k = 0;
    while (k < parts.size()) {
      if (parts[k] == " ") { ++k; continue; }
      // a run of capitalised words without trailing punctuation except on the last
      size_t r = k;
      std::vector<size_t> words;
      while (r < parts.size()) {
        if (parts[r] == " ") { ++r; continue; }
        const std::string& w = parts[r];
        bool alpha_word = IsUpperStart(w);
        for (char ch : w) {
          if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '&') { alpha_word = false; break; }
        }
        if (!alpha_word) break;
        words.push_back(r);
        ++r;
      }
      size_t first = 0;
      if (sentence_start && !words.empty()) first = 1;
      if (words.size() >= first + 2) {
        for (size_t w = first; w < words.size(); ++w) is_var[words[w]] = true;
        for (size_t w = words[first]; w <= words.back(); ++w) is_var[w] = true;
      }
      if (words.empty()) {
        const std::string& w = parts[k];
        sentence_start = !w.empty() && (w.back() == '.' || w.back() == ':');
        ++k;
      } else {
        const std::string& last = parts[words.back()];
        sentence_start = !last.empty() && (last.back() == '.' || last.back() == ':');
        k = words.back() + 1;
      }
    }
    for (size_t w = 0; w < parts.size(); ++w) {
      if (is_var[w]) {
        if (!out.empty() && out.back().var) out.back().text += parts[w];
        else out.push_back({true, parts[w], "name"});
      } else {
        if (!out.empty() && !out.back().var) out.back().text += parts[w];
        else out.push_back({false, parts[w], {}});
      }
    }
  }
  // trailing spaces inside name variables go back to the literal
  std::vector<Seg> fixed;
  for (Seg& s : out) {
    if (s.var && s.kind == "name") {
      size_t e = s.text.size();
      while (e > 0 && s.text[e - 1] == ' ') --e;
      std::string tail = s.text.substr(e);
      s.text.resize(e);
      fixed.push_back(s);
      if (!tail.empty()) fixed.push_back({false, tail, {}});
    } else if (!s.var && !fixed.empty() && !fixed.back().var) {
      fixed.back().text += s.text;
    } else {
      fixed.push_back(s);
    }
  }
  return fixed;
}

std::string LastWord(const std::string& literal) {
  size_t e = literal.size();
  while (e > 0 && !std::isalpha(static_cast<unsigned char>(literal[e - 1]))) {
    if (literal[e - 1] != ' ') return "";  // punctuation right before the value
    --e;
  }
  size_t b = e;
  while (b > 0 && std::isalpha(static_cast<unsigned char>(literal[b - 1]))) --b;
  std::string w = ToLowerAscii(literal.substr(b, e - b));
  if (w.size() < 3 || w.size() > 24 || Stopword(w)) return "";
  return w;
}

std::string LiteralRegex(std::string_view s, size_t& literal_chars) {
  std::string out;
  bool space = false;
  std::string word;
  auto flush = [&out, &word] {
    if (!word.empty()) out += RE2::QuoteMeta(word);
    word.clear();
  };
  for (char c : s) {
    if (c == ' ') {
      flush();
      if (!space) out += "\\s+";
      space = true;
    } else {
      if (std::isalnum(static_cast<unsigned char>(c))) ++literal_chars;
      word += c;
      space = false;
    }
  }
  flush();
  return out;
}

MessagePattern Assemble(const std::vector<Seg>& segs) {
  MessagePattern p;
  std::string re = "(?is)";
  std::set<std::string> used;
  for (size_t i = 0; i < segs.size(); ++i) {
    const Seg& s = segs[i];
    if (!s.var) {
      std::string t = s.text;
      if (i + 1 == segs.size()) {  // the final full stop is optional
        while (!t.empty() && (t.back() == '.' || t.back() == ' ')) t.pop_back();
      }
      if (i == 0) {
        while (!t.empty() && t.front() == ' ') t.erase(0, 1);
      }
      re += LiteralRegex(t, p.literal_chars);
      continue;
    }
    std::string name = i > 0 ? LastWord(segs[i - 1].text) : "";
    if (name.empty()) name = s.kind == "p" ? "value" : s.kind;
    std::string clean;
    for (char c : name) clean += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (clean.empty() || !std::isalpha(static_cast<unsigned char>(clean[0]))) clean = "v" + clean;
    if (clean.size() > 32) clean.resize(32);
    std::string unique = clean;
    for (int k = 2; used.count(unique) != 0; ++k) unique = fmt::format("{}_{}", clean, k);
    used.insert(unique);
    p.captures.push_back(unique);
    const bool last = i + 1 == segs.size();
    re += fmt::format("(?P<{}>{})", unique, last ? "[^\\r\\n]+" : ".+?");
  }
  p.regex = std::move(re);
  return p;
}

}  // namespace

MessagePattern BuildMessagePattern(std::string_view description) {
  MessagePattern none;
  const std::string text = CollapseSpace(description, kAsciiSpace);
  if (text.empty() || text.size() > 8192) return none;
  MessagePattern p = Assemble(MarkNames(Segment(text)));
  const std::string sample = SampleFromDescription(description);
  auto verify = [&text, &sample](const MessagePattern& m) {
    RE2::Options o;
    o.set_log_errors(false);
    const RE2 re(m.regex, o);
    return re.ok() && RE2::PartialMatch(text, re) && RE2::PartialMatch(sample, re);
  };
  if (verify(p)) { p.ok = true; return p; }
  // Fallback: the whole text literal, whitespace-tolerant.
  MessagePattern lit;
  lit.regex = "(?is)" + LiteralRegex(text, lit.literal_chars);
  if (verify(lit)) { lit.ok = true; return lit; }
  return none;
}

std::string SampleFromDescription(std::string_view description) {
  const std::string text = CollapseSpace(description, kAsciiSpace);
  std::string out;
  size_t i = 0;
  int n = 0;
  while (i < text.size()) {
    if (text[i] == '<') {
      const size_t e = text.find('>', i + 1);
      if (e != std::string::npos && e - i <= 60 && e > i + 1) {
        const std::string low = ToLowerAscii(text.substr(i + 1, e - i - 1));
        ++n;
        if (low.find("domain") != std::string::npos) out += "CONTOSO";
        else if (low.find("computer") != std::string::npos || low.find("server") != std::string::npos ||
                 low.find("machine") != std::string::npos || low.find("node") != std::string::npos) out += "SRV-FS01";
        else if (low.find("user") != std::string::npos || low.find("account") != std::string::npos) out += "jsmith";
        else if (low.find("path") != std::string::npos || low.find("file") != std::string::npos ||
                 low.find("folder") != std::string::npos || low.find("directory") != std::string::npos) out += "C:\\Data\\file1.txt";
        else if (low.find("number") != std::string::npos || low.find("code") != std::string::npos ||
                 low.find("id") != std::string::npos) out += fmt::format("{}", 40 + n);
        else out += fmt::format("Value{}", n);
        i = e + 1;
        continue;
      }
    }
    if (text[i] == '%') {
      size_t e = i + 1;
      if (e < text.size() && text[e] == '%') ++e;
      const size_t d = e;
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) ++e;
      if (e > d && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
        ++n;
        out += fmt::format("Item{}", n);
        i = e;
        continue;
      }
    }
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace logrx::kb::import
