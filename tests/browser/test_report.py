#!/usr/bin/env python3
"""test_report.py - report.html of `ingroei run --html` in a real browser: headless Chromium
driven by chromedriver, with nothing but the Python standard library (browser.py).

Runs `ingroei run scenarios/default.yaml --html`, opens report.html as a file:// URL and
checks, against the run's own allocations.csv, that the page shows the default scenario's
numbers for three gemeenten (Amsterdam, the smallest gemeente Schiermonnikoog, the
centrumgemeente Zwolle), that filtering by name, province and gain or loss gives the
right row counts, that sorting by a column works both ways, that a gemeente page opens
from its link and from its URL (#GM0193) with every year's numbers, that at 1,280 and
1,920 pixels the page never scrolls sideways, each table fits or scrolls in its own frame
with its first column fixed, and the chart's legend shows the last year's values before a
hover, and that the browser console shows no error and no warning. Screenshots go to the
artefacts directory.

usage: test_report.py --cli build/ingroei --artifacts build/test-artifacts
Exit 0: passed; 1: failed; 77: skipped (Chromium or chromedriver missing and not root:
tools/test installs them as root, so there a missing browser is a failure).
"""
import csv
import os
import sys

from browser import (back_to_overview, check, check_console, count_text, main, nl_fixed, nl_int,
                     open_gemeente, run_report, select, table_row, visible_rows, wait_for_page,
                     wait_until)

SCENARIO = "scenarios/default.yaml"
# Amsterdam; the smallest gemeente; a centrumgemeente outside the Randstad
CHECKED = ["GM0363", "GM0088", "GM0193"]


def check_report(args, wd, out, url):
    with open(os.path.join(out, "allocations.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    years = sorted({r["jaar"] for r in rows})
    last = years[-1]
    final = {r["gemeentecode"]: r for r in rows if r["jaar"] == last}
    by_year = {(r["gemeentecode"], r["jaar"]): r for r in rows}

    wd.screenshot(os.path.join(args.artifacts, "report_overview.png"))

    # all gemeenten, and the numbers of three of them in the last year
    check(len(visible_rows(wd)) == len(final),
          f"{len(visible_rows(wd))} rows shown, allocations.csv has {len(final)} gemeenten")
    check(count_text(wd) == f"{len(final)} van {len(final)} gemeenten", count_text(wd))
    for code in CHECKED:
        r = final[code]
        cells = table_row(wd, code)
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
        state = open_gemeente(wd, url, code, k == 0, final[code])
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
    back_to_overview(wd)

    # a malformed fragment (not valid percent-encoding) is no error: the overview shows
    wd.go(url + "#%E0")
    wait_until(wd, "return location.hash === '#%E0' && "
                   "!document.getElementById('ig-overview').hidden;",
               "a malformed fragment broke the page")

    check_layout(args, wd, url, "GM0193", by_year[("GM0193", last)])

    check_console(wd)
    print(f"passed: {len(final)} gemeenten, {len(years)} years; screenshots in {args.artifacts}")
    return 0


def mln(euros):
    """An amount as the chart's legend shows it: millions with one decimal comma."""
    return nl_fixed(f"{euros / 1e6:.1f}") + " mln"


def check_layout(args, wd, url, code, last_row):
    """At 1,280 and 1,920 pixels (issue 15, defect 8): the page never scrolls sideways;
    every table fits its frame or scrolls inside it with its first column (the year, the
    code) fixed; the chart's legend shows the last year's values before any hover.
    Screenshots of the gemeente page at both widths."""
    for width in (1280, 1920):
        wd.s("POST", "/window/rect", {"width": width, "height": 1000})
        for frag in ("landelijk", code):
            wd.go(url + "#" + frag)
            if frag == code:
                wait_for_page(wd, code)
            state = wd.js(
                "return {page: document.documentElement.scrollWidth,"
                " window: document.documentElement.clientWidth,"
                " tables: Array.from(document.querySelectorAll('.ig-table'))"
                "  .filter(t => t.offsetParent).map(t => { var w = t.parentElement;"
                "   var first = t.querySelector('tbody tr > :first-child');"
                "   return {id: t.id, width: t.getBoundingClientRect().width,"
                "    frame: w.clientWidth, overflow: getComputedStyle(w).overflowX,"
                "    sticky: first ? getComputedStyle(first).position : ''}; })};")
            check(state["page"] <= state["window"],
                  f"{frag} at {width} px: the page is {state['page']} px wide, the window "
                  f"{state['window']} px")
            check(state["tables"], f"{frag} at {width} px: no table shown")
            for t in state["tables"]:
                fits = t["width"] <= t["frame"] + 0.5
                scrolls = t["overflow"] in ("auto", "scroll") and t["sticky"] == "sticky"
                check(fits or scrolls, f"{frag} at {width} px: table {t['id']} is "
                      f"{t['width']:.0f} px in a frame of {t['frame']} px, overflow "
                      f"{t['overflow']}, first column {t['sticky']}")
                check(t["sticky"] == "sticky",
                      f"{frag}: the first column of {t['id']} does not stay in view")
        legend = wd.js("return Array.from(document.querySelectorAll("
                       "'#ig-gemeente-grafiek .u-legend .u-value')).map(e => e.textContent);")
        want = [last_row["jaar"], mln(int(last_row["totaal"])), mln(int(last_row["historisch"])),
                mln(int(last_row["objectief"])), mln(int(last_row["volledig_historisch"])),
                mln(int(last_row["volledig_objectief"]))]
        check(legend == want, f"{code} at {width} px: the legend shows {legend} before a "
              f"hover, expected the last year's {want}")
        # the end of the years' table, the chart and its legend
        wd.js("document.getElementById('ig-gemeente-grafiek').scrollIntoView({block: 'end'});")
        wd.screenshot(os.path.join(args.artifacts, f"report_gemeente_{width}.png"))
    wd.s("POST", "/window/rect", {"width": 1300, "height": 1100})


def run(args):
    return run_report(args, ["run", SCENARIO, "--html"], "ingroei-browser-",
                      lambda wd, out, url: check_report(args, wd, out, url))



if __name__ == "__main__":
    sys.exit(main(run, __doc__))
