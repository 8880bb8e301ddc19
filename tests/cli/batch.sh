# batch.sh — `vanban batch`: one document per record, the same bytes
# whatever the number of workers, failed records reported while the others
# are written, output names checked before anything is written, shards,
# --one-file, and no progress bar when stderr is not a terminal.
. "$VB_TOP/tests/cli/lib.sh"

cd "$VB_TOP" || exit 1
D=tests/data/batch
O=$T_TMP/o
B() { run "$VANBAN" batch $D/moi.md "$@"; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

# N records, N files with the right names and texts; quiet on success.
B -d $D/khach.yaml --each khach -o "$O/j1/moi-{{ stt }}.pdf" \
    -o "$O/j1/moi-{{ stt }}.docx" -j 1
expect_rc 0 "5 records, -j 1"
expect_err "" "no progress bar or message when stderr is not a terminal"
n=$(ls "$O/j1" | wc -l)
[ "$n" -eq 10 ] && pass || fail "want 10 files, got $n: $(ls "$O/j1")"
i=0
for who in "Lò Văn Một" "Lò Văn Hai" "Lò Văn Ba" "Lò Văn Bốn" "Lò Văn Năm"; do
	i=$((i + 1))
	txt=$(pdftotext -enc UTF-8 "$O/j1/moi-$i.pdf" - 2>/dev/null)
	case "$txt" in
	*"Đồng chí $who"*"(khách số $i)"*) pass ;;
	*) fail "moi-$i.pdf lacks [$who] and its number" ;;
	esac
	[ "$(pages "$O/j1/moi-$i.pdf")" = 1 ] && pass || fail "moi-$i.pdf: not 1 page"
done

# -j 2 gives the same bytes, and record 1 is what `render` makes of it.
B -d $D/khach.yaml --each khach -o "$O/j2/moi-{{ stt }}.pdf" \
    -o "$O/j2/moi-{{ stt }}.docx" -j 2
expect_rc 0 "5 records, -j 2"
same=1
for f in "$O"/j1/*; do
	cmp -s "$f" "$O/j2/$(basename "$f")" || { same=0; echo "differs: $f"; }
done
[ $same -eq 1 ] && pass || fail "-j 1 and -j 2 differ"

# The record is ban_ghi too (here in the output name).
B -d $D/khach.yaml --each khach -o "$O/bg/{{ ban_ghi.don_vi }}-{{ stt }}.pdf"
expect_rc 0 "ban_ghi"
[ -f "$O/bg/Đơn vị A-1.pdf" ] && [ -f "$O/bg/Đơn vị E-5.pdf" ] && pass ||
    fail "ban_ghi: $(ls "$O/bg" 2>&1)"

# --as names the record; a field wins over a data key of the same name.
B -d $D/khach.yaml --each khach --as k --set ho_ten=X \
    -o "$O/as/{{ stt }}-{{ k.don_vi }}.pdf" -j 1
expect_rc 0 "--as k"
[ -f "$O/as/1-Đơn vị A.pdf" ] && pass || fail "--as: no 1-Đơn vị A.pdf: $(ls "$O/as" 2>&1)"
case "$(pdftotext "$O/as/1-Đơn vị A.pdf" - 2>/dev/null)" in
*"Đồng chí Lò Văn Một"*) pass ;;
*) fail "a record field does not win over --set ho_ten" ;;
esac

# A bad record: the others are written, exit 1, the message names it.
B -d $D/khach-loi.yaml --each khach -o "$O/loi/{{ stt }}.pdf" -j 2
expect_rc 1 "a record without ho_ten"
expect_err_has "khach-loi.yaml:9:5: record 3 (bản ghi 3): failed" "record 3 named with its place in the data"
expect_err_has "moi.md:16:15: error: undefined variable" "the template place of the missing field"
expect_err_has "1 of 4 records failed (bản ghi lỗi): 3" "the summary"
[ -f "$O/loi/1.pdf" ] && [ -f "$O/loi/2.pdf" ] && [ -f "$O/loi/4.pdf" ] &&
    pass || fail "the good records were not all written: $(ls "$O/loi")"
expect_no_file "$O/loi/3.pdf" "the bad record"
[ -z "$(ls -A "$O/loi" | grep '^\.')" ] && pass || fail "temporary files left"

# Names that collide, or leave the directory: nothing at all is written.
B -d $D/khach.yaml --each khach -o "$O/trung/{{ don_vi }}.pdf"
expect_rc 1 "two records give one name"
expect_err_has "Đơn vị A.pdf: several records give this output name" "collision named"
expect_no_file "$O/trung" "collision"
B -d $D/khach.yaml --each khach -o "$O/thoat/{{ ma }}.pdf"
expect_rc 1 "a name with .."
expect_err_has 'record 5 (bản ghi 5): output name' "the escaping record named"
expect_no_file "$O/thoat" "escape"
B -d $D/khach.yaml --each khach --set "goc=/tmp/vb-batch-x" -o "{{ goc }}/{{ stt }}.pdf"
expect_rc 1 "an absolute name made by an expression"
expect_err_has "absolute path" "absolute path refused"
expect_no_file /tmp/vb-batch-x "absolute"
B -d $D/khach.yaml --each khach -o "$O/ctl/{{ ho_ten }}{{ \"\\n\" }}.pdf"
[ "$RC" -ne 0 ] && pass || fail "a control character in a name is accepted"
expect_no_file "$O/ctl" "control character"

# Shards: 1/2 and 2/2 make the whole list, the same bytes.
B -d $D/khach.yaml --each khach -o "$O/sh/moi-{{ stt }}.pdf" --shard 1/2
expect_rc 0 "--shard 1/2"
n1=$(ls "$O/sh" | wc -l)
B -d $D/khach.yaml --each khach -o "$O/sh/moi-{{ stt }}.pdf" --shard 2/2
expect_rc 0 "--shard 2/2"
n2=$(ls "$O/sh" | wc -l)
[ "$n1" -eq 2 ] && [ "$n2" -eq 5 ] && pass || fail "shards wrote $n1 then $n2 files, want 2 then 5"
same=1
for i in 1 2 3 4 5; do
	cmp -s "$O/sh/moi-$i.pdf" "$O/j1/moi-$i.pdf" || same=0
done
[ $same -eq 1 ] && pass || fail "sharded files differ from the whole run"

# --one-file: every record in one PDF, one page each.
B -d $D/khach.yaml --each khach --one-file "$O/all/tat-ca.pdf"
expect_rc 0 "--one-file"
[ "$(pages "$O/all/tat-ca.pdf")" = 5 ] && pass || fail "--one-file: $(pages "$O/all/tat-ca.pdf") pages, want 5"
case "$(pdftotext "$O/all/tat-ca.pdf" - 2>/dev/null)" in
*"Lò Văn Một"*"Lò Văn Năm"*) pass ;;
*) fail "--one-file lacks the records in order" ;;
esac
B -d $D/khach-loi.yaml --each khach --one-file "$O/all/loi.pdf"
expect_rc 1 "--one-file with a bad record"
expect_no_file "$O/all/loi.pdf" "--one-file is not written when a record failed"

# On a terminal (script(1) gives one), a progress bar.
if command -v script >/dev/null 2>&1; then
	script -qc "'$VANBAN' batch $D/moi.md -d $D/khach.yaml --each khach \
	    -o '$O/tty/{{ stt }}.docx' -j 2" /dev/null >"$T_TMP/tty" 2>&1
	grep -q '\[#*\] 5/5' "$T_TMP/tty" && pass ||
	    fail "no progress bar on a terminal: $(cat "$T_TMP/tty")"
fi

# An empty list: nothing to do, said once.
B -d $D/rong.yaml --each khach -o "$O/rong/{{ stt }}.pdf"
expect_rc 0 "an empty list"
expect_err_has "no record; nothing written" "empty list said"

# Usage.
B -d $D/khach.yaml -o "$O/x.pdf"
expect_rc 2 "no --each"
B -d $D/khach.yaml --each hoi_nghi -o "$O/x/{{ stt }}.pdf"
expect_rc 1 "--each names a map"
expect_err_has "want a list of records" "--each not a list"
B -d $D/khach.yaml --each khach -o "$O/x/{{ stt }}.pdf" --shard 3/2
expect_rc 2 "--shard 3/2"
B -d $D/khach.yaml --each khach -o "$O/x/{{ stt }}.odt"
expect_rc 2 "unknown output type"
run "$VANBAN" batch --help
expect_rc 0 "--help"
expect_out_has "--each" "--help lists --each"

done_tests
