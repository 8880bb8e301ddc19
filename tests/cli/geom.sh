# geom.sh — the ND30 geometry checker measures what it claims: a letter
# laid out by the profile passes, and the same letter with a margin or a
# size outside ND30's ranges fails on exactly that check.
. "$VB_TOP/tests/cli/lib.sh"

command -v mutool >/dev/null 2>&1 || { echo "geom: mutool missing; skipped"; done_tests; exit; }
CHECK="$VB_TOP/tests/geom/nd30check.py"
T="$VB_TOP/tests/data/geom/letter.md"

# variant NAME KEY-LINE: the letter with one more front-matter line.
variant() {
	sed "2a\\
$2" "$T" >"$T_TMP/$1.md"
	(cd "$VB_TOP" && "$VANBAN" render "$T_TMP/$1.md" --set ket_qua=2152 \
	    --set chi_tieu=2300 -o "$T_TMP/$1.pdf") 2>/dev/null
}

variant good "hoa: moi"
run python3 "$CHECK" --cong-van "$T_TMP/good.pdf"
expect_rc 0 "the letter passes$(printf '\n%s' "$OUT" | grep FAIL)"
expect_out_has "PASS B7 rule under the Tiêu ngữ" "the Tiêu ngữ rule is measured"

# --dump=layout shows the positioned pages and how far the total-fit
# breaker had to stretch word spaces.
run sh -c "cd '$VB_TOP' && '$VANBAN' render '$T' --set ket_qua=2152 --set chi_tieu=2300 --dump=layout"
expect_rc 0 "--dump=layout"
expect_out_has "page 1 595.28 841.89" "the A4 page is dumped"
expect_out_has "spacing: " "and the spread of word spaces"

variant left25 "le_mm: [20, 20, 25, 15]"
run python3 "$CHECK" --cong-van "$T_TMP/left25.pdf"
expect_rc 1 "a 25 mm left margin fails"
expect_out_has "FAIL A2 page 1 left margin 30-35 mm: 25.0 mm" "and says so"

variant top15 "le_mm: [15, 20, 30, 15]"
run python3 "$CHECK" --cong-van "$T_TMP/top15.pdf"
expect_rc 1 "a 15 mm top margin fails"
expect_out_has "FAIL A2 page 1 top margin" "and says so"

variant body12 "co_chu_van_ban: 12"
run python3 "$CHECK" --cong-van "$T_TMP/body12.pdf"
expect_rc 1 "a 12 pt body fails"
expect_out_has "FAIL C14 body text 13-14 pt: 12.00 pt" "and says so"

done_tests
