"""The guard on shared strings (loaders.gedeeld) against the readers themselves: for every way fresh eyes and we found to
write the strings and the cells that refer to them, the guard's bound of each string, and of the text the cells hold
together, is at least what python-calamine and fastexcel (the two readers of an upload) actually read. A spelling that
made the guard number the strings otherwise than a reader let a 1,3 MB upload take the checking process to 8 GB."""

from __future__ import annotations

import contextlib
import io
import zipfile

import fastexcel
import numpy as np
import pytest
from python_calamine import CalamineWorkbook

from loaders import gedeeld

SHEET = "xl/worksheets/sheet1.xml"
LONG = "L" * 5_000
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook(strings: str, cells: str) -> bytes:
    """A one-sheet xlsx whose shared strings part holds `strings` (the XML inside <sst>) and whose sheet's first row
    holds `cells` (the XML of its cells)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
        'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org'
        '/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
        'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
        '/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>{strings}</sst>',
        SHEET: f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData><row r="1">{cells}</row></sheetData>'
               '</worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def refs(*indexes: int, spelling: str = '<c r="{col}1" t="s"><v>{i}</v></c>') -> str:
    return "".join(spelling.format(col="ABCDEFGH"[n], i=i) for n, i in enumerate(indexes))


def read_by_readers(data: bytes) -> list[list[str]]:
    """The first row's text as each reader that can read the workbook reads it (UTF-8 bytes count below)."""
    rows = []
    # A reader that refuses the file reads nothing.
    with contextlib.suppress(Exception):
        rows.append([str(v) for v in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[0]])
    with contextlib.suppress(Exception):
        table = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string").to_arrow()
        rows.append([str(table.column(i)[0].as_py() or "") for i in range(table.num_columns)])
    return rows


CASES = {
    # As Excel and xlsxwriter write them.
    "plain": (f"<si><t>kort</t></si><si><t>{LONG}</t></si>", refs(1, 1, 0)),
    "rich text in runs": (f"<si><r><t>{LONG}</t></r><r><rPr><b/></rPr><t>{LONG}</t></r></si>", refs(0, 0)),
    "empty strings": (f"<si><t/></si><si></si><si/><si><t>{LONG}</t></si>", refs(3, 3, 0, 1, 2)),
    "prefixed": (f'<x:si xmlns:x="urn:x"><x:t>a</x:t></x:si><x:si xmlns:x="urn:x"><x:t>{LONG}</x:t></x:si>', refs(1, 1)),
    # Fresh eyes: strings the guard numbered otherwise than a reader.
    "nested empty si": (f"<si><si/><t>x</t></si><si><t>{LONG}</t></si>", refs(1, 1, 1)),
    "nested pair": (f"<si><si></si><t>x</t></si><si><t>{LONG}</t></si>", refs(1, 1, 1)),
    "si in phonetic run": (f'<si><rPh sb="0" eb="1"><si/></rPh><t>x</t></si><si><t>{LONG}</t></si>', refs(1, 1)),
    "end tag in attribute": (f'<si><r><rPr><rFont val="</si><si>"/></rPr><t>x</t></r></si><si><t>{LONG}</t></si>',
                             refs(1, 1, 0)),
    "empty tag in attribute": (f'<si><t a="<si/>">x</t></si><si><t>{LONG}</t></si>', refs(1, 1)),
    "comment": (f"<si><t>x</t><!-- </si><si> --></si><si><t>{LONG}</t></si>", refs(1, 1)),
    "cdata": (f"<si><t><![CDATA[</si><si>]]></t></si><si><t>{LONG}</t></si>", refs(1, 1)),
    "instruction": (f"<si><t>x</t><?pi </si><si>?></si><si><t>{LONG}</t></si>", refs(1, 1)),
    "attributes on si": (f'<si a="1"><t>x</t></si><si ><t>{LONG}</t></si >', refs(1, 1)),
    # Cells in other spellings than t="s" last with one value.
    "two values": (f"<si><t>x</t></si><si><t>{LONG}</t></si>", refs(0, 0, spelling='<c r="{col}1" t="s"><v>{i}</v>'
                                                                        '<v>1</v></c>')),
    "single quotes": (f"<si><t>x</t></si><si><t>{LONG}</t></si>", refs(1, 1, spelling="<c r='{col}1' t='s'><v>{i}</v></c>")),
    "t first": (f"<si><t>x</t></si><si><t>{LONG}</t></si>", refs(1, 1, spelling='<c t="s" r="{col}1"><v>{i}</v></c>')),
    "value with blanks": (f"<si><t>x</t></si><si><t>{LONG}</t></si>", refs(1, 1, spelling='<c r="{col}1" t="s"><v> {i} '
                                                                                          '</v></c>')),
    "formula first": (f"<si><t>x</t></si><si><t>{LONG}</t></si>", refs(1, 1, spelling='<c r="{col}1" t="s"><f>A1</f>'
                                                                                      '<v>{i}</v></c>')),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_guard_never_counts_less_text_than_a_reader_reads(name: str) -> None:
    data = workbook(*CASES[name])
    read = read_by_readers(data)
    assert read, f"{name}: no reader read it, so it says nothing about the guard"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = gedeeld.string_lengths(archive, {SHEET})
        guard_total = gedeeld._sheet_text_bytes(archive, SHEET, strings)
    for row in read:
        sizes = [len(v.encode()) for v in row]
        assert strings.longest() >= max(sizes), (name, strings.longest(), sizes)
        assert guard_total >= sum(sizes), (name, guard_total, sizes)


def test_strings_written_as_writers_write_them_are_bounded_one_by_one() -> None:
    """The usual case stays cheap and precise: each string its own length (its XML), the head of the part left out."""
    with zipfile.ZipFile(io.BytesIO(workbook(*CASES["plain"]))) as archive:
        strings = gedeeld.string_lengths(archive, {SHEET})
    assert strings.unusual == 0
    assert strings.lengths.tolist() == [len("<si><t>kort</t>"), len(f"<si><t>{LONG}</t>")]
    assert strings.bound(np.array([0, 1, 7])).tolist() == [15, 5_011, 5_011]   # beyond the strings: the longest


@pytest.mark.parametrize("name", ["nested empty si", "end tag in attribute", "comment", "attributes on si"])
def test_strings_written_otherwise_may_each_be_as_long_as_their_part(name: str) -> None:
    data = workbook(*CASES[name])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = gedeeld.string_lengths(archive, {SHEET})
        assert strings.unusual == archive.getinfo("xl/sharedStrings.xml").file_size
