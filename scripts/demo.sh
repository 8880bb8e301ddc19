#!/bin/sh
# demo.sh BUILD_DIR — renders every sample into out/ (the README's first
# command ends here).
set -eu
B=${1:-build}
"$B/vanban" --version
mkdir -p out
found=0
for t in samples/*/*.md; do
	[ -e "$t" ] || continue
	found=1
	name=$(basename "$(dirname "$t")")
	"$B/vanban" render "$t" -o "out/$name.pdf" -o "out/$name.docx"
done
[ $found -eq 1 ] || echo "vanban: no samples to render yet (chưa có mẫu)."
