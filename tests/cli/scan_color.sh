#!/usr/bin/env bash
# --color (STYLE.md §7, `logrx --help`): `always` colours the text report even into a pipe or
# a file, `never` not even on a terminal; `auto` (the default) colours only when stdout is a
# terminal, NO_COLOR is unset (or empty) and TERM is not `dumb`. The terminal is a
# pseudo-terminal from script(1) (util-linux). Colour is seen as an SGR escape (ESC '[' ... 'm').
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
command -v script >/dev/null || { echo "SKIPPED: script (util-linux) absent"; exit 77; }
cd "$LOGRX_SOURCE_DIR" || exit 1
log=samples/fleet/EXCLUS4-System.xml  # needs action: the report has coloured verdicts
sgr=$(printf '\033\\[[0-9;]*m')

# on_tty OUT ENV... -- ARGS...: runs logrx ARGS with stdout on a pseudo-terminal, with the
# environment changes ENV (NAME=VALUE, or -u NAME), and saves what the terminal showed.
on_tty() {
  local out=$1; shift
  local -a envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  local cmd
  cmd=$(printf '%q ' env "${envs[@]}" "$LOGRX" "$@")
  script -qec "$cmd" /dev/null </dev/null >"$out" 2>/dev/null
}
colored() { grep -q "$sgr" "$1"; }

# Into a pipe / file.
"$LOGRX" scan "$log" --color always >"$tmp/always.pipe" 2>/dev/null
colored "$tmp/always.pipe" || bad "--color always into a pipe: no colour"
"$LOGRX" scan "$log" --color always -o "$tmp/always.file" 2>/dev/null
colored "$tmp/always.file" || bad "--color always -o FILE: no colour"
"$LOGRX" scan "$log" >"$tmp/auto.pipe" 2>/dev/null
colored "$tmp/auto.pipe" && bad "--color auto (default) into a pipe: coloured"
NO_COLOR=1 "$LOGRX" scan "$log" --color always >"$tmp/always.nocolor" 2>/dev/null
colored "$tmp/always.nocolor" || bad "--color always with NO_COLOR set: no colour (the flag wins)"

# On a terminal.
on_tty "$tmp/tty.auto" -u NO_COLOR TERM=xterm -- scan "$log"
colored "$tmp/tty.auto" || bad "auto on a terminal (NO_COLOR unset, TERM=xterm): no colour"
grep -q EXCLUS4 "$tmp/tty.auto" || bad "auto on a terminal: no report at all (script(1) failed?)"
on_tty "$tmp/tty.nocolor" NO_COLOR=1 TERM=xterm -- scan "$log"
colored "$tmp/tty.nocolor" && bad "auto on a terminal with NO_COLOR=1: coloured"
on_tty "$tmp/tty.nocolor-empty" NO_COLOR= TERM=xterm -- scan "$log"
colored "$tmp/tty.nocolor-empty" || bad "auto on a terminal with NO_COLOR empty: no colour"
on_tty "$tmp/tty.dumb" -u NO_COLOR TERM=dumb -- scan "$log"
colored "$tmp/tty.dumb" && bad "auto on a terminal with TERM=dumb: coloured"
on_tty "$tmp/tty.never" -u NO_COLOR TERM=xterm -- scan "$log" --color never
colored "$tmp/tty.never" && bad "--color never on a terminal: coloured"
on_tty "$tmp/tty.never-global" -u NO_COLOR TERM=xterm -- --color never scan "$log"
colored "$tmp/tty.never-global" && bad "--color never before the subcommand, on a terminal: coloured"
# A report written to -o FILE is never coloured by auto, even from a terminal.
on_tty /dev/null -u NO_COLOR TERM=xterm -- scan "$log" -o "$tmp/tty.file"
colored "$tmp/tty.file" && bad "auto with -o FILE from a terminal: the file is coloured"
# A bad value is a usage error.
"$LOGRX" scan "$log" --color sometimes >/dev/null 2>&1
[ $? = 2 ] || bad "--color sometimes: exit not 2"
exit $fail
