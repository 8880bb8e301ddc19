# data.sh — data sources on the command line: -d FILE, -d NAME=FILE,
# --set, and bad data reported at file:line:col with exit 1.
. "$VB_TOP/tests/cli/lib.sh"

D="$VB_TOP/tests/data/data"
P="$VB_TOP/templates/profiles"
cd "$T_TMP" || exit 1

# render the test template with the profiles of the repository
render() { run "$VANBAN" render "$D/t.md" --profiles "$P" "$@"; }

render -d "$D/chung.yaml" -d "kh=$D/ke-hoach.yaml" \
    --set nam=2024 --dump=merge
expect_rc 0 "YAML merged, YAML named, --set"
expect_out "Tỉnh ⟦0:Lai Châu⟧ đã có ⟦1:2.300⟧ chỉ tiêu, năm ⟦2:2024⟧, ⟦3:LĐLĐ⟧." \
    "values from every source"
expect_err "" "no diagnostics"

render -d "$D/chung.yaml" -d "kh=$D/sai.yaml" \
    --dump=merge
expect_rc 1 "ambiguous number in the data"
expect_err "vanban: $D/sai.yaml:2:11: error: ambiguous number (số không rõ): 2.300 could be read as a thousands separator or a decimal point: write it without dots (2300) or as a decimal (2.3), or quote it
     2 | chi_tieu: 2.300
       |           ^~~~~" "file:line:col with a caret"
expect_out "" "nothing merged"

render -d "$D/chung.yaml" -d "kh=$D/ke-hoach.yaml" \
    --set nam=2.300 --dump=merge
expect_rc 1 "ambiguous --set"
expect_err_has "vanban: note: in --set nam=2.300" "--set named"

render -d "$D/chung.yaml" -d "$D/trung.yaml" \
    --dump=merge
expect_rc 1 "a key bound by two files"
expect_err_has "trung.yaml:2:6: error: data name bound twice (tên dữ liệu trùng): 'nam' is already bound by an earlier source" \
    "duplicate across files"

render -d "kh=$D/khong-co.yaml" --dump=merge
expect_rc 1 "missing data file"
expect_err_has "cannot read file (không đọc được tệp): $D/khong-co.yaml: No such file or directory" \
    "missing file named"

render -d "$D/chung.yaml" -d "kh=$D/don-vi.json" \
    --set kh.chi_tieu=5 --dump=merge
expect_rc 1 "--set into a list"
expect_err_has "'kh' is a list, not a map" "--set through a list"

done_tests
