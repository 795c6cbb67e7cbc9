"""Loads the <Event> elements of a Windows XML event export, for the test converters
(legacy_exports.py, xml_to_evtx.py), and what both write alike: Event Viewer "Save as XML" (an <Events> root) or a
`wevtutil qe /f:xml` stream (events without a root, maybe after an XML declaration)."""
import struct
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"


def load_events(path):
    text = open(path, encoding="utf-8").read()
    if "<Events" not in text:
        if text.startswith("<?xml"):
            text = text[text.index("?>") + 2:]
        text = "<Events>" + text + "</Events>"
    return list(ET.fromstring(text).iter(NS + "Event"))


def sid_bytes(text):
    """"S-1-5-21-..." as a binary SID: revision, count, 48-bit authority, sub-authorities."""
    parts = text.split("-")
    subs = [int(p) for p in parts[3:]]
    return (bytes([int(parts[1]), len(subs)]) + int(parts[2]).to_bytes(6, "big")
            + b"".join(struct.pack("<I", s) for s in subs))
