"""`python -m loaders controller` (issue 17, part 1): a controller password set on the command line, stored as a
hash only, taken up by the running app without a restart; the Gegevens pages say how in one sentence."""

from __future__ import annotations

import getpass
import stat
from pathlib import Path

import pytest

from dashboard import auth
from jeugdhulp import wachtwoord
from loaders import cli
from tests.test_upload_pages import INLEZEN, PASSWORD_LABEL, log_in, open_page

NEW_PASSWORD = "raadsinfo-2026-geheim"


@pytest.fixture
def password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "controller-wachtwoord"
    monkeypatch.setenv(wachtwoord.ENV_FILE, str(path))
    return path


def answer(monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
    replies = iter(answers)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(replies))


def test_the_command_stores_only_a_hash_readable_by_its_owner(password_file: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    answer(monkeypatch, NEW_PASSWORD, NEW_PASSWORD)
    assert cli.main(["controller"]) == 0
    text = password_file.read_text(encoding="utf-8")
    assert NEW_PASSWORD not in text and text.startswith("pbkdf2_sha256$240000$")
    assert wachtwoord.password_matches(NEW_PASSWORD, text.strip())
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    out = capsys.readouterr().out
    assert "meteen, zonder herstart" in out and str(password_file) in out


@pytest.mark.parametrize(("answers", "message"), [
    (("kort-geheim", "kort-geheim"), "korter dan 12 tekens"),
    ((NEW_PASSWORD, NEW_PASSWORD + "x"), "De wachtwoorden verschillen. Er is niets veranderd."),
    (("x" * 257, "x" * 257), "langer dan 256 tekens"),
    (("😀" * 130, "😀" * 130), "langer dan 256 tekens"),    # 260 in the login field, which counts as JavaScript
    ((" " * 14, " " * 14), "alleen uit spaties"),
])
def test_a_short_or_mistyped_password_changes_nothing(password_file: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str], answers: tuple[str, str],
                                                      message: str) -> None:
    answer(monkeypatch, *answers)
    assert cli.main(["controller"]) == 1
    assert message in capsys.readouterr().err
    assert not password_file.exists()


@pytest.mark.parametrize("text", ["gewoon-een-wachtwoord", "pbkdf2_sha256$0$abcd$" + "0" * 64,
                                  "pbkdf2_sha256$²$abcd$" + "0" * 64, "pbkdf2_sha256$1000$é$" + "0" * 64, ""])
def test_a_file_without_a_valid_hash_switches_the_role_off(password_file: Path, monkeypatch: pytest.MonkeyPatch,
                                                            text: str) -> None:
    password_file.parent.mkdir(parents=True)
    password_file.write_text(text + "\n", encoding="utf-8")
    monkeypatch.setenv(auth.ENV_PASSWORD, "oud-wachtwoord-uit-de-omgeving")   # never a silent fall-back to it
    assert auth.configured_password() == wachtwoord.INVALID_FILE
    assert "bevat geen geldige hash" in auth.password_problem(wachtwoord.INVALID_FILE)
    assert not wachtwoord.password_matches("x", text)


def test_a_broken_off_prompt_or_an_unwritable_place_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(prompt: str) -> str:
        raise EOFError
    monkeypatch.setattr(getpass, "getpass", interrupted)
    assert cli.main(["controller"]) == 1
    assert capsys.readouterr().err.strip() == "Afgebroken. Er is niets veranderd."
    monkeypatch.setenv(wachtwoord.ENV_FILE, str(tmp_path))          # a folder, not a file
    answer(monkeypatch, NEW_PASSWORD, NEW_PASSWORD)
    assert cli.main(["controller"]) == 1
    assert "kan niet bewaard worden" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_running_app_takes_the_password_without_a_restart(example_db: Path, no_role: None, password_file: Path,
                                                               apptest_runs_app_py: None) -> None:
    at = open_page(INLEZEN)
    assert [w.value for w in at.warning] == ["Inlezen is uitgeschakeld: er is geen controller-rol ingesteld."]
    assert any("`python -m loaders controller`" in m.value and "zonder herstart" in m.value for m in at.markdown)
    wachtwoord.store(NEW_PASSWORD)          # what the command does, while this app session goes on
    at.run()
    assert PASSWORD_LABEL in [t.label for t in at.text_input]
    log_in(at, NEW_PASSWORD)
    assert len(at.file_uploader) == 1


def test_the_commands_password_wins_over_the_environment(password_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.ENV_PASSWORD, "oud-wachtwoord-uit-de-omgeving")
    wachtwoord.store(NEW_PASSWORD)
    assert wachtwoord.password_matches(NEW_PASSWORD, auth.configured_password())


def test_a_new_password_signs_out_a_session_of_the_old_one(example_db: Path, no_role: None, password_file: Path,
                                                            apptest_runs_app_py: None) -> None:
    wachtwoord.store(NEW_PASSWORD)
    at = open_page(INLEZEN)
    log_in(at, NEW_PASSWORD)
    assert len(at.file_uploader) == 1
    wachtwoord.store("een-ander-wachtwoord-2027")
    at.run()
    assert len(at.file_uploader) == 0 and PASSWORD_LABEL in [t.label for t in at.text_input]
