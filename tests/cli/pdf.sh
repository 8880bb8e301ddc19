# pdf.sh — the trimmed fonts the PDF writer embeds (fonts/VanbanSerif-*):
# every code point of the seed documents has a glyph in each face, the
# advance widths are Liberation Serif's, the names obey the OFL's Reserved
# Font Name rule, and fonts/vanban-serif.py remakes the files byte for
# byte (when python3-fonttools is installed).
. "$VB_TOP/tests/cli/lib.sh"

fonts="$VB_TOP/fonts"
seeds="$VB_TOP/../shared/seeds"
[ -d "$seeds" ] || seeds="$VB_TOP/tests/data/seeds"

# The code points of the seeds (NFC), which the layout will draw.
python3 - "$seeds" >"$T_TMP/cps" <<'PY'
import sys, os, unicodedata
cps = set()
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    with open(os.path.join(d, f), encoding="utf-8") as fh:
        cps |= {ord(c) for c in unicodedata.normalize("NFC", fh.read())}
print(" ".join("%x" % c for c in sorted(cps) if c >= 0x20))
PY
n=$(wc -w <"$T_TMP/cps")
[ "$n" -gt 100 ] && pass || fail "found only $n code points in the seeds"

for face in Regular Bold Italic BoldItalic; do
	ttf="$fonts/VanbanSerif-$face.ttf"
	[ -f "$ttf" ] && pass || { fail "$ttf missing"; continue; }
	fc-query --format='%{charset}\n' "$ttf" >"$T_TMP/charset" 2>/dev/null
	missing=$(python3 - "$T_TMP/charset" "$T_TMP/cps" <<'PY'
import sys
have = set()
for r in open(sys.argv[1]).read().split():
    a, _, b = r.partition("-")
    have |= set(range(int(a, 16), int(b or a, 16) + 1))
want = [int(x, 16) for x in open(sys.argv[2]).read().split()]
print(" ".join("U+%04X" % c for c in want if c not in have))
PY
)
	# Markdown markup (*, #, |) is in the seeds too; all of ASCII is kept.
	[ -z "$missing" ] && pass || fail "VanbanSerif-$face lacks: $missing"

	# OFL: a Modified Version must not use the Reserved Font Name.
	names=$(fc-query --format='%{family}|%{postscriptname}|%{fullname}' \
	    "$ttf" 2>/dev/null)
	case "$names" in
	*Liberation*) fail "VanbanSerif-$face still named Liberation: $names" ;;
	"Vanban Serif|VanbanSerif"*) pass ;;
	*) fail "VanbanSerif-$face names: $names" ;;
	esac
done
[ -f "$fonts/LICENSE" ] && grep -q "Reserved Font Name Liberation" \
    "$fonts/LICENSE" && pass || fail "fonts/LICENSE with the RFN notice"

# Same advance widths as Liberation Serif for every kept glyph (the
# layout's metrics must not change), and the script is deterministic.
if /usr/bin/python3 -c 'import fontTools' 2>/dev/null; then
	/usr/bin/python3 - "$fonts" <<'PY' >"$T_TMP/widths" 2>&1
import sys
from fontTools.ttLib import TTFont
d = sys.argv[1]
bad = 0
for face in ["Regular", "Bold", "Italic", "BoldItalic"]:
    lib = TTFont("%s/LiberationSerif-%s.ttf" % (d, face))
    van = TTFont("%s/VanbanSerif-%s.ttf" % (d, face))
    lc, vc = lib.getBestCmap(), van.getBestCmap()
    for cp, g in vc.items():
        if lib["hmtx"][lc[cp]][0] != van["hmtx"][g][0]:
            print("U+%04X %s" % (cp, face)); bad += 1
print("bad", bad)
PY
	grep -q '^bad 0$' "$T_TMP/widths" && pass ||
	    fail "widths differ from Liberation: $(head -3 "$T_TMP/widths")"
	mkdir "$T_TMP/re"
	cp "$fonts"/LiberationSerif-*.ttf "$T_TMP/re/"
	/usr/bin/python3 "$fonts/vanban-serif.py" "$T_TMP/re" >/dev/null 2>&1
	same=0
	for face in Regular Bold Italic BoldItalic; do
		cmp -s "$T_TMP/re/VanbanSerif-$face.ttf" \
		    "$fonts/VanbanSerif-$face.ttf" && same=$((same + 1))
	done
	[ $same -eq 4 ] && pass || fail "vanban-serif.py does not remake the files"
else
	echo "pdf.sh: python3-fonttools not installed; width and remake checks skipped"
fi

done_tests
