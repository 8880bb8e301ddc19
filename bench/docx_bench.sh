#!/bin/sh
# docx_bench.sh [BUILD_DIR] [N] — builds bench/docx_bench.c against
# BUILD_DIR/libvanban.a (default build/) and runs it: DOCX documents per
# second on one core for a three-page công văn with a 16-row annex table,
# peak memory after N/10 and N documents (flat means no leak), and the
# size of a one-page letter. Targets: ≥ 500 documents/s, flat memory
# across 10,000 documents, a one-page letter ≤ 15 KB.
set -eu
B=${1:-build}
N=${2:-10000}
PKGS="icu-uc icu-i18n libxml-2.0 libzip yaml-0.1 sqlite3 md4c"
make --no-print-directory B="$B" "$B/libvanban.a" >/dev/null
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Isrc \
    $(pkg-config --cflags $PKGS) -o "$B/docx_bench" bench/docx_bench.c \
    "$B/libvanban.a" $(pkg-config --libs $PKGS) -lhpdf -lm
# One core: pin to the first CPU when taskset exists.
if command -v taskset >/dev/null 2>&1; then
	exec taskset -c 0 "$B/docx_bench" "$N"
fi
exec "$B/docx_bench" "$N"
