"""How much text the cells of an xlsx/xlsm ask a reader to build, counted before any reader starts.

A cell of type "s" holds no text of its own but an index into the shared strings (xl/sharedStrings.xml), and a reader
(calamine) gives every such cell its own copy of the string. So the unpacked size does not bound the text read: one
32.000-character string in 260.000 cells is a 1,3 MB upload and 8 GB of text (fresh eyes; the child process that reads
it died at its memory cap). loaders.read refuses a workbook whose cells would hold more than MAX_CELL_TEXT_BYTES.

Usually a cheap bound settles it: the cells of the sheets (their extent, already measured) times the longest shared
string. Only a workbook over that bound has its sheets read for the index in every text cell, and the lengths of the
strings behind them added up. Both run on Arrow's RE2 (linear time, in C++) and fail closed:
- the strings are numbered as a reader numbers them only when they are written as every writer we know writes them:
  each string one <si>...</si> (or <si/>) without attributes, none inside another, no comment, CDATA or instruction,
  no '<' or '>' inside an attribute value (a reader that does not check XML would read a tag hidden there; fresh eyes
  hid '</si><si>' in one and shifted every index after it). A part written otherwise is "unusual": each of its
  strings may be as long as the part itself;
- a text cell whose index is not written as those writers write it counts as the longest string."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# What the cells of a workbook may hold together, in bytes of text: about 30 times what a 1M-row export holds
# (~4M text cells of ~20 bytes), and a few gigabytes in the reader at most (calamine's copy and Arrow's).
MAX_CELL_TEXT_BYTES = 1024 ** 3

_PREFIX = r"""(?:[^\s<>/:="']+:)?"""
_START, _EMPTY, _END = "<" + _PREFIX + "si>", "<" + _PREFIX + "si/>", "</" + _PREFIX + "si>"
_ANY_SI_TAG = "</?" + _PREFIX + r"si[\s/>]"   # an si tag in any spelling: more than the three above is unusual
_FIRST_START = re.compile(_START.encode())
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")
# A comment, CDATA, a declaration or instruction (the XML declaration at the very start aside), or an attribute value
# holding '<' or '>'.
_UNUSUAL = (r"""<!|<\?|<[^<>"'\s]+(?:[^<>"']|"[^"<>]*"|'[^'<>]*')*["'][^"'<>]*[<>]""")
# A text cell's index as Excel, LibreOffice, openpyxl and xlsxwriter write it: t="s" last, one value, then the end.
_TEXT_CELL_INDEX = re.compile(rb't="s"><v>(\d{1,12})</v></c>')
# Any cell of type "s", in any spelling a reader may take for it (a prefix, other quotes or blanks).
_TEXT_CELL = r"""[\s"':]t\s*=\s*["']s["']"""
# A t="s" written otherwise than above.
_OTHER_TEXT_CELL = (r"""[\s"':]t(?:\s+=\s*["']s["']|=\s+["']s["']|=\s*'s["']|="s')|:t\s*=\s*["']s["']"""
                    r"""|t="s"(?:[^>]|>[^<]|><[^v]|><v[^>])""")
_CHUNK = 16 * 1024 * 1024
_TAIL = 4096


@dataclass
class Strings:
    """The shared strings as a reader numbers them: an upper bound of each one's length in bytes by its index, and
    for the unusual parts (see the module) the size of the largest, which bounds every string it may hold."""

    lengths: np.ndarray
    unusual: int = 0

    def longest(self) -> int:
        return max(int(self.lengths.max()) if self.lengths.size else 0, self.unusual)

    def bound(self, index: np.ndarray) -> np.ndarray:
        """The length of the string at each index (an index beyond the strings: the longest there is)."""
        inside = np.minimum(index, max(self.lengths.size - 1, 0))
        known = self.lengths[inside] if self.lengths.size else np.zeros(index.size, dtype=np.int64)
        return np.maximum(np.where(index < self.lengths.size, known, self.longest()), self.unusual)


def string_lengths(archive: zipfile.ZipFile, sheet_parts: set[str]) -> Strings:
    """The shared strings of every XML part other than a sheet (a reader may find them under another name than
    xl/sharedStrings.xml): an index gets the longest of its strings in any of them."""
    strings = Strings(np.zeros(0, dtype=np.int64))
    for info in archive.infolist():
        if info.filename in sheet_parts or not info.filename.lower().endswith(".xml"):
            continue
        part = _part_lengths(archive, info.filename)
        if part is None:
            strings.unusual = max(strings.unusual, info.file_size)
            continue
        longer, other = (part, strings.lengths) if part.size > strings.lengths.size else (strings.lengths, part)
        longer[:other.size] = np.maximum(longer[:other.size], other)
        strings.lengths = longer
    return strings


def _part_lengths(archive: zipfile.ZipFile, path: str) -> np.ndarray | None:
    """Each string's length in one part (the XML from its start tag to its end tag), or None when the part is unusual
    (see the module). A part without any si tag has no strings, however it is written."""
    pieces: list[np.ndarray] = []
    carried = opened = 0     # the bytes and start tags of the string still open at the end of the previous chunk
    head = None              # where the first string starts, in the first chunk that has one
    unusual = relevant = False
    for number, (text, whole) in enumerate(_cut_after(archive, path, b">")):
        tags = _count(_ANY_SI_TAG, text)
        relevant = relevant or tags > 0
        declaration = _DECLARATION.match(text) if number == 0 else None
        unusual = unusual or not whole or matches(_UNUSUAL, text[declaration.end():] if declaration else text)
        unusual = unusual or tags != _count(_START, text) + _count(_EMPTY, text) + _count(_END, text)
        if unusual:
            continue         # read on only to know whether the part has strings at all
        if head is None:
            first = _FIRST_START.search(text)
            head = None if first is None else first.start()
        normal = pc.replace_substring_regex(_binary(text), _EMPTY, "<si></si>")
        parts = pc.split_pattern_regex(normal, _END)[0].values
        sizes = pc.binary_length(parts).to_numpy().astype(np.int64)
        starts = pc.count_substring_regex(parts, _START).to_numpy().astype(np.int64)
        sizes[0] += carried
        starts[0] += opened
        unusual = bool((starts[:-1] != 1).any())    # a string inside another, or an end tag without a start tag
        carried, opened = int(sizes[-1]), int(starts[-1])
        pieces.append(sizes[:-1])
    if not relevant:
        return np.zeros(0, dtype=np.int64)
    if unusual or opened:    # ... or a string that never ends
        return None
    lengths = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    if lengths.size and head:
        lengths[0] -= head   # the part's head before its first string
    return lengths


def _cut_after(archive: zipfile.ZipFile, path: str, mark: bytes) -> Iterator[tuple[bytes, bool]]:
    """A part's XML in pieces of about _CHUNK bytes, each cut right after the last `mark` in it (the rest goes on to the
    next piece), so that a tag ending in `mark` is never cut in two; with whether that held. A chunk without `mark`
    (16 MB without a tag's end: no writer writes that) is cut _TAIL bytes from its end, and said not to be whole."""
    rest = b""
    with archive.open(path) as handle:
        while chunk := handle.read(_CHUNK):
            text = rest + chunk
            cut = text.rfind(mark) + len(mark)
            whole = cut > len(rest)
            if not whole:
                cut = max(len(text) - _TAIL, 0)
            rest = text[cut:]
            yield text[:cut], whole
    if rest:
        yield rest, True


def _cells(archive: zipfile.ZipFile, path: str) -> Iterator[bytes]:
    """A sheet's XML in chunks, each cut after its last cell end ('c>'; the rest goes on to the next), so that a text
    cell written as _TEXT_CELL_INDEX expects is never cut in two. A chunk without one (only self-closing cells, or one
    long inline text) is cut _TAIL bytes from its end instead: linear time, and no cell's type is longer than that."""
    for text, _ in _cut_after(archive, path, b"c>"):
        yield text


def cell_text_bytes(archive: zipfile.ZipFile, sheet_parts: set[str], cells: int) -> tuple[int, bool]:
    """What the text cells of the sheets hold together: at most `cells` (the sheets' extent) times the longest shared
    string, and when that is over MAX_CELL_TEXT_BYTES, the sum of the string behind every text cell. And whether an
    unusual part of shared strings (see the module) made it that large."""
    strings = string_lengths(archive, sheet_parts)
    longest = strings.longest()
    if cells * longest <= MAX_CELL_TEXT_BYTES:
        return cells * longest, False
    total = sum(_sheet_text_bytes(archive, part, strings) for part in sorted(sheet_parts))
    return total, bool(strings.unusual)


def _sheet_text_bytes(archive: zipfile.ZipFile, path: str, strings: Strings) -> int:
    total, longest = 0, strings.longest()
    for text in _cells(archive, path):
        found = Counter(_TEXT_CELL_INDEX.findall(text))
        read = sum(found.values())
        if found:
            indexes = np.array([int(index) for index in found], dtype=np.int64)
            total += int((strings.bound(indexes) * np.array(list(found.values()), dtype=np.int64)).sum())
        # A text cell written in another spelling than the one above is counted at the longest string.
        if text.count(b't="s"') != read or matches(_OTHER_TEXT_CELL, text):
            total += max(_count(_TEXT_CELL, text) - read, 0) * longest
        if total > MAX_CELL_TEXT_BYTES:
            break
    return total


def _binary(text: bytes) -> pa.Array:
    offsets = pa.py_buffer(np.array([0, len(text)], dtype=np.int64))
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(text)])   # no copy of the text


def matches(pattern: str, text: bytes) -> bool:
    """Whether RE2 `pattern` matches somewhere in `text` (Arrow: linear time, without Python's lock; loaders.read's
    streaming guard uses it too)."""
    return bool(pc.any(pc.match_substring_regex(_binary(text), pattern)).as_py())


def _count(pattern: str, text: bytes) -> int:
    return pc.count_substring_regex(_binary(text), pattern)[0].as_py()
