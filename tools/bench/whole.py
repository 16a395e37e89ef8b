#!/usr/bin/env python3
"""whole.py - the whole-process timings of tools/bench/run: each command line given runs
N times (wall clock, one after another) and its median, minimum and maximum are printed.

    tools/bench/whole.py N LABEL -- COMMAND... [--- LABEL -- COMMAND...]

A command whose exit status is not 0 stops the benchmark (its numbers would mean
nothing). The medians are also written to $BENCH_MEDIANS (LABEL<TAB>seconds), when set.
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    n = int(sys.argv[1])
    args = sys.argv[2:]
    jobs = []
    while args:
        label, sep, rest = args[0], args[1], args[2:]
        assert sep == "--", "expected LABEL -- COMMAND"
        cmd = rest[:rest.index("---")] if "---" in rest else rest
        args = rest[len(cmd) + 1:]
        jobs.append((label, cmd))
    medians = os.environ.get("BENCH_MEDIANS")
    for label, cmd in jobs:
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times.append(time.perf_counter() - t0)
            if r.returncode != 0:
                sys.exit(f"whole.py: {label}: exit {r.returncode}: {r.stderr.decode()[-500:]}")
        med = statistics.median(times)
        print(f"{label:<44} median {med * 1e3:10.1f} ms   min {min(times) * 1e3:10.1f} ms   "
              f"max {max(times) * 1e3:10.1f} ms   ({n} runs)")
        if medians:
            with open(medians, "a") as f:
                f.write(f"{label}\t{med}\n")


main()
