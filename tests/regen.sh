#!/bin/sh
# regen.sh [BUILD_DIR] — renders every sample, shows how its extracted text
# differs from the golden samples/NAME/NAME.pdf.txt (pdftotext) and
# NAME.docx.txt (tests/docx_text.py), and asks before it replaces one (lowdown's regen_regress). Never regenerate blindly: read the
# diff against the seed.
set -eu
B=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in samples/*/; do
	name=$(basename "$dir")
	t="$dir$name.md"
	[ -f "$t" ] || continue
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	# shellcheck disable=SC2086
	"$B/vanban" render "$t" $args -o "$tmp/$name.pdf" -o "$tmp/$name.docx"
	pdftotext -enc UTF-8 "$tmp/$name.pdf" "$tmp/$name.pdf.txt"
	python3 tests/docx_text.py "$tmp/$name.docx" >"$tmp/$name.docx.txt"
	for kind in pdf docx; do
		gold="$dir$name.$kind.txt"
		new="$tmp/$name.$kind.txt"
		if [ -f "$gold" ] && cmp -s "$gold" "$new"; then
			continue
		fi
		[ -f "$gold" ] && diff -u "$gold" "$new" || cat "$new"
		printf 'Replace %s? [y/N] ' "$gold"
		read -r ans </dev/tty || ans=n
		[ "$ans" = y ] && cp "$new" "$gold"
	done
done
