#!/usr/bin/env python3
"""docx_check.py — structural checks of a .docx written by vanban.

    python3 tests/docx_check.py [--schemas DIR] [--nd30] FILE.docx...

Checks, per package:
  - every part is well-formed XML;
  - [Content_Types].xml covers every part (Default by extension or
    Override by name), and every Override names a part that exists;
  - every relationship of _rels/.rels and word/_rels/*.rels resolves to
    a part, and every r:id used in a WML part is declared;
  - every part validates against the ECMA-376 schemas (xmllint), when the
    schema directory exists (default: $VB_TOP/../shared/ooxml-xsd);
  - what the schemas let through and Word does not: every w:tc holds a
    w:p, the body does not end with a table (before its sectPr), and the
    gridSpan sums of every row equal the table's grid;
  - every w:t carries xml:space="preserve"; every style referenced exists;
  - with --nd30, ND30.md §19 F32: A4, margins in range, titlePg, the PAGE
    field in the default header, Times New Roman, body style justified
    with w:line 240–360, w:before >= 120, first-line indent 567 or 720.

Prints one line per problem and "docx_check: N passed, N failed";
exits 1 if any check failed, 2 on usage errors. Python standard library
only, plus xmllint (libxml2-utils) for the schemas.
"""
import os
import posixpath
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = ('http://schemas.openxmlformats.org/officeDocument/2006/'
     'relationships')
PKG = 'http://schemas.openxmlformats.org/package/2006/'
XML_NS = 'http://www.w3.org/XML/1998/namespace'
CT_MAIN = ('application/vnd.openxmlformats-officedocument.'
           'wordprocessingml.document.main+xml')

SCHEMAS = [  # (predicate on part name, schema file under the schema dir)
    (lambda n: n.startswith('word/') and n.endswith('.xml') and
     '/_rels/' not in n, 'wml.xsd'),
    (lambda n: n == '[Content_Types].xml',
     'opc-xsd/opc-contentTypes.xsd'),
    (lambda n: n.endswith('.rels'), 'opc-xsd/opc-relationships.xsd'),
    (lambda n: n == 'docProps/core.xml',
     'opc-xsd/opc-coreProperties.xsd'),
    (lambda n: n == 'docProps/app.xml',
     'shared-documentPropertiesExtended.xsd'),
]


def w(tag):
    return '{%s}%s' % (W, tag)


class Check:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print('FAIL %s: %s' % (self.name, msg))
        return cond


def rels_base(rels_name):
    # word/_rels/document.xml.rels -> word/ ; _rels/.rels -> ''
    d = posixpath.dirname(posixpath.dirname(rels_name))
    return d


def check_package(path, schema_dir, nd30, c):
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        c.ok(False, 'not a zip: %s' % e)
        return
    names = [i.filename for i in z.infolist()
             if not i.filename.endswith('/')]
    c.ok(len(names) == len(set(names)), 'duplicate part names')
    trees = {}
    for n in names:
        data = z.read(n)
        try:
            trees[n] = ET.fromstring(data)
            c.ok(True, '')
        except ET.ParseError as e:
            c.ok(False, '%s is not well-formed: %s' % (n, e))

    # Content types.
    ct = trees.get('[Content_Types].xml')
    if c.ok(ct is not None, 'no [Content_Types].xml'):
        defaults = {e.get('Extension').lower(): e.get('ContentType')
                    for e in ct if e.tag.endswith('Default')}
        overrides = {e.get('PartName'): e.get('ContentType')
                     for e in ct if e.tag.endswith('Override')}
        for n in names:
            if n == '[Content_Types].xml' or n.endswith('/'):
                continue
            ext = n.rsplit('.', 1)[-1].lower()
            c.ok('/' + n in overrides or ext in defaults,
                 'no content type for %s' % n)
        for p in overrides:
            c.ok(p.lstrip('/') in names,
                 'Override for a missing part %s' % p)
        c.ok(CT_MAIN in overrides.values(), 'no main document part')

    # Relationships.
    declared = {}
    for n in names:
        if not n.endswith('.rels') or n not in trees:
            continue
        base = rels_base(n)
        src = posixpath.join(base, posixpath.basename(n)[:-5])
        ids = set()
        for rel in trees[n]:
            rid, target = rel.get('Id'), rel.get('Target')
            c.ok(rid not in ids, '%s: duplicate Id %s' % (n, rid))
            ids.add(rid)
            if rel.get('TargetMode') == 'External':
                continue
            full = posixpath.normpath(posixpath.join(base, target)) \
                if not target.startswith('/') else target[1:]
            c.ok(full in names, '%s: %s -> missing %s' % (n, rid, full))
        declared[src] = ids
    for n, t in trees.items():
        if not n.startswith('word/') or n.endswith('.rels'):
            continue
        for e in t.iter():
            for k, v in e.attrib.items():
                if k.startswith('{%s}' % R):
                    c.ok(v in declared.get(n, set()),
                         '%s: r:id %s not declared' % (n, v))

    # Schemas.
    if schema_dir is not None:
        with tempfile.TemporaryDirectory() as tmp:
            for n in names:
                xsd = next((s for p, s in SCHEMAS if p(n)), None)
                if xsd is None:
                    c.ok(False, 'no schema known for %s' % n)
                    continue
                f = os.path.join(tmp, 'part.xml')
                with open(f, 'wb') as fh:
                    fh.write(z.read(n))
                r = subprocess.run(
                    ['xmllint', '--noout', '--nonet', '--schema',
                     os.path.join(schema_dir, xsd), f],
                    capture_output=True, text=True)
                c.ok(r.returncode == 0, '%s fails %s:\n%s' % (
                    n, xsd, r.stderr.replace(f, n).strip()))

    doc = trees.get('word/document.xml')
    sty = trees.get('word/styles.xml')
    if doc is None or sty is None:
        c.ok(False, 'no document.xml or styles.xml')
        return
    body = doc.find(w('body'))
    kids = list(body)
    c.ok(kids and kids[-1].tag == w('sectPr'), 'body must end with sectPr')
    c.ok(len(kids) >= 2 and kids[-2].tag != w('tbl'),
         'body ends with a table')
    for tc in doc.iter(w('tc')):
        c.ok(tc.find(w('p')) is not None, 'a table cell has no paragraph')
    for ti, tbl in enumerate(doc.iter(w('tbl'))):
        ncol = len(tbl.findall(w('tblGrid') + '/' + w('gridCol')))
        for ri, tr in enumerate(tbl.findall(w('tr'))):
            s = 0
            for tc in tr.findall(w('tc')):
                g = tc.find(w('tcPr') + '/' + w('gridSpan'))
                s += int(g.get(w('val'))) if g is not None else 1
            c.ok(s == ncol, 'table %d row %d spans %d of %d columns' % (
                ti + 1, ri + 1, s, ncol))
    for n, t in trees.items():
        for e in t.iter(w('t')):
            if not c.ok(e.get('{%s}space' % XML_NS) == 'preserve',
                        '%s: w:t without xml:space="preserve": %r' % (
                            n, e.text)):
                break
    styles = {s.get(w('styleId')): s for s in sty.iter(w('style'))}
    for n, t in trees.items():
        for tag in ('pStyle', 'rStyle', 'tblStyle'):
            for e in t.iter(w(tag)):
                c.ok(e.get(w('val')) in styles,
                     '%s: unknown style %s' % (n, e.get(w('val'))))
    for s in styles.values():
        for tag in ('basedOn', 'next'):
            e = s.find(w(tag))
            if e is not None:
                c.ok(e.get(w('val')) in styles, 'style %s: %s %s missing' % (
                    s.get(w('styleId')), tag, e.get(w('val'))))

    if nd30:
        check_nd30(doc, sty, styles, trees, c)


def ival(e, attr):
    return int(e.get(w(attr))) if e is not None and e.get(w(attr)) else None


def check_nd30(doc, sty, styles, trees, c):
    sects = list(doc.iter(w('sectPr')))
    main = sects[0]
    sz = main.find(w('pgSz'))
    c.ok((ival(sz, 'w'), ival(sz, 'h')) == (11906, 16838), 'not A4 portrait')
    for s in sects:
        sz = s.find(w('pgSz'))
        dims = sorted((ival(sz, 'w'), ival(sz, 'h')))
        c.ok(dims == [11906, 16838], 'a section is not A4')
        if sz.get(w('orient')) == 'landscape':
            c.ok(ival(sz, 'w') > ival(sz, 'h'), 'landscape not swapped')
        m = s.find(w('pgMar'))
        for side, lo, hi in (('top', 1134, 1418), ('bottom', 1134, 1418),
                             ('left', 1701, 1985), ('right', 851, 1134)):
            v = ival(m, side)
            c.ok(v is not None and lo <= v <= hi,
                 'margin %s %s not in %d–%d' % (side, v, lo, hi))
    c.ok(main.find(w('titlePg')) is not None, 'no titlePg on page 1')
    hdr = None
    for ref in main.findall(w('headerReference')):
        if ref.get(w('type')) == 'default':
            hdr = ref.get('{%s}id' % R)
    rels = trees.get('word/_rels/document.xml.rels')
    target = None
    for rel in rels if rels is not None else []:
        if rel.get('Id') == hdr:
            target = 'word/' + rel.get('Target')
    ht = trees.get(target)
    c.ok(ht is not None and any('PAGE' in (e.text or '')
                                for e in ht.iter(w('instrText'))) or
         ht is not None and any('PAGE' in e.get(w('instr'), '')
                                for e in ht.iter(w('fldSimple'))),
         'no PAGE field in the default header')
    fonts = sty.find(w('docDefaults') + '//' + w('rFonts'))
    c.ok(fonts is not None and all(
        fonts.get(w(a)) == 'Times New Roman'
        for a in ('ascii', 'hAnsi', 'cs', 'eastAsia')),
        'docDefaults fonts are not Times New Roman')
    for t in trees.values():
        for e in t.iter(w('rFonts')):
            if e is fonts:
                continue
            c.ok(all(v == 'Times New Roman' for v in e.attrib.values()
                     if not v.endswith('Theme')),
                 'a run uses another font: %s' % e.attrib)

    def prop(sid, path, attr):
        while sid is not None:
            s = styles.get(sid)
            if s is None:
                return None
            e = s.find(path)
            if e is not None and e.get(w(attr)) is not None:
                return e.get(w(attr))
            b = s.find(w('basedOn'))
            sid = b.get(w('val')) if b is not None else None
        return None

    used = set()
    for p in doc.iter(w('p')):
        ps = p.find(w('pPr') + '/' + w('pStyle'))
        if ps is not None:
            used.add(ps.get(w('val')))
    body_styles = [s for s in used if prop(s, w('pPr') + '/' + w('jc'),
                                           'val') == 'both']
    c.ok(body_styles, 'no justified body style in use')
    for s in body_styles:
        pp = w('pPr') + '/'
        line = prop(s, pp + w('spacing'), 'line')
        rule = prop(s, pp + w('spacing'), 'lineRule')
        before = prop(s, pp + w('spacing'), 'before')
        c.ok(line is not None and 240 <= int(line) <= 360 and
             rule == 'auto', 'style %s: line %s %s' % (s, line, rule))
        c.ok(before is not None and int(before) >= 120,
             'style %s: space before %s' % (s, before))
        first = prop(s, pp + w('ind'), 'firstLine')
        hang = prop(s, pp + w('ind'), 'hanging')
        c.ok(hang is not None or first in (None, '0', '567', '720'),
             'style %s: first-line indent %s' % (s, first))
    c.ok(prop('VbBody', w('pPr') + '/' + w('ind'), 'firstLine') in
         ('567', '720'), 'body first-line indent not 567/720')


def main(argv):
    schema_dir = None
    nd30 = False
    files = []
    i = 1
    while i < len(argv):
        if argv[i] == '--schemas' and i + 1 < len(argv):
            schema_dir = argv[i + 1]
            i += 2
        elif argv[i] == '--nd30':
            nd30 = True
            i += 1
        elif argv[i].startswith('-'):
            print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
            return 2
        else:
            files.append(argv[i])
            i += 1
    if not files:
        print('usage: docx_check.py [--schemas DIR] [--nd30] FILE...',
              file=sys.stderr)
        return 2
    if schema_dir is None:
        top = os.environ.get('VB_TOP', os.getcwd())
        schema_dir = os.path.join(top, '..', 'shared', 'ooxml-xsd')
    if not os.path.isfile(os.path.join(schema_dir, 'wml.xsd')):
        print('docx_check: schemas not found in %s; schema validation '
              'skipped' % schema_dir)
        schema_dir = None
    c = Check('docx_check')
    for f in files:
        c.name = 'docx_check %s' % os.path.basename(f)
        check_package(f, schema_dir, nd30, c)
    print('docx_check: %d passed, %d failed' % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
