"""The PowerPoint export: a 16:9 deck with a title slide, then per chart a slide with its title, a native,
editable chart (see pptx_charts.py) or table, the source line and the example mark, the definition in the
speaker notes. Text from files is written as plain runs, and as text (never a formula) in a chart's sheet."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.series import BarSeries, LineSeries, XySeries
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.base import BaseShape as SlideShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from jeugdhulp import fmt, safe
from jeugdhulp.export.pptx_charts import NO_FILL, RANGE_INNER, RANGE_OUTER, NativeChart, native_chart
from jeugdhulp.export.slides import EXAMPLE_MARK, SLIDE_TITLE_PT, hidden_note, is_number
from jeugdhulp.presentatie import Dia


class _TextWorkbook:
    """The sheet inside a PowerPoint chart, written with strings as strings: python-pptx opens xlsxwriter
    with its defaults, which turn a category or series name starting with '=' into a live formula."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Iterator[tuple[Workbook, Worksheet]]:
        workbook = Workbook(xlsx_file, {"in_memory": True, **safe.XLSX_OPTIONS})
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _CategoryWorkbook(_TextWorkbook, CategoryWorkbookWriter):
    pass


class _XyWorkbook(_TextWorkbook, XyWorkbookWriter):
    pass


class _CategoryData(CategoryChartData):
    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _CategoryWorkbook(self)


class _XyData(XyChartData):
    @property
    def _workbook_writer(self) -> XyWorkbookWriter:
        return _XyWorkbook(self)


_CHART_TYPES = {
    ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
    ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED, ("bar", True): XL_CHART_TYPE.BAR_STACKED,
    ("line", False): XL_CHART_TYPE.LINE_MARKERS, ("xy", False): XL_CHART_TYPE.XY_SCATTER_LINES,
}


TITLE_SLIDE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5      # python-pptx's default template: "Title Slide", "Title Only"
TABLE_PT = (14, 12)     # a table's text: 14 pt where it fits, never under 12 pt
GREY, INK = "4A5663", "1C2530"
DUTCH = "[$-413]"       # a number format's locale, Dutch: LibreOffice then writes 1.949 and 1,5 in any language


def to_pptx(dias: Sequence[Dia], title: str, subtitle: str, generated: datetime) -> bytes:
    """A 16:9 PowerPoint file: a title slide, then per chart a slide with its title in the layout's title
    placeholder, a native chart (or a table, split over slides where it would not fit), the source line, the example
    mark where it applies, alt text on every chart and table, and the definition and source in the speaker notes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title_only = deck.slide_layouts[TITLE_ONLY_LAYOUT]

    first = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE_LAYOUT])
    _title(first.shapes.title, title, Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.6), SLIDE_TITLE_PT + 8)
    count = f"{len(dias)} {'grafiek' if len(dias) == 1 else 'grafieken'}"
    _fill(first.placeholders[1], [(subtitle, 20, INK), (f"{count} · gemaakt op {fmt.datetime_nl(generated)} met de "
                                                       "Inkoopmonitor Jeugdhulp", 14, GREY)],
          Inches(0.8), Inches(3.7), Inches(11.7), Inches(1.4))
    figures = [json.loads(dia.figuur_json) for dia in dias]
    specs = [native_chart(figure) for figure in figures]    # a hidden value is an empty point: a gap, never 0
    if any(d.voorbeeld for d in dias) or any(spec.mark for spec in specs):
        _example_mark(first, EXAMPLE_MARK if any(d.voorbeeld and not s.mark for d, s in zip(dias, specs, strict=True))
                      else "DEELS VOORBEELDDATA")

    for dia, figure, spec in zip(dias, figures, specs, strict=True):
        mark = spec.mark or (EXAMPLE_MARK if dia.voorbeeld else "")
        parts = _table_parts(spec.table) if spec.kind == "table" and spec.table is not None else [None]
        for index, part in enumerate(parts, start=1):
            slide = deck.slides.add_slide(title_only)
            slide_title = dia.titel + (f" ({index}/{len(parts)})" if len(parts) > 1 else "")
            mark_width = _example_mark(slide, mark) if mark else 0
            _title(slide.shapes.title, slide_title, Inches(0.5), Inches(0.3),
                   Inches(12.3) - (mark_width + Inches(0.2) if mark_width else 0), Inches(1.05), title_size(slide_title))
            if part is None:
                _place_chart(slide, spec, slide_title, Inches(0.5), Inches(1.45), Inches(12.3), Inches(5.1))
            else:
                _place_table(slide, part, slide_title, Inches(0.5), Inches(1.45))
            lines = [f"Bron: {dia.bron}", hidden_note(figure)]
            _text(slide, "\n".join(filter(None, lines)), Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.8), 12,
                  color=GREY)
            notes = [f"Definitie: {dia.definitie}", f"Bron: {dia.bron}", spec.note]
            slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, notes))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def title_size(title: str) -> int:
    """Points for a slide title that fits two lines above the chart; never under 22 pt (29 px)."""
    return SLIDE_TITLE_PT if len(title) <= 45 else 26 if len(title) <= 70 else 22


def _title(shape: SlideShape, text: str, left: Emu, top: Emu, width: Emu, height: Emu, size: int) -> None:
    """The slide's title in the layout's title placeholder (so PowerPoint's outline, navigation and screen readers
    know it), placed and sized for a 16:9 slide: the template's layouts are 4:3."""
    _fill(shape, [(text, size, INK)], left, top, width, height, bold=True)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM


def _fill(shape: SlideShape, lines: list[tuple[str, int, str]], left: Emu, top: Emu, width: Emu, height: Emu, *,
          bold: bool = False) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
    frame = shape.text_frame
    frame.word_wrap = True
    frame.clear()
    for index, (line, size, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor.from_string(color)


def _text(slide: Slide, text: str, left: Emu, top: Emu, width: Emu, height: Emu, size: int, *, bold: bool = False,
          color: str = "1C2530") -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):      # a paragraph per line
        run = (frame.paragraphs[0] if index == 0 else frame.add_paragraph()).add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor.from_string(color)


def _example_mark(slide: Slide, text: str) -> Emu:
    """The example mark at the top right: the general one, or the figure's own for partly example data
    ('DEELS VOORBEELDDATA: INWONERS 0-17 FICTIEF'), which takes two lines. Returns its width."""
    width = Inches(2.9) if len(text) <= 24 else Inches(3.6)
    box = slide.shapes.add_textbox(Inches(12.8) - width, Inches(0.35), width, Inches(0.5 if len(text) <= 24 else 0.8))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string("FFF1D6")
    box.line.color.rgb = RGBColor.from_string("C8702A")
    box.text_frame.word_wrap = True
    paragraph = box.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(14), True
    run.font.color.rgb = RGBColor.from_string("8A4B00")
    return width


def _rgb(color: object) -> RGBColor | None:
    if isinstance(color, str) and color.startswith("#") and len(color) == 7:
        return RGBColor.from_string(color[1:].upper())
    return None


def _alt_text(frame: GraphicFrame, text: str) -> None:
    """Alt text of a chart or table (cNvPr descr): what PowerPoint's screen reader says and its 'Alternatieve
    tekst' pane shows."""
    frame._element.nvGraphicFramePr.cNvPr.set("descr", text)


def _place_chart(slide: Slide, spec: NativeChart, title: str, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    if spec.kind == "empty":
        _text(slide, spec.note or "Geen gegevens voor deze selectie.", left, top, width, Inches(1), 20)
        return
    if not (spec.points if spec.kind == "xy" else spec.categories):
        # e.g. a chart whose every value is hidden or missing: PowerPoint has no chart without categories
        _text(slide, spec.note or "Geen gegevens voor deze selectie.", left, top, width, Inches(1), 20)
        return
    if spec.kind == "xy":
        data = _XyData()
        for name, pairs in spec.points:
            series = data.add_series(name)
            for x, y in pairs:
                series.add_data_point(x, y)
    else:
        data = _CategoryData()
        data.categories = spec.categories
        for name, values in spec.series:
            data.add_series(name, values)
    number_format = _number_format(spec)
    frame = slide.shapes.add_chart(_CHART_TYPES[(spec.kind, spec.stacked and spec.kind in ("bar", "column"))],
                                   left, top, width, height, data)
    _alt_text(frame, describe(spec, title))
    chart = frame.chart
    chart.has_title = False          # the slide carries the title; PowerPoint would repeat a lone series name
    chart.font.size = Pt(14)
    if spec.kind in ("bar", "column"):
        chart.plots[0].gap_width = 60
        if spec.reference is not None:
            chart.plots[0].overlap = 100     # the reference bar stands on its own row, at full height
    chart.has_legend = len(spec.series or spec.points) - len(spec.hidden_legend) > 1 and spec.reference is None
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _hide_legend_entries(chart, spec.hidden_legend)
    if spec.kind == "bar":
        _every_label(chart)
        if max(map(len, spec.categories)) > 30:     # long labels on two lines: 12 pt keeps them apart
            chart.category_axis.tick_labels.font.size = Pt(12)
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = _number_format(spec, axis=True)
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    values = [v for _, vs in spec.series for v in vs if v is not None] + [
        y for _, ps in spec.points for _, y in ps if y is not None]
    if (spec.kind in ("bar", "column") or spec.from_zero) and min(values, default=0) >= 0:
        value_axis.minimum_scale = 0      # a bar's length is its value: from 0, as on screen
    axis_title = value_axis_title(spec)
    if axis_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = axis_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    if spec.kind == "xy":
        xs = [x for _, pairs in spec.points for x, _ in pairs]
        axis = chart.category_axis
        axis.tick_labels.number_format = "0"
        axis.tick_labels.number_format_is_linked = False
        if xs:
            axis.minimum_scale, axis.maximum_scale, axis.major_unit = min(xs), max(xs), 1
    if spec.kind in ("bar", "column") and not spec.stacked and len(spec.series) - (spec.reference is not None) == 1:
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(12)
    for series, color in zip(chart.series, spec.colors, strict=False):
        _color_series(series, color, spec.kind)
    _gaps(chart)


def _gaps(chart: Chart) -> None:
    """An empty cell is a gap in a line, never a 0 or a line bridged across it (c:dispBlanksAs val="gap")."""
    space = chart._chartSpace.chart
    blanks = space.find(qn("c:dispBlanksAs"))
    if blanks is None:
        blanks = OxmlElement("c:dispBlanksAs")
        # In the schema's order: after plotArea, legend and plotVisOnly, whichever are there.
        anchors = [e for e in (space.find(qn(f"c:{name}")) for name in ("plotArea", "legend", "plotVisOnly"))
                   if e is not None]
        anchors[-1].addnext(blanks)
    blanks.set("val", "gap")


def _hide_legend_entries(chart: Chart, indexes: list[int]) -> None:
    """Legend entries left out (c:legendEntry with c:delete), e.g. the invisible base of a floating bar."""
    legend = chart.legend._element
    anchor = legend.find(qn("c:legendPos"))
    for index in sorted(indexes, reverse=True):
        entry, idx, delete = OxmlElement("c:legendEntry"), OxmlElement("c:idx"), OxmlElement("c:delete")
        idx.set("val", str(index))
        delete.set("val", "1")
        entry.extend([idx, delete])
        anchor.addnext(entry)


def _every_label(chart: Chart) -> None:
    """Every category named on a bar chart's axis: LibreOffice skips every other long label where they would
    touch (c:tickLblSkip 1)."""
    axis = chart.category_axis._element
    skip = axis.find(qn("c:tickLblSkip"))
    if skip is None:
        skip = OxmlElement("c:tickLblSkip")
        anchor = axis.find(qn("c:lblOffset"))
        if anchor is None:
            anchor = axis.find(qn("c:lblAlgn"))
        anchor.addnext(skip)
    skip.set("val", "1")


def value_axis_title(spec: NativeChart) -> str:
    """The value axis' title with its unit: an axis in euro says € even where plotly put it in the ticks."""
    title = spec.axis_title
    if spec.euro and "€" not in title:
        return f"{title} (€)" if title else "€"
    return title


def _number_format(spec: NativeChart, axis: bool = False) -> str:
    """Dutch-sensible rounding: labels in whole numbers from 1.000 up, in euro or for counts, one decimal from 10,
    two below; axis ticks one decimal fewer (0 - 10 - 20, not 0,0 - 10,0 - 20,0); euro with its sign. PowerPoint
    writes the separators of the reader's language: 1.949 in Dutch."""
    if spec.percent:
        return DUTCH + "0%"
    decimals = _axis_decimals(spec) if axis else _decimals(spec)
    number = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return DUTCH + (f'"€ "{number}' if spec.euro else number)


def _axis_decimals(spec: NativeChart) -> int:
    """Ticks as whole numbers from a largest value of 5 up (steps of 1 or more), else one or two decimals."""
    values = [abs(v) for _, vs in spec.series for v in vs if v is not None] + [
        abs(y) for _, ps in spec.points for _, y in ps if y is not None]
    largest = max(values, default=0)
    return 0 if largest >= 5 or spec.euro or _decimals(spec) == 0 else 1 if largest >= 0.5 else 2


def _decimals(spec: NativeChart) -> int:
    values = [v for _, vs in spec.series for v in vs if v is not None] + [y for _, ps in spec.points for _, y in ps
                                                                          if y is not None]
    largest = max((abs(v) for v in values), default=0)
    if not values or largest >= 1000 or spec.euro or all(float(v).is_integer() for v in values):
        return 0
    return 1 if largest >= 10 else 2


def _color_series(series: BarSeries | LineSeries | XySeries, color: object, kind: str) -> None:
    if kind in ("line", "xy"):
        rgb = _rgb(color)
        if rgb is not None:
            series.format.line.color.rgb = rgb
            series.format.line.width = Pt(2.5)
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb
        series.smooth = False
        return
    if color == NO_FILL:
        series.format.fill.background()
        series.format.line.fill.background()
        return
    if isinstance(color, list):
        # The series' own fill is the most common colour (the legend shows it); every point its own.
        known = [c for c in color if _rgb(c) is not None]
        common = max(set(known), key=known.count) if known else None
        if common is not None:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(common)
        for index, point_color in enumerate(color):
            rgb = _rgb(point_color)
            if rgb is not None:
                point = series.points[index]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb
        return
    rgb = _rgb(color)
    if rgb is not None:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb
        if color in (RANGE_INNER, RANGE_OUTER):      # the parts of a floating bar: the median a white edge
            series.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            series.format.line.width = Pt(2)


# --- describing a chart in words (alt text) -----------------------------------------------------------------

_KINDS = {"column": "Kolomdiagram", "bar": "Staafdiagram", "line": "Lijndiagram", "xy": "Lijndiagram"}
MAX_NAMED = 8       # values named in an alt text; more are summed up as "en N andere"


def describe(spec: NativeChart, title: str) -> str:
    """A Dutch sentence saying what the chart shows: its title, kind and main values, in the order the eye reads
    them (horizontal bars from the top down)."""
    kind = _KINDS.get(spec.kind, "Grafiek")
    if spec.stacked and not spec.description:
        kind += " (gestapeld)"
    axis = value_axis_title(spec)
    head = f"{kind} '{title}'" + (f", {axis}" if axis else "")
    if spec.description:
        return f"{head}: {spec.description}."
    value = _spoken(spec)
    if spec.kind == "xy":
        parts = [_line_part(name, [(_year(x), y) for x, y in pairs], value) for name, pairs in spec.points]
    elif spec.kind == "line":
        parts = [_line_part(name, list(zip(spec.categories, values, strict=True)), value)
                 for name, values in spec.series]
    elif spec.stacked:
        totals = [(c, sum(v[i] or 0 for _, v in spec.series)) for i, c in enumerate(spec.categories)]
        parts = [f"totaal {_listed([f'{c} {value(t)}' for c, t in totals])}",
                 f"{len(spec.series)} delen: {', '.join(name for name, _ in spec.series)}"]
    else:
        own = [(name, values) for index, (name, values) in enumerate(spec.series)
               if spec.reference is None or index != 1]
        order = list(range(len(spec.categories)))[::-1 if spec.kind == "bar" else 1]
        parts = [(f"{name}: " if len(own) > 1 else "")
                 + _listed([f"{spec.categories[i]} {value(values[i])}" for i in order if values[i] is not None])
                 for name, values in own]
        highlighted = _highlighted(spec)
        if highlighted:
            first = own[0][1]
            parts.append("uitgelicht: " + ", ".join(f"{spec.categories[i]} ({value(first[i])})" if first[i] is not None
                                                     else spec.categories[i] for i in highlighted))
        if spec.reference is not None:
            parts.append(f"{spec.reference[0]} als eigen staaf")
    return f"{head}: " + "; ".join(p for p in parts if p) + "."


def _listed(items: list[str]) -> str:
    """Items separated by commas; beyond MAX_NAMED the first and last few, with how many lie between."""
    if len(items) > MAX_NAMED:
        half = MAX_NAMED // 2
        items = [*items[:half], f"({len(items) - MAX_NAMED} meer)", *items[-half:]]
    return ", ".join(items)


def _year(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else fmt.number(x, 1)


def _spoken(spec: NativeChart):
    def value(v: float) -> str:
        if spec.percent:
            return fmt.pct(v)
        text = fmt.number(v, _decimals(spec))
        return f"€ {text}" if spec.euro else text
    return value


def _line_part(name: str, pairs: list[tuple[str, float | None]], value) -> str:
    known = [(x, y) for x, y in pairs if y is not None]
    if not known:
        return f"{name}: geen waarden"
    (x0, y0), (x1, y1) = known[0], known[-1]
    gaps = len(pairs) - len(known)
    return f"{name} van {value(y0)} ({x0}) tot {value(y1)} ({x1})" + (
        f", {gaps} {'waarde' if gaps == 1 else 'waarden'} niet getoond" if gaps else "")


def _highlighted(spec: NativeChart) -> list[int]:
    """The categories drawn in a colour of their own in a bar chart of one colour: the selected gemeente(n)."""
    color = spec.colors[0] if spec.colors else None
    if not isinstance(color, list) or not color:
        return []
    known = [c for c in color if c]
    common = max(set(known), key=known.count) if known else None
    return [i for i, k in enumerate(color) if k and k != common and len(set(known)) > 1]


# --- tables ---------------------------------------------------------------------------------------------

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


def _table_parts(table: pd.DataFrame) -> list[TablePart]:
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


def _place_table(slide: Slide, part: TablePart, title: str, left: Emu, top: Emu) -> None:
    table = part.frame
    rows, columns = len(table) + 1, len(table.columns)
    shape = slide.shapes.add_table(rows, columns, left, top, sum(part.widths), sum(part.heights))
    names = [str(c) for c in table.columns]
    _alt_text(shape, f"Tabel '{title}': {len(table)} {'rij' if len(table) == 1 else 'rijen'} ("
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
