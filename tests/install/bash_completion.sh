#!/usr/bin/env bash
# packaging/logrx.bash-completion (installed as share/bash-completion/completions/logrx)
# completes subcommands, flags and {choice} values from the program's own --help: checked
# for every subcommand and nested subcommand the top-level --help lists.
set -uo pipefail
: "${LOGRX:?} ${LOGRX_SOURCE_DIR:?}"
# shellcheck source=/dev/null
source "$LOGRX_SOURCE_DIR/packaging/logrx.bash-completion"
fail() { echo "FAIL: $*"; exit 1; }
complete_words() {  # complete_words "WORDS": the last word is completed ("" after a trailing space)
  local -a w
  read -ra w <<<"$1"
  [[ $1 == *" " || -z $1 ]] && w+=("")
  COMP_WORDS=("$LOGRX" "${w[@]}"); COMP_CWORD=${#w[@]}; COMPREPLY=()
  _logrx
  printf '%s\n' "${COMPREPLY[@]}" | sort
}
has() {  # has "WORDS" EXPECTED...
  local got; got=$(complete_words "$1")
  shift
  for w in "$@"; do grep -qxF -- "$w" <<<"$got" || fail "completion lacks $w (got: $(echo $got))"; done
}
lacks() {
  local got; got=$(complete_words "$1")
  shift
  for w in "$@"; do ! grep -qxF -- "$w" <<<"$got" || fail "completion offers $w where it should not"; done
}
subs=$("$LOGRX" --help | sed -n '/^Subcommands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p')
[ -n "$subs" ] || fail "no subcommands in logrx --help"
has "" $subs
has "s" scan
lacks "s" dump
has "--c" --color
has "--color " auto always never
has "--rules x scan --fo" --format
has "scan --format " text json jsonl csv html
has "scan --format j" json jsonl
has "rules " check test
# Every flag of every (nested) subcommand's --help is offered after "-".
for s in $subs; do
  nested=$("$LOGRX" "$s" --help | sed -n '/^Subcommands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p')
  for path in "$s" $(for n in $nested; do echo "$s:$n"; done); do
    words=${path//:/ }
    flags=$("$LOGRX" $words --help | sed -n '/^Options:$/,/^$/s/^  \(-[^ ]*\).*/\1/p' | tr ',' '\n')
    [ -n "$flags" ] || fail "logrx $words --help lists no flags"
    has "$words -" $flags
  done
done
# A value that is a file name: file names are offered.
cd "$LOGRX_SOURCE_DIR"
has "scan -o READ" README.md
echo "PASS"
