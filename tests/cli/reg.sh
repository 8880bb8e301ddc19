# reg.sh — `vanban so`, the register of issued numbers: usage errors, the
# seed sequences, keys, reserve/issue/cancel, resets, files, CSV, eight
# processes taking 4,000 numbers at once, a process killed in the middle,
# and registers that are missing, foreign, newer, read-only or locked.
. "$VB_TOP/tests/cli/lib.sh"

export SOURCE_DATE_EPOCH=1700000000     # 2023-11-14
unset VANBAN_DB VANBAN_TEST_SLEEP_AFTER_TAKE VANBAN_TEST_SLEEP_IN_TXN
P="$VB_TOP/tests/data/reg"
db="$T_TMP/r.db"
LC="--profile $P/laichau.yaml"
UB="--profile $P/ubnd.yaml"
so() { "$VANBAN" so "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- usage ------------------------------------------------------------------

run so --help
expect_rc 0 "so --help"
expect_out_has "sổ đăng ký văn bản đi" "so --help says what it is"
expect_out_has "vanban so next" "so --help lists next"
run so next --help
expect_rc 0 "so next --help"
expect_out_has "--loai TYPE" "next --help names --loai"
expect_out_has "ngày ban hành" "next --help in English with Vietnamese terms"
expect_out_has "--reset RULE" "next --help has the rules"
run "$VANBAN" --help
expect_out_has "sổ đăng ký" "vanban --help lists so"

run so
expect_rc 2 "so without a command"
run so frob
expect_rc 2 "unknown so command"
expect_err_has "unknown command" "unknown so command named"
run so list --db "$db" --bogus
expect_rc 2 "unknown option"
expect_err_has "unknown option: --bogus" "unknown option named"
run so list --db "$db" --ly-do x
expect_rc 2 "an option of another command"
run so next --db "$db" --viet-tat X
expect_rc 2 "next without --loai"
expect_err_has "document type is not given" "missing type named"
run so next --db "$db" --loai KH
expect_rc 2 "next without rules"
expect_err_has "--profile FILE or --viet-tat" "missing rules named"
run so next --db "$db" --viet-tat X --loai "K H"
expect_rc 2 "a bad type"
run so next --db "$db" --viet-tat X --loai KH --ngay 2023-13-01
expect_rc 2 "a bad date"
expect_err_has "want a date, YYYY-MM-DD" "bad date named"
run so next --db "$db" --viet-tat X --loai KH --reset hang_nam
expect_rc 2 "a bad reset"
run so next --db "$db" --viet-tat X --loai KH --reset nhiem_ky
expect_rc 2 "nhiem_ky without a start"
run so next --db "$db" --viet-tat X --loai KH --new-number
expect_rc 2 "--new-number without --key"
run so next --db "$db" --viet-tat X --loai KH --count 2 --key k
expect_rc 2 "--count with --key"
run so next --db "$db" --viet-tat "A/B" --loai KH
expect_rc 2 "a slash in viet_tat"
run so cancel 01/KH-X --db "$db"
expect_rc 2 "cancel without a reason"
run so show --db "$db"
expect_rc 2 "show without a symbol"
run so show a b --db "$db"
expect_rc 2 "show with two symbols"
run so export --db "$db"
expect_rc 2 "export without --csv"
run so list --db "$db" --timeout soon
expect_rc 2 "a bad timeout"
expect_no_file "$db" "usage errors create no register"

# ---- a missing register is never created by accident -----------------------

run so next --db "$db" --viet-tat X --loai KH
expect_rc 1 "next on a missing register"
expect_err_has "no register here; create one with 'vanban so init'" \
    "missing register named"
expect_no_file "$db" "next does not create a register"
run so list --db "$db"
expect_rc 1 "list on a missing register"

# ---- the Lai Châu seeds: per type, never reset ------------------------------

run so init --db "$db" $LC --bat-dau KH=471 --bat-dau CV=1070 --bat-dau HD=82
expect_rc 0 "init with starting points"
expect_out "CV	*	1070
HD	*	82
KH	*	471" "init prints the counters"
run so next --db "$db" $LC --loai KH --ngay 2023-09-06 \
    --trich-yeu "Tổ chức Tháng Công nhân"
expect_rc 0 "next KH"
expect_out "471/KH-LĐLĐ" "an office that issued 470 continues at 471"
run so next --db "$db" $LC --loai ke_hoach
expect_out "472/KH-LĐLĐ" "then 472 (loai key ke_hoach)"
run so next --db "$db" $LC --loai cong_van
expect_out "1070/LĐLĐ" "union công văn: no unit"
run so next --db "$db" $LC --loai HD
expect_out "82/HD-LĐLĐ" "HD at 82"
run so next --db "$db" $LC --loai BC
expect_out "01/BC-LĐLĐ" "a fresh counter starts at 01"
run so next --db "$db" $LC --loai GK
expect_rc 0 "a type ND30 does not list"
expect_out "01/GK-LĐLĐ" "GK taken"
expect_err_has "not one of ND30's document types" "with a warning"
run so set-next --db "$db" $LC KH=472
expect_rc 1 "set-next below the last"
expect_err_has "the next number must be above" "set-next refused"
run so set-next --db "$db" $LC KH=600 CV=1298
expect_rc 0 "set-next"
run so next --db "$db" $LC --loai KH
expect_out "600/KH-LĐLĐ" "after set-next"
run so counters --db "$db"
expect_out_has "LĐLĐ	KH	*	601" "counters"
(cd "$T_TMP" && VANBAN_DB="$db" "$VANBAN" so list --loai KH) >"$T_TMP/env.out"
[ "$(wc -l <"$T_TMP/env.out")" -eq 3 ] && pass || fail "\$VANBAN_DB"
run so list --db="$db" --loai=KH
[ "$(echo "$OUT" | wc -l)" -eq 3 ] && pass || fail "--db=FILE: [$OUT]"

# ---- ND30 công văn with a drafting unit -------------------------------------

run so set-next --db "$db" $UB CV=5
expect_rc 0 "ND30 set-next"
run so next --db "$db" $UB --loai CV --don-vi VP
expect_out "05/UBND-VP" "ND30 công văn with a unit, zero-padded"
run so next --db "$db" $UB --loai CV
expect_rc 2 "ND30 công văn without its unit"
expect_err_has "--don-vi" "drafting unit asked for"
run so next --db "$db" --viet-tat BNV --kieu nha_nuoc --loai CV --don-vi VP \
    --ngay 2023-02-01
expect_out "01/BNV-VP" "rules from flags"
run so next --db "$db" --viet-tat TLĐ --reset khong --loai CV --don-vi VP
expect_out "01/TLĐ-VP" "lenient flags: unit appended"

# ---- yearly reset, per term, shared counter ---------------------------------

run so next --db "$db" $UB --loai KH --ngay 2023-12-31
expect_out "01/KH-UBND" "2023 starts at 01"
run so next --db "$db" $UB --loai KH --ngay 2023-12-31
expect_out "02/KH-UBND" "02"
run so next --db "$db" $UB --loai KH --ngay 2024-01-01
expect_out "01/KH-UBND" "01 again on 1 January"
run so list --db "$db" --nam 2024
expect_out "01	01/KH-UBND	2024-01-01	KH	issued	0	" "list --nam 2024"
run so show --db "$db" 01/KH-UBND
expect_rc 0 "show a symbol of two years"
[ "$(echo "$OUT" | grep -c '^ky_hieu')" -eq 2 ] && pass ||
    fail "show prints both entries: [$OUT]"
run so cancel --db "$db" 01/KH-UBND --ly-do "Trùng"
expect_rc 1 "cancel an ambiguous symbol"
expect_err_has "--nam" "ambiguous: name the year"
run so next --db "$db" --profile "$P/nhiemky.yaml" --loai KH \
    --ngay 2023-09-30
expect_rc 1 "a date before the term"
expect_err_has "before the start of the term" "term start named"
run so next --db "$db" --profile "$P/nhiemky.yaml" --loai KH --ngay 2023-10-01
expect_out "01/KH-CĐN" "term starts at 01"
run so next --db "$db" --profile "$P/nhiemky.yaml" --loai BC --ngay 2024-01-02
expect_out "02/BC-CĐN" "shared counter, no yearly reset"
run so next --db "$db" --profile "$P/nhiemky.yaml" --loai KH \
    --nhiem-ky-bat-dau 2028-10-01 --ngay 2028-10-01
expect_out "01/KH-CĐN" "a new term (option over profile)"
run so next --db "$db" --profile "$P/bad_reset.yaml" --loai KH
expect_rc 1 "a bad profile"
expect_err_has "bad_reset.yaml:3:10: error: bad numbering rule" \
    "bad profile value at file:line:col"
run so next --db "$db" --profile "$P/none.yaml" --loai KH
expect_rc 1 "a missing profile"

# ---- keys, reserve, issue, cancel ------------------------------------------

run so next --db "$db" $LC --loai TB --key "tb.md#7"
expect_out "01/TB-LĐLĐ" "keyed"
run so next --db "$db" $LC --loai TB --ma "tb.md#7"
expect_out "01/TB-LĐLĐ" "same key, same number"
run so next --db "$db" $LC --loai TB --key "tb.md#7" --new-number
expect_out "02/TB-LĐLĐ" "--new-number"
run so next --db "$db" $LC --loai BC --key "tb.md#7"
expect_rc 1 "key of another type"
run so show --db "$db" 01/TB-LĐLĐ
expect_out_has "trang_thai	issued" "the old number stays issued"

run so reserve --db "$db" $LC --loai QĐ --trich-yeu "Dự thảo khen thưởng"
expect_rc 0 "reserve"
expect_out "01/QĐ-LĐLĐ" "reserved symbol"
run so list --db "$db" --trang-thai reserved
expect_out "01	01/QĐ-LĐLĐ	2023-11-14	QĐ	reserved	0	Dự thảo khen thưởng" \
    "reserved shows in the list"
run so next --db "$db" $LC --loai QĐ
expect_out "02/QĐ-LĐLĐ" "a reserved number is not given again"
run so issue --db "$db" 01/QĐ-LĐLĐ --ngay 2023-11-20 --nguoi-ky "Nguyễn Văn A" \
    --noi-nhan "Như trên; Lưu: VT"
expect_rc 0 "issue"
expect_out "01/QĐ-LĐLĐ" "issue prints the symbol"
run so issue --db "$db" 01/QĐ-LĐLĐ
expect_rc 1 "issue twice"
run so cancel --db "$db" 02/QĐ-LĐLĐ --ly-do "Sai thể thức"
expect_rc 0 "cancel"
expect_out "02/QĐ-LĐLĐ" "cancel prints the symbol"
run so cancel --db "$db" 02/QĐ-LĐLĐ --ly-do "again"
expect_rc 1 "cancel twice"
run so next --db "$db" $LC --loai QĐ
expect_out "03/QĐ-LĐLĐ" "a cancelled number is never reused"
run so show --db "$db" 02/QĐ-LĐLĐ
expect_out_has "trang_thai	cancelled" "cancelled stays in the register"
expect_out_has "ly_do_huy	Sai thể thức" "with its reason"
run so show --db "$db" 01/QĐ-LĐLĐ
expect_out_has "ngay	2023-11-20" "issued with its date"
expect_out_has "nguoi_ky	Nguyễn Văn A" "and signer"
run so show --db "$db" 99/QĐ-LĐLĐ
expect_rc 1 "show a missing number"
expect_err_has "no such number" "missing number named"

# ---- files ------------------------------------------------------------------

printf 'fake pdf\n' >"$T_TMP/kh.pdf"
printf 'fake docx' >"$T_TMP/kh.docx"
sum_pdf=$(sha256sum "$T_TMP/kh.pdf" | cut -d' ' -f1)
run so next --db "$db" $LC --loai KH --file "$T_TMP/kh.pdf" \
    --file "$T_TMP/kh.docx" --so-trang 3 --trich-yeu 'Về việc "A", B'
expect_out "601/KH-LĐLĐ" "next with files"
run so show --db "$db" 601/KH-LĐLĐ
expect_out_has "tep	$T_TMP/kh.pdf	$sum_pdf	9" "SHA-256 and size recorded"
expect_out_has "so_trang	3" "pages recorded"
run so next --db "$db" $LC --loai KH --file "$T_TMP/none.pdf"
expect_rc 1 "a missing output file"
run so next --db "$db" $LC --loai KH
expect_out "602/KH-LĐLĐ" "a failed --file takes no number"
printf 'changed\n' >"$T_TMP/kh.pdf"
run so attach --db "$db" 602/KH-LĐLĐ "$T_TMP/kh.pdf"
expect_rc 0 "attach"
expect_out "$(sha256sum "$T_TMP/kh.pdf" | cut -d' ' -f1)	$T_TMP/kh.pdf" \
    "attach prints the digest"
run so attach --db "$db" 02/QĐ-LĐLĐ "$T_TMP/kh.pdf"
expect_rc 1 "no files for a cancelled number"
run so list --db "$db" --loai KH --nam 2023
expect_out_has "601	601/KH-LĐLĐ	2023-11-14	KH	issued	2	Về việc \"A\", B" \
    "list shows the file count"

# ---- export -----------------------------------------------------------------

run so export --db "$db" --csv "$T_TMP/so.csv" --loai KH --nam 2023
expect_rc 0 "export"
head -c 20 "$T_TMP/so.csv" | grep -q '^id,so,ky_hieu,ngay,' && pass ||
    fail "CSV header"
grep -q ',"Về việc ""A"", B",' "$T_TMP/so.csv" && pass ||
    fail "CSV quoting (RFC 4180)"
[ "$(head -n 1 "$T_TMP/so.csv" | od -An -c | tr -d ' \n' | tail -c 4)" = \
    '\r\n' ] && pass || fail "CSV lines end in CRLF"
python3 - "$T_TMP/so.csv" <<'PY' && pass || fail "CSV parses, files in one cell"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
r = [x for x in rows if x["ky_hieu"] == "601/KH-LĐLĐ"][0]
assert len(rows) == 8, len(rows)
assert r["tep"].count("\n") == 1 and r["so_trang"] == "3", r
assert r["trich_yeu"] == 'Về việc "A", B'
PY
run so export --db "$db" --csv - --bom --trang-thai cancelled
expect_rc 0 "export to stdout"
expect_out_has "Sai thể thức" "cancelled row exported"
[ "$(so export --db "$db" --csv - --bom | head -c 3 | od -An -tx1 | tr -d ' ')" \
    = efbbbf ] && pass || fail "--bom"
ls "$T_TMP" | grep -q 'so.csv.tmp' && fail "temporary CSV left" || pass

# ---- eight processes, 4,000 numbers -----------------------------------------

# On tmpfs when there is one: the test is about locking, not fsync speed.
shm=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$T_TMP" "$shm"' EXIT
cdb="$shm/c.db"
so init --db "$cdb" >/dev/null
t0=$(now_ms)
for i in 1 2 3 4 5 6 7 8; do
	so next --db "$cdb" --viet-tat LĐLĐ --loai KH --count 500 \
	    --timeout 60000 >"$T_TMP/c.$i" 2>&1 &
done
wait
t1=$(now_ms)
cat "$T_TMP"/c.? >"$T_TMP/c.all"
[ "$(wc -l <"$T_TMP/c.all")" -eq 4000 ] && pass ||
    fail "8×500: $(wc -l <"$T_TMP/c.all") lines; $(grep -v / "$T_TMP/c.all" | head -3)"
[ "$(sort -u "$T_TMP/c.all" | wc -l)" -eq 4000 ] && pass ||
    fail "8×500: numbers not distinct"
so list --db "$cdb" | cut -f1 | sort -n >"$T_TMP/c.nums"
[ "$(wc -l <"$T_TMP/c.nums")" -eq 4000 ] && pass || fail "list has 4000"
[ "$(head -n 1 "$T_TMP/c.nums")" = 01 ] &&
    [ "$(tail -n 1 "$T_TMP/c.nums")" = 4000 ] &&
    [ "$(sort -u "$T_TMP/c.nums" | wc -l)" -eq 4000 ] && pass ||
    fail "01..4000 without gaps"
run so next --db "$cdb" --viet-tat LĐLĐ --loai KH
expect_out "4001/KH-LĐLĐ" "the counter is at 4001"
[ -n "${VB_VERBOSE:-}" ] &&
    echo "reg: 4000 numbers by 8 processes in $((t1 - t0)) ms" >&2

# ---- killed between taking a number and recording its files -----------------

kdb="$T_TMP/k.db"
so init --db "$kdb" >/dev/null
# The binary itself, not the so() function: $! must be the process to kill.
VANBAN_TEST_SLEEP_AFTER_TAKE=20000 "$VANBAN" so next --db "$kdb" --viet-tat X \
    --loai KH --file "$T_TMP/kh.pdf" >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 200 ] && [ -z "$(so list --db "$kdb" 2>/dev/null)" ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid
wait $pid 2>/dev/null
run so list --db "$kdb"
expect_out "01	01/KH-X	2023-11-14	KH	issued	0	" \
    "killed after the take: recorded, no file"
run so next --db "$kdb" --viet-tat X --loai KH
expect_out "02/KH-X" "the next run continues at 02"
run so attach --db "$kdb" 01/KH-X "$T_TMP/kh.pdf"
expect_rc 0 "the file can be recorded later"

# Killed inside the transaction, while it holds the write lock.
VANBAN_TEST_SLEEP_IN_TXN=20000 "$VANBAN" so next --db "$kdb" --viet-tat X --loai KH \
    >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 200 ]; do
	so set-next --db "$kdb" --viet-tat X --timeout 1 BC=1 \
	    >/dev/null 2>"$T_TMP/probe"
	grep -q "locked" "$T_TMP/probe" && break
	sleep 0.05
	i=$((i + 1))
done
[ $i -lt 200 ] && pass || fail "the writer never held the lock"
t0=$(now_ms)
run so next --db "$kdb" --viet-tat X --loai KH --timeout 200
t1=$(now_ms)
expect_rc 1 "a locked register"
expect_err_has "locked by another process (sổ đang bị khóa)" "lock named"
[ $((t1 - t0)) -lt 3000 ] && pass || fail "lock wait took $((t1 - t0)) ms"
run so list --db "$kdb"
expect_rc 0 "readers are not blocked by the writer"
kill -9 $pid
wait $pid 2>/dev/null
[ "$(so list --db "$kdb" | wc -l)" -eq 2 ] && pass ||
    fail "killed in the transaction: nothing taken"
run so next --db "$kdb" --viet-tat X --loai KH
expect_out "03/KH-X" "no gap after the crash ($ERR)"

# ---- files that are not registers -------------------------------------------

printf 'Số: 471/KH-LĐLĐ — not a database, just text long enough\n' \
    >"$T_TMP/text.db"
run so list --db "$T_TMP/text.db"
expect_rc 1 "a text file"
expect_err_has "is not an SQLite database" "not SQLite named"
run so init --db "$T_TMP/text.db"
expect_rc 1 "init will not take over a text file"
: >"$T_TMP/empty.db"
run so next --db "$T_TMP/empty.db" --viet-tat X --loai KH
expect_rc 1 "an empty file"
expect_err_has "create one with 'vanban so init'" "empty file needs init"
python3 - "$T_TMP" <<'PY'
import sqlite3, sys
d = sys.argv[1]
c = sqlite3.connect(d + "/other.db")
c.execute("CREATE TABLE t (x)"); c.commit(); c.close()
c = sqlite3.connect(d + "/newer.db")
c.execute("PRAGMA application_id = 1447187015")
c.execute("PRAGMA user_version = 99")
c.execute("CREATE TABLE future (x)"); c.commit(); c.close()
PY
run so init --db "$T_TMP/other.db"
expect_rc 1 "another program's database"
expect_err_has "an SQLite database of another program" "foreign db named"
expect_no_file "$T_TMP/other.db-wal" "the foreign db is not touched"
run so list --db "$T_TMP/newer.db"
expect_rc 1 "a newer schema"
expect_err_has "made by a newer vanban" "newer schema named"
run so list --db "$T_TMP"
expect_rc 1 "a directory"
run so list --db "postgresql://localhost/vanban"
expect_rc 1 "PostgreSQL is not built in"
expect_err_has "not built in" "backend named"

# Read-only: as root, run as nobody (root may write anyway).
mkdir "$T_TMP/ro" && cp "$kdb" "$T_TMP/ro/r.db" && chmod 0444 "$T_TMP/ro/r.db"
chmod 0755 "$T_TMP" "$T_TMP/ro"
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
run as_user "$VANBAN" so next --db "$T_TMP/ro/r.db" --viet-tat X --loai KH
expect_rc 1 "a read-only register"
expect_err_has "the register is read-only (sổ chỉ đọc)" "read-only named"
run as_user "$VANBAN" so list --db "$T_TMP/ro/r.db"
expect_rc 0 "a read-only register can be listed"
[ "$(echo "$OUT" | wc -l)" -eq 3 ] && pass || fail "read-only list: [$OUT]"

# ---- valgrind (slow; VB_VALGRIND=1) -----------------------------------------

if [ -n "${VB_VALGRIND:-}" ]; then
	vg="valgrind -q --leak-check=full --error-exitcode=9"
	run $vg "$VANBAN" so next --db "$db" $LC --loai KH --file "$T_TMP/kh.pdf"
	expect_rc 0 "valgrind: next"
	run $vg "$VANBAN" so list --db "$db"
	expect_rc 0 "valgrind: list"
	run $vg "$VANBAN" so export --db "$db" --csv -
	expect_rc 0 "valgrind: export"
	run $vg "$VANBAN" so show --db "$db" 01/KH-UBND
	expect_rc 0 "valgrind: show"
	run $vg "$VANBAN" so next --db "$T_TMP/text.db" --viet-tat X --loai KH
	expect_rc 1 "valgrind: a bad file"
	run $vg "$VANBAN" so next --db "$db" --profile "$P/bad_reset.yaml" --loai KH
	expect_rc 1 "valgrind: a bad profile"
fi

done_tests
