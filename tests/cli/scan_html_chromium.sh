#!/usr/bin/env bash
# The HTML report in headless Chromium: it renders, clicking a header sorts the host
# table, and event data carrying <script>/<img onerror> stays text (the page title is not
# changed by it and no such element exists in the DOM). The inline SVG charts (host status
# counts, hosts per package, a timeline per host with findings) are present with the
# counts of the JSON report, and the filter box (?filter=) hides the other hosts. A
# screenshot is saved to $LOGRX_BINARY_DIR/test-output/ (never into the source tree).
. "${LOGRX_SOURCE_DIR:?}/tests/lib.bash"
command -v chromium >/dev/null || { echo "SKIPPED: chromium absent"; exit 77; }
need_python3
/usr/bin/python3 "$LOGRX_SOURCE_DIR/scripts/fleet-gen" "$tmp/fleet" --hosts 12 >/dev/null
mkdir -p "$tmp/fleet/EVIL"
cat >"$tmp/fleet/EVIL/evil.xml" <<'XML'
<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='ClusSvc'/><EventID Qualifiers='49152'>1024</EventID><Level>2</Level><TimeCreated SystemTime='2002-03-04T10:00:00.000Z'/><EventRecordID>7</EventRecordID><Channel>System</Channel><Computer>ZZEVIL&lt;img src=x onerror="document.title='pwned-img'"&gt;</Computer></System><EventData><Data>&lt;script&gt;document.title='pwned-script'&lt;/script&gt;</Data><Data>SYSTEM\CurrentControlSet\Services\MSExchangeIMC</Data></EventData><RenderingInfo Culture='en-US'><Message>The registry checkpoint for cluster resource &lt;script&gt;document.title='pwned-script'&lt;/script&gt; could not be restored to registry key HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeIMC. The resource may not function correctly. Make sure that no other processes have open handles to registry keys in this registry subtree.</Message></RenderingInfo></Event>
XML
"$LOGRX" scan "$tmp/fleet" --format html -o "$tmp/r.html" 2>/dev/null
"$LOGRX" scan "$tmp/fleet" --format json -o "$tmp/r.json" 2>/dev/null
grep -q "pwned-script" "$tmp/r.html" || { echo "FAIL: the hostile event is not in the report"; exit 1; }
dom() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$tmp")" --virtual-time-budget=3000 \
    --dump-dom "file://$tmp/r.html$1" 2>/dev/null
}
dom "?sort=0&dir=desc" >"$tmp/desc.html"
dom "?click=0" >"$tmp/click.html"
dom "" >"$tmp/plain.html"
dom "?filter=NODE0001" >"$tmp/filter.html"
shots="${LOGRX_BINARY_DIR:-$tmp}/test-output"
mkdir -p "$shots"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d -p "$tmp")" --window-size=1280,2400 \
  --screenshot="$shots/scan_html_chromium.png" "file://$tmp/r.html" >/dev/null 2>&1
[ -s "$shots/scan_html_chromium.png" ] && echo "screenshot: $shots/scan_html_chromium.png" ||
  { echo "FAIL: no screenshot"; fail=1; }
/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import re, sys
tmp = sys.argv[1]
def load(n): return open(f"{tmp}/{n}", encoding="utf-8").read()
def hosts(dom):
    body = dom.split('<table id="hosts"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr><td><a href="#h\d+">(.*?)</a>', body)
errors = []
plain, desc, click = load("plain.html"), load("desc.html"), load("click.html")
if "<h1>logrx report</h1>" not in plain: errors.append("report did not render")
base = hosts(plain)
if len(base) != 13: errors.append(f"want 13 host rows, got {len(base)}")
if hosts(desc) != sorted(base, reverse=True): errors.append(f"?sort=0&dir=desc did not sort: {hosts(desc)[:3]}")
if 'data-sorted="0:desc"' not in desc: errors.append("no data-sorted=0:desc")
if 'data-sorted="0:asc"' not in click or 'aria-sort="ascending"' not in click:
    errors.append("clicking header 0 did not sort ascending")
if hosts(click) != sorted(base): errors.append("click order is not ascending")
for name, dom in (("plain", plain), ("desc", desc), ("click", click)):
    if "<title>logrx report</title>" not in dom: errors.append(f"{name}: title changed (script ran)")
    if "pwned" in re.sub(r"&lt;.*?&gt;", "", dom.split("<title>")[1].split("</title>")[0]): errors.append("pwned title")
    if dom.count("<script") != 1: errors.append(f"{name}: {dom.count('<script')} script elements, want 1 (ours)")
    if re.search(r"<img\b", dom): errors.append(f"{name}: an <img> element from event data")
    if "&lt;script&gt;document.title='pwned-script'&lt;/script&gt;" not in dom and \
       "&lt;script&gt;document.title=&#39;pwned-script&#39;&lt;/script&gt;" not in dom:
        errors.append(f"{name}: hostile text not shown as text")
# Charts and timelines, checked against the JSON report of the same fleet.
import json
doc = json.load(open(f"{tmp}/r.json"))
sm = doc["summary"]
chart = plain.split('<svg id="status-chart"', 1)[1].split("</svg>", 1)[0] if '<svg id="status-chart"' in plain else ""
if not chart: errors.append("no status chart")
for cls, n in (("needs-action", sm["hosts_needing_action"]), ("unknown", sm["hosts_unknown"]),
               ("fixed", sm["hosts_fixed"]), ("informational", sm["hosts_informational"]),
               ("clean", sm["hosts_clean"])):
    if f'class="bar {cls}" data-count="{n}"' not in chart: errors.append(f"status chart: {cls} is not {n}")
pchart = plain.split('<svg id="package-chart"', 1)[1].split("</svg>", 1)[0] if '<svg id="package-chart"' in plain else ""
for p in doc["fleet"]["packages"]:
    if f">{p['package']}</text>" not in pchart: errors.append(f"package chart lacks {p['package']}")
    if p["hosts_to_install"] and f'class="needs-action" data-count="{p["hosts_to_install"]}"' not in pchart:
        errors.append(f"package chart: {p['package']} to install is not {p['hosts_to_install']}")
with_events = sum(1 for h in doc["hosts"] if any(e["time"] for f in h["findings"] for m in f["matches"] for e in m["evidence"]))
n_timelines = plain.count('<svg class="timeline"')
if n_timelines != with_events:
    errors.append(f"{n_timelines} timelines, want {with_events}")
dots = sum(1 for h in doc["hosts"] for f in h["findings"] for m in f["matches"] for e in m["evidence"] if e["time"])
n_dots = plain.count('<circle class="event')
if n_dots != dots: errors.append(f"{n_dots} timeline dots, want {dots}")
if "<link" in plain or 'src="http' in plain or "url(http" in plain:
    errors.append("the report refers to something outside itself")
# The filter box: only NODE0001 stays visible.
filt = load("filter.html")
if 'data-shown="1"' not in filt: errors.append("?filter=NODE0001 did not leave one host row")
body = filt.split('<table id="hosts"', 1)[1].split("</tbody>", 1)[0]
visible = [r for r in re.findall(r'<tr( style="[^"]*")?><td><a href="#h\d+">(.*?)</a>', body) if "none" not in r[0]]
if [v[1] for v in visible] != ["NODE0001"]: errors.append(f"filter: visible rows {[v[1] for v in visible][:3]}")
if errors:
    print("FAIL: " + "; ".join(errors)); sys.exit(1)
PY
exit $fail
