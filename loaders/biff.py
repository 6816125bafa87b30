"""How much text the cells of an old Excel workbook (.xls, BIFF8) ask a reader to build, counted before any reader
starts: the .xls side of loaders.gedeeld. A text cell (LABELSST) holds an index into the workbook's shared strings
(the SST record and the CONTINUE records after it), and the reader copies the string into every such cell: a 5 MB .xls
of one 32.000-character string in 260.000 cells grew a checking process to 8 GB (fresh eyes).

Each string's length is read from its header (cch, characters in UTF-16: at most 3 bytes of UTF-8 each); the strings
are walked as Excel writes them, a string's characters going on in the next CONTINUE record after a byte of flags.
A walk that does not end exactly at the end of the SST's records, or a second SST, is not trusted: every string may
then be as long as Excel allows (32.767 characters)."""

from __future__ import annotations

import io
import struct
from collections import Counter

import numpy as np
import olefile

_SST, _CONTINUE, _LABELSST = 0x00FC, 0x003C, 0x00FD
_UTF8_PER_CHAR = 3
LONGEST_STRING = 32_767 * _UTF8_PER_CHAR


def cell_text_bytes(data: bytes) -> int | None:
    """An upper bound of the text, in bytes of UTF-8, that the text cells of the .xls in `data` hold together; None
    when it is no BIFF8 workbook this can walk (an Excel 95 workbook keeps its text in the cells themselves; a damaged
    one the reader refuses)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            # calamine reads the stream "Workbook", or else "Book" (fresh eyes put BIFF8 records in a "Book"): both count.
            streams = [ole.openstream(name).read() for name in ("Workbook", "Book") if ole.exists(name)]
    except (OSError, ValueError, struct.error):   # olefile's errors for a container it cannot read
        return None
    if not streams:
        return None
    return max(_stream_text_bytes(stream) for stream in streams)


def _stream_text_bytes(stream: bytes) -> int:
    strings, cells, several = _records(stream)
    lengths = None if several else _lengths(strings) if strings else np.zeros(0, dtype=np.int64)
    if lengths is None:
        return sum(cells.values()) * LONGEST_STRING
    longest = int(lengths.max()) if lengths.size else 0
    return sum(count * (int(lengths[index]) if index < lengths.size else longest) for index, count in cells.items())


def _records(stream: bytes) -> tuple[list[bytes], Counter[int], bool]:
    """The first SST record's body with the CONTINUE bodies right after it, how many text cells refer to each index,
    and whether there is more than one SST (a reader takes the last; fresh eyes put a small one before a long one)."""
    strings: list[bytes] = []
    cells: Counter[int] = Counter()
    position, in_strings, several = 0, False, False
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4:position + 4 + size]
        position += 4 + size
        if kind == _SST:
            several = several or bool(strings)
            strings = strings or [body]
            in_strings = len(strings) == 1 and not several
            continue
        if kind == _CONTINUE and in_strings:
            strings.append(body)
            continue
        in_strings = False
        if kind == _LABELSST and len(body) >= 10:
            cells[struct.unpack_from("<I", body, 6)[0]] += 1
    return strings, cells, several


def _lengths(parts: list[bytes]) -> np.ndarray | None:
    """Each shared string's length bound (3 bytes per character), or None when the walk does not fit the records."""
    if len(parts[0]) < 8:
        return None
    unique = struct.unpack_from("<I", parts[0], 4)[0]
    if unique > sum(len(p) for p in parts) // 3:
        return None          # more strings than the records could hold
    lengths = np.zeros(unique, dtype=np.int64)
    record, position = 0, 8
    for number in range(unique):
        header = _header(parts, record, position)
        if header is None:
            return None
        record, position, chars, wide, extra = header
        walked = _walk(parts, record, position, chars, wide, extra)
        if walked is None:
            return None
        record, position = walked
        lengths[number] = chars * _UTF8_PER_CHAR
    if record != len(parts) - 1 or position != len(parts[record]):
        return None
    return lengths


def _header(parts: list[bytes], record: int, position: int) -> tuple[int, int, int, int, int] | None:
    """A string's header (it never spans two records): where its characters start, how many, whether 2 bytes wide,
    and the bytes of formatting runs (4 each) and phonetic text that follow them."""
    if position + 3 > len(parts[record]):
        record, position = record + 1, 0
        if record >= len(parts):
            return None
    body = parts[record]
    if position + 3 > len(body):
        return None
    chars, flags = struct.unpack_from("<HB", body, position)
    position += 3
    sizes = [(0x08, "<H", 2, 4), (0x04, "<i", 4, 1)]   # rich text: runs of 4 bytes; phonetic text: bytes
    extra = 0
    for flag, layout, width, factor in sizes:
        if flags & flag:
            if position + width > len(body):
                return None
            extra += factor * struct.unpack_from(layout, body, position)[0]
            position += width
    return record, position, chars, flags & 0x01, extra


def _walk(parts: list[bytes], record: int, position: int, chars: int, wide: int, extra: int) -> tuple[int, int] | None:
    """Past a string's characters (each CONTINUE they go on in starts with a byte saying whether they are 1 or 2 bytes
    wide) and then its `extra` bytes of runs and phonetic text (no flag byte there). Where it ends, or None."""
    while chars:
        room = (len(parts[record]) - position) // (2 if wide else 1)
        taken = min(room, chars)
        position += taken * (2 if wide else 1)
        chars -= taken
        if chars:
            record += 1
            if record >= len(parts) or not parts[record]:
                return None
            wide, position = parts[record][0] & 0x01, 1
    if extra < 0:
        return None
    while extra:
        room = len(parts[record]) - position
        if room >= extra:
            return record, position + extra
        extra -= room
        record, position = record + 1, 0
        if record >= len(parts):
            return None
    return record, position
