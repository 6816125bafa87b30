"""Consultation data and queries: the four data/bronnen/consultation_*.csv files loaded as kind
'consultatie' (once per module, through the importer), and every count jeugdhulp.queries makes of them
recomputed by hand from the CSV files with the csv module. Also the theme vocabulary, its kernwaarde and
the measures that answer each theme (DESIGN.md, Consultation themes), and a controller's upload of a new
consultation file."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from jeugdhulp import db, queries, themas
from loaders.defaults import REFERENCE_DIR, SOURCE_FILES, SOURCES_DIR, load_reference
from loaders.formats import THEMAS
from tests.conftest import load, make_csv, table_snapshot, uploaded_source

CONSULTATION_FILES = ("consultation_zhz.csv", "consultation_mijov.csv", "consultation_adviesraden_mijov.csv",
                      "consultation_grjr.csv")
REGIONAAL = "(regionaal)"
REGIONS = ("ZHZ", "MIJOV", "GRJR")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


REGIO_CODE = {r["naam"]: r["regio_code"] for r in _read(REFERENCE_DIR / "regios.csv")}
ROWS = [r | {"regio_code": REGIO_CODE[r["region"]]} for f in CONSULTATION_FILES for r in _read(SOURCES_DIR / f)]
MAPPING = {r["thema"]: r for r in _read(REFERENCE_DIR / themas.THEME_FILE)}


def rows(regio: str, document: str | None = None) -> list[dict[str, str]]:
    return [r for r in ROWS if r["regio_code"] == regio and document in (None, r["document"])]


def gemeente(row: dict[str, str]) -> str:
    return row["gemeente"] or REGIONAAL


def hand_ranking(regio: str) -> list[tuple[str, int, int]]:
    """(thema, gemeenten naming it as first or second theme, points with it as first theme), ranked as the
    page does; 'algemeen' and regional points (no gemeente) left out."""
    named: dict[str, set[str]] = defaultdict(set)
    first: Counter[str] = Counter()
    for row in rows(regio):
        if not row["gemeente"]:
            continue
        for theme in {row["theme"], row["secondary_theme"]} - {"", "algemeen"}:
            named[theme].add(row["gemeente"])
        if row["theme"] != "algemeen":
            first[row["theme"]] += 1
    return sorted(((t, len(g), first[t]) for t, g in named.items()), key=lambda r: (-r[1], -r[2], r[0]))


@pytest.fixture(scope="module")
def cons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """conftest's `con` (schema, reference data, gemeenten) plus the four consultation files, made once."""
    connection = db.connect(tmp_path_factory.mktemp("consultatie") / "test.duckdb")
    load_reference(connection)
    for name, kind in [("gemeenten.csv", "gemeenten")] + [(f, "consultatie") for f in CONSULTATION_FILES]:
        report = load(connection, name, (SOURCES_DIR / name).read_bytes(), kind)
        assert report.ok, (name, [p.message for p in report.problems[:5]])
        assert {s.kind for s in report.sheets} == {kind}
    yield connection
    connection.close()


# --- loading ------------------------------------------------------------------------------------

def test_default_data_loads_the_four_consultation_files_as_consultatie():
    kinds = {Path(name).name: kind for name, kind, _ in SOURCE_FILES}
    assert {f: kinds.get(f) for f in CONSULTATION_FILES} == dict.fromkeys(CONSULTATION_FILES, "consultatie")


def test_every_csv_row_is_one_point(cons):
    for regio in REGIONS:
        points = queries.consultatie_punten(cons, regio)
        assert len(points) == len(rows(regio)), regio
        assert sorted(points["punt"]) == sorted(r["point_no"] for r in rows(regio))


def test_documents_per_region(cons):
    for regio in REGIONS:
        assert queries.documenten(cons, regio) == sorted({r["document"] for r in rows(regio)})
    assert len(queries.documenten(cons, "MIJOV")) == 2


# --- points per gemeente and theme --------------------------------------------------------------

@pytest.mark.parametrize("regio", REGIONS)
def test_matrix_counts_equal_the_csv(cons, regio):
    matrix = queries.consultatie_matrix(cons, regio)
    got = {(g, t): n for g, t, n in matrix[["gemeente", "thema", "punten"]].itertuples(index=False)}
    assert got == dict(Counter((gemeente(r), r["theme"]) for r in rows(regio)))


@pytest.mark.parametrize("document", sorted({r["document"] for r in rows("MIJOV")}))
def test_matrix_per_mijov_document(cons, document):
    matrix = queries.consultatie_matrix(cons, "MIJOV", documenten=[document])
    got = {(g, t): n for g, t, n in matrix[["gemeente", "thema", "punten"]].itertuples(index=False)}
    assert got == dict(Counter((gemeente(r), r["theme"]) for r in rows("MIJOV", document)))
    assert sum(got.values()) in (74, 59)


@pytest.mark.parametrize("regio", REGIONS)
def test_matrix_per_kernwaarde_equals_the_csv(cons, regio):
    matrix = queries.consultatie_matrix(cons, regio, per="kernwaarde")
    got = {(g, k): n for g, k, n in matrix[["gemeente", "thema", "punten"]].itertuples(index=False)}
    expected = Counter((gemeente(r), MAPPING[r["theme"]]["kernwaarde"]) for r in rows(regio)
                       if MAPPING[r["theme"]]["kernwaarde"])
    assert got == dict(expected)
    assert set(matrix["thema"]) <= set(themas.KERNWAARDEN)


def test_zhz_has_80_points_of_which_11_algemeen(cons):
    matrix = queries.consultatie_matrix(cons, "ZHZ")
    assert matrix["punten"].sum() == 80
    assert matrix.loc[matrix["thema"] == "algemeen", "punten"].sum() == 11
    assert REGIONAAL not in set(matrix["gemeente"])


def test_grjr_points_are_regional(cons):
    matrix = queries.consultatie_matrix(cons, "GRJR")
    assert set(matrix["gemeente"]) == {REGIONAAL}
    assert matrix["punten"].sum() == len(rows("GRJR")) == 14
    assert queries.consultatie_punten(cons, "GRJR")["gemeente_code"].isna().all()


# --- ranking --------------------------------------------------------------------------------------

@pytest.mark.parametrize("regio", ["ZHZ", "MIJOV"])
def test_ranking_by_gemeenten_naming_first_or_second_theme(cons, regio):
    ranking = queries.thema_ranking(cons, regio)
    got = list(ranking[["thema", "gemeenten", "punten"]].itertuples(index=False, name=None))
    assert got == hand_ranking(regio)
    assert "algemeen" not in set(ranking["thema"])
    assert list(ranking["naam"]) == [themas.name(t) for t in ranking["thema"]]


def test_ranking_top_rows_literally(cons):
    """The hand count from the CSV (see hand_ranking), written out for the top of each region."""
    top_zhz = [("governance_rol_raad", 10, 14), ("lokaal_regionaal", 7, 8), ("toegang_regie", 7, 7),
               ("kostenbeheersing", 6, 5)]
    top_mijov = [("inkoopmodel", 8, 20), ("kwaliteit_fraude", 8, 16), ("contractduur_continuiteit", 8, 7),
                 ("ouders_jeugdigen", 7, 14)]
    assert hand_ranking("ZHZ")[:4] == top_zhz
    assert hand_ranking("MIJOV")[:4] == top_mijov
    for regio, top in (("ZHZ", top_zhz), ("MIJOV", top_mijov)):
        ranking = queries.thema_ranking(cons, regio)
        assert list(ranking[["thema", "gemeenten", "punten"]].head(4).itertuples(index=False, name=None)) == top


def test_ranking_counts_a_secondary_theme():
    """kostenbeheersing is the second theme of some ZHZ points: it is named by more gemeenten than it leads."""
    first_only = {r["gemeente"] for r in rows("ZHZ") if r["theme"] == "kostenbeheersing"}
    either = {r["gemeente"] for r in rows("ZHZ") if "kostenbeheersing" in (r["theme"], r["secondary_theme"])}
    assert len(either) > len(first_only)
    assert ("kostenbeheersing", len(either)) in {(t, g) for t, g, _ in hand_ranking("ZHZ")}


def test_ranking_is_empty_for_a_region_with_only_regional_points(cons):
    ranking = queries.thema_ranking(cons, "GRJR")
    assert ranking.empty
    assert {"thema", "gemeenten", "punten", "naam"} <= set(ranking.columns)


# --- stance and response --------------------------------------------------------------------------

@pytest.mark.parametrize("regio", REGIONS)
def test_reacties_stances_sum_to_the_points(cons, regio):
    reacties = queries.thema_reacties(cons, regio).set_index("thema")
    stance = reacties[[c for c in reacties.columns if c.startswith("standpunt_")]]
    assert stance.to_numpy().sum() == len(queries.consultatie_punten(cons, regio)) == len(rows(regio))
    assert stance.sum(axis=1).to_dict() == dict(Counter(r["theme"] for r in rows(regio)))
    expected = Counter(f"standpunt_{r['stance']}" for r in rows(regio))
    assert stance.sum().to_dict() == dict(expected)


@pytest.mark.parametrize("regio", ["ZHZ", "MIJOV"])
def test_reacties_outcomes_sum_to_the_points(cons, regio):
    reacties = queries.thema_reacties(cons, regio)
    outcome = reacties[[c for c in reacties.columns if c.startswith("reactie_")]]
    assert outcome.to_numpy().sum() == len(rows(regio))
    assert outcome.sum().to_dict() == dict(Counter(f"reactie_{r['response_outcome']}" for r in rows(regio)))


def test_reacties_outcomes_count_points_without_a_response(cons):
    reacties = queries.thema_reacties(cons, "GRJR")
    outcome = reacties[[c for c in reacties.columns if c.startswith("reactie_")]]
    assert outcome.to_numpy().sum() == len(rows("GRJR"))


# --- vocabulary, kernwaarde and answering measures ------------------------------------------------

def test_the_theme_file_is_the_one_complete_source():
    """data/referentie/thema_kernwaarde.csv is the vocabulary: one row and a Dutch name per theme, every theme
    coded in data/bronnen/consultation_*.csv is in it, and the loader validates uploads against it."""
    mapping = [r["thema"] for r in _read(REFERENCE_DIR / themas.THEME_FILE)]
    assert len(mapping) == len(set(mapping))
    assert tuple(mapping) == themas.CODES == THEMAS
    assert set(themas.NAMES) == set(THEMAS)
    assert all(themas.NAMES[t].strip() for t in THEMAS)
    assert set(CONSULTATION_FILES) == {p.name for p in SOURCES_DIR.glob("consultation_*.csv")}
    assert {r["theme"] for r in ROWS} | ({r["secondary_theme"] for r in ROWS} - {""}) <= set(THEMAS)


def test_theme_names_are_the_dutch_labels():
    assert themas.name("kostenbeheersing") == "Kostenbeheersing"
    assert themas.name("resultaatsturing_kpi") == "Sturen op resultaat (KPI's)"
    assert themas.name("contractduur_continuiteit") == "Contractduur en continuïteit"
    assert themas.name("concretisering_kader") == "Kader te vaag"
    assert themas.name("onbekend") == "onbekend"


def test_kernwaarde_per_theme():
    assert themas.kernwaarde("algemeen") is None
    assert MAPPING["algemeen"]["kernwaarde"] == ""
    assert themas.measures("algemeen") == []
    for theme in set(THEMAS) - {"algemeen"}:
        assert themas.kernwaarde(theme) in themas.KERNWAARDEN, theme
    assert themas.kernwaarde("kostenbeheersing") == "efficiency"
    assert themas.KERNWAARDEN == ("gelijkheid", "efficiency", "vrijheid", "zekerheid")   # kernwaarden.csv, by volgorde


def test_every_measure_named_is_one_answering_charts_knows():
    named = {m for r in MAPPING.values() for m in r["maten"].split("|") if m}
    assert named <= set(themas.MEASURES)
    assert named == set(themas.MEASURES), "a measure answering_charts knows that no theme uses"


DESIGN_MEASURES = {
    "kostenbeheersing": ["uitgaven", "per_jeugdige"],
    "thuis_residentieel": ["doelen", "verblijfsduur"],
    "wachttijden": ["wachttijd"],
    "aantal_aanbieders": ["aanbieders"],
    "lokaal_regionaal": ["segmenten"],
    "beschikkingsvrij": ["segmenten"],
}


@pytest.mark.parametrize(("theme", "measures"), DESIGN_MEASURES.items(), ids=list(DESIGN_MEASURES))
def test_design_mapping(theme, measures):
    assert themas.measures(theme) == measures


def test_themes_for_a_measure():
    assert "kostenbeheersing" in themas.themes_for("uitgaven")
    assert set(themas.themes_for("segmenten")) == {"lokaal_regionaal", "beschikkingsvrij"}
    assert themas.themes_for("wachttijd") == ["wachttijden"]
    for measure in themas.MEASURES:
        assert all(measure in themas.measures(t) for t in themas.themes_for(measure))


# --- a controller uploads a new consultation file -------------------------------------------------

HEADER = ["gemeente", "document", "punt", "thema", "thema2", "standpunt", "samenvatting", "regio"]
DOCUMENT = "Zienswijze op het inkoopkader 2027"


def test_upload_with_a_theme_outside_the_vocabulary_is_refused(con):
    before = table_snapshot(con)
    data = make_csv([HEADER,
                     ["Dordrecht", DOCUMENT, "1", "kostenbeheersing", "", "zorg", "Let op de kosten.", ""],
                     ["Gorinchem", DOCUMENT, "1", "jeugdzorgkosten", "", "vraag", "Wat kost het?", ""]])
    report = load(con, "zienswijze-2027.csv", data, "consultatie")
    assert not report.ok
    assert [(p.code, p.row, p.column, p.value) for p in report.problems] == [
        ("ongeldige-waarde", 3, "thema", "jeugdzorgkosten")]
    assert table_snapshot(con) == before


def test_upload_with_a_secondary_theme_outside_the_vocabulary_is_refused(con):
    data = make_csv([HEADER, ["Dordrecht", DOCUMENT, "1", "kostenbeheersing", "geld", "zorg", "Let op de kosten.", ""]])
    report = load(con, "zienswijze-2027.csv", data, "consultatie")
    assert [(p.code, p.column, p.value) for p in report.problems] == [("ongeldige-waarde", "thema2", "geld")]


def test_uploaded_points_appear_with_the_upload_as_source(con):
    data = make_csv([HEADER,
                     ["Dordrecht", DOCUMENT, "1", "kostenbeheersing", "wachttijden", "zorg", "Let op de kosten.", ""],
                     ["Gorinchem", DOCUMENT, "1", "wachttijden", "", "vraag", "Hoe lang wachten kinderen?", ""],
                     ["", DOCUMENT, "2", "algemeen", "", "steunt", "Dank voor het kader.", "Zuid-Holland Zuid"]])
    report = load(con, "zienswijze-2027.csv", data, "consultatie")
    assert report.ok, [p.message for p in report.problems]
    assert [s.kind for s in report.sheets] == ["consultatie"]

    points = queries.consultatie_punten(con, "ZHZ")
    assert len(points) == 3
    assert set(points["bron"]) == {uploaded_source("zienswijze-2027.csv")}
    assert not points["voorbeeld"].any()
    assert sorted(zip(points["gemeente"], points["thema"], strict=True)) == [
        (REGIONAAL, "algemeen"), ("Dordrecht", "kostenbeheersing"), ("Gorinchem", "wachttijden")]
    assert queries.documenten(con, "ZHZ") == [DOCUMENT]

    on_wait = queries.consultatie_punten(con, "ZHZ", thema="wachttijden")
    assert sorted(on_wait["gemeente"]) == ["Dordrecht", "Gorinchem"]   # second theme counts too
    ranking = queries.thema_ranking(con, "ZHZ")
    assert list(ranking[["thema", "gemeenten", "punten"]].itertuples(index=False, name=None)) == [
        ("wachttijden", 2, 1), ("kostenbeheersing", 1, 1)]
