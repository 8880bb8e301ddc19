#!/usr/bin/env python3
# mkxlsx.py — writes the small .xlsx files the sheet tests read, with
# nothing but zipfile: each file holds only the parts a case needs, so a
# test failing names one feature. Run it from anywhere; the files land
# beside this script and are committed, so the tests need no Python.
#   python3 tests/data/sheet/mkxlsx.py
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2023, 1, 1, 0, 0, 0)          # fixed, so output is reproducible

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PNS = 'http://schemas.openxmlformats.org/package/2006/relationships'
RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'


def esc(s):
    return (s.replace('&', '&amp;').replace('<', '&lt;')
            .replace('>', '&gt;').replace('"', '&quot;'))


def write_zip(name, parts, method=zipfile.ZIP_DEFLATED):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, 'w') as z:
        for pname, data in parts:
            info = zipfile.ZipInfo(pname, STAMP)
            info.compress_type = method
            if isinstance(data, str):
                data = data.encode('utf-8')
            z.writestr(info, data)
    return path


def col(n):
    s = ''
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


class Book:
    """Cells are given as {ref: value}; value types map to cell types:
    int/float → n, str → shared string, ('inline', s), ('rich', [runs]),
    True/False → b, ('sst', index), ('err', '#DIV/0!'),
    ('f', formula, cached or None), ('num', v, style), ('raw', xml)."""

    def __init__(self):
        self.sheets = []           # (name, rows xml, merges)
        self.sst = []
        self.numfmts = []          # (id, code)
        self.xfs = [0]             # numFmtId per style; style 0 General
        self.date1904 = False

    def s(self, text):
        si = '<si><t xml:space="preserve">%s</t></si>' % esc(text)
        if si not in self.sst:
            self.sst.append(si)
        return self.sst.index(si)

    def rich(self, xml):
        self.sst.append('<si>%s</si>' % xml)
        return len(self.sst) - 1

    def style(self, numfmt, code=None):
        if code is not None and (numfmt, code) not in self.numfmts:
            self.numfmts.append((numfmt, code))
        self.xfs.append(numfmt)
        return len(self.xfs) - 1

    def cell(self, ref, v):
        if isinstance(v, bool):
            return '<c r="%s" t="b"><v>%d</v></c>' % (ref, v)
        if isinstance(v, (int, float)):
            return '<c r="%s"><v>%r</v></c>' % (ref, v)
        if isinstance(v, str):
            return '<c r="%s" t="s"><v>%d</v></c>' % (ref, self.s(v))
        kind = v[0]
        if kind == 'sst':
            return '<c r="%s" t="s"><v>%d</v></c>' % (ref, v[1])
        if kind == 'inline':
            return ('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                    % (ref, esc(v[1])))
        if kind == 'num':
            return '<c r="%s" s="%d"><v>%r</v></c>' % (ref, v[2], v[1])
        if kind == 'err':
            return '<c r="%s" t="e"><v>%s</v></c>' % (ref, esc(v[1]))
        if kind == 'f':
            if v[2] is None:
                return '<c r="%s"><f>%s</f></c>' % (ref, esc(v[1]))
            return ('<c r="%s"><f>%s</f><v>%r</v></c>'
                    % (ref, esc(v[1]), v[2]))
        if kind == 'raw':
            return v[1]
        raise ValueError(v)

    def sheet(self, name, cells, merges=(), extra_rows=''):
        rows = {}
        for ref, v in cells.items():
            r = int(''.join(ch for ch in ref if ch.isdigit()))
            rows.setdefault(r, []).append((ref, v))
        xml = []
        for r in sorted(rows):
            cs = sorted(rows[r], key=lambda rv: (len(rv[0]), rv[0]))
            xml.append('<row r="%d">%s</row>'
                       % (r, ''.join(self.cell(ref, v) for ref, v in cs)))
        self.sheets.append((name, ''.join(xml) + extra_rows, merges))

    def parts(self, sst_xml=None, sheet_xml=None, styles_xml=None):
        ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/'
              '2006/content-types"><Default Extension="xml" '
              'ContentType="application/xml"/></Types>')
        rels = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="%s"><Relationship Id="rId1" '
                'Type="%sofficeDocument" Target="xl/workbook.xml"/>'
                '</Relationships>' % (PNS, RT))
        wb = ['<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="%s" '
              'xmlns:r="%s">' % (NS, RNS)]
        if self.date1904:
            wb.append('<workbookPr date1904="1"/>')
        wb.append('<sheets>')
        wrels = ['<?xml version="1.0" encoding="UTF-8"?>'
                 '<Relationships xmlns="%s">' % PNS]
        out = []
        for i, (name, rows, merges) in enumerate(self.sheets, 1):
            wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>'
                      % (esc(name), i, i))
            wrels.append('<Relationship Id="rId%d" Type="%sworksheet" '
                         'Target="worksheets/sheet%d.xml"/>' % (i, RT, i))
            mx = ''
            if merges:
                mx = '<mergeCells count="%d">%s</mergeCells>' % (
                    len(merges),
                    ''.join('<mergeCell ref="%s"/>' % m for m in merges))
            xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet '
                   'xmlns="%s" xmlns:r="%s"><sheetData>%s</sheetData>%s'
                   '</worksheet>' % (NS, RNS, rows, mx))
            if sheet_xml is not None and i == 1:
                xml = sheet_xml
            out.append(('xl/worksheets/sheet%d.xml' % i, xml))
        n = len(self.sheets)
        wrels.append('<Relationship Id="rId%d" Type="%ssharedStrings" '
                     'Target="sharedStrings.xml"/>' % (n + 1, RT))
        wrels.append('<Relationship Id="rId%d" Type="%sstyles" '
                     'Target="styles.xml"/>' % (n + 2, RT))
        wrels.append('</Relationships>')
        wb.append('</sheets></workbook>')
        if sst_xml is None:
            sst_xml = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns='
                       '"%s" count="%d" uniqueCount="%d">%s</sst>' % (
                           NS, len(self.sst), len(self.sst),
                           ''.join(self.sst)))
        if styles_xml is None:
            nf = ''
            if self.numfmts:
                nf = '<numFmts count="%d">%s</numFmts>' % (
                    len(self.numfmts), ''.join(
                        '<numFmt numFmtId="%d" formatCode="%s"/>'
                        % (i, esc(c)) for i, c in self.numfmts))
            styles_xml = (
                '<?xml version="1.0" encoding="UTF-8"?><styleSheet '
                'xmlns="%s">%s<cellStyleXfs count="1"><xf numFmtId="14"/>'
                '</cellStyleXfs><cellXfs count="%d">%s</cellXfs>'
                '</styleSheet>' % (NS, nf, len(self.xfs), ''.join(
                    '<xf numFmtId="%d" fontId="0"/>' % f for f in self.xfs)))
        return [('[Content_Types].xml', ct), ('_rels/.rels', rels),
                ('xl/workbook.xml', ''.join(wb)),
                ('xl/_rels/workbook.xml.rels', ''.join(wrels)),
                ('xl/sharedStrings.xml', sst_xml),
                ('xl/styles.xml', styles_xml)] + out


def basic():
    b = Book()
    d14 = b.style(14)                        # built-in d/m/yyyy
    dmy = b.style(164, 'dd/mm/yyyy;@')       # custom date
    dt = b.style(22)                         # built-in date + time
    tm = b.style(20)                         # built-in h:mm: stays a number
    pct = b.style(165, '0.0%;[Red]-0.0%')    # not a date (has no d/m/y)
    # Rich text: two runs, and a phonetic run that must be skipped.
    rich = b.rich('<r><rPr><b/></rPr><t>LĐLĐ </t></r><r><t xml:space='
                  '"preserve">huyện Mường Tè</t></r><rPh sb="0" eb="1">'
                  '<t>PH</t></rPh>')
    cells = {
        'A1': 'TT', 'B1': 'Đơn vị', 'C1': 'Chỉ tiêu', 'D1': 'Kết quả',
        'E1': 'Ngày', 'F1': 'Đạt', 'G1': 'Ghi chú', 'H1': 'Tỷ lệ',
        'A2': 1, 'B2': 'LĐLĐ huyện Than Uyên', 'C2': 240, 'D2': 338,
        'E2': ('num', 44875, d14), 'F2': True, 'G2': ('inline', 'vượt'),
        'H2': ('num', 1.408, pct),
        'A3': 2, 'B3': 'Công đoàn Viên chức', 'C3': '2.300', 'D3': '139,6',
        'E3': ('num', 44876.5, dt), 'F3': False,
        'G3': ('f', 'C3/0', None), 'H3': ('err', '#DIV/0!'),
        'A4': 3, 'B4': ('sst', rich), 'D4': ('f', 'SUM(D2:D3)', 477),
        'E4': ('num', 45170, dmy), 'G4': ('num', 0.75, tm),
        'A6': '04', 'B6': ('inline', 'Đơn vị phối hợp'),
        'G6': 'a_x000D_b',
    }
    b.sheet('Tong hop', cells)
    b.sheet('Sheet2', {'A1': 'x', 'A2': 1})
    write_zip('basic.xlsx', b.parts())


def header2():
    """The seed's two-row header: TT, TÊN ĐƠN VỊ merged down; GIAI ĐOẠN 1
    merged across its three sub-columns; a title row above."""
    b = Book()
    c = {'A1': 'BIỂU TỔNG HỢP',
         'A3': 'TT', 'B3': 'TÊN ĐƠN VỊ', 'C3': 'GIAI ĐOẠN 1',
         'F3': 'TỔNG KẾT\nQUẢ',
         'C4': 'Chỉ tiêu', 'D4': 'Kết quả', 'E4': 'Tỷ lệ %',
         'A5': 1, 'B5': 'LĐLĐ huyện Than Uyên', 'C5': 115, 'D5': 308,
         'E5': 268, 'F5': 338,
         'A6': 2, 'B6': 'LĐLĐ huyện Nậm Nhùn', 'C6': 65, 'D6': 154,
         'E6': 237, 'F6': 164,
         # stray note to the right of the table
         'H6': 'ghi chú'}
    b.sheet('Biểu', c, merges=['A1:F1', 'A3:A4', 'B3:B4', 'C3:E3',
                                'F3:F4'])
    write_zip('header2.xlsx', b.parts())


def simple(name, cells, merges=(), **kw):
    b = Book()
    b.sheet('S', cells, merges)
    write_zip(name, b.parts(**kw))
    return b


def bad_files():
    with open(os.path.join(HERE, 'notzip.xlsx'), 'w') as f:
        f.write('TT;Đơn vị\n1;Than Uyên\n')
    write_zip('notxlsx.xlsx', [('hello.txt', 'hello\n')])
    write_zip('docx.xlsx', [
        ('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="%s">'
         '<Relationship Id="rId1" Type="%sofficeDocument" '
         'Target="word/document.xml"/></Relationships>' % (PNS, RT)),
        ('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w='
         '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         '<w:body/></w:document>')])
    simple('sst_index.xlsx', {'A1': 'a', 'A2': ('raw',
           '<c r="A2" t="s"><v>7</v></c>')})
    simple('sst_malformed.xlsx', {'A1': 'a'}, sst_xml=(
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s"><si><t>a'
        '</si></sst>' % NS))
    simple('sst_utf8.xlsx', {'A1': 'a'}, sst_xml=(
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s">\n<si><t>'
        % NS).encode() + b'Ph\xe1\xbb\x91 \xc3\x28</t></si></sst>')
    simple('sst_utf16.xlsx', {'A1': 'a'}, sst_xml=(
        '<?xml version="1.0" encoding="UTF-16"?><sst xmlns="%s"><si><t>a'
        '</t></si></sst>' % NS).encode('utf-16'))
    simple('dtd.xlsx', {'A1': 'a'}, sst_xml=(
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<sst xmlns="%s"><si><t>&b;</t></si></sst>' % NS))
    simple('dupkey.xlsx', {'A1': 'Tên', 'B1': 'Tuổi', 'C1': ' Tên ',
                           'A2': 'x', 'B2': 1, 'C2': 'y'})
    simple('emptykey.xlsx', {'A1': 'Tên', 'C1': 'Tuổi',
                             'A2': 'x', 'B2': 'lost', 'C2': 1})
    # A merge that starts left of the header's first cell (found by the
    # fuzzer): its empty top-left hides B1.
    simple('merge_left.xlsx', {'B1': 'x', 'C1': 'y', 'B2': 1, 'C2': 2},
           merges=['A1:B1'])
    simple('emptyv.xlsx', {'A1': 'x', 'A2': ('raw',
           '<c r="A2" t="b"><v></v></c>')})
    simple('badnum.xlsx', {'A1': 'Số', 'A2': '2.15', 'A3': '1,234.5'})
    b = Book()
    d = b.style(14)
    b.sheet('S', {'A1': 'Ngày', 'A2': ('num', 59, d), 'A3': ('num', 60, d),
                  'A4': ('num', 61, d)})
    write_zip('serial60.xlsx', b.parts())
    simple('badref.xlsx', {'A1': 'x', 'A2': ('raw',
           '<c r="A0"><v>1</v></c>')})
    simple('twice.xlsx', {'A1': 'x', 'A2': ('raw',
           '<c r="A2"><v>1</v></c><c r="A2"><v>2</v></c>')})
    # A sheet part far larger than the limit (64 MiB) once inflated:
    # about 65 KiB on disk.
    big = ('<?xml version="1.0"?><worksheet xmlns="%s"><sheetData>' % NS +
           ' ' * (65 << 20) + '</sheetData></worksheet>')
    simple('bomb.xlsx', {'A1': 'x'}, sheet_xml=big)
    lying_directory()


def lying_directory():
    """A sheet whose zip directory understates its inflated size: the
    reader must stop at the declared size, not trust it."""
    rows = ''.join('<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                   for i in range(1, 2001))
    b = Book()
    b.sheet('S', {'A1': 'x'})
    parts = b.parts(sheet_xml='<?xml version="1.0"?><worksheet xmlns="%s">'
                    '<sheetData>%s</sheetData></worksheet>' % (NS, rows))
    path = write_zip('bomb_lie.xlsx', parts)
    data = bytearray(open(path, 'rb').read())
    target = b'xl/worksheets/sheet1.xml'
    # Patch the uncompressed size in the local header and the central
    # directory entry of the sheet part to 100 bytes.
    i = 0
    while True:
        i = data.find(target, i)
        if i < 0:
            break
        if data[i - 30:i - 26] == b'PK\x03\x04':
            struct.pack_into('<I', data, i - 30 + 22, 100)
        elif data[i - 46:i - 42] == b'PK\x01\x02':
            struct.pack_into('<I', data, i - 46 + 24, 100)
        i += 1
    open(path, 'wb').write(data)


def dates1904():
    b = Book()
    b.date1904 = True
    d = b.style(14)
    b.sheet('S', {'A1': 'Ngày', 'A2': ('num', 0, d), 'A3': ('num', 43413, d)})
    write_zip('date1904.xlsx', b.parts())


def sparse():
    """Rows and cells out of order, cells without r=, an empty styled row,
    a row with only formatting, gaps."""
    b = Book()
    sx = ('<row r="3"><c r="B3"><v>32</v></c><c r="A3"><v>31</v></c></row>'
          '<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inline'
          'Str"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is>'
          '</c></row>'
          '<row r="2"><c r="C2" s="0"/><c r="A2"><v>21</v></c></row>'
          '<row r="5"><c r="A5" s="0"/><c r="B5" s="0"/></row>'
          '<row r="7"><c r="C7"><v>73</v></c></row>')
    b.sheet('S', {}, extra_rows=sx)
    write_zip('sparse.xlsx', b.parts())


def manycells():
    rows = ''.join('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>1'
                   '</v></c></row>' % (i, i, i, i) for i in range(2, 302))
    b = Book()
    b.sheet('S', {'A1': 'a', 'B1': 'b'}, extra_rows=rows)
    write_zip('manycells.xlsx', b.parts())


def corpus():
    """Seeds for tests/fuzz/fuzz_xlsx.c: whole files (mode byte 0, 2, 10)
    and the XML parts of basic.xlsx and header2.xlsx (mode byte 1, 11)."""
    out = os.path.join(HERE, '..', '..', 'fuzz', 'corpus', 'xlsx')
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(HERE)):
        if not name.endswith('.xlsx') or name.startswith('bomb'):
            continue
        data = open(os.path.join(HERE, name), 'rb').read()
        mode = b'\x0a' if name == 'header2.xlsx' else b'\x00'
        open(os.path.join(out, name[:-5]), 'wb').write(mode + data)
    for name, mode in (('basic.xlsx', b'\x01'), ('header2.xlsx', b'\x0b')):
        z = zipfile.ZipFile(os.path.join(HERE, name))
        parts = [z.read(p) for p in ('xl/worksheets/sheet1.xml',
                                     'xl/sharedStrings.xml', 'xl/styles.xml',
                                     'xl/workbook.xml')]
        open(os.path.join(out, 'parts-' + name[:-5]), 'wb').write(
            mode + b'\0'.join(parts))


if __name__ == '__main__':
    basic()
    header2()
    bad_files()
    dates1904()
    sparse()
    manycells()
    corpus()
