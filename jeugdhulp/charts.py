"""Chart builders: pure functions DataFrame -> plotly Figure, Dutch formatting applied in one
place (`_finish`), with the source line and, for example data, a visible mark in the figure itself
(so a PNG or a slide carries it too)."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import fmt

EXAMPLE_MARK = "VOORBEELDDATA (FICTIEF)"
COLORS = {
    "realisatie": "#1f5f8b",
    "begroting": "#9db8cc",
    "selectie": "#1f5f8b",
    "regio": "#c8702a",
    "bron": "#5b7b3a",
}
PALETTE = ["#1f5f8b", "#c8702a", "#5b7b3a", "#8c4f8f", "#b8a032", "#3f8f8a", "#a34848", "#6b6b6b",
           "#2f8fce", "#e0a060", "#8fb46a", "#c08cc4"]
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#1c2530")


def _finish(fig: go.Figure, title: str, bron: str, voorbeeld: bool, height: int = 440) -> go.Figure:
    # The source sits under the title as a subtitle: it can never collide with a long legend.
    source = "Bron: " + (bron or "onbekend")
    source_lines = "<br>".join(textwrap.wrap(source, 140)[:2])
    top = 96 if "<br>" in source_lines else 80
    fig.update_layout(
        title=dict(text=title, font=dict(size=19), x=0, xanchor="left",
                   subtitle=dict(text=source_lines, font=dict(size=12, color="#4a5663"))),
        separators=fmt.PLOTLY_SEPARATORS,
        font=FONT,
        height=height,
        margin=dict(l=10, r=20, t=top + (24 if voorbeeld else 0), b=40),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, title_text=""),
        plot_bgcolor="white",
        hoverlabel=dict(font_size=15),
    )
    fig.update_xaxes(showgrid=False, linecolor="#9aa5b1", tickfont=dict(size=14))
    fig.update_yaxes(gridcolor="#e3e8ee", zerolinecolor="#9aa5b1", tickfont=dict(size=14))
    if voorbeeld:
        fig.add_annotation(text=EXAMPLE_MARK, xref="paper", yref="paper", x=1, y=1.0, xanchor="right",
                           yanchor="bottom", yshift=top - 40, showarrow=False,
                           font=dict(size=13, color="#8a4b00"), bgcolor="#fff1d6", bordercolor="#c8702a",
                           borderpad=4)
    return fig


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=16), xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title=dict(text=title, x=0), height=260, plot_bgcolor="white", font=FONT)
    return fig


def begroting_realisatie(frame: pd.DataFrame, value: str, title: str, bron: str, voorbeeld: bool) -> go.Figure:
    """Grouped bars per year: begroting next to realisatie (frame: jaar, soort, <value> in EUR)."""
    if frame.empty:
        return _empty(title, "Geen uitgaven voor deze selectie.")
    fig = go.Figure()
    for soort in ("begroting", "realisatie"):
        part = frame[frame["soort"] == soort]
        if part.empty:
            continue
        fig.add_bar(
            x=part["jaar"].astype(str), y=part[value] / 1e6, name=soort.capitalize(),
            marker_color=COLORS[soort],
            customdata=[fmt.eur(v) for v in part[value]],
            hovertemplate="%{x}: %{customdata}<extra>" + soort + "</extra>",
        )
    fig.update_layout(barmode="group", yaxis_title="€ mln", yaxis_tickformat=",.0f")
    return _finish(fig, title, bron, voorbeeld)


def per_jeugdige_trend(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool, selectie_label: str) -> go.Figure:
    """Lines per year: realisatie per youth 0-17 of the selection against the region."""
    data = frame[frame["soort"] == "realisatie"]
    if data.empty:
        return _empty(title, "Geen uitgaven voor deze selectie.")
    fig = go.Figure()
    for column, label, color in (("selectie_eur_per_jeugdige", selectie_label, COLORS["selectie"]),
                                 ("regio_eur_per_jeugdige", "Hele regio", COLORS["regio"])):
        fig.add_scatter(
            x=data["jaar"].astype(str), y=data[column], name=label, mode="lines+markers",
            line=dict(color=color, width=3), marker=dict(size=9),
            customdata=[fmt.eur(v) for v in data[column]],
            hovertemplate="%{x}: %{customdata}<extra>" + label + "</extra>",
        )
    fig.update_layout(yaxis_title="€ per jeugdige (0-17 jaar)", yaxis_tickformat=",.0f", yaxis_tickprefix="€ ")
    return _finish(fig, title, bron, voorbeeld)


def per_gemeente(frame: pd.DataFrame, value: str, title: str, bron: str, voorbeeld: bool, axis_title: str,
                 highlight: list[str], kind: str = "eur", average: float | None = None,
                 average_label: str = "") -> go.Figure:
    """Horizontal bars per gemeente, the selected gemeenten highlighted; masked values say '<5'."""
    if frame.empty:
        return _empty(title, "Geen gegevens voor deze selectie.")
    data = frame.sort_values(value, ascending=True, na_position="first", kind="stable")
    colors = [COLORS["selectie"] if code in highlight else "#a9b7c4" for code in data["gemeente_code"]]
    if kind == "eur":
        labels = [fmt.eur(v) for v in data[value]]
    elif kind == "count":
        labels = [fmt.count(v) for v in data[value]]
    else:
        labels = [fmt.number(v, 1) for v in data[value]]
    small_column = next((c for c in data.columns if c.endswith("_klein")), None)
    if small_column:
        labels = ["<5 jeugdigen" if small else label for small, label in zip(data[small_column], labels, strict=True)]
    fig = go.Figure(go.Bar(
        x=data[value], y=data["gemeente"], orientation="h", marker_color=colors,
        text=labels, textposition="outside", cliponaxis=False, customdata=labels,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    ))
    if average is not None and pd.notna(average):
        average_text = fmt.eur(average) if kind == "eur" else fmt.number(average, 1)
        fig.add_vline(x=average, line=dict(color=COLORS["regio"], width=2, dash="dash"))
        fig.add_annotation(x=average, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=f"{average_label}: {average_text}", font=dict(color=COLORS["regio"], size=13))
    fig.update_layout(xaxis_title=axis_title, xaxis_tickformat=",.0f", showlegend=False)
    height = max(360, 34 * len(data) + 170)
    return _finish(fig, title, bron, voorbeeld, height=height)


def per_segment_stacked(frame: pd.DataFrame, value: str, title: str, bron: str, voorbeeld: bool,
                        axis_title: str, kind: str = "eur") -> go.Figure:
    """Stacked bars per year, one colour per segment (frame: jaar, segment, volgorde, <value>)."""
    if frame.empty:
        return _empty(title, "Geen gegevens voor deze selectie.")
    fig = go.Figure()
    segments = frame.sort_values("volgorde")["segment"].drop_duplicates().tolist()
    for index, segment in enumerate(segments):
        part = frame[frame["segment"] == segment]
        values = part[value] / 1e6 if kind == "eur" else part[value]
        if kind == "eur":
            hover = [fmt.eur(v) for v in part[value]]
        else:
            small = part.get(f"{value}_klein", pd.Series(False, index=part.index))
            hover = ["<5" if s else fmt.number(v) for s, v in zip(small, part[value], strict=True)]
        fig.add_bar(x=part["jaar"].astype(str), y=values, name=segment, customdata=hover,
                    marker_color=PALETTE[index % len(PALETTE)],
                    hovertemplate="%{x}: %{customdata}<extra>" + segment + "</extra>")
    fig.update_layout(barmode="stack", yaxis_title=axis_title, yaxis_tickformat=",.0f")
    small_column = f"{value}_klein"
    if kind != "eur" and small_column in frame:
        # Masked counts are not drawn; say above each bar how many segments were left out.
        totals = frame.groupby("jaar")[value].sum(min_count=1).fillna(0)
        masked = frame[frame[small_column]].groupby("jaar").size()
        for year, count in masked.items():
            fig.add_annotation(x=str(year), y=float(totals.get(year, 0)), yanchor="bottom", showarrow=False,
                               text=f"+{count}× <5", font=dict(size=12, color="#4a5663"))
    return _finish(fig, title, bron, voorbeeld, height=520).update_layout(
        legend=dict(orientation="v", yanchor="top", y=1, x=1.02, xanchor="left", title_text=""),
        margin=dict(r=260))


def share_per_segment(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool) -> go.Figure:
    """Horizontal bars: each segment's share of realisatie in one year."""
    if frame.empty or frame["realisatie_eur"].fillna(0).sum() == 0:
        return _empty(title, "Geen realisatie voor deze selectie.")
    data = frame.sort_values("volgorde", ascending=False)
    labels = [f"{fmt.pct(a)} ({fmt.eur_compact(v)})" for a, v in zip(data["aandeel"], data["realisatie_eur"], strict=True)]
    fig = go.Figure(go.Bar(
        x=data["aandeel"], y=data["segment"], orientation="h", marker_color=COLORS["realisatie"],
        text=labels, textposition="outside", cliponaxis=False, customdata=labels,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    ))
    fig.update_layout(xaxis_tickformat=".0%", xaxis_title="Aandeel in de realisatie", showlegend=False,
                      xaxis_range=[0, max(0.1, float(data["aandeel"].max()) * 1.35)])
    return _finish(fig, title, bron, voorbeeld, height=max(360, 40 * len(data) + 170))
