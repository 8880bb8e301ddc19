#!/usr/bin/python3
# vanban-serif.py — makes fonts/VanbanSerif-*.ttf from the shipped Liberation
# Serif 2.x files: the glyphs an official document needs (Latin, Vietnamese,
# punctuation, digits and a few symbols), no hinting, no layout tables, no
# glyph names. The PDF writer embeds these, so a one-page letter carries a
# few kilobytes of font instead of tens, and libharu's per-document work on
# the font is proportional to the repertoire, not to 2,600 glyphs.
#
# Licence: Liberation Serif is under the SIL Open Font License 1.1 with the
# Reserved Font Name "Liberation". A subset is a Modified Version, so it is
# renamed "Vanban Serif" (PostScript "VanbanSerif-*"); its version name
# record says "subset of Liberation Serif <version>", the copyright and
# licence records are kept, and fonts/LICENSE applies to it unchanged.
# Advance widths are untouched: the metrics stay those of Liberation Serif
# (and so of Times New Roman).
#
# Usage: fonts/vanban-serif.py [DIR]   (DIR defaults to this script's own)
# Needs Debian's python3-fonttools; only maintainers regenerate the files.
# The output is deterministic (timestamps are kept from the source).
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

FACES = ["Regular", "Bold", "Italic", "BoldItalic"]
STYLE = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic",
         "BoldItalic": "Bold Italic"}

# The repertoire, as inclusive ranges of code points.
RANGES = [
    (0x0020, 0x007E),   # Basic Latin
    (0x00A0, 0x00FF),   # Latin-1: § ° ± × ÷ « » · ½ …
    (0x0102, 0x0103), (0x0110, 0x0111), (0x0128, 0x0129),
    (0x0168, 0x0169),   # Ă ă Đ đ Ĩ ĩ Ũ ũ
    (0x01A0, 0x01A1),   # Ơ ơ
    (0x01AF, 0x01B0),   # Ư ư
    (0x02C6, 0x02C7), (0x02D8, 0x02DD),  # spacing accents
    (0x0300, 0x0303), (0x0306, 0x0306), (0x0309, 0x0309),
    (0x031B, 0x031B), (0x0323, 0x0323),  # Vietnamese combining marks
    (0x0394, 0x0394), (0x03A3, 0x03A3), (0x03A9, 0x03A9),
    (0x03B1, 0x03B2), (0x03BC, 0x03BC), (0x03C0, 0x03C0),  # Δ Σ Ω α β μ π
    (0x1EA0, 0x1EF9),   # Vietnamese precomposed letters
    (0x2010, 0x2010), (0x2012, 0x2015),  # hyphen, dashes
    (0x2018, 0x201E),   # quotes ‘ ’ ‚ “ ” „
    (0x2020, 0x2022),   # † ‡ •
    (0x2026, 0x2026), (0x2030, 0x2030), (0x2032, 0x2033),
    (0x2039, 0x203A), (0x2044, 0x2044),
    (0x20AB, 0x20AC),   # ₫ €
    (0x2116, 0x2116), (0x2122, 0x2122),  # № ™
    (0x2190, 0x2193),   # arrows
    (0x2206, 0x2206), (0x2212, 0x2212), (0x2215, 0x2215),
    (0x2219, 0x221A), (0x221E, 0x221E), (0x2248, 0x2248),
    (0x2260, 0x2260), (0x2264, 0x2265),  # ∆ − ∕ ∙ √ ∞ ≈ ≠ ≤ ≥
    (0x25A0, 0x25A1), (0x25AA, 0x25AA), (0x25B2, 0x25B2),
    (0x25BA, 0x25BA), (0x25BC, 0x25BC), (0x25C4, 0x25C4),
    (0x25CB, 0x25CB), (0x25CF, 0x25CF),  # bullets and boxes
]

# Copyright (0) and licence (13) stay, as the OFL asks; the version (5)
# says what this is. Every other record is bytes in every PDF.
KEEP_NAMES = [0, 1, 2, 4, 5, 6, 13]


def make(src, dst, face):
    font = TTFont(src, recalcTimestamp=False)
    have = font.getBestCmap()
    cps = [c for a, b in RANGES for c in range(a, b + 1) if c in have]
    opt = subset.Options()
    opt.hinting = False
    opt.glyph_names = False
    opt.notdef_outline = True
    opt.layout_features = []
    opt.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "gasp",
                        "DSIG", "hdmx", "LTSH", "VDMX"]
    opt.name_IDs = KEEP_NAMES
    opt.name_languages = [0x0409]
    opt.name_legacy = False
    opt.recalc_timestamp = False
    opt.prune_unicode_ranges = True
    sub = subset.Subsetter(options=opt)
    sub.populate(unicodes=cps)
    sub.subset(font)

    style = STYLE[face]
    ps = "VanbanSerif" if face == "Regular" else "VanbanSerif-" + face
    full = "Vanban Serif" if face == "Regular" else "Vanban Serif " + style
    name = font["name"]
    for nid in (3, 10, 14, 16, 17, 18):
        name.removeNames(nameID=nid)
    name.setName("Vanban Serif", 1, 3, 1, 0x409)
    name.setName(style, 2, 3, 1, 0x409)
    version = (name.getDebugName(5) or "").replace("Version ", "")
    name.setName("Version %s; subset of Liberation Serif %s" %
                 (version, version), 5, 3, 1, 0x409)
    name.setName(full, 4, 3, 1, 0x409)
    name.setName(ps, 6, 3, 1, 0x409)
    font.save(dst)
    return len(cps), font["maxp"].numGlyphs


def main():
    here = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.dirname(os.path.abspath(__file__))
    for face in FACES:
        src = os.path.join(here, "LiberationSerif-%s.ttf" % face)
        dst = os.path.join(here, "VanbanSerif-%s.ttf" % face)
        n, g = make(src, dst, face)
        print("%s: %d code points, %d glyphs, %d bytes" %
              (os.path.basename(dst), n, g, os.path.getsize(dst)))


if __name__ == "__main__":
    main()
