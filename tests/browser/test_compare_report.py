#!/usr/bin/env python3
"""test_compare_report.py - the report.html of `ingroei compare --html` in headless Chromium
(the WebDriver client and helpers of browser.py, shared with test_report.py).

Compares scenarios/default.yaml, scenarios/acht_jaar.yaml and scenarios/herijking_cap.yaml
with reference year 2026 and checks, against the comparison's own compare_breed.csv and
compare.json: the scenarios listed with their labels, names and years and the
illustrative notice on screen; a curve per scenario in both national charts; for
Amsterdam, Schiermonnikoog and Vlissingen (the largest difference) every scenario's
allocation and the differences to the first in the table of 2026; the row counts of the
name filter and of the gainers and losers filters of one scenario; sorting by a
scenario's difference; the gemeente pages (from the link and from the URL) with every
year of every scenario and one curve per scenario; and a browser console without errors
or warnings. Screenshots go to the artefacts directory.

usage: test_compare_report.py --cli build/ingroei --artifacts build/test-artifacts
Exit 0: passed; 1: failed; 77: skipped (as test_report.py).
"""
import csv
import json
import os
import sys

from browser import (back_to_overview, check, check_console, count_text, main, nl_fixed, nl_int,
                     open_gemeente, run_report, select, table_row, visible_rows)

SCENARIOS = ["scenarios/default.yaml", "scenarios/acht_jaar.yaml", "scenarios/herijking_cap.yaml"]
LABELS = ["default", "acht_jaar", "herijking_cap"]
YEAR = "2026"
# Amsterdam; the smallest gemeente; the largest difference between the scenarios
CHECKED = ["GM0363", "GM0088", "GM0718"]


def signed(text, value):
    return ("+" if value > 0 else "") + text


def table_cells(row):
    """A gemeente's row of the 2026 table as compare_breed.csv says it must read."""
    cells = [row["gemeentecode"], row["gemeentenaam"], row["provincie"], nl_int(int(row["inwoners"])),
             nl_int(int(row["totaal_default"]))]
    for label in LABELS[1:]:
        cells += [nl_int(int(row[f"totaal_{label}"])), nl_int(int(row[f"verschil_{label}"])),
                  nl_fixed(row[f"verschil_per_inwoner_{label}"])]
    return cells


def page_cells(row):
    """A year's row of a gemeente page as compare_breed.csv says it must read."""
    def blank_or(text, fmt):
        return "" if text == "" else fmt(text)
    cells = [row["jaar"], blank_or(row["inwoners"], lambda t: nl_int(int(t))),
             blank_or(row["totaal_default"], lambda t: nl_int(int(t)))]
    for label in LABELS[1:]:
        cells.append(blank_or(row[f"totaal_{label}"], lambda t: nl_int(int(t))))
        cells.append(blank_or(row[f"verschil_{label}"], lambda t: signed(nl_int(int(t)), int(t))))
        cells.append(blank_or(row[f"verschil_per_inwoner_{label}"],
                              lambda t: signed(nl_fixed(t), float(t))))
    return cells


def per_inh(row, label):
    return float(row[f"verschil_per_inwoner_{label}"])


def check_compare_report(args, wd, out, url):
    with open(os.path.join(out, "compare_breed.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "compare.json"), encoding="utf-8") as f:
        receipt = json.load(f)
    years = sorted({r["jaar"] for r in rows})
    ref = {r["gemeentecode"]: r for r in rows if r["jaar"] == YEAR}
    by_year = {(r["gemeentecode"], r["jaar"]): r for r in rows}
    check([s["label"] for s in receipt["scenarios"]] == LABELS, "labels of compare.json")


    # the scenarios: label, name, years, key, as compare.json has them
    shown = wd.js("return Array.from(document.querySelectorAll('#ig-scenarios tbody tr'))"
                  ".map(r => Array.from(r.cells).map(c => c.textContent));")
    want = [[s["label"], s["name"], f"{s['first_year']}-{s['last_year']}", "ILLUSTRATIEF",
             nl_int(s["total_reference_year"]), str(s["losers"]), str(s["gainers"]),
             nl_fixed(f"{s['largest_loss_per_inhabitant']:.2f}")] for s in receipt["scenarios"]]
    got = [r[:8] for r in shown]
    check(got == want, f"the scenarios table shows {got}, compare.json says {want}")

    # both national charts have a curve per scenario
    for box in ["ig-grafiek-p", "ig-grafiek-budget"]:
        legend = wd.js("return Array.from(document.querySelectorAll('#' + arguments[0] + "
                       "' .u-legend .u-label')).map(e => e.textContent);", box)
        check(legend[1:] == LABELS and wd.js(
            f"return !!document.querySelector('#{box} canvas');"),
            f"{box}: curves {legend}, expected {LABELS}")
    wd.screenshot(os.path.join(args.artifacts, "compare_overview.png"))

    # every gemeente in the table of 2026, three of them checked cell by cell
    check(len(visible_rows(wd)) == len(ref), f"{len(visible_rows(wd))} rows, {len(ref)} gemeenten")
    check(count_text(wd) == f"{len(ref)} van {len(ref)} gemeenten", count_text(wd))
    for code in CHECKED:
        cells = [c[0] for c in table_row(wd, code)]
        want = table_cells(ref[code])
        check(cells == want, f"{code}: the table shows {cells}, compare_breed.csv {want}")
    check(any(int(ref[c]["verschil_herijking_cap"]) != 0 for c in CHECKED),
          "the checked gemeenten have no difference: the check means little")

    # filters: name; herijking_cap's gainers and losers against default (column 11)
    wd.type("input[data-filter='text']", "dam")
    want = sorted(c for c, r in ref.items() if "dam" in r["gemeentenaam"].lower())
    check(sorted(visible_rows(wd)) == want, f"name filter 'dam': {sorted(visible_rows(wd))}")
    wd.type("input[data-filter='text']", "")
    cap = "select[data-filter='sign'][data-col='10']"
    for choice, keep in [("gain", lambda r: per_inh(r, "herijking_cap") > 0),
                         ("loss", lambda r: per_inh(r, "herijking_cap") < 0)]:
        select(wd, cap, choice)
        want = sorted(c for c, r in ref.items() if keep(r))
        check(want, f"no herijking_cap {choice} in {YEAR}: the check means nothing")
        check(sorted(visible_rows(wd)) == want,
              f"herijking_cap {choice}: {len(visible_rows(wd))} shown, {len(want)} expected")
        check(count_text(wd) == f"{len(want)} van {len(ref)} gemeenten", count_text(wd))
    wd.type("input[data-filter='threshold'][data-col='10']", "20")
    want = sorted(c for c, r in ref.items() if per_inh(r, "herijking_cap") < -20)
    check(sorted(visible_rows(wd)) == want, f"losses over 20: {sorted(visible_rows(wd))}")
    province = ref[want[0]]["provincie"] if want else ""
    select(wd, "select[data-filter='equal']", province)
    want = sorted(c for c in want if ref[c]["provincie"] == province)
    check(want and sorted(visible_rows(wd)) == want,
          f"{province}, losses over 20: {sorted(visible_rows(wd))}, expected {want}")
    wd.js("document.activeElement.blur(); document.getElementById('gemeenten').scrollIntoView();")
    wd.screenshot(os.path.join(args.artifacts, "compare_filtered.png"))
    select(wd, "select[data-filter='equal']", "")
    select(wd, cap, "")
    wd.type("input[data-filter='threshold'][data-col='10']", "0")
    check(len(visible_rows(wd)) == len(ref), "resetting the filters does not show all")

    # sorting by acht_jaar's difference per inhabitant (column 8)
    wd.click("#ig-gemeenten thead th:nth-child(8) button")
    values = [per_inh(ref[c], "acht_jaar") for c in visible_rows(wd)]
    check(values == sorted(values), "sorting by the difference of acht_jaar is not in order")

    # the gemeente pages: every year of every scenario, one curve per scenario
    for k, code in enumerate(CHECKED):
        state = open_gemeente(wd, url, code, k == 0, ref[code])
        check(state["canvas"] and state["legend"][1:] == LABELS,
              f"{code}: curves {state['legend']}, expected {LABELS}")
        check([row[0] for row in state["rows"]] == years, f"{code}: years {state['rows']}")
        for row in state["rows"]:
            want = page_cells(by_year[(code, row[0])])
            check(row == want, f"{code} {row[0]}: shown {row}, compare_breed.csv {want}")
        if k == len(CHECKED) - 1:
            wd.js("document.getElementById('ig-gemeente-naam').scrollIntoView();")
            wd.screenshot(os.path.join(args.artifacts, "compare_gemeente.png"))
    back_to_overview(wd)

    check_console(wd)
    print(f"passed: {len(ref)} gemeenten, {len(years)} years, {len(LABELS)} scenarios; "
          f"screenshots in {args.artifacts}")
    return 0


def run(args):
    return run_report(args, ["compare", *SCENARIOS, "--year", YEAR, "--html"], "ingroei-browser-compare-",
                      lambda wd, out, url: check_compare_report(args, wd, out, url))



if __name__ == "__main__":
    sys.exit(main(run, __doc__))
