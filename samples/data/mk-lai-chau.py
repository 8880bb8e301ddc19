#!/usr/bin/env python3
# mk-lai-chau.py — writes lai-chau-don-vi.xlsx and lai-chau-don-vi.csv
# beside this script: the unit table ("BIỂU TỔNG HỢP") annexed to Công văn
# 1070/LĐLĐ of LĐLĐ tỉnh Lai Châu, 10/11/2022 (seed 000), transcribed
# figure for figure. Only the Python standard library is used.
#   python3 samples/data/mk-lai-chau.py
#
# The workbook has two sheets:
#   "Tong hop"  the twelve unit rows under the seed's two-row header, with
#               the group cells merged as printed (read it with
#               headers=2); no totals row: a template computes totals.
#   "Dong tong" the seed's printed totals row, as text exactly as typed
#               ("2.300" next to "2152"), under the CSV's keys, so that
#               a check can compare them with the sums.
# The CSV holds the same twelve rows under one header of ASCII keys; see
# README.md for the keys. Blank cells of the seed stay blank.
import math
import os
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2022, 11, 10, 0, 0, 0)

KEYS = ['tt', 'don_vi', 'chi_tieu_2gd',
        'gd1_chi_tieu', 'gd1_ket_qua', 'gd1_ty_le',
        'gd2_chi_tieu', 'gd2_ket_qua', 'gd2_ty_le',
        'tong_ket_qua', 'ty_le']

# TT, TÊN ĐƠN VỊ, CHỈ TIÊU 2 GIAI ĐOẠN, GĐ1 chỉ tiêu / kết quả / tỷ lệ %,
# GĐ2 chỉ tiêu / kết quả / tỷ lệ %, TỔNG KẾT QUẢ 2 GIAI ĐOẠN, TỶ LỆ %.
# None is a cell the seed leaves blank.
ROWS = [
    (1, 'LĐLĐ huyện Than Uyên', 240, 115, 308, 268, 125, 30, 24, 338, 141),
    (2, 'LĐLĐ huyện Nậm Nhùn', 130, 65, 154, 237, 65, 10, 15, 164, 126),
    (3, 'LĐLĐ huyện Tân Uyên', 180, 95, 138, 145, 85, 85, 100, 223, 124),
    (4, 'LĐLĐ huyện Sìn Hồ', 250, 130, 162, 125, 120, 83, 69, 245, 98),
    (5, 'Công đoàn Viên chức', 280, 140, 249, 178, 140, 19, 14, 268, 96),
    (6, 'LĐLĐ huyện Phong Thổ', 265, 135, 155, 115, 130, 85, 65, 240, 91),
    (7, 'LĐLĐ huyện Mường Tè', 180, 95, 139, 146, 85, 17, 20, 156, 87),
    (8, 'LĐLĐ Thành phố', 200, 130, 137, 105, 70, 34, 49, 171, 86),
    (9, 'CĐN Giáo dục', 115, 60, 68, 113, 55, 3, 5, 71, 62),
    (10, 'LĐLĐ huyện Tam Đường', 180, 95, 101, 106, 85, 8, 9, 109, 61),
    (11, 'Công đoàn ngành Y tế', 280, 140, 84, 60, 140, 2, 1, 86, 31),
    (12, 'Đơn vị phối hợp', 0, 0, 80, None, None, 1, None, 81, None),
]

# The totals row as printed: "Tổng 2.300 1.200 1.775 _ 1.100 377 _ 2152 94".
TOTALS = [None, 'Tổng', '2.300', '1.200', '1.775', None, '1.100', '377',
          None, '2152', '94']

HEAD1 = ['TT', 'TÊN ĐƠN VỊ', 'CHỈ TIÊU 2 GIAI ĐOẠN', 'GIAI ĐOẠN 1', None,
         None, 'GIAI ĐOẠN 2', None, None, 'TỔNG KẾT QUẢ 2 GIAI ĐOẠN',
         'TỶ LỆ %']
# The seed writes "Tỷ lệ %" under GĐ 1 and "Tỷ lệ%" under GĐ 2; one
# spelling is kept so that the two keys differ only by their group.
HEAD2 = [None, None, None, 'Chỉ tiêu', 'Kết quả', 'Tỷ lệ %', 'Chỉ tiêu',
         'Kết quả', 'Tỷ lệ %', None, None]
MERGES = ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1', 'G1:I1', 'J1:J2', 'K1:K2']


def nfc(s):
    return unicodedata.normalize('NFC', s)


def check():
    """The seed's arithmetic: every figure below holds for all rows."""
    def pct(a, b):
        return math.floor(a * 100 / b + 0.5)
    for tt, _, ct, c1, k1, p1, c2, k2, p2, tk, p in ROWS[:11]:
        assert ct == c1 + c2 and tk == k1 + k2, tt
        assert (p1, p2, p) == (pct(k1, c1), pct(k2, c2), pct(tk, ct)), tt
    col = [sum(r[i] or 0 for r in ROWS) for i in range(2, 11)]
    assert col[0] == 2300 and col[1] == 1200 and col[2] == 1775
    assert col[4] == 1100 and col[5] == 377 and col[7] == 2152
    assert pct(2152, 2300) == 94


def esc(s):
    return (s.replace('&', '&amp;').replace('<', '&lt;')
            .replace('>', '&gt;').replace('"', '&quot;'))


def colname(i):
    return chr(ord('A') + i)


class Strings:
    def __init__(self):
        self.v = []

    def idx(self, s):
        s = nfc(s)
        if s not in self.v:
            self.v.append(s)
        return self.v.index(s)


def cell(sst, ref, v, style):
    if v is None:
        return '<c r="%s" s="%d"/>' % (ref, style)
    if isinstance(v, int):
        return '<c r="%s" s="%d"><v>%d</v></c>' % (ref, style, v)
    return '<c r="%s" s="%d" t="s"><v>%d</v></c>' % (ref, style, sst.idx(v))


def sheet_xml(rows, merges, widths):
    cols = ''.join('<col min="%d" max="%d" width="%g" customWidth="1"/>'
                   % (i + 1, i + 1, w) for i, w in enumerate(widths))
    m = ''
    if merges:
        m = '<mergeCells count="%d">%s</mergeCells>' % (
            len(merges), ''.join('<mergeCell ref="%s"/>' % r
                                 for r in merges))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships">'
            '<cols>%s</cols><sheetData>%s</sheetData>%s</worksheet>'
            % (cols, ''.join(rows), m))


def xlsx(path):
    sst = Strings()
    head, body = 1, 2          # styles: bold centred header, plain body
    rows = []
    for r, vals in ((1, HEAD1), (2, HEAD2)):
        rows.append('<row r="%d">%s</row>' % (r, ''.join(
            cell(sst, '%s%d' % (colname(i), r), v, head)
            for i, v in enumerate(vals))))
    for n, vals in enumerate(ROWS, 3):
        rows.append('<row r="%d">%s</row>' % (n, ''.join(
            cell(sst, '%s%d' % (colname(i), n), v, body)
            for i, v in enumerate(vals) if v is not None)))
    s1 = sheet_xml(rows, MERGES, [5, 26, 11, 9, 9, 9, 9, 9, 9, 13, 8])
    rows2 = ['<row r="1">%s</row>' % ''.join(
        cell(sst, '%s1' % colname(i), k, head) for i, k in enumerate(KEYS)),
        '<row r="2">%s</row>' % ''.join(
            cell(sst, '%s2' % colname(i), v, body)
            for i, v in enumerate(TOTALS) if v is not None)]
    s2 = sheet_xml(rows2, [], [5, 12] + [12] * 9)
    ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    rt = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    pr = 'http://schemas.openxmlformats.org/package/2006/relationships'
    ctx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.'
    parts = [
        ('[Content_Types].xml',
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="rels" ContentType="application/'
         'vnd.openxmlformats-package.relationships+xml"/><Default Extension='
         '"xml" ContentType="application/xml"/><Override PartName="/xl/'
         'workbook.xml" ContentType="%ssheet.main+xml"/><Override PartName='
         '"/xl/worksheets/sheet1.xml" ContentType="%sworksheet+xml"/>'
         '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="%s'
         'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
         'ContentType="%ssharedStrings+xml"/><Override PartName="/xl/'
         'styles.xml" ContentType="%sstyles+xml"/></Types>'
         % (ctx, ctx, ctx, ctx, ctx)),
        ('_rels/.rels',
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>'
         % (pr, rt)),
        ('xl/workbook.xml',
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Tong hop" '
         'sheetId="1" r:id="rId1"/><sheet name="Dong tong" sheetId="2" '
         'r:id="rId2"/></sheets></workbook>' % (ns, rt)),
        ('xl/_rels/workbook.xml.rels',
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
         'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id='
         '"rId2" Type="%s/worksheet" Target="worksheets/sheet2.xml"/>'
         '<Relationship Id="rId3" Type="%s/sharedStrings" Target='
         '"sharedStrings.xml"/><Relationship Id="rId4" Type="%s/styles" '
         'Target="styles.xml"/></Relationships>' % (pr, rt, rt, rt, rt)),
        ('xl/worksheets/sheet1.xml', s1),
        ('xl/worksheets/sheet2.xml', s2),
        ('xl/sharedStrings.xml',
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
         % (ns, len(sst.v), len(sst.v), ''.join(
             '<si><t>%s</t></si>' % esc(s) for s in sst.v))),
        ('xl/styles.xml',
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<styleSheet xmlns="%s"><fonts count="2"><font><sz val="12"/>'
         '<name val="Times New Roman"/></font><font><b/><sz val="12"/>'
         '<name val="Times New Roman"/></font></fonts><fills count="2">'
         '<fill><patternFill patternType="none"/></fill><fill><patternFill '
         'patternType="gray125"/></fill></fills><borders count="2"><border/>'
         '<border><left style="thin"/><right style="thin"/><top style='
         '"thin"/><bottom style="thin"/></border></borders><cellStyleXfs '
         'count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
         '</cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" '
         'fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" '
         'fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" '
         'applyAlignment="1"><alignment horizontal="center" vertical='
         '"center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId='
         '"0" borderId="1" xfId="0" applyBorder="1"/></cellXfs>'
         '</styleSheet>' % ns),
    ]
    with zipfile.ZipFile(path, 'w') as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode('utf-8'))


def csv(path):
    lines = [';'.join(KEYS)]
    for r in ROWS:
        lines.append(';'.join('' if v is None else nfc(str(v)) for v in r))
    with open(path, 'wb') as f:
        # Excel's "CSV UTF-8": a BOM, semicolons, CRLF.
        f.write(b'\xef\xbb\xbf' + '\r\n'.join(lines).encode('utf-8') +
                b'\r\n')


if __name__ == '__main__':
    check()
    xlsx(os.path.join(HERE, 'lai-chau-don-vi.xlsx'))
    csv(os.path.join(HERE, 'lai-chau-don-vi.csv'))
