#!/usr/bin/env bash
# The HTML report in headless Chromium: it renders, clicking a header sorts the host
# table, and event data carrying <script>/<img onerror> stays text (the page title is not
# changed by it and no such element exists in the DOM).
set -u
: "${LOGRX:?}" "${LOGRX_SOURCE_DIR:?}"
. "$LOGRX_SOURCE_DIR/tests/cli/scan_lib.bash"
need_stages
command -v chromium >/dev/null || { echo "SKIPPED: chromium absent"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "SKIPPED: /usr/bin/python3 absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$LOGRX_SOURCE_DIR/scripts/fleet-gen" "$tmp/fleet" --hosts 12 >/dev/null
mkdir -p "$tmp/fleet/EVIL"
cat >"$tmp/fleet/EVIL/evil.xml" <<'XML'
<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='ClusSvc'/><EventID Qualifiers='49152'>1024</EventID><Level>2</Level><TimeCreated SystemTime='2002-03-04T10:00:00.000Z'/><EventRecordID>7</EventRecordID><Channel>System</Channel><Computer>ZZEVIL&lt;img src=x onerror="document.title='pwned-img'"&gt;</Computer></System><EventData><Data>&lt;script&gt;document.title='pwned-script'&lt;/script&gt;</Data><Data>SYSTEM\CurrentControlSet\Services\MSExchangeIMC</Data></EventData><RenderingInfo Culture='en-US'><Message>The registry checkpoint for cluster resource &lt;script&gt;document.title='pwned-script'&lt;/script&gt; could not be restored to registry key HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\MSExchangeIMC. The resource may not function correctly. Make sure that no other processes have open handles to registry keys in this registry subtree.</Message></RenderingInfo></Event>
XML
"$LOGRX" scan "$tmp/fleet" --format html -o "$tmp/r.html" 2>/dev/null
grep -q "pwned-script" "$tmp/r.html" || { echo "FAIL: the hostile event is not in the report"; exit 1; }
dom() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$tmp")" --virtual-time-budget=3000 \
    --dump-dom "file://$tmp/r.html$1" 2>/dev/null
}
fail=0
dom "?sort=0&dir=desc" >"$tmp/desc.html"
dom "?click=0" >"$tmp/click.html"
dom "" >"$tmp/plain.html"
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
if errors:
    print("FAIL: " + "; ".join(errors)); sys.exit(1)
PY
exit $fail
