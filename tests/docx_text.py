#!/usr/bin/env python3
"""docx_text.py — what a DOCX says, for golden tests and for comparing
with the PDF of the same document.

usage: docx_text.py FILE.docx            print the projection
       docx_text.py --vs FILE.pdf FILE.docx
                                          check that every paragraph of
                                          the DOCX (read with Debian's
                                          python3-docx when installed)
                                          appears in the PDF's text

The projection is one line per paragraph of word/document.xml, in
document order: the paragraph's style, then its text ("→" for a tab,
"↵" for a line break), "|" between the cells of a table row and
"== section" where a section ends (its orientation). It leaves out
everything Word or LibreOffice may write differently (rsids, sizes of
unchanged runs), so a change in it is a change a reader would see.
"""
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("→")
        elif el.tag in (W + "br", W + "cr"):
            out.append("↵")
    return "".join(out)


def style(p):
    ps = p.find(W + "pPr/" + W + "pStyle")
    return ps.get(W + "val") if ps is not None else "-"


def walk(el, lines, depth=0):
    for ch in el:
        if ch.tag == W + "p":
            t = para_text(ch)
            sect = ch.find(W + "pPr/" + W + "sectPr")
            if t or sect is None:
                lines.append("%s%s %s" % ("  " * depth, style(ch), t))
            if sect is not None:
                pg = sect.find(W + "pgSz")
                orient = pg.get(W + "orient", "portrait") if pg is not None else "?"
                lines.append("%s== section %s" % ("  " * depth, orient))
        elif ch.tag == W + "tbl":
            lines.append("%stable" % ("  " * depth))
            for tr in ch.findall(W + "tr"):
                cells = []
                for tc in tr.findall(W + "tc"):
                    cells.append(" ↵ ".join(para_text(p) for p in
                                             tc.findall(W + "p") if para_text(p)))
                lines.append("%s  row %s" % ("  " * depth, " | ".join(cells)))
        elif ch.tag == W + "sectPr":
            pg = ch.find(W + "pgSz")
            orient = pg.get(W + "orient", "portrait") if pg is not None else "?"
            lines.append("== section %s" % orient)


def paragraphs(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    body = root.find(W + "body")
    texts = []
    for p in body.iter(W + "p"):
        t = para_text(p).replace("→", " ").replace("↵", " ")
        if t.strip():
            texts.append(t)
    return body, texts


def paragraphs_pydocx(path):
    """The paragraphs as python-docx (Debian's python3-docx) reads them:
    the file must open in a third-party reader, not only in ours."""
    import docx
    d = docx.Document(path)
    texts = [p.text for p in d.paragraphs]
    seen = set()
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:   # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                texts += [p.text for p in cell.paragraphs]
    return [t.replace("\t", " ").replace("\n", " ") for t in texts
            if t.strip()]


def norm(s):
    # pdftotext joins a line that ends in "-" with the next one: compare
    # without hyphens and without white space.
    return re.sub(r"[\s\-]+", "", s)


def main(argv):
    if argv and argv[0] == "--vs":
        pdf, docx = argv[1], argv[2]
        txt = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                             capture_output=True, check=True).stdout.decode()
        # A page number is the first line of its page in the PDF's text.
        pages = []
        for pg in txt.split("\f"):
            lines = pg.split("\n")
            while lines and not lines[0].strip():
                lines.pop(0)
            if lines and re.fullmatch(r"\s*\d+\s*", lines[0]):
                lines.pop(0)
            pages.append("\n".join(lines))
        txt = "\n".join(pages)
        hay = norm(txt)
        try:
            texts = paragraphs_pydocx(docx)
            how = "python-docx"
        except ImportError:
            _, texts = paragraphs(docx)
            how = "zip+xml"
        print("read with %s" % how)
        missing = [t for t in texts if norm(t) not in hay]
        for t in missing:
            print("only in the DOCX: %s" % t)
        print("docx_text: %d passed, %d failed" %
              (len(texts) - len(missing), len(missing)))
        return 1 if missing else 0
    body, _ = paragraphs(argv[0])
    lines = []
    walk(body, lines)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
