# main.sh — the command line itself: help, version, exit codes.
. "$VB_TOP/tests/cli/lib.sh"

run "$VANBAN" --version
expect_rc 0 "--version"
expect_out "vanban 0.1.0" "--version prints the version"

run "$VANBAN" --help
expect_rc 0 "--help"
expect_out_has "usage: vanban COMMAND" "--help shows usage"
expect_out_has "Nghị định" "--help says what vanban is for"
[ -z "$ERR" ] && pass || fail "--help writes nothing to stderr"

run "$VANBAN" help
expect_rc 0 "help command"

run "$VANBAN"
expect_rc 2 "no command is a usage error"
expect_err_has "usage: vanban" "no command prints usage to stderr"

run "$VANBAN" frobnicate
expect_rc 2 "unknown command"
expect_err_has "unknown command (lệnh không có): frobnicate" "unknown command named"

done_tests
