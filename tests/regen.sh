#!/bin/sh
# regen.sh [BUILD_DIR] — renders every sample, shows how its extracted text
# differs from the golden samples/NAME/NAME.pdf.txt, and asks before it
# replaces it (lowdown's regen_regress). Never regenerate blindly: read the
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
	"$B/vanban" render "$t" $args -o "$tmp/$name.pdf"
	pdftotext -enc UTF-8 "$tmp/$name.pdf" "$tmp/$name.txt"
	gold="$dir$name.pdf.txt"
	if [ -f "$gold" ] && cmp -s "$gold" "$tmp/$name.txt"; then
		continue
	fi
	[ -f "$gold" ] && diff -u "$gold" "$tmp/$name.txt" || cat "$tmp/$name.txt"
	printf 'Replace %s? [y/N] ' "$gold"
	read -r ans </dev/tty || ans=n
	[ "$ans" = y ] && cp "$tmp/$name.txt" "$gold"
done
