"""Loader tests: cell parsing, sheet recognition, validation codes, batches (replace/undo) and the
trajecten marts, each on tiny files built in code and asserted against literal rows."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from jeugdhulp import db
from loaders import apart
from loaders.bsn import elfproef
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, check_content, check_file, import_file, undo_batch
from loaders.parse import CellError, parse_count, parse_date, parse_number, parse_year
from loaders.pseudonym import pseudonymise, pseudonymise_column
from loaders.reference import Reference
from tests.conftest import TEST_KEY, load, make_csv, make_xlsx, stored_texts, table_snapshot, uploaded_source


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The state conftest's `con` builds (schema, reference data, 31 gemeenten), made once per module."""
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    connection = db.connect(path)
    load_reference(connection)
    report = import_file(connection, InputFile("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(),
                                               "gemeenten"), user="test", key=TEST_KEY)
    assert report.ok, report.problems
    connection.close()
    return path


@pytest.fixture
def con(template_db: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Same as conftest's `con` (a fresh database per test), copied from the module template for speed.
    The template is already migrated and has its views, so a plain open is enough."""
    path = tmp_path / "test.duckdb"
    shutil.copy(template_db, path)
    connection = duckdb.connect(str(path))
    yield connection
    connection.close()


def rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def where(report) -> list[tuple]:
    return [(p.code, p.sheet, p.row, p.column, p.value, p.limit, p.suggestion) for p in report.problems]


UITGAVEN_SQL = "SELECT gemeente_code, segment_code, jaar, soort, bedrag_eur::DOUBLE FROM uitgaven ORDER BY ALL"


# --- loaders/parse.py ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("€ 1.234,56", 1234.56),
    ("(1.234)", -1234.0),
    ("1.234", 1234.0),
    ("1.234.567", 1234567.0),
    ("12,5", 12.5),
    ("- 1.234,5", -1234.5),
    ("1.234-", -1234.0),
    ("EUR 2.500", 2500.0),
    ("€\u00a01.000.000,00", 1000000.0),
    ("1,234.56", 1234.56),
    ("0,5", 0.5),
    (1234.5, 1234.5),
    (7, 7.0),
])
def test_parse_number_dutch_notations(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["veel", "n.v.t.", "", "12a", True])
def test_parse_number_refuses_text(text):
    with pytest.raises(CellError) as raised:
        parse_number(text)
    assert raised.value.code == "geen-getal"


def test_parse_number_whole_euros_dash_is_positive():
    assert parse_number("€ 1.234,-") == 1234.0


@pytest.mark.parametrize(("value", "expected"), [
    (45000, dt.date(2023, 3, 15)),             # Excel serial day number
    (45000.0, dt.date(2023, 3, 15)),
    ("45000", dt.date(2023, 3, 15)),
    ("01-03-2023", dt.date(2023, 3, 1)),       # dd-mm-jjjj
    ("1-3-2023", dt.date(2023, 3, 1)),
    ("01/03/2023", dt.date(2023, 3, 1)),
    ("1.3.2023", dt.date(2023, 3, 1)),
    ("2023-03-01", dt.date(2023, 3, 1)),       # ISO
    ("2023-03-01 00:00:00", dt.date(2023, 3, 1)),
    ("20230301", dt.date(2023, 3, 1)),
    (dt.datetime(2023, 3, 1, 14, 30), dt.date(2023, 3, 1)),
    (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
])
def test_parse_date_serials_dutch_and_iso(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31-02-2023", "morgen", "2023-13-01", 100000, "1 maart 2023"])
def test_parse_date_refuses_non_dates(value):
    with pytest.raises(CellError) as raised:
        parse_date(value)
    assert raised.value.code == "geen-datum"


def test_parse_year_and_count():
    assert [parse_year(v) for v in ("2023", " 2024 ", 2025.0, dt.date(2022, 5, 1))] == [2023, 2024, 2025, 2022]
    assert parse_count("1.234") == 1234
    errors = []
    for parse, value in ((parse_year, "2023/24"), (parse_year, "2023.5"), (parse_count, "2,5"), (parse_count, "-3")):
        with pytest.raises(CellError) as raised:
            parse(value)
        errors.append(raised.value.code)
    assert errors == ["geen-jaar", "geen-jaar", "geen-geheel-getal", "negatief-aantal"]


def test_elfproef():
    assert [elfproef(n) for n in ("111222333", "123456782", "123456789", "987654321", "000000000", "12345678")] == [
        True, True, False, False, False, False]


# --- recognising headers ------------------------------------------------------------------------

def test_header_below_title_rows_with_synonyms_case_and_pivot_header(con):
    data = make_xlsx({"Blad1": [
        ["Uitgaven jeugdhulp Zuid-Holland Zuid"],
        [],
        ["Gemeentenaam", "BOEKJAAR", "Productgroep", "Som van Totaal bedrag"],
        ["Dordrecht", 2023, "Segment 4A", 100.5],
        ["Gorinchem", 2023, "seg 1", "€ 200,00"],
    ]})
    report = load(con, "export.xlsx", data)
    assert report.ok, report.problems
    assert report.notes == ["Blad 'Blad1': kopregel gevonden op rij 3; de regels erboven zijn overgeslagen."]
    assert [(s.sheet, s.kind, s.rows, s.totals) for s in report.sheets] == [
        ("Blad1", "uitgaven", 2, {"realisatie_eur": 300.5})]
    assert rows(con, UITGAVEN_SQL) == [
        ("GM0505", "4A", 2023, "realisatie", 100.5),
        ("GM0512", "1", 2023, "realisatie", 200.0),
    ]


def test_year_from_value_header_when_no_jaar_column(con):
    data = make_xlsx({"Draaitabel": [
        ["Gemeente", "Segment", "Som van Totaal bedrag 2023"],
        ["GM0505", "4B", 100],
        ["Zwijndrecht", "Segment 3", 25],
        ["Eindtotaal", None, 125],
    ]})
    report = load(con, "pivot.xlsx", data)
    assert report.ok, report.problems
    assert report.notes == [
        "Blad 'Draaitabel': jaar 2023 gehaald uit kolomkop 'Som van Totaal bedrag 2023'.",
        "Blad 'Draaitabel': 1 totaalregel weggelaten; die klopt met de onderdelen.",
    ]
    assert rows(con, UITGAVEN_SQL) == [
        ("GM0505", "4B", 2023, "realisatie", 100.0),
        ("GM0642", "3", 2023, "realisatie", 25.0),
    ]


def test_year_from_title_row(con):
    data = make_csv([
        ["Lasten jeugdhulp 2022"],
        ["Gemeente", "Segment", "Lasten"],
        ["Dordrecht", "2", "1.500"],
    ])
    report = load(con, "lasten.csv", data)
    assert report.ok, report.problems
    assert report.notes == [
        "Blad 'csv': jaar 2022 gehaald uit titel 'Lasten jeugdhulp 2022'.",
        "Blad 'csv': kopregel gevonden op rij 2; de regels erboven zijn overgeslagen.",
    ]
    assert rows(con, UITGAVEN_SQL) == [("GM0505", "2", 2022, "realisatie", 1500.0)]


# --- CSV dialects and encodings ----------------------------------------------------------------

def test_csv_with_comma_delimiter_and_quoted_dutch_amounts(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "bedrag"],
        ["Dordrecht", "2024", "4A", "1.234,56"],
        ["Gorinchem", "2024", "4B", "(1.000)"],
    ], delimiter=",")
    assert b'"1.234,56"' in data
    report = load(con, "komma.csv", data)
    assert report.ok, report.problems
    assert rows(con, UITGAVEN_SQL) == [
        ("GM0505", "4A", 2024, "realisatie", 1234.56),
        ("GM0512", "4B", 2024, "realisatie", -1000.0),
    ]


def test_csv_windows_1252_with_euro_sign_and_accented_header(con):
    uitgaven = make_csv([
        ["Gemeente", "Jaar", "Segment", "Bedrag (€)"],
        ["Sliedrecht", "2024", "Segment 5", "€ 2.500,75"],
    ], encoding="cp1252")
    volumes = make_csv([
        ["Gemeente", "Jaar", "Segment", "Aantal cliënten", "Toewijzingen"],
        ["Papendrecht", "2024", "4A", "12", "15"],
    ], encoding="cp1252")
    for data in (uitgaven, volumes):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
    assert load(con, "uitgaven.csv", uitgaven).ok
    report = load(con, "volumes.csv", volumes)
    assert report.ok, report.problems
    assert [(s.kind, s.rows, s.totals) for s in report.sheets] == [("volumes", 1, {"jeugdigen": 12.0, "trajecten": 15.0})]
    assert rows(con, UITGAVEN_SQL) == [("GM0610", "5", 2024, "realisatie", 2500.75)]
    assert rows(con, "SELECT gemeente_code, segment_code, jaar, periode, jeugdigen, trajecten FROM volumes") == [
        ("GM0590", "4A", 2024, "jaar", 12, 15)]


# --- resolving gemeenten and segments ------------------------------------------------------------

def test_gemeente_by_cbs_code_and_by_name_case_and_accent_insensitive(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "bedrag"],
        ["DORDRECHT", "2024", "4A", "1"],
        ["Gorinchém", "2024", "4A", "2"],
        ["hardinxveld giessendam", "2024", "4A", "3"],
        ["GM0482", "2024", "4A", "4"],
        ["gm0642", "2024", "4A", "5"],
        ["0610", "2024", "4A", "6"],
    ])
    report = load(con, "namen.csv", data)
    assert report.ok, report.problems
    assert rows(con, "SELECT gemeente_code, regio_code, bedrag_eur::DOUBLE FROM uitgaven ORDER BY 1") == [
        ("GM0482", "ZHZ", 4.0), ("GM0505", "ZHZ", 1.0), ("GM0512", "ZHZ", 2.0),
        ("GM0523", "ZHZ", 3.0), ("GM0610", "ZHZ", 6.0), ("GM0642", "ZHZ", 5.0),
    ]


def test_segment_by_alias_within_its_region(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "bedrag"],
        ["Dordrecht", "2024", "Segment 4A", "1"],
        ["Dordrecht", "2024", "seg 1", "2"],
        ["Dordrecht", "2024", "Dagbesteding/dagbehandeling", "3"],
        ["Rotterdam", "2024", "pakket B", "4"],
        ["Schiedam", "2024", "Opdracht E", "5"],
        ["Apeldoorn", "2024", "Begeleiding individueel", "6"],
        ["Zutphen", "2024", "ZORGCOÖRDINATIE", "7"],
    ])
    report = load(con, "segmenten.csv", data)
    assert report.ok, report.problems
    assert rows(con, "SELECT gemeente_code, regio_code, segment_code, bedrag_eur::DOUBLE FROM uitgaven ORDER BY 4") == [
        ("GM0505", "ZHZ", "4A", 1.0),
        ("GM0505", "ZHZ", "1", 2.0),
        ("GM0505", "ZHZ", "3", 3.0),
        ("GM0599", "GRJR", "B", 4.0),
        ("GM0606", "GRJR", "E", 5.0),
        ("GM0200", "MIJOV", "BEGIN", 6.0),
        ("GM0301", "MIJOV", "ZCO", 7.0),
    ]


def test_unknown_segment_and_gemeente_with_suggestions(con):
    before = table_snapshot(con)
    data = make_csv([
        ["gemeente", "jaar", "segment", "bedrag"],
        ["Apeldoorn", "2024", "Begeleding individueel", "1"],
        ["Dordrecht", "2024", "pakket B", "1"],          # a GRJR segment, not valid in ZHZ
        ["Rotterdam", "2024", "Segment 9", "1"],
        ["Zwijndrech", "2024", "4A", "1"],
    ])
    report = load(con, "fout.csv", data)
    assert where(report) == [
        ("onbekend-segment", "csv", 2, "segment", "Begeleding individueel", "Midden-IJssel/Oost-Veluwe",
         "Begeleiding individueel"),
        ("onbekend-segment", "csv", 3, "segment", "pakket B", "Zuid-Holland Zuid", ""),
        ("onbekend-segment", "csv", 4, "segment", "Segment 9", "Rijnmond (GRJR)", ""),
        ("onbekende-gemeente", "csv", 5, "gemeente", "Zwijndrech", "", "Zwijndrecht"),
    ]
    assert report.problems[0].message == (
        "Onbekend segment 'Begeleding individueel' voor regio Midden-IJssel/Oost-Veluwe. "
        "Bedoelde u Begeleiding individueel?")
    assert table_snapshot(con) == before


# --- totals, duplicates, ranges, numbers --------------------------------------------------------

def test_total_rows_dropped_when_they_match(con):
    data = make_xlsx({"Uitgaven": [
        ["Gemeente", "Segment", "Jaar", "Bedrag"],
        ["Dordrecht", "4A", 2025, 100],
        ["Dordrecht", "4B", 2025, 50],
        ["Dordrecht Totaal", None, None, 150],
        ["Alblasserdam", "4B", 2025, 7],
        ["Eindtotaal", None, None, 157],
    ]})
    report = load(con, "totalen.xlsx", data)
    assert report.ok, report.problems
    assert report.notes == ["Blad 'Uitgaven': 2 totaalregels weggelaten; ze kloppen met de onderdelen."]
    assert [(s.rows, s.totals) for s in report.sheets] == [(3, {"realisatie_eur": 157.0})]
    assert rows(con, "SELECT sum(bedrag_eur)::DOUBLE, count(*) FROM uitgaven") == [(157.0, 3)]


def test_total_rows_that_do_not_match_are_reported(con):
    before = table_snapshot(con)
    data = make_xlsx({"Uitgaven": [
        ["Gemeente", "Segment", "Jaar", "Bedrag"],
        ["Dordrecht", "4A", 2025, 100],
        ["Dordrecht", "4B", 2025, 50],
        ["Dordrecht Totaal", None, None, 140],
        ["Alblasserdam", "4B", 2025, 7],
        ["Eindtotaal", None, None, 160],
    ]})
    report = load(con, "totalen.xlsx", data)
    assert where(report) == [
        ("totaal-klopt-niet", "Uitgaven", 4, "Bedrag", "140,00", "150,00", ""),
        ("totaal-klopt-niet", "Uitgaven", 6, "Bedrag", "160,00", "157,00", ""),
    ]
    assert report.problems[1].message == "Het totaal 160,00 is niet gelijk aan de som van de onderdelen (157,00)."
    assert table_snapshot(con) == before


def test_segment_subtotal_labelled_by_name_is_accepted(con):
    data = make_xlsx({"Uitgaven": [
        ["Segment", "Gemeente", "Jaar", "Bedrag"],
        ["Segment 4A", "Dordrecht", 2024, 100],
        ["Segment 4A", "Gorinchem", 2024, 50],
        ["Segment 4A Totaal", None, None, 150],
        ["Eindtotaal", None, None, 150],
    ]})
    report = load(con, "subtotaal.xlsx", data)
    assert codes(report) == []


def test_kpi_named_totaal_is_kept(con):
    data = make_csv([
        ["kpi", "jaar", "waarde", "regio"],
        ["Totaal aantal jeugdigen", "2024", "1200", "ZHZ"],
        ["Wachttijd", "2024", "30", "ZHZ"],
    ])
    report = load(con, "kpi.csv", data)
    assert report.ok, report.problems
    assert rows(con, "SELECT kpi, waarde FROM kpi_waarde ORDER BY kpi") == [
        ("Totaal aantal jeugdigen", 1200.0), ("Wachttijd", 30.0)]


def test_duplicate_keys_point_at_the_first_row(con):
    before = table_snapshot(con)
    data = make_csv([
        ["gemeente", "jaar", "segment", "soort", "bedrag"],
        ["Dordrecht", "2024", "4A", "realisatie", "10"],
        ["Gorinchem", "2024", "4A", "realisatie", "5"],
        ["GM0505", "2024", "Segment 4A", "realisatie", "12"],   # same key as row 2, other spelling
        ["Dordrecht", "2024", "4A", "begroting", "9"],          # other soort: not a duplicate
        ["Dordrecht", "2024", "seg 4a", "realisatie", "1"],
    ])
    report = load(con, "dubbel.csv", data)
    assert where(report) == [
        ("dubbele-sleutel", "csv", 4, "gemeente", "GM0505 / 4A / 2024 / realisatie", "2", ""),
        ("dubbele-sleutel", "csv", 6, "gemeente", "GM0505 / 4A / 2024 / realisatie", "2", ""),
    ]
    assert report.problems[0].message == "Deze regel komt dubbel voor (ook op regel 2)."
    assert table_snapshot(con) == before


def test_duplicate_key_via_default_soort_names_the_row(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "soort", "bedrag"],
        ["Dordrecht", "2024", "4A", "realisatie", "1"],
        ["Dordrecht", "2024", "4A", "", "2"],
    ])
    report = load(con, "dubbel.csv", data)
    assert where(report) == [("dubbele-sleutel", "csv", 3, "gemeente", "GM0505 / 4A / 2024 / realisatie", "2", "")]


def test_two_bad_years_are_not_duplicates(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "bedrag"],
        ["Dordrecht", "1999", "4A", "1"],
        ["Dordrecht", "2051", "4A", "2"],
    ])
    assert codes(load(con, "jaren.csv", data)) == ["jaar-buiten-bereik", "jaar-buiten-bereik"]


def test_duplicate_value_shows_year_without_decimals(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "bedrag"],
        ["Dordrecht", "2024", "4A", "1"],
        ["Dordrecht", "1999", "4B", "1"],
        ["Dordrecht", "2024", "4A", "2"],
    ])
    report = load(con, "dubbel.csv", data)
    assert [(p.code, p.value) for p in report.problems if p.code == "dubbele-sleutel"] == [
        ("dubbele-sleutel", "GM0505 / 4A / 2024 / realisatie")]


def test_year_figure_leads_over_its_quarters_in_the_mart(con):
    data = make_csv([
        ["gemeente", "jaar", "segment", "periode", "bedrag"],
        ["Dordrecht", "2025", "4A", "", "1000"],
        ["Dordrecht", "2025", "4A", "Q1", "250"],
        ["Gorinchem", "2025", "4A", "Q1", "100"],
        ["Gorinchem", "2025", "4A", "Q2", "150"],
    ])
    report = load(con, "jaar-en-kwartaal.csv", data)
    assert report.ok, report.problems
    # Dordrecht: the whole-year figure, not 1000 + 250; Gorinchem: only quarters, so their sum.
    assert rows(con, "SELECT gemeente_code, bedrag_eur FROM mart_uitgaven_gemeente_jaar ORDER BY 1") == [
        ("GM0505", 1000.0), ("GM0512", 250.0)]


def test_four_quarters_must_add_up_to_the_year_figure(con):
    before = table_snapshot(con)
    data = make_csv([
        ["gemeente", "jaar", "segment", "periode", "bedrag"],
        ["Dordrecht", "2025", "4A", "", "1000"],
        ["Dordrecht", "2025", "4A", "Q1", "250"],
        ["Dordrecht", "2025", "4A", "Q2", "250"],
        ["Dordrecht", "2025", "4A", "Q3", "250"],
        ["Dordrecht", "2025", "4A", "Q4", "300"],
    ])
    report = load(con, "kwartalen.csv", data)
    assert [(p.code, p.row, p.value, p.limit) for p in report.problems] == [
        ("totaal-klopt-niet", 2, "1.000,00", "1.050,00")]
    assert table_snapshot(con) == before


def test_years_out_of_range_and_text_where_a_number_belongs(con):
    before = table_snapshot(con)
    data = make_xlsx({"Kosten": [
        ["Gemeente", "Boekjaar", "Perceel", "Totaal bedrag"],
        ["Dordrecht", 2024, "4A", 100],
        ["Dordrecht", 2024, "4B", "n.v.t."],
        ["Dordrecht", 1999, "3", 5],
        ["Gorinchem", 2041, "3", 5],
        ["Gorinchem", "twintig", "2", 5],
    ]})
    report = load(con, "kosten.xlsx", data)
    assert where(report) == [
        ("geen-getal", "Kosten", 3, "Totaal bedrag", "n.v.t.", "", ""),
        ("jaar-buiten-bereik", "Kosten", 4, "Boekjaar", "1999", "2010-2040", ""),
        ("jaar-buiten-bereik", "Kosten", 5, "Boekjaar", "2041", "2010-2040", ""),
        ("geen-jaar", "Kosten", 6, "Boekjaar", "twintig", "", ""),
    ]
    assert report.problems[0].message == "'n.v.t.' is geen getal."
    assert report.problems[1].message == "Jaar 1999 ligt buiten 2010-2040."
    assert table_snapshot(con) == before


# --- trajecten ----------------------------------------------------------------------------------

def test_trajecten_einde_voor_start(con):
    before = table_snapshot(con)
    data = make_xlsx({"Trajecten": [
        ["Cliëntnummer", "Gemeente", "Segment", "Begindatum", "Beëindigingsdatum"],
        ["A1", "Dordrecht", "4A", "01-05-2024", "01-04-2024"],
        ["A2", "Dordrecht", "4A", dt.date(2024, 1, 1), dt.date(2024, 6, 30)],
    ]})
    report = load(con, "trajecten.xlsx", data)
    assert where(report) == [("einde-voor-start", "Trajecten", 2, "Beëindigingsdatum", "01-04-2024", "", "")]
    assert report.problems[0].message == "De einddatum 01-04-2024 ligt voor de startdatum."
    assert table_snapshot(con) == before


def test_trajecten_clients_pseudonymised(con):
    data = make_xlsx({"Trajecten": [
        ["Cliëntnummer", "Gemeente", "Segment", "Startdatum"],
        [100234, "Dordrecht", "4A", dt.date(2024, 1, 1)],
        ["K-77", "Dordrecht", "4B", "15-02-2024"],
        [100234, "Dordrecht", "4B", 45352],
    ]})
    report = load(con, "trajecten.xlsx", data)
    assert report.ok, report.problems
    stored = rows(con, "SELECT client_key, segment_code, startdatum FROM trajecten ORDER BY startdatum")
    assert stored == [
        (pseudonymise("100234", TEST_KEY), "4A", dt.date(2024, 1, 1)),
        (pseudonymise("K-77", TEST_KEY), "4B", dt.date(2024, 2, 15)),
        (pseudonymise("100234", TEST_KEY), "4B", dt.date(2024, 3, 1)),
    ]
    keys = {key for key, _, _ in stored}
    assert len(keys) == 2 and not keys & {"100234", "K-77"}
    assert pseudonymise("100234", TEST_KEY) != pseudonymise("100234", b"another-key")
    assert not any("100234" in text or "K-77" in text for text in stored_texts(con))


def test_a_column_of_client_numbers_gets_the_same_keys_as_one_by_one():
    """pseudonymise_column hashes each distinct number once (a client has several trajectories) and gives every row the
    key pseudonymise gives it alone, for an Arrow-backed column in several chunks too (as a large sheet's is)."""
    values = ["K-77", " 100234 ", None, "K-77", "ü-Ω", "=1+1", "007", "100234", "", "K-77"]
    chunked = pd.Series(pd.array(pa.chunked_array([values[:4], values[4:]], type=pa.string()), dtype="str"))
    for clients in (pd.Series(values, dtype="str"), chunked):
        keys = pseudonymise_column(clients, TEST_KEY)
        assert [None if pd.isna(k) else k for k in keys] == [
            None if v is None else pseudonymise(v, TEST_KEY) for v in values]
    assert keys.iloc[0] == keys.iloc[3] == keys.iloc[9] and keys.iloc[1] == keys.iloc[7]


def test_what_leaves_the_check_holds_client_keys_never_the_clients_numbers(con):
    """A workbook is checked in a child process (loaders.apart); the sheets it sends the server hold the clients' keys
    already, so the server never holds their own numbers, and the import's transaction does no hashing."""
    data = make_xlsx({"Trajecten": [
        ["Cliëntnummer", "Gemeente", "Segment", "Startdatum"],
        ["K-77", "Dordrecht", "4A", dt.date(2024, 1, 1)],
        [" 100234 ", "Dordrecht", "4B", dt.date(2024, 2, 1)],
    ]})
    upload = InputFile("trajecten.xlsx", data)
    report, results = apart.check_file(con, upload, TEST_KEY, Reference.from_db(con))
    frame = results[0].frame
    assert report.ok and "client" not in frame
    assert list(frame["client_key"]) == [pseudonymise("K-77", TEST_KEY), pseudonymise("100234", TEST_KEY)]
    cells = [str(v) for v in frame.to_numpy().ravel()]
    assert not any("K-77" in c or "100234" in c for c in cells)
    assert report.sheets[0].totals["jeugdigen"] == 2
    assert import_file(con, upload, key=TEST_KEY, user="test", checked=(report, results)).ok
    assert rows(con, "SELECT count(DISTINCT client_key) FROM trajecten WHERE batch_id = (SELECT max(batch_id) FROM batch)") \
        == [(2,)]


def test_a_refused_file_sends_no_rows_out_of_its_check(con):
    """Fresh eyes: a workbook refused for another sheet still sent its trajecten sheet, with the clients' own numbers,
    from the checking child to the server."""
    data = make_xlsx({"Trajecten": [["Cliëntnummer", "Gemeente", "Segment", "Startdatum"],
                                    ["K-SECRET-77", "Dordrecht", "4A", dt.date(2024, 1, 1)]],
                      "Uitgaven": [["Gemeente", "Jaar", "Segment", "Bedrag"], ["Atlantis", 2024, "4A", 1]]})
    outcome = check_content(InputFile("gemengd.xlsx", data), Reference.from_db(con), TEST_KEY)
    assert [p.code for p in outcome[0].problems] == ["onbekende-gemeente"] and outcome[1] == []
    assert b"K-SECRET-77" not in pickle.dumps(outcome)


def test_sheets_checked_with_another_key_are_not_loaded(con):
    data = make_xlsx({"Trajecten": [["Cliëntnummer", "Gemeente", "Segment", "Startdatum"],
                                    ["K-77", "Dordrecht", "4A", dt.date(2024, 1, 1)]]})
    upload = InputFile("trajecten.xlsx", data)
    checked = check_file(con, upload, key=b"another key, another database")
    before = table_snapshot(con)
    with pytest.raises(ValueError, match="another pseudonymisation key"):
        import_file(con, upload, key=TEST_KEY, user="test", checked=checked)
    assert table_snapshot(con) == before


def test_trajecten_verblijf_and_segment_from_productcategorie(con):
    data = make_csv([
        ["client", "gemeente", "productcategorie", "productcode", "startdatum"],
        ["X1", "Dordrecht", "43", "", "01-01-2024"],
        ["X2", "Dordrecht", "44", "", "01-02-2024"],
        ["X3", "Dordrecht", "45", "", "01-03-2024"],
        ["X4", "Dordrecht", "", "45A48", "01-04-2024"],
        ["X5", "Dordrecht", "41", "", "01-05-2024"],
    ])
    report = load(con, "trajecten.csv", data)
    assert report.ok, report.problems
    assert rows(con, "SELECT segment_code, productcategorie, productcode, verblijf FROM trajecten ORDER BY startdatum") == [
        ("1", "43", None, True),
        ("2", "44", None, True),
        ("4A", "45", None, False),
        ("4A", "45", "45A48", False),
        ("3", "41", None, False),
    ]


def test_trajecten_explicit_verblijf_wins_and_segment_vorm_decides_otherwise(con):
    data = make_csv([
        ["client", "gemeente", "segment", "productcategorie", "startdatum", "verblijf"],
        ["Y1", "Dordrecht", "1", "", "01-01-2024", ""],        # residentieel segment: stay
        ["Y2", "Dordrecht", "4A", "", "01-02-2024", ""],       # ambulant: no stay
        ["Y3", "Dordrecht", "1", "43", "01-03-2024", "nee"],   # stated in the file
        ["Y4", "Dordrecht", "5", "", "01-04-2024", "ja"],
    ])
    assert load(con, "trajecten.csv", data).ok
    assert rows(con, "SELECT segment_code, verblijf FROM trajecten ORDER BY startdatum") == [
        ("1", True), ("4A", False), ("1", False), ("5", True)]


def test_trajecten_invalid_productcategorie_refused(con):
    before = table_snapshot(con)
    data = make_csv([
        ["client", "gemeente", "productcategorie", "productcode", "startdatum"],
        ["X1", "Dordrecht", "39", "", "01-01-2024"],
        ["X2", "Dordrecht", "30", "", "01-01-2024"],
        ["X3", "Dordrecht", "abc", "", "01-01-2024"],
        ["X4", "Dordrecht", "", "99X01", "01-01-2024"],
        ["X5", "Dordrecht", "45", "", "01-01-2024"],
    ])
    report = load(con, "trajecten.csv", data)
    assert [(p.code, p.row, p.column, p.value) for p in report.problems] == [
        ("ongeldige-productcategorie", 2, "productcategorie", "39"),
        ("ongeldige-productcategorie", 3, "productcategorie", "30"),
        ("ongeldige-productcategorie", 4, "productcategorie", "abc"),
        ("ongeldige-productcategorie", 5, "productcode", "99X01"),
    ]
    assert table_snapshot(con) == before


def test_bsn_like_columns_refused(con):
    before = table_snapshot(con)
    extra_column = make_csv([
        ["client", "gemeente", "segment", "startdatum", "Nummer"],
        ["A", "Dordrecht", "4A", "01-01-2024", "111222333"],
        ["B", "Dordrecht", "4A", "01-01-2024", "123456782"],
        ["C", "Dordrecht", "4B", "01-02-2024", "111222333"],
    ])
    as_client = make_xlsx({"Trajecten": [
        ["client", "gemeente", "segment", "startdatum"],
        [111222333, "Dordrecht", "4A", "01-01-2024"],
        [123456782, "Dordrecht", "4A", "01-01-2024"],
        [111222333, "Dordrecht", "4B", "01-02-2024"],
    ]})
    first, second = load(con, "extra.csv", extra_column), load(con, "client.xlsx", as_client)
    assert where(first) == [("bsn-kolom", "csv", 1, "Nummer", "", "", "")]
    assert where(second) == [("bsn-kolom", "Trajecten", 1, "client", "", "", "")]
    assert table_snapshot(con) == before


def test_nine_digit_ids_failing_the_elfproef_are_loaded(con):
    data = make_csv([
        ["client", "gemeente", "segment", "startdatum"],
        ["123456789", "Dordrecht", "4A", "01-01-2024"],
        ["987654321", "Dordrecht", "4A", "01-01-2024"],
        ["111111111", "Dordrecht", "4B", "01-02-2024"],
    ])
    report = load(con, "ids.csv", data)
    assert report.ok, report.problems
    assert rows(con, "SELECT count(*) FROM trajecten") == [(3,)]


# --- whole-file refusals -------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "expected"), [
    ("leeg.csv", b"", ["leeg-bestand"]),
    ("leeg.xlsx", b"", ["leeg-bestand"]),
    ("spaties.csv", b"  \r\n ;; \r\n", ["leeg-bestand"]),
    ("leeg-blad.xlsx", make_xlsx({"Blad1": []}), ["leeg-bestand"]),
    ("nep.xlsx", b"dit is geen werkboek", ["onleesbaar-bestand"]),
    ("kapot.xlsx", b"PK\x03\x04 geen zip", ["onleesbaar-bestand"]),
    ("rapport.pdf", b"%PDF-1.4", ["onbekend-bestandstype"]),
    ("geen-kop.csv", make_csv([["a", "b"], ["1", "2"]]), ["geen-kopregel"]),
    ("alleen-kop.csv", make_csv([["gemeente", "jaar", "segment", "bedrag"]]), ["geen-regels"]),
    ("zonder-segment.csv", make_csv([["gemeente", "jaar", "bedrag"], ["Dordrecht", "2024", "4"]]),
     ["ontbrekende-kolom"]),
])
def test_refused_files_leave_the_database_unchanged(con, name, data, expected):
    before = table_snapshot(con)
    report = load(con, name, data)
    assert codes(report) == expected
    assert report.batch_ids == []
    assert table_snapshot(con) == before


def test_same_bytes_twice_is_al_geladen(con):
    data = make_csv([["gemeente", "jaar", "segment", "bedrag"], ["Dordrecht", "2024", "4A", "100"]])
    first = load(con, "a.csv", data)
    assert first.ok and first.batch_ids == [2]
    before = table_snapshot(con)
    again = load(con, "andere-naam.csv", data)
    assert where(again) == [("al-geladen", "", None, "", "2", "", "")]
    assert again.problems[0].message == (
        "Dit bestand is al eerder ingelezen (inleesronde 2). Kies 'vervangen' om het opnieuw te laden.")
    assert table_snapshot(con) == before


def _stg_uitgaven(con) -> list[tuple]:
    return rows(con, "SELECT gemeente_code, segment_code, jaar, bedrag_eur::DOUBLE, batch_id FROM stg_uitgaven ORDER BY ALL")


def test_bestaat_al_then_replace_then_undo(con):
    header = ["gemeente", "jaar", "segment", "bedrag"]
    old = make_csv([header, ["Dordrecht", "2024", "4A", "100"], ["Gorinchem", "2024", "4B", "50"]])
    new = make_csv([header, ["Dordrecht", "2024", "4A", "300"], ["Gorinchem", "2024", "3", "25"]])
    assert load(con, "oud.csv", old).batch_ids == [2]
    assert _stg_uitgaven(con) == [("GM0505", "4A", 2024, 100.0, 2), ("GM0512", "4B", 2024, 50.0, 2)]

    before = table_snapshot(con)
    refused = load(con, "nieuw.csv", new)
    assert where(refused) == [("bestaat-al", "csv", 2, "", "", "2", "")]
    assert table_snapshot(con) == before

    replaced = load(con, "nieuw.csv", new, replace=True)
    assert replaced.ok and replaced.batch_ids == [3]
    assert rows(con, "SELECT batch_id, status, vervangt, regio_code, jaren, rijen FROM batch WHERE batch_id > 1 ORDER BY 1") == [
        (2, "vervangen", None, "ZHZ", "2024", 2),
        (3, "actief", 2, "ZHZ", "2024", 2),
    ]
    assert _stg_uitgaven(con) == [("GM0505", "4A", 2024, 300.0, 3), ("GM0512", "3", 2024, 25.0, 3)]

    assert undo_batch(con, 3) is True
    assert rows(con, "SELECT batch_id, status FROM batch WHERE batch_id > 1 ORDER BY 1") == [(2, "actief"), (3, "ongedaan")]
    assert _stg_uitgaven(con) == [("GM0505", "4A", 2024, 100.0, 2), ("GM0512", "4B", 2024, 50.0, 2)]
    assert undo_batch(con, 3) is False
    assert undo_batch(con, 999) is False
    # the raw rows of an undone batch stay, for the history
    assert rows(con, "SELECT batch_id, count(*) FROM uitgaven GROUP BY 1 ORDER BY 1") == [(2, 2), (3, 2)]


def test_replace_keeps_figures_of_other_regions(con):
    header = ["gemeente", "jaar", "segment", "bedrag"]
    both = load(con, "beide.csv", make_csv([header, ["Dordrecht", "2024", "4A", "100"],
                                            ["Rotterdam", "2024", "pakket E", "70"]]))
    assert both.batch_ids == [2]
    assert load(con, "zhz.csv", make_csv([header, ["Dordrecht", "2024", "4A", "300"]]), replace=True).batch_ids == [3]
    assert rows(con, "SELECT regio_code, sum(bedrag_eur)::DOUBLE FROM stg_uitgaven GROUP BY 1 ORDER BY 1") == [
        ("GRJR", 70.0), ("ZHZ", 300.0)]
    # the old batch still shows its GRJR part, so it stays active
    assert rows(con, "SELECT batch_id, status, vervangt FROM batch WHERE batch_id > 1 ORDER BY 1") == [
        (2, "actief", None), (3, "actief", 2)]


def test_replace_keeps_figures_of_other_years_and_undo_restores(con):
    header = ["gemeente", "jaar", "segment", "bedrag"]
    assert load(con, "twee-jaar.csv", make_csv([header, ["Dordrecht", "2022", "4A", "1"],
                                                 ["Dordrecht", "2023", "4A", "2"]])).batch_ids == [2]
    replacing = load(con, "2023.csv", make_csv([header, ["Dordrecht", "2023", "4A", "5"]]), replace=True)
    assert replacing.batch_ids == [3]
    yearly = "SELECT jaar, sum(bedrag_eur)::DOUBLE FROM stg_uitgaven GROUP BY 1 ORDER BY 1"
    assert rows(con, yearly) == [(2022, 1.0), (2023, 5.0)]
    assert undo_batch(con, 3)
    assert rows(con, yearly) == [(2022, 1.0), (2023, 2.0)]


def test_refused_second_sheet_rolls_back_the_first(con):
    header = ["gemeente", "jaar", "segment", "bedrag"]
    assert load(con, "2024.csv", make_csv([header, ["Dordrecht", "2024", "4A", "100"]])).ok
    before = table_snapshot(con)
    data = make_xlsx({
        "Uitgaven": [header, ["Dordrecht", 2025, "4A", 120]],
        "Kosten": [header, ["Gorinchem", 2024, "4B", 10], ["Dordrecht", 2024, "4A", 100]],
    })
    report = load(con, "twee-bladen.xlsx", data)
    assert where(report) == [("bestaat-al", "Kosten", 3, "", "", "2", "")]
    assert report.batch_ids == []
    assert table_snapshot(con) == before


# --- trajecten marts ----------------------------------------------------------------------------

MART_TRAJECTEN = ("SELECT gemeente_code, segment_code, jaar, jeugdigen, jeugdigen_verblijf, trajecten, gestart,"
                  " beeindigd, voorbeeld FROM mart_trajecten_segment_jaar ORDER BY ALL")
MART_JEUGDIGEN = ("SELECT gemeente_code, jaar, jeugdigen, jeugdigen_residentieel, voorbeeld"
                  " FROM mart_jeugdigen_gemeente_jaar ORDER BY ALL")


def test_trajecten_marts_hand_computed(con):
    data = make_csv([
        ["Cliëntnummer", "Gemeente", "Segment", "Productcategorie", "Startdatum", "Einddatum"],
        ["C1", "Dordrecht", "4A", "", "01-03-2023", "01-02-2024"],   # runs in 2023 and 2024
        ["C2", "Dordrecht", "", "43", "2024-05-01", ""],             # open: runs to 2025, the last year seen
        ["C1", "Dordrecht", "1", "", "15-01-2025", "31-12-2025"],
        ["C3", "Zwijndrecht", "4B", "", "45000", "2023-06-30"],      # Excel serial: 15-03-2023
    ], encoding="cp1252")
    report = load(con, "trajecten.csv", data)
    assert report.ok, report.problems
    assert rows(con, MART_TRAJECTEN) == [
        # gemeente, segment, jaar, jeugdigen, met verblijf, trajecten, gestart, beeindigd, voorbeeld
        ("GM0505", "1", 2024, 1, 1, 1, 1, 0, False),
        ("GM0505", "1", 2025, 2, 2, 2, 1, 1, False),
        ("GM0505", "4A", 2023, 1, 0, 1, 1, 0, False),
        ("GM0505", "4A", 2024, 1, 0, 1, 0, 1, False),
        ("GM0642", "4B", 2023, 1, 0, 1, 1, 1, False),
    ]
    assert rows(con, MART_JEUGDIGEN) == [
        ("GM0505", 2023, 1, 0, False),
        ("GM0505", 2024, 2, 1, False),
        ("GM0505", 2025, 2, 2, False),
        ("GM0642", 2023, 1, 0, False),
    ]
    assert rows(con, "SELECT DISTINCT bron FROM mart_trajecten_segment_jaar") == [
        (uploaded_source("trajecten.csv"),)]

    assert undo_batch(con, report.batch_ids[0])
    assert rows(con, MART_TRAJECTEN) == []
    assert rows(con, MART_JEUGDIGEN) == []


def test_a_missing_column_is_named_with_the_headers_that_would_do(con):
    """Probe (fresh eyes): "De verplichte kolom 'client' ontbreekt" named the database's column and not what to call
    it in the file."""
    report = load(con, "trajecten.csv", make_csv([["Nummer", "Gemeente", "Segment", "Startdatum"],
                                                   ["A1", "Dordrecht", "4A", "01-05-2024"]]), "trajecten")
    assert [p.message for p in report.problems] == [
        "De verplichte kolom 'client' ontbreekt (ook herkend als: clientnummer, cliëntnummer, client-id, client id). "
        "Zie 'Verwacht formaat' voor de kolommen van deze soort."]


def test_the_history_lists_the_replaced_rounds_in_order(con):
    from jeugdhulp import queries

    header = ["gemeente", "jaar", "segment", "bedrag"]
    for year, name in ((2024, "b.csv"), (2023, "a.csv"), (2022, "c.csv")):
        assert load(con, name, make_csv([header, ["Dordrecht", str(year), "4A", "100"]])).ok
    replacing = load(con, "alles.csv", make_csv([header] + [["Dordrecht", str(y), "4A", "200"] for y in (2022, 2023, 2024)]),
                     replace=True)
    assert replacing.ok
    history = queries.batch_geschiedenis(con, controller=True).set_index("batch_id")
    assert history.loc[replacing.batch_ids[0], "vervangt"] == "2, 3, 4"
