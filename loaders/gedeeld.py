"""How much text the cells of an xlsx/xlsm ask a reader to build, counted before any reader starts.

A cell of type "s" holds no text of its own but an index into the shared strings (xl/sharedStrings.xml), and a reader
(calamine) gives every such cell its own copy of the string. So the unpacked size does not bound the text read: one
32.000-character string in 260.000 cells is a 1,3 MB upload and 8 GB of text (fresh eyes; the child process that reads
it died at its memory cap). loaders.read refuses a workbook whose cells would hold more than MAX_CELL_TEXT_BYTES.

Usually a cheap bound settles it: the cells of the sheets (their extent, already measured) times the longest shared
string. Only a workbook over that bound has its sheets read for the index in every text cell, and the lengths of the
strings behind them added up. Both steps run on Arrow's RE2 (linear time, in C++), and both fail closed: a part whose
strings cannot be numbered safely (a comment or CDATA section could shift the numbering) or a text cell whose index
cannot be read is counted at the longest string."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# What the cells of a workbook may hold together, in bytes of text: about 30 times what a 1M-row export holds
# (~4M text cells of ~20 bytes), and a few gigabytes in the reader at most (calamine's copy and Arrow's).
MAX_CELL_TEXT_BYTES = 1024 ** 3

_PREFIX = r"""(?:[^\s<>/:="']+:)?"""
# The end of one shared string: its end tag, or an empty string written as one tag. The piece of XML before it is at
# least as long as the string (markup, entities and character references are longer than what they stand for).
_STRING_END = "</" + _PREFIX + r"si\s*>|<" + _PREFIX + r"si\s*/>"
_STRING_START = re.compile(b"<" + _PREFIX.encode() + rb"si[\s/>]")
_NUMBERING_SHIFTS = re.compile(rb"<!|<\?")   # a comment, CDATA, a declaration or instruction could hide or add an end tag
# A text cell's index as Excel, LibreOffice, openpyxl and xlsxwriter write it: t="s" last, its value right after.
_TEXT_CELL_INDEX = re.compile(rb't="s"><v>(\d{1,12})</v>')
# Any cell of type "s", in any spelling a reader may take for it (a prefix, other quotes or blanks).
_TEXT_CELL = r"""[\s"':]t\s*=\s*["']s["']"""
# A t="s" written otherwise than above, or not followed by its value at once.
_OTHER_TEXT_CELL = (r"""[\s"':]t(?:\s+=\s*["']s["']|=\s+["']s["']|=\s*'s["']|="s')|:t\s*=\s*["']s["']"""
                    r"""|t="s"(?:[^>]|>[^<]|><[^v]|><v[^>])""")
_CHUNK = 16 * 1024 * 1024


def string_lengths(archive: zipfile.ZipFile, sheet_parts: set[str]) -> np.ndarray:
    """An upper bound of each shared string's length in bytes, by its index. Every XML part other than a sheet is
    looked at (a reader may find its strings under another name than xl/sharedStrings.xml); an index gets the
    longest of its strings in any of them. A part whose numbering could shift gives every index its longest string."""
    lengths = np.zeros(0, dtype=np.int64)
    for info in archive.infolist():
        if info.filename in sheet_parts or not info.filename.lower().endswith(".xml"):
            continue
        part = _part_lengths(archive, info.filename)
        if part.size > lengths.size:
            part[:lengths.size] = np.maximum(part[:lengths.size], lengths)
            lengths = part
        elif part.size:
            lengths[:part.size] = np.maximum(lengths[:part.size], part)
    return lengths


def _part_lengths(archive: zipfile.ZipFile, path: str) -> np.ndarray:
    pieces: list[np.ndarray] = []
    carried = None       # bytes of the string still open at the end of the previous chunk; None before the first string
    shifts = False
    for text in _cut_after(archive, path, b">"):
        if carried is None:
            first = _STRING_START.search(text)
            if first is None:
                continue     # the part's head (its declaration and root tag), or a part without strings
            text, carried = text[first.start():], 0
        shifts = shifts or _NUMBERING_SHIFTS.search(text) is not None
        parts = pc.split_pattern_regex(pa.array([text], pa.large_binary()), _STRING_END)[0].values
        sizes = pc.binary_length(parts).to_numpy().astype(np.int64)
        sizes[0] += carried
        carried = int(sizes[-1])
        pieces.append(sizes[:-1])      # the last piece has no end yet
    lengths = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    if shifts and lengths.size:
        lengths[:] = lengths.max()
    return lengths


def _cut_after(archive: zipfile.ZipFile, path: str, mark: bytes) -> Iterator[bytes]:
    """A part's XML in pieces of about _CHUNK bytes, each cut right after the last `mark` in it (the rest goes on to the
    next piece), so that a tag ending in `mark` is never cut in two."""
    rest = b""
    with archive.open(path) as handle:
        while chunk := handle.read(_CHUNK):
            text = rest + chunk
            cut = text.rfind(mark) + len(mark) if mark in chunk else 0
            if cut:
                rest = text[cut:]
                yield text[:cut]
            else:
                rest = text
    if rest:
        yield rest


def cell_text_bytes(archive: zipfile.ZipFile, sheet_parts: set[str], cells: int) -> int:
    """What the text cells of the sheets hold together: at most `cells` (the sheets' extent) times the longest shared
    string, and when that is over MAX_CELL_TEXT_BYTES, the sum of the string behind every text cell."""
    lengths = string_lengths(archive, sheet_parts)
    if not lengths.size:
        return 0
    longest = int(lengths.max())
    if cells * longest <= MAX_CELL_TEXT_BYTES:
        return cells * longest
    return sum(_sheet_text_bytes(archive, part, lengths, longest) for part in sorted(sheet_parts))


def _sheet_text_bytes(archive: zipfile.ZipFile, path: str, lengths: np.ndarray, longest: int) -> int:
    total = 0
    for text in _cut_after(archive, path, b"c>"):   # after a cell's end tag: never inside a text cell's value
        found = Counter(_TEXT_CELL_INDEX.findall(text))
        read = sum(found.values())
        total += sum(int(lengths[int(index)]) * count if int(index) < lengths.size else longest * count
                     for index, count in found.items())
        # A text cell written in another spelling than the one above is counted at the longest string.
        if text.count(b't="s"') != read or _matches(_OTHER_TEXT_CELL, text):
            total += max(_count(_TEXT_CELL, text) - read, 0) * longest
        if total > MAX_CELL_TEXT_BYTES:
            break
    return total


def _binary(text: bytes) -> pa.Array:
    offsets = pa.py_buffer(np.array([0, len(text)], dtype=np.int64))
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(text)])   # no copy of the text


def _matches(pattern: str, text: bytes) -> bool:
    return bool(pc.any(pc.match_substring_regex(_binary(text), pattern)).as_py())


def _count(pattern: str, text: bytes) -> int:
    return pc.count_substring_regex(_binary(text), pattern)[0].as_py()
