#!/usr/bin/env bash
# tests/fault/run_faults.sh CLI SHIM [--all] [--jobs N] [--only CASE[:KIND]] [--keep]
#
# The fault-injection harness (ctest fault_injection; README "Tests"): for each case
# below, each kind of call (write, rename, fsync, read, malloc) and each K, it runs the
# case's command over a copy of an earlier output set with the K-th call of that kind
# failing once (SHIM, tests/fault/fault.c, through LD_PRELOAD; INGROEI_FAULT=KIND:K),
# and checks:
#   - the process was not killed by a signal and did not hang (exit < 128; the shim's
#     alarm ends it after 60 s);
#   - exit 0 only with DIR holding exactly the new set (diff -r against a clean run)
#     and nothing else in DIR or its parent but what a clean run leaves, and never
#     after a failed fsync (a set that may not be on disk is not a success);
#   - otherwise a non-zero exit, a line starting with "ingroei: " on stderr (for a
#     failed malloc never a "syntax error": that would blame the input) and DIR
#     byte-identical to the earlier set (diff -r: the manifest .ingroei-files too);
#   - when DIR or its parent holds anything a clean run does not leave, one more clean
#     run (no fault) must succeed, give exactly the new set and leave nothing else in
#     DIR or its parent (ls -A of both against the clean reference).
# Cases (data: tests/fault/data/, six gemeenten cut from models/nl/):
#   run      ingroei run scenario.yaml -o DIR --xlsx --html --no-plots over the set of
#            ingroei run earlier.yaml -o DIR --xlsx --gemeente GM0193 --no-plots
#   sweep    ingroei sweep sweep.yaml -o DIR --threads 1 over sweep_earlier.yaml's set
#   compare  ingroei compare scenario.yaml earlier.yaml -o DIR --html over the set of
#            ingroei compare earlier.yaml scenario.yaml -o DIR
#   fresh    ingroei run scenario.yaml -o DIR --xlsx --no-plots where DIR does not exist:
#            a failed run leaves no DIR and nothing else in the parent
# The points: a clean run of each case under the shim counts the calls of each kind
# (INGROEI_FAULT_COUNT; a second clean run must give the same counts). Every K of
# rename, fsync and read is tried, and of write and malloc where they are few. Where
# they are many (the workbook: libxlsxwriter writes its XML a few bytes a call, and
# libyaml and libxlsxwriter allocate thousands of times) at most the number in cap_of
# below: every K of the first 20 and of the last 150 (or half the cap; the commit and
# what follows it), a fixed stride over the others, and the first call from every
# distinct call stack (8 frames; the shim's INGROEI_FAULT_SITES list, which two clean
# runs must give alike): every place that allocates or writes fails at least once, in
# every context it is called from. The same points on every run. With --all (or
# INGROEI_FAULT_ALL=1) every K of every kind: some 25,000 runs, about 45 minutes.
#
# --jobs N runs N points at a time (default: one per processor); --only CASE[:KIND] tries
# only that case's (and kind's) points; --keep keeps the work directory.
#
# Prints one line per case and kind (points tried, clean, failures), then every
# failing point (CASE KIND:K: what went wrong) and a tally of what went wrong; exits 1
# when a point failed, 77 (skipped) when SHIM is not built (the sanitizer builds: ASan
# must own malloc and come first in a preload list), 2 on wrong usage.
set -uo pipefail
ulimit -c 0 # a crash is reported by its signal; no core files

usage() { echo "usage: $0 CLI SHIM [--all] [--jobs N] [--only CASE[:KIND]] [--keep]" >&2; exit 2; }
(($# >= 2)) || usage
cli=$(realpath "$1")
shim=$2
shift 2
all=${INGROEI_FAULT_ALL:-0}
jobs=$(nproc 2>/dev/null || echo 2)
# The most points tried per case and kind (none: all); --all tries every one.
declare -A cap_of=([run.write]=300 [run.malloc]=300 [sweep.malloc]=150 [compare.malloc]=150
                   [fresh.write]=100 [fresh.malloc]=100
                   [verify.write]=200 [verify.malloc]=150)
# Cases whose call stacks are not tried one by one: fresh makes the calls of run (less
# the report), so only its head, tail and stride are tried.
declare -A no_sites=([fresh]=1)
keep=0
only=""
while (($#)); do
  case $1 in
    --all) all=1 ;;
    --jobs) jobs=$2; shift ;;
    --keep) keep=1 ;;
    --only) only=$2; shift ;;
    *) usage ;;
  esac
  shift
done
if [[ -z $shim || $shim == none || ! -f $shim ]]; then
  echo "fault injection skipped: the shim is not built (not with INGROEI_SANITIZE)"
  exit 77
fi
shim=$(realpath "$shim")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -x $cli ]] || { echo "$0: $cli is not an executable" >&2; exit 2; }

# A tmpfs when there is one: fsync is free there, and the harness makes thousands of runs.
base=${FAULT_TMPDIR:-}
if [[ -z $base ]]; then
  if [[ -d /dev/shm && -w /dev/shm ]]; then base=/dev/shm; else base=${TMPDIR:-/tmp}; fi
fi
work=$(mktemp -d "$base/ingroei-fault.XXXXXX") || exit 1
if ((keep)); then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi
start=$SECONDS

# The cases: NAME, the command's arguments (DIR stands for the output directory), the
# earlier set's arguments.
cases=(run sweep compare fresh verify)
declare -A new_args old_args
new_args[run]="run $here/scenario.yaml -o DIR --xlsx --html --no-plots"
old_args[run]="run $here/earlier.yaml -o DIR --xlsx --gemeente GM0193 --no-plots"
new_args[sweep]="sweep $here/sweep.yaml -o DIR --threads 1"
old_args[sweep]="sweep $here/sweep_earlier.yaml -o DIR --threads 1"
new_args[compare]="compare $here/scenario.yaml $here/earlier.yaml -o DIR --html"
old_args[compare]="compare $here/earlier.yaml $here/scenario.yaml -o DIR"
# no earlier set: DIR does not exist, and a failed run must not leave it (or anything)
new_args[fresh]="run $here/scenario.yaml -o DIR --xlsx --no-plots"
old_args[fresh]=""
# verify reads a published table and writes its verdicts (CSV, JSON, workbook) as a set
new_args[verify]="verify $here/../verify/au_test.yaml $here/verify.csv -o DIR --xlsx"
old_args[verify]="verify $here/../verify/au_test.yaml $here/verify_earlier.csv -o DIR"
kinds=(write rename fsync read malloc)

# args CASE new|old DIR: the command line as words, DIR filled in.
args() {
  local -n spec=${2}_args
  local w out=()
  for w in ${spec[$1]}; do
    [[ $w == DIR ]] && w=$3
    out+=("$w")
  done
  ((${#out[@]} == 0)) || printf '%s\n' "${out[@]}"
}

# listing PARENT: the names in PARENT and in PARENT/out, hidden ones too (ls -A).
listing() {
  (
    shopt -s dotglob nullglob
    cd "$1" || exit
    printf '%s\n' * out/*
  )
}

# stacks SITES: the number of distinct call stacks of each kind in a sites file. Two
# clean runs must agree on these, not on the K of each stack's first call: the order of
# a directory's entries (the staging names are random) can move a first call a few
# places, and the point tried then fails a neighbouring call.
stacks() {
  awk '{ n[$1]++ } END { for (k in n) print k, n[k] }' "$1" | sort
}

# A clean run of each case: the earlier set (earlier/out), the new set made over it
# (new/out) and the number of calls of each kind made by that run (counts).
for c in "${cases[@]}"; do
  d=$work/$c
  mkdir -p "$d/earlier"
  mapfile -t a < <(args "$c" old "$d/earlier/out")
  if ((${#a[@]})) && ! "$cli" "${a[@]}" >"$d/earlier.log" 2>&1; then
    cat "$d/earlier.log" >&2
    echo "$0: the earlier set of case $c could not be made" >&2
    exit 1
  fi
  cp -a "$d/earlier" "$d/new"
  mapfile -t a < <(args "$c" new "$d/new/out")
  if ! LD_PRELOAD=$shim INGROEI_FAULT_COUNT=$d/counts INGROEI_FAULT_SITES=$d/sites \
    "$cli" "${a[@]}" >"$d/new.log" 2>&1; then
    cat "$d/new.log" >&2
    echo "$0: the clean run of case $c failed" >&2
    exit 1
  fi
  # the counts must not depend on the run: a second clean run over a fresh copy
  cp -a "$d/earlier" "$d/again"
  mapfile -t a < <(args "$c" new "$d/again/out")
  LD_PRELOAD=$shim INGROEI_FAULT_COUNT=$d/counts2 INGROEI_FAULT_SITES=$d/sites2 \
    "$cli" "${a[@]}" >/dev/null 2>&1
  if ! diff -r "$d/new" "$d/again" >/dev/null || ! cmp -s "$d/counts" "$d/counts2" ||
     ! cmp -s <(stacks "$d/sites") <(stacks "$d/sites2"); then
    diff -r "$d/new" "$d/again" >&2
    diff "$d/counts" "$d/counts2" >&2
    diff <(stacks "$d/sites") <(stacks "$d/sites2") >&2
    echo "$0: two clean runs of case $c differ (outputs, counts of calls or call stacks above)" >&2
    exit 1
  fi
  if grep -q '^overflow' "$d/sites"; then
    echo "$0: case $c: more call stacks than the shim can record (fault.c SITE_SLOTS)" >&2
    exit 1
  fi
  rm -rf "$d/again"
  listing "$d/earlier" >"$d/earlier.list"
  listing "$d/new" >"$d/new.list"
  # (case fresh has no earlier set: nothing to tell apart, and nothing for diff to read)
  if [[ -e $d/earlier/out ]] && diff -r "$d/earlier/out" "$d/new/out" >/dev/null; then
    echo "$0: case $c: the earlier set equals the new one; the harness could not tell them apart" >&2
    exit 1
  fi
done

# The points, one line each: CASE KIND K.
points=$work/points
: >"$points"
declare -A tried
for c in "${cases[@]}"; do
  read -r -a first < <(awk '$1 == "first-fsync" { print $2, $3, $4, $5, $6 }' "$work/$c/counts")
  for i in "${!kinds[@]}"; do
    kind=${kinds[$i]}
    n=$(awk -v k="$kind" '$1 == k { print $2 }' "$work/$c/counts")
    n=${n:-0}
    cap=${cap_of[$c.$kind]:-0}
    if ((all || cap == 0 || n <= cap)); then
      for ((k = 1; k <= n; k++)); do echo "$c $kind $k"; done
    else
      # every K of the first 20 and the last min(150, cap/2), a stride over the others
      head=20 tail=$((cap / 2 < 150 ? cap / 2 : 150))
      mid=$((n - head - tail)) room=$((cap - head - tail))
      ((room < 1)) && room=1
      stride=$(((mid + room - 1) / room))
      {
        for ((k = 1; k <= head; k++)); do echo "$k"; done
        for ((k = head + 1; k <= n - tail; k += stride)); do echo "$k"; done
        for ((k = n - tail + 1; k <= n; k++)); do echo "$k"; done
        # and the first call from every call stack (fault.c, INGROEI_FAULT_SITES)
        ((${no_sites[$c]:-0})) || awk -v k="$kind" '$1 == k { print $2 }' "$work/$c/sites"
      } | sort -n -u | sed "s/^/$c $kind /"
    fi
  done >>"$points"
  echo "case $c: $(awk '$1 != "first-fsync" && $1 != "fired" { printf "%s %s  ", $1, $2 }' "$work/$c/counts")(the outputs begin at ${first[*]:-?}); call stacks: $(awk '{ n[$1]++ } END { for (k in n) printf "%s %d  ", k, n[k] }' "$work/$c/sites")"
done
if [[ -n $only ]]; then # --only run, --only run:write: the points of one case or kind
  awk -v c="${only%%:*}" -v k="$( [[ $only == *:* ]] && echo "${only#*:}")" \
    '$1 == c && (k == "" || $2 == k)' "$points" >"$points.only"
  mv "$points.only" "$points"
fi
total=$(wc -l <"$points")
echo "trying $total points on $jobs workers ($( ((all)) && echo "every point" || echo "every point of a kind with at most ${cap_of[run.write]}; of the others the first 20, the last ones, a stride and the first call from every call stack"))"

# difftext FILE: the first 300 characters of a diff -q, on one line, paths shortened.
difftext() {
  local t
  t=$(<"$1")
  t=${t//$work\//}
  t=${t//$'\n'/, }
  echo "${t:0:300}"
}

# earlier_diff P D DIFF: whether P/out is the earlier set of D (both absent in case
# fresh); the differences into DIFF, which stays empty when there are none.
earlier_diff() {
  if [[ ! -e $2/earlier/out ]]; then
    : >"$3"
    [[ ! -e $1/out && ! -L $1/out ]] && return 0
    echo "out exists although there was no earlier set" >"$3"
    return 1
  fi
  diff -r -q "$1/out" "$2/earlier/out" >"$3" 2>&1
}

# check_point WORKER CASE KIND K: runs one point in $work/w$WORKER and prints
# "CASE KIND K ok" or "CASE KIND K FAIL what went wrong". The worker's parent
# directory p/ holds the earlier set when p.clean exists (a failed run that left it
# byte-identical does not need a fresh copy).
check_point() {
  local w=$work/w$1 c=$2 kind=$3 k=$4
  local d=$work/$c p=$w/p rc what="" a
  if [[ ! -e $w/p.clean || $(<"$w/p.clean") != "$c" ]]; then
    rm -rf "$p"
    cp -a "$d/earlier" "$p"
    echo "$c" >"$w/p.clean"
  fi
  rm -f "$w/count"
  mapfile -t a < <(args "$c" new "$p/out")
  # a hung run dies of SIGALRM after 60 s (the shim's alarm)
  LD_PRELOAD=$shim INGROEI_FAULT=$kind:$k INGROEI_FAULT_COUNT=$w/count INGROEI_FAULT_TIMEOUT=60 \
    "$cli" "${a[@]}" >"$w/stdout" 2>"$w/stderr" </dev/null
  rc=$?
  local err
  err=$(<"$w/stderr")
  local now
  now=$(listing "$p")
  if ((rc == 128 + 14)); then
    what="hung (killed by the alarm after 60 s)"
  elif ((rc >= 128)); then
    what="killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null))"
  elif [[ -e $w/count && $(<"$w/count") == *"fired none"* ]]; then
    what="the call was never made (exit $rc): the counts of calls are not deterministic"
  elif ((rc == 0)) && [[ $kind == fsync ]]; then
    # a set that may not be on disk is not a success (issue 17: fsync failures fail
    # the run with exit 3 and a message, and leave the earlier set)
    what="exit 0 although an fsync failed"
    earlier_diff "$p" "$d" "$w/diff"
  elif ((rc == 0)); then
    if ! diff -r -q "$p/out" "$d/new/out" >"$w/diff" 2>&1; then
      what="exit 0 but DIR is not the new set -- $(difftext "$w/diff")"
    elif [[ $now != "$(<"$d/new.list")" ]]; then
      what="exit 0 but stray files -- $(diff <(echo "$now") "$d/new.list" | grep '^<' | tr '\n' ' ')"
    fi
  else
    if [[ $'\n'$err != *$'\n'"ingroei: "* ]]; then
      what="exit $rc without an 'ingroei: ' message on stderr"
    elif [[ $kind == malloc && $err == *"syntax error"* ]]; then
      # a failed allocation is not the user's mistake (libyaml's loader once said so)
      what="a failed allocation reported as a syntax error -- ${err:0:200}"
    fi
    if ! earlier_diff "$p" "$d" "$w/diff"; then
      what="${what:+$what; }exit $rc and DIR is not the earlier set -- $(difftext "$w/diff")"
    fi
  fi
  # Anything a clean run does not leave: one more clean run must clean it up.
  if { ((rc == 0)) && [[ $now != "$(<"$d/new.list")" ]]; } ||
     { ((rc != 0)) && [[ $now != "$(<"$d/earlier.list")" ]]; } ||
     [[ -s $w/diff ]]; then
    if ((rc != 0)) && [[ $now != "$(<"$d/earlier.list")" && -z $what ]]; then
      what="exit $rc and the parent or DIR holds more than the earlier set -- $(diff <(echo "$now") "$d/earlier.list" | grep '^[<>]' | tr '\n' ' ')"
    fi
    rm -f "$w/p.clean"
    mapfile -t a < <(args "$c" new "$p/out")
    local rc2
    timeout -k 5 60 "$cli" "${a[@]}" >/dev/null 2>"$w/stderr2" </dev/null
    rc2=$?
    if ((rc2 != 0)); then
      what="${what:+$what; }the next clean run failed with exit $rc2 -- $(head -c 200 "$w/stderr2" | tr '\n' ' ')"
    elif ! diff -r -q "$p/out" "$d/new/out" >/dev/null 2>&1; then
      what="${what:+$what; }after the next clean run DIR is not the new set"
    else
      now=$(listing "$p")
      [[ $now != "$(<"$d/new.list")" ]] &&
        what="${what:+$what; }stray files after the next clean run -- $(diff <(echo "$now") "$d/new.list" | grep '^[<>]' | tr '\n' ' ')"
    fi
  fi
  rm -f "$w/diff"
  ((rc == 0)) && rm -f "$w/p.clean"
  if [[ -n $what ]]; then
    echo "$c $kind $k FAIL ${what//$work\//}"
  else
    echo "$c $kind $k ok"
  fi
}

# The workers take every jobs-th point, so that each case's points spread over them.
for ((j = 0; j < jobs; j++)); do
  mkdir -p "$work/w$j"
  (
    awk -v j="$j" -v n="$jobs" '(NR - 1) % n == j' "$points" | while read -r c kind k; do
      check_point "$j" "$c" "$kind" "$k"
    done >"$work/w$j.results" 2>"$work/w$j.shell" # the shell's "Segmentation fault" lines
  ) &
done
wait

results=$work/results
cat "$work"/w*.results >"$results"
echo
for c in "${cases[@]}"; do
  for kind in "${kinds[@]}"; do
    awk -v c="$c" -v k="$kind" '$1 == c && $2 == k { n++; if ($4 == "ok") ok++; else bad++ }
      END { printf "%-8s %-7s %5d points tried, %5d clean, %5d failures\n", c, k, n, ok, bad }' "$results"
  done
done
for kind in "${kinds[@]}"; do
  awk -v k="$kind" '$2 == k { n++; if ($4 == "ok") ok++; else bad++ }
    END { printf "%-8s %-7s %5d points tried, %5d clean, %5d failures\n", "all", k, n, ok, bad }' "$results"
done
got=$(wc -l <"$results")
fails=$(grep -c ' FAIL ' "$results")
echo "fault injection: $got of $total points tried, $((got - fails)) clean, $fails failures, in $((SECONDS - start)) s"
if ((got != total)); then
  echo "fault injection: $((total - got)) points were not tried (a worker stopped)" >&2
  exit 1
fi
if ((fails)); then
  echo
  echo "failing points (CASE KIND:K: what went wrong):"
  sort -k1,1 -k2,2 -k3,3n "$results" | awk '$4 == "FAIL" { r = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ FAIL /, "", r); printf "  %s %s:%s: %s\n", $1, $2, $3, r }'
  echo
  echo "what went wrong, by case and kind (details and numbers left out):"
  awk '$4 == "FAIL" { r = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ FAIL /, "", r); gsub(/ -- [^;]*/, "", r); gsub(/[0-9]+/, "N", r); print $1, $2 ": " r }' "$results" |
    sort | uniq -c | sort -rn
  exit 1
fi
exit 0
