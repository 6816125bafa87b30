"""A plotly figure read as a native PowerPoint chart: which shape (column, bar, line, XY, table) with which
categories, series and colours, taken from the figure's own traces so a slide shows exactly the numbers the
reader added. Labels come back as the file said them (plotly's escaping undone); counts under 5 stay empty.
What the figure says besides its traces comes along: a reference line (the region's average) as a series of its
own, the selected gemeente's colour, a box plot's median and 10-90% range, a partial example mark.

It is longer than 300 lines because it reads every chart shape charts.py draws (bars, lines, boxes, maps,
heatmaps), in one place, so a new chart in charts.py has one place to be taught to PowerPoint."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import charts, fmt, safe
from jeugdhulp.export.slides import EXAMPLE_MARK, SMALL, is_example_mark
from jeugdhulp.export.slides import trace_number as _to_number
from jeugdhulp.export.slides import trace_values as _values

# Colours of the shapes that stand for a box plot and a map in PowerPoint.
RANGE_OUTER, RANGE_INNER = "#c6dbef", charts.COLORS["selectie"]
MAP_BAR = "#4292c6"
NO_FILL = "none"        # a series drawn without fill: the invisible base of a floating bar


@dataclass
class NativeChart:
    """What a native PowerPoint chart needs, read off a plotly figure."""

    kind: str                                  # "column", "bar", "line", "xy", "table", "empty"
    categories: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    # for "xy": (x, y) per point; y None where the value is hidden, so the line has a gap there (dispBlanksAs gap)
    points: list[tuple[str, list[tuple[float, float | None]]]] = field(default_factory=list)
    colors: list[object] = field(default_factory=list)    # per series: a colour or a list per point
    dashes: list[str] = field(default_factory=list)       # per line: plotly's dash ("solid", "dash", "dot", ...)
    thin: list[bool] = field(default_factory=list)         # per line: drawn 1 px or less (an edge, not a series)
    masked: bool = False                                  # counts under 5 were left out (empty cells)
    stacked: bool = False
    percent: bool = False
    axis_title: str = ""
    euro: bool = False                                    # the value axis is in euro (plotly's tickprefix "€ ")
    from_zero: bool = False                               # the value axis starts at 0 (bars; rangemode "tozero")
    table: pd.DataFrame | None = None
    note: str = ""
    # a reference drawn as a line on screen (e.g. "regio: € 1.949"): (its label, its value)
    reference: tuple[str, float] | None = None
    mark: str = ""                                        # the figure's own example mark, e.g. "DEELS VOORBEELDDATA: ..."
    description: str = ""                                 # what the chart shows, in words (alt text)
    hidden_legend: list[int] = field(default_factory=list)   # series left out of the legend


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


def _euro(axis: dict) -> bool:
    """Ticks in euro, such as "€ 1.949" (plotly's tickprefix); an axis in € mln says so in its title instead."""
    return "€" in str(axis.get("tickprefix") or "")


def _outlined(trace: dict) -> list[int]:
    """The locations of a map trace outlined in charts.HIGHLIGHT_COLOR: the selected gemeente."""
    colors = _get(trace, "marker", "line", "color")
    colors = _values(colors) if isinstance(colors, (list, tuple, dict)) else []
    return [i for i, c in enumerate(colors) if str(c).lower() == charts.HIGHLIGHT_COLOR]


def _euro_labels(traces: list[dict]) -> bool:
    """Every bar labelled in euro on screen ("€ 2.016", charts.per_gemeente): the chart's labels say € too."""
    labels = [str(label) for t in traces for label in _values(t.get("text"))]
    return bool(labels) and all(label.startswith("€") for label in labels)


def _color(trace: dict, part: str) -> object:
    color = _get(trace, part, "color")
    return _values(color) if isinstance(color, (list, tuple, dict)) else color


def native_chart(fig: go.Figure | dict) -> NativeChart:
    """Translate our plotly figures into a PowerPoint chart description (see charts.py for the shapes).

    Reads the figure as plotly JSON (a dict): building a validated go.Figure from a stored slide would cost
    more than the rest of the slide."""
    figure = json.loads(fig.to_json()) if isinstance(fig, go.Figure) else fig
    layout = figure.get("layout", {})
    marks = [a for a in layout.get("annotations", []) if is_example_mark(a)]
    spec = _native_chart(layout, [t for t in figure.get("data", [])
                                  if t.get("visible", True) is True and t.get("meta") != "klein"])
    reference = _reference(layout)
    if reference is not None and spec.kind in ("bar", "column") and not spec.stacked and len(spec.series) == 1:
        _add_reference(spec, reference[0], reference[1])
        drawn = reference[2]
    else:
        drawn = None
    # Labels drawn as annotations (other than the example mark, and the reference line's label where the line
    # became a series of its own) are named in the speaker notes.
    notes = [text for a in layout.get("annotations", []) if (text := a.get("text", ""))
             and a not in marks and SMALL not in text and a is not drawn]
    # Labels of hidden values that say more than "<5" at their bar (how many segments a year leaves out) keep
    # their sentence in the notes, as the chart leaves those cells empty.
    notes += [str(text) for t in figure.get("data", []) if t.get("meta") == "klein"
              for text in _values(t.get("hovertext"))]
    spec = _plain(spec)
    if spec.reference is not None:
        spec.reference = (safe.plotly_plain(spec.reference[0]), spec.reference[1])
    spec.mark = next((safe.plotly_plain(a.get("text")) for a in marks if a.get("text") != EXAMPLE_MARK), "")
    spec.masked = SMALL in json.dumps(figure.get("data", []), ensure_ascii=False)
    if notes and spec.kind != "empty":
        spec.note = "\n".join(filter(None, [spec.note, "Op het scherm staat ook: "
                                             + "; ".join(map(safe.plotly_plain, notes)) + "."]))
    return spec


def _reference(layout: dict) -> tuple[str, float, dict | None] | None:
    """A vertical line across the plot at one value (charts.per_gemeente's region average) with the annotation
    at the same x that names it: (label, value, that annotation)."""
    for shape in layout.get("shapes", []):
        if shape.get("type") == "line" and shape.get("x0") is not None and shape.get("x0") == shape.get("x1") \
                and str(shape.get("xref", "x")).startswith("x") and "domain" in str(shape.get("yref", "")):
            value = _to_number(shape["x0"])
            if value is None:
                continue
            label = next((a for a in layout.get("annotations", []) if _to_number(a.get("x")) == value
                          and a.get("text")), None)
            return (label.get("text") if label else "Referentie"), value, label
    return None


def _add_reference(spec: NativeChart, label: str, value: float) -> None:
    """The reference as a series of its own: a bar in the reference colour at the category where its value falls
    in the sorted bars, labelled with its value ('regio: € 1.949'). A line across horizontal bars is no chart
    type PowerPoint and LibreOffice both draw; a bar among the gemeenten says the same and carries its number."""
    name, values = spec.series[0]
    position = sum(1 for v in values if v is None or v < value)
    ascending = all(a <= b for a, b in zip([v for v in values if v is not None],
                                            [v for v in values if v is not None][1:], strict=False))
    if not ascending:
        position = len(values)
    category = label.split(":")[0].strip() or "Referentie"
    spec.categories.insert(position, category[:1].upper() + category[1:])
    spec.series = [(name, values[:position] + [None] + values[position:]),
                   (label, [None] * position + [value] + [None] * (len(values) - position))]
    color = spec.colors[0] if spec.colors else None
    if isinstance(color, list):
        color = color[:position] + [None] + color[position:]
    spec.colors = [color, charts.COLORS["regio"]]
    spec.reference = (label, value)


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
    meta = layout.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get(charts.TABLE_META), dict):   # small multiples: their table
        split = meta[charts.TABLE_META]
        return NativeChart("table", table=pd.DataFrame(split["data"], columns=split["columns"]))
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
            for c in _values(trace.get("y" if horizontal else "x")):
                if str(c) not in categories:
                    categories.append(str(c))
        if category_axis.get("categoryorder") == "category ascending":
            categories.sort()
        reversed_axis = category_axis.get("autorange") == "reversed"
        if reversed_axis:
            categories.reverse()    # first category on top on screen; PowerPoint starts at the bottom
        series, colors = [], []
        for trace in traces:
            keys = [str(c) for c in _values(trace.get("y" if horizontal else "x"))]
            # A bar labelled "<5" is drawn at 0 on screen with that label; in PowerPoint it is an empty cell.
            labels = _values(trace.get("text")) or [""] * len(keys)
            numbers = [None if str(label).startswith(SMALL) else _to_number(v)
                       for v, label in zip(_values(trace.get("x" if horizontal else "y")), labels, strict=True)]
            values = dict(zip(keys, numbers, strict=True))
            series.append((trace.get("name") or _axis_title(value_axis) or "Waarde", [values.get(c) for c in categories]))
            color = _color(trace, "marker")
            if isinstance(color, list) and reversed_axis:
                by_key = dict(zip(keys, color, strict=True))
                color = [by_key.get(c) for c in categories]
            colors.append(color)
        return NativeChart("bar" if horizontal else "column", categories, series,
                           colors=colors, stacked=layout.get("barmode") == "stack",
                           percent="%" in (value_axis.get("tickformat") or ""), axis_title=_axis_title(value_axis),
                           euro=_euro(value_axis) or _euro_labels(traces))
    if kinds == {"scatter"}:
        xs = [_values(t.get("x")) for t in traces]
        colors = [_color(t, "line") for t in traces]
        # Dashed and dotted lines stay so in PowerPoint: lines of close colours (or any colours, for a reader who
        # cannot tell them apart) differ in their pattern too.
        dashes = [str(_get(t, "line", "dash", default="solid") or "solid") for t in traces]
        thin = [(_get(t, "line", "width") or 2) <= 1 for t in traces]
        numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for values in xs for x in values)
        if numeric:
            points = []
            for trace, x in zip(traces, xs, strict=True):
                # A hidden value stays as an empty point: left out, the line would run straight across it.
                pairs = [(float(a), b) for a, b in zip(x, (_to_number(v) for v in _values(trace.get("y"))), strict=True)]
                points.append((trace.get("name") or "Waarde", pairs))
            return NativeChart("xy", points=points, colors=colors, dashes=dashes, axis_title=_axis_title(yaxis),
                               euro=_euro(yaxis), from_zero=yaxis.get("rangemode") == "tozero")
        categories = list(dict.fromkeys(str(c) for values in xs for c in values))
        if all(c.isdigit() for c in categories):
            categories.sort(key=int)     # years as text: in order, even when the first line starts later
        series = []
        for trace, x in zip(traces, xs, strict=True):
            values = dict(zip((str(c) for c in x), (_to_number(v) for v in _values(trace.get("y"))), strict=True))
            series.append((trace.get("name") or "Waarde", [values.get(c) for c in categories]))
        return NativeChart("line", categories, series, colors=colors, dashes=dashes, thin=thin,
                           axis_title=_axis_title(yaxis),
                           percent="%" in (yaxis.get("tickformat") or ""), euro=_euro(yaxis),
                           from_zero=yaxis.get("rangemode") == "tozero")
    if kinds == {"box"}:
        # Precomputed quantile boxes as floating bars: an invisible base up to the 10th percentile, then the
        # 10-25%, 25%-median, median-75% and 75-90% parts, so the median is the edge between the two dark parts.
        # The category says the numbers: "Crisis (50 trajecten): mediaan 4 (10-90%: 1-20)".
        rows = [(str(_values(t.get("y"))[0]), *(_to_number(_values(t.get(a))[0]) for a in
                                                 ("lowerfence", "q1", "median", "q3", "upperfence"))) for t in traces]
        rows = [r for r in rows if None not in r]
        categories = [f"{safe.plotly_plain(label)}: mediaan {fmt.number(m, 0)} "
                      f"({fmt.number(p10, 0)}-{fmt.number(p90, 0)})" for label, p10, _, m, _, p90 in rows]
        # The legend names the light band (10-90%) and the dark one (25-75%, the median its white edge): it leaves
        # out series 0, 2 and 4, a set that reads the same whether a renderer counts legend entries from the first
        # series (PowerPoint) or, for horizontal bars, from the last (LibreOffice).
        parts = [("basis (niet getekend)", [r[1] for r in rows]),
                 ("10e-90e percentiel", [r[2] - r[1] for r in rows]),
                 ("25e percentiel-mediaan", [r[3] - r[2] for r in rows]),
                 ("25e-75e percentiel (witte streep: mediaan)", [r[4] - r[3] for r in rows]),
                 ("75e-90e percentiel", [r[5] - r[4] for r in rows])]
        return NativeChart("bar", categories, parts, colors=[NO_FILL, RANGE_OUTER, RANGE_INNER, RANGE_INNER, RANGE_OUTER],
                           stacked=True, axis_title=_axis_title(xaxis), hidden_legend=[0, 2, 4],
                           description="; ".join(
                               f"{safe.plotly_plain(label)}: mediaan {fmt.number(m, 0)}, de middelste helft "
                               f"{fmt.number(p25, 0)} tot {fmt.number(p75, 0)}, 10e tot 90e percentiel "
                               f"{fmt.number(p10, 0)} tot {fmt.number(p90, 0)}"
                               for label, p10, p25, m, p75, p90 in reversed(rows)),
                           note="Spreiding als zwevende staaf: licht van het 10e tot het 90e percentiel, donker van "
                                "het 25e tot het 75e, de witte streep is de mediaan.")
    if kinds == {"choropleth"}:
        # The map's coloured trace (the grey one for gemeenten without a value has no colour scale) as bars from
        # low to high (the highest on top), the outlined (selected) gemeente in the map's highlight colour.
        coloured = [t for t in traces if t.get("showscale", True) is not False]
        trace = coloured[0] if coloured else {}
        names = _values(trace.get("text")) or _values(trace.get("locations"))
        values = [_to_number(v) for v in _values(trace.get("z"))]
        highlighted = set(_outlined(trace))
        order = [i for i in sorted(range(len(values)), key=lambda i: values[i] or 0) if values[i] is not None]
        colorbar = _get(trace, "colorbar", default={}) or {}
        title = _get(colorbar, "title", "text", default="") or ""
        euro = "€" in str(colorbar.get("tickprefix") or "")
        # The selected gemeente may be grey on the map (no figure, or fewer than 5): then the notes say so.
        missing = [safe.plotly_plain((_values(t.get("text")) or _values(t.get("locations")))[i])
                   for t in traces if t is not trace for i in _outlined(t)]
        note = "De kaart staat in PowerPoint als staafdiagram per gemeente" + (
            f"; {missing[0]} heeft geen cijfer en staat er niet in." if missing else ".")
        return NativeChart("bar", [str(names[i]) for i in order], [(title or "Waarde", [values[i] for i in order])],
                           colors=[[charts.HIGHLIGHT_COLOR if i in highlighted else MAP_BAR for i in order]],
                           axis_title=title, euro=euro, note=note)
    if kinds == {"heatmap"}:
        trace = traces[0]
        table = pd.DataFrame(_values(trace.get("z")), index=[str(v) for v in _values(trace.get("y"))],
                             columns=[str(v) for v in _values(trace.get("x"))])
        table = table.iloc[::-1]
        if len(table.columns) > len(table):
            table = table.T    # long labels down the side, not in narrow columns across a 16:9 slide
        return NativeChart("table", table=table.reset_index(names=""))
    raise ValueError(f"Geen PowerPoint-vorm voor grafieken met {', '.join(sorted(kinds))}")
