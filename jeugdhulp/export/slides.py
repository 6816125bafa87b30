"""What every export of a presentation shares: slide title sizes, the marks a slide carries, a chart's
figure made for a full-screen slide (also what the presentation page shows) and the download's file name."""

from __future__ import annotations

import json

import numpy as np

from jeugdhulp import charts, fmt, tables

SLIDE_TITLE_PX = 40          # HTML slide titles (the issue asks for at least 28 px)
SLIDE_TITLE_PT = 32          # PowerPoint slide titles
EXAMPLE_MARK = charts.EXAMPLE_MARK
SMALL = f"<{fmt.SMALL_COUNT}"


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
