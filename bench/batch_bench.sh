#!/bin/sh
# batch_bench.sh [BUILD_DIR] — speed and memory of `vanban batch` and of
# one whole `vanban render`, against LibreOffice (and WeasyPrint, Pandoc
# when installed). Prints one table; bench/README.md has the figures of
# the last run and the targets. Not part of `make check`.
#
#   (a) 200 personalised one-page giấy mời (samples/giay-moi) → 200 PDFs,
#       then → 200 DOCX, with -j 2                targets ≤ 1.0 s, ≤ 0.5 s
#   (b) 1,000 and 10,000 of them → PDF: peak memory, the largest of the
#       parent and its workers (GNU time's max RSS)   target < 64 MB, flat
#   (c) the 3-page công văn 1070/LĐLĐ with its annex (samples/cv-1070):
#       one whole `vanban render` process, vs LibreOffice converting the
#       same document's DOCX (soffice --headless --convert-to pdf)
#                                                  targets ≤ 30 ms, ≥ 50×
#   (d) WeasyPrint (HTML → PDF of the same documents, the HTML made by
#       LibreOffice from our DOCX) and Pandoc (Markdown → DOCX) if there.
#
# Each time is the best of RUNS runs (default 3), wall clock: the machine
# may be shared, so the load average is printed with the table.
set -eu
B=${1:-build}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s B="$B" "$B/vanban" >/dev/null
V="$top/$B/vanban"
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# A list of N invitees: the 12 of samples/data/khach-moi.yaml over and
# over, each name numbered so that every giấy mời differs.
mklist() {
	sed '/^khach_moi:/,$d' samples/data/khach-moi.yaml
	echo "khach_moi:"
	awk -v n="$1" '
	    /^  - ho_ten:/ { h[++k] = substr($0, 13) }
	    /^    chuc_vu:/ { c[k] = substr($0, 14) }
	    /^    don_vi:/ { d[k] = substr($0, 13) }
	    END { for (i = 0; i < n; i++) { j = i % k + 1
		printf "  - ho_ten: %s (%d)\n    chuc_vu: %s\n    don_vi: %s\n",
		    h[j], i + 1, c[j], d[j] } }' samples/data/khach-moi.yaml
}
for n in 200 1000 10000; do mklist $n >"$tmp/k$n.yaml"; done

now() { date +%s%N; }
# best CMD...: the best wall time of RUNS runs, in ms (one decimal).
best() {
	b=""
	for i in $(seq "$RUNS"); do
		rm -rf "$tmp/out"
		t0=$(now); "$@" >/dev/null 2>&1 || echo "failed: $*" >&2; t1=$(now)
		t=$(( (t1 - t0) / 100000 ))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b" | awk '{ printf "%.1f", $1 / 10 }'
}
batch() {
	n=$1; shift
	"$V" batch samples/giay-moi/giay-moi.md -d samples/data/kh-471.yaml \
	    -d "$tmp/k$n.yaml" --each khach_moi "$@"
}
row() { printf '%-66s %12s %10s\n' "$1" "$2" "$3"; }

echo "vanban batch benchmark — $(nproc) cores, $(uname -m), load before: $load0"
echo
row "workload" "best of $RUNS" "target"
row "(a) 200 giấy mời → 200 PDF, -j $JOBS" \
    "$(best batch 200 -j "$JOBS" -o "$tmp/out/gm-{{ stt }}.pdf") ms" "≤ 1000 ms"
row "(a) 200 giấy mời → 200 DOCX, -j $JOBS" \
    "$(best batch 200 -j "$JOBS" -o "$tmp/out/gm-{{ stt }}.docx") ms" "≤ 500 ms"
row "(a) 200 giấy mời → 200 PDF, -j 1" \
    "$(best batch 200 -j 1 -o "$tmp/out/gm-{{ stt }}.pdf") ms" ""
row "(a) 200 giấy mời → one 200-page PDF (--one-file)" \
    "$(best batch 200 --one-file "$tmp/out/all.pdf") ms" ""

for n in 1000 10000; do
	rm -rf "$tmp/out"
	t0=$(now)
	/usr/bin/time -f %M -o "$tmp/rss" "$V" batch samples/giay-moi/giay-moi.md \
	    -d samples/data/kh-471.yaml -d "$tmp/k$n.yaml" --each khach_moi \
	    -j "$JOBS" -o "$tmp/out/gm-{{ stt }}.pdf" >/dev/null 2>&1 || :
	t1=$(now)
	files=$(ls "$tmp/out" | wc -l)
	row "(b) $n giấy mời → PDF, -j $JOBS: peak RSS ($files files, $(( (t1 - t0) / 1000000 )) ms)" \
	    "$(awk '{ printf "%.1f MB", $1 / 1024 }' "$tmp/rss")" "< 64 MB"
done

# Flat: the same 1,000 documents, out of a 10,000-record list.
rm -rf "$tmp/out"
/usr/bin/time -f %M -o "$tmp/rss" "$V" batch samples/giay-moi/giay-moi.md \
    -d samples/data/kh-471.yaml -d "$tmp/k10000.yaml" --each khach_moi \
    -j "$JOBS" --shard 1/10 -o "$tmp/out/gm-{{ stt }}.pdf" >/dev/null 2>&1 || :
row "(b) the same list, --shard 1/10: 1,000 of the 10,000: peak RSS" \
    "$(awk '{ printf "%.1f MB", $1 / 1024 }' "$tmp/rss")" ""

cv() {
	"$V" render samples/cv-1070/cv-1070.md -d samples/data/cv-1070.yaml \
	    -d don_vi=samples/data/lai-chau-don-vi.csv "$@"
}
RUNS0=$RUNS; RUNS=21
row "(c) cv-1070 (3 pages) → PDF, one whole process" \
    "$(best cv -o "$tmp/cv.pdf") ms" "≤ 30 ms"
row "(c) cv-1070 → DOCX, one whole process" \
    "$(best cv -o "$tmp/cv.docx") ms" ""
RUNS=$RUNS0
cv -o "$tmp/cv.docx" -o "$tmp/cv.pdf"
vb_cv=$(best cv -o "$tmp/cv.pdf")
if command -v soffice >/dev/null 2>&1; then
	mkdir -p "$tmp/lo"
	lo() { (cd "$tmp/lo" && HOME="$tmp/lo" soffice --headless \
	    --convert-to "$1" "$2"); }
	lo pdf "$tmp/cv.docx" >/dev/null 2>&1    # first start: profile
	t=$(best lo pdf "$tmp/cv.docx")
	row "(c) LibreOffice: cv-1070.docx → PDF, one process" "$t ms" ""
	echo "$t $vb_cv" | awk '{ printf "%-66s %11.0f× %10s\n",
	    "    vanban is faster by", $1 / $2, "≥ 50×" }'
	# The 200 DOCX of (a) in one LibreOffice process.
	batch 200 -j "$JOBS" -o "$tmp/gm/gm-{{ stt }}.docx" >/dev/null 2>&1
	lo_all() { (cd "$tmp/lo" && HOME="$tmp/lo" soffice --headless \
	    --convert-to pdf --outdir "$tmp/lo/gm" "$tmp"/gm/*.docx); }
	t=$(best lo_all)
	row "(a) LibreOffice: the 200 DOCX → $(ls "$tmp/lo/gm" | wc -l) PDF, one process" \
	    "$t ms" ""
else
	row "(c) LibreOffice" "not installed" ""
fi
if command -v weasyprint >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1; then
	lo html "$tmp/cv.docx" >/dev/null 2>&1
	batch 1 -j 1 -o "$tmp/gm1.docx" >/dev/null 2>&1 || :
	"$V" render samples/giay-moi/giay-moi.md $(cat samples/giay-moi/args) \
	    -o "$tmp/gm1.docx"
	lo html "$tmp/gm1.docx" >/dev/null 2>&1
	t=$(best weasyprint "$tmp/lo/cv.html" "$tmp/w.pdf")
	row "(d) WeasyPrint: cv-1070 as HTML → PDF, one process" "$t ms" ""
	t=$(best weasyprint "$tmp/lo/gm1.html" "$tmp/w.pdf")
	row "(d) WeasyPrint: one giấy mời as HTML → PDF" "$t ms" ""
	echo "$t" | awk '{ printf "%-66s %9.0f ms\n",
	    "    so 200 giấy mời, one process each (estimate)", $1 * 200 / '"$JOBS"' }'
else
	row "(d) WeasyPrint" "not installed" ""
fi
# Pandoc needs a LaTeX engine for PDF and is 168 MB in Debian: only
# its DOCX writer is compared, on the merged text (slots shown as text).
if command -v pandoc >/dev/null 2>&1; then
	cv --dump=merge 2>/dev/null | sed '1,/^---$/d' >"$tmp/cv.md" || :
	t=$(best pandoc "$tmp/cv.md" -o "$tmp/p.docx")
	row "(d) Pandoc: cv-1070 Markdown → DOCX, one process" "$t ms" ""
else
	row "(d) Pandoc" "not installed" ""
fi
echo
echo "Times are wall clock, best of $RUNS ((c): of 21), fork and exec included."
echo "Peak RSS: GNU time's maximum resident set, which Linux takes over the"
echo "process and its workers (the largest one, not their sum). The data"
echo "of a 10,000-record list takes ~8 MB itself: compare the --shard row."
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
