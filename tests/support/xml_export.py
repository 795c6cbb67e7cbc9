"""Loads the <Event> elements of a Windows XML event export, for the test converters
(legacy_exports.py, xml_to_evtx.py): Event Viewer "Save as XML" (an <Events> root) or a
`wevtutil qe /f:xml` stream (events without a root, maybe after an XML declaration)."""
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"


def load_events(path):
    text = open(path, encoding="utf-8").read()
    if "<Events" not in text:
        if text.startswith("<?xml"):
            text = text[text.index("?>") + 2:]
        text = "<Events>" + text + "</Events>"
    return list(ET.fromstring(text).iter(NS + "Event"))
