#!/usr/bin/env bash
# CLI promise on damaged input: `logrx dump` and `logrx scan` exit 3
# ("some input was unreadable or damaged") and names the file and the offset (binary
# formats) or line (XML) of the damage on stderr; an undamaged file exits 0.
# Damaged EVTX/EVT files are made here from ../shared/corpus (skipped without it); the XML
# case is self-made. Exit 0 pass, 77 skipped (says why), 1 fail.
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
logrx=$LOGRX
shared=${LOGRX_SHARED_DIR:-}/corpus
checked=0


# expect CMD NAME FILE WANT_CODE PATTERN: runs `logrx CMD FILE`, checks the exit code and
# that stderr matches PATTERN (an extended regex).
expect() {
  local cmd=$1 name=$2 file=$3 want=$4 pattern=$5
  local err=$tmp/stderr code
  "$logrx" "$cmd" "$file" >/dev/null 2>"$err"
  code=$?
  checked=$((checked + 1))
  if [ "$code" != "$want" ]; then
    echo "FAIL: logrx $cmd $name: exit $code, want $want"; head -5 "$err"; fail=1; return
  fi
  if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$err"; then
    echo "FAIL: logrx $cmd $name: stderr does not match /$pattern/:"; head -5 "$err"; fail=1; return
  fi
  echo "ok: logrx $cmd $name: exit $code"
}

# patch FILE OFFSET HEXBYTES: overwrite bytes in place.
patch() { printf "$(echo "$3" | sed 's/../\\x&/g')" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

commands=(dump scan)

# --- XML (self-made): event 2 is not well-formed --------------------------------------
cat >"$tmp/ok.xml" <<'EOF'
<Events>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Service Control Manager"/><EventID Qualifiers="16384">7036</EventID><Level>4</Level><TimeCreated SystemTime="2026-01-01T10:00:00.000Z"/><EventRecordID>1</EventRecordID><Channel>System</Channel><Computer>HOST1</Computer></System><EventData><Data Name="param1">Spooler</Data></EventData></Event>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Service Control Manager"/><EventID Qualifiers="16384">7036</EventID><Level>4</Level><TimeCreated SystemTime="2026-01-01T10:01:00.000Z"/><EventRecordID>2</EventRecordID><Channel>System</Channel><Computer>HOST1</Computer></System><EventData><Data Name="param1">Spooler</Data></EventData></Event>
</Events>
EOF
sed '3s/<System>/<System><Bad a=1>/' "$tmp/ok.xml" >"$tmp/bad_event.xml"
for c in "${commands[@]}"; do
  expect "$c" "undamaged xml" "$tmp/ok.xml" 0 ""
  expect "$c" "xml with a malformed event" "$tmp/bad_event.xml" 3 "bad_event\.xml:3"
done

# --- EVTX / EVT from ../shared/corpus -------------------------------------------------
if [ ! -d "$shared" ]; then
  echo "note: $shared absent: EVTX/EVT cases not run"
else
  src=$shared/evtx/deepblue_disablestop-eventlog.evtx   # 1 chunk, 13 records
  cp "$src" "$tmp/ok.evtx"; chmod u+w "$tmp/ok.evtx"
  cp "$src" "$tmp/bad_chunk_magic.evtx"; chmod u+w "$tmp/bad_chunk_magic.evtx"
  patch "$tmp/bad_chunk_magic.evtx" $((4096 + 6)) 58          # "ElfChnk" -> "ElfChnX"
  cp "$src" "$tmp/bad_record_size.evtx"; chmod u+w "$tmp/bad_record_size.evtx"
  patch "$tmp/bad_record_size.evtx" $((4096 + 512 + 4)) f0ffffff  # first record size
  head -c $((4096 + 65536 / 2)) "$src" >"$tmp/cut.evtx"          # mid-chunk truncation
  for c in "${commands[@]}"; do
    expect "$c" "undamaged evtx" "$tmp/ok.evtx" 0 ""
    expect "$c" "evtx chunk with a bad magic" "$tmp/bad_chunk_magic.evtx" 3 "bad_chunk_magic\.evtx @0x1000"
    expect "$c" "evtx record with size 0xfffffff0" "$tmp/bad_record_size.evtx" 3 "bad_record_size\.evtx @0x1200"
    expect "$c" "evtx cut mid-chunk" "$tmp/cut.evtx" 3 "cut\.evtx @0x[0-9a-f]+"
  done
  evt=$shared/evt/plaso_SysEvent.Evt
  if [ -f "$evt" ]; then
    # A live record's size field: the first record after the header's start offset.
    start=$(od -An -tu4 -j16 -N4 "$evt" | tr -d ' ')
    cp "$evt" "$tmp/bad_record.evt"; chmod u+w "$tmp/bad_record.evt"
    patch "$tmp/bad_record.evt" "$start" f0ffffff
    hexstart=$(printf '%x' "$start")
    for c in "${commands[@]}"; do
      expect "$c" "evt record with size 0xfffffff0" "$tmp/bad_record.evt" 3 "bad_record\.evt @0x$hexstart"
    done
  fi
fi

[ "$checked" -gt 0 ] || { echo "FAIL: nothing checked"; exit 1; }
exit $fail
