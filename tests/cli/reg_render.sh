# reg_render.sh — `so: auto` at render time (render_so.c) and the register
# printed as a document (`vanban so in`, templates/so-dang-ky.md): the
# same document keeps its number, --new-number and other keys take the
# next ones, the number is in the PDF and the DOCX, the files are
# recorded with their SHA-256, a failed write leaves the number without
# files, and the printed book has the ND30 columns on landscape pages.
. "$VB_TOP/tests/cli/lib.sh"

export SOURCE_DATE_EPOCH=1700000000     # 2023-11-14
unset VANBAN_DB VANBAN_TEST_SLEEP_AFTER_TAKE VANBAN_TEST_SLEEP_IN_TXN
P="$VB_TOP/tests/data/regdoc"
PROF="$VB_TOP/templates/profiles/ldld-lai-chau.yaml"
db="$T_TMP/r.db"
O="$T_TMP/docs"
mkdir -p "$O"
render() {
	"$VANBAN" render "$P/kh.md" -d "$P/kh.yaml" \
	    --profiles "$VB_TOP/templates/profiles" --db "$db" "$@"
}
so() { "$VANBAN" so "$@"; }
pdftext() { pdftotext "$1" - 2>/dev/null | tr '\n' ' '; }
docxtext() { unzip -p "$1" word/document.xml | sed 's/<[^>]*>//g'; }
# The number of entries in the register, and the files of one symbol.
count() { so list --db "$db" | wc -l | tr -d ' '; }
files_of() { so list --db "$db" | awk -F'\t' -v k="$1" '$2 == k { print $6 }'; }

# ---- no register -----------------------------------------------------------

run render -o "$O/a.pdf"
expect_rc 1 "so: auto without a register"
expect_err_has "--db" "the missing register names --db"
expect_err_has "so init" "the missing register says how to make one"
expect_no_file "$O/a.pdf" "no output without a register"
run "$VANBAN" render "$P/kh.md" -d "$P/kh.yaml" --dump=doc \
    --profiles "$VB_TOP/templates/profiles" --db "$db"
expect_rc 0 "a dump takes no number and needs no register"
expect_err_has "'so: auto'" "the dump warns that the number is blank"
expect_no_file "$db" "the dump made no register"

run so init --db "$db" --profile "$PROF"
expect_rc 0 "so init"

# ---- the number in the document -----------------------------------------------

run render -o "$O/a.pdf" -o "$O/a.docx"
expect_rc 0 "render with so: auto"
t=$(pdftext "$O/a.pdf")
case "$t" in *"Số: 01/KH-LĐLĐ"*) pass ;;
    *) fail "the PDF lacks Số: 01/KH-LĐLĐ: $t" ;; esac
case "$t" in *"Kế hoạch số 01/KH-LĐLĐ ngày 06 tháng 11 năm 2023"*) pass ;;
    *) fail "the annex's Kèm theo line lacks the number: $t" ;; esac
case "$(docxtext "$O/a.docx")" in *"Số: 01/KH-LĐLĐ"*) pass ;;
    *) fail "the DOCX lacks Số: 01/KH-LĐLĐ" ;; esac
[ "$(count)" = 1 ] && pass || fail "one number after one render: $(count)"

run render -o "$O/a.pdf" -o "$O/a.docx"
expect_rc 0 "the same document again"
case "$(pdftext "$O/a.pdf")" in *"Số: 01/KH-LĐLĐ"*) pass ;;
    *) fail "the same document lost its number" ;; esac
[ "$(count)" = 1 ] && pass || fail "rendering again took a number: $(count)"

# The files, their SHA-256 and the page count.
run so show --db "$db" 01/KH-LĐLĐ
expect_rc 0 "so show"
for f in a.pdf a.docx; do
	sum=$(sha256sum "$O/$f" | cut -d' ' -f1)
	expect_out_has "$O/$f	$sum" "so show has $f with its SHA-256"
done
pages=$(pdfinfo "$O/a.pdf" | awk '/^Pages:/ { print $2 }')
expect_out_has "so_trang	$pages" "so show has the PDF's $pages pages"
expect_out_has "ma	$P/kh.md" "the key is the template path"
expect_out_has "noi_nhan	Tổng Liên đoàn Lao động Việt Nam; LĐLĐ các huyện, thành phố; Lưu: VT, TG" \
    "Nơi nhận recorded"
[ "$(files_of 01/KH-LĐLĐ)" = 2 ] && pass || fail "so list: 2 files"

run render --new-number -o "$O/b.pdf"
expect_rc 0 "--new-number"
case "$(pdftext "$O/b.pdf")" in *"Số: 02/KH-LĐLĐ"*) pass ;;
    *) fail "--new-number did not give 02" ;; esac

run render --key ho-so-1 -o "$O/k1.pdf"
expect_rc 0 "--key ho-so-1"
run render --key ho-so-2 -o "$O/k2.pdf"
expect_rc 0 "--key ho-so-2"
case "$(pdftext "$O/k1.pdf") / $(pdftext "$O/k2.pdf")" in
    *"Số: 03/KH-LĐLĐ"*" / "*"Số: 04/KH-LĐLĐ"*) pass ;;
    *) fail "two keys did not get 03 and 04" ;; esac
run render --key ho-so-1 -o "$O/k1.pdf"
case "$(pdftext "$O/k1.pdf")" in *"Số: 03/KH-LĐLĐ"*) pass ;;
    *) fail "a key lost its number" ;; esac
[ "$(count)" = 4 ] && pass || fail "four numbers: $(count)"

# ma: in the front matter names the document, wherever the template is.
sed 's/^so: auto$/so: auto\nma: ke-hoach-thang-cong-nhan/' "$P/kh.md" \
    >"$T_TMP/kh-ma.md"
cp "$T_TMP/kh-ma.md" "$T_TMP/kh-ma2.md"
for t in kh-ma kh-ma2; do
	run "$VANBAN" render "$T_TMP/$t.md" -d "$P/kh.yaml" --db "$db" \
	    --profiles "$VB_TOP/templates/profiles" -o "$O/$t.pdf"
	expect_rc 0 "render $t with ma:"
	case "$(pdftext "$O/$t.pdf")" in *"Số: 05/KH-LĐLĐ"*) pass ;;
	    *) fail "$t: ma: did not keep 05" ;; esac
done

# --so auto on the command line, over a template with a fixed number.
sed 's/^so: auto$/so: 12/' "$P/kh.md" >"$T_TMP/kh12.md"
run "$VANBAN" render "$T_TMP/kh12.md" -d "$P/kh.yaml" --db "$db" \
    --profiles "$VB_TOP/templates/profiles" --so auto -o "$O/so.pdf"
expect_rc 0 "--so auto"
case "$(pdftext "$O/so.pdf")" in *"Số: 06/KH-LĐLĐ"*) pass ;;
    *) fail "--so auto did not take 06" ;; esac

# ---- a failure after the take ------------------------------------------------

run render --key hong -o "$O/missing-dir/x.pdf" -o "$O/x.docx"
expect_rc 1 "an output in a missing directory"
expect_no_file "$O/x.docx" "no output file after the failure"
expect_err_has "07/KH-LĐLĐ stays in the register" "the kept number is named"
[ "$(files_of 07/KH-LĐLĐ)" = 0 ] && pass ||
    fail "07 should be recorded with 0 files: $(so list --db "$db")"
run render --key hong -o "$O/x.pdf"
expect_rc 0 "the rerun"
case "$(pdftext "$O/x.pdf")" in *"Số: 07/KH-LĐLĐ"*) pass ;;
    *) fail "the rerun did not get 07 back" ;; esac
[ "$(files_of 07/KH-LĐLĐ)" = 1 ] && pass || fail "07 has its file now"

# ---- the register printed ------------------------------------------------------

run so cancel --db "$db" 02/KH-LĐLĐ --ly-do "Trùng số"
expect_rc 0 "so cancel"
run so reserve --db "$db" --profile "$PROF" --loai BC --ngay 2023-11-20 \
    --trich-yeu "Kết quả Tháng Công nhân"
expect_rc 0 "so reserve"
run so in --db "$db" --profile "$PROF"
expect_rc 2 "so in without -o"
run so in --db "$db" --profile "$PROF" -o "$O/so.txt"
expect_rc 2 "so in to .txt"
run so in --db "$db" -o "$O/so.pdf"
expect_rc 2 "so in without --profile"
run so in --db "$T_TMP/none.db" --profile "$PROF" -o "$O/none.pdf"
expect_rc 1 "so in without a register"
expect_no_file "$O/none.pdf" "so in wrote nothing without a register"

run so in --db "$db" --profile "$PROF" --nam 2023 -o "$O/so.pdf" \
    -o "$O/so.docx"
expect_rc 0 "so in"
t=$(pdftext "$O/so.pdf")
for s in "SỔ ĐĂNG KÝ VĂN BẢN ĐI" "TT" "Số, ký hiệu văn" \
    "Tên loại và trích yếu nội dung" "Người ký" "Nơi nhận văn bản" \
    "Đơn vị," "bản lưu" "Ghi chú" "01/KH-LĐLĐ" "07/KH-LĐLĐ" "01/BC-LĐLĐ" \
    "06/11/2023" "Kế hoạch Tổ chức Tháng" "Trinh" \
    "Đã hủy: Trùng số" "Giữ số" "VT, TG" "gồm 8 số"; do
	case "$t" in *"$s"*) pass ;; *) fail "the printed register lacks [$s]" ;; esac
done
sizes=$(pdfinfo -f 1 -l 9 "$O/so.pdf" | awk '/^Page .* size:/ { printf "%s ", $4 "x" $6 }')
case "$sizes" in "595.276x841.89 841.89x595.276"*) pass ;;
    *) fail "want a portrait cover then landscape pages: $sizes" ;; esac
case "$(docxtext "$O/so.docx")" in *"Đã hủy: Trùng số"*"Giữ số"*) pass ;;
    *) fail "the DOCX register lacks its rows" ;; esac
unzip -p "$O/so.docx" word/document.xml | grep -q 'w:orient="landscape"' &&
    pass || fail "the DOCX register has no landscape section"

run so in --db "$db" --profile "$PROF" --loai KH -o "$O/so-kh.pdf"
expect_rc 0 "so in --loai KH"
t=$(pdftext "$O/so-kh.pdf")
case "$t" in *"từ số 01 đến số 07"*) pass ;;
    *) fail "one counter: the first and last number: $t" ;; esac
case "$t" in *"01/BC-LĐLĐ"*) fail "--loai KH printed a BC" ;; *) pass ;; esac

done_tests
