#!/usr/bin/env python3
"""baseline.py - the baseline for tools/bench/run: the allocation of a scenario computed
by a small, straightforward Python program (standard library only, plain floats), to
compare the engine's speed and amounts against what a user might write instead.

    tools/bench/baseline.py OUT/summary.json [--scenario FILE] [--repeat N] [--out CSV]

It reads the scenario as the engine resolved it from a run's summary.json (budgets per
year, p_t per year, boundaries, rounding, the keys and the objective key's maatstaven)
and the dataset files that run read, then computes for every year t and gemeente g:

    alloc_g,t = (1 - p_t) * Budget_t * h_g  +  (uf_t * B_g + A_g)

with h_g the historical key (the IU BW amounts of the key's circulaire divided by their
sum), B_g / A_g the units x weight summed over the scaled / unscaled maatstaven, and
uf_t = (p_t * Budget_t - sum A) / sum B (Bfv 2001 art. 1c), so that the objective part
is p_t * Budget_t * o_g,t. Amounts are rounded into whole euros: largest remainder with
ties to the lower gemeentecode (exact-total), or half away from zero (per-line).

Only the compute is timed (after loading), repeated --repeat times; the median is
printed. With --out the rounded totals go to a CSV (jaar, gemeentecode, totaal).

Limits: no cap and no separate objective_budget (it refuses such scenarios). The
receipt gives p_t with 6 decimals and weights with 4, so the amounts are exact only when
those values have no more decimals (true for the linear and table paths of the shipped
scenarios, not for a cohort or s-curve path).
"""
import argparse
import csv
import hashlib
import json
import math
import os
import platform
import resource
import statistics
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fail(msg):
    sys.exit(f"baseline.py: {msg}")


def read_csv(path):
    """The rows of a dataset CSV as dicts, after its leading '#' comment lines."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    return list(csv.DictReader(lines[start:]))


def yaml_scalar(path, key):
    """A top-level 'key: value' line of a small model YAML file (a path, no quoting)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(key + ":"):
                return line.split(":", 1)[1].split("#", 1)[0].strip().strip("\"'")
    fail(f"{path}: no '{key}:' line")


def load(summary_path, scenario_path):
    """Everything the compute needs, read and parsed: no arithmetic on amounts here."""
    with open(summary_path, encoding="utf-8") as f:
        summary = json.load(f)
    sc = summary["scenario"]
    if sc.get("cap") is not None or "objective_budget" in sc:
        fail("the baseline covers scenarios without a cap and without objective_budget")
    if sc["rounding"] not in ("exact-total", "per-line"):
        fail(f"unknown rounding '{sc['rounding']}'")
    base = os.path.dirname(os.path.abspath(scenario_path))

    # The receipt lists every input with the SHA-256 of its bytes (paths relative to the
    # scenario file): check that the baseline reads the same files the run read.
    sha = {os.path.normpath(os.path.join(base, i["file"])): i["sha256"] for i in summary["inputs"]}

    def checked(rel, relative_to=base):
        path = os.path.normpath(os.path.join(relative_to, rel))
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if path in sha and sha[path] != digest:
            fail(f"{path} differs from the file the run read (SHA-256 in {summary_path})")
        return path

    checked(os.path.abspath(scenario_path))
    dataset = os.path.join(base, sc["dataset"])
    boundaries = int(sc["boundaries"])
    codes = sorted(r["gemeentecode"] for r in read_csv(checked("gemeenten.csv", dataset))
                   if int(r["jaar"]) == boundaries)
    index = {c: g for g, c in enumerate(codes)}

    # Herindelingen up to 1 January of the boundaries' year: an old code's figures go to
    # its new gemeente (following a chain of mergers).
    merged = {}
    if os.path.exists(os.path.join(dataset, "herindelingen.csv")):
        cutoff = f"{boundaries:04d}-01-01"
        for r in read_csv(checked("herindelingen.csv", dataset)):
            if r["datum"] <= cutoff:
                merged[r["oude_code"]] = r["nieuwe_code"]

    def gemeente(code):
        for _ in range(16):
            if code in index:
                return index[code]
            if code not in merged:
                break
            code = merged[code]
        fail(f"{code} is not a gemeente of {boundaries} nor part of one")

    # Historical key: the amounts of one circulaire, uitkeringsjaar and regeling.
    hk = summary["historical_key"]
    hk_file = checked(sc["historical_key"])
    amounts = checked(yaml_scalar(hk_file, "data"), os.path.dirname(hk_file))
    hist_rows = [(gemeente(r["gemeentecode"]), int(r["bedrag"]))
                 for r in read_csv(amounts)
                 if r["circulaire"] == hk["circulaire"] and r["regeling"] == hk["regeling"]
                 and int(r["uitkeringsjaar"]) == int(hk["uitkeringsjaar"])]

    # Objective key: the maatstaven as the receipt gives them, the volumes file the key names.
    maatstaven = [(m["code"], float(m["weight"]), bool(m["scaled"]))
                  for m in summary["objective_key"]["maatstaven"]]
    ok_file = checked(sc["objective_key"])
    volumes = checked(yaml_scalar(ok_file, "volumes"), os.path.dirname(ok_file))
    volume_rows = [(gemeente(r["gemeentecode"]), [float(r[code]) for code, _, _ in maatstaven])
                   for r in read_csv(volumes)]

    shares = sc["path"]["objective_share"]
    years = [(int(y["year"]), int(y["budget"]), float(shares[str(y["year"])]))
             for y in summary["years"]]
    return {"codes": codes, "hist_rows": hist_rows, "volume_rows": volume_rows,
            "weights": [w for _, w, _ in maatstaven], "scaled": [s for _, _, s in maatstaven],
            "years": years, "rounding": sc["rounding"]}


def largest_remainder(x, target):
    """Whole euros adding up to target: floors, then one more euro for the largest
    fractional parts; equal fractions go to the lower index (= lower gemeentecode)."""
    out = [math.floor(v) for v in x]
    extra = target - sum(out)
    if not 0 <= extra <= len(x):
        fail(f"cannot round to {target}: {extra} euros left over")
    order = sorted(range(len(x)), key=lambda g: (-(x[g] - out[g]), g))
    for g in order[:extra]:
        out[g] += 1
    return out


def half_away_from_zero(v):
    q = math.floor(abs(v))
    q += abs(v) - q >= 0.5
    return q if v >= 0 else -q


def compute(d):
    """The rounded totals per year: a list (one per year) of lists (one per gemeente)."""
    n = len(d["codes"])
    amount = [0] * n  # historical amounts, merged gemeenten summed
    for g, a in d["hist_rows"]:
        amount[g] += a
    total = math.fsum(amount)
    h = [a / total for a in amount]

    b = [0.0] * n  # uitkeringsbasis: units x weight over the scaled maatstaven
    a = [0.0] * n  # the same over the unscaled ones
    for g, units in d["volume_rows"]:
        b[g] += math.fsum(u * w for u, w, s in zip(units, d["weights"], d["scaled"]) if s)
        a[g] += math.fsum(u * w for u, w, s in zip(units, d["weights"], d["scaled"]) if not s)
    sum_b, sum_a = math.fsum(b), math.fsum(a)

    result = []
    for _, budget, p in d["years"]:
        hist = (1.0 - p) * budget
        if p == 0.0:
            obj = [0.0] * n  # nothing is distributed objectively
        else:
            uf = (p * budget - sum_a) / sum_b
            obj = [uf * b[g] + a[g] for g in range(n)]
        x = [hist * h[g] + obj[g] for g in range(n)]
        if d["rounding"] == "exact-total":
            result.append(largest_remainder(x, budget))
        else:
            result.append([half_away_from_zero(v) for v in x])
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("summary", help="summary.json of a run of the scenario")
    ap.add_argument("--scenario", default=os.path.join(REPO, "scenarios", "default.yaml"),
                    help="the scenario file of that run (default: scenarios/default.yaml)")
    ap.add_argument("--repeat", type=int, default=200, help="timed computes (default 200)")
    ap.add_argument("--out", help="write jaar,gemeentecode,totaal to this CSV")
    args = ap.parse_args()

    d = load(args.summary, args.scenario)
    times = []
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        totals = compute(d)
        times.append(time.perf_counter() - t0)

    for (year, budget, _), row in zip(d["years"], totals):
        if d["rounding"] == "exact-total" and sum(row) != budget:
            fail(f"{year}: the totals add up to {sum(row)}, not {budget}")
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["jaar", "gemeentecode", "totaal"])
            for (year, _, _), row in zip(d["years"], totals):
                w.writerows([year, code, v] for code, v in zip(d["codes"], row))

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    print(f"baseline.py (Python {platform.python_version()}, standard library): "
          f"{len(d['codes'])} gemeenten x {len(d['years'])} years")
    print(f"{'compute (keys, shares, allocation, rounding)':<44} median "
          f"{statistics.median(times) * 1e3:10.3f} ms   min {min(times) * 1e3:10.3f} ms   "
          f"({len(times)} runs)")
    print(f"{'peak memory (max RSS)':<44} {peak_mib:10.1f} MiB")


if __name__ == "__main__":
    main()
