# templates.sh — every ready template in templates/ renders, as PDF and
# DOCX, with its example data in templates/examples/, and the key lines
# (computed figures, amounts in words, the QĐ's "QUYẾT ĐỊNH:") appear in
# the text pdftotext extracts.
. "$VB_TOP/tests/cli/lib.sh"

TP="$VB_TOP/templates"
EX="$TP/examples"

# render NAME TEMPLATE DATA: renders to $T_TMP/NAME.pdf and .docx, checks
# the exit status and the files, and leaves the extracted text in $OUT.
render() {
	run "$VANBAN" render "$TP/$2.md" -d "$EX/$3.yaml" \
	    -o "$T_TMP/$1.pdf" -o "$T_TMP/$1.docx"
	expect_rc 0 "$1 renders"
	[ -s "$T_TMP/$1.pdf" ] && pass || fail "$1: no PDF"
	[ -s "$T_TMP/$1.docx" ] && unzip -tq "$T_TMP/$1.docx" >/dev/null 2>&1 &&
	    pass || fail "$1: no valid DOCX"
	run pdftotext -enc UTF-8 "$T_TMP/$1.pdf" -
	# Join the lines, so a phrase split by line breaking still matches.
	OUT=$(printf '%s' "$OUT" | tr '\n' ' ')
}

# Each ready template of a document kind has its example data.
for name in cong-van ke-hoach bao-cao giay-moi quyet-dinh-khen-thuong; do
	[ -f "$TP/$name.md" ] && [ -f "$EX/$name.yaml" ] && pass ||
	    fail "$name: no template or no example $EX/$name.yaml"
done

render cv cong-van cong-van
expect_out_has "V/v Đẩy mạnh cập nhật sáng kiến" "cv: V/v line"
expect_out_has "218/470 (46%)" "cv: computed total and rate"
expect_out_has "BIỂU TỔNG HỢP" "cv: annex from the unit table"
expect_out_has "- Như trên;" "cv: Nơi nhận"

render kh ke-hoach ke-hoach
expect_out_has "I. MỤC ĐÍCH, YÊU CẦU" "kh: section I"
expect_out_has "III. TỔ CHỨC THỰC HIỆN" "kh: section III"
expect_out_has "DANH SÁCH" "kh: annex"
expect_out_has "Kế hoạch số 471/KH-LĐLĐ" "kh: Kèm theo line"

render bc bao-cao bao-cao
expect_out_has "có 2.687 sáng kiến" "bc: computed total"
expect_out_has "đạt 116,8% chỉ tiêu" "bc: computed rate"
expect_out_has "Giai đoạn 1: 1.775/1.200 sáng kiến, đạt 147,9%" "bc: phase result"
expect_out_has "trước 73 ngày" "bc: days ahead of schedule"
expect_out_has "Có 09/12 đơn vị" "bc: units over target"

render gm giay-moi giay-moi
expect_out_has "GIẤY MỜI" "gm: title"
expect_out_has "Thời gian: 08 giờ 00, ngày 18 tháng 9 năm 2023." "gm: time"
expect_out_has "- Các tập thể, cá nhân có sáng kiến tiêu biểu." "gm: list of bodies"

render gm1 giay-moi giay-moi-mot-nguoi
expect_out_has "kính mời: Ông Lò Văn" "gm1: one invitee"
expect_out_has "Rất mong Ông tham dự" "gm1: form of address"

render qd quyet-dinh-khen-thuong quyet-dinh-khen-thuong
expect_out_has "QUYẾT ĐỊNH:" "qd: QUYẾT ĐỊNH:"
expect_out_has "Xét đề nghị của Ban Chính sách pháp luật và Quan hệ lao động." "qd: last căn cứ ends with ."
expect_out_has "Tổng số tiền thưởng: 5.000.000 đồng. Bằng chữ: Năm triệu đồng." "qd: total and Bằng chữ"
expect_out_has "03 tập thể và 04 cá nhân" "qd: counts"
expect_out_has "I. TẬP THỂ" "qd: group I"
expect_out_has "II. CÁ NHÂN" "qd: group II"
expect_out_has "- Như Điều 3;" "qd: Nơi nhận"
# Individuals sorted by given name: Ánh, Chung, Ngọc, Páo.
case "$OUT" in
*"Bùi Thị Ánh"*"Lường Văn Chung"*"Đỗ Thị Bích Ngọc"*"Sùng A Páo"*) pass ;;
*) fail "qd: individuals not sorted by given name" ;;
esac

# A template without a number renders a draft (số để trống).
run "$VANBAN" render "$TP/giay-moi.md" -d "$EX/giay-moi.yaml" \
    --set van_ban.so= -o "$T_TMP/draft.pdf"
expect_rc 0 "draft renders"
run pdftotext -enc UTF-8 "$T_TMP/draft.pdf" -
expect_out_has "/GM-LĐLĐ" "draft: blank number"

done_tests
