# seed_numbers.sh — the register gives the seeds their own numbers: an
# office that has issued up to 470 plans and 1069 letters in the term
# starts its book there, and the samples rendered with `--so auto` come
# out as 471/KH-LĐLĐ and 1070/LĐLĐ, recorded with their files.
. "$VB_TOP/tests/cli/lib.sh"

db="$T_TMP/so.db"
run "$VANBAN" so init --db "$db" \
    --profile "$VB_TOP/templates/profiles/ldld-lai-chau.yaml" \
    --bat-dau KH=471 --bat-dau CV=1070
expect_rc 0 "so init with the office's next numbers"

for n in kh-471 cv-1070; do
	# shellcheck disable=SC2046
	run sh -c "cd '$VB_TOP' && '$VANBAN' render samples/$n/$n.md \
	    $(cat "$VB_TOP/samples/$n/args") --so auto --db '$db' \
	    -o '$T_TMP/$n.pdf'"
	expect_rc 0 "$n renders with a number from the register"
done
pdftotext "$T_TMP/kh-471.pdf" - | grep -q "^Số: 471/KH-LĐLĐ$" && pass ||
    fail "kh-471 is not numbered 471/KH-LĐLĐ"
pdftotext "$T_TMP/kh-471.pdf" - | grep -q "Kèm theo Kế hoạch số 471/KH-LĐLĐ" &&
    pass || fail "the annex's Kèm theo line lacks the number"
pdftotext "$T_TMP/cv-1070.pdf" - | grep -q "^Số: 1070/LĐLĐ$" && pass ||
    fail "cv-1070 is not numbered 1070/LĐLĐ"
run "$VANBAN" so list --db "$db"
expect_out_has "471/KH-LĐLĐ	2023-09-06	KH	issued	1" "the plan is in the book with its file"
expect_out_has "1070/LĐLĐ	2022-11-10	CV	issued	1" "and the letter"

done_tests
