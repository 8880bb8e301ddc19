# render.sh — `vanban render`: usage errors, --dump=doc, bad input with
# file:line:col, and atomic outputs (a failed run leaves no file).
. "$VB_TOP/tests/cli/lib.sh"

umask 022

D="$VB_TOP/tests/data/doc"
P="$VB_TOP/templates/profiles"
W="$T_TMP/w"
mkdir "$W" && cd "$W" || exit 1

# ---- usage (exit 2) --------------------------------------------------------

run "$VANBAN" render
expect_rc 2 "no template"
expect_err_has "no template given" "no template named"

run "$VANBAN" render --help
expect_rc 0 "--help"
expect_out_has "usage: vanban render TEMPLATE" "--help prints usage"

run "$VANBAN" render "$D/cv.md" --frob
expect_rc 2 "unknown option"
expect_err_has "unknown option (tùy chọn không có): --frob" "unknown option named"

run "$VANBAN" render "$D/cv.md" "$D/bad.md" --dump=doc
expect_rc 2 "two templates"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml"
expect_rc 2 "nothing to do"
expect_err_has "nothing to do" "nothing to do named"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --dump=doc -o x.docx
expect_rc 2 "--dump with -o"
expect_no_file x.docx "--dump with -o writes nothing"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" -o out.txt
expect_rc 2 "unknown output type"
expect_err_has "out.txt: unknown output type" "unknown output type named"

run "$VANBAN" render "$D/cv.md" -d
expect_rc 2 "-d without a file"

run "$VANBAN" render "$D/cv.md" --dump=tree
expect_rc 2 "unknown dump"

run "$VANBAN" render "$D/cv.md" --set novalue --dump=doc
expect_rc 2 "--set without ="

# ---- --dump=doc -------------------------------------------------------------

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" --dump=doc
expect_rc 0 "dump"
expect_out_has 'so_line "Số: 1070/LĐLĐ"' "dump: number line"
expect_out_has 'date_line "Lai Châu, ngày 10 tháng 11 năm 2022"' "dump: date"
expect_out_has 'text "2.152" [value]' "dump: a value is a text run"
expect_out_has 'text "**LĐLĐ** # <b>x</b> &amp; {{ y }}" [value]' \
    "dump: markup in a value stays text"
expect_out_has '"- Lưu: VT, CSPL&QHLĐ."' "dump: Lưu last"
[ -z "$ERR" ] && pass || fail "dump: nothing on stderr: $ERR"
[ -z "$(ls -A)" ] && pass || fail "dump writes no file: $(ls -A)"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" \
    --set ket_qua=100 --dump=doc
expect_rc 0 "--set"
expect_out_has 'text "100" [value]' "--set replaces a data value"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" --dump=merge
expect_rc 0 "--dump=merge"
expect_out_has "Toàn tỉnh đã có" "merge dump shows the expanded text"

# The profile is found from the working directory too (templates/profiles).
(cd "$VB_TOP" && "$VANBAN" render tests/data/doc/cv.md \
    -d tests/data/doc/cv.yaml --dump=doc >/dev/null 2>&1)
[ $? -eq 0 ] && pass || fail "profile found under ./templates/profiles"

# ---- bad input (exit 1, file:line:col, no output) ---------------------------

run "$VANBAN" render "$D/bad.md" --profiles "$P" -o out.docx
expect_rc 1 "bad template"
expect_err_has "bad.md:4:1: error: unknown key (khóa không có): so_ in the front matter; did you mean so?" \
    "bad template: file:line:col and a hint"
expect_no_file out.docx "bad template: no output"

run "$VANBAN" render "$D/cv.md" -d "$D/nonexistent.yaml" --profiles "$P" \
    --dump=doc
expect_rc 1 "missing data file"
[ -z "$OUT" ] && pass || fail "missing data: nothing dumped"

run "$VANBAN" render "$T_TMP/none.md" --dump=doc
expect_rc 1 "missing template"
expect_err_has "cannot read file" "missing template named"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" --strict \
    --set don_vi=x --dump=doc
expect_rc 0 "--strict without warnings"

# ---- atomic outputs ----------------------------------------------------------

# The second output cannot be made (no such directory): the first one,
# already written to its temporary file, must not appear either.
echo "old" > keep.docx
run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" \
    -o keep.docx -o nodir/out.pdf
expect_rc 1 "an output that fails fails the run"
expect_err_has "nodir/out.pdf" "the failing output is named"
[ "$(cat keep.docx)" = "old" ] && pass ||
    fail "an existing output is untouched when the run fails"
[ -z "$(ls -A | grep -v '^keep.docx$')" ] && pass ||
    fail "no temporary file left: $(ls -A)"
rm -f keep.docx

# Bad input with outputs asked for: nothing written.
run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" \
    --set ket_qua.x=1 -o out.pdf -o out.docx
expect_rc 1 "bad --set"
[ -z "$(ls -A)" ] && pass || fail "no output after bad data: $(ls -A)"

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" -o out.pdf \
    -o out.docx
expect_rc 0 "PDF and DOCX written"
[ "$(head -c 5 out.pdf 2>/dev/null)" = "%PDF-" ] && pass ||
    fail "out.pdf is a PDF"
[ "$(head -c 2 out.docx 2>/dev/null)" = "PK" ] && pass ||
    fail "out.docx is a zip package (with PDF)"
umask_files=$(find . -name 'out.*' -perm -0044 | wc -l)
[ "$umask_files" -eq 2 ] && pass || fail "outputs are readable (umask 022)"
rm -f out.pdf out.docx

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" -o out.docx
expect_rc 0 "DOCX written"
[ "$(head -c 2 out.docx 2>/dev/null)" = "PK" ] && pass ||
    fail "out.docx is a zip package"
[ -z "$(ls -A | grep -v '^out.docx$')" ] && pass ||
    fail "only out.docx: $(ls -A)"
rm -f out.docx

run "$VANBAN" render "$D/cv.md" -d "$D/cv.yaml" --profiles "$P" \
    -o nodir/out.docx
expect_rc 1 "output directory missing"
expect_err_has "nodir/out.docx" "the output is named"

# ---- the seed 000 sample: its dump is golden ---------------------------------

(cd "$VB_TOP" && "$VANBAN" render samples/cv-1070/cv-1070.md \
    $(cat samples/cv-1070/args) --profiles templates/profiles --dump=doc \
    >"$W/cv-1070.doc.txt" 2>"$W/cv-1070.err")
[ $? -eq 0 ] && pass || fail "sample cv-1070: $(cat "$W/cv-1070.err")"
if cmp -s "$W/cv-1070.doc.txt" "$VB_TOP/samples/cv-1070/cv-1070.doc.txt"; then
	pass
else
	fail "sample cv-1070 dump differs:
$(diff "$VB_TOP/samples/cv-1070/cv-1070.doc.txt" "$W/cv-1070.doc.txt" | head -20)"
fi
rm -f "$W/cv-1070.doc.txt" "$W/cv-1070.err"

done_tests
