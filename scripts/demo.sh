#!/bin/sh
# demo.sh BUILD_DIR — renders every sample into out/ as PDF and DOCX (the
# README's first command ends here). A sample is a directory samples/NAME/
# holding NAME.md and, optionally, `args`: the data options for it.
set -eu
B=${1:-build}
"$B/vanban" --version
mkdir -p out
n=0
for dir in samples/*/; do
	name=$(basename "$dir")
	t="$dir$name.md"
	[ -f "$t" ] || continue
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	# shellcheck disable=SC2086
	"$B/vanban" render "$t" $args -o "out/$name.pdf" -o "out/$name.docx"
	echo "out/$name.pdf out/$name.docx"
	n=$((n + 1))
done
[ $n -gt 0 ] || echo "vanban: no samples to render yet (chưa có mẫu)."

# One invitation per invitee (giấy mời), as a batch.
if [ -f samples/giay-moi/giay-moi.md ]; then
	"$B/vanban" batch samples/giay-moi/giay-moi.md \
	    -d samples/data/kh-471.yaml -d samples/data/khach-moi.yaml \
	    --each khach_moi -o 'out/giay-moi/giay-moi-{{ stt }}.pdf' \
	    -o 'out/giay-moi/giay-moi-{{ stt }}.docx'
	echo "out/giay-moi/ (one per invitee)"
fi

# One giấy khen per awardee of the decision, in the office's own design.
if [ -f samples/giay-khen/giay-khen.md ]; then
	"$B/vanban" batch samples/giay-khen/giay-khen.md \
	    -d samples/data/khen-thuong.yaml --each ca_nhan \
	    -o 'out/giay-khen/giay-khen-{{ stt }}.pdf' \
	    -o 'out/giay-khen/giay-khen-{{ stt }}.docx'
	echo "out/giay-khen/ (one per awardee)"
fi
