#!/usr/bin/env bash
# tests/report/test_faults.sh INGROEI - failed system calls while the workbook and the
# report's charts are written, injected with strace (skipped, exit 77, without strace,
# python3 or gnuplot). Runs from the repository root.
#
# Workbook: a failed write (ENOSPC), read or seek (EIO) at points spread over a run
# with --xlsx, in ingroei and in the process that writes the workbook (strace -f).
# Every run either exits 0 with a workbook that python's zipfile and XML parser accept,
# or exits non-zero with a message and no workbook. (It used to exit 0 with malformed
# sheet XML.)
# Charts: a failed mkdir, unlink or rmdir in ingroei itself (not in gnuplot) during a
# run with --html. A run never exits 0 with the note that the charts are missing: an
# I/O error of ours is exit 3. (A failed mkdir of the chart directory used to give
# exit 0 and "charts missing".) A chart file that cannot be removed fails the run.
set -uo pipefail
cli=${1:?usage: test_faults.sh INGROEI}
for tool in strace python3 gnuplot; do
  command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool is missing"; exit 77; }
done
# LeakSanitizer cannot work under ptrace (in the build with the sanitizers)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingroei-faults.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0 tried=0

check_book() {
  python3 - "$1" <<'EOF'
import sys, zipfile, xml.parsers.expat
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
if bad:
    sys.exit("bad CRC in " + bad)
for n in z.namelist():
    if n.endswith(('.xml', '.rels')):
        xml.parsers.expat.ParserCreate().Parse(z.read(n), True)
EOF
}

# inject FOLLOW SYSCALLS ERROR WHEN ARGS...: one run into $tmp/o; sets rc and err.
inject() {
  local follow=$1 calls=$2 error=$3 when=$4
  shift 4
  rm -rf "$tmp/o" && mkdir "$tmp/o"
  strace $follow -o "$tmp/trace" -e trace="$calls" -e inject="$calls:error=$error:when=$when" \
    "$cli" run scenarios/default.yaml -o "$tmp/o" "$@" >/dev/null 2>"$tmp/err"
  rc=$?
  injected=0
  grep -q "(INJECTED)" "$tmp/trace" && injected=1
  tried=$((tried + 1))
}

fail() {
  echo "FAIL: $*"
  sed 's/^/    /' "$tmp/err"
  failures=$((failures + 1))
}

book() {
  local calls=$1 error=$2 when=$3
  inject -f "$calls" "$error" "$when" --no-plots --xlsx
  if ((rc == 0)); then
    check_book "$tmp/o/ingroei.xlsx" 2>"$tmp/why" ||
      { cat "$tmp/why" >>"$tmp/err"; fail "$calls #$when: exit 0 with a broken workbook"; }
  elif [[ ! -s $tmp/err ]]; then
    fail "$calls #$when: exit $rc without a message"
  elif [[ -e $tmp/o/ingroei.xlsx ]]; then
    fail "$calls #$when: exit $rc, but a workbook was written"
  fi
}

for when in $(seq 5 50 700); do book write ENOSPC "$when"; done
for when in $(seq 20 20 200); do book read EIO "$when"; done
for when in $(seq 2 12 110); do book lseek EIO "$when"; done

# charts SYSCALLS WHEN [strict]: with "strict", a failure that was injected must fail
# the run (exit 3 with a message); without, ingroei may recover (a chart directory that
# rmdir could not remove is removed entry by entry; the lock file is removed after the
# set is in place).
charts() {
  local calls=$1 when=$2 strict=${3:-}
  inject "" "$calls" EIO "$when" --html
  if [[ -n $strict ]] && ((injected && rc == 0)); then
    fail "$calls #$when: exit 0 after a failed $calls of ours"
  elif ((rc == 0)) && grep -q "missing" "$tmp/err"; then
    fail "$calls #$when: exit 0 with the charts missing"
  elif ((rc != 0 && rc != 3)); then
    fail "$calls #$when: exit $rc, expected 0 or 3"
  elif ((rc != 0)) && [[ ! -s $tmp/err ]]; then
    fail "$calls #$when: exit $rc without a message"
  fi
}

for when in 1 2 3 4; do charts mkdir,mkdirat "$when"; done
# strace counts each system call on its own: the four unlinks are the chart
# directory's files (each must fail the run), the unlinkats the staging mark and the lock
for when in 1 2 3 4 5; do charts unlink "$when" strict; done
for when in 1 2 3; do charts unlinkat "$when"; done
for when in 1 2 3; do charts rmdir,unlinkat "$when"; done

echo "$tried runs with an injected failure, $failures failed"
((failures == 0))
