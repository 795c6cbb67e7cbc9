#!/usr/bin/env python3
"""Writes a binary .evtx log holding the events of a Windows XML export.

    xml_to_evtx.py IN.xml OUT.evtx [--computer NAME]

Written from the format description (docs/formats/evtx.md, docs/formats/binxml.md),
independently of logrx's reader, the way Windows lays records out: each record is a
template instance whose values are typed substitutions (UInt16 event id, FILETIME,
UInt64 record id, SID, WString data...), templates are defined inline at first use in a
chunk and referenced by offset afterwards, names are defined inline in the template,
CRCs are set. RenderingInfo is not stored (a .evtx holds none), so the reader gets what it
gets from a real log. Used by tests (XML and .evtx of the same events give the same
diagnosis) and to make the .evtx sample.
"""
import argparse
import struct
import sys
import uuid
import zlib
from datetime import datetime, timezone

from xml_export import NS, load_events, sid_bytes  # beside this script
CHUNK = 65536
EPOCH_1601 = datetime(1601, 1, 1, tzinfo=timezone.utc)

# value types (docs/formats/binxml.md)
T_NULL, T_WSTRING, T_UINT8, T_UINT16, T_UINT32, T_UINT64 = 0x00, 0x01, 0x04, 0x06, 0x08, 0x0A
T_BINARY, T_FILETIME, T_SID, T_HEXINT64 = 0x0E, 0x11, 0x13, 0x15


def filetime(text):
    whole, _, frac = text.rstrip("Z").partition(".")
    t = datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    ticks = int((t - EPOCH_1601).total_seconds()) * 10_000_000
    return ticks + int((frac + "0000000")[:7]) if frac else ticks


def name_hash(name):
    h = 0
    units = name.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h = (h * 65599 + int.from_bytes(units[i:i + 2], "little")) & 0xFFFFFFFF
    return h & 0xFFFF


# An element of a template: (name, [(attr, value)], content) where a value is either a
# literal string or ("sub", index, type) and content is a list of children or a value.
def sub(i, t):
    return ("sub", i, t)


def event_shape(ev):
    """The template skeleton of one event and its substitution values."""
    values = []

    def v(val, t):
        values.append((t, val))
        return sub(len(values) - 1, t)

    s = ev.find(NS + "System")
    prov = s.find(NS + "Provider")
    prov_attrs = [("Name", v(prov.get("Name"), T_WSTRING))]
    if prov.get("EventSourceName"):
        prov_attrs.append(("EventSourceName", v(prov.get("EventSourceName"), T_WSTRING)))
    eid = s.find(NS + "EventID")
    eid_attrs = []
    if eid.get("Qualifiers") is not None:
        eid_attrs.append(("Qualifiers", v(int(eid.get("Qualifiers")), T_UINT16)))
    children = [("Provider", prov_attrs, None), ("EventID", eid_attrs, v(int(eid.text), T_UINT16))]
    for tag, t in (("Version", T_UINT8), ("Level", T_UINT8), ("Task", T_UINT16), ("Opcode", T_UINT8)):
        children.append((tag, [], v(int(s.findtext(NS + tag) or 0), t)))
    children.append(("Keywords", [], v(int(s.findtext(NS + "Keywords") or "0", 16), T_HEXINT64)))
    when = s.find(NS + "TimeCreated").get("SystemTime")
    children.append(("TimeCreated", [("SystemTime", v(filetime(when), T_FILETIME))], None))
    children.append(("EventRecordID", [], v(int(s.findtext(NS + "EventRecordID")), T_UINT64)))
    children.append(("Correlation", [], None))
    ex = s.find(NS + "Execution")
    pid = int(ex.get("ProcessID", 0)) if ex is not None else 0
    tid = int(ex.get("ThreadID", 0)) if ex is not None else 0
    children.append(("Execution", [("ProcessID", v(pid, T_UINT32)), ("ThreadID", v(tid, T_UINT32))], None))
    children.append(("Channel", [], v(s.findtext(NS + "Channel") or "", T_WSTRING)))
    children.append(("Computer", [], v(s.findtext(NS + "Computer") or "", T_WSTRING)))
    sec = s.find(NS + "Security")
    uid = sec.get("UserID") if sec is not None else None
    children.append(("Security", [("UserID", v(sid_bytes(uid), T_SID))] if uid else [], None))
    system = ("System", [], children)
    data_children = []
    data = ev.find(NS + "EventData")
    if data is not None:
        for d in data.findall(NS + "Data"):
            attrs = [("Name", d.get("Name"))] if d.get("Name") else []
            data_children.append(("Data", attrs, v(d.text or "", T_WSTRING)))
        b = data.findtext(NS + "Binary")
        if b:
            data_children.append(("Binary", [], v(bytes.fromhex(b), T_BINARY)))
    top = [system, ("EventData", [], data_children)]
    root = ("Event", [("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event")], top)
    return root, values


def skeleton_key(node):
    name, attrs, content = node
    a = tuple((k, val if isinstance(val, str) else val[:3]) for k, val in attrs)
    if isinstance(content, list):
        c = tuple(skeleton_key(x) for x in content)
    else:
        c = content[:3] if isinstance(content, tuple) else content
    return (name, a, c)


def encode_value(t, val):
    if t == T_WSTRING:
        return val.encode("utf-16-le")
    if t == T_UINT8:
        return struct.pack("<B", val)
    if t == T_UINT16:
        return struct.pack("<H", val)
    if t == T_UINT32:
        return struct.pack("<I", val)
    if t in (T_UINT64, T_HEXINT64, T_FILETIME):
        return struct.pack("<Q", val)
    return bytes(val)  # T_BINARY, T_SID


class ChunkWriter:
    def __init__(self, first_id):
        self.c = bytearray(512)
        self.templates = {}  # skeleton key -> definition offset
        self.first_id = first_id
        self.last_id = first_id
        self.last_record = 512
        self.count = 0

    def pos(self):
        return len(self.c)

    def name(self, text):
        # The name offset points right after itself: the name is defined inline.
        self.c += struct.pack("<I", self.pos() + 4)
        units = text.encode("utf-16-le")
        self.c += struct.pack("<IHH", 0, name_hash(text), len(units) // 2) + units + b"\0\0"

    def value_text(self, text):
        units = text.encode("utf-16-le")
        self.c += struct.pack("<BBH", 0x05, T_WSTRING, len(units) // 2) + units

    def element(self, node):
        name, attrs, content = node
        self.c += bytes([0x41 if attrs else 0x01]) + struct.pack("<H", 0xFFFF)
        size_at = self.pos()
        self.c += b"\0\0\0\0"
        self.name(name)
        if attrs:
            list_at = self.pos()
            self.c += b"\0\0\0\0"
            for i, (k, val) in enumerate(attrs):
                self.c += bytes([0x46 if i + 1 < len(attrs) else 0x06])
                self.name(k)
                if isinstance(val, str):
                    self.value_text(val)
                else:
                    self.c += struct.pack("<BHB", 0x0E, val[1], val[2])
            struct.pack_into("<I", self.c, list_at, self.pos() - list_at - 4)
        if content is None or content == []:
            self.c += b"\x03"  # close empty element
        else:
            self.c += b"\x02"  # close start element
            if isinstance(content, list):
                for child in content:
                    self.element(child)
            else:  # a value: optional substitution (empty values vanish, as on Windows)
                self.c += struct.pack("<BHB", 0x0E, content[1], content[2])
            self.c += b"\x04"  # end element
        struct.pack_into("<I", self.c, size_at, self.pos() - size_at - 4)

    def record(self, record_id, written, root, values):
        start = self.pos()
        self.c += struct.pack("<4sIQQ", b"**\0\0", 0, record_id, written)
        self.c += b"\x0f\x01\x01\x00"  # fragment header
        key = skeleton_key(root)
        self.c += b"\x0c\x01"
        known = self.templates.get(key)
        if known is None:
            guid = uuid.uuid5(uuid.NAMESPACE_OID, repr(key)).bytes_le
            template_id = struct.unpack_from("<I", guid)[0]
            self.c += struct.pack("<II", template_id, self.pos() + 8)
            definition = self.pos()
            self.c += struct.pack("<I", 0) + guid + b"\0\0\0\0"
            body = self.pos()
            self.c += b"\x0f\x01\x01\x00"
            self.element(root)
            self.c += b"\x00"
            struct.pack_into("<I", self.c, definition + 20, self.pos() - body)
            self.templates[key] = definition
            bucket = 384 + 4 * (template_id % 32)  # chunk template table, chained by next offset
            prev = struct.unpack_from("<I", self.c, bucket)[0]
            struct.pack_into("<I", self.c, definition, prev)
            struct.pack_into("<I", self.c, bucket, definition)
        else:
            template_id = struct.unpack_from("<I", self.c, known + 4)[0]
            self.c += struct.pack("<II", template_id, known)
        encoded = [(t, encode_value(t, val)) for t, val in values]
        self.c += struct.pack("<I", len(encoded))
        for t, raw in encoded:
            self.c += struct.pack("<HBB", len(raw), t if raw else T_NULL, 0)
        for _, raw in encoded:
            self.c += raw
        self.c += b"\x00"  # end of fragment
        size = self.pos() - start + 4
        self.c += struct.pack("<I", size)
        struct.pack_into("<I", self.c, start + 4, size)
        self.last_id = record_id
        self.last_record = start
        self.count += 1

    def finish(self):
        free = self.pos()
        self.c += b"\0" * (CHUNK - free)
        struct.pack_into("<8sQQQQIII", self.c, 0, b"ElfChnk\0", self.first_id, self.last_id,
                         self.first_id, self.last_id, 128, self.last_record, free)
        struct.pack_into("<I", self.c, 52, zlib.crc32(bytes(self.c[512:free])) & 0xFFFFFFFF)
        struct.pack_into("<I", self.c, 124,
                         zlib.crc32(bytes(self.c[:120]) + bytes(self.c[128:512])) & 0xFFFFFFFF)
        return bytes(self.c)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("xml")
    p.add_argument("out")
    p.add_argument("--computer", help="replace every event's Computer")
    a = p.parse_args()
    chunks, cw = [], None
    last_id = 0
    for ev in load_events(a.xml):
        if a.computer:
            ev.find(NS + "System").find(NS + "Computer").text = a.computer
        root, values = event_shape(ev)
        rid = int(ev.find(NS + "System").findtext(NS + "EventRecordID"))
        written = filetime(ev.find(NS + "System").find(NS + "TimeCreated").get("SystemTime"))
        if cw is not None and cw.pos() > CHUNK - 8192:  # leave room: one record stays < 8 KiB
            chunks.append(cw.finish())
            cw = None
        if cw is None:
            cw = ChunkWriter(rid)
        cw.record(rid, written, root, values)
        last_id = rid
    if cw is not None:
        chunks.append(cw.finish())
    header = bytearray(4096)
    struct.pack_into("<8sQQQIHHHH", header, 0, b"ElfFile\0", 0, max(len(chunks) - 1, 0),
                     last_id + 1, 128, 1, 3, 4096, len(chunks))
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])) & 0xFFFFFFFF)
    with open(a.out, "wb") as f:
        f.write(bytes(header) + b"".join(chunks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
