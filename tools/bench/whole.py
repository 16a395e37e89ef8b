#!/usr/bin/env python3
"""whole.py - the whole-process timings of tools/bench/run: each command line given runs
N times and its median, minimum and maximum wall clock are printed, with the median of
the processor time it used (user and system, of the process and its children). The
commands take turns (one run of each, N rounds), so that a change in the machine's load
during the benchmark reaches them alike; on a shared machine the processor time moves
less with the load than the wall clock.

    tools/bench/whole.py N LABEL -- COMMAND... [--- LABEL -- COMMAND...]

A command whose exit status is not 0 stops the benchmark (its numbers would mean
nothing). The medians are also written to $BENCH_MEDIANS (LABEL<TAB>seconds), when set.
"""
import os
import resource
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
    times = [[] for _ in jobs]
    cpus = [[] for _ in jobs]
    for _ in range(n):
        for k, (label, cmd) in enumerate(jobs):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times[k].append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[k].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
            if r.returncode != 0:
                sys.exit(f"whole.py: {label}: exit {r.returncode}: {r.stderr.decode()[-500:]}")
    for k, (label, _) in enumerate(jobs):
        med = statistics.median(times[k])
        print(f"{label:<44} median {med * 1e3:10.1f} ms   min {min(times[k]) * 1e3:10.1f} ms   "
              f"max {max(times[k]) * 1e3:10.1f} ms   cpu {statistics.median(cpus[k]) * 1e3:.1f} ms"
              f"   ({n} runs)")
        if medians:
            with open(medians, "a") as f:
                f.write(f"{label}\t{med}\n")


main()
