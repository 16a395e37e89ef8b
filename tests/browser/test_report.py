#!/usr/bin/env python3
"""test_report.py - report.html in a real browser: headless Chromium driven by chromedriver
over the W3C WebDriver HTTP protocol, with nothing but the Python standard library.

Runs `ingroei run scenarios/default.yaml --html`, opens report.html as a file:// URL and
checks, against the run's own allocations.csv, that the page shows the default scenario's
numbers for three gemeenten (Amsterdam, the smallest gemeente Schiermonnikoog, the
centrumgemeente Zwolle), that filtering by name, province and gain or loss gives the
right row counts, that sorting by a column works both ways, that a gemeente page opens
from its link and from its URL (#GM0193) with every year's numbers, and that the browser
console shows no error and no warning. Screenshots go to the artefacts directory.

usage: test_report.py --cli build/ingroei --artifacts build/test-artifacts
Exit 0: passed; 1: failed; 77: skipped (Chromium or chromedriver missing and not root:
tools/test installs them as root, so there a missing browser is a failure).
"""
import argparse
import base64
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SKIP = 77
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = "scenarios/default.yaml"
# Amsterdam; the smallest gemeente; a centrumgemeente outside the Randstad
CHECKED = ["GM0363", "GM0088", "GM0193"]


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def wait_until(wd, script, message, timeout=15):
    """Polls a script until it returns true: a click on a link to #GM0363 changes the hash,
    and the page routes on the hashchange event, after the click has returned."""
    deadline = time.time() + timeout
    while not wd.js(script):
        if time.time() > deadline:
            raise Failure(message)
        time.sleep(0.05)


def wait_for_page(wd, code):
    wait_until(wd, "var p = document.getElementById('ig-gemeente'), "
                   "t = document.getElementById('ig-gemeente-naam');"
                   f"return location.hash === '#{code}' && !p.hidden && !!t && "
                   f"t.textContent.indexOf('{code}') >= 0;",
               "the page of " + code + " did not open")


def nl_int(v):
    """1234567 -> 1.234.567, as the report writes whole euros."""
    return ("-" if v < 0 else "") + f"{abs(v):,}".replace(",", ".")


def nl_fixed(text):
    """'-12.50' (as allocations.csv writes it) -> '-12,50' with Dutch grouping."""
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    return ("-" if neg else "") + nl_int(int(whole)) + ("," + frac if frac else "")


def find_program(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


class WebDriver:
    """Just enough of the W3C WebDriver protocol (https://www.w3.org/TR/webdriver2/)."""

    def __init__(self, driver, browser, port):
        # The port was free when chosen, but another test may take it before chromedriver
        # binds it (ctest runs tests in parallel): then start again on another port.
        for attempt in range(3):
            self.base = f"http://127.0.0.1:{port}"
            self.proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
            if self._ready(deadline=time.time() + 30):
                break
            self.proc.kill()
            self.proc.wait()
            port = free_port()
        else:
            raise Failure("chromedriver did not start (three ports tried)")
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": browser, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1300,1100", "--lang=nl-NL", "--no-first-run",
                "--disable-extensions", "--disable-background-networking"]},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def _ready(self, deadline):
        while True:
            try:
                if self.call("GET", "/status").get("ready"):
                    return True
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.time() > deadline or self.proc.poll() is not None:
                return False
            time.sleep(0.1)

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read().decode() or "{}").get("value")
        except urllib.error.HTTPError as e:
            raise Failure(f"webdriver {method} {path}: {e.code} {e.read().decode()[:500]}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        found = self.s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def click(self, css):
        self.s("POST", f"/element/{self.find(css)}/click", {})

    def type(self, css, text):
        el = self.find(css)
        self.s("POST", f"/element/{el}/clear", {})
        if text:
            self.s("POST", f"/element/{el}/value", {"text": text})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def browser_log(self):
        return self.s("POST", "/se/log", {"type": "browser"}) or []

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def select(wd, css, value):
    """Chooses an option of a <select> as a user would: by clicking it."""
    wd.click(css)
    wd.click(f"{css} option[value='{value}']")


def visible_rows(wd):
    return wd.js("return Array.from(document.querySelectorAll('#ig-gemeenten tbody tr'))"
                 ".filter(r => !r.hidden).map(r => r.cells[0].textContent);")


def count_text(wd):
    return wd.js("return document.querySelector('[data-count-for=\"ig-gemeenten\"]').textContent;")


def browser_programs():
    """(chromium, chromedriver); None when either is missing and the test is skipped (a
    missing one is a failure as root, where tools/test installs them)."""
    browser = find_program("chromium", "chromium-browser", "google-chrome")
    driver = find_program("chromedriver")
    if browser and driver:
        return browser, driver
    what = "chromium" if not browser else "chromedriver"
    if os.geteuid() == 0:
        raise Failure(f"{what} is missing (tools/test installs chromium and chromium-driver as root)")
    print(f"SKIPPED: {what} is not installed (sudo apt-get install chromium chromium-driver)")
    return None


def open_report(wd, url):
    """Opens a report and checks that it loaded with the illustrative notice on screen."""
    wd.go(url)
    check(wd.js("return document.readyState;") == "complete", "the page did not load")
    notice = wd.js("var n = document.getElementById('ig-notice'); return n && "
                   "n.getBoundingClientRect().height > 0 ? n.textContent : '';")
    check("ILLUSTRATIEF" in notice, f"no illustrative notice on screen: {notice!r}")


def check_console(wd):
    """No error and no warning in the browser console; a marker proves that it is read."""
    wd.js("console.info('ingroei-browser-test: console log is read');")
    log = wd.browser_log()
    check(any("ingroei-browser-test" in e.get("message", "") for e in log),
          "the browser console log could not be read (the marker is missing)")
    for e in log:
        print(f"console: {e.get('level')}: {e.get('message')}")
    bad = [e for e in log if e.get("level") in ("SEVERE", "WARNING")]
    check(not bad, f"the console shows {len(bad)} errors or warnings (above)")


def run(args):
    programs = browser_programs()
    if not programs:
        return SKIP
    browser, driver = programs

    os.makedirs(args.artifacts, exist_ok=True)
    out = tempfile.mkdtemp(prefix="ingroei-browser-")
    wd = None
    try:
        subprocess.run([args.cli, "run", SCENARIO, "-o", out, "--html"], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "allocations.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        years = sorted({r["jaar"] for r in rows})
        last = years[-1]
        final = {r["gemeentecode"]: r for r in rows if r["jaar"] == last}
        by_year = {(r["gemeentecode"], r["jaar"]): r for r in rows}

        wd = WebDriver(driver, browser, free_port())
        url = "file://" + os.path.join(out, "report.html")
        open_report(wd, url)  # with the illustrative notice on screen
        wd.screenshot(os.path.join(args.artifacts, "report_overview.png"))

        # all gemeenten, and the numbers of three of them in the last year
        check(len(visible_rows(wd)) == len(final),
              f"{len(visible_rows(wd))} rows shown, allocations.csv has {len(final)} gemeenten")
        check(count_text(wd) == f"{len(final)} van {len(final)} gemeenten", count_text(wd))
        for code in CHECKED:
            r = final[code]
            cells = wd.js("var row = Array.from(document.querySelectorAll('#ig-gemeenten tbody tr'))"
                          ".find(r => r.cells[0].textContent === arguments[0]);"
                          "return row ? Array.from(row.cells).map(c => [c.textContent, "
                          "c.getAttribute('data-v')]) : null;", code)
            check(cells is not None, f"{code} is not in the table")
            want = [r["gemeentecode"], r["gemeentenaam"], r["provincie"], nl_int(int(r["inwoners"])),
                    nl_int(int(r["volledig_historisch"])), nl_int(int(r["totaal"])),
                    nl_int(int(r["verschil_met_historisch"])), nl_fixed(r["verschil_per_inwoner"])]
            check([c[0] for c in cells] == want, f"{code}: the table shows {cells}, expected {want}")
            check(cells[5][1] == r["totaal"], f"{code}: data-v {cells[5][1]} != {r['totaal']}")

        # filter by name
        wd.type("input[data-filter='text']", "dam")
        want = sorted(c for c, r in final.items() if "dam" in r["gemeentenaam"].lower())
        got = sorted(visible_rows(wd))
        check(got == want, f"name filter 'dam': shown {got}, expected {want}")
        check(count_text(wd) == f"{len(want)} van {len(final)} gemeenten", count_text(wd))
        wd.js("document.getElementById('gemeenten').scrollIntoView();")
        wd.screenshot(os.path.join(args.artifacts, "report_filtered.png"))
        wd.type("input[data-filter='text']", "")
        check(len(visible_rows(wd)) == len(final), "clearing the name filter does not show all")

        # filter by province, then also by gainers, then with a threshold
        select(wd, "select[data-filter='equal']", "Fryslân")
        want = sorted(c for c, r in final.items() if r["provincie"] == "Fryslân")
        check(sorted(visible_rows(wd)) == want, f"province filter: {sorted(visible_rows(wd))}")
        select(wd, "select[data-filter='sign']", "gain")
        want = sorted(c for c in want if float(final[c]["verschil_per_inwoner"]) > 0)
        check(sorted(visible_rows(wd)) == want, f"province + gainers: {sorted(visible_rows(wd))}")
        select(wd, "select[data-filter='equal']", "")
        select(wd, "select[data-filter='sign']", "loss")
        wd.type("input[data-filter='threshold']", "25")
        want = sorted(c for c, r in final.items() if float(r["verschil_per_inwoner"]) < -25)
        check(sorted(visible_rows(wd)) == want, f"losers of more than 25: {sorted(visible_rows(wd))}")
        check(want, "no loser of more than 25 euro per inhabitant: the check means nothing")
        select(wd, "select[data-filter='sign']", "")
        wd.type("input[data-filter='threshold']", "0")
        check(len(visible_rows(wd)) == len(final), "resetting the filters does not show all")

        # sort by difference per inhabitant: ascending, then descending; by name
        per_inh = sorted(final.values(), key=lambda r: (float(r["verschil_per_inwoner"]),
                                                         r["gemeentecode"]))
        wd.click("#ig-gemeenten thead th:nth-child(8) button")
        shown = visible_rows(wd)
        check(shown[0] == per_inh[0]["gemeentecode"] and shown[-1] == per_inh[-1]["gemeentecode"],
              f"ascending sort: first {shown[0]}, last {shown[-1]}")
        values = [float(final[c]["verschil_per_inwoner"]) for c in shown]
        check(values == sorted(values), "ascending sort is not in order")
        wd.click("#ig-gemeenten thead th:nth-child(8) button")
        values = [float(final[c]["verschil_per_inwoner"]) for c in visible_rows(wd)]
        check(values == sorted(values, reverse=True), "descending sort is not in order")
        wd.click("#ig-gemeenten thead th:nth-child(2) button")
        names = wd.js("return Array.from(document.querySelectorAll('#ig-gemeenten tbody tr'))"
                      ".map(r => r.cells[1].textContent);")
        want = sorted(names, key=str.casefold)
        check(names == want, "by name: " + ", ".join(f"{a} (expected {b})" for a, b in
                                                    zip(names, want) if a != b))

        # a gemeente page: from its link, then by URL; every year's numbers
        for k, code in enumerate(CHECKED):
            if k == 0:
                wd.click(f"#ig-gemeenten a[href='#{code}']")
            else:
                wd.go(url + "#" + code)
            wait_for_page(wd, code)
            state = wd.js("var p = document.getElementById('ig-gemeente');"
                          "return {shown: !p.hidden && p.getBoundingClientRect().height > 0,"
                          " overview: !document.getElementById('ig-overview').hidden,"
                          " title: (document.getElementById('ig-gemeente-naam') || {}).textContent,"
                          " canvas: !!document.querySelector('#ig-gemeente-grafiek canvas'),"
                          " rows: Array.from(document.querySelectorAll('#ig-gemeente-jaren tbody tr'))"
                          "   .map(r => Array.from(r.cells).map(c => c.textContent)),"
                          " explained: (document.getElementById('ig-uitleg') || {}).textContent};")
            r = final[code]
            check(state["shown"] and not state["overview"], f"{code}: the gemeente page is not shown")
            check(state["title"] == f"{r['gemeentenaam']} ({code}, {r['provincie']})",
                  f"{code}: title {state['title']!r}")
            check(state["canvas"], f"{code}: no curve was drawn")
            check(len(state["rows"]) == len(years), f"{code}: {len(state['rows'])} years shown")
            for row in state["rows"]:
                c = by_year[(code, row[0])]
                want = [c["jaar"], nl_int(int(c["inwoners"])), nl_int(int(c["historisch"])),
                        nl_int(int(c["objectief"])), nl_int(int(c["totaal"])),
                        nl_fixed(c["totaal_per_inwoner"]), nl_int(int(c["volledig_historisch"])),
                        nl_int(int(c["volledig_objectief"]))]
                got = [row[0], row[1], row[3], row[4], row[7], row[8], row[9], row[12]]
                check(got == want, f"{code} {row[0]}: shown {got}, allocations.csv {want}")
            # the explanation ends in the year's total, and names h_g and p_t
            year = wd.js("return document.getElementById('ig-uitleg-jaar').selectedOptions[0].text;")
            c = by_year[(code, year)]
            for part in ["h_g", "p_t", "o_g", "Afronding", "Effect cap",
                         "= " + nl_int(int(c["totaal"])), "= " + nl_int(int(c["historisch"]))]:
                check(part in state["explained"], f"{code}: the explanation lacks {part!r}")
            if k == 0:
                wd.js("document.getElementById('ig-gemeente-naam').scrollIntoView();")
                wd.screenshot(os.path.join(args.artifacts, "report_gemeente.png"))

        # back to the overview
        wd.click("#ig-gemeente a[href='#gemeenten']")
        wait_until(wd, "return !document.getElementById('ig-overview').hidden;",
              "the overview did not come back")

        # a malformed fragment (not valid percent-encoding) is no error: the overview shows
        wd.go(url + "#%E0")
        wait_until(wd, "return location.hash === '#%E0' && "
                       "!document.getElementById('ig-overview').hidden;",
                   "a malformed fragment broke the page")

        check_console(wd)
        print(f"passed: {len(final)} gemeenten, {len(years)} years; screenshots in {args.artifacts}")
        return 0
    finally:
        if wd:
            wd.quit()
        shutil.rmtree(out, ignore_errors=True)


def main(run_test=None, doc=None):
    """Parses --cli and --artifacts and runs `run_test` (this file's run) with them."""
    p = argparse.ArgumentParser(description=(doc or __doc__).split("\n")[0])
    p.add_argument("--cli", required=True, help="the built ingroei binary")
    p.add_argument("--artifacts", required=True, help="where the screenshots go")
    args = p.parse_args()
    try:
        return (run_test or run)(args)
    except (Failure, subprocess.CalledProcessError) as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
