#!/bin/sh
# run.sh BUILD_DIR — runs every test suite against one build directory and
# prints one "SUITE: N passed, N failed" line per suite; exits 1 on any
# failure. Details of failures go to stderr/stdout above the summary.
set -u
B=${1:-build}
export LC_ALL=C.UTF-8
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export VANBAN="$PWD/$B/vanban"
export VB_TOP="$PWD"
status=0

# VALGRIND=1: every program of the suites runs under valgrind, and any
# error or leak it reports fails the test that ran it.
VG=""
if [ -n "${VALGRIND:-}" ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
	wrap=$(mktemp -d)
	# The register's read-only test runs vanban as another user.
	chmod 755 "$wrap"
	trap 'rm -rf "$wrap"' EXIT
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$PWD/$B/vanban" >"$wrap/vanban"
	chmod +x "$wrap/vanban"
	export VANBAN="$wrap/vanban"
fi

# Adds up the "name: N passed, N failed" lines a suite's programs print.
sum() {
	awk -v suite="$1" '
	    / [0-9]+ passed, [0-9]+ failed$/ {
		p += $(NF-3); f += $(NF-1); next }
	    { print > "/dev/stderr" }
	    END { printf "%s: %d passed, %d failed\n", suite, p, f;
		  exit (f > 0 || p == 0) }'
}

run_suite() {
	suite=$1; shift
	log=$(mktemp)
	"$@" >"$log" 2>&1
	rc=$?
	sum "$suite" <"$log" || status=1
	[ $rc -eq 0 ] || status=1
	rm -f "$log"
}

unit() {
	rc=0
	for t in "$B"/tests/t_*; do
		case "$t" in *.o|*.d) continue ;; esac
		$VG "$t" || { echo "$(basename "$t"): exited $?"; rc=1; }
	done
	return $rc
}

cli() {
	rc=0
	for t in tests/cli/*.sh; do
		sh "$t" || rc=1
	done
	return $rc
}

run_suite unit unit
run_suite spec $VG "$B/tests/spec_run" tests/spec/*.txt
run_suite cli cli
exit $status
