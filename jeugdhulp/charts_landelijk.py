"""The national comparison's chart (pages/vergelijken.py): one strip per measure with every gemeente as a grey dot,
the P10-P90 spread as a band, and the gemeente, its comparable gemeenten, its region and the Netherlands marked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from jeugdhulp import charts, fmt, landelijk
from jeugdhulp.safe import plotly_text as _t

SPREAD_COLOR = "rgba(0, 114, 178, 0.10)"
TITLES = 44      # px above the plot for the strips' own titles
MARKS = {   # groep -> (legend name, colour, symbol, size, height in the strip)
    "overig": ("Andere gemeenten", "#A9B7C4", "circle", 6, None),
    "regio_gemeente": ("Gemeenten van de regio", "#E6A271", "circle", 8, None),
    "vergelijkbaar": ("Vergelijkbare gemeenten", charts.COLORS["vergelijkbaar"], "circle-open", 9, None),
    "nederland": ("Nederland", "#000000", "line-ns", 26, 0.0),
    "regio": ("Regio (samen)", charts.COLORS["regio"], "diamond", 15, 0.0),
    "vergelijkbaar_samen": ("Vergelijkbare gemeenten (samen)", charts.COLORS["vergelijkbaar"], "square", 12, 0.0),
    "gemeente": ("", charts.COLORS["selectie"], "circle", 17, 0.0),
}


def _jitter(n: int, seed: int) -> np.ndarray:
    """Fixed vertical spread for the dots of a strip (the same on every redraw, so a slide equals the page)."""
    return np.random.default_rng(seed).uniform(-0.32, 0.32, size=n)


def strips(punten: pd.DataFrame, vergelijkingen: list[landelijk.Vergelijking], naam: str, title: str, bron: str,
           voorbeeld: bool, tabel: pd.DataFrame | None = None) -> go.Figure:
    """Small multiples, a strip per measure in two columns (punten: maat, groep, naam, waarde; vergelijkingen: the spread).
    `tabel` (as shown under the chart) goes with the figure: a PowerPoint slide of it is that table."""
    if punten.empty:
        return charts.empty(title, "Geen CBS-cijfers voor dit jaar.")
    shown = [v for v in vergelijkingen if not punten[punten["maat"] == v.maat.key].empty]
    rows = (len(shown) + 1) // 2
    # Two columns: on a 16:9 projector slide four strips under each other left each too little height.
    fig = make_subplots(rows=rows, cols=2, vertical_spacing=0.32 / rows, horizontal_spacing=0.07,
                        subplot_titles=[_t(v.maat.label) for v in shown])
    for index, annotation in enumerate(fig.layout.annotations):   # the titles: at the left edge of their strip
        domain = fig.layout[f"xaxis{index + 1 if index else ''}"].domain
        annotation.update(x=domain[0], xanchor="left", font=dict(size=16, color=charts.TEXT_COLOR))
    seen: set[str] = set()
    for index, vergelijking in enumerate(shown):
        row, col = index // 2 + 1, index % 2 + 1
        maat = vergelijking.maat
        part = punten[punten["maat"] == maat.key]
        if vergelijking.p10 is not None:
            fig.add_shape(type="rect", x0=vergelijking.p10, x1=vergelijking.p90, y0=-0.45, y1=0.45,
                          fillcolor=SPREAD_COLOR, line_width=0, layer="below", row=row, col=col)
        for groep, (label, colour, symbol, size, height) in MARKS.items():
            dots = part[part["groep"] == groep]
            if dots.empty:
                continue
            name = _t(naam) if groep == "gemeente" else label
            y = [height] * len(dots) if height is not None else _jitter(len(dots), index * 7 + len(groep))
            texts = [f"{_t(n)}: {landelijk.format_value(maat.kind, v)}"
                     for n, v in zip(dots["naam"], dots["waarde"], strict=True)]
            fig.add_scatter(
                x=dots["waarde"], y=y, mode="markers", name=name,
                legendgroup=groep, showlegend=groep not in seen,
                marker=dict(color=colour, symbol=symbol, size=size,
                            line=dict(width=2 if symbol.endswith("open") or symbol == "line-ns" else 1,
                                      color=colour if symbol.endswith("open") or symbol == "line-ns" else "white")),
                customdata=texts, hovertemplate="%{customdata}<extra></extra>", row=row, col=col)
            seen.add(groep)
            if groep == "gemeente":   # its value above it, on white: readable over the other dots
                fig.add_annotation(x=float(dots["waarde"].iloc[0]), y=0, yshift=22, showarrow=False,
                                   text=landelijk.format_value(maat.kind, float(dots["waarde"].iloc[0])), bgcolor="white",
                                   bordercolor=colour, borderpad=2, font=dict(size=14, color=colour), row=row, col=col)
        # ~: no trailing zeros, so a narrow range gets "7,5%" rather than "8%" twice.
        axis = dict(tickprefix="€ " if maat.kind == "eur" else "",
                    tickformat={"pct": ",.1~%", "rate": ",.1~f"}.get(maat.kind, ",.0f"))
        fig.update_xaxes(row=row, col=col, nticks=6, **axis)
        fig.update_yaxes(row=row, col=col, visible=False, range=[-0.6, 0.75])
    fig.add_scatter(x=[None], y=[None], mode="markers", name="P10–P90 van alle gemeenten",
                    marker=dict(symbol="square", size=14, color="rgba(0, 114, 178, 0.25)"), row=1, col=1)
    charts.finish(fig, title, bron, voorbeeld, height=250 * rows + 200)
    # Room between the source line and the strips' own titles (a long source wraps to two lines); the example
    # mark, placed from the top of the plot, moves up by as much so it stays above the title.
    fig.update_layout(legend=dict(y=-0.1), separators=fmt.PLOTLY_SEPARATORS, margin_t=fig.layout.margin.t + TITLES)
    for annotation in fig.layout.annotations:
        if annotation.yref == "paper" and annotation.yshift:
            annotation.yshift += TITLES
    fig.update_yaxes(visible=False)
    return fig if tabel is None else charts.with_table(fig, tabel)
