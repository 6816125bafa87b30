"""A chart made for a slide (jeugdhulp.export.slides): lines named at their ends in their own colour instead of a
legend, hidden values kept as gaps, labels that would overlap pushed apart, the example mark read from the figure
(also 'Deels voorbeelddata') and taken out of it, projector-sized text and no toolbar."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from jeugdhulp import charts, export
from jeugdhulp.export.slides import LABEL_GAP

PARTLY = "Deels voorbeelddata: inwoners 0-17 fictief"


def _trend(values: dict[str, list[float | None]], voorbeeld: bool | str = False) -> go.Figure:
    """Lines per groep as the Gemeenteprofiel draws them (charts.vergelijking_trend)."""
    years = [2021, 2022, 2023]
    frame = pd.DataFrame({"jaar": years * len(values), "groep": [g for g in values for _ in years],
                          "v": [v for vs in values.values() for v in vs]})
    labels = {"gemeente": "Dordrecht", "regio": "Regio Zuid-Holland Zuid", "vergelijkbaar": "Vergelijkbare gemeenten"}
    return charts.vergelijking_trend(frame, "v", {g: labels[g] for g in values}, "T", "bron", voorbeeld, "€")


def _labels(figure: dict) -> list[dict]:
    return [a for a in figure["layout"]["annotations"] if a.get("xref") == "paper" and a.get("x") == 1]


def test_lines_are_named_at_their_ends_in_their_colour_and_the_legend_goes():
    figure = export.slide_figure(_trend({"gemeente": [1000.0, 1100.0, 1200.0], "regio": [500.0, 550.0, 600.0],
                                         "vergelijkbaar": [100.0, 150.0, None]}).to_json(), height=None)
    labels = _labels(figure)
    assert [(a["text"], a["font"]["color"], a["font"]["size"]) for a in labels] == [
        ("Dordrecht", charts.GROEP_COLORS["gemeente"], 18), ("Regio Zuid-Holland<br>Zuid", charts.GROEP_COLORS["regio"], 18),
        ("Vergelijkbare<br>gemeenten", charts.GROEP_COLORS["vergelijkbaar"], 18)]
    assert figure["layout"]["showlegend"] is False
    # The y axis is fixed so the labels sit at the height of each line's last value: 0 .. 1200 + 8%.
    low, high = figure["layout"]["yaxis"]["range"]
    assert (low, high) == (0.0, pytest.approx(1296.0))
    assert [a["y"] for a in labels] == pytest.approx([1200 / 1296, 600 / 1296, 150 / 1296])
    # The hidden 2023 value of the comparable gemeenten stays a gap: the label is at 2022's value, and the line
    # is not bridged.
    trace = figure["data"][2]
    assert trace["connectgaps"] is False


def test_labels_of_lines_ending_close_together_are_pushed_apart():
    figure = export.slide_figure(_trend({"gemeente": [10.0, 11.0, 12.0], "regio": [10.0, 11.0, 12.1]}).to_json())
    labels = sorted(_labels(figure), key=lambda a: a["y"])
    one_line, two_lines = LABEL_GAP, 2 * LABEL_GAP
    # Regio (two lines, 12.1) above Dordrecht (one line, 12.0): half of each label's height apart, at least.
    assert [a["text"] for a in labels] == ["Dordrecht", "Regio Zuid-Holland<br>Zuid"]
    assert labels[1]["y"] - labels[0]["y"] >= (one_line + two_lines) / 2 - 1e-9
    assert all(0 <= a["y"] <= 1 for a in labels)


def test_bars_keep_their_legend_and_get_no_line_labels():
    frame = pd.DataFrame({"jaar": [2022, 2022, 2023, 2023], "segment": ["A", "B", "A", "B"], "volgorde": [1, 2, 1, 2],
                          "v": [1.0, 2.0, 3.0, 4.0]})
    figure = export.slide_figure(charts.per_segment_stacked(frame, "v", "T", "b", False, "n", kind="count").to_json())
    assert _labels(figure) == []
    assert figure["layout"].get("showlegend") is not False


@pytest.mark.parametrize(("voorbeeld", "mark", "label"), [
    (True, "VOORBEELDDATA (FICTIEF)", "Voorbeelddata (fictief)"),
    (PARTLY, "DEELS VOORBEELDDATA: INWONERS 0-17 FICTIEF", PARTLY),
    (False, "", ""),
])
def test_the_example_mark_is_read_from_the_figure_and_taken_out_of_the_chart(voorbeeld, mark, label):
    stored = _trend({"gemeente": [1.0, 2.0, 3.0]}, voorbeeld).to_json()
    assert export.example_mark(stored) == mark
    assert export.example_label(stored, voorbeeld is True) == label
    texts = [a.get("text") for a in export.slide_figure(stored)["layout"]["annotations"]]
    assert not [t for t in texts if "VOORBEELDDATA" in str(t)]


def test_slide_text_is_projector_sized_and_there_is_no_toolbar():
    figure = export.slide_figure(_trend({"gemeente": [1.0, 2.0, 3.0]}).to_json())
    layout = figure["layout"]
    assert layout["xaxis"]["tickfont"]["size"] == layout["yaxis"]["tickfont"]["size"] == 18
    assert layout["font"]["size"] == 20
    assert all(a["font"]["size"] >= 18 for a in layout["annotations"])
    assert export.SLIDE_CONFIG["displayModeBar"] is False
    assert json.loads(json.dumps(export.SLIDE_CONFIG)) == export.SLIDE_CONFIG     # goes to the browser as JSON


def test_a_long_name_from_a_file_cannot_push_the_chart_off_the_slide():
    # A gemeente name of 300 characters without a space, and one of a thousand words: each label is at most three
    # lines of at most 36 characters, so the right margin stays that of a normal label.
    for name in ("X" * 300, " ".join(["woord"] * 1000)):
        frame = pd.DataFrame({"jaar": [2021, 2022, 2023] * 2, "groep": ["a"] * 3 + ["b"] * 3,
                              "v": [1.0, 2.0, 3.0, 2.0, 3.0, 4.0]})
        fig = charts.vergelijking_trend(frame.replace({"groep": {"a": "gemeente", "b": "regio"}}), "v",
                                        {"gemeente": name, "regio": "Regio"}, "T", "bron", False, "€")
        figure = export.slide_figure(fig.to_json(), height=None)
        (long,) = [a["text"] for a in _labels(figure) if a["text"] != "Regio"]
        lines = long.split("<br>")
        assert len(lines) <= 3 and all(len(line) <= 36 for line in lines), lines
        assert lines[-1].endswith("…")
        assert figure["layout"]["margin"]["r"] <= 24 + int(0.56 * 18 * 36)


def test_a_heatmap_slide_names_every_row_and_staggers_its_columns():
    names = ["Alblasserdam", "Dordrecht", "Gorinchem", "Hardinxveld-Giessendam", "Hendrik-Ido-Ambacht",
             "Hoeksche Waard", "Molenlanden"]
    themes = {f"t{i}": f"Thema {i}" for i in range(12)}
    frame = pd.DataFrame([{"gemeente": g, "thema": t, "punten": 1} for g in names for t in themes])
    figure = export.slide_figure(charts.heatmap(frame, "gemeente", "thema", "punten", "T", "b", themes).to_json(),
                                 height=None)
    assert figure["layout"]["yaxis"]["dtick"] == 1          # every theme named, none skipped at 18 px
    ticks = figure["layout"]["xaxis"]["ticktext"]
    assert ticks[0] == "Alblasserdam" and ticks[3] == "<br><br>Hardinxveld-<br>Giessendam"
    assert ticks[4] == "Hendrik-Ido-<br>Ambacht" and figure["layout"]["xaxis"]["tickangle"] == 0
