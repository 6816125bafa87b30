"""Tables on PowerPoint slides (a heatmap, a table of figures): set in Arial at 12-14 pt, with column widths from
the longest word at that size so no name breaks inside a word, and split over slides (first column repeated)
where a table would not fit one."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
from pptx.enum.text import PP_ALIGN
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from jeugdhulp import fmt
from jeugdhulp.export.slides import is_number

TABLE_PT = (14, 12)     # a table's text: 14 pt where it fits, never under 12 pt


def alt_text(frame: GraphicFrame, text: str) -> None:
    """Alt text of a chart or table (cNvPr descr): what PowerPoint's screen reader says and its 'Alternatieve
    tekst' pane shows."""
    frame._element.nvGraphicFramePr.cNvPr.set("descr", text)

TABLE_WIDTH, TABLE_HEIGHT = Inches(12.3), Inches(5.0)
CELL_MARGIN = Pt(4)                 # left and right inside a cell
# Tables are set in Arial, which PowerPoint has and LibreOffice draws as the metric-equal Liberation Sans, so the
# widths below hold in both: Arial's advance widths (per 1000 em, as in its AFM) of the characters ' ' to '~'.
TABLE_FONT = "Arial"
_ARIAL = {False: [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
                  556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
                  722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
                  278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
                  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584],
          True: [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
                 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
                 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
                 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
                 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584]}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in points at `size` pt in Arial, 3% to spare; an accented letter as its base letter
    ('ï' as 'i'), any other character as wide as 'M'."""
    widths = _ARIAL[bold]
    total = 0
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1] or char
        total += widths[ord(base) - 32] if " " <= base <= "~" else 833
    return total / 1000 * size * 1.03


def words(text: str) -> list[str]:
    """The pieces a line may break between: words, and the parts of a hyphenated name after each hyphen
    ('Hardinxveld-', 'Giessendam'), as PowerPoint and LibreOffice break them; never inside a piece."""
    return re.findall(r"[^\s-]+-*|-+", text)


def _lines(text: str, width: float, size: float, bold: bool) -> int:
    """How many lines `text` takes in a column of `width` points, wrapped at spaces only."""
    lines, used = 1, 0.0
    for word in words(text):
        needed = text_width(word, size, bold) + (text_width(" ", size) if used else 0)
        if used and used + needed > width:
            lines, used = lines + 1, text_width(word, size, bold)
        else:
            used += needed
    return lines


@dataclass
class TablePart:
    """One slide's part of a table: its rows and columns, their widths and the font size."""

    frame: pd.DataFrame
    widths: list[int]          # EMU per column
    size: int
    heights: list[int]         # EMU per row, the header first


def _cell_text(value: object) -> str:
    if is_number(value):
        return "" if pd.isna(value) or value == 0 else fmt.number(value, 0)
    return str(value)


def table_parts(table: pd.DataFrame) -> list[TablePart]:
    """The table over as few slides as it needs at TABLE_PT (14 pt, or 12 pt where that saves slides): columns
    as wide as their longest word (a name is never broken inside it), the first column on every slide, rows
    split where the slide ends."""
    best: list[TablePart] = []
    for size in TABLE_PT:
        parts = _split(table, size)
        if not best or len(parts) < len(best):
            best = parts
    return best


def _split(table: pd.DataFrame, size: int) -> list[TablePart]:
    texts = [[str(c) for c in table.columns]] + [[_cell_text(v) for v in row] for row in table.itertuples(index=False)]
    margin = CELL_MARGIN.pt * 2 + 2
    available = TABLE_WIDTH / 12700        # points
    # Narrowest width per column: its longest word (the header bold), so a name is never broken inside a word.
    # (A word wider than half the slide, which no name is, is the one thing that may break.)
    minimum = [min(available / 2, max((text_width(w, size, i == 0) for i, row in enumerate(texts)
                                       for w in words(row[j])), default=0) + margin) for j in range(len(table.columns))]
    full = [min(available / 2, max(text_width(row[j], size, i == 0) for i, row in enumerate(texts)) + margin)
            for j in range(len(table.columns))]
    # The labels down the side on one line where that costs no extra slide; else wrapped between words.
    whole = min(available * 0.4, max(text_width(row[0], size, i == 0) for i, row in enumerate(texts)) + margin)
    groups = _column_groups([max(whole, minimum[0]), *minimum[1:]], available)
    if len(groups) > len(_column_groups(minimum, available)):
        groups = _column_groups(minimum, available)
    else:
        minimum[0] = max(whole, minimum[0])
    parts = []
    for group in groups:
        columns = [0, *group]
        # Room left goes to the columns whose texts wrap, towards the width that holds them on one line (a header
        # of three lines costs every row of the slide); what is left after that stays unused.
        spare = max(0.0, available - sum(minimum[j] for j in columns))
        need = [max(0.0, full[j] - minimum[j]) for j in columns]
        share = min(1.0, spare / sum(need)) if sum(need) else 0.0
        widths = [minimum[j] + n * share for j, n in zip(columns, need, strict=True)]
        line = size * 1.2
        heights = [max(_lines(texts[i][j], widths[k] - margin, size, i == 0) for k, j in enumerate(columns)) * line
                   + 2 * 2 + 2 for i in range(len(texts))]
        room = max(TABLE_HEIGHT / 12700 - heights[0], line)    # a header taller than the slide: a row per slide
        count = max(1, int(sum(heights[1:]) // room)) if len(texts) > 1 else 1
        while True:     # as many rows on each slide as the slides need, the last slide not nearly empty
            per = -(-(len(texts) - 1) // count) if len(texts) > 1 else 0
            chunks = [list(range(1 + k * per, min(len(texts), 1 + (k + 1) * per))) for k in range(count)]
            chunks = [c for c in chunks if c] or [[]]
            if all(sum(heights[i] for i in chunk) <= room for chunk in chunks) or per <= 1:
                break
            count += 1
        for chunk in chunks:
            frame = table.iloc[[i - 1 for i in chunk], columns]
            parts.append(TablePart(frame, [int(w * 12700) for w in widths], size,
                                   [int(heights[i] * 12700) for i in [0, *chunk]]))
    return parts


def _column_groups(widths: list[float], available: float) -> list[list[int]]:
    """The columns after the first in groups that fit next to the first on one slide."""
    groups: list[list[int]] = [[]]
    for j in range(1, len(widths)):
        if groups[-1] and widths[0] + sum(widths[k] for k in groups[-1]) + widths[j] > available:
            groups.append([])
        groups[-1].append(j)
    return groups


def place_table(slide: Slide, part: TablePart, title: str, left: Emu, top: Emu) -> None:
    table = part.frame
    rows, columns = len(table) + 1, len(table.columns)
    shape = slide.shapes.add_table(rows, columns, left, top, sum(part.widths), sum(part.heights))
    names = [str(c) for c in table.columns]
    alt_text(shape, f"Tabel '{title}': {len(table)} {'rij' if len(table) == 1 else 'rijen'} ("
                     f"{', '.join(str(v) for v in table.iloc[:, 0])}) met kolommen {', '.join(n for n in names if n)}.")
    grid = shape.table
    for j, width in enumerate(part.widths):
        grid.columns[j].width = width
    for row, height in zip(grid.rows, part.heights, strict=True):
        row.height = height
    for j, column in enumerate(names):
        grid.cell(0, j).text = column
    for i, record in enumerate(table.itertuples(index=False), start=1):
        for j, value in enumerate(record):
            grid.cell(i, j).text = _cell_text(value)
            if is_number(value):
                grid.cell(i, j).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    size = Pt(part.size)
    for row in grid.rows:
        for cell in row.cells:
            cell.margin_top = cell.margin_bottom = Pt(2)
            cell.margin_left = cell.margin_right = CELL_MARGIN
            cell.text_frame.word_wrap = True
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = size       # also sizes empty cells, which would otherwise be 18 pt tall
                for run in paragraph.runs:
                    run.font.size, run.font.name = size, TABLE_FONT
                end = paragraph._p.get_or_add_endParaRPr()
                end.set("sz", str(int(size.pt * 100)))
