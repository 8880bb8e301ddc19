# vi.sh — `vanban vi FUNCTION ARG...`: results, messages and exit codes.
. "$VB_TOP/tests/cli/lib.sh"

V="$VANBAN"

# ok NAME WANT ARG... : runs `vanban vi ARG...`, wants exit 0 and stdout WANT.
ok() {
	name=$1 want=$2
	shift 2
	run "$V" vi "$@"
	expect_rc 0 "$name"
	expect_out "$want" "$name"
}

ok "so-chu" "Một triệu năm trăm nghìn đồng." so-chu 1500000
ok "so-chu with a unit" "Hai nghìn một trăm năm mươi hai USD." so-chu 2152 USD
ok "so-chu, unit of two words" "Mười lăm nghìn đồng Việt Nam." \
    so-chu 15000 đồng Việt Nam
ok "so-chu 0" "Không đồng." so-chu 0
ok "so-chu negative" "Âm năm nghìn đồng." so-chu -5000
ok "amount alias" "Một tỷ đồng." amount 1000000000
ok "so-chu --le" "Một trăm lẻ năm nghìn đồng." so-chu --le 105000
ok "chu" "một triệu không trăm linh năm nghìn" chu 1005000
ok "words alias" "hai mươi tư" words 24
ok "chu --ngan" "hai ngàn một trăm năm mươi hai" chu --ngan 2152
ok "chu --bon" "hai mươi bốn" chu --bon 24
ok "chu --ti" "một tỉ" chu --ti 1000000000
ok "options after arguments" "một trăm lẻ năm" chu 105 --le
ok "so" "2.152" so 2152
ok "so negative" "-2.152" so -2152
ok "so decimals" "139,6" so 139.6
ok "so fixed decimals" "2,68" so 2.675 2
ok "so half away from zero" "86" so 85.5 0
ok "number alias" "1.000.000" number 1000000
ok "ty-le" "94%" ty-le 2152 2300
ok "ty-le decimals" "139,6%" ty-le 1396 1000 1
ok "percent alias" "172%" percent 1891 1100
ok "ty-le zero denominator is empty" "" ty-le 5 0
ok "ngay" "ngày 06 tháng 9 năm 2023" ngay 2023-09-06
ok "ngay January" "ngày 05 tháng 01 năm 2020" ngay 2020-01-05
ok "ngay from D/M/YYYY" "ngày 10 tháng 11 năm 2022" ngay 10/11/2022
ok "date alias" "ngày 29 tháng 02 năm 2024" date 2024-02-29
ok "ngay-so" "13/01/2022" ngay-so 2022-01-13
ok "ngay-so" "04/8/2023" ngay-so 4/8/2023
ok "ngay-trong" "ngày         tháng        năm 2022" ngay-trong 2022
ok "noi-ngay" "Lai Châu, ngày 06 tháng 9 năm 2023" noi-ngay "Lai Châu" 2023-09-06
ok "noi-ngay draft" "Ninh Thuận, ngày         tháng        năm 2022" \
    noi-ngay "Ninh Thuận" 2022
ok "so-ngay" "333" so-ngay 03/10/2022 01/9/2023
ok "so-ngay backwards" "-333" so-ngay 2023-09-01 2022-10-03
ok "hoa" "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" hoa "Liên đoàn Lao động tỉnh Lai Châu"
ok "hoa joins words" "LIÊN ĐOÀN" hoa Liên đoàn
ok "upper alias" "Đ" upper đ
ok "thuong" "cộng hòa" thuong "CỘNG HÒA"
ok "hoa-dau" "Một triệu" hoa-dau "một triệu"
ok "la-ma" "XIV" la-ma 14
ok "roman alias" "XX" roman 20
ok "chu-cai" "đ" chu-cai 5
ok "chu-cai after y" "aa" chu-cai 24
ok "dem" "03" dem 3
ok "dem width" "0007" dem 7 4
ok "negative numbers are not options" "âm một" chu -1

# Decomposed input (macOS) is composed before anything else.
nfd=$(printf 'Vie\314\202\314\243t')
ok "chuan-hoa composes NFD" "Việt" chuan-hoa "$nfd"
ok "hoa of NFD input" "VIỆT" hoa "$nfd"

# Sorting: arguments, or the lines of standard input.
ok "sap-xep-ten" "Trần Văn An
Nguyễn Thị Bình
Lê Văn Đức" sap-xep-ten "Lê Văn Đức" "Nguyễn Thị Bình" "Trần Văn An"
printf 'Lê Văn Đức\r\nTrần Văn An\n\nNguyễn Thị Bình\n' >"$T_TMP/names"
run "$V" vi sap-xep-ten <"$T_TMP/names"
expect_rc 0 "sap-xep-ten from stdin"
expect_out "Trần Văn An
Nguyễn Thị Bình
Lê Văn Đức" "sap-xep-ten from stdin, CRLF and blank lines"
printf 'bạ\nba\nbá\nbà\n' >"$T_TMP/words"
run "$V" vi sap-xep <"$T_TMP/words"
expect_out "ba
bà
bá
bạ" "sap-xep: tones after letters, in ND30 order"
printf 'Hà Nội\nH\377u\n' >"$T_TMP/bad"
run "$V" vi sap-xep <"$T_TMP/bad"
expect_rc 1 "invalid UTF-8 on stdin"
expect_err "vanban: <stdin>:2:2: error: invalid UTF-8 (mã UTF-8 hỏng): byte 0xFF" \
    "the bad byte of stdin named by line:col"
[ -z "$OUT" ] && pass || fail "nothing on stdout after an error"

# Help.
run "$V" vi --help
expect_rc 0 "vi --help"
expect_out_has "so-chu | amount" "help names so-chu with its English name"
expect_out_has "ngay | date" "help names ngay"
expect_out_has "la-ma | roman" "help names la-ma"
expect_out_has "sap-xep-ten | sort-names" "help names sap-xep-ten"
expect_out_has "--le" "help lists the options"
[ -z "$ERR" ] && pass || fail "vi --help writes nothing to stderr"
run "$V" vi -h
expect_rc 0 "vi -h"

# Bad input: a message and exit 1.
bad() {
	name=$1 err=$2
	shift 2
	run "$V" vi "$@"
	expect_rc 1 "$name"
	expect_err "$err" "$name"
	[ -z "$OUT" ] && pass || fail "$name: nothing on stdout"
}

bad "not a number" "vanban: error: not a number (không phải là số): abc" so abc
bad "not a whole number" \
    "vanban: error: not a number (không phải là số): 2.5 (a whole number)" \
    chu 2.5
bad "nan is not a number" "vanban: error: not a number (không phải là số): nan" \
    so nan
bad "words too large" \
    "vanban: error: number out of range (số quá lớn): 1000000000000000000: amounts in words stop below 10^18" \
    chu 1000000000000000000
bad "beyond long long" \
    "vanban: error: number out of range (số quá lớn): 99999999999999999999" \
    so-chu 99999999999999999999
bad "invalid date" \
    "vanban: error: date out of range (ngày không hợp lệ): 2023-02-29" \
    ngay 2023-02-29
bad "not a date" \
    "vanban: error: not a date, want YYYY-MM-DD or DD/MM/YYYY (không phải ngày): 6.9.2023" \
    ngay 6.9.2023
bad "roman out of range" \
    "vanban: error: number out of range (số quá lớn): 4000 (from 1 to 3999)" \
    la-ma 4000
bad "letter 0" \
    "vanban: error: number out of range (số quá lớn): 0 (from 1 to 460)" \
    chu-cai 0
bad "invalid UTF-8 argument" \
    "vanban: argument 1:1:3: error: invalid UTF-8 (mã UTF-8 hỏng): byte 0xFF" \
    hoa "$(printf 'ab\377c')"
bad "invalid UTF-8 in the second argument" \
    "vanban: argument 2:1:1: error: invalid UTF-8 (mã UTF-8 hỏng): byte 0xC3" \
    noi-ngay "Lai Châu" "$(printf '\303')"

# Usage errors: exit 2.
run "$V" vi
expect_rc 2 "vi without a function"
expect_err_has "usage: vanban vi" "usage on stderr"
run "$V" vi frobnicate 1
expect_rc 2 "unknown function"
expect_err_has "unknown function (không có chức năng): frobnicate" \
    "unknown function named"
run "$V" vi so
expect_rc 2 "missing argument"
expect_err_has "usage: vanban vi so NUMBER [DECIMALS]" "the function's usage"
run "$V" vi la-ma 1 2
expect_rc 2 "too many arguments"
run "$V" vi chu --frob 5
expect_rc 2 "unknown option"
expect_err_has "unknown option (tùy chọn không có): --frob" "unknown option named"
run "$V" vi chu -- --le
expect_rc 1 "after --, --le is an argument"

done_tests
