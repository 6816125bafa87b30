"""What every export of a presentation shares: slide title sizes, the marks a slide carries, a chart's
figure made for a full-screen slide (also what the presentation page shows) and the download's file name."""

from __future__ import annotations

import base64
import json
import math
import textwrap

import numpy as np

from jeugdhulp import charts, fmt, safe, tables

SLIDE_TITLE_PX = 40          # HTML slide titles (the issue asks for at least 28 px)
SLIDE_TITLE_PT = 32          # PowerPoint slide titles
SLIDE_TEXT_PX = 18           # the smallest text on a slide: tick labels, legend, line labels (readable at 720p)
EXAMPLE_MARK = charts.EXAMPLE_MARK
SMALL = f"<{fmt.SMALL_COUNT}"
# A slide's chart has no toolbar: nobody zooms on a projector, and the buttons cover the chart's top right.
SLIDE_CONFIG = {**charts.PLOTLY_CONFIG, "displayModeBar": False}

# Line-end labels: at most this many lines (more keep the legend), wrapped at this many characters, at least this
# far apart as a share of the plot's height (an 18 px line of text on a plot area of about 350 px and more).
MAX_LABELLED_LINES = 8
LABEL_WRAP = 18
LABEL_LINES = 3
HEATMAP_WRAP = 12     # characters per line of a heatmap's column name on a slide
LABEL_GAP = 0.07


def _figure(figure: str | dict) -> dict:
    return json.loads(figure) if isinstance(figure, str) else figure


def is_example_mark(annotation: dict) -> bool:
    """The mark charts._finish puts on a chart of example data: 'VOORBEELDDATA (FICTIEF)', or for a chart that is
    partly example data its own label in the same box, e.g. 'DEELS VOORBEELDDATA: INWONERS 0-17 FICTIEF'."""
    text = str(annotation.get("text") or "")
    return annotation.get("xref") == "paper" and (text == EXAMPLE_MARK or (
        str(annotation.get("bgcolor") or "").lower() == charts.EXAMPLE_BACKGROUND and "VOORBEELDDATA" in text))


def example_mark(figure: str | dict) -> str:
    """The example mark the chart carries, as plain text ('' for a chart of real figures only). Read it before
    slide_figure, which takes it out of the chart so a slide can show it in large type."""
    for annotation in _figure(figure).get("layout", {}).get("annotations", []):
        if is_example_mark(annotation):
            return safe.plotly_plain(annotation["text"])
    return ""


def example_label(figure: str | dict, voorbeeld: bool) -> str:
    """The mark as a label in sentence case, for a list of slides: 'Voorbeelddata (fictief)', or for a chart that is
    only partly example data its own label ('Deels voorbeelddata: inwoners 0-17 fictief'); '' for real figures."""
    mark = example_mark(figure)
    if mark and mark != EXAMPLE_MARK:
        return mark.capitalize()
    return "Voorbeelddata (fictief)" if voorbeeld or mark else ""


def slide_figure(figure_json: str, height: int | None = 620) -> dict:
    """The chart for a full-screen slide, as a plotly figure dict: title, source and example mark move out
    of the figure (the slide shows them in large type around it), fonts grow for a projector and lines are
    labelled at their ends. `height=None` lets the figure fill its container (the slide sizes it to the screen).

    Works on the stored JSON directly: building a validated go.Figure costs ~60 ms per slide."""
    figure = json.loads(figure_json)
    if not figure.get("data"):
        # A chart without figures (its text says so): plotly refuses a figure dict without traces, so one empty trace.
        figure["data"] = [{"type": "scatter", "x": [], "y": [], "showlegend": False, "hoverinfo": "skip"}]
    layout = figure.setdefault("layout", {})
    layout["title"] = {"text": "", "subtitle": {"text": ""}}
    layout.pop("height", None)
    if height is not None:
        layout["height"] = height
    layout["autosize"] = True
    layout["font"] = {**layout.get("font", {}), "size": 20}
    # Room above the plot only for a label drawn there (a reference line's "regio: € 1.949").
    top = any(a.get("yref") == "paper" and (a.get("y") or 0) >= 1 and not is_example_mark(a)
              for a in layout.get("annotations", []))
    layout["margin"] = {**layout.get("margin", {}), "t": 40 if top else 16, "l": 10, "r": 30, "b": 40}
    layout["hoverlabel"] = {**layout.get("hoverlabel", {}), "font": {"size": SLIDE_TEXT_PX}}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["tickfont"] = {**axis.get("tickfont", {}), "size": SLIDE_TEXT_PX}
            axis["title"] = {**axis.get("title", {}), "font": {"size": SLIDE_TEXT_PX}}
            axis["automargin"] = True
    annotations = [a for a in layout.get("annotations", []) if not is_example_mark(a)]
    for annotation in annotations:
        font = annotation.setdefault("font", {})
        font["size"] = max(SLIDE_TEXT_PX, int(font.get("size") or 0) + 3)
    for trace in figure.get("data", []):
        if trace.get("textfont", {}).get("size"):       # value labels on bars, "<5" marks
            trace["textfont"]["size"] = max(SLIDE_TEXT_PX, trace["textfont"]["size"])
    layout["annotations"] = annotations + _line_labels(figure)
    _heatmap_labels(figure)
    return figure


def _heatmap_labels(figure: dict) -> None:
    """A heatmap on a slide names every row (plotly would skip every other one at a projector's type size) and its
    columns a word per line, so names across never run into each other."""
    if not any(t.get("type") == "heatmap" for t in figure.get("data", [])):
        return
    layout = figure["layout"]
    layout.setdefault("yaxis", {})["dtick"] = 1
    xaxis = layout.setdefault("xaxis", {})
    if isinstance(xaxis.get("ticktext"), list):
        lines = [textwrap.wrap(str(text).replace("<br>", " "), HEATMAP_WRAP) or [""] for text in xaxis["ticktext"]]
        if len(lines) > 6:       # many columns: every other name below the others, so long neighbours never touch
            depth = max(len(label) for label in lines)
            lines = [[""] * depth + label if i % 2 else label for i, label in enumerate(lines)]
        xaxis["ticktext"], xaxis["tickangle"] = ["<br>".join(label) for label in lines], 0


def trace_values(value: object) -> list:
    """Trace data as a plain list, whether plotly's JSON holds a list or a base64 typed array (with its shape)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(s) for s in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return list(value) if isinstance(value, list | tuple) else []


def trace_number(value: object) -> float | None:
    """A trace value as a float; None for a missing, NaN or non-numeric one (a hidden value)."""
    if value is None or isinstance(value, (str, bool)):
        return None
    result = float(value)
    return None if math.isnan(result) else result


def _labelled(trace: dict) -> bool:
    """A line of a plain x/y chart that shows in the legend."""
    return (trace.get("type", "scatter") == "scatter" and "lines" in str(trace.get("mode", "lines"))
            and trace.get("visible", True) is True and trace.get("showlegend", True) is not False
            and bool(trace.get("name")) and trace.get("xaxis", "x") == "x" and trace.get("yaxis", "y") == "y")


def _line_labels(figure: dict) -> list[dict]:
    """Annotations that name each line at its last value, in the line's colour, instead of the legend: the
    audience reads 'Dordrecht' next to the line, not a legend at the bottom. Labels that would overlap are pushed
    apart. Only for charts of lines alone (a mix with bars keeps its legend), and not for more than a few lines.
    Sets the y axis's range, so the labels' heights are known; a hidden value stays a gap (the last real point)."""
    data = figure.get("data", [])
    layout = figure["layout"]
    shown = [t for t in data if t.get("visible", True) is True]
    lines = [t for t in shown if _labelled(t)]
    others = [t for t in shown if t not in lines]
    if (not lines or len(lines) > MAX_LABELLED_LINES
            or any(t.get("type", "scatter") != "scatter" or t.get("showlegend", True) is not False for t in others)):
        return []
    ends = []
    values: list[float] = []
    for trace in shown:
        ys = [trace_number(y) for y in trace_values(trace.get("y"))]
        values += [y for y in ys if y is not None]
        if trace not in lines:
            continue
        xs = trace_values(trace.get("x")) or list(range(len(ys)))
        last = next((i for i in range(min(len(xs), len(ys)) - 1, -1, -1) if ys[i] is not None), None)
        if last is not None:
            colour = trace.get("line", {}).get("color") or trace.get("marker", {}).get("color") or charts.FONT["color"]
            ends.append((xs[last], ys[last], trace["name"], colour if isinstance(colour, str) else charts.FONT["color"]))
    if not ends or not values:
        return []
    yaxis = layout.setdefault("yaxis", {})
    if isinstance(yaxis.get("range"), list) and len(yaxis["range"]) == 2 and None not in yaxis["range"]:
        low, high = (float(v) for v in yaxis["range"])
    else:
        low = min(0.0, min(values)) if yaxis.get("rangemode") == "tozero" else min(values)
        high = max(values)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        low, high = (low if yaxis.get("rangemode") == "tozero" and low == 0 else low - pad), high + pad
        yaxis["range"] = [low, high]
        yaxis.pop("autorange", None)
    texts = [_label_text(name) for _, _, name, _ in ends]
    heights = [LABEL_GAP * (text.count("<br>") + 1) for text in texts]
    positions = _spread([(y - low) / (high - low) for _, y, _, _ in ends], heights)
    layout["showlegend"] = False
    layout["margin"]["r"] = max(layout["margin"].get("r", 0),
                                24 + int(0.56 * SLIDE_TEXT_PX * max(len(line) for t in texts for line in t.split("<br>"))))
    # At the plot's right edge (paper x=1), where the lines end: a label at the last point itself would stretch the
    # x axis to fit its text (plotly's autorange counts annotations in data coordinates) and add a year.
    return [dict(x=1, xref="paper", y=position, yref="paper", text=text, showarrow=False, xanchor="left", xshift=8,
                 yanchor="middle", align="left", font=dict(size=SLIDE_TEXT_PX, color=colour))
            for (_, _, _, colour), text, position in zip(ends, texts, positions, strict=True)]


def _label_text(name: str) -> str:
    """A line's end label: wrapped at LABEL_WRAP characters, at most LABEL_LINES lines and no line over twice that
    width, so a long name from a file (no spaces, or a thousand characters) cannot push the plot off the slide."""
    lines = textwrap.wrap(name, LABEL_WRAP, break_long_words=False, break_on_hyphens=False, max_lines=LABEL_LINES,
                          placeholder=" …") or [name]
    return "<br>".join(line if len(line) <= 2 * LABEL_WRAP else line[:2 * LABEL_WRAP - 1] + "…" for line in lines)


def _spread(positions: list[float], heights: list[float]) -> list[float]:
    """Label centres (0..1 of the plot's height) moved apart as little as possible so that no two overlap,
    kept within the plot where there is room; the input order is kept in the result."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    sizes = [heights[i] for i in order]
    for k in range(1, len(placed)):                        # upwards: each at least half-heights above the one below
        placed[k] = max(placed[k], placed[k - 1] + (sizes[k - 1] + sizes[k]) / 2)
    top = 1 - sizes[-1] / 2
    if placed[-1] > top:                                   # too high: push down from the top, keeping the gaps
        placed[-1] = top
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - (sizes[k] + sizes[k + 1]) / 2)
    result = [0.0] * len(positions)
    for k, index in enumerate(order):
        result[index] = placed[k]
    return result


def hidden_note(figure: dict) -> str:
    """The line under a slide's chart that says why a value is missing (kept in the figure by ui.chart, see
    charts.with_hidden_note); '' when nothing is hidden. A slide stored before the note travelled with its figure
    gets it when a trace says "<5"."""
    meta = figure.get("layout", {}).get("meta")
    if isinstance(meta, dict) and isinstance(meta.get(charts.HIDDEN_NOTE_META), str):
        return meta[charts.HIDDEN_NOTE_META]
    return tables.HIDDEN_NOTE if SMALL in json.dumps(figure.get("data", []), ensure_ascii=False) else ""


def is_number(value: object) -> bool:
    """A number in a slide's table (numpy's too), not a bool: it is written right-aligned in Dutch notation."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def file_name(title: str, extension: str) -> str:
    return f"{fmt.slug(title) or 'presentatie'}.{extension}"
