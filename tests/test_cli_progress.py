"""The command line's progress bar: on stderr when that is a terminal, nothing extra when it is piped."""

from __future__ import annotations

import io
import sys

import pytest

from jeugdhulp import voortgang
from loaders import cli
from tests.test_cli import GOOD, db_path, seeded_db  # noqa: F401 - the fixtures of the command line tests


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_draws_stage_bar_and_rows_in_place():
    stream = FakeTerminal()
    bar = voortgang.ProgressBar(stream, "trajecten.xlsx", clock=lambda: 5.0)   # every call at the same moment
    bar("lezen", 0, 0)
    bar("controleren", 0, 1_000_000)
    bar("controleren", 250_000, 1_000_000)   # same stage, within 0,1 s: not redrawn
    bar("controleren", 1_000_000, 1_000_000)
    bar.close()
    lines = stream.getvalue().split("\r")
    assert lines[0] == ""
    assert lines[1].rstrip() == "trajecten.xlsx  lezen                  [........................]"
    # Before the first column is checked the line says how much there is to check, not "0 van".
    assert lines[2].rstrip() == "trajecten.xlsx  controleren            [........................]  1.000.000 cellen"
    assert lines[3] == ("trajecten.xlsx  controleren            [########################]  1.000.000 van 1.000.000 "
                        "cellen\n")
    assert len(lines) == 4


def test_a_shorter_line_wipes_the_longer_one_before_it():
    stream = FakeTerminal()
    bar = voortgang.ProgressBar(stream, "t.csv")
    bar("opslaan", 5, 10)
    bar("overzichten bijwerken", 0, 0)
    first, second = stream.getvalue().split("\r")[1:]
    assert len(second) >= len(first)


def test_no_bar_when_not_a_terminal():
    assert voortgang.progress_bar(io.StringIO(), "t.csv") is None
    assert isinstance(voortgang.progress_bar(FakeTerminal(), "t.csv"), voortgang.ProgressBar)


def test_import_piped_prints_the_report_only(tmp_path, db_path, capsys):  # noqa: F811
    (tmp_path / "u.csv").write_bytes(GOOD)
    assert cli.main(["--db", str(db_path), "import", str(tmp_path / "u.csv")]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines()[0].startswith("u.csv: OK (ingelezen; sha256 ")


def test_import_in_a_terminal_shows_every_stage_on_stderr(tmp_path, db_path, capsys, monkeypatch):  # noqa: F811
    (tmp_path / "u.csv").write_bytes(GOOD)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["--db", str(db_path), "import", str(tmp_path / "u.csv")]) == 0
    drawn = terminal.getvalue()
    for stage in ("lezen", "controleren", "opslaan"):
        assert f"u.csv  {stage}" in drawn
    assert "2 van 2 regels" in drawn      # opslaan: the rows stored
    assert "cellen" in drawn              # controleren counts cells, column by column
    assert drawn.endswith("\n")
    assert capsys.readouterr().out.splitlines()[0].startswith("u.csv: OK (ingelezen; sha256 ")


@pytest.mark.parametrize("command", ["check", "import"])
def test_a_refused_file_ends_the_bar_line_too(tmp_path, db_path, monkeypatch, command):  # noqa: F811
    (tmp_path / "leeg.csv").write_bytes(b"")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["--db", str(db_path), command, str(tmp_path / "leeg.csv")]) == 1
    assert terminal.getvalue() in ("", "\rleeg.csv  lezen                  [........................]\n")
