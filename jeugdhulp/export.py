"""Exports of a presentation: a standalone HTML slide show (plotly.js embedded, no network needed) and
a PowerPoint file whose charts are native, editable PowerPoint charts with their data inside.

Both are built from the same `Dia` snapshots the presentation page shows. The PowerPoint charts are
derived from the plotly figure's own traces, so a slide shows exactly the numbers the reader added.
Text that can come from uploaded files (titles, sources, table cells) is escaped in HTML and written
as plain text runs in PowerPoint; the workbook inside a PowerPoint chart holds it as text, never a formula.
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs as _read_plotlyjs
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from jeugdhulp import charts, fmt, safe
from jeugdhulp.presentatie import Dia

SLIDE_TITLE_PX = 40          # HTML slide titles (the issue asks for at least 28 px)
SLIDE_TITLE_PT = 32          # PowerPoint slide titles
EXAMPLE_MARK = charts.EXAMPLE_MARK
SMALL = f"<{fmt.SMALL_COUNT}"


# --- the figure on a slide ------------------------------------------------------------------

def slide_figure(figure_json: str, height: int | None = 620) -> dict:
    """The chart for a full-screen slide, as a plotly figure dict: title, source and example mark move out
    of the figure (the slide shows them in large type around it), fonts grow for a projector. `height=None`
    lets the figure fill its container (the HTML export sizes it to the screen).

    Works on the stored JSON directly: building a validated go.Figure costs ~60 ms per slide."""
    figure = json.loads(figure_json)
    layout = figure.setdefault("layout", {})
    layout["title"] = {"text": "", "subtitle": {"text": ""}}
    layout.pop("height", None)
    if height is not None:
        layout["height"] = height
    layout["autosize"] = True
    layout["font"] = {**layout.get("font", {}), "size": 20}
    layout["margin"] = {**layout.get("margin", {}), "t": 40, "l": 10, "r": 30, "b": 60}
    layout["hoverlabel"] = {**layout.get("hoverlabel", {}), "font": {"size": 18}}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["tickfont"] = {**axis.get("tickfont", {}), "size": 18}
            axis["title"] = {**axis.get("title", {}), "font": {"size": 18}}
            axis["automargin"] = True
    annotations = [a for a in layout.get("annotations", []) if a.get("text") != EXAMPLE_MARK]
    for annotation in annotations:
        font = annotation.setdefault("font", {})
        font["size"] = max(16, int(font.get("size") or 0) + 3)
    layout["annotations"] = annotations
    return figure


# --- HTML -------------------------------------------------------------------------------------

_HTML_STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans Pro", Arial, sans-serif; color: #1c2530; background: #fff; }
nav { position: fixed; bottom: 0; left: 0; right: 0; display: flex; gap: .6rem; align-items: center;
      justify-content: center; padding: .5rem; background: rgba(255,255,255,.92); border-top: 1px solid #d5dce3; }
nav button { font-size: 1.1rem; padding: .4rem 1rem; border: 1px solid #1f5f8b; background: #fff; color: #1f5f8b;
             border-radius: .4rem; cursor: pointer; }
nav button:hover { background: #e3edf5; }
#teller { font-size: 1.1rem; min-width: 8rem; text-align: center; }
/* Hidden slides keep their full size (not display:none), so plotly lays every chart out at the real width. */
section.dia { visibility: hidden; position: absolute; top: 0; left: 0; width: 100%; height: 100vh; overflow: hidden;
              padding: 1.2rem 3rem 4.2rem; display: flex; flex-direction: column; }
section.dia.actief { visibility: visible; z-index: 1; }
section.dia .kop { display: flex; align-items: flex-start; gap: 1.5rem; justify-content: space-between; }
section.dia .grafiek { flex: 1 1 auto; min-height: 0; }
section.dia .grafiek > div { height: 100%; }
section.dia h1 { font-size: TITLE_PXpx; margin: 0 0 .4rem; line-height: 1.15; }
.voorbeeld { display: inline-block; font-weight: 700; color: #8a4b00; background: #fff1d6;
             border: 1px solid #c8702a; padding: .15rem .6rem; border-radius: .3rem; font-size: 1.1rem; }
.bron { font-size: 1.2rem; color: #4a5663; margin: .3rem 0 0; }
.definitie { font-size: 1.05rem; color: #4a5663; margin: .2rem 0; }
.titelblad .definitie { margin-top: 1rem; }
details { font-size: 1rem; }
details[open] { position: absolute; left: 3rem; right: 3rem; bottom: 4.2rem; max-height: 60vh; overflow: auto;
                background: #fff; border: 1px solid #9aa5b1; padding: .6rem; z-index: 2; }
table { border-collapse: collapse; font-size: .95rem; }
th, td { border: 1px solid #d5dce3; padding: .2rem .5rem; text-align: left; }
td.getal { text-align: right; }
.titelblad { display: flex; flex-direction: column; justify-content: center; }
@media print {
  nav { display: none; }
  section.dia { visibility: visible; position: relative; height: 100vh; page-break-after: always; }
}
""".replace("TITLE_PX", str(SLIDE_TITLE_PX))

_HTML_SCRIPT = """
(function () {
  var dias = Array.prototype.slice.call(document.querySelectorAll("section.dia"));
  var teller = document.getElementById("teller");
  var huidig = 0;
  function toon(n) {
    huidig = Math.max(0, Math.min(dias.length - 1, n));
    dias.forEach(function (d, i) { d.classList.toggle("actief", i === huidig); });
    teller.textContent = "Dia " + (huidig + 1) + " van " + dias.length;
    dias[huidig].querySelectorAll(".plotly-graph-div").forEach(function (g) { Plotly.Plots.resize(g); });
    if (history.replaceState) { history.replaceState(null, "", "#" + (huidig + 1)); }
  }
  document.getElementById("vorige").addEventListener("click", function () { toon(huidig - 1); });
  document.getElementById("volgende").addEventListener("click", function () { toon(huidig + 1); });
  document.getElementById("scherm").addEventListener("click", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
  });
  document.addEventListener("keydown", function (e) {
    if (["ArrowRight", "PageDown", " ", "Enter"].indexOf(e.key) >= 0) { e.preventDefault(); toon(huidig + 1); }
    else if (["ArrowLeft", "PageUp", "Backspace"].indexOf(e.key) >= 0) { e.preventDefault(); toon(huidig - 1); }
    else if (e.key === "Home") { toon(0); }
    else if (e.key === "End") { toon(dias.length - 1); }
  });
  var start = parseInt((location.hash || "#1").slice(1), 10);
  toon(isNaN(start) ? 0 : start - 1);
})();
"""


@cache
def get_plotlyjs() -> str:
    """plotly.js (4.6 MB), read from the plotly package once per process rather than on every export."""
    return _read_plotlyjs()


def to_html(dias: Sequence[Dia], title: str, subtitle: str, generated: datetime) -> str:
    """A single HTML file: a title slide and one slide per chart, navigable by buttons and keys."""
    esc = safe.html_text
    voorbeeld = any(d.voorbeeld for d in dias)
    parts = [
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>", f"<style>{_HTML_STYLE}</style>",
        # plotly.js itself, inline: the file opens without any network (no CDN, no MathJax).
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head>", "<body>",
        '<section class="dia titelblad">',
        f"<h1>{esc(title)}</h1>",
        f'<p class="bron">{esc(subtitle)}</p>',
        f'<p class="definitie">{len(dias)} grafiek(en) · gemaakt op {esc(fmt.datetime_nl(generated))}'
        " met de Inkoopmonitor Jeugdhulp. Pijltjestoetsen, PageUp/PageDown of de knoppen onderaan om te bladeren.</p>",
        (f'<p><span class="voorbeeld">{EXAMPLE_MARK}</span> Een of meer grafieken tonen verzonnen voorbeelddata; '
         "die zeggen niets over de echte gemeenten.</p>") if voorbeeld else "",
        "</section>",
    ]
    config = {**charts.PLOTLY_CONFIG, "responsive": True}
    for number, dia in enumerate(dias, start=1):
        figure_html = pio.to_html(slide_figure(dia.figuur_json, height=None), include_plotlyjs=False,
                                  full_html=False, config=config, div_id=f"grafiek-{number}", default_width="100%",
                                  default_height="100%", validate=False)
        parts += [
            f'<section class="dia" id="dia-{number}">',
            '<div class="kop">', f"<h1>{esc(dia.titel)}</h1>",
            f'<span class="voorbeeld">{EXAMPLE_MARK}</span>' if dia.voorbeeld else "", "</div>",
            f'<div class="grafiek">{figure_html}</div>',
            f'<p class="bron"><strong>Bron:</strong> {esc(dia.bron)}</p>',
            f'<p class="definitie"><strong>Definitie:</strong> {esc(dia.definitie)}</p>',
            f"<details><summary>Tabel bij deze grafiek</summary>{_html_table(dia.table())}</details>",
            "</section>",
        ]
    parts += [
        '<nav><button id="vorige" type="button" title="Vorige dia (pijl links)">&#9664; Vorige</button>',
        '<span id="teller"></span>',
        '<button id="volgende" type="button" title="Volgende dia (pijl rechts)">Volgende &#9654;</button>',
        '<button id="scherm" type="button" title="Volledig scherm aan/uit">Volledig scherm</button></nav>',
        f"<script>{_HTML_SCRIPT}</script>", "</body>", "</html>",
    ]
    return "\n".join(p for p in parts if p)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _html_table(table: pd.DataFrame) -> str:
    # Decimals per column, as on screen: whole numbers without, others with two (1.500 next to 1.667,35 never).
    decimals = [0 if all(float(v).is_integer() for v in table[c] if _is_number(v) and not pd.isna(v)) else 2
                for c in table.columns]
    esc = safe.html_text
    rows = ["<table><thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in table.columns) + "</tr></thead><tbody>"]
    for record in table.itertuples(index=False):
        cells = []
        for value, places in zip(record, decimals, strict=True):
            if _is_number(value):
                text = "" if pd.isna(value) else fmt.number(value, places)
                cells.append(f'<td class="getal">{esc(text)}</td>')
            else:
                text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
                cells.append(f"<td>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


# --- PowerPoint -----------------------------------------------------------------------------

@dataclass
class NativeChart:
    """What a native PowerPoint chart needs, read off a plotly figure."""

    kind: str                                  # "column", "bar", "line", "xy", "table", "empty"
    categories: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    points: list[tuple[str, list[tuple[float, float]]]] = field(default_factory=list)   # for "xy"
    colors: list[object] = field(default_factory=list)    # per series: a colour or a list per point
    masked: bool = False                                  # counts under 5 were left out (empty cells)
    stacked: bool = False
    percent: bool = False
    axis_title: str = ""
    table: pd.DataFrame | None = None
    note: str = ""


def _array(value: object) -> list:
    """Trace data as a plain list, whether plotly kept it as a list or as base64 typed-array spec."""
    if value is None:
        return []
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(s) for s in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return list(value)


def _number(value: object) -> float | None:
    if value is None or isinstance(value, str):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _get(mapping: dict, *path: str, default: object = None) -> object:
    """mapping[a][b]... or `default` where a key is absent (plotly JSON leaves defaults out)."""
    for key in path:
        if not isinstance(mapping, dict) or key not in mapping:
            return default
        mapping = mapping[key]
    return mapping


def _axis_title(axis: dict) -> str:
    title = _get(axis, "title", default="")
    return (title.get("text") or "") if isinstance(title, dict) else str(title or "")


def _color(trace: dict, part: str) -> object:
    color = _get(trace, part, "color")
    return _array(color) if isinstance(color, (list, tuple, dict)) else color


def native_chart(fig: go.Figure | dict) -> NativeChart:
    """Translate our plotly figures into a PowerPoint chart description (see charts.py for the shapes).

    Reads the figure as plotly JSON (a dict): building a validated go.Figure from a stored slide would cost
    more than the rest of the slide."""
    figure = json.loads(fig.to_json()) if isinstance(fig, go.Figure) else fig
    layout = figure.get("layout", {})
    # Lines and labels drawn as annotations (e.g. the region's average) are named in the speaker notes.
    notes = [text for a in layout.get("annotations", []) if (text := a.get("text", ""))
             and text != EXAMPLE_MARK and SMALL not in text]
    spec = _plain(_native_chart(layout, [t for t in figure.get("data", [])
                                         if t.get("visible", True) is True and t.get("meta") != "klein"]))
    spec.masked = SMALL in json.dumps(figure.get("data", []), ensure_ascii=False)
    if notes and spec.kind != "empty":
        spec.note = "\n".join(filter(None, [spec.note, "Op het scherm staat ook: "
                                             + "; ".join(map(safe.plotly_plain, notes)) + "."]))
    return spec


def _plain(spec: NativeChart) -> NativeChart:
    """The chart's texts as PowerPoint shows them: plotly's escaped labels (charts.py escapes text from files,
    as plotly renders HTML in labels) back to what the file said."""
    plain = safe.plotly_plain
    spec.categories = [plain(c) for c in spec.categories]
    spec.series = [(plain(name), values) for name, values in spec.series]
    spec.points = [(plain(name), pairs) for name, pairs in spec.points]
    spec.axis_title, spec.note = plain(spec.axis_title), plain(spec.note)
    if spec.table is not None:
        spec.table = spec.table.rename(columns=plain)
        spec.table.iloc[:, 0] = spec.table.iloc[:, 0].map(plain)
    return spec


def _native_chart(layout: dict, traces: list[dict]) -> NativeChart:
    if not traces:
        return NativeChart("empty", note=" ".join(a.get("text", "") for a in layout.get("annotations", [])
                                                  if a.get("text") != EXAMPLE_MARK))
    kinds = {t.get("type", "scatter") for t in traces}
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    if kinds == {"bar"}:
        horizontal = all(t.get("orientation") == "h" for t in traces)
        value_axis, category_axis = (xaxis, yaxis) if horizontal else (yaxis, xaxis)
        categories: list[str] = []
        for trace in traces:
            for c in _array(trace.get("y" if horizontal else "x")):
                if str(c) not in categories:
                    categories.append(str(c))
        if category_axis.get("categoryorder") == "category ascending":
            categories.sort()
        reversed_axis = category_axis.get("autorange") == "reversed"
        if reversed_axis:
            categories.reverse()    # first category on top on screen; PowerPoint starts at the bottom
        series, colors = [], []
        for trace in traces:
            keys = [str(c) for c in _array(trace.get("y" if horizontal else "x"))]
            # A bar labelled "<5" is drawn at 0 on screen with that label; in PowerPoint it is an empty cell.
            labels = _array(trace.get("text")) or [""] * len(keys)
            numbers = [None if str(label).startswith(SMALL) else _number(v)
                       for v, label in zip(_array(trace.get("x" if horizontal else "y")), labels, strict=True)]
            values = dict(zip(keys, numbers, strict=True))
            series.append((trace.get("name") or _axis_title(value_axis) or "Waarde", [values.get(c) for c in categories]))
            color = _color(trace, "marker")
            if isinstance(color, list) and reversed_axis:
                by_key = dict(zip(keys, color, strict=True))
                color = [by_key.get(c) for c in categories]
            colors.append(color)
        return NativeChart("bar" if horizontal else "column", categories, series,
                           colors=colors, stacked=layout.get("barmode") == "stack",
                           percent="%" in (value_axis.get("tickformat") or ""), axis_title=_axis_title(value_axis))
    if kinds == {"scatter"}:
        xs = [_array(t.get("x")) for t in traces]
        colors = [_color(t, "line") for t in traces]
        numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for values in xs for x in values)
        if numeric:
            points = []
            for trace, x in zip(traces, xs, strict=True):
                pairs = [(float(a), b) for a, b in zip(x, (_number(v) for v in _array(trace.get("y"))), strict=True)
                         if b is not None]
                points.append((trace.get("name") or "Waarde", pairs))
            return NativeChart("xy", points=points, colors=colors, axis_title=_axis_title(yaxis))
        categories = list(dict.fromkeys(str(c) for values in xs for c in values))
        if all(c.isdigit() for c in categories):
            categories.sort(key=int)     # years as text: in order, even when the first line starts later
        series = []
        for trace, x in zip(traces, xs, strict=True):
            values = dict(zip((str(c) for c in x), (_number(v) for v in _array(trace.get("y"))), strict=True))
            series.append((trace.get("name") or "Waarde", [values.get(c) for c in categories]))
        return NativeChart("line", categories, series, colors=colors, axis_title=_axis_title(yaxis),
                           percent="%" in (yaxis.get("tickformat") or ""))
    if kinds == {"box"}:
        # Precomputed quantile boxes: the five quantiles per category as grouped bars.
        categories = [str(_array(t.get("y"))[0]) for t in traces]
        labels = (("lowerfence", "10e percentiel"), ("q1", "25e percentiel"), ("median", "Mediaan"),
                  ("q3", "75e percentiel"), ("upperfence", "90e percentiel"))
        series = [(label, [_number(_array(t.get(attr))[0]) for t in traces]) for attr, label in labels]
        return NativeChart("bar", categories, series, colors=[None] * len(series), axis_title=_axis_title(xaxis),
                           note="Spreiding als staven: 10e, 25e percentiel, mediaan, 75e en 90e percentiel.")
    if kinds == {"choropleth"}:
        # The map's coloured trace (the grey one for gemeenten without a value has no colour scale).
        coloured = [t for t in traces if t.get("showscale", True) is not False]
        trace = coloured[0] if coloured else {}
        names = _array(trace.get("text")) or _array(trace.get("locations"))
        values = [_number(v) for v in _array(trace.get("z"))]
        order = [i for i in sorted(range(len(values)), key=lambda i: values[i] or 0) if values[i] is not None]
        title = _get(trace, "colorbar", "title", "text", default="") or ""
        return NativeChart("bar", [str(names[i]) for i in order], [(title or "Waarde", [values[i] for i in order])],
                           colors=[None], axis_title=title,
                           note="De kaart staat in PowerPoint als staafdiagram per gemeente.")
    if kinds == {"heatmap"}:
        trace = traces[0]
        table = pd.DataFrame(_array(trace.get("z")), index=[str(v) for v in _array(trace.get("y"))],
                             columns=[str(v) for v in _array(trace.get("x"))])
        table = table.iloc[::-1]
        if len(table.columns) > len(table):
            table = table.T    # long labels down the side, not in narrow columns across a 16:9 slide
        return NativeChart("table", table=table.reset_index(names=""))
    raise ValueError(f"Geen PowerPoint-vorm voor grafieken met {', '.join(sorted(kinds))}")


class _TextWorkbook:
    """The sheet inside a PowerPoint chart, written with strings as strings: python-pptx opens xlsxwriter
    with its defaults, which turn a category or series name starting with '=' into a live formula."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO):
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
        spec = native_chart(json.loads(dia.figuur_json))
        _place_chart(slide, spec, Inches(0.5), Inches(1.45), Inches(12.3), Inches(5.1))
        source = f"Bron: {dia.bron}" + (f" · Minder dan {fmt.SMALL_COUNT} ({SMALL}): niet getoond, "
                                        "de plek in de grafiek blijft leeg." if spec.masked else "")
        _text(slide, source, Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.7), 12, color="4A5663")
        notes = f"Definitie: {dia.definitie}" + (f"\n{spec.note}" if spec.note else "")
        slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def title_size(title: str) -> int:
    """Points for a slide title that fits two lines above the chart; never under 22 pt (29 px)."""
    return SLIDE_TITLE_PT if len(title) <= 45 else 26 if len(title) <= 70 else 22


def _text(slide, text: str, left: Emu, top: Emu, width: Emu, height: Emu, size: int, *, bold: bool = False,
          color: str = "1C2530") -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = RGBColor.from_string(color)


def _example_mark(slide) -> None:
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


def _place_chart(slide, spec: NativeChart, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    if spec.kind == "empty":
        _text(slide, spec.note or "Geen gegevens voor deze selectie.", left, top, width, Inches(1), 20)
        return
    if spec.kind == "table":
        _place_table(slide, spec.table, left, top, width, int(height * 0.9))   # room for a wrapped header row
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
    values = [v for _, vs in spec.series for v in vs if v is not None] + [y for _, ps in spec.points for _, y in ps]
    largest = max((abs(v) for v in values), default=0)
    if not values or largest >= 1000 or all(float(v).is_integer() for v in values):
        return 0
    return 1 if largest >= 10 else 2


def _color_series(series, color: object, kind: str) -> None:
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


def _place_table(slide, table: pd.DataFrame, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
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
            if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
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


def file_name(title: str, extension: str) -> str:
    return f"{fmt.slug(title) or 'presentatie'}.{extension}"

