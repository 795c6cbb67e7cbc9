#!/usr/bin/python3
"""Compares `logrx dump --format xml` with python-evtx and evtxexport on one file.

usage: xcheck_evtx.py LOGRX FILE.evtx [LIMIT]   (LIMIT records for python-evtx; 0 = all)

Normalisation (each is a spelling difference, not a data difference):
  - whitespace-only text between elements is dropped (python-evtx adds newlines);
  - attributes with empty values are dropped (python-evtx writes Qualifiers="" and
    UserID=""; Windows and logrx leave the attribute out);
  - values compare equal when they are equal ignoring case (GUIDs, True/true), as
    integers (HexInt32 "0x00000000" vs "0x0", SizeT decimal vs hex), as times within
    3 us ("2017-07-12 17:16:28.214161" vs ISO 8601 with 7 digits; python-evtx converts
    through a float), or as bytes (Binary: python-evtx base64, logrx hex);
  - python-evtx renders string arrays as escaped "<string>a</string>" text inside one
    element and mis-splits arrays with empty items (it slices from the buffer start;
    Nodes.py WstringArrayTypeNode); logrx repeats the element per item as Windows does.
    For records with arrays only the set of non-empty values is compared (python-evtx
    may add spurious suffixes of real items).
Known differences (counted, listed, not failures):
  - python-evtx cannot render some records (exceptions); they are skipped and counted.
evtxexport: EventRecordID, TimeCreated (100 ns) and EventID of every record must match
(read from the System block of its text output, which is not XML: values are unescaped).
"""
import base64
import datetime
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import Evtx.Evtx as E

logrx, path = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
name = path.rsplit("/", 1)[-1]


def local(tag):
    return tag.rsplit("}", 1)[-1]


def as_int(s):
    try:
        return int(s, 16) if s.lower().startswith("0x") else int(s)
    except ValueError:
        return None


def as_time(s):
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?", s)
    if not m:
        return None
    frac = (m.group(3) or "0")[:7].ljust(7, "0")
    d = datetime.datetime.fromisoformat(m.group(1) + " " + m.group(2))
    return int(d.replace(tzinfo=datetime.timezone.utc).timestamp()) * 10**7 + int(frac)


def same_value(a, b):
    a = (a or "").replace("\r", "")
    b = (b or "").replace("\r", "")
    if a == b or a.lower() == b.lower():
        return True
    ia, ib = as_int(a), as_int(b)
    if ia is not None and ib is not None:
        return ia == ib
    ta, tb = as_time(a), as_time(b)
    if ta is not None and tb is not None:
        return abs(ta - tb) <= 30
    try:
        if b and base64.b64decode(b, validate=True).hex().upper() == a.upper():
            return True
    except Exception:
        pass
    return False


def flat(elem, prefix=""):
    """(path, attrs, text) for every element, in document order."""
    out = []
    p = prefix + "/" + local(elem.tag)
    attrs = {local(k): v for k, v in elem.attrib.items() if v != ""}
    text = (elem.text or "").strip() if len(elem) else (elem.text or "")
    if len(elem) and not text:
        text = ""
    out.append((p, attrs, text))
    for c in elem:
        out.extend(flat(c, p))
    return out


def has_array(items):
    return any(t.startswith("<string>") for _, _, t in items)


def array_values(items, python):
    vals = set()
    for _, _, t in items:
        if python and t.startswith("<string>"):
            vals.update(v for v in re.findall(r"<string>(.*?)</string>", t, re.S) if v)
        elif t:
            vals.add(t)
    return vals


def compare(ours, theirs):
    a, b = flat(ours), flat(theirs)
    if has_array(b):
        # Compare everything but EventData/Data element by element; Data values as sets.
        is_data = lambda p: p.endswith("/EventData/Data")
        va, vb = array_values([x for x in a if is_data(x[0])], False), array_values([x for x in b if is_data(x[0])], True)
        va = {v.replace("\r", "") for v in va}
        if not va <= vb or any(not any(x.endswith(y) for x in va) for y in vb):
            return "array values differ: %r vs %r" % (sorted(va - vb)[:3], sorted(vb - va)[:3])
        a = [x for x in a if not is_data(x[0])]
        b = [x for x in b if not is_data(x[0])]
    if len(a) != len(b):
        return "element count %d vs %d" % (len(a), len(b))
    for (pa, aa, ta), (pb, ab, tb) in zip(a, b):
        if pa != pb:
            return "element %s vs %s" % (pa, pb)
        if set(aa) != set(ab):
            return "%s attributes %s vs %s" % (pa, sorted(aa), sorted(ab))
        for k in aa:
            if not same_value(aa[k], ab[k]):
                return "%s@%s: %r vs %r" % (pa, k, aa[k], ab[k])
        if not same_value(ta, tb):
            return "%s: %r vs %r" % (pa, ta[:80], tb[:80])
    return None


dump = subprocess.run([logrx, "-q", "dump", "--format", "xml", path], capture_output=True, check=False)
ours = [e for e in ET.fromstring(dump.stdout).iter() if local(e.tag) == "Event"]
failures = []

# python-evtx, record by record.
py_ok = py_skip = 0
with E.Evtx(path) as log:
    for i, rec in enumerate(log.records()):
        if limit and i >= limit:
            break
        try:
            theirs = ET.fromstring(rec.xml())
        except Exception as exc:  # python-evtx cannot render this record
            py_skip += 1
            continue
        if i >= len(ours):
            failures.append("record #%d: missing in logrx output" % i)
            continue
        why = compare(ours[i], theirs)
        if why:
            failures.append("record #%d (id %s): %s" % (i, rec.record_num(), why))
        else:
            py_ok += 1

# evtxexport: ids, times, event ids of every record. Its text output is not XML: values
# are written unescaped (pyevtx_issue_39's LiveId events carry whole SOAP envelopes with
# undeclared prefixes and line breaks), so only the System block is read, line by line.
# evtxexport writes each record as: a line '<Event xmlns="...event">', then '  <System>',
# one line per System element indented by 4, '  </System>', then the event data.
EVENT_LINE = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">'
SYSTEM_FIELDS = {
    "EventID": re.compile(r'    <EventID(?: Qualifiers="\d+")?>(\d+)</EventID>'),
    "TimeCreated": re.compile(r'    <TimeCreated SystemTime="([^"]+)"/>'),
    "EventRecordID": re.compile(r'    <EventRecordID>(\d+)</EventRecordID>'),
}


def evtxexport_records(text):
    """(EventID, TimeCreated, EventRecordID) per record, or a reason string if a record's
    System block lacks one of them."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        # A value line could read like the event line; the '  <System>' after it cannot
        # be part of a value that evtxexport wrote on one line.
        if lines[i] != EVENT_LINE or i + 1 >= len(lines) or lines[i + 1] != "  <System>":
            i += 1
            continue
        got = {}
        j = i + 2
        while j < len(lines) and lines[j] != "  </System>":
            for key, rx in SYSTEM_FIELDS.items():
                m = rx.fullmatch(lines[j])
                if m:
                    got[key] = m.group(1)
            j += 1
        if len(got) != len(SYSTEM_FIELDS):
            out.append("record %d: System block without %s" % (len(out), sorted(set(SYSTEM_FIELDS) - set(got))))
        else:
            out.append((got["EventID"], got["TimeCreated"], got["EventRecordID"]))
        i = j
    return out


ee = subprocess.run(["evtxexport", "-f", "xml", path], capture_output=True, check=False).stdout.decode("utf-8", "replace")
ee_events = []
for r in evtxexport_records(ee):
    if isinstance(r, str):
        failures.append("evtxexport output not parseable: " + r)
    else:
        ee_events.append(r)
ee_ok = 0
if len(ee_events) != len(ours):
    failures.append("evtxexport has %d records, logrx %d" % (len(ee_events), len(ours)))
for i, (eid, t, rid) in enumerate(ee_events[: len(ours)]):
    o = ours[i]
    sysel = next(c for c in o if local(c.tag) == "System")
    get = {local(c.tag): c for c in sysel}
    mine = (get["EventID"].text, as_time(get["TimeCreated"].get("SystemTime")), get["EventRecordID"].text)
    if (mine[0], mine[2]) != (eid, rid) or abs(mine[1] - as_time(t)) > 0:
        failures.append("evtxexport record #%d: %s vs %s" % (i, mine, (eid, t, rid)))
    else:
        ee_ok += 1

print("%s: python-evtx %d equal, %d not renderable by python-evtx; evtxexport %d equal; %d failure(s)"
      % (name, py_ok, py_skip, ee_ok, len(failures)))
for f in failures[:20]:
    print("  FAIL", f)
sys.exit(1 if failures else 0)
