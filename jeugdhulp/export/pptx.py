"""The PowerPoint export: a 16:9 deck with a title slide, then per chart a slide with its title, a native,
editable chart (see pptx_charts.py) or table, the source line and the example mark, the definition in the
speaker notes. Text from files is written as plain runs, and as text (never a formula) in a chart's sheet."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.series import BarSeries, LineSeries, XySeries
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from jeugdhulp import fmt, safe
from jeugdhulp.export.pptx_charts import NativeChart, native_chart
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


def to_pptx(dias: Sequence[Dia], title: str, subtitle: str, generated: datetime) -> bytes:
    """A 16:9 PowerPoint file: a title slide, then per chart a slide with title, native chart, source line,
    the example mark where it applies, and the definition in the speaker notes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]

    first = deck.slides.add_slide(blank)
    _text(first, title, Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4), SLIDE_TITLE_PT + 8, bold=True)
    _text(first, subtitle, Inches(0.8), Inches(3.8), Inches(11.7), Inches(0.8), 20)
    _text(first, f"{len(dias)} grafiek(en) · gemaakt op {fmt.datetime_nl(generated)} met de Inkoopmonitor Jeugdhulp",
          Inches(0.8), Inches(4.6), Inches(11.7), Inches(0.6), 14, color="4A5663")
    if any(d.voorbeeld for d in dias):
        _example_mark(first)

    for dia in dias:
        slide = deck.slides.add_slide(blank)
        _text(slide, dia.titel, Inches(0.5), Inches(0.3), Inches(9.4 if dia.voorbeeld else 12.3), Inches(1.0),
              title_size(dia.titel), bold=True)
        if dia.voorbeeld:
            _example_mark(slide)
        spec = native_chart(json.loads(dia.figuur_json))   # a hidden value is an empty point: a gap, never 0
        _place_chart(slide, spec, Inches(0.5), Inches(1.45), Inches(12.3), Inches(5.1))
        figure = json.loads(dia.figuur_json)
        lines = [f"Bron: {dia.bron}", hidden_note(figure)]
        _text(slide, "\n".join(filter(None, lines)), Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.8), 12,
              color="4A5663")
        notes = f"Definitie: {dia.definitie}" + (f"\n{spec.note}" if spec.note else "")
        slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def title_size(title: str) -> int:
    """Points for a slide title that fits two lines above the chart; never under 22 pt (29 px)."""
    return SLIDE_TITLE_PT if len(title) <= 45 else 26 if len(title) <= 70 else 22


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


def _example_mark(slide: Slide) -> None:
    box = slide.shapes.add_textbox(Inches(10.0), Inches(0.35), Inches(2.9), Inches(0.5))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string("FFF1D6")
    box.line.color.rgb = RGBColor.from_string("C8702A")
    paragraph = box.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = EXAMPLE_MARK
    run.font.size, run.font.bold = Pt(14), True
    run.font.color.rgb = RGBColor.from_string("8A4B00")


def _rgb(color: object) -> RGBColor | None:
    if isinstance(color, str) and color.startswith("#") and len(color) == 7:
        return RGBColor.from_string(color[1:].upper())
    return None


def _place_chart(slide: Slide, spec: NativeChart, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    if spec.kind == "empty":
        _text(slide, spec.note or "Geen gegevens voor deze selectie.", left, top, width, Inches(1), 20)
        return
    if spec.kind == "table":
        _place_table(slide, spec.table, left, top, width, int(height * 0.9))   # room for a wrapped header row
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
    decimals = _decimals(spec)
    number_format = "0%" if spec.percent else ("#,##0" if decimals == 0 else "#,##0." + "0" * decimals)
    frame = slide.shapes.add_chart(_CHART_TYPES[(spec.kind, spec.stacked and spec.kind in ("bar", "column"))],
                                   left, top, width, height, data)
    chart = frame.chart
    chart.has_title = False          # the slide carries the title; PowerPoint would repeat a lone series name
    chart.font.size = Pt(14)
    if spec.kind in ("bar", "column"):
        chart.plots[0].gap_width = 60
    chart.has_legend = len(spec.series or spec.points) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    if spec.axis_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = spec.axis_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    if spec.kind == "xy":
        xs = [x for _, pairs in spec.points for x, _ in pairs]
        axis = chart.category_axis
        axis.tick_labels.number_format = "0"
        axis.tick_labels.number_format_is_linked = False
        if xs:
            axis.minimum_scale, axis.maximum_scale, axis.major_unit = min(xs), max(xs), 1
    if spec.kind in ("bar", "column") and not spec.stacked and len(spec.series) == 1:
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(12)
    for series, color in zip(chart.series, spec.colors, strict=False):
        _color_series(series, color, spec.kind)


def _decimals(spec: NativeChart) -> int:
    values = [v for _, vs in spec.series for v in vs if v is not None] + [y for _, ps in spec.points for _, y in ps
                                                                          if y is not None]
    largest = max((abs(v) for v in values), default=0)
    if not values or largest >= 1000 or all(float(v).is_integer() for v in values):
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
    if isinstance(color, list):
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


def _place_table(slide: Slide, table: pd.DataFrame, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    rows, columns = len(table) + 1, len(table.columns)
    row_height = min(Inches(0.34), int(height / rows))
    shape = slide.shapes.add_table(rows, columns, left, top, width, row_height * rows)
    grid = shape.table
    first = int(width * (0.3 if columns > 4 else 1 / columns))
    grid.columns[0].width = first
    for j in range(1, columns):
        grid.columns[j].width = int((width - first) / (columns - 1))
    for row in grid.rows:
        row.height = row_height
    for j, column in enumerate(table.columns):
        grid.cell(0, j).text = str(column)
    for i, record in enumerate(table.itertuples(index=False), start=1):
        for j, value in enumerate(record):
            if is_number(value):
                text = "" if pd.isna(value) or value == 0 else fmt.number(value, 0)
            else:
                text = str(value)
            grid.cell(i, j).text = text
    size = Pt(12 if rows <= 12 else 10 if rows <= 18 else 8)
    for row in grid.rows:
        for cell in row.cells:
            cell.margin_top = cell.margin_bottom = Pt(1)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = size       # also sizes empty cells, which would otherwise be 18 pt tall
                for run in paragraph.runs:
                    run.font.size = size
                end = paragraph._p.get_or_add_endParaRPr()
                end.set("sz", str(int(size.pt * 100)))
