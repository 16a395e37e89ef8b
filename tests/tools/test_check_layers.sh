#!/usr/bin/env bash
# test_check_layers.sh - tools/check-layers passes on engine/ as it is, and fails, naming
# the file and line, on each kind of breach planted in a copy: an include of a higher
# layer (quoted, angled, without a space, through ../), of another feature, of the
# library from cli/ or from the public header, a circle of headers, a source file outside
# the layers or among the vendored scripts, and an include that names no file.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
check=("${PYTHON:-/usr/bin/python3}" "$repo/tools/check-layers")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingroei-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0

"${check[@]}" "$repo/engine" >/dev/null || { echo "FAIL: engine/ as it is does not pass"; exit 1; }

# expect_breach NAME EXPECTED-MESSAGE COMMAND...: the command plants a breach in a
# fresh copy ($copy); the check must exit 1 and say EXPECTED-MESSAGE.
expect_breach() {
  local name=$1 want=$2
  shift 2
  copy="$tmp/$name"
  cp -r "$repo/engine" "$copy"
  "$@"
  local out rc=0
  out=$("${check[@]}" "$copy" 2>&1) || rc=$?
  if [[ $rc -ne 1 || $out != *"$want"* ]]; then
    echo "FAIL: $name: exit $rc, expected 1 and '$want'; got:"
    echo "$out"
    failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}
plant() { # plant FILE LINE: appends an include line to engine-copy/FILE
  printf '%s\n' "$2" >> "$copy/$1"
}

expect_breach upward 'core/money.c:' plant core/money.c '#include "run/run.h"'
expect_breach upward_reason 'includes "run/run.h": run/ is above core/' \
  plant core/money.c '#include "run/run.h"'
expect_breach upward_angled 'core/money.c' plant core/money.c '#include <run/run.h>'
expect_breach upward_no_space 'run/ is above core/' plant core/money.c '#include"run/run.h"'
expect_breach upward_relative 'run/ is above io/' plant io/csv.c '#include "../run/run.h"'
expect_breach public_header_upward 'run/ is above include/' \
  plant include/ingroei.h '#include "run/run.h"'
vendored_c() { printf '#include "sweep/sweep.h"\n' > "$copy/report/vendor/x.c"; }
expect_breach c_in_vendor 'report/vendor/x.c: C source in report/vendor/' vendored_c
nested() { mkdir -p "$copy/run/vendor" && printf '#include "sweep/sweep.h"\n' > "$copy/run/vendor/x.c"; }
expect_breach nested_vendor_folder 'sweep/ is above run/' nested
expect_breach base_to_core 'core/ is above base/' plant base/util.c '#include "core/core.h"'
expect_breach io_to_report 'report/ is above io/' plant io/stage.c '#include "report/report.h"'
expect_breach feature_to_feature 'features never include each other' \
  plant audit/bridge.c '#include "compare/compare.h"'
expect_breach cli_to_library 'cli/ sees only include/ingroei.h' plant cli/main.c '#include "run/run.h"'
cycle() {
  printf '#include "io/b.h"\n' > "$copy/io/a.h"
  printf '#include "io/a.h"\n' > "$copy/io/b.h"
}
expect_breach header_cycle 'headers include each other: io/a.h -> io/b.h -> io/a.h' cycle
stray() { printf 'int stray;\n' > "$copy/stray.c"; }
expect_breach file_outside_layers 'stray.c: a source file directly in engine/' stray
expect_breach missing_header 'includes "run/nothing.h", which is no file' \
  plant run/run.c '#include "run/nothing.h"'

[[ $failures -eq 0 ]] || { echo "$failures planted breach(es) not found"; exit 1; }
echo "all planted breaches found"
