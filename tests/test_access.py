"""Who sees what, and what an anonymous visitor can do: the history without the controller role, hostile
URL values, bounds on presentation storage, and throttled, logged controller logins (issue 10, items 2, 11,
13 and 14). AppTest through app.py on its own copy of the session's example database (tests/conftest.py):
it loads batches and adds slides."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import auth, state
from jeugdhulp import charts, presentatie, throttle
from loaders.importer import InputFile, import_file, undo_batch
from tests.conftest import TEST_KEY, app_on, copy_example, make_csv
from tests.test_pages import APP
from tests.test_upload_pages import GESCHIEDENIS, INLEZEN, PASSWORD_LABEL, log_in, open_page

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

BRONNEN = "pages/bronnen.py"
LOADER = "anna.controller@gemeente.nl"
VOLUMES_CSV = make_csv([["Gemeente", "Jaar", "Segment", "Jeugdigen", "Trajecten"], ["Dordrecht", "2026", "4A", "3", "4"]])


@pytest.fixture(scope="module")
def example_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This module's own copy of the example database (it loads batches and adds slides); the app points at it."""
    with app_on(copy_example(example_template, tmp_path_factory, "access"), tmp_path_factory) as path:
        yield path


class Clock:
    """A clock the test moves by hand: no sleeping in tests."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


# --- item 2: the history shows no counts of people and no names to a viewer -------------------------

@pytest.fixture
def small_volumes_batch(example_db: Path) -> Iterator[int]:
    """A volumes upload of 3 youths and 4 trajectories, loaded by a named controller; undone afterwards."""
    report = import_file(state.cursor(), InputFile("volumes-klein.csv", VOLUMES_CSV, "volumes"), user=LOADER,
                         key=TEST_KEY)
    assert report.ok, report.problems
    [batch_id] = report.batch_ids
    st.cache_data.clear()
    yield batch_id
    undo_batch(state.cursor(), batch_id)
    st.cache_data.clear()


def _table(at: AppTest, key_column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if key_column in d.value.columns)


def _row(table: pd.DataFrame, batch_id: int) -> dict[str, object]:
    [row] = table[table["batch_id"] == str(batch_id)].to_dict("records")
    return row


def test_history_hides_counts_and_names_from_a_viewer(no_role: None, small_volumes_batch: int) -> None:
    table = _table(open_page(GESCHIEDENIS), "batch_id")
    assert list(table.columns) == ["batch_id", "geladen_op", "bestand", "kind", "status", "regio_code", "jaren",
                                   "rijen", "bedrag_eur", "voorbeeld", "bron", "vervangt"]
    row = _row(table, small_volumes_batch)
    assert (row["bestand"], row["kind"], row["rijen"], row["bedrag_eur"]) == ("volumes-klein.csv", "Volumes", "", "")
    assert LOADER not in table.to_csv(), "who loaded is for controllers only"
    # Spend totals stay: they are no counts of people.
    spend = table[table["kind"] == "uitgaven"]
    assert spend["bedrag_eur"].str.startswith("€ ").all() and (spend["rijen"] != "").all()
    # Row counts of trajecten and volumes batches are counts of people (or give them back): none shown.
    assert (table.loc[table["kind"].isin(["trajecten", "volumes"]), "rijen"] == "").all()


def test_history_shows_everything_to_a_controller(password_role: str, small_volumes_batch: int) -> None:
    at = log_in(open_page(GESCHIEDENIS), password_role)
    row = _row(_table(at, "batch_id"), small_volumes_batch)
    assert (row["gebruiker"], row["rijen"], row["jeugdigen"], row["trajecten"]) == (LOADER, "1", "3", "4")


def test_bronnen_hides_row_counts_and_names_from_a_viewer(no_role: None, small_volumes_batch: int) -> None:
    table = _table(open_page(BRONNEN), "batch_id")
    assert "gebruiker" not in table.columns
    assert LOADER not in table.to_csv()
    assert _row(table, small_volumes_batch)["rijen"] == ""
    assert (table.loc[table["kind"] == "uitgaven", "rijen"] != "").all()


def test_bronnen_shows_everything_to_a_controller(password_role: str, small_volumes_batch: int) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    at.switch_page(BRONNEN).run()
    assert not at.exception
    row = _row(_table(at, "batch_id"), small_volumes_batch)
    assert (row["gebruiker"], row["rijen"]) == (LOADER, "1")


# --- item 11: hostile URL values are ignored, the default kept ------------------------------------------

HOSTILE = ["²", "²,2020", "-1", "99999999999999999999", "2020,2019,2018", "abc", "", "x" * 5000, "%00", "\x00",
           "١٢,٢٠٢٠"]


@pytest.mark.parametrize(("values", "expected"), [
    (["2020", "2022"], (2020, 2022)),
    (["2022", "2020"], (2020, 2022)),
    (["²", "2020"], None),
    (["١٢", "٢٠٢٠"], None),
    (["-1", "2020"], None),
    (["99999999999999999999", "2020"], None),
    (["2020", "2019", "2018"], None),
    (["abc"], None),
    ([], None),
    (["2020"], None),
])
def test_years_from_url(values: list[str], expected: tuple[int, int] | None) -> None:
    assert state.years_from_url(values) == expected


def _open_with(page: str | None, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("parameter", ["regio", "gemeenten", "jaren", "segmenten", "presentatie"])
def test_hostile_filter_values_keep_the_default(example_db: Path, parameter: str) -> None:
    default = _open_with(None, {})
    expected = (default.selectbox(key="filter_regio").value, default.slider(key="filter_jaren").value,
                default.multiselect(key="filter_gemeenten").value, default.multiselect(key="filter_segmenten").value)
    for value in HOSTILE:
        at = _open_with(None, {"regio": "ZHZ", parameter: value} if parameter != "regio" else {parameter: value})
        assert (at.selectbox(key="filter_regio").value, at.slider(key="filter_jaren").value,
                at.multiselect(key="filter_gemeenten").value,
                at.multiselect(key="filter_segmenten").value) == expected, repr(value[:20])


def test_hostile_gemeente_keeps_the_default(example_db: Path) -> None:
    for value in HOSTILE:
        at = _open_with("pages/gemeente.py", {"regio": "ZHZ", "gemeente": value})
        assert at.selectbox(key="gemeente_keuze").value == "GM0482", repr(value[:20])   # the region's first by name


def test_hostile_slide_number_shows_the_list(example_db: Path) -> None:
    token = "apptest-toegang-dia"
    con = state.cursor()
    fig = charts.bars(pd.DataFrame({"c": ["x"], "v": [1.0]}), "c", "v", "Eén dia", "b", False, "v")
    presentatie.add(con, token, fig, pd.DataFrame({"c": ["x"]}), sleutel="k", titel="Eén dia", definitie="d",
                    bron="b", voorbeeld=False)
    try:
        for value in [*HOSTILE, "1.5", "+1", " 1"]:
            at = _open_with("pages/presentatie.py", {"presentatie": token, "dia": value})
            assert [t.value for t in at.title] == ["Presentatie"], repr(value[:20])
    finally:
        presentatie.clear(state.cursor(), token)


@pytest.mark.parametrize(("value", "expected"), [
    ("3", 3), ("0", 0), ("²", None), ("-1", None), ("+1", None), (" 1", None), ("1.5", None), ("", None),
    (None, None), ("٣", None), ("99999999999999999999", None), ("\x00", None),
])
def test_whole_number_from_url(value: str | None, expected: int | None) -> None:
    assert state.whole_number(value, digits=4) == expected


# --- item 13: presentation storage is bounded -----------------------------------------------------------

def _figure(n: int, padding: int = 0) -> go.Figure:
    return charts.bars(pd.DataFrame({"c": ["x" * padding or "x"], "v": [float(n)]}), "c", "v", f"T{n}", "b", False, "v")


def _add(con, token: str, n: int, padding: int = 0) -> int | None:
    return presentatie.add(con, token, _figure(n, padding), pd.DataFrame({"c": ["x"]}), sleutel="k", titel=f"T{n}",
                           definitie="d", bron="b", voorbeeld=False)


def test_a_presentation_has_a_maximum_number_of_bytes(con, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _add(con, "presentatie-aaaa", 1, padding=12_000) == 1
    one = presentatie.stored_bytes(con)                 # about 16-20 kB: the padding dominates
    monkeypatch.setattr(presentatie, "MAX_BYTES_PER_PRESENTATIE", 2 * one + one // 2)
    assert _add(con, "presentatie-aaaa", 2, padding=12_000) == 2
    with pytest.raises(ValueError) as refused:
        _add(con, "presentatie-aaaa", 3, padding=12_000)
    assert str(refused.value) == f"deze presentatie is vol (hoogstens {(2 * one + one // 2) // 1000} kB); haal eerst dia's weg"
    assert presentatie.count(con, "presentatie-aaaa") == 2
    assert _add(con, "presentatie-bbbb", 3, padding=12_000) == 1, "another presentation has its own room"


def test_one_slide_has_a_maximum_size(con, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(presentatie, "MAX_BYTES_PER_DIA", 10_000)
    with pytest.raises(ValueError, match=r"^deze grafiek is te groot voor een dia \(hoogstens 10 kB\)$"):
        _add(con, "presentatie-aaaa", 1, padding=12_000)
    assert presentatie.count(con, "presentatie-aaaa") == 0
    assert _add(con, "presentatie-aaaa", 1, padding=10) == 1


def test_all_presentations_together_have_a_maximum(con, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _add(con, "presentatie-aaaa", 1, padding=12_000) == 1
    one = presentatie.stored_bytes(con)
    monkeypatch.setattr(presentatie, "MAX_BYTES_TOTAAL", 3 * one - 1)
    assert _add(con, "presentatie-bbbb", 2, padding=12_000) == 1
    with pytest.raises(ValueError, match=r"^de opslag voor presentaties is vol; probeer het later opnieuw$"):
        _add(con, "presentatie-cccc", 3, padding=12_000)
    with pytest.raises(ValueError, match=r"^de opslag voor presentaties is vol"):
        _add(con, "presentatie-aaaa", 3, padding=12_000)
    assert presentatie.stored_bytes(con) == 2 * one
    assert _add(con, "presentatie-cccc", 3, padding=10) == 1, "a small slide still fits"


def test_slides_per_minute_per_session(example_db: Path) -> None:
    clock = Clock()
    rate = presentatie.new_rate(clock=clock)
    assert [rate.allow("sessie") for _ in range(presentatie.MAX_DIAS_PER_MINUUT + 1)] == [
        *[True] * presentatie.MAX_DIAS_PER_MINUUT, False]
    clock.now += 61
    assert rate.allow("sessie")


def test_adding_too_fast_is_refused_with_a_toast(example_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(presentatie, "MAX_DIAS_PER_MINUUT", 1)
    at = _open_with("pages/uitgaven.py", {"regio": "ZHZ"})
    adds = [b for b in at.button if b.label == "Naar presentatie"]
    adds[0].click().run()
    assert [t.value for t in at.toast][-1].startswith("Toegevoegd als dia 1.")
    [b for b in at.button if b.label == "Naar presentatie"][1].click().run()
    assert [t.value for t in at.toast][-1] == (
        "Niet toegevoegd: u voegt te snel dia's toe (hoogstens 1 per minuut). Probeer het zo opnieuw.")
    token = at.session_state["presentatie"]
    assert presentatie.count(state.cursor(), token) == 1
    presentatie.clear(state.cursor(), token)


# --- item 14: password guessing -------------------------------------------------------------------------

def test_sliding_window_counts_within_the_window() -> None:
    clock = Clock()
    window = throttle.SlidingWindow(limit=2, seconds=60, clock=clock)
    window.hit("a")
    window.hit("a")
    assert window.wait("a") == 60 and window.wait("b") == 0
    clock.now += 30
    assert window.wait("a") == 30
    clock.now += 30
    assert window.wait("a") == 0


def test_sliding_window_forgets_old_sources() -> None:
    clock = Clock()
    window = throttle.SlidingWindow(limit=1, seconds=60, clock=clock, max_keys=3)
    for source in "abcd":
        window.hit(source)
        clock.now += 1
    assert window.size() == 3, "memory stays bounded however many sources guess"


def test_failures_from_one_source_lock_that_source() -> None:
    clock = Clock()
    guard = auth.LoginThrottle(clock=clock)
    for _ in range(auth.MAX_FAILURES_PER_SOURCE):
        assert guard.wait("10.0.0.1") == 0
        guard.failed("10.0.0.1")
    assert guard.wait("10.0.0.1") == auth.FAILURE_WINDOW_S
    assert guard.wait("10.0.0.2") == 0, "another source may still try"
    clock.now += auth.FAILURE_WINDOW_S
    assert guard.wait("10.0.0.1") == 0


def test_failures_from_many_sources_lock_everyone() -> None:
    clock = Clock()
    guard = auth.LoginThrottle(clock=clock)
    for n in range(auth.MAX_FAILURES_OVERALL):
        assert guard.wait(f"sessie-{n}") == 0
        guard.failed(f"sessie-{n}")
    assert guard.wait("een-nieuwe-bron") == auth.OVERALL_WINDOW_S
    clock.now += auth.OVERALL_WINDOW_S
    assert guard.wait("een-nieuwe-bron") == 0


def test_a_locked_source_is_refused_even_with_the_right_password() -> None:
    clock = Clock()
    guard = auth.LoginThrottle(clock=clock)
    for _ in range(auth.MAX_FAILURES_PER_SOURCE):
        assert auth.attempt_login("fout-wachtwoord-x", "het-goede-wachtwoord", "10.0.0.1", guard) == (False, None)
    allowed, message = auth.attempt_login("het-goede-wachtwoord", "het-goede-wachtwoord", "10.0.0.1", guard)
    assert not allowed
    assert message == "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."
    assert auth.attempt_login("het-goede-wachtwoord", "het-goede-wachtwoord", "10.0.0.2", guard) == (True, None)


def test_failures_are_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    guard = auth.LoginThrottle(clock=Clock())
    with caplog.at_level(logging.WARNING, logger="dashboard.auth"):
        auth.attempt_login("mijn-geheime-gok-123", "het-goede-wachtwoord", "192.0.2.7", guard)
    [record] = caplog.records
    assert "192.0.2.7" in record.getMessage() and "failed" in record.getMessage()
    assert "mijn-geheime-gok-123" not in caplog.text and "het-goede-wachtwoord" not in caplog.text
    assert record.created > 0


@pytest.mark.parametrize(("address", "forwarded", "expected"), [
    ("192.0.2.7", ["198.51.100.1"], "192.0.2.7"),                  # a direct client cannot choose its source
    (None, ["198.51.100.1, 203.0.113.9"], "203.0.113.9"),          # behind a local proxy: what the proxy saw
    (None, ["198.51.100.1", "203.0.113.9"], "203.0.113.9"),
    (None, [], "sessie abc"),
    (None, [" "], "sessie abc"),
])
def test_the_source_of_a_login(address: str | None, forwarded: list[str], expected: str) -> None:
    assert auth.source_of(address, forwarded, "abc") == expected


@pytest.mark.parametrize(("configured", "problem"), [
    ("kort-wacht1", True), ("twaalf-tekens", False), ("x" * 11, True),
    (auth.hash_password("x", iterations=1_000), False),
])
def test_a_configured_plain_password_needs_12_characters(configured: str, problem: bool) -> None:
    assert (auth.password_problem(configured) is not None) == problem


def test_a_short_plain_password_does_not_enable_the_role(example_db: Path, no_role: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.ENV_PASSWORD, "kort-geheim")
    at = open_page(INLEZEN)
    assert PASSWORD_LABEL not in [t.label for t in at.text_input]
    assert len(at.file_uploader) == 0
    assert [w.value for w in at.warning] == [
        "Inlezen is uitgeschakeld: het ingestelde wachtwoord voor controllers is korter dan 12 tekens."]


def test_the_hashing_helper_refuses_short_passwords(capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["elf-tekens!", "elf-tekens!"])
    assert auth.main(lambda prompt: next(answers)) == 2
    assert "korter dan 12 tekens" in capsys.readouterr().err
    answers = iter(["twaalf-tekens", "twaalf-tekens"])
    assert auth.main(lambda prompt: next(answers)) == 0
    assert auth.password_matches("twaalf-tekens", capsys.readouterr().out.strip())


def test_the_login_form_refuses_a_locked_source(example_db: Path, password_role: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "MAX_FAILURES_PER_SOURCE", 1)
    monkeypatch.setattr(auth, "_SLOW_DOWN_S", 0.0)
    monkeypatch.setattr(auth, "_THROTTLE", auth.LoginThrottle())
    at = open_page(INLEZEN)
    log_in(at, "fout-wachtwoord-een")
    assert [e.value for e in at.error] == ["Dat wachtwoord klopt niet."]
    log_in(at, password_role)
    assert [e.value for e in at.error] == ["Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."]
    assert len(at.file_uploader) == 0
    assert [t.label for t in at.text_input] == [PASSWORD_LABEL], "the form stays, for when the lock is over"


def test_slides_per_day_per_source_over_all_its_sessions(example_db: Path) -> None:
    """Each new session starts a new presentation, so the per-session limit alone lets one address fill the shared
    storage; a limit per source counts all its sessions together."""
    clock = Clock()
    rate = presentatie.new_source_rate(clock=clock)
    limit = presentatie.MAX_DIAS_PER_DAG_PER_BRON
    assert [rate.allow("192.0.2.7") for _ in range(limit + 1)] == [*[True] * limit, False]
    assert rate.allow("198.51.100.4"), "another address is not held up"
    clock.now += 24 * 3600 + 1
    assert rate.allow("192.0.2.7")


def test_a_new_session_from_the_same_source_is_refused_too(example_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import ui

    monkeypatch.setattr(ui, "_SLIDES_PER_SOURCE", presentatie.new_source_rate())
    monkeypatch.setattr(ui._SLIDES_PER_SOURCE, "limit", 1)
    monkeypatch.setattr(auth, "client_source", lambda: "192.0.2.7")
    first = _open_with("pages/uitgaven.py", {"regio": "ZHZ"})
    [b for b in first.button if b.label == "Naar presentatie"][0].click().run()
    assert [t.value for t in first.toast][-1].startswith("Toegevoegd als dia 1.")
    second = _open_with("pages/uitgaven.py", {"regio": "ZHZ"})          # a new session: a new presentation
    [b for b in second.button if b.label == "Naar presentatie"][0].click().run()
    assert [t.value for t in second.toast][-1] == (
        "Niet toegevoegd: vanaf dit adres zijn vandaag al 200 dia's gemaakt. Morgen kan het weer.")
    presentatie.clear(state.cursor(), first.session_state["presentatie"])
