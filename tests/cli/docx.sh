# docx.sh — the DOCX writer end to end: the sample packages of t_docx and
# a rendered template pass tests/docx_check.py (parts, content types,
# relationships, ECMA-376 schemas, cross-part and ND30 checks), the bytes
# are stable, and LibreOffice (when installed) opens them with the pages
# ND30 asks for.
. "$VB_TOP/tests/cli/lib.sh"

B=$(dirname "$VANBAN")
T="$B/tests/t_docx"
CHECK="$VB_TOP/tests/docx_check.py"
XSD="$VB_TOP/../shared/ooxml-xsd"

if [ ! -x "$T" ] || ! command -v python3 >/dev/null 2>&1; then
	echo "docx: $T or python3 missing; skipped"
	done_tests
	exit
fi
[ -f "$XSD/wml.xsd" ] ||
	echo "docx: no schemas in $XSD; schema validation skipped"

mkdir -p "$T_TMP/a" "$T_TMP/b"
run "$T" --write "$T_TMP/a"
expect_rc 0 "t_docx writes the sample packages"
run "$T" --write "$T_TMP/b"
cmp -s "$T_TMP/a/letter.docx" "$T_TMP/b/letter.docx" &&
    cmp -s "$T_TMP/a/plan.docx" "$T_TMP/b/plan.docx" && pass ||
    fail "the same document gives different bytes"

run python3 "$CHECK" --schemas "$XSD" --nd30 "$T_TMP/a/letter.docx" \
    "$T_TMP/a/plan.docx"
expect_rc 0 "docx_check on the samples${OUT:+: $OUT}"

# The checker itself fails on a broken package.
python3 - "$T_TMP/a/plan.docx" "$T_TMP/broken.docx" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, 'w') as o:
    for i in z.infolist():
        data = z.read(i.filename)
        if i.filename == 'word/document.xml':
            data = data.replace(b'<w:gridSpan w:val="3"/>',
                                b'<w:gridSpan w:val="4"/>', 1)
            data = data.replace('<w:t xml:space="preserve">KẾ'.encode(),
                                '<w:t>KẾ'.encode(), 1)
        if i.filename != 'word/header2.xml':
            o.writestr(i, data)
EOF
run python3 "$CHECK" --schemas "$XSD" "$T_TMP/broken.docx"
expect_rc 1 "docx_check fails a broken package"
expect_out_has "spans 6 of 5 columns" "gridSpan sum checked"
expect_out_has "without xml:space" "xml:space checked"
expect_out_has "missing word/header2.xml" "relationships checked"

# Through the command line: a kế hoạch with a landscape annex.
cat >"$T_TMP/kh.md" <<'EOF'
---
loai: ke_hoach
to_chuc: ldld-lai-chau
so: 471
ngay: 2023-09-06
trich_yeu: Tổng kết thực hiện Chương trình “01 triệu sáng kiến”
nguoi_ky: { chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Lương Xuân Trường }
noi_nhan: [Tổng Liên đoàn, "TT: Tỉnh ủy, UBND tỉnh"]
luu: VT, Ban CSPL&QHLD
---
Thực hiện Hướng dẫn số 82/HD-LĐLĐ.

# Mục đích, yêu cầu

- Nhằm đẩy mạnh phát huy sáng kiến;
- Tổng kết, đánh giá khách quan.

Trên đây là Kế hoạch tổng kết.

\phuluc ngang
Danh sách
Tập thể, cá nhân báo cáo tham luận

- Liên đoàn Lao động huyện Nậm Nhùn.
EOF
run "$VANBAN" render "$T_TMP/kh.md" --profiles "$VB_TOP/templates/profiles" \
    -o "$T_TMP/kh.docx"
expect_rc 0 "vanban render -o kh.docx"
run python3 "$CHECK" --schemas "$XSD" --nd30 "$T_TMP/kh.docx"
expect_rc 0 "docx_check on a rendered template${OUT:+: $OUT}"

# LibreOffice: page count, text on the pages, landscape annex pages,
# header rows repeated, page numbers only from page 2.
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext \
    >/dev/null 2>&1; then
	echo "docx: soffice or pdftotext missing; LibreOffice checks skipped"
	done_tests
	exit
fi
run timeout 90 soffice --headless --norestore \
    "-env:UserInstallation=file://$T_TMP/lo" --convert-to pdf \
    --outdir "$T_TMP/a" "$T_TMP/a/letter.docx" "$T_TMP/a/plan.docx"
expect_rc 0 "LibreOffice converts the samples"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
size() { pdfinfo -f "$2" -l "$2" "$1" 2>/dev/null |
    awk '/^Page.*size:/ { printf "%d x %d", $4, $6 }'; }
page() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }
L="$T_TMP/a/letter.pdf"
P="$T_TMP/a/plan.pdf"
[ "$(pages "$L")" = 3 ] && pass || fail "letter: $(pages "$L") pages, want 3"
[ "$(pages "$P")" = 5 ] && pass || fail "plan: $(pages "$P") pages, want 5"
want_size() {
	[ "$(size "$1" "$2")" = "$3" ] && pass ||
	    fail "$4: $(size "$1" "$2"), want $3"
}
want_size "$L" 1 "595 x 841" "page 1 A4 portrait"
want_size "$L" 2 "841 x 595" "annex landscape"
want_size "$P" 2 "595 x 841" "annex I portrait"
OUT=$(page "$L" 1)
expect_out_has "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Quốc hiệu on page 1"
expect_out_has "Độc lập - Tự do - Hạnh phúc" "Tiêu ngữ"
expect_out_has "Lai Châu, ngày 10 tháng 11 năm 2022" "date"
expect_out_has "Kính gửi:" "Kính gửi"
expect_out_has "Nguyễn Thị Hoa" "signer on page 1"
# Page 1 has no number: its first text line is the header block.
first=$(printf '%s\n' "$OUT" | sed -n '/[^[:space:]]/{p;q}')
case "$first" in
*"TỔNG LIÊN ĐOÀN"*) pass ;;
*) fail "page 1 starts with [$first]" ;;
esac
# Annex page 2: the header rows again, and the page number 2.
OUT=$(page "$L" 3)
expect_out_has "Chỉ tiêu" "header rows repeated on the annex's page 2"
first=$(printf '%s\n' "$OUT" | sed -n '/[^[:space:]]/{p;q}' | tr -d ' ')
[ "$first" = 2 ] && pass || fail "annex page 2 numbered [$first]"
OUT=$(page "$L" 2)
expect_out_has "(Kèm theo Công văn số 1070/LĐLĐ" "Kèm theo line"
first=$(printf '%s\n' "$OUT" | sed -n '/[^[:space:]]/{p;q}')
case "$first" in
*"BIỂU TỔNG HỢP"*) pass ;;
*) fail "annex page 1 starts with [$first]" ;;
esac

done_tests
