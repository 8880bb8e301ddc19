#!/bin/sh
# pdf_bench.sh [BUILD_DIR] — sizes and speed of the PDF back end (font.c,
# pdf.c) on two synthetic documents shaped like the seeds: an ND30
# one-page letter and a three-page plan with a landscape annex table.
# Builds bench/pdf_bench.c against BUILD_DIR/libvanban.a (default build),
# then prints one table. PROFILE=1 adds callgrind's top functions for the
# one-page letter. The "naive" rows write the same boxes the plain
# libharu way (new document and full Liberation fonts per PDF, the UTF-8
# encoder) for comparison.
set -eu
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s B="$B" "$B/libvanban.a" >/dev/null
PKGS="icu-uc icu-i18n libxml-2.0 libzip yaml-0.1 sqlite3 md4c"
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc -o "$B/pdf_bench" \
    bench/pdf_bench.c "$B/libvanban.a" $(pkg-config --libs $PKGS) -lhpdf -lm
export SOURCE_DATE_EPOCH=1700000000
unset VANBAN_FONTS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run="$B/pdf_bench -f $top/fonts"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# Median over 21 runs of a whole process writing one document: its wall
# time (fork and exec included) and its CPU time (as the process counts
# it, from its start: dynamic linking, fonts, layout, write).
whole() {
	for i in $(seq 21); do
		t0=$(date +%s%N)
		cpu=$("$@" | field process_cpu_ms)
		t1=$(date +%s%N)
		echo "$(( (t1 - t0) / 1000 )) $cpu"
	done >"$tmp/whole"
	wall=$(cut -d' ' -f1 "$tmp/whole" | sort -n | sed -n 11p)
	cpu=$(cut -d' ' -f2 "$tmp/whole" | sort -n | sed -n 11p)
	awk -v w="$wall" -v c="$cpu" 'BEGIN { printf "%.1f/%.1f", w / 1000, c }'
}

printf '%-8s %-7s %5s %9s %9s %8s %12s %9s\n' doc writer pages bytes \
    ms/doc docs/s process_ms rss_KB
for doc in letter1 letter3; do
	for w in vanban naive; do
		flag=; n=1000
		[ $w = naive ] && { flag=-naive; n=50; }
		$run $flag -o "$tmp/$doc-$w.pdf" $doc >/dev/null
		bytes=$(wc -c <"$tmp/$doc-$w.pdf")
		line=$($run $flag -n $n $doc)
		ms=$(echo "$line" | field ms_per_doc)
		dps=$(echo "$line" | field docs_per_s)
		pages=$(echo "$line" | field pages)
		proc=$(whole $run $flag -o "$tmp/p.pdf" $doc)
		rss=$(/usr/bin/time -f %M $run $flag -n $n $doc 2>&1 >/dev/null |
		    tail -1)
		printf '%-8s %-7s %5s %9s %9s %8s %12s %9s\n' $doc $w "$pages" \
		    "$bytes" "$ms" "$dps" "$proc" "$rss"
	done
done
echo
echo "ms/doc, docs/s: CPU time per document, writing 1000 (naive: 50) in"
echo "one process after the fonts are loaded. process_ms: wall/CPU time,"
echo "median of 21 processes writing one document each (wall includes fork"
echo "and exec; CPU runs from the process start: dynamic linking, fonts,"
echo "layout of the synthetic pages, write). rss_KB: peak resident set of"
echo "the 1000-document run. Load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
for doc in letter1 letter3; do
	pdffonts "$tmp/$doc-vanban.pdf" >/dev/null 2>"$tmp/err"
	pdftotext "$tmp/$doc-vanban.pdf" /dev/null 2>>"$tmp/err"
	qpdf --check "$tmp/$doc-vanban.pdf" >/dev/null 2>>"$tmp/err"
	[ -s "$tmp/err" ] && { echo "readers complained about $doc:"; cat "$tmp/err"; }
done

if [ -n "${PROFILE:-}" ]; then
	echo
	echo "callgrind, letter1, 20 documents (inclusive, top 25):"
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
	    $run -n 20 letter1 >/dev/null 2>&1
	callgrind_annotate --inclusive=yes "$tmp/cg" 2>/dev/null |
	    sed -n '/PROGRAM TOTALS/,$p' | sed -n 1,30p
fi
