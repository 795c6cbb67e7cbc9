#!/usr/bin/env python3
"""Writes the NT-era forms of a Windows XML event export: a binary .evt log and the
Event Viewer text export (NT4 headerless TSV, or the 2003 CSV with a header line).

    legacy_exports.py IN.xml [--computer NAME] [--evt OUT.evt] [--tsv OUT.txt] [--csv OUT.csv]

Used by tests (the same ClusSvc 1024 read from .evt, text and XML must give the same
diagnosis) and to make the legacy samples. Written from the layout in docs/formats/evt.md,
independently of logrx's reader. The .evt is a clean, unwrapped log: header, records oldest
first, the end-of-file record. Text exports carry the RenderingInfo message as Description
and the UTC time as the (local) date and time, so that times compare equal; they need an
XML export with RenderingInfo (Event Viewer "Save as XML"), as Event Viewer itself renders.
"""
import argparse
import struct
import sys
from datetime import datetime, timezone

from xml_export import NS, load_events, sid_bytes  # beside this script
TYPE_OF_LEVEL = {1: 1, 2: 1, 3: 2, 4: 4, 0: 4}  # EVT event type from Level
TYPE_NAME = {1: "Error", 2: "Warning", 4: "Information"}
SEVERITY_QUALIFIERS = {1: 0xC000, 2: 0x8000, 4: 0x4000}  # when the XML has no Qualifiers


def events(path):
    for ev in load_events(path):
        system = ev.find(NS + "System")
        provider = system.find(NS + "Provider")
        eid = system.find(NS + "EventID")
        level = int((system.findtext(NS + "Level") or "4").strip() or 4)
        evt_type = TYPE_OF_LEVEL.get(level, 4)
        qualifiers = eid.get("Qualifiers")
        qualifiers = int(qualifiers) if qualifiers else SEVERITY_QUALIFIERS[evt_type]
        when = system.find(NS + "TimeCreated").get("SystemTime")
        seconds = int(datetime.strptime(when[:19], "%Y-%m-%dT%H:%M:%S")
                      .replace(tzinfo=timezone.utc).timestamp())
        data = ev.find(NS + "EventData")
        strings = [d.text or "" for d in data.findall(NS + "Data")] if data is not None else []
        binary = data.findtext(NS + "Binary") if data is not None else None
        task = int(system.findtext(NS + "Task") or 0)
        rendering = ev.find(NS + "RenderingInfo")
        message = rendering.findtext(NS + "Message") if rendering is not None else None
        sec = system.find(NS + "Security")
        yield {
            "record": int(system.findtext(NS + "EventRecordID")),
            "time": seconds,
            "event_id": int(eid.text),
            "qualifiers": qualifiers,
            "type": evt_type,
            "category": task,
            "source": provider.get("EventSourceName") or provider.get("Name"),
            "computer": system.findtext(NS + "Computer"),
            "sid": sec.get("UserID") if sec is not None else None,
            "strings": strings,
            "binary": bytes.fromhex(binary) if binary else b"",
            "message": message,
        }


def utf16z(s):
    return s.encode("utf-16-le") + b"\0\0"


def evt_record(e):
    head = 56
    names = utf16z(e["source"]) + utf16z(e["computer"])
    sid = sid_bytes(e["sid"]) if e["sid"] else b""
    pad = (-(head + len(names))) % 4  # the SID starts 4-byte aligned, as Windows writes it
    sid_offset = head + len(names) + pad
    strings = b"".join(utf16z(s) for s in e["strings"])
    strings_offset = sid_offset + len(sid)
    data_offset = strings_offset + len(strings)
    body_end = data_offset + len(e["binary"])
    size = body_end + ((-body_end) % 4) + 4
    rec = struct.pack("<I4sIIIIHHHHIIIIII", size, b"LfLe", e["record"], e["time"], e["time"],
                      (e["qualifiers"] << 16) | e["event_id"], e["type"], len(e["strings"]),
                      e["category"], 0, 0, strings_offset, len(sid), sid_offset if sid else 0,
                      len(e["binary"]), data_offset)
    rec += names + b"\0" * pad + sid + strings + e["binary"]
    rec += b"\0" * (size - 4 - len(rec)) + struct.pack("<I", size)
    assert len(rec) == size
    return rec


def write_evt(evs, out):
    body = b"".join(evt_record(e) for e in evs)
    end = 0x30 + len(body)
    first = evs[0]["record"] if evs else 1
    nxt = evs[-1]["record"] + 1 if evs else 1
    eof = struct.pack("<IIIIIIIIII", 0x28, 0x11111111, 0x22222222, 0x33333333, 0x44444444,
                      0x30, end, nxt, first, 0x28)
    size = end + len(eof)
    header = struct.pack("<I4sIIIIIIIIII", 0x30, b"LfLe", 1, 1, 0x30, end, nxt, first, size, 0,
                         604800, 0x30)
    with open(out, "wb") as f:
        f.write(header + body + eof)


def text_fields(e):
    # Event Viewer writes the rendered message as Description; an export without
    # RenderingInfo (a wevtutil stream) has none to write, and inventing one would be a lie.
    if e["message"] is None:
        raise SystemExit(f"legacy_exports.py: record {e['record']} has no RenderingInfo message; "
                         "text exports need one (use an Event Viewer XML export)")
    t = datetime.fromtimestamp(e["time"], timezone.utc)
    hour = t.hour % 12 or 12
    return {
        "Date": f"{t.month}/{t.day}/{t.year}",
        "Time": f"{hour}:{t.minute:02}:{t.second:02} {'AM' if t.hour < 12 else 'PM'}",
        "Type": TYPE_NAME[e["type"]],
        "User": "N/A",
        "Computer": e["computer"],
        "Source": e["source"],
        "Category": f"({e['category']})" if e["category"] else "None",
        "Event": str(e["event_id"]),
        "Description": e["message"] or "",
    }


def write_tsv(evs, out):  # NT4: no header; Date Time Source Type Category Event User Computer Description
    order = ["Date", "Time", "Source", "Type", "Category", "Event", "User", "Computer", "Description"]
    with open(out, "w", encoding="ascii", newline="") as f:
        for e in evs:
            fields = text_fields(e)
            f.write("\t".join(fields[k] for k in order) + "\r\n")


def write_csv(evs, out):  # Windows Server 2003 Event Viewer "CSV (Comma delimited)"
    order = ["Date", "Time", "Type", "User", "Computer", "Source", "Category", "Event", "Description"]

    def q(v):
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v

    with open(out, "w", encoding="ascii", newline="") as f:
        f.write(",".join(order) + "\r\n")
        for e in evs:
            fields = text_fields(e)
            f.write(",".join(q(fields[k]) for k in order) + "\r\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("xml")
    p.add_argument("--computer", help="replace every event's Computer")
    p.add_argument("--evt")
    p.add_argument("--tsv")
    p.add_argument("--csv")
    a = p.parse_args()
    evs = list(events(a.xml))
    for e in evs:
        if a.computer:
            e["computer"] = a.computer
    if a.evt:
        write_evt(evs, a.evt)
    if a.tsv:
        write_tsv(evs, a.tsv)
    if a.csv:
        write_csv(evs, a.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
