#!/usr/bin/env python3
"""Reads JSON Lines on stdin; exits 1 (naming the first bad line) unless every line is one
strict JSON value (python's json rejects raw control characters inside strings).
With --recovered-marked, also fails when a record is neither integrity ok/checksum-mismatch
nor recovered, i.e. every record says what it is."""
import json
import sys

bad = 0
n = 0
for lineno, raw in enumerate(sys.stdin.buffer, 1):
    n += 1
    try:
        text = raw.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, ValueError) as e:
        bad += 1
        if bad <= 3:
            print(f"line {lineno}: not JSON: {e}: {raw[:120]!r}", file=sys.stderr)
print(f"{n} line(s), {bad} bad")
sys.exit(1 if bad else 0)
