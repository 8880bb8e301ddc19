#!/usr/bin/env python3
"""nd30check.py — measure a rendered PDF against ND30.md §19.

usage: nd30check.py [--cong-van] [--pages N] [--annex-from P] FILE.pdf

Reads the drawing of every page with `mutool draw -F trace` (glyphs with
their font, size and position; stroked paths), groups glyphs into text
lines, and checks the numbers of ND30.md §19: page size and margins, the
header block (Quốc hiệu, Tiêu ngữ and its rule, issuer and its rule, Số and
the place-date on one baseline, V/v or title), body indents, line pitch and
justification, Nơi nhận and the signature block, page numbers. Works on
vanban's PDFs and on LibreOffice's rendering of vanban's DOCX.

Prints one line per check, "PASS name" or "FAIL name: detail", then
"nd30check: N passed, N failed"; exits 1 if any check failed.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
QH = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
TN = "Độc lập - Tự do - Hạnh phúc"


class Line:
    """Glyphs on one baseline, in one column (a gap of 20 pt splits)."""

    def __init__(self, page, y, size, font):
        self.page, self.y, self.size, self.font = page, y, size, font
        self.glyphs = []  # (x, x_end, char)

    @property
    def text(self):
        out, last = [], None
        for x, xe, c in self.glyphs:
            if last is not None and x - last > self.size * 0.15 and c != " " \
                    and (not out or out[-1] != " "):
                out.append(" ")
            out.append(c)
            last = xe
        return re.sub(r"\s+", " ", "".join(out)).strip()

    @property
    def x0(self):
        return min(g[0] for g in self.glyphs if g[2] != " ")

    @property
    def x1(self):
        return max(g[1] for g in self.glyphs if g[2] != " ")

    @property
    def mid(self):
        return (self.x0 + self.x1) / 2

    @property
    def bold(self):
        return "Bold" in self.font or "bold" in self.font

    @property
    def italic(self):
        return "Ital" in self.font or "Oblique" in self.font


def trace(path):
    xml = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", path],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for pno, page in enumerate(root.iter("page")):
        mb = [float(v) for v in page.get("mediabox").split()]
        w, h = mb[2] - mb[0], mb[3] - mb[1]
        glyphs, rules = [], []
        for el in page.iter():
            if el.tag == "fill_text":
                tf = [float(v) for v in
                      (el.get("transform") or "1 0 0 1 0 0").split()]
                for span in el.iter("span"):
                    trm = [float(v) for v in span.get("trm").split()]
                    size = round((abs(trm[3]) or abs(trm[0])) *
                                 abs(tf[3] or tf[0]), 2)
                    font = span.get("font")
                    for g in span.iter("g"):
                        gx, gy = float(g.get("x")), float(g.get("y"))
                        # The element's transform maps to device space:
                        # origin top-left, y downwards, 72 per inch.
                        x = tf[0] * gx + tf[2] * gy + tf[4]
                        y = tf[1] * gx + tf[3] * gy + tf[5]
                        adv = float(g.get("adv") or 0) * size
                        glyphs.append((y, x, x + adv, g.get("unicode"),
                                       size, font))
            elif el.tag in ("stroke_path", "fill_path"):
                pts = []
                for op in el:
                    if op.tag in ("moveto", "lineto"):
                        pts.append((float(op.get("x")), float(op.get("y"))))
                tf = [float(v) for v in
                      (el.get("transform") or "1 0 0 1 0 0").split()]
                pts = [(tf[0] * x + tf[2] * y + tf[4],
                        tf[1] * x + tf[3] * y + tf[5]) for x, y in pts]
                # Horizontal segments only (rules); also the edges of a
                # filled thin rectangle (LibreOffice draws borders so).
                xs = [p[0] for p in pts]
                ys = [p[1] for p in pts]
                if pts and max(ys) - min(ys) < 1.5 and max(xs) - min(xs) > 5:
                    rules.append((min(xs), max(xs), sum(ys) / len(ys)))
        pages.append({"w": w, "h": h, "lines": group(pno, glyphs),
                      "rules": rules})
    return pages


def group(pno, glyphs):
    glyphs.sort(key=lambda g: (round(g[0], 1), g[1]))
    lines = []
    for y, x, xe, ch, size, font in glyphs:
        cur = lines[-1] if lines else None
        if cur is None or abs(cur.y - y) > 0.6 or \
                x - cur.glyphs[-1][1] > 20 or x < cur.glyphs[-1][0] - 1:
            if cur is not None and ch == " ":
                continue
            cur = Line(pno, y, size, font)
            lines.append(cur)
        cur.glyphs.append((x, xe, ch))
        if size > cur.size:
            cur.size = size
    # A draft's blanks ("Số:      /LĐLĐ", "ngày    tháng    năm") are
    # wider than the column gap: join them back.
    out = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and abs(prev.y - ln.y) < 0.6 and (
                (prev.text.endswith("Số:") and ln.text.startswith("/")) or
                (prev.text.endswith("ngày") and ln.text.startswith("tháng")) or
                (prev.text.endswith("tháng") and ln.text.startswith("năm"))):
            prev.glyphs += ln.glyphs
            continue
        out.append(ln)
    return [ln for ln in out if ln.text]


class Checker:
    def __init__(self):
        self.passed = self.failed = 0

    def ok(self, cond, name, detail=""):
        if cond:
            self.passed += 1
            print("PASS", name)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, detail))
        return cond


def near(a, b, tol):
    return abs(a - b) <= tol


def find(lines, pred):
    for ln in lines:
        if pred(ln):
            return ln
    return None


def main(argv):
    cong_van = "--cong-van" in argv
    args = [a for a in argv if not a.startswith("--")]
    annex_from = None
    if "--annex-from" in argv:
        annex_from = int(argv[argv.index("--annex-from") + 1])
        args.remove(str(annex_from))
    path = args[0]
    pages = trace(path)
    c = Checker()

    # A1: every page is A4, portrait or landscape.
    for i, p in enumerate(pages):
        dims = sorted([p["w"], p["h"]])
        c.ok(near(dims[0], 595.28, 1) and near(dims[1], 841.89, 1),
             "A1 page %d is A4" % (i + 1), "%.2f x %.2f" % (p["w"], p["h"]))

    p1 = pages[0]
    L = p1["lines"]
    left, right = 30 * MM, p1["w"] - 15 * MM
    body = [ln for ln in L if ln.size >= 13]

    # A2: margins on every page (page numbers excepted).
    for i, p in enumerate(pages):
        tl = [ln for ln in p["lines"] if not re.fullmatch(r"\d+", ln.text)]
        if not tl:
            continue
        x0 = min(ln.x0 for ln in tl)
        x1 = max(ln.x1 for ln in tl)
        top = min(ln.y - ln.size * 0.9 for ln in tl)
        bot = max(ln.y for ln in tl)
        c.ok(x0 >= 30 * MM - 0.5 * MM and x0 <= 35 * MM + 0.5 * MM,
             "A2 page %d left margin 30-35 mm" % (i + 1), "%.1f mm" % (x0 / MM))
        c.ok(x1 <= p["w"] - 15 * MM + 0.5 * MM,
             "A2 page %d right margin >= 15 mm" % (i + 1),
             "%.1f mm" % ((p["w"] - x1) / MM))
        c.ok(top >= 20 * MM - 0.5 * MM, "A2 page %d top margin >= 20 mm" % (i + 1),
             "%.1f mm" % (top / MM))
        c.ok(bot <= p["h"] - 20 * MM + 0.5 * MM,
             "A2 page %d bottom margin >= 20 mm" % (i + 1),
             "%.1f mm" % ((p["h"] - bot) / MM))

    # B5-B7: Quốc hiệu, Tiêu ngữ, the rule under it.
    qh = find(L, lambda ln: ln.text in QH)
    tn = find(L, lambda ln: ln.text == TN)
    if c.ok(qh is not None, "B5 Quốc hiệu line", "not found"):
        c.ok(qh.bold and 12 - 0.25 <= qh.size <= 13 + 0.25,
             "B5 Quốc hiệu bold 12-13", "%s %.2f" % (qh.font, qh.size))
        c.ok(qh.mid > left + (right - left) * 0.45, "B5 Quốc hiệu in the right part",
             "centre at %.1f mm" % ((qh.mid - left) / MM))
        c.ok(not [ln for ln in L if ln.y < qh.y - 1 and ln.size > 11],
             "B5 nothing above the Quốc hiệu")
    if c.ok(tn is not None, "B6 Tiêu ngữ line", "not found") and qh:
        c.ok(tn.bold and 13 - 0.25 <= tn.size <= 14 + 0.25,
             "B6 Tiêu ngữ bold 13-14", "%.2f" % tn.size)
        c.ok(near(tn.mid, qh.mid, 1 * MM), "B6 Tiêu ngữ centred on the Quốc hiệu",
             "%.2f mm off" % ((tn.mid - qh.mid) / MM))
        pitch = tn.y - qh.y
        c.ok(1.0 * tn.size - 0.5 <= pitch <= 1.3 * tn.size,
             "B6 single spacing QH to TN", "%.2f pt" % pitch)
        under = [r for r in p1["rules"] if 0 < r[2] - tn.y < 8]
        w = tn.x1 - tn.x0
        r = under[0] if under else None
        c.ok(r is not None and near(r[1] - r[0], w, w * 0.1) and
             near((r[0] + r[1]) / 2, tn.mid, 1 * MM),
             "B7 rule under the Tiêu ngữ as long as it",
             "rules %s, TN %.1f..%.1f" % (under, tn.x0, tn.x1))
        if qh and tn:
            date_ln = find(L, lambda ln: ", ngày" in ln.text)
            sizes = (round(qh.size), round(tn.size),
                     round(date_ln.size) if date_ln else 0)
            c.ok(sizes in ((12, 13, 13), (13, 14, 14)), "B8 size set 12/13/13 or 13/14/14",
                 str(sizes))

    # B9: the issuer (bold, UPPER, left) and its rule.
    if qh:
        lefts = [ln for ln in L if ln.y < qh.y + 60 and ln.mid < qh.x0 and
                 ln.text.upper() == ln.text and ln.text]
        issuer = [ln for ln in lefts if ln.bold]
        if c.ok(issuer, "B9 issuer lines bold UPPER on the left", "none"):
            longest = max(issuer, key=lambda ln: ln.x1 - ln.x0)
            last = max(issuer, key=lambda ln: ln.y)
            under = [r for r in p1["rules"] if 0 < r[2] - last.y < 8 and
                     r[1] < qh.x0]
            r = under[0] if under else None
            share = (r[1] - r[0]) / (longest.x1 - longest.x0) if r else 0
            c.ok(r is not None and 0.30 <= share <= 0.55 and
                 near((r[0] + r[1]) / 2, longest.mid, 1 * MM),
                 "B9 rule under the issuer, 1/3-1/2, centred",
                 "share %.2f, rules %s" % (share, under))
            for ln in lefts:
                if not ln.bold:
                    c.ok(12 - 0.25 <= ln.size <= 13 + 0.25,
                         "B9 parent body 12-13 regular", "%.2f" % ln.size)

    # B10-B11: Số and the place-date on one baseline.
    so = find(L, lambda ln: ln.text.startswith("Số:"))
    date_ln = find(L, lambda ln: ", ngày" in ln.text)
    if c.ok(so is not None, "B10 Số line", "not found"):
        c.ok(re.match(r"^Số: ?(\s+|0[1-9]|[1-9]\d+)/\S+$", so.text) is not None,
             "B10 Số format", so.text)
        c.ok(near(so.size, 13, 0.25) and not so.bold and not so.italic,
             "B10 Số 13 pt upright", "%.2f %s" % (so.size, so.font))
        issuer = [ln for ln in L if ln.bold and qh and ln.mid < qh.x0 and
                  ln.y < so.y]
        if issuer:
            c.ok(near(so.mid, issuer[0].mid, 1 * MM), "B10 Số centred under the issuer",
                 "%.2f mm" % ((so.mid - issuer[0].mid) / MM))
    if c.ok(date_ln is not None, "B11 place-date line", "not found"):
        c.ok(date_ln.italic, "B11 place-date italic", date_ln.font)
        # A draft leaves the day and month blank: "ngày    tháng    năm".
        c.ok(re.match(r"^\w[^,]*, ngày\s+(?:(0[1-9]|[12]\d|3[01])\s+)?"
                      r"tháng\s+(?:(01|02|[3-9]|1[0-2])\s+)?năm \d{4}$",
                      date_ln.text),
             "B11 place-date format", date_ln.text)
        if qh:
            c.ok(near(date_ln.mid, qh.mid, 1.5 * MM), "B11 date centred under QH",
                 "%.2f mm" % ((date_ln.mid - qh.mid) / MM))
        if so:
            c.ok(near(so.y, date_ln.y, 2), "B10 Số and date on one baseline",
                 "%.2f pt apart" % (so.y - date_ln.y))

    # B12 / B13: V/v under the Số, or the title.
    if cong_van:
        vv = find(L, lambda ln: ln.text.startswith("V/v"))
        if c.ok(vv is not None, "B12 V/v line", "not found") and so:
            c.ok(12 - 0.25 <= vv.size <= 13 + 0.25 and not vv.bold,
                 "B12 V/v 12-13 not bold", "%.2f %s" % (vv.size, vv.font))
            c.ok(vv.y - so.y >= 6 + so.size, "B12 V/v 6 pt below the Số",
                 "%.2f" % (vv.y - so.y))
    else:
        title = find(L, lambda ln: ln.bold and date_ln and ln.y > date_ln.y and
                     ln.text == ln.text.upper() and len(ln.text) > 3)
        if c.ok(title is not None, "B13 title line", "not found"):
            c.ok(13 - 0.25 <= title.size <= 14 + 0.25, "B13 title 13-14",
                 "%.2f" % title.size)
            c.ok(near(title.mid, (left + right) / 2, 2 * MM),
                 "B13 title centred", "%.2f mm" % ((title.mid - (left + right) / 2) / MM))

    # C14: the body's size (the size most glyphs below the header have).
    if date_ln:
        count = {}
        for p in pages[: annex_from - 1 if annex_from else len(pages)]:
            for ln in p["lines"]:
                if p is p1 and ln.y <= date_ln.y + 30:
                    continue
                count[ln.size] = count.get(ln.size, 0) + len(ln.glyphs)
        size = max(count, key=count.get) if count else 0
        c.ok(13 - 0.25 <= size <= 14 + 0.25, "C14 body text 13-14 pt",
             "%.2f pt" % size)

    # C: body lines: indents, pitch, justification.
    if date_ln:
        firsts, pitches, just = [], [], []
        for p in pages[: annex_from - 1 if annex_from else len(pages)]:
            bl = [ln for ln in p["lines"] if 13 <= ln.size <= 14.25 and
                  (p is not p1 or ln.y > date_ln.y + 30) and
                  not re.fullmatch(r"\d+", ln.text)]
            for a, b in zip(bl, bl[1:]):
                if a.x1 > right - 0.6 * MM and near(b.y - a.y, a.size * 1.15, 3):
                    just.append(a)
                if near(b.y - a.y, a.size * 1.15, a.size * 0.7):
                    pitches.append((b.y - a.y) / a.size)
            # First lines of justified paragraphs: they reach the right
            # edge (centred titles and ragged lines do not).
            firsts += [ln.x0 - left for ln in bl
                       if ln.x1 > right - 0.6 * MM]
        ind = [x / MM for x in firsts if 5 * MM < x < 20 * MM]
        c.ok(ind and all(near(v, 10, 0.5) or near(v, 12.7, 0.5) for v in ind),
             "C15 first-line indents 10 or 12.7 mm",
             "indents %s" % sorted(set(round(v, 1) for v in ind)))
        c.ok(pitches and all(1.10 <= v <= 1.75 for v in pitches),
             "C17 line pitch 1.10-1.75 x size",
             "%s" % sorted(set(round(v, 2) for v in pitches))[:6])
        c.ok(not just or all(ln.x1 <= right + 0.5 * MM for ln in just),
             "C18 justified lines end at the right edge")

    # D22-D25: Nơi nhận and the signature.
    last = pages[annex_from - 2 if annex_from else -1]["lines"]
    nn = find(last, lambda ln: ln.text.startswith("Nơi nhận"))
    if c.ok(nn is not None, "D22 Nơi nhận", "not found"):
        c.ok(nn.bold and nn.italic and near(nn.size, 12, 0.25),
             "D22 Nơi nhận bold italic 12", "%s %.2f" % (nn.font, nn.size))
        c.ok(near(nn.x0, left, 1 * MM), "D22 Nơi nhận flush left",
             "%.2f mm" % ((nn.x0 - left) / MM))
        items = [ln for ln in last if ln.y > nn.y and ln.x1 < (left + right) / 2
                 and near(ln.size, 11, 0.3)]
        starts = [ln for ln in items if ln.text.startswith("-")]
        c.ok(starts and starts[-1].text.startswith("- Lưu"),
             "D23 items 11 pt, the last '- Lưu: …'",
             " | ".join(ln.text for ln in items))
        sig = [ln for ln in last if ln.bold and ln.mid > (left + right) / 2 and
               ln.y >= nn.y - 3 and ln.size >= 13]
        if c.ok(len(sig) >= 2, "D25 signature block", "%d lines" % len(sig)):
            c.ok(near(sig[0].y, nn.y, 3), "D22 Nơi nhận level with the first signature line",
                 "%.2f pt" % (sig[0].y - nn.y))
            axis = sig[0].mid
            c.ok(all(near(ln.mid, axis, 1 * MM) for ln in sig),
                 "D25 signature lines on one axis",
                 str([round((ln.mid - axis) / MM, 2) for ln in sig]))
            gaps = [b.y - a.y for a, b in zip(sig, sig[1:])]
            c.ok(max(gaps) >= 15 * MM, "D25 room for the signature >= 15 mm",
                 "%.1f mm" % (max(gaps) / MM))

    # E28: page numbers.
    c.ok(not [ln for ln in p1["lines"] if re.fullmatch(r"\d+", ln.text)
              and ln.y < 20 * MM], "E28 no number on page 1")
    n = 1
    for i, p in enumerate(pages[1:], start=2):
        n = 1 if annex_from and i == annex_from else n + 1
        if annex_from and i == annex_from:
            continue
        num = [ln for ln in p["lines"] if re.fullmatch(r"\d+", ln.text)
               and ln.y < 20 * MM]
        pl, pr = 30 * MM, p["w"] - 15 * MM
        c.ok(len(num) == 1 and num[0].text == str(n) and
             13 - 0.25 <= num[0].size <= 14 + 0.25 and
             near(num[0].mid, (pl + pr) / 2, 2 * MM),
             "E28 page %d numbered %d in the top margin" % (i, n),
             str([(ln.text, round(ln.size, 1), round(ln.mid / MM, 1)) for ln in num]))

    print("nd30check: %d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
