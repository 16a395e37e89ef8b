#!/usr/bin/env python3
"""test_workbench.py - the page of `ingroei serve` (the workbench) in a real browser:
headless Chromium driven by chromedriver, with nothing but the Python standard library
(browser.py).

Starts `ingroei serve --port 0` and opens its page. Checks that the map draws all 342
gemeenten and the table lists them with the numbers of `ingroei run` for the starting
scenario; moves knobs as a user does (the path's start year, then the cap) and checks
that the table and the map's hover (a real pointer moved over Amsterdam) show the new
numbers, those of `ingroei run` for the scenario the page downloads as YAML (the page
reads the compact answer ?format=page; every value it shows is checked against the full
JSON answer of the same scenario, for every gemeente and year); filters and
sorts the table; opens a gemeente from the map with a click and sees its years and its
explanation; pins a baseline and sees the difference; opens the page's shared link in a
fresh browser session and gets the same view; downloads allocations.csv from the
page and compares it byte for byte with what `ingroei run` writes for the downloaded
scenario, and so the receipt (summary.json) and the workbook (ingroei.xlsx) with what
`ingroei run --xlsx` writes for it saved as werkbank.yaml beside the scenarios; and uploads a key file (tests/keys/inwoners_bedrag.csv), sees the numbers
change to those of `ingroei run` with that file and the page label it with its name and
SHA-256, and sees a bad key file refused with its line and column. The browser console must show no error or warning. Screenshots of the map,
the knobs and a gemeente go to the artefacts directory (and to $INGROEI_SCREENSHOTS).

usage: test_workbench.py --cli build/ingroei --artifacts build/test-artifacts
Exit 0: passed; 1: failed; 77: skipped (Chromium or chromedriver missing and not root).
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from browser import (REPO, Failure, WebDriver, browser_programs, check, check_console, free_port,
                     main, nl_fixed, nl_int, wait_until)

AMSTERDAM = "GM0363"


class Serve:
    def __init__(self, cli):
        self.proc = subprocess.Popen([cli, "serve", "--port", "0"], cwd=REPO,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("open http://127.0.0.1:"):
            self.proc.kill()
            raise Failure(f"serve did not start: {line!r} {self.proc.stderr.read()}")
        self.url = line.split()[1]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def ready(wd, before):
    """Waits until the page has drawn a computation after `before` (data-ready counts)."""
    wait_until(wd, "var r = document.body.dataset.ready; return !!r && Number(r) > arguments[0] "
                   "&& document.getElementById('wb-status').textContent.indexOf('rekenen') < 0;"
               .replace("arguments[0]", str(before)), "the page did not recompute")
    return int(wd.js("return Number(document.body.dataset.ready);"))


def set_number(wd, css, value):
    """Types a number into a knob as a user does, then leaves the field (change)."""
    el = wd.find(css)
    wd.s("POST", f"/element/{el}/clear", {})
    wd.s("POST", f"/element/{el}/value", {"text": str(value) + "\ue004"})  # TAB


def row_of(wd, code):
    cells = wd.js("var r = document.querySelector('#wb-tabel tbody tr[data-code=\"' + arguments[0]"
                  " + '\"]'); return r ? Array.from(r.cells).map(c => c.textContent) : null;", code)
    check(cells is not None, f"{code} is not in the table")
    return cells


def hover(wd, code):
    """Moves the real pointer over `code` on the map and returns the tooltip's text."""
    el = wd.find(f"#wb-kaart path[data-code='{code}']")
    wd.s("POST", "/actions", {"actions": [{"type": "pointer", "id": "mouse",
                                           "parameters": {"pointerType": "mouse"}, "actions": [
                                               {"type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                                                "origin": {"element-6066-11e4-a52e-4f735466cecf": el}}]}]})
    wait_until(wd, "var t = document.getElementById('wb-tip'); return !t.hidden && "
                   f"t.dataset.code === '{code}';", f"no tooltip for {code}")
    return wd.js("return document.getElementById('wb-tip').textContent;")


def fetch_download(wd, css):
    """Clicks a download link of the page and returns the bytes it offered (the blob)."""
    wd.js("document.querySelector(arguments[0]).dataset.ready = '';"
          "document.querySelector(arguments[0]).href = '#';", css)
    wd.click(css)
    wait_until(wd, f"return document.querySelector(\"{css}\").href.indexOf('blob:') === 0;",
               f"{css} offered nothing")
    text = wd.s("POST", "/execute/async", {"script":
                "var done = arguments[arguments.length - 1];"
                f"fetch(document.querySelector(\"{css}\").href).then(r => r.arrayBuffer())"
                ".then(b => done(Array.from(new Uint8Array(b))));", "args": []})
    return bytes(text)


def run_cli(cli, yaml_text, tmp, name):
    """`ingroei run` of a downloaded scenario (its paths made absolute) -> allocations.csv."""
    d = os.path.join(tmp, name)
    os.makedirs(d)
    path = os.path.join(d, "scenario.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(yaml_text.replace('"../models', '"' + os.path.join(REPO, "models")))
    subprocess.run([cli, "run", path, "-o", os.path.join(d, "out"), "--no-plots"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(d, "out", "allocations.csv"), "rb") as f:
        return f.read()


def run_resolved(cli, yaml_bytes, tmp, name, key=None, extra=()):
    """`ingroei run --xlsx` of a downloaded scenario saved as werkbank.yaml in a copy of
    the scenarios directory (beside a copy of models/, so that its paths are the same;
    with the key file `key` beside it) -> (summary.json, ingroei.xlsx): what the page's
    downloads of the receipt and the workbook must be."""
    d = os.path.join(tmp, name)
    shutil.copytree(os.path.join(REPO, "models"), os.path.join(d, "models"))
    os.makedirs(os.path.join(d, "scenarios"))
    if key:
        shutil.copy(key, os.path.join(d, "scenarios"))
    path = os.path.join(d, "scenarios", "werkbank.yaml")
    with open(path, "wb") as f:
        f.write(yaml_bytes)
    subprocess.run([cli, "run", path, "-o", os.path.join(d, "out"), "--no-plots", "--xlsx"] +
                   list(extra), check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(d, "out", "summary.json"), "rb") as f:
        summary = f.read()
    with open(os.path.join(d, "out", "ingroei.xlsx"), "rb") as f:
        return summary, f.read()


def check_receipt_downloads(wd, cli, tmp, name, key=None):
    """The page's receipt and workbook downloads are `ingroei run`'s bytes for its YAML."""
    summary, xlsx = run_resolved(cli, fetch_download(wd, "#wb-dl-yaml"), tmp, name, key)
    got = fetch_download(wd, "#wb-dl-summary")
    check(got == summary, f"{name}: the page's summary.json equals `ingroei run`'s byte for byte "
          f"({len(got)} and {len(summary)} bytes)")
    got = fetch_download(wd, "#wb-dl-xlsx")
    check(got == xlsx, f"{name}: the page's ingroei.xlsx equals `ingroei run --xlsx`'s byte for "
          f"byte ({len(got)} and {len(xlsx)} bytes)")
    return summary


def last_year_rows(alloc):
    rows = list(csv.DictReader(io.StringIO(alloc.decode("utf-8"))))
    last = max(r["jaar"] for r in rows)
    return last, {r["gemeentecode"]: r for r in rows if r["jaar"] == last}


def check_row(wd, code, r, what):
    cells = row_of(wd, code)
    want = [code, r["gemeentenaam"], r["provincie"], nl_int(int(r["inwoners"])),
            nl_int(int(r["volledig_historisch"])), nl_int(int(r["totaal"]))]
    check(cells[:6] == want, f"{what}: {code} shows {cells[:6]}, `ingroei run` {want}")
    pi = nl_fixed(r["verschil_per_inwoner"])
    if float(r["verschil_per_inwoner"]) > 0:
        pi = "+" + pi
    check(cells[7] == pi, f"{what}: {code} per inhabitant {cells[7]}, `ingroei run` {pi}")
    return pi


def same_as_full_answer(wd, what):
    """The page reads its numbers from the compact answer (?format=page); every value it
    shows must be the very value the full JSON answer of the same scenario has (the
    number as JSON.parse gives it, the text as it is), so that every string on the page
    is the one it would draw from the full answer: for every gemeente and year each
    column of allocations.csv the page reads (totaal, totaal_zonder_cap and the figure
    per inhabitant derived in the page), and per year those of budget.csv it reads."""
    got = wd.s("POST", "/execute/async", {"script": """
        var done = arguments[arguments.length - 1], R = window.ingroeiWerkbank.result;
        fetch('/api/compute', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify(window.ingroeiWerkbank.scenario)}).then(r => r.json()).then(j => {
          var ac = {}, yc = {}, bad = [], n = 0;
          j.allocations.columns.forEach((c, i) => { ac[c] = i; });
          j.years.columns.forEach((c, i) => { yc[c] = i; });
          var same = ['jaar', 'gemeentecode', 'gemeentenaam', 'provincie', 'inwoners', 'historisch',
            'objectief', 'totaal', 'volledig_historisch', 'verschil_met_historisch', 'volledig_objectief',
            'totaal_zonder_cap', 'effect_cap', 'cap_geraakt'];
          j.allocations.rows.forEach(r => {
            var p = R.row(r[ac.jaar], r[ac.gemeentecode]);
            n++;
            if (!p) { bad.push('no row ' + r[ac.jaar] + ' ' + r[ac.gemeentecode]); return; }
            same.forEach(c => { if (p[c] !== r[ac[c]]) bad.push(r[ac.gemeentecode] + ' ' + r[ac.jaar] + ' ' + c + ': ' + p[c] + ' != ' + r[ac[c]]); });
            ['aandeel_objectief', 'verschil_per_inwoner'].forEach(c => {
              if (p[c] !== Number(r[ac[c]])) bad.push(r[ac.gemeentecode] + ' ' + r[ac.jaar] + ' ' + c + ': ' + p[c] + ' != ' + r[ac[c]]); });
          });
          j.years.rows.forEach(r => {
            var i = R.yearInfo[r[yc.jaar]];
            ['budget', 'som_toegekend', 'cap_actief', 'cap_haalbaar', 'gemeenten_op_verliescap',
             'gemeenten_op_wincap'].forEach(c => { if (i[c] !== r[yc[c]]) bad.push(r[yc.jaar] + ' ' + c); });
            ['aandeel_objectief', 'schaal_winsten'].forEach(c => {
              if (i[c] !== Number(r[yc[c]])) bad.push(r[yc.jaar] + ' ' + c + ': ' + i[c] + ' != ' + r[yc[c]]); });
          });
          done({n: n, rows: R.codes.length * R.years.length, years: j.years.rows.length,
                pageYears: R.years.length, bad: bad.slice(0, 5), nbad: bad.length,
                illustrative: j.illustrative === R.json.illustrative,
                own: JSON.stringify(j.own_key) === JSON.stringify(R.json.own_key)});
        });""", "args": []})
    check(got["n"] == got["rows"] and got["years"] == got["pageYears"] and got["n"] > 0,
          f"{what}: the compact answer has every row of the full one: {got}")
    check(got["nbad"] == 0, f"{what}: every value the page shows is the full answer's: {got}")
    check(got["illustrative"] and got["own"], f"{what}: the notices are the full answer's: {got}")


def view(wd):
    """What a shared link must reproduce: the knobs, the year, the table's first rows, the
    map's colours and the open gemeente."""
    return wd.js("return {knobs: Array.from(document.querySelectorAll('[data-knob]')).map(e =>"
                 " e.type === 'checkbox' ? e.checked : e.value),"
                 " year: document.getElementById('wb-jaar').value,"
                 " rows: Array.from(document.querySelectorAll('#wb-tabel tbody tr')).slice(0, 20)"
                 "   .map(r => r.textContent),"
                 " fills: Array.from(document.querySelectorAll('#wb-kaart path')).map(p =>"
                 "   p.getAttribute('fill')).join(' '),"
                 " gemeente: document.getElementById('wb-gemeente').hidden ? null :"
                 "   document.getElementById('wb-gemeente-naam').textContent,"
                 " basis: document.getElementById('wb-basis').hidden ? null :"
                 "   document.getElementById('wb-basis').textContent};")


def upload(wd, path):
    """Chooses `path` in the page's file input for a key file, as a user does."""
    el = wd.find("#wb-sleutel-bestand")
    wd.s("POST", f"/element/{el}/value", {"text": path})


def certificate_step(wd, cli, tmp, loser, free, shot):
    """The cap's solve in the gemeente view, for the year on screen (2027, capped at 10
    euro per inhabitant): a gemeente held at its loss cap gets its floor, the year's scale
    of the gains and the count of capped gemeenten are those of budget.csv, and the check
    of the allocation against the solve leaves less than a euro; for a gemeente that is
    not held, the check holds too. With the gemeente open, the workbook download has its
    sheet: `ingroei run --xlsx --gemeente`'s bytes."""
    with open(os.path.join(tmp, "capped", "out", "budget.csv"), encoding="utf-8") as f:
        year = next(r for r in csv.DictReader(f) if r["jaar"] == "2027")
    for r, state in ((loser, "verlies"), (free, "geschaald")):
        code = r["gemeentecode"]
        wd.js("document.getElementById('wb-zoek').value = arguments[0];"
              "document.getElementById('wb-zoek').dispatchEvent(new Event('input'));", code)
        wd.click(f"#wb-tabel a[data-open='{code}']")
        wait_until(wd, "return document.getElementById('wb-plafond').dataset.state === arguments[0];"
                   .replace("arguments[0]", repr(state)), f"no certificate of the cap for {code}")
        text = wd.js("return document.getElementById('wb-plafond').textContent;")
        check(wd.js("return document.getElementById('wb-plafond-kop').textContent;") == "Het plafond in 2027",
              "the certificate is of the year on screen")
        lam = nl_fixed(year["schaal_winsten"])
        check(f"Schaal van de winsten (λ){lam}" in text,
              f"{code}: the scale of the gains is budget.csv's {lam}: {text!r}")
        check(f"{year['gemeenten_op_verliescap']} gemeenten op het verliesplafond" in text,
              f"{code}: the number held at the loss cap: {text!r}")
        check("Restverschil van het jaar0 euro" in text, f"{code}: the year adds up: {text!r}")
        m = re.search(r"verschil (-?[0-9.]*,[0-9]{2}) euro \(afronding", text)
        check(m and abs(float(m.group(1).replace(".", "").replace(",", "."))) < 1,
              f"{code}: the allocation is the solve's, up to the rounding: {text!r}")
        if state == "verlies":
            floor = "ondergrens € " + nl_int(int(r["totaal"]))
            check("op het verliesplafond: zij krijgt haar ondergrens" in text and floor in text,
                  f"{code} is held at its floor, its allocation: {text!r}")
            wd.js("document.getElementById('wb-jaren').scrollIntoView();")
            shot("werkbank_plafond.png")
            _, xlsx = run_resolved(cli, fetch_download(wd, "#wb-dl-yaml"), tmp, "gemeente_tree",
                                   None, ["--gemeente", code])
            got = fetch_download(wd, "#wb-dl-xlsx")
            check(got == xlsx, f"with {code} open, the page's ingroei.xlsx is `run --xlsx --gemeente "
                  f"{code}`'s ({len(got)} and {len(xlsx)} bytes)")
        else:
            check("niet op een grens" in text, f"{code} is not held: {text!r}")
        wd.click("#wb-terug")
    wd.js("document.getElementById('wb-zoek').value = '';"
          "document.getElementById('wb-zoek').dispatchEvent(new Event('input'));")


def own_key_step(wd, args, tmp, n, shot):
    """Uploads tests/keys/inwoners_bedrag.csv: the table shows the numbers of `ingroei run`
    with that key file, a banner names it with its SHA-256, the downloads carry it; a bad
    file is refused with the CLI's message naming its line; removing the key restores the
    shipped key's numbers."""
    import hashlib
    key_path = os.path.join(REPO, "tests/keys/inwoners_bedrag.csv")
    with open(key_path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    year = wd.js("return document.getElementById('wb-jaar').value;")
    before = row_of(wd, AMSTERDAM)
    upload(wd, key_path)
    n = ready(wd, n)
    banner = wd.js("var e = document.getElementById('wb-eigen'); return e.hidden ? '' : e.textContent;")
    check("inwoners_bedrag.csv" in banner and sha in banner,
          f"the page labels the own key with its name and SHA-256: {banner!r}")
    check(sha in wd.js("return document.getElementById('wb-sleutel').textContent;"),
          "the key's knob names the uploaded file")
    after = row_of(wd, AMSTERDAM)
    check(after[5] != before[5], f"Amsterdam's total changes with the own key: {before} -> {after}")
    yaml = fetch_download(wd, "#wb-dl-yaml").decode("utf-8")
    check('objective_key: "inwoners_bedrag.csv"' in yaml and sha in yaml,
          "the downloaded scenario names the key file and its SHA-256")
    d = os.path.join(tmp, "eigen")
    os.makedirs(d)
    shutil.copy(key_path, d)
    with open(os.path.join(d, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write(yaml.replace('"../models', '"' + os.path.join(REPO, "models")))
    subprocess.run([args.cli, "run", os.path.join(d, "scenario.yaml"), "-o", os.path.join(d, "out"),
                    "--no-plots"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(d, "out", "allocations.csv"), "rb") as f:
        alloc = f.read()
    rows = {r["gemeentecode"]: r for r in csv.DictReader(io.StringIO(alloc.decode("utf-8")))
            if r["jaar"] == year}
    check(all(r["objectieve_sleutel_illustratief"] == "eigen sleutel" for r in rows.values()),
          "allocations.csv says the key is an own key")
    for code in (AMSTERDAM, "GM0088"):
        check_row(wd, code, rows[code], "own key")
    same_as_full_answer(wd, "own key")
    check(fetch_download(wd, "#wb-dl-csv") == alloc,
          "with the own key the page's allocations.csv equals `ingroei run`'s with the file")
    receipt = json.loads(check_receipt_downloads(wd, args.cli, tmp, "eigen_tree", key_path))
    check(receipt["objective_key"].get("sha256") == sha and
          "inwoners_bedrag.csv" in receipt["objective_key"]["name"],
          "the page's receipt names the key file and its SHA-256")
    wd.js("window.scrollTo(0, 0);")
    shot("werkbank_eigen_sleutel.png")
    check_console(wd)  # so far without an error; the refusal below logs its 422
    # a bad key file: the CLI's message, naming the file, line and column; nothing changes
    bad = os.path.join(tmp, "slecht.csv")
    with open(key_path, encoding="utf-8") as f:
        text = f.read()
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text.replace("GM0014,", "GM9999,"))
    upload(wd, bad)
    wait_until(wd, "return !document.getElementById('wb-fout').hidden;", "no error for a bad key")
    msg = wd.js("return document.getElementById('wb-fout').textContent;")
    check("slecht.csv:5:1: GM9999 is neither a gemeente of 2025" in msg,
          f"a bad key file is refused with its line and column: {msg!r}")
    check(row_of(wd, AMSTERDAM) == after, "a refused key changes nothing")
    log = [e for e in wd.browser_log() if e.get("level") in ("SEVERE", "WARNING")]
    check(len(log) == 1 and "/api/keys" in log[0].get("message", "") and "422" in log[0]["message"],
          f"the console shows only the refusal of the bad key (422): {log}")
    # removed: the shipped key's numbers again
    wd.click("#wb-sleutel-weg")
    n = ready(wd, n)
    check(wd.js("return document.getElementById('wb-eigen').hidden;"), "no own-key banner after removal")
    check(row_of(wd, AMSTERDAM) == before, "without the own key the numbers are those before")
    return n


def model_step(wd, args, tmp, n, shot):
    """Uploads an objective-key model in the project's format (the shipped illustrative
    key with another weight for inhabitants, naming the shipped volumes by name), then the
    same model with its own volumes (two files chosen at once): the table shows the
    numbers of `ingroei run` with those files and a banner names the model with its
    SHA-256; removing it restores the shipped key's numbers."""
    import hashlib
    with open(os.path.join(REPO, "models/nl/bw/objectief_illustratief.yaml"), encoding="utf-8") as f:
        text = f.read().replace("weight: 24.07", "weight: 30.00")
    d = os.path.join(tmp, "model")
    os.makedirs(d)
    model = os.path.join(d, "mijn_model.yaml")
    with open(model, "w", encoding="utf-8") as f:
        f.write(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    year = wd.js("return document.getElementById('wb-jaar').value;")
    before = row_of(wd, AMSTERDAM)
    upload(wd, model)
    n = ready(wd, n)
    banner = wd.js("var e = document.getElementById('wb-eigen'); return e.hidden ? '' : e.textContent;")
    check("mijn_model.yaml" in banner and sha in banner and "volumina_sep2024_2025.csv" in banner,
          f"the page labels the uploaded model with its name, SHA-256 and volumes: {banner!r}")
    # `ingroei run` of the scenario on screen (its resolved YAML, downloaded), the model
    # beside it naming the shipped volumes by their path
    yaml = fetch_download(wd, "#wb-dl-yaml").decode("utf-8")
    check('objective_key: "mijn_model.yaml"' in yaml and sha in yaml,
          "the downloaded scenario names the model and its SHA-256")
    cli = os.path.join(d, "cli")
    os.makedirs(cli)
    with open(os.path.join(cli, "mijn_model.yaml"), "w", encoding="utf-8") as f:
        f.write(text.replace("../gemeentefonds/", os.path.join(REPO, "models/nl/gemeentefonds") + "/"))
    with open(os.path.join(cli, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write(yaml.replace('"../models', '"' + os.path.join(REPO, "models")))
    subprocess.run([args.cli, "run", os.path.join(cli, "scenario.yaml"), "-o", os.path.join(d, "out"),
                    "--no-plots"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(d, "out", "allocations.csv"), "rb") as f:
        alloc = f.read()
    rows = {r["gemeentecode"]: r for r in csv.DictReader(io.StringIO(alloc.decode("utf-8")))
            if r["jaar"] == year}
    after = row_of(wd, AMSTERDAM)
    check(after[5] != before[5], f"Amsterdam's total changes with the model: {before} -> {after}")
    for code in (AMSTERDAM, "GM0088"):
        check_row(wd, code, rows[code], "uploaded model")
    same_as_full_answer(wd, "uploaded model")
    check(fetch_download(wd, "#wb-dl-csv") == alloc,
          "with the uploaded model the page's allocations.csv equals `ingroei run`'s with the file")
    wd.js("window.scrollTo(0, 0);")
    shot("werkbank_eigen_model.png")
    # the model with volumes of its own: both files chosen at once
    with open(os.path.join(REPO, "models/nl/gemeentefonds/volumina_sep2024_2025.csv"),
              encoding="utf-8") as f:
        vol = f.read()
    own = os.path.join(d, "met_volumes.yaml")
    with open(own, "w", encoding="utf-8") as f:
        f.write(text.replace("../gemeentefonds/volumina_sep2024_2025.csv", "eigen_volumes.csv"))
    volumes = os.path.join(d, "eigen_volumes.csv")
    with open(volumes, "w", encoding="utf-8") as f:
        f.write(vol)
    upload(wd, own + "\n" + volumes)
    n = ready(wd, n)
    banner = wd.js("var e = document.getElementById('wb-eigen'); return e.hidden ? '' : e.textContent;")
    check("met_volumes.yaml" in banner and "eigen_volumes.csv" in banner,
          f"a model with its own volumes is named with them: {banner!r}")
    check(row_of(wd, AMSTERDAM) == after, "the same volumes sent along give the same numbers")
    wd.click("#wb-sleutel-weg")
    n = ready(wd, n)
    check(row_of(wd, AMSTERDAM) == before, "without the model the numbers are those before")
    return n


def test(args):
    programs = browser_programs()
    if not programs:
        return 77
    browser, driver = programs
    os.makedirs(args.artifacts, exist_ok=True)
    # the screenshots go to the artefacts; with INGROEI_SCREENSHOTS=DIR also to DIR (the
    # README's pictures: INGROEI_SCREENSHOTS=tests/browser/screenshots)
    keep = os.environ.get("INGROEI_SCREENSHOTS")

    def shot(name):
        wd.screenshot(os.path.join(args.artifacts, name))
        if keep:
            shutil.copy(os.path.join(args.artifacts, name), os.path.join(keep, name))
    tmp = tempfile.mkdtemp(prefix="ingroei-werkbank-")
    srv = Serve(args.cli)
    wd = wd2 = None
    try:
        wd = WebDriver(driver, browser, free_port())
        wd.go(srv.url)
        n = ready(wd, 0)
        check(wd.js("return document.documentElement.lang;") == "nl", "the page is Dutch")
        check(wd.js("return document.querySelectorAll('#wb-kaart path').length;") == 342,
              "the map draws 342 gemeenten")
        check(wd.js("return Array.from(document.querySelectorAll('#wb-kaart path'))"
                    ".every(p => /^rgb/.test(p.getAttribute('fill')));"),
              "every gemeente on the map is coloured")
        check("ILLUSTRATIEF" in wd.js("return document.getElementById('wb-notice').textContent;"),
              "the illustrative notice shows")

        # the starting scenario: the table has `ingroei run`'s numbers
        with open(os.path.join(REPO, "scenarios/default.yaml"), encoding="utf-8") as f:
            default = f.read()
        alloc = run_cli(args.cli, default.replace("../models", os.path.join(REPO, "models")), tmp,
                        "default")
        last, final = last_year_rows(alloc)
        check(wd.js("return document.getElementById('wb-jaar').value;") == last,
              "the year slider starts at the last year")
        check(len(wd.js("return document.querySelectorAll('#wb-tabel tbody tr');")) == 342,
              "342 rows")
        for code in (AMSTERDAM, "GM0088", "GM0193"):
            check_row(wd, code, final[code], "default")
        same_as_full_answer(wd, "default")

        # a knob: the path starts in 2025 instead of 2022
        set_number(wd, "#wb-start", 2025)
        n = ready(wd, n)
        check("start=2025" in wd.js("return location.hash;"), "the start year is in the address")
        yaml = fetch_download(wd, "#wb-dl-yaml").decode("utf-8")
        check("start: 2025" in yaml, "the downloaded scenario starts in 2025")
        alloc = run_cli(args.cli, yaml, tmp, "start2025")
        last, final = last_year_rows(alloc)
        pi = check_row(wd, AMSTERDAM, final[AMSTERDAM], "start 2025")
        tip = hover(wd, AMSTERDAM)
        check("Amsterdam" in tip and pi in tip and nl_int(int(final[AMSTERDAM]["totaal"])) in tip,
              f"the map's hover over Amsterdam shows {pi} and the total: {tip!r}")

        # the cap: on, at 10 euro per inhabitant; a year in the middle
        wd.click("#wb-cap")
        n = ready(wd, n)
        set_number(wd, "#wb-capverlies", 10)
        n = ready(wd, n)
        wd.js("var s = document.getElementById('wb-jaar'); s.value = 2027;"
              "s.dispatchEvent(new Event('input'));")
        check(wd.js("return document.getElementById('wb-jaar-label').textContent;") == "2027",
              "the year slider moves the view to 2027")
        yaml = fetch_download(wd, "#wb-dl-yaml").decode("utf-8")
        # (the resolved form writes the limit for every year, as the shortest decimal:
        # 10 comes out as 1e+01, which reads back as 10)
        check(re.search(r"max_loss_per_inhabitant:\n    2022: (10|1e\+01)\n", yaml) and
              "if_infeasible: uncapped" in yaml,
              "the downloaded scenario has the cap: " + yaml[-600:])
        alloc_capped = run_cli(args.cli, yaml, tmp, "capped")
        rows = [r for r in csv.DictReader(io.StringIO(alloc_capped.decode("utf-8")))
                if r["jaar"] == "2027"]
        losers = [r for r in rows if r["cap_geraakt"] == "verlies"]
        check(losers, "some gemeente is held at the cap in 2027 (else the check means nothing)")
        for r in (losers[0], next(r for r in rows if r["gemeentecode"] == AMSTERDAM)):
            check_row(wd, r["gemeentecode"], r, "capped, 2027")
        same_as_full_answer(wd, "capped at 10 euro")
        csv_bytes = fetch_download(wd, "#wb-dl-csv")
        check(csv_bytes == alloc_capped,
              "the page's allocations.csv equals `ingroei run`'s byte for byte "
              f"({len(csv_bytes)} and {len(alloc_capped)} bytes)")
        check_receipt_downloads(wd, args.cli, tmp, "capped_tree")
        wd.js("window.scrollTo(0, 0); var k = document.getElementById('wb-knoppen');"
              "k.scrollTop = k.scrollHeight;")
        shot("werkbank_downloads.png")
        wd.js("document.getElementById('wb-knoppen').scrollTop = 0;")
        wd.js("window.scrollTo(0, 0);")
        shot("werkbank_kaart.png")
        certificate_step(wd, args.cli, tmp, losers[0], next(r for r in rows if r["cap_geraakt"] == ""),
                         shot)

        # filters and sorting
        wd.type("#wb-zoek", "dam")
        want = sorted(r["gemeentecode"] for r in rows if "dam" in r["gemeentenaam"].lower())
        got = sorted(wd.js("return Array.from(document.querySelectorAll('#wb-tabel tbody tr'))"
                           ".map(r => r.dataset.code);"))
        check(got == want, f"name filter 'dam': {got}, expected {want}")
        wd.type("#wb-zoek", "")
        wd.js("var s = document.getElementById('wb-provincie'); s.value = 'Fryslân';"
              "s.dispatchEvent(new Event('input'));")
        wd.js("var s = document.getElementById('wb-teken'); s.value = 'verlies';"
              "s.dispatchEvent(new Event('input'));")
        want = sorted(r["gemeentecode"] for r in rows if r["provincie"] == "Fryslân"
                      and int(r["verschil_met_historisch"]) < 0)
        got = sorted(wd.js("return Array.from(document.querySelectorAll('#wb-tabel tbody tr'))"
                           ".map(r => r.dataset.code);"))
        check(got == want and want, f"Fryslân's losers: {got}, expected {want}")
        wd.js("for (const id of ['wb-provincie', 'wb-teken']) { var s = document.getElementById(id);"
              " s.value = ''; s.dispatchEvent(new Event('input')); }")
        wd.click("#wb-tabel th[data-col='inw']")  # numbers sort largest first
        first = wd.js("return document.querySelector('#wb-tabel tbody tr').dataset.code;")
        check(first == AMSTERDAM, f"sorted by inhabitants, the first is {first}")
        wd.click("#wb-tabel th[data-col='inw']")
        first = wd.js("return document.querySelector('#wb-tabel tbody tr').dataset.code;")
        check(first == "GM0088", f"sorted by inhabitants upwards, the first is {first}")

        # a baseline: the starting scenario pinned, then the cap turned off
        wd.click("#wb-pin")
        n = ready(wd, n)
        wd.click("#wb-cap")
        n = ready(wd, n)
        check("basis=" in wd.js("return location.hash;"), "the baseline is in the address")
        heads = wd.js("return Array.from(document.querySelectorAll('#wb-tabel th'))"
                      ".map(t => t.textContent.replace(/ [▲▼]$/, ''));")
        check(heads[4:6] == ["basis", "scenario"], f"the table compares: {heads}")
        cells = row_of(wd, losers[0]["gemeentecode"])
        check(cells[4] == nl_int(int(losers[0]["totaal"])),
              f"the baseline column is the capped total: {cells}")
        diff = int(cells[6].replace(".", "").replace("+", ""))
        check(diff < 0 or diff > 0, "without the cap the capped loser's total differs")

        # the gemeente from the map, with its years and explanation
        wd.click(f"#wb-kaart path[data-code='{AMSTERDAM}']")
        wait_until(wd, "return !document.getElementById('wb-gemeente').hidden && "
                       "document.getElementById('wb-uitleg').textContent.indexOf('GM0363 Amsterdam') === 0;",
                   "Amsterdam's page with its explanation did not open")
        uitleg = wd.js("return document.getElementById('wb-uitleg').textContent;")
        check(uitleg.startswith("GM0363 Amsterdam (Noord-Holland), 2027: de toekenning en hoe die "
                                "ontstaat") and "\nToekenning\n" in uitleg and
              "  TOEKENNING 2027: " in uitleg and "ALLOCATION" not in uitleg,
              f"the explanation is in Dutch: {uitleg[:200]!r}")
        years = wd.js("return document.querySelectorAll('#wb-jaren tbody tr').length;")
        check(years == 11, f"Amsterdam's page has 11 years, not {years}")
        check("gemeente=GM0363" in wd.js("return location.hash;"), "the gemeente is in the address")
        shot("werkbank_gemeente.png")
        wd.js("document.getElementById('wb-uitleg-kop').scrollIntoView();")
        shot("werkbank_uitleg.png")

        # the shared link, in a fresh session: the same view
        link = wd.js("return document.getElementById('wb-link').value;")
        here = view(wd)
        wd2 = WebDriver(driver, browser, free_port())
        wd2.go(link)
        ready(wd2, 0)
        wait_until(wd2, "return document.getElementById('wb-uitleg').textContent.indexOf('GM0363') === 0;",
                   "the shared link does not open Amsterdam")
        there = view(wd2)
        for k in here:
            check(here[k] == there[k], f"the shared link reproduces {k}: {here[k]!r} != {there[k]!r}")
        check_console(wd2)

        # back to the overview: the knobs as a screenshot
        wd.click("#wb-terug")
        wait_until(wd, "return !document.getElementById('wb-overzicht').hidden;", "no way back")
        # the baseline let go: the table compares with the fully historical allocation again
        wd.click("#wb-unpin")
        n = ready(wd, n)
        check("basis=" not in wd.js("return location.hash;"), "the baseline left the address")
        heads = wd.js("return Array.from(document.querySelectorAll('#wb-tabel th'))"
                      ".map(t => t.textContent.replace(/ [▲▼]$/, ''));")
        check(heads[4] == "volledig historisch", f"without a baseline: {heads}")
        wd.js("document.getElementById('wb-knoppen').scrollTop = 0;"
              "document.querySelector('.filters').scrollIntoView();")
        shot("werkbank_knoppen.png")

        # an own key: a key file uploaded in the page changes the numbers and labels them
        n = own_key_step(wd, args, tmp, n, shot)
        check_console(wd)
        n = model_step(wd, args, tmp, n, shot)
        print(f"passed: screenshots in {args.artifacts}" + (f" and {keep}" if keep else ""))
        return 0
    finally:
        for w in (wd, wd2):
            if w:
                w.quit()
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(test, __doc__))
