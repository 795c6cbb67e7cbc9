#!/usr/bin/env bash
# One EVTX file on several threads: `logrx dump` and `logrx scan` with --jobs 4 write
# exactly what --jobs 1 writes (stdout and stderr, exit code), on the damaged multi-chunk
# files of ../shared/corpus (a bad chunk magic in the middle, a truncated file, a bad
# string cache) and on a file cut inside a chunk and one with a zeroed chunk (made here).
# Exit 0 pass, 77 skipped (says why), 1 fail.
set -u
logrx=${LOGRX:?LOGRX must point at the logrx binary}
shared=${LOGRX_SHARED_DIR:-}/corpus
[ -d "$shared/evtx-damaged" ] || { echo "SKIPPED: no ../shared/corpus"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0

files=("$shared"/evtx-damaged/omer_sample_with_a_bad_chunk_magic.evtx
       "$shared"/evtx-damaged/plaso_System2_truncated.evtx
       "$shared"/evtx-damaged/omer_security_bad_string_cache.evtx)
big=$shared/evtx-damaged/omer_sample_with_a_bad_chunk_magic.evtx
clean=$shared/evtx/plaso_System.evtx
# A cut inside chunk 14, and a clean System log with chunk 5 zeroed.
head -c $((4096 + 14 * 65536 + 30000)) "$big" > "$tmp/cut.evtx"
cp "$clean" "$tmp/zeroed.evtx"
chmod u+w "$tmp/zeroed.evtx"
dd if=/dev/zero of="$tmp/zeroed.evtx" bs=65536 count=1 conv=notrunc oflag=seek_bytes \
  seek=$((4096 + 5 * 65536)) status=none
files+=("$tmp/cut.evtx" "$tmp/zeroed.evtx")

same() {  # same NAME ARGS...: the command's output is the same with --jobs 1 and --jobs 4
  local name=$1; shift
  "$logrx" "$@" --jobs 1 >"$tmp/o1" 2>"$tmp/e1"; local c1=$?
  "$logrx" "$@" --jobs 4 >"$tmp/o4" 2>"$tmp/e4"; local c4=$?
  checked=$((checked + 1))
  if [ "$c1" != "$c4" ] || ! cmp -s "$tmp/o1" "$tmp/o4" || ! cmp -s "$tmp/e1" "$tmp/e4"; then
    echo "FAIL: $name: --jobs 1 (exit $c1) and --jobs 4 (exit $c4) differ"
    diff "$tmp/o1" "$tmp/o4" | head -5
    diff "$tmp/e1" "$tmp/e4" | head -5
    fail=1
  fi
  # Not vacuous: each file holds records and is reported damaged.
  [ -s "$tmp/o1" ] || { echo "FAIL: $name: no output"; fail=1; }
}

for f in "${files[@]}"; do
  n=$(basename "$f")
  same "dump xml $n" dump --recover "$f"
  same "dump jsonl $n" dump --format jsonl "$f"
  same "scan json $n" scan --format json "$f"
done
"$logrx" dump "$tmp/zeroed.evtx" --jobs 4 2>&1 >/dev/null |
  grep -q "@0x$(printf %x $((4096 + 5 * 65536))) (chunk 5): zero-filled chunk skipped" ||
  { echo "FAIL: the zeroed chunk 5 is not reported with --jobs 4"; fail=1; }
echo "$checked comparisons"
exit $fail
