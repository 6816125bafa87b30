"""Reading uploaded bytes into sheets of raw cells: xlsx/xlsm/xls with python-calamine, CSV with
the delimiter and encoding detected. Size, sheet and cell limits and zip-bomb checks happen before
parsing: a small file must not be able to hold every user's page (or the server's memory) hostage.

It is longer than 300 lines because the guards (sizes, zip bomb, sheets and cells, error and merged cells,
all found in one streaming pass over the sheet XML) must be read together with the reading they protect."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Self
from xml.etree.ElementTree import Element
from xml.parsers import expat

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook

from loaders import biff, gedeeld
from loaders.problems import Problem

if TYPE_CHECKING:
    from loaders.halves import Halves

MAX_FILE_BYTES = 100 * 1024 * 1024         # what a controller may upload (a 1M-row export is ~50 MB)
MAX_UNPACKED_BYTES = 1536 * 1024 * 1024    # what a workbook may expand to (that export: ~425 MB)
MAX_COMPRESSION_RATIO = 100                # real sheets compress 5-15x; a zip bomb far better
# Every sheet costs tens of milliseconds to recognise and validate however small it is (5000 sheets: minutes
# of CPU). An export has one sheet per kind, at most one per gemeente of a region (the largest have ~30).
MAX_SHEETS = 100
# Rows x columns up to the farthest filled cell, summed over the sheets: calamine fills that whole range, so
# two cells at A1 and XFD1048576 (a 5 kB file) would ask for 17 billion cells and abort the process. A full
# Excel sheet of 1.048.576 rows by 28 columns still fits; our 1M-row trajecten export uses 9 columns.
MAX_CELLS = 30_000_000
# A CSV line may have as many fields as Excel has columns; more is a wrong separator or an attack (a 1 MB line of
# semicolons kept the server busy for 41 s in recognising its "headers": fresh eyes).
MAX_CSV_COLUMNS = 16_384

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]   # rows[0] is Excel row 1
    errors: dict[tuple[int, int], str] = field(default_factory=dict)   # (row, col) 0-based -> '#N/A'


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def _gigabytes(n: int) -> str:
    return f"{n / 1024 ** 3:.2f} GB".replace(".", ",")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def size_problem(size: int) -> Problem | None:
    """The size limit, for a caller that knows the size before holding the bytes (os.stat)."""
    if size > MAX_FILE_BYTES:
        return Problem("bestand-te-groot", value=_human(size), limit=_human(MAX_FILE_BYTES))
    return None


# Problems that mean the file was not opened at all: nothing in it can be marked, and it must not be
# opened again to build the report (a workbook refused for its 5000 sheets would cost minutes there).
FILE_REFUSALS = frozenset({"leeg-bestand", "bestand-te-groot", "uitgepakt-te-groot", "beveiligd-bestand",
                           "onleesbaar-bestand", "onbekend-bestandstype", "te-veel-bladen", "te-veel-cellen",
                           "cel-te-groot", "te-veel-kolommen", "te-veel-tekst"})


def unpacked_megabytes(data: bytes) -> int:
    """What a reader goes through, in MB (unpacked_bytes), for the estimate of reading's progress."""
    return unpacked_bytes(data) // 1_000_000


def unpacked_bytes(data: bytes) -> int:
    """A workbook's unpacked parts as its central directory gives them (a damaged zip, or a file that is no zip, counts
    as its own size). The guards verify those sizes while they read the parts; use it for a limit only after them."""
    size = len(data)
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                size = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError):
            pass
    return size


def read_file(name: str, data: bytes) -> tuple[list[Sheet], list[Problem]]:
    """Parse one file; on a problem, no sheets are returned."""
    if not data:
        return [], [Problem("leeg-bestand", value=name)]
    too_big = size_problem(len(data))
    if too_big:
        return [], [too_big]
    suffix = PurePath(name).suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(data)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_workbook(data)
    return [], [Problem("onbekend-bestandstype", value=suffix or name)]


def check_workbook(data: bytes, halves: Halves | None = None) -> tuple[list[Problem], dict[str, SheetScan]]:
    """The guards every workbook passes before a reader parses it (protection, zip bomb, sheets and cells),
    and what one streaming pass over each xlsx/xlsm sheet's XML saw (error cells, merged cells). `halves`: a large
    workbook of one sheet is also written in two halves on that pass, to be read on two cores (loaders.halves)."""
    if data.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        # Password-protected xlsx files are OLE containers holding an EncryptedPackage stream.
        return [Problem("beveiligd-bestand")], {}
    if data.startswith(OLE_MAGIC):
        text = biff.cell_text_bytes(data)
        if text is None:   # no workbook stream this can read: the reader's own parser might, unmeasured
            return [Problem("onleesbaar-bestand", value="het is geen Excel-werkboek dat gelezen kan worden")], {}
        return _text_problem(text), {}
    if not data.startswith(b"PK"):
        return [], {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist()) or 1
    except zipfile.BadZipFile:
        return [Problem("onleesbaar-bestand", value="het werkboek is beschadigd of afgebroken")], {}
    if unpacked > MAX_UNPACKED_BYTES:
        return [Problem("uitgepakt-te-groot", value=_human(unpacked), limit=_human(MAX_UNPACKED_BYTES))], {}
    if unpacked / packed > MAX_COMPRESSION_RATIO and unpacked > 50_000_000:
        ratio = f"{unpacked / packed:,.0f}".replace(",", ".")
        return [Problem("uitgepakt-te-groot", value=f"{_human(unpacked)} ({ratio} keer zo groot als ingepakt)",
                        limit=f"{MAX_COMPRESSION_RATIO} keer; zo sterk laat een echt werkblad zich niet inpakken")], {}
    return _bounds(data, halves)


NOT_XLSX = ("het is geen Excel-werkboek in het gewone formaat; een binair werkboek (.xlsb) of een OpenDocument-bestand "
            "(.ods) wordt niet gelezen: sla het op als .xlsx")


def _read_workbook(data: bytes) -> tuple[list[Sheet], list[Problem]]:
    problems, scans = check_workbook(data)
    if problems:
        return [], problems
    flagged = {name for name, scan in scans.items() if scan.errors}
    errors = _error_cells(data, flagged) if flagged else {}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if len(workbook.sheet_names) > MAX_SHEETS:   # xls: the listing costs nothing to read
            return [], [Problem("te-veel-bladen", value=str(len(workbook.sheet_names)), limit=str(MAX_SHEETS))]
        sheets = []
        for sheet_name in workbook.sheet_names:
            # Cached values only: formulas are never evaluated.
            sheet = workbook.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            _fill_merged(rows, sheet.merged_cell_ranges or [])
            sheets.append(Sheet(sheet_name, rows, errors.get(sheet_name, {})))
    except BaseException as error:  # noqa: BLE001 - calamine raises several error types for corrupt input; none is for a user
        if not reader_failed(error):
            raise
        what = _not_a_workbook(data)
        return [], [Problem("onleesbaar-bestand", value=what)]
    return sheets, []


def reader_failed(error: BaseException) -> bool:
    """Whether an exception out of a reader is its own failure on the file: any Exception, or a panic of its Rust code,
    which pyo3 raises as PanicException, a BaseException (fresh eyes: a date cell of -1e308); not an interrupt or exit."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


def _not_a_workbook(data: bytes) -> str:
    """What a file calamine could not read is, in the words of the refusal."""
    if data.startswith((b"PK", OLE_MAGIC)):
        return "het werkboek is beschadigd"
    if data.startswith(b"%PDF"):
        return "het is een PDF-bestand; exporteer de gegevens als Excel of CSV"
    head = data[:4096]
    if b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "het is een tekstbestand met de naam van een werkboek; als het een CSV is, geef het de extensie .csv"
    return "het is geen Excel-werkboek"


@dataclass
class SheetScan:
    """What the streaming pass over one sheet's XML saw besides its extent."""

    cells: int = 0
    errors: bool = False     # some cell holds an Excel error (t="e") or a formula
    merged: bool = False     # the sheet has merged cells
    unusual: bool = False    # a cell or row without a plain r attribute, or a character reference in one

    def merge(self, other: SheetScan) -> SheetScan:
        """One sheet's scan from two parts it may be read from (the larger extent, either's findings)."""
        return SheetScan(max(self.cells, other.cells), self.errors or other.errors, self.merged or other.merged,
                         self.unusual or other.unusual)

    def see(self, text: bytes, search: Callable[[re.Pattern[bytes], bytes], bool]) -> None:
        """Note what a piece of the sheet's XML holds (`search`: Python's re for a short piece, Arrow's for a chunk)."""
        if search(_TAG, text):
            self.unusual = self.unusual or search(_UNPLACED, text)
            self.errors = self.errors or search(_FORMULA, text)
        self.errors = self.errors or search(_ERROR_VALUE, text)
        if search(_CHARACTER_REFERENCE, text):
            self.unusual = self.unusual or search(_REFERENCE_WITH_CHARACTER, text)
        if not self.merged and search(_MERGED, text):
            # Only a merge over several rows changes the cells read (_fill_merged); a title merged across columns
            # does not.
            self.merged = search(_GT_IN_VALUE, text) or any(
                bottom and top != bottom for tag in _MERGE_TAG.findall(text) for top, bottom in _MERGE_REF.findall(tag))


def _bounds(data: bytes, halves: Halves | None = None) -> tuple[list[Problem], dict[str, SheetScan]]:
    """Sheets and cells of an xlsx/xlsm, counted from its XML before calamine reads a single sheet.

    Measured: every part a sheet of workbook.xml may point to (whatever its name), and every other XML part, so a
    reader that finds a sheet this mapping missed is never the first to count its cells. It fails closed: a
    workbook whose parts cannot all be measured is refused, never handed to a reader unmeasured."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.NameToInfo:
                # A binary workbook (.xlsb), an OpenDocument sheet (.ods) or any other zip: calamine would read the first
                # two as they are, and this guard measures neither (a 171 kB .xlsb held a checking process at 8 GB).
                return [Problem("onleesbaar-bestand", value=NOT_XLSX)], {}
            if not _parts_as_a_reader_finds_them(archive):
                return [Problem("onleesbaar-bestand", value=PARTS_ELSEWHERE)], {}
            workbook = archive.read("xl/workbook.xml")
            count = len(re.findall(b"<" + _PREFIX + rb"sheet\s", workbook))
            if count > MAX_SHEETS:
                return [Problem("te-veel-bladen", value=str(count), limit=str(MAX_SHEETS))], {}
            scans, largest = _measure(archive, halves)
            total = sum(scan.cells for scan in scans.values())
            text, unusual = (0, False) if largest[1].cells > MAX_CELLS or total > MAX_CELLS else \
                gedeeld.cell_text_bytes(archive, set(_sheet_files(archive)), total)
    except (zlib.error, EOFError):
        return [Problem("onleesbaar-bestand", value="het werkboek is beschadigd of afgebroken")], {}
    except Exception:  # noqa: BLE001 - a bad CRC, an encrypted or unknown compression, a DTD, XML that does not parse
        return [Problem("onleesbaar-bestand", value="het werkboek is beschadigd of ongebruikelijk opgebouwd")], {}
    if largest[1].cells > MAX_CELLS:
        return [Problem("te-veel-cellen", sheet=largest[0], value=_number(largest[1].cells), limit=_number(MAX_CELLS))], {}
    if total > MAX_CELLS:
        return [Problem("te-veel-cellen", value=f"samen {_number(total)}", limit=_number(MAX_CELLS))], {}
    if text > gedeeld.MAX_CELL_TEXT_BYTES and unusual:
        return [Problem("onleesbaar-bestand", value="de gedeelde teksten van het werkboek zijn ongebruikelijk opgebouwd en "
                        "kunnen bij het lezen te groot worden; sla het opnieuw op met Excel")], {}
    return _text_problem(text), scans


def _text_problem(text: int) -> list[Problem]:
    """te-veel-tekst when the cells would hold more text than a reader may build (loaders.gedeeld, loaders.biff)."""
    if text > gedeeld.MAX_CELL_TEXT_BYTES:
        return [Problem("te-veel-tekst", value=_gigabytes(text), limit=_gigabytes(gedeeld.MAX_CELL_TEXT_BYTES))]
    return []


def _measure(archive: zipfile.ZipFile, halves: Halves | None = None) -> tuple[dict[str, SheetScan], tuple[str, SheetScan]]:
    """Each sheet's scan, and the largest part (a sheet's name, or the part's path) with its scan; `halves` hears the
    one sheet of a workbook that has one."""
    scans: dict[str, SheetScan] = {}
    largest = ("", SheetScan())
    names = _sheet_files(archive)
    for info in archive.infolist():
        sheet_name = names.get(info.filename)
        if sheet_name is None and not info.filename.lower().endswith(".xml"):
            continue   # an image or a macro project: no reader builds a grid from it
        one_sheet = sheet_name is not None and len(names) == 1 and halves is not None and halves.wanted(info.file_size)
        scan = _extent(archive, info.filename, halves if one_sheet else None)
        if sheet_name is not None:
            scans[sheet_name] = scans[sheet_name].merge(scan) if sheet_name in scans else scan
        if scan.cells > largest[1].cells:
            largest = (sheet_name or info.filename, scan)
    return scans, largest


# The spellings XML allows and calamine reads: any namespace prefix, single or double quotes, blanks around '=',
# letters in either case, '$' before the column or row.
_PREFIX = rb"""(?:[^\s<>/:="']+:)?"""   # a namespace prefix, in any letters (not ASCII only)
_DIMENSION = re.compile(b"<" + _PREFIX + rb'dimension\s[^>]*?\bref\s*=\s*["\']\$?([A-Za-z]+)\$?(\d+)'
                        rb'(?::\$?([A-Za-z]+)\$?(\d+))?["\']')
# The blank or quote before r is looked at, not taken: taken, a decoy in another attribute's value (foo=' r="A1')
# used up the quote the real r followed, and the real reference went uncounted (fresh eyes).
_REF = re.compile(rb'(?<=[\s"\'])r\s*=\s*["\']\$?([A-Za-z]*)\$?\+?(\d+)["\']')
_CHUNK = 16 * 1024 * 1024
# No pattern of this module matches text that holds a '>' anywhere but as its last character, or inside an attribute
# value (_UNPLACED; such a value makes the sheet unusual, _GT_IN_VALUE), so XML cut just after a '>' cuts no match in two
# (_pieces): each piece is searched on its own, however long a tag is written (fresh eyes: thousands of blanks or
# leading zeros in an r attribute straddled the fixed 1 kB seam searched before). A stretch of XML without any '>'
# longer than this is cut anyway, and the part is then measured by the XML parser.
_LONGEST_WITHOUT_TAG_END = 16 * 1024 * 1024
# A mergeCell's start tag, and every ref in it (a decoy ref inside another attribute's value came first and hid the
# real one; fresh eyes). A '>' inside a value could end the tag early: then any merge counts (SheetScan.see).
_MERGE_TAG = re.compile(rb"mergeCell\b[^>]*")
_MERGE_REF = re.compile(rb'(?<=[\s"\'])ref\s*=\s*["\']\$?[A-Za-z]+\$?(\d+)(?::\$?[A-Za-z]+\$?(\d+))?["\']')
# What the cell pass (_error_cells) must look at closer: an error value (t="e") or a formula element, in any spelling.
_ERROR_VALUE = re.compile(rb"t\s*=\s*[\"']\s*e\s*[\"']")
_FORMULA = re.compile(b"<" + _PREFIX + rb"f[\s/>]")
# A cell or row whose position calamine counts on from the one before, not from an r attribute (a start tag whose
# attributes are all other than a plain 'r'), or an r attribute with a character reference in it: the regular
# expressions above cannot measure such a sheet, the XML parser of _exact_extent does.
_ATTRIBUTE = rb'(?:[^\sr=/>"\'][^\s=/>"\']*|r[^\s=/>"\']+)\s*=\s*(?:"[^"]*"|\'[^\']*\')'   # any but a plain r
_UNPLACED_TAG = rb"(?:c|row)(?:\s+" + _ATTRIBUTE + rb"(?:\s*" + _ATTRIBUTE + rb")*)?\s*/?>"
# A cell or row start tag whose attributes are not written as name="value" (quick-xml, calamine's parser, still reads
# <c ="1"> or <c / foo="1"> as a cell without r; fresh eyes): the sheet is unusual, measured by the XML parser.
_MALFORMED_TAG = rb"""(?:c|row)(?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(?:[="']|/[^>])"""
_UNPLACED = re.compile(b"<" + _PREFIX + b"(?:" + _UNPLACED_TAG + b"|" + _MALFORMED_TAG + b")")
# A '>' inside an attribute value (Excel writes &gt;): the one place a pattern above may hold a '>' not at its end
# (_UNPLACED), so a sheet with one is measured by the XML parser, never by pieces cut at a '>' (_pieces).
_GT_IN_VALUE = re.compile(rb"""=\s*(?:"[^"]*|'[^']*)>""")
_CHARACTER_REFERENCE = re.compile(rb"&#")
_REFERENCE_WITH_CHARACTER = re.compile(rb'r\s*=\s*["\'][A-Za-z$\d]*&#')
# One search for the two start tags above (a formula is common, an unplaced cell rare): which one, only on a match.
# The gate before those two searches: a cell or row tag that does not open with r="..." as every writer writes it (any
# unplaced or malformed one is such a tag), or a formula. A sheet as Excel writes it has none, and costs one quick search.
_TAG = re.compile(b"<" + _PREFIX + rb'(?:(?:c|row)(?:[\t\r\n/>]| [^r]| r[^=]| r=[^"])|f[\s/>])')
_MERGED = re.compile(rb"mergeCell")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _greater(bound: str, alphabet: str) -> bytes:
    """A regex for the strings over `alphabet` (in order) that are greater than `bound`, read as numbers:
    longer, or as long and larger at the first difference ('XFD' > 'D', '1048576' > '2')."""
    any_char = f"[{alphabet[0]}-{alphabet[-1]}]"
    options = [f"{any_char}{{{len(bound) + 1},}}"]
    for i, char in enumerate(bound):
        higher = alphabet[alphabet.index(char) + 1:]
        if higher:
            options.append(f"{bound[:i]}[{higher[0]}-{higher[-1]}]{any_char}{{{len(bound) - i - 1}}}")
    return ("(?:" + "|".join(options) + ")").encode()


def _chunks(archive: zipfile.ZipFile, path: str, halves: Halves | None = None) -> Iterator[bytes]:
    """A sheet's XML in chunks, the next one decompressed by a thread of its own while the caller scans this one
    (zlib lets go of Python's lock, so on two cores the decompression costs no wall time of its own); a third thread
    hands each chunk to `halves`."""
    with (archive.open(path) as handle, ThreadPoolExecutor(1, thread_name_prefix="xml-scan") as pool,
          ThreadPoolExecutor(1, thread_name_prefix="xml-halves") as writer):
        pending, written = pool.submit(handle.read, _CHUNK), None
        while True:
            chunk = pending.result()
            if halves is not None:   # one chunk at a time, in order, beside the decompression and the scan
                if written is not None:
                    written.result()
                written = writer.submit(halves.feed, chunk)
            if not chunk:
                return
            pending = pool.submit(handle.read, _CHUNK)
            yield chunk


def _matches(pattern: re.Pattern[bytes], text: bytes) -> bool:
    """pattern.search(text) is not None, searched by Arrow's RE2 (linear time, without Python's lock)."""
    return gedeeld.matches(pattern.pattern.decode(), text)


def _pieces(archive: zipfile.ZipFile, path: str, seen: SheetScan, halves: Halves | None = None
            ) -> Iterator[bytes | memoryview]:
    """A part's XML in pieces that each end just after a '>' (but for the last): the text after a chunk's last '>' is
    carried into the next piece. No copy of a chunk's body, only of the short carry and the start it ends in. A carry
    grown past _LONGEST_WITHOUT_TAG_END (a long text, say a Power Query part in customXml) is searched as it is, and as a
    match may then lie across its end, the part counts as unusual, with errors and merges (measured by the parser)."""
    carry = b""
    for chunk in _chunks(archive, path, halves):
        pieces, carry = cut_after_tags(carry, chunk)
        yield from pieces
        if not pieces and len(carry) > _LONGEST_WITHOUT_TAG_END:
            seen.unusual = seen.errors = seen.merged = True
            yield carry
            carry = b""
    if carry:
        yield carry


def cut_after_tags(carry: bytes, chunk: bytes) -> tuple[list[bytes | memoryview], bytes]:
    """The next chunk of a part's XML, after the text carried from the chunk before, as pieces that each end just after a
    '>', and the text after its last '>' to carry on (all of it, when the chunk has none). No copy of the chunk's body,
    only of the carry and the start it ends in."""
    last = chunk.rfind(b">")
    if last < 0:
        return [], carry + chunk
    first = chunk.find(b">")
    pieces: list[bytes | memoryview] = [carry + chunk[:first + 1]]
    if last > first:
        pieces.append(memoryview(chunk)[first + 1:last + 1])
    return pieces, chunk[last + 1:]


def _scan(archive: zipfile.ZipFile, path: str, pattern: re.Pattern[bytes], find_all: bool,
          halves: Halves | None = None) -> tuple[tuple[int, int] | None, SheetScan]:
    """Stream a sheet's XML in pieces (_pieces): with find_all the farthest row and column of any cell or row
    reference, otherwise whether any reference matches `pattern` at all (None when none does); and on the
    way whether any cell holds an error value or any cells are merged (one decompression for all of it)."""
    far_row = far_column = 0
    beyond = False
    seen = SheetScan()
    with ThreadPoolExecutor(1, thread_name_prefix="xml-search") as searcher:
        for piece in _pieces(archive, path, seen, halves):
            if find_all:
                for letters, row in pattern.findall(piece):
                    far_row = max(far_row, int(row))
                    if letters:
                        far_column = max(far_column, _column_number(letters.upper()))
            # The searches of a piece on two cores at once (Arrow's searches let go of Python's lock).
            odd = searcher.submit(_matches, _GT_IN_VALUE, piece)
            far = None if find_all or beyond else searcher.submit(_matches, pattern, piece)
            seen.see(piece, _matches)
            seen.unusual = seen.unusual or odd.result()
            beyond = beyond or bool(far and far.result())
    if find_all:
        return (far_row, far_column), seen
    return ((0, 0) if beyond else None), seen


def _extent(archive: zipfile.ZipFile, path: str, halves: Halves | None = None) -> SheetScan:
    """Rows x columns from A1 to the farthest filled cell of one sheet, and what else the pass saw.

    Excel and every writer we know state it in <dimension>; that is trusted only after one streaming
    search finds no row or cell reference beyond it (a hand-made file may understate it). Without a
    dimension, or when it understates, every reference is read. A sheet with cells or rows placed without an
    r attribute is measured by an XML parser instead (_exact_extent). `halves` is written on the first pass when the
    sheet has a dimension over a range, and kept when that pass measured it whole."""
    with archive.open(path) as handle:
        head = handle.read(4096)
    match = _DIMENSION.search(head)
    if match:
        letters, row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
        letters = letters.upper()
        # Any attribute whose name ends in r, not only a whole r: a superset of _REF's places (a false alarm costs
        # the exact pass below, never a miss), and searched twice as fast, as the search can start at each 'r'.
        beyond = rb'(?i)r\s*=\s*["\']\$?(?:' + _greater(letters.decode(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + \
            rb"\$?\d|[A-Z]*\$?\+?" + _greater(str(int(row)), "0123456789") + rb'["\'])'
        if halves is not None and match.group(3):
            halves.begin(archive, path, (_column_number(match.group(1).upper()), _column_number(letters)),
                         (int(match.group(2)), int(row)))
        measured = False
        try:
            found, seen = _scan(archive, path, re.compile(beyond), find_all=False, halves=halves)
            measured = found is None and not seen.unusual
        finally:
            if halves is not None:
                halves.end(measured)
        if found is None and not seen.unusual:
            seen.cells = int(row) * _column_number(letters)
            return seen
    if not match or not seen.unusual:
        (far_row, far_column), seen = _scan(archive, path, _REF, find_all=True)
    if seen.unusual:
        far_row, far_column = _exact_extent(archive, path)
    seen.cells = far_row * max(far_column, 1)
    return seen


_CELL_REF = re.compile(r"\$?([A-Za-z]+)\$?(\d+)", re.ASCII)
_ROW_REF = re.compile(r"\+?\d+", re.ASCII)


class _Placer:
    """XML parser handlers that place rows and cells as calamine does (a row or cell without an r attribute comes right
    after the one before) and keep the farthest row and column (1-based). A subclass hears each cell (`cell`), the
    other elements (`element`), their ends and, with `wants_text`, their text."""

    wants_text = False

    def __init__(self) -> None:
        self.row = self.column = self.far_row = self.far_column = 0
        self.row_counter = 0   # the row rows and cells without r follow: moved by row elements only

    def parse(self, archive: zipfile.ZipFile, path: str) -> Self:
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        if self.wants_text:
            parser.CharacterDataHandler = self.text
        for chunk in _chunks(archive, path):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return self

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            r = attrs.get("r", "")
            self.row_counter = int(r) if _ROW_REF.fullmatch(r) else self.row_counter + 1
            self.row, self.column = self.row_counter, 0
        elif local == "c":
            ref = _CELL_REF.fullmatch(attrs.get("r", ""))
            if ref:
                self.column, self.row = _column_number(ref.group(1).upper().encode()), int(ref.group(2))
            else:   # calamine: after its own row counter, whatever row a cell's r named before (fresh eyes)
                self.column, self.row = self.column + 1, self.row_counter
            self.cell(attrs)
        else:
            self.element(local)
            return
        self.far_row, self.far_column = max(self.far_row, self.row), max(self.far_column, self.column)

    def cell(self, attrs: dict[str, str]) -> None:
        """A cell starts, at self.row and self.column."""

    def element(self, local: str) -> None:
        """Another element than a row or cell starts."""

    def end(self, name: str) -> None:
        """An element ends."""

    def text(self, text: str) -> None:
        """Text inside the current element."""


def _exact_extent(archive: zipfile.ZipFile, path: str) -> tuple[int, int]:
    """The farthest row and column of a sheet as an XML parser reads it (slow, for the unusual sheet only: a Python
    call per element). It stops as soon as the extent is over MAX_CELLS: fresh eyes' 280 million cells without an r
    attribute kept a checking process busy for its whole 5 minutes, and its place with it."""
    placer = _Stopping()
    with contextlib.suppress(_OverLimit):
        placer.parse(archive, path)
    return placer.far_row, placer.far_column


class _OverLimit(Exception):
    """Raised by _Stopping's handler to end the parse."""


class _Stopping(_Placer):
    def start(self, name: str, attrs: dict[str, str]) -> None:
        super().start(name, attrs)
        if self.far_row * max(self.far_column, 1) > MAX_CELLS:
            raise _OverLimit


# A formula whose result was never stored (a file written by a script and never opened in Excel, or saved with
# calculation off): calamine reads it as blank, so a loaded column would silently lose the value.
UNCACHED_VALUE = "formule zonder berekende waarde"


def _error_cells(data: bytes, sheets: set[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Cells holding an Excel error (#N/A, #DIV/0!) or a formula without a stored result: calamine reads them as
    empty, which would load a broken formula as a blank. Found by an XML parser in the sheet XML of an xlsx/xlsm,
    for the sheets named (any spelling XML allows)."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for path, sheet_name in _sheet_files(archive).items():
                if sheet_name in sheets and path in archive.NameToInfo:
                    found[sheet_name] = _flagged_cells(archive, path)
    except (zipfile.BadZipFile, KeyError, ValueError, zlib.error, EOFError, expat.ExpatError):
        return {}
    return found


def _flagged_cells(archive: zipfile.ZipFile, path: str) -> dict[tuple[int, int], str]:
    """One sheet's cells with an error value or a formula without a stored value, by (row, column) from 0."""
    return _FlaggedCells().parse(archive, path).found


class _FlaggedCells(_Placer):
    """What the current cell holds, and the cells found."""

    wants_text = True

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[tuple[int, int], str] = {}
        self.at: tuple[int, int] | None = None
        self.error = self.formula = False
        self.value: str | None = None

    def cell(self, attrs: dict[str, str]) -> None:
        self.at, self.formula, self.value = (self.row - 1, self.column - 1), False, None
        self.error = attrs.get("t", "").strip() == "e"

    def element(self, local: str) -> None:
        if self.at is not None and local == "f":
            self.formula = True
        elif self.at is not None and local == "v":
            self.value = ""

    def text(self, text: str) -> None:
        if self.at is not None and self.value is not None:
            self.value += text

    def end(self, name: str) -> None:
        if name.rpartition(":")[2] != "c" or self.at is None:
            return
        value = (self.value or "").strip()
        if self.error:
            self.found[self.at] = value
        elif self.formula and not value:
            self.found[self.at] = UNCACHED_VALUE
        self.at = None


PARTS_ELSEWHERE = ("een blad staat niet op de plaats waar het werkboek het noemt, twee bladen wijzen naar hetzelfde "
                   "onderdeel, of twee onderdelen hebben dezelfde naam; sla het opnieuw op met Excel")


def _parts_as_a_reader_finds_them(archive: zipfile.ZipFile) -> bool:
    """Whether every sheet workbook.xml names is a part of exactly that name, and no two parts differ only in case
    (or not at all). calamine finds a part whatever its case and takes a path as it is written ('xl/./worksheets'):
    fresh eyes named a sheet part 'xl/Worksheets/Sheet1.xml', which this guard did not measure as that sheet, and a
    789 kB upload took a checking process to 8 GB. No writer writes either."""
    names = [info.filename for info in archive.infolist()]
    if len({name.lower() for name in names}) != len(names):
        return False
    # Two sheets on one part: calamine reads it once per sheet, the guards measure it once (fresh eyes: 100 sheets on
    # one part of 983 MB of text).
    targets = _sheet_targets(archive)
    return len(set(targets)) == len(targets) and all(path in archive.NameToInfo for path in targets)


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """xl/worksheets/sheetN.xml -> sheet name, from workbook.xml and its relationships, read by an XML parser (any
    prefix, quoting or attribute order)."""
    return {path: name for name, path in _sheets(archive)}


def _sheet_targets(archive: zipfile.ZipFile) -> list[str]:
    """The part of every sheet, as many times as sheets point to it."""
    return [path for _, path in _sheets(archive)]


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part) for every id attribute of every sheet in workbook.xml."""
    targets = {}
    for element in _elements(archive.read("xl/_rels/workbook.xml.rels")):
        if _local(element.tag) == "Relationship" and element.get("Id") and element.get("Target"):
            targets[element.get("Id")] = element.get("Target")
    out = []
    for element in _elements(archive.read("xl/workbook.xml")):
        if _local(element.tag) != "sheet" or element.get("name") is None:
            continue
        # Every attribute named id in any namespace (r:id, or another prefix a reader may take): each part it
        # points to is measured as this sheet.
        for key, rid in element.attrib.items():
            target = targets.get(rid, "") if _local(key) == "id" else ""
            if target:
                out.append((element.get("name"), _as_calamine_finds(target)))
    return out


def _as_calamine_finds(target: str) -> str:
    """The part a relationship's target names, as calamine takes it: '/xl/...' and 'xl/...' from the root, anything
    else below xl/, the path otherwise as written (no '.' or '..' resolved)."""
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else "xl/" + target


def _elements(xml: bytes) -> list[Element]:
    """Every element of a small XML part (workbook.xml and its relationships); defusedxml refuses entity tricks."""
    return list(ElementTree.fromstring(xml).iter())


def _local(name: str) -> str:
    return name.rpartition("}")[2].rpartition(":")[2]


def _fill_merged(rows: list[list[object]], ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A label merged over a group of rows belongs to every row of the group. (Merges within one row,
    such as a title across the table, are left alone: they are titles and notes, not data.)"""
    for (top, left), (bottom, right) in ranges:
        if bottom == top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(sample: str) -> str:
    # Delimiters inside quoted fields are text, not field separators: count only what is outside quotes.
    lines = [re.sub(r'"[^"]*"', "", line) for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for candidate in (";", ",", "\t", "|"):
        counts = [line.count(candidate) for line in lines]
        if not counts or max(counts) == 0:
            continue
        # The real delimiter appears equally often in most lines.
        score = max(counts.count(c) for c in set(counts) if c > 0) * 1000 + max(counts)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(data: bytes) -> tuple[list[Sheet], list[Problem]]:
    text = _decode(data)
    if not text.strip():
        return [], [Problem("leeg-bestand")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[:20000]))
    rows: list[list[object]] = []
    cells = 0
    line = 1   # where the next record starts, as a text editor counts lines
    try:
        for row in reader:
            if len(row) > MAX_CSV_COLUMNS:
                return [], [Problem("te-veel-kolommen", sheet="csv", row=reader.line_num, value=_number(len(row)),
                                    limit=_number(MAX_CSV_COLUMNS))]
            rows.append([cell if cell != "" else None for cell in row])
            cells += len(row)
            if cells > MAX_CELLS:
                return [], [Problem("te-veel-cellen", sheet="csv", value=f"meer dan {_number(MAX_CELLS)}",
                                    limit=_number(MAX_CELLS))]
            line = reader.line_num + 1
    except csv.Error as exc:
        # The csv module stops at a field over 128 KiB: nearly always one stray quote that opened a field
        # and never closed it, so the rest of the file ran into one cell. Say where that field began.
        if "field larger than field limit" in str(exc):
            return [], [Problem("cel-te-groot", sheet="csv", row=line, limit=f"{csv.field_size_limit() // 1024} kB")]
        what = "er staat een NUL-teken in" if "NUL" in str(exc) else "de regel is niet als CSV te lezen"
        return [], [Problem("onleesbaar-bestand", value=f"CSV op regel {line}: {what}")]
    return [Sheet("csv", rows)], []
