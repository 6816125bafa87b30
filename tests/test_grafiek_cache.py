"""The standard charts are built once per data version and selection and shared by every session
(dashboard.state.grafiek): the same object again while the data stays, a new figure as soon as it changes, and
another for another selection or another choice on the page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import state, ui
from jeugdhulp import grafieken
from jeugdhulp.selectie import Selectie

SEL = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0505",), ("Dordrecht",), 2019, 2025, ())
built: list[tuple[str, str]] = []
version = {"now": "v1"}


def _loader(con: object, sel: Selectie, **options: object) -> dict[str, object]:
    return {"waarde": 10 if version["now"] == "v1" else 20, **options}


def _builder(data: dict[str, object], sel: Selectie, maat: str = "jeugdigen") -> grafieken.Grafiek:
    built.append((version["now"], maat))
    fig = go.Figure(go.Bar(x=[sel.label], y=[data["waarde"]]), layout={"title": {"text": f"{maat} {data['waarde']}"}})
    frame = pd.DataFrame({"gemeente": [sel.label], maat: [data["waarde"]]})
    return grafieken.Grafiek(fig, frame, {"gemeente": "Gemeente", maat: maat}, "proef", "Proef", "Een proef.")


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "_data_version", lambda: version["now"])
    monkeypatch.setattr(state, "cursor", lambda: None)
    state._cached_grafiek.clear()
    state._cached_kaart.clear()
    state._cached_load.clear()
    built.clear()
    version["now"] = "v1"


def test_the_same_chart_is_built_once_and_shared() -> None:
    first = state.grafiek(_builder, _loader, SEL, "jeugdigen")
    again = state.grafiek(_builder, _loader, SEL, "jeugdigen")
    assert again is first and built == [("v1", "jeugdigen")]
    assert (first.key, first.naam, first.titel) == ("proef", "Proef", "jeugdigen 10")


def test_new_data_gives_a_new_figure_at_once() -> None:
    before = state.grafiek(_builder, _loader, SEL, "jeugdigen")
    version["now"] = "v2"      # an import committed
    after = state.grafiek(_builder, _loader, SEL, "jeugdigen")
    assert after is not before and after.titel == "jeugdigen 20" and before.titel == "jeugdigen 10"
    assert built == [("v1", "jeugdigen"), ("v2", "jeugdigen")]


def test_another_selection_or_choice_is_another_chart() -> None:
    gorinchem = Selectie("ZHZ", "Zuid-Holland Zuid", ("GM0512",), ("Gorinchem",), 2019, 2025, ())
    a = state.grafiek(_builder, _loader, SEL, "jeugdigen")
    b = state.grafiek(_builder, _loader, SEL, "trajecten")
    c = state.grafiek(_builder, _loader, gorinchem, "jeugdigen")
    assert len({id(a), id(b), id(c)}) == 3
    assert [p.titel for p in (a, b, c)] == ["jeugdigen 10", "trajecten 10", "jeugdigen 10"]
    assert c.export["Gemeente"].tolist() == ["Gorinchem"]


def test_drawing_a_shared_chart_leaves_it_as_it_was() -> None:
    shared = state.grafiek(_builder, _loader, SEL, "jeugdigen")
    before = shared.fig.to_json()
    ui.show(shared)     # outside a running app Streamlit draws nothing, but the code path runs
    ui.show(shared)
    assert shared.fig.to_json() == before
