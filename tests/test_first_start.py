"""The first start shows what is being loaded: the embedded files one by one, in the app (a status box with a progress
bar while the database is built off the script thread) and on the command line (stderr, when it is a terminal)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from jeugdhulp import db, voortgang
from loaders import defaults
from tests.conftest import TEST_KEY, app_on
from tests.test_pages import APP

SOURCE_NAMES = [Path(name).name for name, _, _ in defaults.SOURCE_FILES]


def test_build_tells_each_file_with_files_done(tmp_path: Path) -> None:
    heard: list[tuple[str, int, int]] = []
    con = db.connect(tmp_path / "x.duckdb")
    try:
        defaults.load_defaults(con, TEST_KEY, with_example=False, progress=lambda *a: heard.append(a))
    finally:
        con.close()
    total = 1 + len(SOURCE_NAMES)
    assert heard == [(defaults.REFERENCE_STAGE, 0, total),
                     *[(name, done, total) for done, name in enumerate(SOURCE_NAMES, start=1)],
                     (voortgang.STANDAARDGEGEVENS, total, total)]
    assert SOURCE_NAMES[0] == "gemeenten.csv" and len(heard) == 12


def test_terminal_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert defaults.terminal_progress() is None, "a log file or pipe gets no progress"
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    show = defaults.terminal_progress()
    show("gemeenten.csv", 1, 14)
    show(voortgang.STANDAARDGEGEVENS, 14, 14)
    lines = terminal.getvalue()
    assert lines.startswith("\rDatabase klaarzetten: gemeenten.csv: 1 van 14 — 0 s\033[K")
    assert lines.endswith("\rDatabase klaarzetten: standaardgegevens laden: 14 van 14 bestanden — 0 s\033[K\n")


@pytest.mark.usefixtures("apptest_runs_app_py")
def test_app_shows_the_first_build_then_the_page(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A fresh database: the first run shows the build's status box (no page, no error); once the build is done
    the next run shows Overzicht."""
    empty = tmp_path_factory.mktemp("eerste_start") / "jeugdhulp.duckdb"
    with app_on(empty, tmp_path_factory):
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.secrets["test_isolatie"] = "geen secrets.toml"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        [status] = at.status
        assert status.label.startswith("De database wordt klaargezet (eerste start: standaard- en voorbeeldgegevens "
                                       "laden) (")
        [bar] = status.get("progress")
        # The build runs beside the script: the first run catches it at its first stage (only the size shown,
        # "regio's, vormen en segmenten: 14") or a file later ("gemeenten.csv: 1 van 14").
        assert re.fullmatch(r".+: (14|\d+ van 14)", bar.proto.text), bar.proto.text
        assert not at.title, "the page waits for the database"
        job = state._database()
        assert job.wait(600) and job.error is None
        assert job.stages[0] == defaults.REFERENCE_STAGE and job.stages[-1] == voortgang.STANDAARDGEGEVENS
        assert "voorbeeld_trajecten.csv" in job.stages
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.status
        assert len(at.title) == 1
