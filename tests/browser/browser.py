"""browser.py - what the browser tests of the reports share (test_report.py,
test_compare_report.py): a WebDriver client for headless Chromium and chromedriver over the
W3C WebDriver HTTP protocol, with nothing but the Python standard library; running a
command of the tool and opening its report.html; reading the page's gemeenten table and
gemeente pages; Dutch number formats; checks and the command line of a test.

A test's exit status: 0 passed; 1 failed; 77 skipped (Chromium or chromedriver missing and
not root: tools/test installs them as root, so there a missing browser is a failure).
"""
import argparse
import base64
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


def run_report(args, command, prefix, test):
    """Runs `ingroei COMMAND... -o OUT` (its --html report) in a temporary directory, opens
    OUT/report.html in the browser with its notice checked and returns test(wd, out, url);
    SKIP without a browser. The browser stops and the directory goes in any case."""
    programs = browser_programs()
    if not programs:
        return SKIP
    browser, driver = programs
    os.makedirs(args.artifacts, exist_ok=True)
    out = tempfile.mkdtemp(prefix=prefix)
    wd = None
    try:
        subprocess.run([args.cli, *command, "-o", out], cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
        wd = WebDriver(driver, browser, free_port())
        url = "file://" + os.path.join(out, "report.html")
        open_report(wd, url)
        return test(wd, out, url)
    finally:
        if wd:
            wd.quit()
        shutil.rmtree(out, ignore_errors=True)


def table_row(wd, code):
    """The cells of `code`'s row in the gemeenten table as [text, data-v] pairs (fails when
    it has none)."""
    cells = wd.js("var row = Array.from(document.querySelectorAll('#ig-gemeenten tbody tr'))"
                  ".find(r => r.cells[0].textContent === arguments[0]);"
                  "return row ? Array.from(row.cells).map(c => [c.textContent, "
                  "c.getAttribute('data-v')]) : null;", code)
    check(cells is not None, f"{code} is not in the table")
    return cells


def open_gemeente(wd, url, code, by_link, row):
    """Opens the page of `code` from its link in the table, or by its URL, and checks that
    it shows, alone, under the title that `row` (of a CSV file) gives it. Returns what the
    page shows: title, legend (of its chart), canvas (drawn), rows (the years' table, as
    text) and explained (the explanation's text)."""
    if by_link:
        wd.click(f"#ig-gemeenten a[href='#{code}']")
    else:
        wd.go(url + "#" + code)
    wait_for_page(wd, code)
    state = wd.js("var p = document.getElementById('ig-gemeente');"
                  "return {shown: !p.hidden && p.getBoundingClientRect().height > 0,"
                  " overview: !document.getElementById('ig-overview').hidden,"
                  " title: (document.getElementById('ig-gemeente-naam') || {}).textContent,"
                  " legend: Array.from(document.querySelectorAll('#ig-gemeente-grafiek "
                  "   .u-legend .u-label')).map(e => e.textContent),"
                  " canvas: !!document.querySelector('#ig-gemeente-grafiek canvas'),"
                  " rows: Array.from(document.querySelectorAll('#ig-gemeente-jaren tbody tr'))"
                  "   .map(r => Array.from(r.cells).map(c => c.textContent)),"
                  " explained: (document.getElementById('ig-uitleg') || {}).textContent};")
    check(state["shown"] and not state["overview"], f"{code}: the gemeente page is not shown")
    check(state["title"] == f"{row['gemeentenaam']} ({code}, {row['provincie']})",
          f"{code}: title {state['title']!r}")
    return state


def back_to_overview(wd):
    """The gemeente page's link back: the overview shows again."""
    wd.click("#ig-gemeente a[href='#gemeenten']")
    wait_until(wd, "return !document.getElementById('ig-overview').hidden;",
               "the overview did not come back")


def main(run_test, doc):
    """Parses --cli and --artifacts and runs `run_test` with them; returns the exit status."""
    p = argparse.ArgumentParser(description=doc.split("\n")[0])
    p.add_argument("--cli", required=True, help="the built ingroei binary")
    p.add_argument("--artifacts", required=True, help="where the screenshots go")
    args = p.parse_args()
    try:
        return run_test(args)
    except (Failure, subprocess.CalledProcessError) as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
