#!/usr/bin/python3
"""Builds a fleet of .evtx System logs for the fleet benchmark from corpus chunks.

usage: make_fleet_evtx.py OUT_DIR HOSTS CHUNKS_PER_HOST LOGRX SRC.evtx...

Host i gets OUT_DIR/H<i>/System.evtx: CHUNKS_PER_HOST consecutive valid chunks of one
source (sources taken in turn, so record ids stay unique within a host), with every
computer name of at least 7 characters overwritten in place by one of the same length
whose first DNS label is H<i> (5 digits), so logrx sees HOSTS distinct hosts. Chunk CRCs
(header and records) and the file header are rewritten so every reader accepts the files.
The computer names to replace are listed with `LOGRX -q dump --format jsonl` (a benchmark
helper, not a test: it may use logrx).
"""
import json
import os
import struct
import subprocess
import sys
import zlib

out, hosts, per_host, logrx, srcs = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                     sys.argv[4], sys.argv[5:])


def chunks_of(path):
    data = open(path, "rb").read()
    found = []
    for off in range(4096, len(data) - 65535, 65536):
        c = data[off:off + 65536]
        if c[:8] == b"ElfChnk\x00":
            found.append(c)
    return data[:4096], found


def computer_names(path):
    names = set()
    dump = subprocess.run([logrx, "-q", "dump", "--format", "jsonl", path],
                          capture_output=True, text=True, check=False).stdout
    for line in dump.splitlines():
        name = json.loads(line).get("computer", "")
        if len(name) >= 7:
            names.add(name)
    return sorted(names, key=len, reverse=True)  # longest first: FQDNs before their labels


def renamed(name, host):
    label = f"H{host:05d}"
    rest = name[len(label):]
    return label + ("." + rest[1:] if rest else "")  # "H00042.xxxx": first label is H00042


def fix_chunk_crcs(c):
    free = struct.unpack_from("<I", c, 48)[0]
    if 512 <= free <= 65536:
        struct.pack_into("<I", c, 52, zlib.crc32(bytes(c[512:free])) & 0xFFFFFFFF)
    struct.pack_into("<I", c, 124, zlib.crc32(bytes(c[:120]) + bytes(c[128:512])) & 0xFFFFFFFF)


sources = []
for s in srcs:
    header, chunks = chunks_of(s)
    if chunks:
        names = [(n.encode("utf-16-le"), n) for n in computer_names(s)]
        sources.append((header, chunks, names))
if not sources:
    sys.exit("make_fleet_evtx.py: no chunks in the sources")

total = 0
for i in range(hosts):
    header, chunks, names = sources[i % len(sources)]
    start = (i // len(sources) * 7) % len(chunks)
    picked = [chunks[(start + k) % len(chunks)] for k in range(min(per_host, len(chunks)))]
    body = bytearray()
    for c in picked:
        c = bytearray(c)
        for raw, name in names:
            c = bytearray(bytes(c).replace(raw, renamed(name, i).encode("utf-16-le")))
        fix_chunk_crcs(c)
        body += c
    h = bytearray(header)
    n = len(picked)
    struct.pack_into("<QQ", h, 8, 0, n - 1)
    struct.pack_into("<H", h, 42, n)
    struct.pack_into("<I", h, 120, 0)
    struct.pack_into("<I", h, 124, zlib.crc32(bytes(h[:120])) & 0xFFFFFFFF)
    d = os.path.join(out, f"H{i:05d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "System.evtx"), "wb") as f:
        f.write(bytes(h) + bytes(body))
    total += len(h) + len(body)
print(f"{out}: {hosts} hosts, {total} bytes of EVTX", file=sys.stderr)
