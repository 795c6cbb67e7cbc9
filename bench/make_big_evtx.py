#!/usr/bin/python3
"""Builds a large EVTX file for benchmarks by repeating valid chunks of corpus files.

usage: make_big_evtx.py OUT SIZE_BYTES SRC.evtx...

The first source's 4096-byte file header is kept as is (its chunk count is then far
smaller than the file: readers must read past it, as they must for dirty files). Every
chunk with a valid "ElfChnk" magic of the sources is appended in turn until SIZE is
reached. Records keep their ids (duplicates across repetitions); each chunk stays
self-contained (templates and strings are chunk-relative), so every record is readable.
"""
import sys

out, size, srcs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
chunks = []
header = None
for s in srcs:
    data = open(s, "rb").read()
    if header is None:
        header = data[:4096]
    for off in range(4096, len(data) - 65535, 65536):
        c = data[off:off + 65536]
        if c[:8] == b"ElfChnk\x00":
            chunks.append(c)
if not chunks:
    sys.exit("no chunks")
with open(out, "wb") as f:
    f.write(header)
    written = 4096
    i = 0
    while written + 65536 <= size:
        f.write(chunks[i % len(chunks)])
        written += 65536
        i += 1
    # Header: chunk count (u16, saturates past 65535 chunks), last chunk number, and the
    # header CRC, so that readers which trust the header (evtxexport) read every chunk.
    import struct, zlib
    h = bytearray(header)
    struct.pack_into("<QQ", h, 8, 0, i - 1)
    struct.pack_into("<H", h, 42, min(i, 0xFFFF))
    struct.pack_into("<I", h, 120, 0)
    struct.pack_into("<I", h, 124, zlib.crc32(bytes(h[:120])) & 0xFFFFFFFF)
    f.seek(0)
    f.write(bytes(h))
print(f"{out}: {written} bytes, {i} chunks from {len(chunks)} distinct", file=sys.stderr)
