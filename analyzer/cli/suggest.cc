#include "cli/suggest.h"

#include <algorithm>

#include "core/strings.h"
#include "report/escape.h"

namespace logrx::cli {

namespace {

size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Every long and short name of the options of `app` and of its parents.
std::vector<std::string> OptionNames(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* o : app->get_options()) {
      for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
      for (const std::string& s : o->get_snames()) names.push_back("-" + s);
    }
  }
  return names;
}

const CLI::Option* FindOption(const CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* o : app->get_options()) {
      if (o->check_name(name)) return o;
    }
  }
  return nullptr;
}

std::string CommandPath(const CLI::App* app) {
  std::string path;
  for (; app != nullptr; app = app->get_parent()) {
    path = path.empty() ? app->get_name() : app->get_name() + " " + path;
  }
  return path;
}

}  // namespace

CLI::App* FindSubcommand(const CLI::App& app, const std::string& name) {
  for (CLI::App* s : const_cast<CLI::App&>(app).get_subcommands({})) {
    if (s->check_name(name)) return s;
  }
  return nullptr;
}

std::string Closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string w = ToLowerAscii(word);
  std::string best;
  size_t best_d = std::max<size_t>(2, w.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::string lc = ToLowerAscii(c);
    size_t d = Distance(w, lc);
    // "--detail" for "--details", "expl" for "explain": a prefix is as good as one edit.
    if (w.size() >= 3 && lc.compare(0, w.size(), w) == 0) d = std::min<size_t>(d, 1);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string SuggestFix(CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* cur = &app;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() > 1 && a[0] == '-') {
      const std::string name = a.substr(0, a.find('='));
      // -j2 style: a short option with its value attached.
      const std::string probe = name.size() > 2 && name[1] != '-' ? name.substr(0, 2) : name;
      const CLI::Option* o = FindOption(cur, probe);
      if (o == nullptr) {
        const std::string guess = Closest(name, OptionNames(cur));
        const std::string where = CommandPath(cur);
        std::string msg = "unknown option '" + report::TerminalSafe(name) + "' for '" + where + "'";
        if (!guess.empty()) msg += "; did you mean '" + guess + "'?";
        msg += " ('" + where + " --help' lists the options)";
        return msg;
      }
      if (o->get_expected_min() > 0 && a.find('=') == std::string::npos && probe == name) ++i;
      continue;
    }
    if (const CLI::App* sub = FindSubcommand(*cur, a)) {
      cur = sub;
      continue;
    }
    std::vector<std::string> subs;
    for (const CLI::App* s : const_cast<CLI::App*>(cur)->get_subcommands({})) {
      subs.push_back(s->get_name());
    }
    // A word where a subcommand is expected (a command with subcommands and no positionals).
    if (!subs.empty() && cur->get_subcommands().empty()) {
      bool takes_positionals = false;
      for (const CLI::Option* o : cur->get_options()) takes_positionals |= o->get_positional();
      if (takes_positionals) continue;
      const std::string guess = Closest(a, subs);
      const std::string where = CommandPath(cur);
      std::string msg = "unknown command '" + report::TerminalSafe(a) + "'";
      if (cur != &app) msg += " for '" + where + "'";
      if (!guess.empty()) msg += "; did you mean '" + guess + "'?";
      msg += " ('" + where + " --help' lists the commands)";
      return msg;
    }
  }
  return "";
}

}  // namespace logrx::cli
