#!/bin/sh
# check.sh MAKE — `make check`: every suite on the normal build, then on
# the sanitizer build; ends with the grand total on one line.
set -u
MAKE=${1:-make}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
$MAKE --no-print-directory test 2>&1 | tee -a "$log" || status=1
$MAKE --no-print-directory sanitize 2>&1 | tee -a "$log" || status=1
# tee hides make's status; the suites' lines tell the truth as well.
awk '/^[a-z]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4; n++ }
     END { printf "check: %d passed, %d failed\n", p, f; exit (f > 0 || n < 6) }' \
    "$log" || status=1
exit $status
