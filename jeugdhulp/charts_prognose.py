"""The forecast chart: the years known as a solid line, the years ahead as a dashed line from the last known year,
and the 80% range as a light band around them. Pure DataFrame -> Figure, like jeugdhulp.charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import charts, fmt

BAND = "rgba(0, 114, 178, 0.15)"


def _text(value: float | None, kind: str) -> str:
    return fmt.eur_compact(value) if kind == "eur" else fmt.number(value)


def prognose(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool, y_title: str, kind: str = "eur",
             te_kort: str = "", leeg: str = "Geen cijfers voor deze selectie.") -> go.Figure:
    """`frame`: jaar, soort ('werkelijk' / 'prognose'), waarde, laag, hoog (PrognoseData.tabel). Without years
    ahead the chart shows the years known and says why (`te_kort`)."""
    if not (frame["soort"] == "werkelijk").any():
        return charts.empty(title, leeg)
    fig = go.Figure()
    color = charts.COLORS["selectie"]
    # Millions of euros on the axis (€ 170.000.000 would crowd it); the hover says each value in full words.
    scale = 1e6 if kind == "eur" and frame[["waarde", "hoog"]].max().max() >= 1e6 else 1.0
    frame = frame.assign(**{c: frame[c] / scale for c in ("waarde", "laag", "hoog")})
    known, ahead = frame[frame["soort"] == "werkelijk"], frame[frame["soort"] == "prognose"]
    # The years known first: the category axis takes its order from the first trace.
    fig.add_scatter(x=known["jaar"].astype(int).astype(str), y=known["waarde"], name="Werkelijk", mode="lines+markers",
                    line=dict(color=color, width=3), marker=dict(size=9),
                    customdata=[_text(v * scale, kind) for v in known["waarde"]], hovertemplate="%{x}: %{customdata}" +
                    charts.TRACE_NAME)
    if not ahead.empty:
        last = known.iloc[-1]
        years = [str(int(last["jaar"])), *ahead["jaar"].astype(int).astype(str)]
        low = [last["waarde"], *ahead["laag"]]
        high = [last["waarde"], *ahead["hoog"]]
        # The range's edges as thin dotted lines with the band between them: a PowerPoint slide (native lines, no
        # fill) then shows the same two named edges.
        edge = dict(color=color, width=1, dash="dot")
        fig.add_scatter(x=years, y=high, mode="lines", line=edge, name="Bovengrens (80%)", hoverinfo="skip")
        fig.add_scatter(x=years, y=low, mode="lines", line=edge, fill="tonexty", fillcolor=BAND,
                        name="Ondergrens (80%)", hoverinfo="skip")
        fig.add_scatter(x=years, y=[last["waarde"], *ahead["waarde"]], name="Prognose", mode="lines+markers",
                        line=dict(color=color, width=3, dash="dash"), marker=dict(size=9, symbol="circle-open"),
                        customdata=["", *[f"{_text(m * scale, kind)} (80%: {_text(lo * scale, kind)} – "
                                          f"{_text(hi * scale, kind)})"
                                          for m, lo, hi in zip(ahead["waarde"], ahead["laag"], ahead["hoog"],
                                                               strict=True)]],
                        hovertemplate="%{x}: %{customdata}" + charts.TRACE_NAME)
    elif te_kort:
        fig.add_annotation(text=te_kort, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           font=dict(size=15, color=charts.MUTED_TEXT_COLOR), bgcolor="white")
    fig.update_layout(yaxis_title=f"{y_title} (€ mln)" if scale > 1 else y_title, yaxis_rangemode="tozero")
    if kind == "eur":
        fig.update_layout(yaxis_tickprefix="€ ", yaxis_tickformat=",~f" if scale > 1 else ",.0f")
    return charts.finish(fig, title, bron, voorbeeld)
