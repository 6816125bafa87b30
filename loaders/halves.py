"""A large sheet read as two halves at once: calamine parses a sheet on one core (4,9 s for the 1M-row export), its two
halves on two cores at once (2,4 s).

The guard (loaders.read) streams the sheet's XML once to measure it; for the fast path it also hands each decompressed
chunk to a Halves, which writes two workbooks into files in memory (memfd: never on disk, for they hold the clients' own
numbers; stored, not compressed; gone with the process however it ends): one with the rows before the first row tag
numbered at or past `split` (the middle of the sheet's <dimension>), one with the rows from that tag on, each with the
workbook's other XML parts. So calamine reads the very bytes the guard measured, and no cell the guard did not count.

How calamine builds a sheet: each cell at the place its reference names, the columns from the leftmost cell to the
rightmost, of two cells at one place the later one (versions differ in what they do with rows out of order: older ones
take the first and last cell's rows as the bounds and drop what lies outside). The halves give the same grid when no
cell crosses the split: every cell reference before the split tag names a row before `split`, and every one from it on a
row from `split` on; the streaming pass checks both (Arrow's RE2, in a thread beside the guard's), a superset of
calamine's spellings, so a false alarm only costs the halving. The first half then ends with a marker row at `split` and
the second starts with one at `split - 1`, each with a marker cell in the dimension's first and last column: the first
half's grid ends just after its last row and the second's starts just before its first, both as wide as the dimension
(the first counted from row 1 as the whole read is, so it has exactly `split` rows), and table() joins them without the
marker rows and takes off the empty columns at the edges (calamine's grid has none, but for a column only dropped cells
reach: a difference of an empty column). On any doubt table() gives None, and the caller reads the workbook whole, as
before.

Only what a reader opens is copied into the halves (the XML parts and their relationships, not images or macros), and
only while it is not more than the sheet itself (and a megabyte): a workbook that is mostly something else is read
whole. Memory running out for them gives the halves up too.

It is longer than 300 lines because the writing of the halves, every check that makes them safe to join, and the
joining belong together: a check read apart from what it protects is easily loosened."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Self

import fastexcel
import pyarrow as pa

from loaders.gedeeld import matches
from loaders.read import _LONGEST_WITHOUT_TAG_END, cut_after_tags, reader_failed

# Below this much sheet XML one reader is fast enough (a 10 MB sheet reads in 0,1 s).
MIN_SHEET_BYTES = 32 * 1024 * 1024
# A sheet whose rows start further on than this is read whole.
_LONGEST_HEAD = 1024 * 1024
MARKER = "\u2042 grens tussen de twee helften van het blad \u2042"
_ROW = re.compile(rb"<row\s")
# A tag holds no '<': each try stops at the next one, so a search is linear however many "<row " a piece holds.
_ROW_R = rb"""<row\s[^<>]*?(?<=[\s"'])r\s*=\s*["']\+?"""   # a row tag up to the digits of its r
_ROW_NUMBER = re.compile(_ROW_R + rb"""(\d+)["']""")
# The head's first tag after the XML declaration and its last tag (a match of either is a short one: no '.*' over it).
_HEAD_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^<>]*\?>\s*)?<worksheet\s")
_HEAD_END = re.compile(rb"<sheetData(?:\s[^<>]*)?>\s*")


def at_least(bound: int) -> str:
    """A regex for the decimal numbers >= bound (>= 1) without leading zeros."""
    text = str(bound)
    options = [f"[1-9]\\d{{{len(text)},}}", text]
    options += [f"{text[:i]}[{int(c) + 1}-9]\\d{{{len(text) - i - 1}}}" for i, c in enumerate(text) if c != "9"]
    return "(?:" + "|".join(options) + ")"


def below(bound: int) -> str:
    """A regex for the decimal numbers from 1 up to bound - 1 (bound >= 2) without leading zeros."""
    text = str(bound)
    options = [f"[1-9]\\d{{0,{len(text) - 2}}}"] if len(text) > 1 else []
    for i, c in enumerate(text):
        low = 1 if i == 0 else 0
        if int(c) > low:
            options.append(f"{text[:i]}[{low}-{int(c) - 1}]\\d{{{len(text) - i - 1}}}")
    return "(?:" + "|".join(options) + ")"


def _reference(numbers: str) -> str:
    """Any attribute whose name ends in r holding a cell or row reference to a row in `numbers` (a superset of calamine's
    spellings, as loaders.read's search beyond the dimension)."""
    return r"""(?i)r\s*=\s*["']\$?[A-Z]*\$?\+?0*""" + numbers + """["']"""


def column_letters(number: int) -> str:
    """A 1-based column number in letters (28 -> AB)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Halves:
    """The two halves of one sheet part, written while the guard streams it (begin; feed, from its reading thread; end),
    read at once by table()."""

    def __init__(self) -> None:
        self.files: list[IO[bytes]] = []
        self.ready = False
        self._archives: list[zipfile.ZipFile] = []
        self._streams: list[IO[bytes]] = []
        self._state = ""   # "head", "first", "second", "done"; "" before begin and once given up
        self._carry = b""
        self._last_byte = b""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self._give_up()
        for file in self.files:
            with contextlib.suppress(OSError):   # a full disk: what was written goes with the file
                file.close()
        self.files = []

    def wanted(self, size: int) -> bool:
        """Whether a sheet part of this many bytes (as the zip says; only this choice rests on it) is worth halving, and
        halves can be kept in memory here (Linux)."""
        return size >= MIN_SHEET_BYTES and not self.files and hasattr(os, "memfd_create") and Path("/proc/self/fd").is_dir()

    def begin(self, archive: zipfile.ZipFile, part: str, columns: tuple[int, int], rows: tuple[int, int]) -> None:
        """Start the halves of `part`, with its dimension's first and last column and row (1-based): every other part
        of the workbook copied into both, the sheet part opened for feed."""
        if rows[1] - rows[0] < 2 or columns[1] < columns[0]:
            return
        self.first, self.last = columns
        self.split = (rows[0] + rows[1]) // 2 + 1
        self._row_from_split = re.compile(_ROW_R + b"0*" + at_least(self.split).encode() + rb"""["']""")
        # The same for RE2 (no lookbehind: the blank or quote before r is taken; only whether it matches is asked).
        self._split_tag = r"""<row[^<>]*[\s"']r\s*=\s*["']\+?0*""" + at_least(self.split) + """["']"""
        # A reference to a row on the other side of the split, which a half may not hold.
        self._crossing = [_reference(at_least(self.split)), _reference(below(self.split))]
        others = [info for info in archive.infolist() if info.filename != part and
                  info.filename.lower().endswith((".xml", ".rels"))]
        if sum(info.file_size for info in others) > archive.getinfo(part).file_size + (1 << 20):
            return
        try:
            for _ in range(2):
                file = _memory_file()
                self.files.append(file)
                out = zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True)
                self._archives.append(out)
                for info in others:
                    with archive.open(info) as source, out.open(info.filename, "w", force_zip64=True) as target:
                        shutil.copyfileobj(source, target, 1 << 20)
                self._streams.append(out.open(part, "w", force_zip64=True))
        except Exception:   # noqa: BLE001 - a full disk or an odd part: the sheet is read whole, as before
            self._give_up()
            return
        self._state = "head"

    def feed(self, chunk: bytes) -> None:
        """The sheet part's next decompressed chunk (b"" at its end). Never raises: a doubt gives the halves up, and the
        guard, which calls it from its reading thread, goes on as without halves."""
        if self._state not in ("head", "first", "second"):
            return
        try:
            self._feed(chunk)
        except Exception:   # noqa: BLE001 - see above
            self._give_up()

    def end(self, measured: bool) -> None:
        """The guard's pass over the part is over; `measured`: it measured the part whole and found it plain (no cell
        beyond its dimension, nothing unusual)."""
        if self._state != "done" or not measured:
            self._give_up()
            return
        try:
            for archive in self._archives:
                archive.close()
            for file in self.files:
                file.flush()
        except OSError:   # a full disk
            self._give_up()
            return
        self._archives = []
        self.ready = True

    def table(self) -> pa.Table | None:
        """The sheet as fastexcel reads the whole workbook (every cell as text), or None."""
        if not self.ready:
            return None
        with ThreadPoolExecutor(2, thread_name_prefix="helft") as pool:
            # Rows are counted from the sheet's row 1 (skip_rows given, as the whole read gives it): the second half
            # from its marker row on.
            first, second = pool.map(_load, [f"/proc/self/fd/{file.fileno()}" for file in self.files], [0, self.split - 2])
        width = self.last - self.first + 1
        if first is None or second is None or first.num_columns != width or second.num_columns != width:
            return None
        # The second half's only row its marker: the sheet ends before the split, where the whole read ends at its last
        # cell (an overstated dimension); it is read whole.
        if first.num_rows != self.split or second.num_rows < 2 or not (
                _markers(first, first.num_rows - 1) and _markers(second, 0)):
            return None
        schema = pa.schema([pa.field(f"__UNNAMED__{i}", pa.string()) for i in range(width)])
        joined = pa.concat_tables([first.slice(0, first.num_rows - 1).cast(schema), second.slice(1).cast(schema)])
        filled = [i for i in range(width) if joined.column(i).null_count < joined.num_rows]
        if not filled:
            return None
        kept = joined.select(list(range(filled[0], filled[-1] + 1)))
        return kept.rename_columns([f"__UNNAMED__{i}" for i in range(kept.num_columns)])

    def _feed(self, chunk: bytes) -> None:
        if not chunk:
            self._finish()
            return
        # A comment, CDATA or processing instruction could hold a row tag, or hide one: such a sheet is read whole.
        # (A search for one byte is a memchr; the two-byte search only where one is found.)
        if (chunk.find(b"!") >= 0 or chunk.find(b"?") >= 0 or self._last_byte == b"<") and _markup(
                self._last_byte + chunk, at_start=self._state == "head" and not self._carry):
            raise ValueError("a comment, CDATA or instruction")
        self._last_byte = chunk[-1:]
        if self._state == "head":
            text, self._carry = self._carry + chunk, b""
            chunk = self._head(text)
            if not chunk:
                return
        # Whole tags only: the text after the last '>' waits for the next chunk.
        pieces, self._carry = cut_after_tags(self._carry, chunk)
        if not pieces and len(self._carry) > _LONGEST_WITHOUT_TAG_END:
            raise ValueError("a long stretch without '>'")
        for piece in pieces:
            self._piece(piece)

    def _head(self, text: bytes) -> bytes:
        """The part's start up to its first row written to both halves (the second's marker row after it); the rest."""
        start = _ROW.search(text, 0, _LONGEST_HEAD)
        if start is None:
            if len(text) > _LONGEST_HEAD:
                raise ValueError("no row near the sheet's start")
            self._carry = text
            return b""
        head = text[:start.start()]
        last_tag = head.rfind(b"<")
        if not (_HEAD_START.match(head) and _HEAD_END.fullmatch(head, max(last_tag, 0))) or head.count(b"<?") > 1 \
                or b"<!" in head:
            raise ValueError("a head this does not know")
        self._streams[0].write(head)
        self._streams[1].write(head + self._marker(self.split - 1))
        self._state = "first"
        return text[start.start():]

    def _piece(self, piece: bytes | memoryview) -> None:
        if self._state == "first":
            # The last row tag says most pieces lie wholly before the split; else RE2 (fast, without Python's lock) says
            # whether the split tag is in this piece, and only then Python's search finds where (fresh eyes: row tags
            # padded past the 4 kB looked at made every piece go through Python's search, 5x the check's time).
            numbers = _ROW_NUMBER.findall(bytes(piece[-4096:]))
            found = None if numbers and int(numbers[-1]) < self.split or not matches(self._split_tag, piece) else \
                self._row_from_split.search(piece)
            if found is None:
                self._write(0, piece)
                return
            self._write(0, piece[:found.start()])
            self._state = "second"
            piece = piece[found.start():]
        self._write(1, piece)

    def _write(self, half: int, data: bytes | memoryview) -> None:
        if matches(self._crossing[half], data):
            raise ValueError("a cell on the other side of the split")
        self._streams[half].write(data)

    def _finish(self) -> None:
        if self._state != "second":
            raise ValueError("no row at or past the middle")
        self._write(1, self._carry)
        self._streams[0].write(self._marker(self.split) + b"</sheetData></worksheet>")
        for stream in self._streams:
            stream.close()
        self._streams = []
        self._state = "done"

    def _marker(self, row: int) -> bytes:
        columns = dict.fromkeys((self.first, self.last))
        cells = "".join(f'<c r="{column_letters(c)}{row}" t="inlineStr"><is><t>{MARKER}</t></is></c>' for c in columns)
        return f'<row r="{row}">{cells}</row>'.encode()

    def _give_up(self) -> None:
        self._state = ""
        self.ready = False
        for closable in [*self._streams, *self._archives]:
            with contextlib.suppress(Exception):   # closing what is given up; the files go with the Halves
                closable.close()
        self._streams, self._archives = [], []


def _markup(text: bytes, at_start: bool) -> bool:
    """Whether XML text holds a comment, CDATA, a DTD or a processing instruction; `at_start`: the part starts with the
    text, and its XML declaration (<?xml ...?> before anything but a byte order mark and blanks) does not count."""
    if b"<!" in text:
        return True
    first = text.find(b"<?")
    if first < 0:
        return False
    declaration = at_start and not text[:first].strip(b"\xef\xbb\xbf \t\r\n") and text.startswith(b"<?xml", first)
    return not declaration or text.find(b"<?", first + 2) >= 0


def _memory_file() -> IO[bytes]:
    """A file in memory, never on disk (the halves hold the clients' own numbers, and a refused file's BSNs), readable by
    a reader through /proc/self/fd; gone when closed or when the process ends."""
    return open(os.memfd_create("jeugdhulp-helft", os.MFD_CLOEXEC), "w+b")  # noqa: SIM115 - closed by Halves.__exit__


def _load(path: str, skip_rows: int) -> pa.Table | None:
    try:
        reader = fastexcel.read_excel(path)
        if len(reader.sheet_names) != 1:
            return None
        loaded = reader.load_sheet(0, header_row=None, skip_rows=skip_rows, dtypes="string")
        table, errors = loaded.to_arrow_with_errors()
    except BaseException as error:   # noqa: BLE001 - anything fastexcel cannot read: the whole workbook is read instead
        if not reader_failed(error):
            raise
        return None
    if errors is not None and errors.errors:
        return None
    return pa.Table.from_batches([table]) if isinstance(table, pa.RecordBatch) else table


def _markers(table: pa.Table, row: int) -> bool:
    """Whether a row holds the marker in its first and last column and nothing else."""
    values = [table.column(i)[row].as_py() for i in range(table.num_columns)]
    return values[0] == MARKER and values[-1] == MARKER and all(v is None for v in values[1:-1])
