"""The forecast chart: the years known as a solid line, the years ahead as a dashed line from the last known year,
and the 80% range as a light band around them; the scenario's charts beside it (its total against the forecast
without change, and per group of care). Pure DataFrame -> Figure, like jeugdhulp.charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import charts, fmt
from jeugdhulp.safe import plotly_text as _t

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


SCENARIO_COLOR = "#009E73"     # green, apart from the forecast's blue (Okabe-Ito, like the palette)


def _mln(values: pd.Series, scale: float) -> pd.Series:
    return pd.to_numeric(values, errors="coerce") / scale


def scenario_totaal(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool, leeg: str) -> go.Figure:
    """`frame`: jaar, werkelijk, zonder_verandering, scenario (ScenarioData.reeks). The years known as a solid line,
    the forecast without change dashed and the scenario as a solid green line, both from the last known year."""
    known = frame.dropna(subset=["werkelijk"])
    if known.empty:
        return charts.empty(title, "Geen uitgaven voor deze selectie.")
    ahead = frame.dropna(subset=["zonder_verandering"])
    scale = 1e6 if frame[["werkelijk", "zonder_verandering", "scenario"]].max().max() >= 1e6 else 1.0
    fig = go.Figure()
    color = charts.COLORS["selectie"]
    fig.add_scatter(x=known["jaar"].astype(int).astype(str), y=_mln(known["werkelijk"], scale), name="Werkelijk",
                    mode="lines+markers", line=dict(color=color, width=3), marker=dict(size=9),
                    customdata=[fmt.eur_compact(v) for v in known["werkelijk"]],
                    hovertemplate="%{x}: %{customdata}" + charts.TRACE_NAME)
    if ahead.empty:
        fig.add_annotation(text=leeg, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           font=dict(size=15, color=charts.MUTED_TEXT_COLOR), bgcolor="white")
    else:
        last = known.iloc[-1]
        years = [str(int(last["jaar"])), *ahead["jaar"].astype(int).astype(str)]
        for column, name, line, marker in (
                ("zonder_verandering", "Zonder verandering", dict(color=color, width=3, dash="dash"), "circle-open"),
                ("scenario", "Scenario", dict(color=SCENARIO_COLOR, width=3), "diamond")):
            values = [last["werkelijk"], *ahead[column]]
            texts = ["", *[fmt.eur_compact(v) + ("" if column == "zonder_verandering" else f" ({fmt.eur_change(d)})")
                           for v, d in zip(ahead[column], ahead["verschil"], strict=True)]]
            fig.add_scatter(x=years, y=[v / scale for v in values], name=name, mode="lines+markers", line=line,
                            marker=dict(size=10, symbol=marker), customdata=texts,
                            hovertemplate="%{x}: %{customdata}" + charts.TRACE_NAME)
    fig.update_layout(yaxis_title="Uitgaven (€ mln)" if scale > 1 else "Uitgaven", yaxis_rangemode="tozero",
                      yaxis_tickprefix="€ ", yaxis_tickformat=charts.MLN_TICKS if scale > 1 else ",.0f")
    return charts.finish(fig, title, bron, voorbeeld)


def scenario_groepen(frame: pd.DataFrame, jaar: int, title: str, bron: str, voorbeeld: bool,
                     tabel: pd.DataFrame | None = None) -> go.Figure:
    """`frame`: naam, wijziging, zonder_verandering, scenario (ScenarioData.tabel): per group with spend, bars without
    change and in the scenario in `jaar`, each group's label with its change in volume (the assumption on the slide).
    `tabel` (the assumptions as shown) goes with the figure for PowerPoint, which sets it as a table."""
    frame = frame.dropna(subset=["zonder_verandering", "wijziging"])      # no change: no spend in that group
    if frame.empty:
        return charts.empty(title, "Geen scenario voor deze selectie.")
    labels = [f"{naam} (volume {'gelijk' if not w else fmt.pct_change(w, 0)})"
              for naam, w in zip(frame["naam"], frame["wijziging"], strict=True)]
    scale = 1e6 if frame[["zonder_verandering", "scenario"]].max().max() >= 1e6 else 1.0
    fig = go.Figure()
    for column, name, color in (("zonder_verandering", f"Zonder verandering {jaar}", charts.COLORS["selectie"]),
                                ("scenario", f"Scenario {jaar}", SCENARIO_COLOR)):
        fig.add_bar(x=_mln(frame[column], scale), y=[_t(label) for label in labels], orientation="h", name=name,
                    marker_color=color, text=[fmt.eur_compact(v) for v in frame[column]], textposition="outside",
                    cliponaxis=False, textfont=dict(size=13), customdata=[fmt.eur(v) for v in frame[column]],
                    hovertemplate="%{y}: %{customdata}" + charts.TRACE_NAME)
    top = float(frame[["zonder_verandering", "scenario"]].max().max()) / scale
    fig.update_layout(barmode="group", bargap=0.3, yaxis=dict(autorange="reversed"),
                      # The unit on the ticks: an axis title would collide with the legend below the bars.
                      xaxis=dict(tickprefix="€ ", ticksuffix=" mln" if scale > 1 else "",
                                 tickformat=charts.MLN_TICKS if scale > 1 else ",.0f", range=[0, top * 1.25]))
    fig = charts.finish(fig, title, bron, voorbeeld, height=max(420, 70 * len(frame) + 200))
    return fig if tabel is None else charts.with_table(fig, tabel)
