# fonts.sh — every code point of the seed documents, and every Vietnamese
# letter, has a glyph in each of the four shipped faces of both families:
# Liberation Serif 2.x (1.x lacks U+1EA0–U+1EF9) and the trimmed Vanban
# Serif that the PDF writer embeds.
. "$VB_TOP/tests/cli/lib.sh"

# A copy of ../shared/seeds, kept in the repository so the test stands alone.
seeds="$VB_TOP/tests/data/seeds"

# The code points used by the seeds, plus every Vietnamese letter.
python3 - "$seeds" >"$T_TMP/cps" <<'PY'
import sys, os, unicodedata
cps = set()
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    with open(os.path.join(d, f), encoding="utf-8") as fh:
        cps |= {ord(c) for c in unicodedata.normalize("NFC", fh.read())}
viet = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
for base in "aăâeêioôơuưy":
    for mark in ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]:
        c = unicodedata.normalize("NFC", base + mark)
        cps |= {ord(c), ord(c.upper())}
cps |= {ord(c) for c in viet + viet.upper()}
print(" ".join("%x" % c for c in sorted(cps) if c >= 0x20))
PY
n=$(wc -w <"$T_TMP/cps")
[ "$n" -gt 150 ] && pass || fail "found only $n code points to check"

for ttf in "$VB_TOP"/fonts/LiberationSerif-Regular.ttf \
    "$VB_TOP"/fonts/LiberationSerif-Bold.ttf \
    "$VB_TOP"/fonts/LiberationSerif-Italic.ttf \
    "$VB_TOP"/fonts/LiberationSerif-BoldItalic.ttf \
    "$VB_TOP"/fonts/VanbanSerif-Regular.ttf \
    "$VB_TOP"/fonts/VanbanSerif-Bold.ttf \
    "$VB_TOP"/fonts/VanbanSerif-Italic.ttf \
    "$VB_TOP"/fonts/VanbanSerif-BoldItalic.ttf; do
	face=$(basename "$ttf" .ttf)
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
	[ -z "$missing" ] && pass || fail "$face lacks glyphs: $missing"
done
[ -f "$VB_TOP/fonts/LICENSE" ] && grep -q "SIL Open Font License" \
    "$VB_TOP/fonts/LICENSE" && pass || fail "fonts/LICENSE missing"

done_tests
