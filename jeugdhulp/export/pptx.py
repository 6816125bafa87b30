"""The PowerPoint export: a 16:9 deck with a title slide, then per chart a slide with its title, a native,
editable chart (see pptx_charts.py) or table, the source line and the example mark, the definition in the
speaker notes. Text from files is written as plain runs, and as text (never a formula) in a chart's sheet.
Tables are in pptx_tables.py.

It is longer than 300 lines because placing a native chart (gaps, legends, labels, Dutch number formats, colours
per kind) and the alt text that describes that same chart in words are kept side by side."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.series import BarSeries, LineSeries, XySeries
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.base import BaseShape as SlideShape
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from jeugdhulp import fmt, safe, voortgang
from jeugdhulp.export.pptx_charts import NO_FILL, RANGE_INNER, RANGE_OUTER, NativeChart, native_chart
from jeugdhulp.export.pptx_tables import alt_text, place_table, table_parts
from jeugdhulp.export.slides import EXAMPLE_MARK, SLIDE_TITLE_PT, hidden_note
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
GREY, INK = "4A5663", "1C2530"
DUTCH = "[$-413]"       # a number format's locale, Dutch: LibreOffice then writes 1.949 and 1,5 in any language


def to_pptx(dias: Sequence[Dia], title: str, subtitle: str, generated: datetime,
            progress: voortgang.Voortgang | None = None) -> bytes:
    """A 16:9 PowerPoint file: a title slide, then per chart a slide with its title in the layout's title
    placeholder, a native chart (or a table, split over slides where it would not fit), the source line, the example
    mark where it applies, alt text on every chart and table, and the definition and source in the speaker notes.
    `progress` hears the charts done ("dia's maken", done, total)."""
    dias = [_xml_safe(d) for d in dias]
    title, subtitle = safe.xml_text(title), safe.xml_text(subtitle)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    # The file's own properties (File > Info), not python-pptx's template's ("Steve Canny", 2013).
    properties = deck.core_properties
    properties.title, properties.subject, properties.language = title, subtitle, "nl-NL"
    properties.author = properties.last_modified_by = "Inkoopmonitor Jeugdhulp"
    properties.comments = f"Gemaakt op {fmt.datetime_nl(generated)} met de Inkoopmonitor Jeugdhulp"
    properties.created = properties.modified = generated.replace(tzinfo=None)
    properties.keywords, properties.category, properties.revision = "", "", 1
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

    for done, (dia, figure, spec) in enumerate(zip(dias, figures, specs, strict=True)):
        voortgang.report(progress, voortgang.DIAS, done, len(dias))
        mark = spec.mark or (EXAMPLE_MARK if dia.voorbeeld else "")
        parts = table_parts(spec.table) if spec.kind == "table" and spec.table is not None else [None]
        for index, part in enumerate(parts, start=1):
            slide = deck.slides.add_slide(title_only)
            slide_title = dia.titel + (f" ({index}/{len(parts)})" if len(parts) > 1 else "")
            mark_width = _example_mark(slide, mark) if mark else 0
            _title(slide.shapes.title, slide_title, Inches(0.5), Inches(0.3),
                   Inches(12.3) - (mark_width + Inches(0.2) if mark_width else 0), Inches(1.05), title_size(slide_title))
            if part is None:
                _place_chart(slide, spec, slide_title, Inches(0.5), Inches(1.45), Inches(12.3), Inches(5.1))
            else:
                place_table(slide, part, slide_title, Inches(0.5), Inches(1.45))
            lines = [f"Bron: {dia.bron}", hidden_note(figure)]
            _text(slide, "\n".join(filter(None, lines)), Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.8), 12,
                  color=GREY)
            notes = [f"Definitie: {dia.definitie}", f"Bron: {dia.bron}", spec.note]
            slide.notes_slide.notes_text_frame.text = "\n".join(filter(None, notes))
    voortgang.report(progress, voortgang.DIAS, len(dias), len(dias))
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _xml_safe(dia: Dia) -> Dia:
    """The slide with every text XML can hold (safe.xml_text), also inside its figure and table: a control character
    in a name from a file would otherwise stop the export of the whole deck."""
    def clean(value: object) -> object:
        if isinstance(value, str):
            return safe.xml_text(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return replace(dia, titel=safe.xml_text(dia.titel), definitie=safe.xml_text(dia.definitie),
                   bron=safe.xml_text(dia.bron), figuur_json=json.dumps(clean(json.loads(dia.figuur_json))),
                   tabel_json=json.dumps(clean(json.loads(dia.tabel_json))) if dia.tabel_json else dia.tabel_json)


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
    alt_text(frame, describe(spec, title))
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
    for series, dash in zip(chart.series, spec.dashes, strict=False):
        if dash in _DASHES:
            series.format.line.dash_style = _DASHES[dash]
    for series, thin in zip(chart.series, spec.thin, strict=False):
        if thin:
            # A line drawn thin is an edge (a forecast's 80% range), not a series of its own: thin, no markers.
            series.format.line.width = Pt(1.25)
            series.marker.style = XL_MARKER_STYLE.NONE
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
    if spec.percent:      # labels as on the page (12,5%), ticks whole (0% - 10% - 20%)
        return DUTCH + ("0%" if axis else "0.0%")
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


# plotly's line dash -> PowerPoint's line dash
_DASHES = {"dash": MSO_LINE_DASH_STYLE.DASH, "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
           "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT, "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
           "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT}


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
