"""A plotly figure read as a native PowerPoint chart: which shape (column, bar, line, XY, table) with which
categories, series and colours, taken from the figure's own traces so a slide shows exactly the numbers the
reader added. Labels come back as the file said them (plotly's escaping undone); counts under 5 stay empty."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import safe
from jeugdhulp.export.slides import EXAMPLE_MARK, SMALL


@dataclass
class NativeChart:
    """What a native PowerPoint chart needs, read off a plotly figure."""

    kind: str                                  # "column", "bar", "line", "xy", "table", "empty"
    categories: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    # for "xy": (x, y) per point; y None where the value is hidden, so the line has a gap there (dispBlanksAs gap)
    points: list[tuple[str, list[tuple[float, float | None]]]] = field(default_factory=list)
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
    # Labels of hidden values that say more than "<5" at their bar (how many segments a year leaves out) keep
    # their sentence in the notes, as the chart leaves those cells empty.
    notes += [str(text) for t in figure.get("data", []) if t.get("meta") == "klein"
              for text in _array(t.get("hovertext"))]
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
                # A hidden value stays as an empty point: left out, the line would run straight across it.
                pairs = [(float(a), b) for a, b in zip(x, (_number(v) for v in _array(trace.get("y"))), strict=True)]
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
