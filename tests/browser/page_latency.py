#!/usr/bin/env python3
"""page_latency.py - how long a recompute takes in the workbench page (not a test: it
prints numbers; timings are never asserted). Starts `ingroei serve`, opens the page in
headless Chromium, and moves the path's start year back and forth N times (with the
cap of herijking_cap on, so every change is a capped scenario of 342 gemeenten x 11
years); the page measures each change from its request to the end of the redraw of map,
table and legend (performance.now()), and the steps: the server's answer as the page
sees it, reading it, the map with its legend, the table; and, the frame after the
redraw, the time until the browser has laid out and painted it (the script waits for
that before the next change). Prints p50, p90 and the maximum of each.

usage: python3 tests/browser/page_latency.py --cli build/ingroei [-n 100]
"""
import argparse
import statistics
import sys

from browser import WebDriver, browser_programs, free_port, wait_until
from test_workbench import Serve


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("-n", type=int, default=100)
    args = ap.parse_args()
    programs = browser_programs()
    if not programs:
        return 77
    browser, driver = programs
    srv = Serve(args.cli)
    wd = None
    try:
        wd = WebDriver(driver, browser, free_port())
        wd.go(srv.url + "#s=herijking_cap")
        wait_until(wd, "return !!document.body.dataset.ready;", "the page did not load")
        import os
        if os.environ.get("SKIP"): wd.js("window[arguments[0]] = 1;", os.environ["SKIP"])
        steps = {k: [] for k in ("total", "server", "digest", "map", "table", "painted")}
        for i in range(args.n):
            before = int(wd.js("return Number(document.body.dataset.ready);"))
            wd.js("var s = document.getElementById('wb-start'); s.value = arguments[0];"
                  "s.dispatchEvent(new Event('change'));", 2023 + i % 2)
            wait_until(wd, f"return Number(document.body.dataset.ready) > {before};",
                       "no recompute")
            wait_until(wd, "return window.ingroeiWerkbank.lastMs.painted !== null;",
                       "the redraw was not painted")
            ms = wd.js("return window.ingroeiWerkbank.lastMs;")
            for k, v in steps.items():
                v.append(ms[k])

        def q(v, p):
            return sorted(v)[min(len(v) - 1, int(p * len(v)))]
        for name, k in (("recompute and redraw", "total"), ("answer of /api/compute", "server"),
                        ("  reading the answer", "digest"), ("  map and legend", "map"),
                        ("  table", "table"), ("until painted", "painted")):
            v = steps[k]
            print(f"{name}: p50 {statistics.median(v):.1f} ms, p90 {q(v, 0.9):.1f} ms, "
                  f"max {max(v):.1f} ms ({len(v)} changes)")
        return 0
    finally:
        if wd:
            wd.quit()
        srv.stop()


if __name__ == "__main__":
    sys.exit(main())
