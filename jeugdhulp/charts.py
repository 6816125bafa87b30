"""Chart builders: pure functions DataFrame -> plotly Figure, Dutch formatting applied in one
place (`_finish`), with the source line and, for example data, a visible mark in the figure itself
(so a PNG or a slide carries it too).

plotly renders a subset of HTML (<a href>, <b>, <br>) in titles, labels and hover texts: every text that can
come from a file (names of gemeenten, segments, providers, groups; titles and sources built from them)
passes through safe.plotly_text here, so callers pass plain text.

It is longer than 300 lines because every chart builder shares one set of colours, Dutch formats and the
source line, kept in this one place."""

from __future__ import annotations

import json
import math
import textwrap
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from jeugdhulp import fmt, kpi
from jeugdhulp.safe import plotly_text as _t
from jeugdhulp.safe import plotly_texts as _ts

EXAMPLE_MARK = "VOORBEELDDATA (FICTIEF)"
# € mln ticks: up to two decimals, trailing zeros dropped (0,5 · 1 · 1,5), never '0 1 1 2 2' from rounding half steps.
MLN_TICKS = ",.2~f"
# Colours that every reader can tell apart: the categorical palette is Okabe & Ito's ("Color Universal Design",
# 2008), in their hex values, strongest first. Under simulated protanopia, deuteranopia and tritanopia (Machado
# 2009) every pair stays at least CIEDE2000 10 apart (tests/test_accessibility.py computes it).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Named series. Those that also colour text (the region line's label, '<5' marks) are dark enough for 4,5:1 on
# white: Okabe-Ito blue, and vermilion darkened to #B84E00; the comparable gemeenten a neutral dark grey.
COLORS = {
    "realisatie": "#0072B2",
    "begroting": "#56B4E9",
    "selectie": "#0072B2",
    "regio": "#B84E00",
    "bron": "#009E73",
    "vergelijkbaar": "#4D4D4D",
    "overig": "#A9B7C4",      # bars of the gemeenten not selected
    "doel": "#1c2530",        # a target and the path to it: near black, never the region's orange
}
# One colour and line style per statistic on every page (a median is always blue and solid, p90 always purple).
STAT_COLORS = {"mediaan": "#0072B2", "p90": "#CC79A7", "gemiddeld": "#009E73"}
STAT_DASH = {"mediaan": "solid", "p90": "dash", "gemiddeld": "dot"}
# Text colours on white (all at least 4,5:1; tests/test_accessibility.py): body text, the source line, notes.
TEXT_COLOR = "#1c2530"
MUTED_TEXT_COLOR = "#4a5663"
AXIS_LINE_COLOR = "#9aa5b1"
EXAMPLE_TEXT_COLOR = "#8a4b00"
EXAMPLE_BACKGROUND = "#fff1d6"
# More categories than colours (free-text stances in a consultation file): the colours come round again with a
# hatching, so every category stays distinguishable and no number of categories is too many.
PATTERNS = ["", "/", "\\", "x", ".", "-", "|", "+"]
# A text from a file never goes into a hovertemplate itself: plotly would read "%{...}" in it as a field.
# It is the trace's name (escaped by _t) and the template refers to it.
TRACE_NAME = "<extra>%{fullData.name}</extra>"
# "Source Sans" is the app's own font in Streamlit 1.67; drawn with theme=None a chart names it itself.
FONT = dict(family="Source Sans, Source Sans Pro, Arial, sans-serif", size=15, color=TEXT_COLOR)
# plotly.js fetches a base-map topojson from cdn.plot.ly for every geo trace, even when the shapes come
# from our own GeoJSON and the base map is hidden: offline (a venue laptop, CI) the map then stays empty.
# An empty topology served as a data: URL satisfies that fetch without any network.
OFFLINE_TOPOJSON_URL = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
LOCALE_PATH = Path(__file__).resolve().parent.parent / "data" / "external" / "plotly-locale-nl.json"
# The toolbar in plain Dutch: plotly.js's own nl locale (data/external/plotly-locale-nl.json) lacks most toolbar
# buttons and says "plot"; these win over it.
TOOLBAR_NL = {
    "Download plot as a PNG": "Download de grafiek als PNG-afbeelding",
    "Download plot": "Download de grafiek",
    "Zoom": "Inzoomen op een gebied (sleep)",
    "Pan": "Verschuiven (sleep)",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Autoscale": "Alles tonen",
    "Reset axes": "Terug naar het begin",
    "Reset view": "Terug naar het begin",
    "Reset views": "Terug naar het begin",
    "Box Select": "Selecteren met een rechthoek",
    "Lasso Select": "Selecteren met een lasso",
    "Toggle Spike Lines": "Hulplijnen aan of uit",
    "Show closest data on hover": "Toon de waarde onder de muis",
    "Compare data on hover": "Vergelijk de waarden onder de muis",
    "Double-click to zoom back out": "Dubbelklik om terug te zoomen",
}


def _locale_nl() -> dict:
    locale = json.loads(LOCALE_PATH.read_text(encoding="utf-8"))
    return {"dictionary": {**locale["dictionary"], **TOOLBAR_NL}, "format": locale["format"]}


PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": OFFLINE_TOPOJSON_URL, "locale": "nl",
                 "locales": {"nl": _locale_nl()}}


# layout.meta key under which a figure keeps the note about its hidden values (tables.hidden_note), so that a
# slide made from the figure — slide view, offline HTML, PowerPoint — prints the same line under the chart.
HIDDEN_NOTE_META = "verborgen"
# A figure that PowerPoint cannot draw natively (small multiples) carries its table here: the deck shows that.
TABLE_META = "tabel"


def with_hidden_note(fig: go.Figure, note: str) -> go.Figure:
    """The figure carrying `note` (empty: nothing hidden, nothing kept)."""
    if note:
        meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
        fig.update_layout(meta={**meta, HIDDEN_NOTE_META: note})
    return fig


def with_table(fig: go.Figure, table: pd.DataFrame) -> go.Figure:
    """The figure carrying `table` (columns as shown) for the PowerPoint export to set as a table."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(meta={**meta, TABLE_META: table.astype(str).to_dict(orient="split")})
    return fig


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _pattern(index: int) -> str:
    return PATTERNS[(index // len(PALETTE)) % len(PATTERNS)]


def _dash(index: int) -> str:
    """Lines beyond the palette: the colours again, dashed."""
    return ["solid", "dash", "dot", "dashdot"][(index // len(PALETTE)) % 4]


TITLE_LINE = 80     # characters of a chart title on one line


def _finish(fig: go.Figure, title: str, bron: str, voorbeeld: bool | str, height: int = 440) -> go.Figure:
    """Title, source, Dutch numbers and layout; `voorbeeld` True marks example data, a text marks a chart
    that is partly example (tables.example_label)."""
    # The source sits under the title as a subtitle: it can never collide with a long legend.
    source = "Bron: " + _t(bron or "onbekend")
    source_lines = "<br>".join(textwrap.wrap(source, 140)[:2])
    # A title longer than a line of the page's column (at a projector's 1280 px with the sidebar) wraps instead of
    # being cut off at the chart's edge; a slide's title reads the breaks as spaces (safe.plotly_plain).
    title_lines = textwrap.wrap(_t(title), TITLE_LINE, break_long_words=False, break_on_hyphens=False) or [""]
    top = (96 if "<br>" in source_lines else 80) + 26 * (len(title_lines) - 1)
    fig.update_layout(
        title=dict(text="<br>".join(title_lines), font=dict(size=19), x=0, xanchor="left",
                   subtitle=dict(text=source_lines, font=dict(size=12, color=MUTED_TEXT_COLOR))),
        separators=fmt.PLOTLY_SEPARATORS,
        font=FONT,
        height=height,
        margin=dict(l=10, r=20, t=top + (24 if voorbeeld else 0), b=40),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, title_text="", font=dict(color=TEXT_COLOR)),
        plot_bgcolor="white",
        hoverlabel=dict(font_size=15),
        # Years passed as text ("2022") are categories: plotly would read them as numbers and, with few years,
        # put ticks at 2.021,5 and 2.022,5 between them.
        autotypenumbers="strict",
    )
    # Axis texts in the text colour, set here rather than left to a theme: Streamlit's chart theme greys them to
    # rgb(128,132,149), 3,7:1 on white (dashboard.ui.chart draws with theme=None as well).
    # automargin: room for tick labels and axis titles, which no theme template gives any more.
    axis_text = dict(tickfont=dict(size=14, color=TEXT_COLOR), title_font=dict(size=15, color=TEXT_COLOR),
                     automargin=True)
    fig.update_xaxes(showgrid=False, linecolor=AXIS_LINE_COLOR, **axis_text)
    fig.update_yaxes(gridcolor="#e3e8ee", zerolinecolor=AXIS_LINE_COLOR, **axis_text)
    # A value axis without a format of its own groups thousands (1.000, never plotly's 1000 below 10.000); a
    # category axis ignores it.
    if fig.layout.yaxis.tickformat is None:
        fig.update_yaxes(tickformat=",~f")
    if voorbeeld:
        # The mark in a strip of its own above the title: beside it, a long title (or a legend on the right, which
        # narrows the plot the mark is aligned to) would run under the mark. At the left: the chart's toolbar
        # appears at the top right on hover and would cover it.
        # A title of more lines sits higher (plotly drops its first line's cap shift): pad it down by a line.
        fig.update_layout(title=dict(y=1, yref="container", yanchor="top",
                                     pad=dict(t=30 + (24 if len(title_lines) > 1 else 0))))
        mark = _t(voorbeeld.upper()) if isinstance(voorbeeld, str) else EXAMPLE_MARK
        fig.add_annotation(text=mark, xref="paper", yref="paper", x=0, y=1.0, xanchor="left",
                           yanchor="bottom", yshift=top + 24 - 26, showarrow=False,
                           font=dict(size=13, color=EXAMPLE_TEXT_COLOR), bgcolor=EXAMPLE_BACKGROUND,
                           bordercolor="#c8702a",
                           borderpad=4)
    elif len(title_lines) > 1:
        # Without the mark plotly centres a title in the top margin; one of more lines is held at the top instead, so
        # it cannot reach down to the source line and the plot.
        fig.update_layout(title=dict(y=1, yref="container", yanchor="top", pad=dict(t=24)))
    return fig


finish = _finish   # for the chart modules beside this one (charts_landelijk)


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=16), xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title=dict(text=_t(title), x=0), height=260, plot_bgcolor="white", font=FONT)
    return fig


empty = _empty


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
    # Years in order even when the first trace (begroting) lacks the earliest year.
    fig.update_layout(barmode="group", yaxis_title="€ mln", yaxis_tickformat=MLN_TICKS,
                      xaxis_categoryorder="category ascending")
    return _finish(fig, title, bron, voorbeeld)


def uitgaven_per_jaar(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool) -> go.Figure:
    """Spend per year: the selection's begroting and realisatie as lines, and figures from a public document
    (rows with `openbaar`) as separate markers with a legend entry of their own, never joined to those lines
    (frame: jaar, soort, reeks, bedrag_eur, openbaar)."""
    if frame.empty:
        return _empty(title, "Geen uitgaven voor deze selectie.")
    fig = go.Figure()
    for reeks, part in frame.groupby("reeks", sort=False):
        document = bool(part["openbaar"].iloc[0])
        soort = part["soort"].iloc[0]
        hover = [fmt.eur(v) for v in part["bedrag_eur"]]
        if document:
            fig.add_scatter(x=part["jaar"].astype(str), y=part["bedrag_eur"] / 1e6, name=_t(reeks), mode="markers",
                            marker=dict(symbol="diamond" if soort == "realisatie" else "diamond-open", size=16,
                                        color=COLORS["bron"], line=dict(width=2, color=COLORS["bron"])),
                            customdata=hover, hovertemplate="%{x}: %{customdata}" + TRACE_NAME)
        else:
            fig.add_scatter(x=part["jaar"].astype(str), y=part["bedrag_eur"] / 1e6, name=_t(reeks),
                            mode="lines+markers", line=dict(color=COLORS.get(soort, COLORS["realisatie"]), width=3,
                                                            dash="solid" if soort == "realisatie" else "dash"),
                            marker=dict(size=8), customdata=hover, hovertemplate="%{x}: %{customdata}" + TRACE_NAME)
    fig.update_layout(yaxis_title="€ mln", yaxis_tickformat=MLN_TICKS, yaxis_rangemode="tozero",
                      xaxis_categoryorder="category ascending")
    return _finish(fig, title, bron, voorbeeld)


def per_jeugdige_trend(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool, selectie_label: str,
                       regio_label: str = "Hele regio") -> go.Figure:
    """Lines per year: realisatie per youth 0-17 of the selection against the region (`regio_label` says when
    that is only the gemeenten with figures). Where both are the same, one line, named after the selection."""
    data = frame[frame["soort"] == "realisatie"]
    if data.empty:
        return _empty(title, "Geen uitgaven voor deze selectie.")
    if data[["selectie_eur_per_jeugdige", "regio_eur_per_jeugdige"]].isna().all().all():
        return _empty(title, "Geen inwoners van 0-17 jaar voor deze jaren.<br>Een controller kan ze inlezen "
                             "(soort 'Gemeenten', kolom jeugdigen 0-17).")
    fig = go.Figure()
    lines = [("selectie_eur_per_jeugdige", _t(selectie_label), COLORS["selectie"]),
             ("regio_eur_per_jeugdige", _t(regio_label), COLORS["regio"])]
    if data["selectie_eur_per_jeugdige"].round(6).equals(data["regio_eur_per_jeugdige"].round(6)):
        # One line, not two on top of each other: the whole region, or gemeenten that are all the region has
        # figures for (then named: "Hele regio" would claim gemeenten without figures).
        lines = lines[1:] if selectie_label.startswith("Regio ") else lines[:1]
    for column, label, color in lines:
        fig.add_scatter(
            x=data["jaar"].astype(str), y=data[column], name=label, mode="lines+markers", connectgaps=False,
            line=dict(color=color, width=3), marker=dict(size=9),
            customdata=[fmt.eur(v) for v in data[column]],
            hovertemplate="%{x}: %{customdata}" + TRACE_NAME,
        )
    # From zero: a 4% rise must not look steep, and one year must not zoom in on a single point (€ 1.316 four times).
    fig.update_layout(yaxis_title="€ per jeugdige (0-17 jaar)", yaxis_tickformat=",.0f", yaxis_tickprefix="€ ",
                      yaxis_rangemode="tozero")
    return _finish(fig, title, bron, voorbeeld)


def per_gemeente(frame: pd.DataFrame, value: str, title: str, bron: str, voorbeeld: bool, axis_title: str,
                 highlight: list[str], kind: str = "eur", average: float | None = None,
                 average_label: str = "") -> go.Figure:
    """Horizontal bars per gemeente, the selected gemeenten highlighted; masked values say '<5'."""
    if frame.empty:
        return _empty(title, "Geen gegevens voor deze selectie.")
    data = frame.sort_values(value, ascending=True, na_position="first", kind="stable")
    selected = [code in highlight for code in data["gemeente_code"]]
    colors = [COLORS["selectie"] if chosen else COLORS["overig"] for chosen in selected]
    labels = [_value_text(v, kind) for v in data[value]]
    small_column = next((c for c in data.columns if c.endswith("_klein")), None)
    small = data[small_column].fillna(False).astype(bool) if small_column else pd.Series(False, index=data.index)
    labels = ["<5 jeugdigen" if s else label for s, label in zip(small, labels, strict=True)]
    fig = go.Figure(go.Bar(
        x=data[value].where(~small), y=_ts(data["gemeente"]), orientation="h", marker_color=colors,
        # Values at the end inside their bar (outside only when a bar is too short), white on blue, dark text on
        # grey, both at least 4,5:1.
        text=labels, textposition="auto", insidetextanchor="end", cliponaxis=False, customdata=labels,
        insidetextfont=dict(color=["white" if chosen else TEXT_COLOR for chosen in selected]),
        outsidetextfont=dict(color=TEXT_COLOR),
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    ))
    _small_labels(fig, data.loc[small, "gemeente"], "<5 jeugdigen")
    if average is not None and pd.notna(average):
        average_text = fmt.eur(average) if kind == "eur" else fmt.number(average, 1)
        # Under the bars (layer below): the line shows between them and never runs through a value's text.
        fig.add_vline(x=average, line=dict(color=COLORS["regio"], width=2, dash="dash"), layer="below")
        # The label above the plot area, on white, so no bar or value runs under it.
        fig.add_annotation(x=average, y=1.0, yref="paper", yanchor="bottom", yshift=4, showarrow=False,
                           text=f"{_t(average_label)}: {average_text}", font=dict(color=COLORS["regio"], size=13),
                           bgcolor="white")
    # Rates such as 1,5 per 1.000 need decimals on the axis; "~" drops the needless ones (0, 0,5, 1).
    fig.update_layout(xaxis_title=axis_title, xaxis_tickformat=",.0f" if kind in ("eur", "count") else ",.2~f",
                      showlegend=False)
    height = max(360, 34 * len(data) + 170)
    return _finish(fig, title, bron, voorbeeld, height=height)


def _small_labels(fig: go.Figure, categories: pd.Series, text: str) -> None:
    """A hidden bar is no bar (its value missing, never 0): its '<5' stands at the axis as text. meta="klein": a
    label, not a value (the PowerPoint export leaves it out and keeps the bar's cell empty)."""
    if categories.empty:
        return
    fig.add_scatter(x=[0] * len(categories), y=_ts(categories), mode="text", text=[text] * len(categories),
                    textposition="middle right", meta="klein", showlegend=False, cliponaxis=False,
                    textfont=dict(color=MUTED_TEXT_COLOR), hovertemplate="%{y}: minder dan 5 jeugdigen<extra></extra>")


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
        # A hidden count as null, not NaN: plotly.js stacks every later segment of that year from 0 after a NaN
        # (a typed array keeps NaN), drawing it over the segments below.
        fig.add_bar(x=part["jaar"].astype(str), y=[None if pd.isna(v) else float(v) for v in values],
                    name=_t(segment), customdata=hover,
                    marker_color=_colour(index), marker_pattern_shape=_pattern(index),
                    hovertemplate="%{x}: %{customdata}" + TRACE_NAME)
    fig.update_layout(barmode="stack", yaxis_title=axis_title, yaxis_tickformat=MLN_TICKS if "mln" in axis_title else ",.0f",
                      xaxis_categoryorder="category ascending", yaxis_rangemode="tozero")
    if kind != "eur" and frame.groupby("jaar")[value].sum(min_count=1).fillna(0).max() < fmt.SMALL_COUNT:
        # Nothing drawn above 4 (every count hidden as "<5"): plotly's own axis ran from -1 to 1 in half steps,
        # read as 1, 1, 0, -1, -1. Counts in whole steps from 0 to 5 instead.
        fig.update_layout(yaxis_range=[0, fmt.SMALL_COUNT], yaxis_dtick=1)
    small_column = f"{value}_klein"
    if kind != "eur" and small_column in frame:
        # Masked counts are not drawn; say above each bar how many segments were left out. A text trace, not
        # annotations: plotly.js reads an annotation's x "2019" as the number 2019 on this category axis and
        # stretched the axis to ~2077, squashing every bar into one line. meta="klein": PowerPoint leaves it out
        # of the chart and names its hover texts in the speaker notes.
        totals = frame.groupby("jaar")[value].sum(min_count=1).fillna(0)
        masked = frame[frame[small_column].fillna(False).astype(bool)].groupby("jaar").size().sort_index()
        if not masked.empty:
            fig.add_scatter(
                x=[str(year) for year in masked.index], y=[float(totals.get(year, 0)) for year in masked.index],
                mode="text", text=[f"+{count}× <5" for count in masked], textposition="top center",
                textfont=dict(size=12, color=MUTED_TEXT_COLOR), meta="klein", showlegend=False, cliponaxis=False,
                hovertext=[f"{year}: {count} {'segment' if count == 1 else 'segmenten'} met minder dan 5 {value}, "
                           "niet getekend" for year, count in masked.items()],
                hovertemplate="%{hovertext}<extra></extra>")
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
        x=data["aandeel"], y=_ts(data["segment"]), orientation="h", marker_color=COLORS["realisatie"],
        text=labels, textposition="outside", cliponaxis=False, customdata=labels,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    ))
    fig.update_layout(xaxis_tickformat=".0%", xaxis_title="Aandeel in de realisatie", showlegend=False,
                      xaxis_range=[0, max(0.1, float(data["aandeel"].max()) * 1.35)])
    return _finish(fig, title, bron, voorbeeld, height=max(360, 40 * len(data) + 170))


def stats_per_year(frame: pd.DataFrame, lines: list[tuple[str, str]], title: str, bron: str, voorbeeld: bool,
                   axis_title: str, group: str | None = None) -> go.Figure:
    """Lines per year for statistics such as median and p90 (frame: jaar, <stat columns>[, group]);
    with `group`, one line per group for the first statistic (e.g. per purchasing model). A year whose statistic
    is withheld (too few cases) stays in the line as a gap."""
    data = frame
    if data.empty or data[lines[0][0]].isna().all():
        return _empty(title, f"Te weinig gegevens voor deze selectie: een cijfer vraagt minstens {kpi.MIN_CASES_STATISTICS} "
                                   "gevallen in gemeenten en segmenten met 5 of meer.")
    fig = go.Figure()
    if group is None:
        for index, (column, label) in enumerate(lines):
            # A statistic keeps its colour and line style on every chart (STAT_COLORS), whatever its position.
            fig.add_scatter(x=data["jaar"].astype(str), y=data[column], name=label, mode="lines+markers",
                            connectgaps=False,
                            line=dict(color=STAT_COLORS.get(column, _colour(index)), width=3,
                                      dash=STAT_DASH.get(column, "solid" if index == 0 else "dot")),
                            customdata=[fmt.number(v, 1) for v in data[column]],
                            hovertemplate="%{x}: %{customdata} dagen" + TRACE_NAME)
    else:
        column, label = lines[0]
        for index, (name, part) in enumerate(data.groupby(group, sort=True)):
            fig.add_scatter(x=part["jaar"].astype(str), y=part[column], name=_t(str(name)), mode="lines+markers",
                            connectgaps=False, line=dict(color=_colour(index), width=3, dash=_dash(index)),
                            customdata=[fmt.number(v, 1) for v in part[column]],
                            hovertemplate="%{x}: %{customdata}" + TRACE_NAME)
    fig.update_layout(yaxis_title=axis_title, yaxis_tickformat=",.0f", yaxis_rangemode="tozero")
    return _finish(fig, title, bron, voorbeeld)


def box_per_segment(frame: pd.DataFrame, title: str, bron: str, voorbeeld: bool, axis_title: str,
                    gevallen: tuple[str, str] = ("traject", "trajecten")) -> go.Figure:
    """Distributions per segment as boxes from precomputed quantiles (p10, p25, median, p75, p90); each segment
    says how many cases it counts in words ('Wonen (531 trajecten)'), not as a statistician's n."""
    data = frame.dropna(subset=["mediaan"]).sort_values("volgorde", ascending=False)
    if data.empty:
        return _empty(title, f"Te weinig gegevens voor deze selectie: een cijfer vraagt minstens {kpi.MIN_CASES_STATISTICS} "
                                   "gevallen in gemeenten en segmenten met 5 of meer.")
    fig = go.Figure()
    for _, row in data.iterrows():
        label = f"{_t(row['segment'])} ({fmt.aantal(int(row['aantal']), *gevallen)})"
        fig.add_trace(go.Box(
            y=[label], q1=[row["p25"]], median=[row["mediaan"]], q3=[row["p75"]], lowerfence=[row["p10"]],
            upperfence=[row["p90"]], mean=[row["gemiddeld"]], orientation="h", name=label, showlegend=False,
            marker_color=STAT_COLORS["mediaan"], boxmean=True, meta=[_t(row["segment"])],
            hovertemplate=(f"%{{meta[0]}}<br>mediaan {fmt.number(row['mediaan'], 0)} dagen<br>"
                           f"25-75%: {fmt.number(row['p25'], 0)}-{fmt.number(row['p75'], 0)} dagen<br>"
                           f"10-90%: {fmt.number(row['p10'], 0)}-{fmt.number(row['p90'], 0)} dagen<extra></extra>"),
        ))
    fig.update_layout(xaxis_title=axis_title, xaxis_tickformat=",.0f", xaxis_rangemode="tozero")
    return _finish(fig, title, bron, voorbeeld, height=max(360, 48 * len(data) + 170))


def bars(frame: pd.DataFrame, category: str, value: str, title: str, bron: str, voorbeeld: bool, axis_title: str,
         kind: str = "count") -> go.Figure:
    """Horizontal bars of one value per category, in the frame's order (top to bottom); masked counts say '<5'."""
    if frame.empty:
        return _empty(title, "Geen gegevens voor deze selectie.")
    data = frame.iloc[::-1]
    small = data.get(f"{value}_klein", pd.Series(False, index=data.index)).fillna(False)
    def label(v: float) -> str:
        return fmt.count(v) if kind == "count" else fmt.number(v, 0 if kind == "int" else 1)

    labels = ["<5" if s else label(v) for s, v in zip(small, data[value], strict=True)]
    fig = go.Figure(go.Bar(x=data[value].where(~small.astype(bool)), y=_ts(data[category]), orientation="h",
                           marker_color=COLORS["selectie"], text=labels, textposition="outside", cliponaxis=False,
                           customdata=labels, hovertemplate="%{y}: %{customdata}<extra></extra>"))
    _small_labels(fig, data.loc[small.astype(bool), category], "<5")
    fig.update_layout(xaxis_title=axis_title, xaxis_tickformat=",.0f", showlegend=False)
    if kind in ("count", "int") and data[value].max(skipna=True) < 10:
        fig.update_xaxes(dtick=1)    # whole steps: ",.0f" on ticks 0, 0.5, 1, ... would print 0 1 1 2 2
    return _finish(fig, title, bron, voorbeeld, height=max(360, 34 * len(data) + 170))


def doel_traject(series: pd.DataFrame, basisjaar: int, doeljaar: int, basis: float | None, doel: float | None,
                 helling: float | None, prognose: float | None, title: str, bron: str, voorbeeld: bool,
                 axis_title: str) -> go.Figure:
    """Actual yearly values (a hidden one a gap in the line), the straight path from base to target, and the trend
    projected to the target year."""
    data = series
    small = data.get("waarde_klein", pd.Series(False, index=data.index)).fillna(False)
    if data["waarde"].isna().all():
        return _empty(title, f"Minder dan {fmt.SMALL_COUNT} jeugdigen in elk jaar: de aantallen worden niet getoond."
                      if small.any() else "Geen gegevens voor deze selectie.")
    fig = go.Figure()
    fig.add_scatter(x=data["jaar"], y=data["waarde"], name="Werkelijk", mode="lines+markers", connectgaps=False,
                    line=dict(color=COLORS["selectie"], width=3), marker=dict(size=9),
                    customdata=["<5" if s else fmt.count(v) for s, v in zip(small, data["waarde"], strict=True)],
                    hovertemplate="%{x}: %{customdata} jeugdigen<extra>werkelijk</extra>")
    if basis is not None and doel is not None and not pd.isna(basis):
        fig.add_scatter(x=[basisjaar, doeljaar], y=[basis, doel], name=f"Pad naar het doel ({basisjaar}-{doeljaar})",
                        mode="lines+markers", line=dict(color=COLORS["doel"], width=2, dash="dash"),
                        marker=dict(symbol=["circle", "star"], size=[9, 16]),
                        customdata=[fmt.number(basis, 0), fmt.number(doel, 0)],
                        hovertemplate="%{x}: %{customdata}<extra>pad naar het doel</extra>")
    if helling is not None and prognose is not None and not pd.isna(prognose):
        # The fitted line over the judged years, continued to the target year.
        start_value = max(0.0, prognose - helling * (doeljaar - basisjaar))
        fig.add_scatter(x=[basisjaar, doeljaar], y=[start_value, prognose], name="Trend",
                        mode="lines", line=dict(color=COLORS["bron"], width=3, dash="dot"),
                        customdata=[fmt.number(start_value, 0), fmt.number(prognose, 0)],
                        hovertemplate="%{x}: %{customdata}<extra>trend</extra>")
    fig.update_layout(yaxis_title=axis_title, yaxis_tickformat=",.0f", yaxis_rangemode="tozero",
                      xaxis=dict(tickformat="d", dtick=1))
    return _finish(fig, title, bron, voorbeeld)


def lines_per_group(frame: pd.DataFrame, group: str, value: str, title: str, bron: str, voorbeeld: bool,
                    axis_title: str, decimals: int = 0) -> go.Figure:
    """One line per group (e.g. purchasing model) over the years; masked values are gaps."""
    data = frame
    if data.empty:
        return _empty(title, "Geen gegevens voor deze selectie.")
    fig = go.Figure()
    for index, (name, part) in enumerate(data.groupby(group, sort=True)):
        fig.add_scatter(x=part["jaar"], y=part[value], name=_t(str(name)), mode="lines+markers",
                        line=dict(color=_colour(index), width=3, dash=_dash(index)), connectgaps=False,
                        customdata=[fmt.number(v, decimals) for v in part[value]],
                        hovertemplate="%{x}: %{customdata}" + TRACE_NAME)
    fig.update_layout(yaxis_title=axis_title, yaxis_rangemode="tozero", xaxis=dict(tickformat="d", dtick=1))
    return _finish(fig, title, bron, voorbeeld)


def heatmap(frame: pd.DataFrame, row: str, column: str, value: str, title: str, bron: str, column_names: dict[str, str],
            column_order: list[str] | None = None) -> go.Figure:
    """A count per row and column (e.g. points per gemeente and theme), the number written in each cell. With more
    columns than rows (twenty themes, ten gemeenten) the chart is turned: the columns' long labels run down the side,
    horizontal, rather than rotated under narrow columns (the PowerPoint table follows the same rule)."""
    if frame.empty:
        return _empty(title, "Geen punten voor deze selectie.")
    table = frame.pivot_table(index=row, columns=column, values=value, aggfunc="sum", fill_value=0)
    if column_order:
        table = table.reindex(columns=[c for c in column_order if c in table.columns])
    table.columns = [column_names.get(c, c) for c in table.columns]
    turned = len(table.columns) > len(table.index)
    grid = (table.T if turned else table).iloc[::-1]      # the first row on top
    across, down = [str(c) for c in grid.columns], [str(r) for r in grid.index]
    # The labels across wrapped over lines, horizontal where they fit (~100 characters side by side); plotly turns
    # them only when they still collide. ticktext only: the trace keeps the plain names (hover, PowerPoint).
    width = max(8, min(18, 120 // max(1, len(across))))
    lines = [textwrap.wrap(label, width, break_long_words=False) or [""] for label in across]
    wrapped = ["<br>".join(_ts(label_lines)) for label_lines in lines]
    fits = all(len(line) <= width for label_lines in lines for line in label_lines)
    text = [[str(int(v)) if v else "" for v in values] for values in grid.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=_ts(across), y=_ts(down), text=text, texttemplate="%{text}",
        # zmin 0: white means no points; the lowest count must be light blue, never white (with no zero in the
        # grid, plotly would put the scale's white end at the smallest count).
        colorscale=[[0, "#ffffff"], [0.001, "#e3edf5"], [1, COLORS["selectie"]]], zmin=0,
        zmax=max(1, float(grid.to_numpy().max())), showscale=False,
        xgap=2, ygap=2,
        customdata=[[fmt.aantal(int(v), "punt", "punten") for v in values] for values in grid.to_numpy()],
        hovertemplate=("%{x} · %{y}" if turned else "%{y} · %{x}") + ": %{customdata}<extra></extra>",
        textfont=dict(size=14),
    ))
    fig.update_xaxes(side="bottom", showgrid=False, tickmode="array", tickvals=_ts(across), ticktext=wrapped,
                     tickangle=0 if fits else None, tickfont_size=11 if len(across) > 8 else 14)
    fig.update_yaxes(showgrid=False)
    return _finish(fig, title, bron, False, height=max(380, 34 * len(grid) + 260))


def stacked_counts(frame: pd.DataFrame, category: str, parts: dict[str, str], title: str, bron: str,
                   axis_title: str) -> go.Figure:
    """Horizontal stacked bars of counts per category (e.g. stances per theme)."""
    if frame.empty:
        return _empty(title, "Geen punten voor deze selectie.")
    data = frame.iloc[::-1]
    fig = go.Figure()
    for index, (column, label) in enumerate(parts.items()):
        if column not in data:
            continue
        fig.add_bar(x=data[column], y=_ts(data[category]), name=_t(label), orientation="h",
                    marker_color=_colour(index), marker_pattern_shape=_pattern(index),
                    customdata=[fmt.aantal(int(v), "punt", "punten") for v in data[column]],
                    hovertemplate="%{y}: %{customdata}" + TRACE_NAME)
    fig.update_layout(barmode="stack", xaxis_title=axis_title, xaxis_tickformat=",d")
    return _finish(fig, title, bron, False, height=max(380, 30 * len(data) + 200))


# --- gemeenteprofiel ------------------------------------------------------------------------

GROEP_COLORS = {"gemeente": COLORS["selectie"], "regio": COLORS["regio"], "vergelijkbaar": COLORS["vergelijkbaar"]}
GROEP_DASH = {"gemeente": "solid", "regio": "dash", "vergelijkbaar": "dot"}
GRENZEN_PATH = Path(__file__).resolve().parent.parent / "data" / "external" / "gemeente_2025.geojson"
NO_DATA_COLOR = "#dcdcdc"
# Light blue to dark blue, without the near-white end of "Blues": the lowest value must not read as "no data".
KAART_SCALE = [[0, "#c6dbef"], [0.5, "#4292c6"], [1, "#08306b"]]
HIGHLIGHT_COLOR = "#e8590c"


def _value_text(value: float | None, kind: str) -> str:
    if kind == "eur":
        return fmt.eur(value)
    if kind == "count":
        return fmt.count(value)
    return fmt.number(value, 1)


def vergelijking_trend(frame: pd.DataFrame, value: str, labels: dict[str, str], title: str, bron: str,
                       voorbeeld: bool, axis_title: str, kind: str = "eur", small: str | None = None,
                       unit: str = "") -> go.Figure:
    """One line per groep (gemeente, regio, vergelijkbaar) over the years (frame: jaar, groep, <value>);
    a year whose count was under 5 is a gap, marked with a cross on the axis that says '<5'."""
    data = frame.dropna(subset=[value])
    if data.empty:
        return _empty(title, "Geen gegevens voor deze selectie.")
    fig = go.Figure()
    for groep, label in labels.items():
        part, label = frame[frame["groep"] == groep], _t(label)
        hides = small is not None and small in part and bool(part[small].fillna(False).astype(bool).any())
        if part.empty or (part[value].isna().all() and not hides):
            continue   # no line at all (e.g. left out for its other status): no legend entry either
        fig.add_scatter(x=part["jaar"], y=part[value], name=label, mode="lines+markers", connectgaps=False,
                        line=dict(color=GROEP_COLORS[groep], width=3 if groep == "gemeente" else 2.5,
                                  dash=GROEP_DASH[groep]),
                        marker=dict(size=9 if groep == "gemeente" else 7),
                        customdata=[_value_text(v, kind) + unit for v in part[value]],
                        hovertemplate="%{x}: %{customdata}" + TRACE_NAME)
        hidden = part[part[small].fillna(False).astype(bool)] if small and small in part else part.iloc[0:0]
        if not hidden.empty:
            # meta="klein": a marker, not a value (the PowerPoint export leaves it out; the year stays a gap).
            fig.add_scatter(x=hidden["jaar"], y=[0] * len(hidden), mode="markers+text", showlegend=False, cliponaxis=False,
                            meta="klein", name=label,
                            marker=dict(symbol="x-thin", size=12, line=dict(width=2, color=GROEP_COLORS[groep])),
                            text=["<5"] * len(hidden), textposition="top center",
                            textfont=dict(size=12, color=GROEP_COLORS[groep]),
                            hovertemplate="%{x}: minder dan 5 jeugdigen" + TRACE_NAME)
    tickformat = ",.0f" if kind in ("eur", "count") else ",.1f"
    fig.update_layout(yaxis_title=axis_title, yaxis_tickformat=tickformat, yaxis_rangemode="tozero",
                      xaxis=dict(tickformat="d", dtick=1), yaxis_tickprefix="€ " if kind == "eur" else "")
    return _finish(fig, title, bron, voorbeeld)


def vorm_mix(frame: pd.DataFrame, labels: dict[str, str], title: str, bron: str, voorbeeld: bool) -> go.Figure:
    """Grouped horizontal bars: each group's share of realisatie per vorm (frame: groep, vorm_naam,
    volgorde, aandeel, realisatie_eur), vormen in their fixed order from top to bottom."""
    if frame.empty or frame["realisatie_eur"].fillna(0).sum() == 0:
        return _empty(title, "Geen realisatie voor deze selectie.")
    order = frame.sort_values("volgorde")["vorm_naam"].drop_duplicates().tolist()
    fig = go.Figure()
    # With the category axis reversed (first vorm on top), the first group added is also the top bar.
    for groep, label in labels.items():
        part, label = frame[frame["groep"] == groep].set_index("vorm_naam").reindex(order), _t(label)
        if part["aandeel"].isna().all():
            continue
        texts = ["" if pd.isna(a) else fmt.pct(a) for a in part["aandeel"]]
        hover = ["geen realisatie" if pd.isna(a) else f"{fmt.pct(a)} ({fmt.eur_compact(v)})"
                 for a, v in zip(part["aandeel"], part["realisatie_eur"], strict=True)]
        fig.add_bar(x=part["aandeel"], y=_ts(order), orientation="h", name=label, marker_color=GROEP_COLORS[groep],
                    text=texts, textposition="outside", cliponaxis=False, customdata=hover,
                    textfont=dict(size=12), hovertemplate="%{y}: %{customdata}" + TRACE_NAME)
    fig.update_layout(barmode="group", bargap=0.25, xaxis_tickformat=".0%", xaxis_title="Aandeel in de realisatie",
                      xaxis_range=[0, max(0.1, float(frame["aandeel"].max()) * 1.2)],
                      yaxis=dict(autorange="reversed"))
    return _finish(fig, title, bron, voorbeeld, height=max(420, 26 * 3 * len(order) + 200))


@cache
def _grenzen() -> str:
    return GRENZEN_PATH.read_text(encoding="utf-8")


def gemeentegrenzen(codes: tuple[str, ...] | None = None) -> dict:
    """The simplified 2025 municipality boundaries (CBS/PDOK via cartomap/nl), read once per process;
    a fresh dict per call (a figure may keep it), limited to `codes` when given."""
    grenzen = json.loads(_grenzen())
    if codes is not None:
        wanted = set(codes)
        grenzen["features"] = [f for f in grenzen["features"] if f["properties"]["statcode"] in wanted]
    return grenzen


def _extent(grenzen: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """(west, east), (south, north) of all features (GeoJSON Polygon / MultiPolygon, lon-lat)."""
    points = [point for feature in grenzen["features"]
              for polygon in (feature["geometry"]["coordinates"] if feature["geometry"]["type"] == "MultiPolygon"
                              else [feature["geometry"]["coordinates"]])
              for ring in polygon for point in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons), max(lons)), (min(lats), max(lats))


def kaart(frame: pd.DataFrame, grenzen: dict, value: str, title: str, bron: str, voorbeeld: bool,
          colorbar_title: str, kind: str = "eur", small: str | None = None, highlight: str | None = None,
          height: int = 620) -> go.Figure:
    """A choropleth of one measure per gemeente over every feature of `grenzen` (properties.statcode is
    the CBS code): gemeenten with a value coloured, the others grey (no figures, or a count under 5, which
    the hover says), the highlighted gemeente outlined. Every feature is drawn exactly once."""
    features = {f["properties"]["statcode"]: f["properties"].get("statnaam", "") for f in grenzen["features"]}
    data = frame[frame["gemeente_code"].isin(features)].set_index("gemeente_code")
    coloured = [c for c in data.index if pd.notna(data.at[c, value])]
    grey = [c for c in features if c not in set(coloured)]
    fig = go.Figure()
    traces = []
    # A click selects a gemeente (the page opens its profile): keep every gemeente at full colour meanwhile.
    keep = dict(selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)))
    for codes, with_value in ((grey, False), (coloured, True)):
        if not codes:
            continue
        codes = sorted(codes, key=lambda c: c == highlight)   # drawn last, so no neighbour hides its outline
        names = _ts(data.at[c, "gemeente"] if c in data.index else features[c] for c in codes)
        if with_value:
            texts = [_value_text(data.at[c, value], kind) for c in codes]
        else:
            texts = [f"<{fmt.SMALL_COUNT}" if c in data.index and small and bool(data.at[c, small]) else
                     "geen gegevens" for c in codes]
        line = dict(width=[3.5 if c == highlight else 0.6 for c in codes],
                    color=[HIGHLIGHT_COLOR if c == highlight else "white" for c in codes])
        common = dict(geojson=grenzen, featureidkey="properties.statcode", locations=codes, text=names,
                      customdata=texts, marker_line=line, hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>")
        if with_value:
            values = [float(data.at[c, value]) for c in codes]
            colorbar = dict(title=dict(text=colorbar_title, side="right"), thickness=16,
                            tickformat=",.0f" if kind in ("eur", "count") else ",.1f",
                            tickprefix="€ " if kind == "eur" else "")
            trace = go.Choropleth(z=values, colorscale=KAART_SCALE, colorbar=colorbar, **common, **keep)
        else:
            trace = go.Choropleth(z=[0] * len(codes), colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
                                  showscale=False, **common, **keep)
        traces.append((highlight in codes, trace))
    for _, trace in sorted(traces, key=lambda t: t[0]):   # the trace holding the highlight last
        fig.add_trace(trace)
    # Explicit ranges rather than fitbounds="locations": with fitbounds plotly keeps the frame of the whole
    # projection, so a region wider than tall is drawn at less than half the chart's width.
    (west, east), (south, north) = _extent(grenzen)
    pad_x, pad_y = (east - west) * 0.02, (north - south) * 0.02
    fig.update_geos(visible=False, projection_type="mercator", bgcolor="white",
                    lonaxis_range=[west - pad_x, east + pad_x], lataxis_range=[south - pad_y, north + pad_y])
    fig.update_layout(dragmode=False, clickmode="event+select")
    return _finish(fig, title, bron, voorbeeld, height=height).update_layout(margin=dict(l=0, r=0, b=10))


def punten_per_thema(frame: pd.DataFrame, title: str, bron: str) -> go.Figure:
    """Horizontal bars: consultation points per theme (frame: naam, punten), whole numbers on the axis."""
    fig = bars(frame, "naam", "punten", title, bron, False, "Punten", kind="int")
    if not frame.empty:
        fig.update_xaxes(tickformat=",d", dtick=max(1, math.ceil(float(frame["punten"].max()) / 8)))
    return fig
