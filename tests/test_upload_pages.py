"""AppTest for the Gegevens pages: who may upload (no role, password, OIDC), the check-then-load flow on
"Gegevens inlezen" and undoing a batch on "Geschiedenis". It loads and undoes batches, so it takes its own copy
of the session's example database (tests/conftest.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from dashboard import auth, state
from jeugdhulp import fmt, presentatie, safe
from loaders import importer, secret
from loaders.importer import undo_batch
from tests.conftest import CONTROLLER_PASSWORD, app_on, copy_example, make_csv
from tests.test_import_state import writer_held_elsewhere
from tests.test_pages import APP

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

INLEZEN = "pages/inlezen.py"
GESCHIEDENIS = "pages/geschiedenis.py"
INLEZEN_TITLE = "Gegevens inlezen"
GESCHIEDENIS_TITLE = "Wat is er ingelezen, en door wie?"
PASSWORD = CONTROLLER_PASSWORD   # the password_role fixture of tests/conftest.py sets it
PASSWORD_LABEL = "Wachtwoord voor controllers"
CSV_MIME = "text/csv"
HEADER = ["Gemeente", "Jaar", "Segment", "Bedrag"]
# 2026: a year the example data (2019-2025) has no spend for, so loading it conflicts with nothing.
GOOD_CSV = make_csv([HEADER, ["Dordrecht", "2026", "4A", "€ 1.234,56"]])
BAD_CSV = make_csv([HEADER, ["Dordrech", "2026", "4A", "€ 1.234,56"]])


@pytest.fixture(scope="module")
def example_db(example_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This module's own copy of the example database (it loads and undoes batches); the app points at it."""
    with app_on(copy_example(example_template, tmp_path_factory, "upload"), tmp_path_factory) as path:
        yield path


@pytest.fixture
def undo_new_batches(example_db: Path) -> Iterator[None]:
    """Whatever a test loads is undone afterwards, also when it fails halfway: the module shares one database."""
    before = _max_batch()
    yield
    for (batch_id,) in state.cursor().execute(
            "SELECT batch_id FROM batch WHERE batch_id > ? AND status = 'actief'", [before]).fetchall():
        undo_batch(state.cursor(), batch_id)
    st.cache_data.clear()


def open_page(page: str, secrets: dict[str, object] | None = None, query_params: dict[str, str] | None = None) -> AppTest:
    """A fresh session on `page`. Secrets are always replaced, so a developer's own
    .streamlit/secrets.toml (an [auth] section, a password) cannot change what these tests see."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets.update({"test_isolatie": "geen secrets.toml", **(secrets or {})})
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str) -> object:
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, f"{len(found)} buttons '{label}': {[b.label for b in at.button]}"
    return found[0]


def settle(at: AppTest) -> AppTest:
    """Wait for the page's check or import job (dashboard.jobs) to end and run the page again, as the page's polling
    fragment does in a browser; the page then shows the report."""
    job = at.session_state["inlezen_taak"] if "inlezen_taak" in at.session_state else None  # noqa: SIM401 - AppTest.session_state has no get()
    # Not "if job.running": a job that ended between the page's last run (which drew its progress) and this check
    # would leave that progress on the page (CI, under load: no success after Inlezen).
    if job is not None and not job.shown:
        assert job.wait(120), "the job did not end"
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def has_button(at: AppTest, label: str) -> bool:
    return any(b.label == label for b in at.button)


def log_in(at: AppTest, password: str) -> AppTest:
    [field] = [t for t in at.text_input if t.label == PASSWORD_LABEL]
    field.input(password)
    button(at, "Aanmelden").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def uploader_count(at: AppTest) -> int:
    return len(at.file_uploader)


def history(at: AppTest) -> object:
    """The batch table on the Geschiedenis page (as shown: numbers as Dutch text)."""
    return next(d.value for d in at.dataframe if "batch_id" in d.value.columns)


# --- smoke tests ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "title"), [(INLEZEN, INLEZEN_TITLE), (GESCHIEDENIS, GESCHIEDENIS_TITLE)],
                         ids=["inlezen", "geschiedenis"])
def test_gegevens_page_renders(example_db: Path, no_role: None, page: str, title: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert at.selectbox(key="filter_regio").value == "ZHZ", "the shared filter bar is missing from the sidebar"


def test_geschiedenis_lists_the_example_batches(example_db: Path, no_role: None) -> None:
    table = history(open_page(GESCHIEDENIS))
    assert table.loc[table["bestand"] == "gemeenten.csv", ["status", "kind"]].values.tolist() == [
        ["actief", "Gemeenten"]]   # the kind by its Dutch name
    assert "gebruiker" not in table.columns, "who loaded is for controllers only (tests/test_access.py)"


# --- who may upload ---------------------------------------------------------------------------------

def test_without_a_role_upload_is_switched_off(example_db: Path, no_role: None) -> None:
    at = open_page(INLEZEN)
    assert any(w.value.startswith("Inlezen is uitgeschakeld") for w in at.warning)
    assert "JEUGDHULP_CONTROLLER_WACHTWOORD" in " ".join(m.value for m in at.markdown)
    assert uploader_count(at) == 0
    assert not has_button(at, "Controleren") and not has_button(at, "Inlezen")
    assert [t.label for t in at.text_input] == []


def test_without_a_role_there_is_nothing_to_undo(example_db: Path, no_role: None) -> None:
    at = open_page(GESCHIEDENIS)
    assert any(w.value.startswith("Inlezen is uitgeschakeld") for w in at.warning)
    assert not has_button(at, "Ongedaan maken")
    assert "geschiedenis_batch" not in [s.key for s in at.selectbox]


def test_wrong_password_is_refused(example_db: Path, password_role: str) -> None:
    at = open_page(INLEZEN)
    assert uploader_count(at) == 0
    log_in(at, "fout-wachtwoord")
    assert [e.value for e in at.error] == ["Dat wachtwoord klopt niet."]
    assert uploader_count(at) == 0
    assert [t.label for t in at.text_input] == [PASSWORD_LABEL], "the form should still be there"


def test_right_password_shows_the_uploader(example_db: Path, password_role: str) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    assert not at.error
    assert uploader_count(at) == 1
    assert at.file_uploader[0].accept_multiple_files
    assert PASSWORD_LABEL not in [t.label for t in at.text_input]
    assert any(c.value == "Aangemeld als controller (wachtwoord)." for c in at.caption)
    # Nothing uploaded yet: both actions are disabled.
    assert button(at, "Controleren").disabled and button(at, "Inlezen").disabled


def test_hashed_password_works(example_db: Path, no_role: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.ENV_PASSWORD, auth.hash_password("een-lang-geheim", iterations=1_000))
    at = open_page(INLEZEN)
    log_in(at, "pbkdf2_sha256$1000")  # the hash's prefix is not the password
    assert [e.value for e in at.error] == ["Dat wachtwoord klopt niet."]
    log_in(at, "een-lang-geheim")
    assert not at.error
    assert uploader_count(at) == 1


def test_undo_controls_only_after_login(example_db: Path, password_role: str) -> None:
    at = open_page(GESCHIEDENIS)
    assert not has_button(at, "Ongedaan maken")
    assert "geschiedenis_batch" not in [s.key for s in at.selectbox]
    assert [t.label for t in at.text_input] == [PASSWORD_LABEL]

    log_in(at, password_role)
    assert [t.value for t in at.title] == [GESCHIEDENIS_TITLE]
    active = history(at).query("status == 'actief'")["batch_id"].astype(int).tolist()
    assert at.selectbox(key="geschiedenis_batch").options == [str(b) + " — " + name for b, name in zip(
        active, history(at).query("status == 'actief'")["bestand"], strict=True)]
    assert at.selectbox(key="geschiedenis_batch").value is None, "no batch is preselected"
    assert not at.checkbox(key="geschiedenis_zeker").value
    assert button(at, "Ongedaan maken").disabled, "undo needs a batch and the confirmation first"


def test_oidc_shows_a_login_button_and_no_uploader(example_db: Path, password_role: str) -> None:
    """With an [auth] section OIDC wins over the password; an anonymous visitor only sees "Inloggen"."""
    oidc = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test",
                     "client_id": "x", "client_secret": "y",
                     "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}}
    at = open_page(INLEZEN, secrets=oidc)
    assert button(at, "Inloggen").proto.type == "primary"
    assert uploader_count(at) == 0
    assert PASSWORD_LABEL not in [t.label for t in at.text_input]
    assert any("organisatie-account" in i.value for i in at.info)

    at.switch_page(GESCHIEDENIS).run()
    assert not at.exception
    assert has_button(at, "Inloggen") and not has_button(at, "Ongedaan maken")


# --- the upload flow --------------------------------------------------------------------------------

def test_bad_file_is_refused_with_codes(example_db: Path, password_role: str) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("fout.csv", BAD_CSV, CSV_MIME)).run()
    assert not at.exception
    settle(button(at, "Controleren").click().run())
    assert not at.exception, [e.value for e in at.exception]

    [error] = at.error
    assert error.value.startswith("**fout.csv** is geweigerd: 1 melding.")
    problems = next(d.value for d in at.dataframe if "code" in d.value.columns)
    assert problems[["rij", "kolom", "waarde", "code"]].values.tolist() == [["2", "Gemeente", "Dordrech", "onbekende-gemeente"]]
    assert problems["melding"].tolist() == ["Onbekende gemeente 'Dordrech'. Bedoelde u Dordrecht?"]
    assert "Rapport met gemarkeerde cellen (Excel)" in [b.label for b in at.get("download_button")]
    assert not at.success


def test_good_file_is_loaded_then_undone(example_db: Path, password_role: str, undo_new_batches: None) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()

    settle(button(at, "Controleren").click().run())
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["**uitgaven-2026.csv** is gecontroleerd: geen fouten."]
    assert _spend_2026() == [], "checking must not write anything"

    settle(button(at, "Inlezen").click().run())
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert len(at.success) == 1, [w.value for w in at.warning]   # a busy or conflict warning says why not
    [success] = at.success
    match = re.fullmatch(r"\*\*uitgaven-2026\.csv\*\* is ingelezen \(inleesronde (\d+)\)\.", success.value)
    assert match, success.value
    batch_id = int(match.group(1))
    summary = next(d.value for d in at.dataframe if "Blad" in d.value.columns)
    assert summary.values.tolist() == [["csv", "uitgaven", "1", "realisatie € 1.234,56"]]
    assert _spend_2026() == [("GM0505", "ZHZ", "4A", 2026, "realisatie", 1234.56, batch_id)]
    assert _batch_status(batch_id) == ("actief", "controller (wachtwoord)", "uitgaven-2026.csv")

    # The same session goes on to Geschiedenis (still logged in) and undoes the batch.
    at.switch_page(GESCHIEDENIS).run()
    assert not at.exception, [e.value for e in at.exception]
    row = history(at).query(f"batch_id == '{batch_id}'")
    assert row[["status", "gebruiker", "bestand", "bedrag_eur"]].values.tolist() == [
        ["actief", "controller (wachtwoord)", "uitgaven-2026.csv", "1.234,56"]]   # under "Totaal ... (€)"
    at.selectbox(key="geschiedenis_batch").set_value(batch_id)
    at.checkbox(key="geschiedenis_zeker").check()
    at.run()
    button(at, "Ongedaan maken").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error

    assert [m.value for m in at.success] == [f"Inleesronde {batch_id} is ongedaan gemaakt."]
    assert history(at).query(f"batch_id == '{batch_id}'")["status"].tolist() == ["ongedaan"]
    assert _batch_status(batch_id)[0] == "ongedaan"
    assert _spend_2026() == [], "the undone figures must leave every view"
    assert batch_id not in [int(o.split(" ")[0]) for o in at.selectbox(key="geschiedenis_batch").options]
    # Every undo asks again: nothing selected, confirmation unticked, button disabled.
    assert at.selectbox(key="geschiedenis_batch").value is None
    assert not at.checkbox(key="geschiedenis_zeker").value
    assert button(at, "Ongedaan maken").disabled


def test_loading_the_same_file_twice_is_refused(example_db: Path, password_role: str, undo_new_batches: None) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    settle(button(at, "Inlezen").click().run())
    assert at.success and "is ingelezen" in at.success[0].value, [w.value for w in at.warning]
    settle(button(at, "Inlezen").click().run())
    assert not at.exception
    assert not at.success
    assert at.error[0].value.startswith("**uitgaven-2026.csv** is geweigerd")
    problems = next(d.value for d in at.dataframe if "code" in d.value.columns)
    assert problems["code"].tolist() == ["al-geladen"]
    assert problems["rij"].tolist() == [""]      # a problem of the whole file: no row, and no "None" either
    assert "Rapport met gemarkeerde cellen (Excel)" not in [b.label for b in at.get("download_button")]  # nothing to mark
    assert len(_spend_2026()) == 1


# --- bugs found while writing these tests -----------------------------------------------------------

def test_two_refused_files_with_the_same_name(example_db: Path, password_role: str) -> None:
    other = make_csv([HEADER, ["Gorinchme", "2026", "4A", "1"]])
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value([("fout.csv", BAD_CSV, CSV_MIME), ("fout.csv", other, CSV_MIME)])
    at.run()
    with patch_config_options({"client.showErrorDetails": "full"}):  # the app's config redacts the error
        settle(button(at, "Controleren").click().run())
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 2
    assert [b.label for b in at.get("download_button")].count("Rapport met gemarkeerde cellen (Excel)") == 2


def test_import_of_a_new_year_keeps_the_year_filter(example_db: Path, password_role: str,
                                                     undo_new_batches: None) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    before = at.slider(key="filter_jaren").value
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    settle(button(at, "Inlezen").click().run())
    assert at.success and "is ingelezen" in at.success[0].value, [w.value for w in at.warning]
    at.switch_page("pages/uitgaven.py").run()
    assert not at.exception
    assert at.slider(key="filter_jaren").max == 2026, "the new year can be chosen"
    assert at.slider(key="filter_jaren").value == before


def test_year_without_population_shows_no_infinite_average(example_db: Path, password_role: str,
                                                           undo_new_batches: None) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    settle(button(at, "Inlezen").click().run())
    assert at.success and "is ingelezen" in at.success[0].value, [w.value for w in at.warning]

    at = open_page("pages/uitgaven.py", query_params={"regio": "ZHZ", "jaren": "2020,2026"})
    assert at.slider(key="filter_jaren").value == (2020, 2026)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    [per_gemeente] = [s for s in specs if s["layout"]["title"]["text"].startswith("Uitgaven per jeugdige per gemeente, 2026")]
    texts = [a.get("text", "") for a in per_gemeente["layout"].get("annotations", [])]
    assert not any("∞" in t for t in texts), texts


# --- the state an import writes (issue 10, items 3 and 9) ---------------------------------------------

def test_second_import_at_once_is_told_to_wait(example_db: Path, password_role: str, undo_new_batches: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "WRITE_WAIT_SECONDS", 0.3)
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    with writer_held_elsewhere():       # another controller's import is being written
        settle(button(at, "Inlezen").click().run())
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success and not at.error
    # Not the file's fault: one plain sentence, no table of problems.
    assert [w.value for w in at.warning] == [
        "**uitgaven-2026.csv** is niet ingelezen. Er wordt al een bestand ingelezen (door een andere gebruiker of in "
        "een ander venster). Er is niets ingelezen; probeer het zo opnieuw."]
    assert not any("code" in d.value.columns for d in at.dataframe)
    assert _spend_2026() == []

    settle(button(at, "Inlezen").click().run())     # the other import is done: now it loads
    assert "is ingelezen" in at.success[0].value
    assert len(_spend_2026()) == 1


def test_another_sessions_import_is_shown_and_loading_waits(example_db: Path, password_role: str) -> None:
    """A controller who opens the page while another session's import runs (its tab may be closed) is told so with
    its progress. A click on Inlezen meanwhile is answered: nothing is loaded, try again (fresh eyes: a click made as
    the other import began was lost without a word, because the button it hit was off by then)."""
    from dashboard import jobs

    slot = jobs._import_slot()
    assert slot.acquire(blocking=False)
    # Never started: running. Its title as start_import makes it, the file name escaped.
    other = jobs.Job(title=safe.md("groot_[x](javascript:alert(1)).xlsx") + " wordt ingelezen")
    other.progress("controleren", 900_000, 1_800_000)
    slot.job = other
    try:
        at = log_in(open_page(INLEZEN), password_role)
        at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
        [notice] = [i.value for i in at.info if i.value.startswith("Nu wordt ingelezen")]
        # The file name is data (escaped markdown: no link), the count Dutch; the seconds go on.
        assert re.fullmatch(r"Nu wordt ingelezen: groot\\_\\\[x\\\]\(javascript\\:alert\(1\)\)\.xlsx — controleren: "
                            r"900\.000 van 1\.800\.000 cellen \(\d+ s bezig\)\. Een volgend bestand kan worden ingelezen "
                            r"zodra dat klaar is; controleren kan nu al\.", notice), notice
        assert not button(at, "Inlezen").disabled and not button(at, "Controleren").disabled
        button(at, "Inlezen").click().run()
        assert [w.value for w in at.warning] == [
            "**uitgaven-2026.csv** is niet ingelezen. Er wordt al een bestand ingelezen (door een andere gebruiker of in "
            "een ander venster). Er is niets ingelezen; probeer het zo opnieuw."]
        assert _spend_2026() == []
    finally:
        slot.release()
    at.run()
    assert not [i for i in at.info if i.value.startswith("Nu wordt ingelezen")]
    assert not button(at, "Inlezen").disabled


def test_import_shows_its_stages_while_it_runs_and_is_found_again(example_db: Path, password_role: str,
                                                                   undo_new_batches: None) -> None:
    """The import runs in a job: while it waits (here for another writer) the page shows the stages heard so far and
    a progress bar, the buttons are off, and after a visit to another page the same job is shown until it ends."""
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    with writer_held_elsewhere():
        button(at, "Inlezen").click().run()
        assert not at.exception, [e.value for e in at.exception]
        [status] = at.status
        assert status.label.startswith("uitgaven-2026.csv wordt ingelezen (")
        assert status.state == "running"
        assert [m.value for m in status.markdown] == [":material/check: lezen", ":gray[opslaan]",
                                                      ":gray[overzichten bijwerken]"]
        [bar] = status.get("progress")
        assert bar.proto.text.startswith("controleren")
        assert button(at, "Inlezen").disabled and not at.success

        at.switch_page(GESCHIEDENIS).run()
        at.switch_page(INLEZEN).run()
        assert not at.exception, [e.value for e in at.exception]
        assert [s.label.split(" (")[0] for s in at.status] == ["uitgaven-2026.csv wordt ingelezen"]
        assert _spend_2026() == [], "nothing is visible before the import commits"
    settle(at)
    assert not at.status
    [success] = at.success
    assert re.fullmatch(r"\*\*uitgaven-2026\.csv\*\* is ingelezen \(inleesronde \d+\)\.", success.value)
    assert len(_spend_2026()) == 1
    assert has_button(at, "Bekijk uitgaven-2026.csv: Dordrecht, 2026")     # the one gemeente the file has


def test_refusal_in_a_job_shows_its_problems_and_writes_nothing(example_db: Path, password_role: str) -> None:
    before = _max_batch()
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("fout.csv", BAD_CSV, CSV_MIME)).run()
    settle(button(at, "Inlezen").click().run())
    assert not at.status and not at.success
    assert at.error[0].value.startswith("**fout.csv** is geweigerd: 1 melding. Er is niets ingelezen")
    problems = next(d.value for d in at.dataframe if "code" in d.value.columns)
    assert problems["code"].tolist() == ["onbekende-gemeente"]
    assert "Rapport met gemarkeerde cellen (Excel)" in [b.label for b in at.get("download_button")]
    assert _max_batch() == before
    at.run()    # another rerun (the download button makes one): the report stays
    assert at.error[0].value.startswith("**fout.csv** is geweigerd")


def test_undo_while_another_import_writes_says_so(example_db: Path, password_role: str, undo_new_batches: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    settle(button(at, "Inlezen").click().run())
    batch_id = int(re.search(r"inleesronde (\d+)", at.success[0].value).group(1))
    at.switch_page(GESCHIEDENIS).run()
    at.selectbox(key="geschiedenis_batch").set_value(batch_id)
    at.checkbox(key="geschiedenis_zeker").check()
    at.run()
    monkeypatch.setattr(importer, "WRITE_WAIT_SECONDS", 0.3)
    with writer_held_elsewhere():
        button(at, "Ongedaan maken").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [
        f"Inleesronde {batch_id} is niet ongedaan gemaakt. Er wordt al een bestand ingelezen (door een andere gebruiker "
        "of in een ander venster); probeer het zo opnieuw."]
    assert _batch_status(batch_id)[0] == "actief"


def test_trajecten_with_another_key_are_refused_on_the_page(example_db: Path, password_role: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The example data was pseudonymised with the key file's key; a key set later in the environment
    would count the same clients as new youths."""
    trajecten = make_csv([["client", "gemeente", "segment", "startdatum"], ["K-1", "Dordrecht", "4A", "01-02-2025"]])
    before = state.cursor().execute("SELECT count(*) FROM trajecten").fetchone()
    monkeypatch.setenv(secret.ENV_KEY, "een-later-gekozen-sleutel")
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("trajecten.csv", trajecten, CSV_MIME)).run()
    settle(button(at, "Controleren").click().run())
    assert [d.value for d in at.dataframe if "code" in d.value.columns][0]["code"].tolist() == ["andere-sleutel"]
    settle(button(at, "Inlezen").click().run())
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success
    problems = next(d.value for d in at.dataframe if "code" in d.value.columns)
    assert problems["code"].tolist() == ["andere-sleutel"]
    assert problems["melding"].iloc[0].startswith("De sleutel voor pseudonimisering verschilt van de sleutel waarmee "
                                                  "deze database is opgebouwd")
    assert state.cursor().execute("SELECT count(*) FROM trajecten").fetchone() == before


def _spend_2026() -> list[tuple]:
    """Visible spend for 2026, read through the app's own cached connection (a second connection from
    this process would clash with it)."""
    return state.cursor().execute(
        "SELECT gemeente_code, regio_code, segment_code, jaar, soort, bedrag_eur::DOUBLE, batch_id"
        " FROM stg_uitgaven WHERE jaar = 2026 ORDER BY ALL").fetchall()


def _max_batch() -> int:
    return state.cursor().execute("SELECT coalesce(max(batch_id), 0) FROM batch").fetchone()[0]


def _batch_status(batch_id: int) -> tuple:
    return state.cursor().execute(
        "SELECT status, gebruiker, bestand FROM batch WHERE batch_id = ?", [batch_id]).fetchone()


# --- the password check itself ----------------------------------------------------------------------

def test_plain_password_matches() -> None:
    assert auth.password_matches("geheim-wachtwoord", "geheim-wachtwoord")
    assert not auth.password_matches("geheim-wachtwoord ", "geheim-wachtwoord")
    assert not auth.password_matches("", "geheim-wachtwoord")


def test_hashed_password_matches() -> None:
    hashed = auth.hash_password("geheim-wachtwoord", iterations=1_000)
    assert re.fullmatch(r"pbkdf2_sha256\$1000\$[0-9a-f]{32}\$[0-9a-f]{64}", hashed)
    assert auth.password_matches("geheim-wachtwoord", hashed)
    assert not auth.password_matches("Geheim-wachtwoord", hashed)
    assert not auth.password_matches(hashed, hashed), "the hash itself is not the password"


def test_hash_is_salted_and_reproducible() -> None:
    assert auth.hash_password("x", iterations=1_000) != auth.hash_password("x", iterations=1_000)
    assert auth.hash_password("x", "zout", 1_000) == auth.hash_password("x", "zout", 1_000)
    assert auth.hash_password("x", "zout").startswith(f"pbkdf2_sha256${auth.PBKDF2_ITERATIONS}$zout$")


def test_after_a_load_the_view_and_a_ready_deck_of_that_data(example_db: Path, password_role: str,
                                                           undo_new_batches: None) -> None:
    """Issue 17 part 2: the upload result links to exactly what was loaded (Dordrecht, 2026) and makes a deck of it,
    opened on the Presentatie page with the proposed title slide."""
    at = log_in(open_page(INLEZEN), password_role)
    at.file_uploader(key="inlezen_bestanden").set_value(("uitgaven-2026.csv", GOOD_CSV, CSV_MIME)).run()
    settle(button(at, "Inlezen").click().run())
    assert has_button(at, "Bekijk uitgaven-2026.csv: Dordrecht, 2026")
    button(at, "Maak hiervan een presentatie").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Presentatie"]
    assert (at.query_params["gemeenten"], at.query_params["jaren"]) == ("GM0505", "2026,2026")
    token = at.session_state["presentatie"]
    assert at.query_params["presentatie"] == token
    fields = {t.label: t.value for t in at.text_input}
    today = fmt.date_nl(datetime.now(UTC))
    assert fields["Titel van de presentatie"] == "Jeugdhulp in Dordrecht, 2026"
    assert fields["Ondertitel"] == f"Bron: uitgaven-2026.csv, ingelezen {today}"
    slides = presentatie.dias(state.cursor(), token)
    # 2026 has no population yet: the charts per youth have nothing to draw and are left out of the deck; one year
    # has no stack of one bar per segment.
    assert [d.sleutel for d in slides] == ["uitgaven_aandeel_segment", "consultatie_rangorde"]
    assert [s.value for s in at.subheader] == ["Dia's (2)"]
    assert slides[0].table()["Realisatie (EUR)"].tolist() == [1234.56]
    assert slides[0].bron.startswith("uitgaven-2026.csv, ingelezen op ")

    # The controller edits the title; it is kept with the presentation, as a reload or a shared link finds it.
    at.text_input(key=f"dia_titel_{token}").input("Jeugdhulp Dordrecht: realisatie 2026").run()
    assert not at.exception, [e.value for e in at.exception]
    assert presentatie.kop(state.cursor(), token) == ("Jeugdhulp Dordrecht: realisatie 2026",
                                                      f"Bron: uitgaven-2026.csv, ingelezen {today}")
