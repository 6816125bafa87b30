"""Charts everyone can read: text contrast computed from the colours the charts and the theme really use (WCAG 2.x),
series colours that stay apart under simulated colour blindness, one colour per statistic on every page, the
toolbar's Dutch texts, and labels that are horizontal and clear of reference lines.

Colour-blindness is simulated with colour-science's Machado, Oliveira & Fernandes (2009) matrices at severity 1
(protanopia, deuteranopia, tritanopia; the tritan model is Machado's approximation), applied in linear sRGB;
distance is CIEDE2000 in CIELAB (D65).
Threshold: ΔE00 ≥ 10. A ΔE00 of about 2 is just noticeable side by side; legend swatches and thin lines of a
chart are small and apart, and the palettes designed for colour-blind readers (Okabe-Ito, Paul Tol's) keep
their pairs at 10 or more under all three simulations, while the palette they replaced fell to 1,0."""

from __future__ import annotations

import itertools
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from jeugdhulp import charts

with warnings.catch_warnings():     # colour-science says that matplotlib is missing: not needed here
    warnings.simplefilter("ignore")
    import colour

PROJECT = Path(__file__).resolve().parent.parent
WHITE = "#ffffff"
MIN_CONTRAST = 4.5          # WCAG 2.x AA, normal text
MIN_DELTA_E = 10.0          # CIEDE2000 under every simulation (see the module docstring)
# Streamlit 1.67 draws st.caption and help texts at 60% opacity of the theme's textColor
# (tests/test_browser_a11y.py measures it in Chromium).
CAPTION_OPACITY = 0.6
SIMULATIONS = {"protanopie": "Protanomaly", "deuteranopie": "Deuteranomaly", "tritanopie": "Tritanomaly"}


def rgb(hex_colour: str) -> np.ndarray:
    named = {"white": WHITE, "black": "#000000"}
    value = named.get(hex_colour, hex_colour).lstrip("#")
    return np.array([int(value[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255


def luminance(colour_rgb: np.ndarray) -> float:
    linear = np.where(colour_rgb <= 0.04045, colour_rgb / 12.92, ((colour_rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(foreground: str | np.ndarray, background: str | np.ndarray) -> float:
    fg = rgb(foreground) if isinstance(foreground, str) else foreground
    bg = rgb(background) if isinstance(background, str) else background
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def faded(text: str, background: str, opacity: float) -> np.ndarray:
    """The colour a text drawn at `opacity` over `background` shows."""
    return opacity * rgb(text) + (1 - opacity) * rgb(background)


def lab(hexes: list[str], simulation: str | None = None) -> np.ndarray:
    linear = colour.models.eotf_sRGB(np.array([rgb(h) for h in hexes]))
    if simulation:
        with warnings.catch_warnings():    # it says that Machado's tritanopia is an approximation; it is
            warnings.simplefilter("ignore")
            matrix = colour.matrix_cvd_Machado2009(simulation, 1.0)
        linear = np.clip(linear @ matrix.T, 0, 1)
    xyz = colour.RGB_to_XYZ(linear, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False)
    return colour.XYZ_to_Lab(xyz)


def closest_pair(hexes: list[str], simulation: str | None) -> tuple[float, str, str]:
    points = lab(hexes, simulation)
    return min((float(colour.delta_E(points[i], points[j], method="CIE 2000")), hexes[i], hexes[j])
               for i, j in itertools.combinations(range(len(hexes)), 2))


# --- the simulation itself ----------------------------------------------------------------------------------

def test_the_simulation_finds_the_collapse_the_old_palette_had():
    """The issue's finding, reproduced: 'Hoogspecialistisch' (#1f5f8b) and 'Specialistisch (lokaal)' (#8c4f8f)
    become one blue under protanopia. Without it this file could pass whatever the palette."""
    old = ["#1f5f8b", "#8c4f8f"]
    assert closest_pair(old, None)[0] > 20
    assert closest_pair(old, SIMULATIONS["protanopie"])[0] < 3


# --- series colours ------------------------------------------------------------------------------------------

TOGETHER = {
    "palet (segmenten, standpunten, inkoopmodellen)": charts.PALETTE,
    "realisatie, begroting en cijfers uit documenten": [charts.COLORS[k] for k in ("realisatie", "begroting", "bron")],
    "selectie en regio": [charts.COLORS["selectie"], charts.COLORS["regio"]],
    "per gemeente: gekozen, overige, regiolijn": [charts.COLORS[k] for k in ("selectie", "overig", "regio")],
    "doel: werkelijk, pad, trend": [charts.COLORS[k] for k in ("selectie", "doel", "bron")],
    "gemeenteprofiel: gemeente, regio, vergelijkbaar": list(charts.GROEP_COLORS.values()),
    "statistieken: mediaan, p90, gemiddeld": list(charts.STAT_COLORS.values()),
}


@pytest.mark.parametrize("simulation", [None, *SIMULATIONS.values()], ids=["normaal", *SIMULATIONS])
@pytest.mark.parametrize("group", TOGETHER)
def test_series_shown_together_stay_apart(group: str, simulation: str | None):
    distance, first, second = closest_pair(TOGETHER[group], simulation)
    assert distance >= MIN_DELTA_E, f"{group}: {first} and {second} are only ΔE00 {distance:.1f} apart"


def test_the_palette_is_okabe_ito_and_more_categories_get_a_hatching():
    assert [c.upper() for c in charts.PALETTE] == ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                                                   "#F0E442", "#000000"]
    frame = pd.DataFrame({"naam": ["a"]} | {f"s{i}": [1] for i in range(10)})
    fig = charts.stacked_counts(frame, "naam", {f"s{i}": f"Standpunt {i}" for i in range(10)}, "T", "b", "Punten")
    looks = [(t.marker.color, t.marker.pattern.shape) for t in fig.data]
    assert len(set(looks)) == 10
    assert looks[8] == (charts.PALETTE[0], "/")


# --- text contrast -------------------------------------------------------------------------------------------

def _figures() -> dict[str, go.Figure]:
    years = pd.DataFrame({"jaar": [2023, 2024] * 2, "soort": ["begroting"] * 2 + ["realisatie"] * 2,
                          "bedrag_eur": [1e6, 2e6, 1.5e6, 2.5e6], "selectie_eur": [1e6, 2e6, 1.5e6, 2.5e6]})
    per_gemeente = pd.DataFrame({"gemeente_code": ["GM0505", "GM0512", "GM0590"],
                                 "gemeente": ["Dordrecht", "Gorinchem", "Papendrecht"],
                                 "eur": [2100.0, 1800.0, None], "eur_klein": [False, False, True]})
    stats = pd.DataFrame({"jaar": [2023, 2024], "gemiddeld": [50.0, 60.0], "mediaan": [40.0, 45.0],
                          "p90": [90.0, 95.0]})
    trend = pd.DataFrame({"jaar": [2022, 2023, 2022, 2023, 2022, 2023], "groep": ["gemeente"] * 2 + ["regio"] * 2
                          + ["vergelijkbaar"] * 2, "waarde": [None, 5.0, 4.0, 4.5, 3.0, 3.5],
                          "klein": [True, False, False, False, False, False]})
    return {
        "begroting_realisatie": charts.begroting_realisatie(years, "selectie_eur", "Begroting", "bron", True),
        "per_gemeente": charts.per_gemeente(per_gemeente, "eur", "Per gemeente", "bron", False, "€", ["GM0505"],
                                            average=2000.0, average_label="regio"),
        "stats_per_year": charts.stats_per_year(stats, [("gemiddeld", "Gemiddeld"), ("mediaan", "Mediaan"),
                                                        ("p90", "90% korter dan")], "Duur", "bron", False, "Dagen"),
        "vergelijking_trend": charts.vergelijking_trend(
            trend, "waarde", {"gemeente": "Dordrecht", "regio": "Regio", "vergelijkbaar": "Vergelijkbaar"},
            "Per 1.000", "bron", False, "per 1.000", kind="rate", small="klein"),
    }


def _text_colours(fig: go.Figure) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for every text the figure sets: titles, the source line, axes, legend,
    annotations, and the value labels of traces (inside a bar: on the bar's colour)."""
    layout = fig.layout
    body = layout.font.color
    found = [("lettertype", body, WHITE), ("bronregel", layout.title.subtitle.font.color, WHITE),
             ("legenda", layout.legend.font.color, WHITE)]
    for name in ("xaxis", "yaxis"):
        axis = layout[name]
        found += [(f"{name} labels", axis.tickfont.color, WHITE), (f"{name} titel", axis.title.font.color, WHITE)]
    for annotation in layout.annotations:
        found.append((f"annotatie {annotation.text!r}", annotation.font.color or body, annotation.bgcolor or WHITE))
    for trace in fig.data:
        if getattr(trace, "text", None) is None:
            continue
        if isinstance(trace, go.Bar):
            inside = trace.insidetextfont.color
            bars = trace.marker.color
            if inside is not None:
                found += [(f"{trace.name} in de staaf", ink, bar) for ink, bar in zip(inside, bars, strict=True)]
            found.append((f"{trace.name} naast de staaf", trace.outsidetextfont.color or body, WHITE))
        else:
            found.append((f"{trace.name} tekst", trace.textfont.color or body, WHITE))
    return found


@pytest.mark.parametrize("name", list(_figures()))
def test_every_text_of_a_chart_has_at_least_4_5_to_1(name: str):
    texts = _text_colours(_figures()[name])
    assert all(ink for _, ink, _ in texts), [what for what, ink, _ in texts if not ink]   # nothing left to a theme
    weak = [(what, ink, round(contrast(ink, bg), 2)) for what, ink, bg in texts if contrast(ink, bg) < MIN_CONTRAST]
    assert not weak


def test_the_region_keeps_its_orange_for_itself():
    # One meaning per colour across pages: the path to a target is not drawn in the region's orange.
    fig = charts.doel_traject(pd.DataFrame({"jaar": [2019, 2020, 2021], "waarde": [10.0, 9.0, 8.0], "klein": False}),
                              2019, 2025, 10.0, 7.0, None, None, "Doel", "b", False, "Aantal")
    colours = {t.name: t.line.color for t in fig.data}
    assert colours["Pad naar het doel (2019-2025)"] == charts.COLORS["doel"] != charts.COLORS["regio"]


def test_the_text_colours_themselves():
    assert contrast(charts.TEXT_COLOR, WHITE) >= 15
    assert contrast(charts.MUTED_TEXT_COLOR, WHITE) >= 7
    assert contrast(charts.EXAMPLE_TEXT_COLOR, charts.EXAMPLE_BACKGROUND) >= MIN_CONTRAST
    # Named series colours that also colour text: the region line's label, '<5' marks in a group's colour.
    for colour_hex in (charts.COLORS["regio"], *charts.GROEP_COLORS.values()):
        assert contrast(colour_hex, WHITE) >= MIN_CONTRAST, colour_hex


def test_captions_and_help_texts_of_the_theme_keep_4_5_to_1():
    theme = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert contrast(theme["textColor"], background) >= 15
        shown = faded(theme["textColor"], background, CAPTION_OPACITY)
        assert contrast(shown, background) >= MIN_CONTRAST, (background, round(contrast(shown, background), 2))
    # The colour the theme had before: its captions came out at 4,2:1.
    assert contrast(faded("#1c2530", WHITE, CAPTION_OPACITY), WHITE) < MIN_CONTRAST


# --- one colour per measure ------------------------------------------------------------------------------------

def test_the_median_has_one_colour_on_every_chart():
    stats = pd.DataFrame({"jaar": [2023, 2024], "gemiddeld": [50.0, 60.0], "mediaan": [40.0, 45.0], "p90": [9.0, 9.5]})
    waits = charts.stats_per_year(stats, [("mediaan", "Mediaan"), ("p90", "90% wacht korter dan")], "W", "b", False, "D")
    stays = charts.stats_per_year(stats, [("gemiddeld", "Gemiddeld"), ("mediaan", "Mediaan"), ("p90", "90% korter")],
                                  "V", "b", False, "D")
    looks = {fig_name: {t.name: (t.line.color, t.line.dash) for t in fig.data}
             for fig_name, fig in (("wacht", waits), ("duur", stays))}
    assert looks["wacht"]["Mediaan"] == looks["duur"]["Mediaan"] == (charts.STAT_COLORS["mediaan"], "solid")
    assert looks["wacht"]["90% wacht korter dan"] == looks["duur"]["90% korter"] == (charts.STAT_COLORS["p90"], "dash")
    assert looks["duur"]["Gemiddeld"] == (charts.STAT_COLORS["gemiddeld"], "dot")
    boxes = pd.DataFrame({"segment": ["Crisis"], "volgorde": [1], "aantal": [50], "p10": [1.0], "p25": [2.0],
                          "mediaan": [4.0], "p75": [8.0], "p90": [20.0], "gemiddeld": [6.0]})
    assert charts.box_per_segment(boxes, "B", "b", False, "D").data[0].marker.color == charts.STAT_COLORS["mediaan"]


# --- toolbar ---------------------------------------------------------------------------------------------------

def test_the_toolbar_speaks_dutch():
    config = charts.PLOTLY_CONFIG
    assert config["locale"] == "nl"
    dictionary = config["locales"]["nl"]["dictionary"]
    for english in ("Download plot as a PNG", "Zoom", "Pan", "Zoom in", "Zoom out", "Autoscale", "Reset axes"):
        assert dictionary[english] != english
    assert dictionary["Download plot as a PNG"] == "Download de grafiek als PNG-afbeelding"
    assert dictionary["Autoscale"] == "Alles tonen"
    # plotly.js's own nl locale stays the base: its other texts and its Dutch date formats.
    assert dictionary["Draw line"] == "Teken lijn"
    assert config["locales"]["nl"]["format"]["shortMonths"][2] == "mrt"


# --- layout ----------------------------------------------------------------------------------------------------

def test_the_region_line_runs_under_the_bars_and_its_label_stands_on_white():
    fig = _figures()["per_gemeente"]
    (line,) = fig.layout.shapes
    assert (line.layer, line.line.dash, line.line.color) == ("below", "dash", charts.COLORS["regio"])
    (label,) = [a for a in fig.layout.annotations if a.text.startswith("regio")]
    assert (label.text, label.yref, label.y, label.yanchor, label.bgcolor) == ("regio: € 2.000", "paper", 1.0, "bottom",
                                                                               "white")
    bars = fig.data[0]
    assert (bars.textposition, bars.insidetextanchor) == ("auto", "end")


def test_a_heatmap_with_many_themes_puts_them_down_the_side():
    themes = {f"t{i}": f"Thema nummer {i}" for i in range(12)}
    points = pd.DataFrame({"gemeente": ["Dordrecht", "Hendrik-Ido-Ambacht"] * 12,
                           "thema": [t for t in themes for _ in range(2)], "punten": [1] * 24})
    fig = charts.heatmap(points, "gemeente", "thema", "punten", "Punten", "b", themes, column_order=list(themes))
    heat = fig.data[0]
    assert list(heat.y) == [themes[f"t{i}"] for i in reversed(range(12))]    # the first theme on top
    assert list(heat.x) == ["Dordrecht", "Hendrik-Ido-Ambacht"]               # plain names for hover and PowerPoint
    assert list(fig.layout.xaxis.ticktext) == ["Dordrecht", "Hendrik-Ido-<br>Ambacht"]     # wrapped, horizontal
    assert fig.layout.xaxis.tickangle == 0
    assert heat.hovertemplate.startswith("%{x} · %{y}")
    assert (heat.zmin, heat.zmax) == (0, 1)    # every count coloured, even with no empty cell: white means none


def test_a_heatmap_with_few_themes_wraps_them_horizontally_across():
    names = {"a": "Samenwerking tussen domeinen", "b": "Kosten"}
    points = pd.DataFrame({"gemeente": ["Dordrecht", "Gorinchem", "Sliedrecht"] * 2, "thema": ["a"] * 3 + ["b"] * 3,
                           "punten": [1, 2, 3, 4, 5, 6]})
    fig = charts.heatmap(points, "gemeente", "thema", "punten", "Punten", "b", names)
    assert list(fig.data[0].x) == ["Samenwerking tussen domeinen", "Kosten"]
    assert list(fig.layout.xaxis.ticktext) == ["Samenwerking<br>tussen domeinen", "Kosten"]
    assert fig.layout.xaxis.tickangle == 0
