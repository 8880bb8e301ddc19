# lib.sh — helpers for the CLI tests; each tests/cli/*.sh sources it,
# calls the checks below and ends with `done_tests`.
# $VANBAN is the binary under test; $VB_TOP the repository.
T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0" .sh)
T_TMP=$(mktemp -d)
trap 'rm -rf "$T_TMP"' EXIT

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $*"; }

# run CMD...: runs CMD, keeping stdout in $OUT, stderr in $ERR, status $RC.
run() {
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	RC=$?
	OUT=$(cat "$T_TMP/out")
	ERR=$(cat "$T_TMP/err")
}

expect_rc() { [ "$RC" -eq "$1" ] && pass || fail "$2: exit $RC, want $1${ERR:+ ($ERR)}"; }
expect_out() { [ "$OUT" = "$1" ] && pass || fail "$2: stdout [$OUT], want [$1]"; }
expect_err() { [ "$ERR" = "$1" ] && pass || fail "$2: stderr [$ERR], want [$1]"; }
expect_out_has() {
	case "$OUT" in *"$1"*) pass ;; *) fail "$2: stdout lacks [$1]" ;; esac
}
expect_err_has() {
	case "$ERR" in *"$1"*) pass ;; *) fail "$2: stderr lacks [$1]: [$ERR]" ;; esac
}
expect_no_file() { [ ! -e "$1" ] && pass || fail "$2: $1 exists"; }

done_tests() {
	echo "$T_NAME: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
