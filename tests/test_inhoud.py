"""The same rows are never loaded twice (loaders.inhoud): a workbook saved again by Excel (other bytes, same rows),
renamed, re-sorted or re-typed as CSV is refused as loaded before, with the batch that holds them; a file with one
row changed is a new round; 'vervangen' and undo still let the rows in. The stored digest is keyed."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import duckdb

from loaders import inhoud
from loaders.importer import InputFile, check_against_database, check_content, check_file, undo_batch
from loaders.reference import Reference
from tests.conftest import TEST_KEY, load, make_csv, make_xlsx, table_snapshot

HEADER = ["Cliëntnummer", "Gemeente", "Segment", "Startdatum", "Einddatum"]
ROWS = [["K1", "Dordrecht", "4A", dt.date(2024, 1, 3), dt.date(2024, 6, 30)],
        ["K2", "Gorinchem", "3", dt.date(2024, 2, 1), None],
        ["K3", "Dordrecht", "1", dt.date(2024, 3, 15), dt.date(2024, 4, 1)]]


def _resaved(data: bytes) -> bytes:
    """What Excel's 'Opslaan' does to an unchanged workbook: new document properties, the zip written again."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in reversed(source.infolist()):
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = body.replace(b"</cp:coreProperties>",
                                    b"<cp:lastModifiedBy>Controller</cp:lastModifiedBy></cp:coreProperties>")
            target.writestr(info.filename, body)
    return out.getvalue()


def _trajecten(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM trajecten").fetchone()[0]


def test_a_resaved_workbook_is_refused_as_the_same_rows(con) -> None:
    first = make_xlsx({"Trajecten": [HEADER, *ROWS]})
    loaded = load(con, "trajecten_zhz_2024.xlsx", first, kind="trajecten")
    assert loaded.ok and loaded.batch_ids == [2]
    count = _trajecten(con)
    before = table_snapshot(con)
    again = _resaved(first)
    assert again != first
    refused = load(con, "trajecten_zhz_2024 (2).xlsx", again, kind="trajecten")
    assert [(p.code, p.sheet, p.value) for p in refused.problems] == [("zelfde-inhoud", "Trajecten", "2")]
    assert refused.problems[0].message == (
        "Deze regels zijn al eerder ingelezen (inleesronde 2), ook al heeft het bestand een andere naam of is het "
        "opnieuw opgeslagen. Nog eens inlezen zou ze dubbel tellen. Kies 'vervangen' om ze opnieuw te laden.")
    assert table_snapshot(con) == before and _trajecten(con) == count


def test_the_same_rows_reordered_or_as_csv_are_the_same_content(con) -> None:
    assert load(con, "trajecten.xlsx", make_xlsx({"Trajecten": [HEADER, *ROWS]}), kind="trajecten").ok
    before = table_snapshot(con)
    reordered = load(con, "anders.xlsx", make_xlsx({"Blad1": [HEADER, *ROWS[::-1]]}), kind="trajecten")
    assert [(p.code, p.sheet) for p in reordered.problems] == [("zelfde-inhoud", "Blad1")]
    as_text = [[c.strftime("%d-%m-%Y") if isinstance(c, dt.date) else ("" if c is None else c) for c in row]
               for row in ROWS]
    csv = load(con, "trajecten.csv", make_csv([HEADER, *as_text]), kind="trajecten")
    assert [p.code for p in csv.problems] == ["zelfde-inhoud"]
    assert table_snapshot(con) == before


def test_other_trajectories_in_the_same_shape_are_a_new_round(con) -> None:
    assert load(con, "ronde1.xlsx", make_xlsx({"Trajecten": [HEADER, *ROWS]}), kind="trajecten").ok
    others = [[f"L{n}", *row[1:]] for n, row in enumerate(ROWS)]     # other clients, the same dates and segments
    second = load(con, "ronde2.xlsx", make_xlsx({"Trajecten": [HEADER, *others]}), kind="trajecten")
    assert second.ok and second.batch_ids == [3]


def test_replace_and_undo_let_the_same_rows_in_again(con) -> None:
    first = make_xlsx({"Trajecten": [HEADER, *ROWS]})
    assert load(con, "a.xlsx", first, kind="trajecten").batch_ids == [2]
    replaced = load(con, "b.xlsx", _resaved(first), kind="trajecten", replace=True)
    assert replaced.ok and replaced.batch_ids == [3]
    assert undo_batch(con, 3) and undo_batch(con, 2)
    assert load(con, "c.xlsx", _resaved(first), kind="trajecten").batch_ids == [4]


def test_a_check_says_so_before_the_import(con) -> None:
    first = make_xlsx({"Trajecten": [HEADER, *ROWS]})
    assert load(con, "a.xlsx", first, kind="trajecten").ok
    report, results = check_file(con, InputFile("b.xlsx", _resaved(first), "trajecten"), key=TEST_KEY)
    assert report.ok
    check_against_database(con, report, results, key=TEST_KEY)
    assert [(p.code, p.value) for p in report.problems] == [("zelfde-inhoud", "2")]


def test_the_stored_digest_is_keyed(con) -> None:
    data = make_xlsx({"Trajecten": [HEADER, *ROWS]})
    assert load(con, "a.xlsx", data, kind="trajecten").ok
    stored = con.execute("SELECT inhoud FROM batch WHERE batch_id = 2").fetchone()[0]
    _, results = check_content(InputFile("a.xlsx", data, "trajecten"), Reference.from_db(con), TEST_KEY)
    assert len(stored) == 64 and stored != results[0].inhoud
    assert stored == inhoud.stored(TEST_KEY, results[0]) != inhoud.stored(b"another key" * 3, results[0])


def test_fast_and_precise_paths_give_the_same_digest(con) -> None:
    rows = [[f"K{i}", "Dordrecht" if i % 3 else "Gorinchem", "4A", dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
             None if i % 4 else dt.date(2024, 12, 31)] for i in range(400)]
    upload = InputFile("groot.xlsx", make_xlsx({"Trajecten": [HEADER, *rows]}), "trajecten")
    ref = Reference.from_db(con)
    fast, fast_results = check_content(upload, ref, TEST_KEY, fast=True)
    precise, precise_results = check_content(upload, ref, TEST_KEY, fast=False)
    assert fast.ok and precise.ok
    assert fast_results[0].inhoud == precise_results[0].inhoud


def test_a_marked_copy_only_when_a_cell_can_be_marked_and_never_with_bsns() -> None:
    from loaders.problems import Problem
    from loaders.report import worth_a_copy

    assert worth_a_copy([Problem("onbekende-gemeente", sheet="Blad1", row=2, column="Gemeente", value="Dordrech")])
    assert not worth_a_copy([Problem("al-geladen", value="2")])
    assert not worth_a_copy([Problem("zelfde-inhoud", sheet="Trajecten", value="2")])
    assert not worth_a_copy([Problem("import-bezig")])
    assert not worth_a_copy([Problem("bsn-kolom", sheet="Blad1", row=1, column="BSN"),
                             Problem("geen-datum", sheet="Blad1", row=3, column="Startdatum", value="x")])


def test_a_file_repeating_part_of_an_earlier_one_is_refused_row_by_row(con) -> None:
    """Probe (fresh eyes): last month's rows plus one new row, or one end date changed, loaded as a new round and
    counted those trajectories twice (Trajecten 10 -> 21 -> 31, jeugdigen 10 -> 11)."""
    assert load(con, "januari.xlsx", make_xlsx({"Trajecten": [HEADER, *ROWS]}), kind="trajecten").batch_ids == [2]
    count, before = _trajecten(con), table_snapshot(con)
    plus_one = [*ROWS, ["K4", "Dordrecht", "4A", dt.date(2024, 4, 1), None]]
    refused = load(con, "februari.xlsx", make_xlsx({"Trajecten": [HEADER, *plus_one]}), kind="trajecten")
    assert [(p.code, p.row, p.limit) for p in refused.problems] == [
        ("traject-bestaat-al", 2, "2"), ("traject-bestaat-al", 3, "2"), ("traject-bestaat-al", 4, "2")]
    assert refused.problems[0].message == (
        "Dit traject (dezelfde cliënt, gemeente, segment, productcategorie en startdatum) staat al in de database "
        "(inleesronde 2); nog eens inlezen telt het dubbel. Laat de regel weg, of kies 'vervangen' als dit bestand "
        "een eerdere levering vervangt.")
    end_changed = [ROWS[0][:4] + [dt.date(2024, 7, 31)]]
    assert [(p.code, p.row) for p in load(con, "correctie.xlsx", make_xlsx({"Trajecten": [HEADER, *end_changed]}),
                                          kind="trajecten").problems] == [("traject-bestaat-al", 2)]
    assert table_snapshot(con) == before and _trajecten(con) == count
    # Only the new row: a new round. Another client with the same dates is another trajectory.
    new = load(con, "alleen-nieuw.xlsx", make_xlsx({"Trajecten": [HEADER, plus_one[-1], ["K9", *ROWS[0][1:]]]}),
               kind="trajecten")
    assert new.ok and _trajecten(con) == count + 2
    # The whole of February as a replacement of January: allowed, and counted once.
    assert load(con, "februari.xlsx", make_xlsx({"Trajecten": [HEADER, *plus_one]}), kind="trajecten", replace=True).ok


def test_a_check_names_the_repeated_trajectories_too(con) -> None:
    assert load(con, "januari.xlsx", make_xlsx({"Trajecten": [HEADER, *ROWS]}), kind="trajecten").ok
    half = make_xlsx({"Trajecten": [HEADER, ROWS[1], ["K5", "Gorinchem", "3", dt.date(2024, 5, 1), None]]})
    report, results = check_file(con, InputFile("half.xlsx", half, "trajecten"), key=TEST_KEY)
    check_against_database(con, report, results, key=TEST_KEY)
    assert [(p.code, p.row) for p in report.problems] == [("traject-bestaat-al", 2)]


def test_more_than_fifty_repeated_rows_are_named_fifty_and_counted(con) -> None:
    rows = [[f"K{i}", "Dordrecht", "4A", dt.date(2024, 1, 1) + dt.timedelta(days=i), None] for i in range(60)]
    assert load(con, "jaar.xlsx", make_xlsx({"Trajecten": [HEADER, *rows]}), kind="trajecten").ok
    again = load(con, "jaar-plus.xlsx", make_xlsx({"Trajecten": [HEADER, *rows, ["K99", *rows[0][1:]]]}),
                 kind="trajecten")
    assert [p.code for p in again.problems] == ["traject-bestaat-al"] * 50 + ["meer-meldingen"]
    assert again.problems[-1].message == "Nog 10 meldingen 'traject-bestaat-al' in dit blad; los eerst de bovenstaande op."
