"""Disclosure control, tested as an attacker would: no hidden count can be derived from what the app shows.

Two databases differ in nothing but two hidden cells — Hardinxveld-Giessendam (GM0523) has 1 youth in
segment 3 in 2022 in one and 4 in the other, Alblasserdam (GM0482) 2 or 4 youths with a stay in segment 1.
If any figure, on any page, for any selection of gemeenten, segments and years, differed between the two,
an attacker could tell the hidden counts apart — by subtracting one view from another or otherwise. So every
query a page uses is walked over many selections, every page is rendered, and all must be identical.
The rule itself: sql/views/pub_klein.sql (README: Privacy).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pandas.testing as pdt
import pytest
import streamlit as st

from jeugdhulp import db, queries
from loaders.defaults import SOURCES_DIR, load_reference
from tests.conftest import load, make_csv
from tests.test_pages import open_app

pytestmark = pytest.mark.usefixtures("apptest_runs_app_py")

ZHZ = ["GM0482", "GM0505", "GM0512", "GM0523", "GM0531"]          # Alblasserdam, Dordrecht, Gorinchem, Hardinxveld, H-I-A
NAMES = {"GM0482": "Alblasserdam", "GM0505": "Dordrecht", "GM0512": "Gorinchem", "GM0523": "Hardinxveld-Giessendam",
         "GM0531": "Hendrik-Ido-Ambacht"}
SEGMENTEN = ["1", "3", "4A"]
YEARS = [2020, 2021, 2022]
HIDDEN = {("GM0523", "3", 2022), ("GM0482", "1", 2022)}
VARIANTS = {"laag": {("GM0523", "3", 2022): 1, ("GM0482", "1", 2022): 2},
            "hoog": {("GM0523", "3", 2022): 4, ("GM0482", "1", 2022): 4}}


def _trajecten(hidden: dict[tuple[str, str, int], int]) -> bytes:
    """5-9 youths in every other cell (gemeente, segment, year); each youth has one trajectory that starts
    and ends within its year, with a wait, a provider and — in segment 1 — a stay."""
    rows = [["client", "gemeente", "segment", "aanmelddatum", "startdatum", "einddatum", "aanbieder", "verblijf"]]
    for (g_index, gemeente), (s_index, segment), year in itertools.product(enumerate(ZHZ), enumerate(SEGMENTEN), YEARS):
        size = hidden.get((gemeente, segment, year), 5 + (3 * g_index + 2 * s_index + year) % 5)
        for i in range(size):
            aanmelding = date(year, 1 + (i % 6), 1 + i)
            start = aanmelding + timedelta(days=3 * i + g_index)
            einde = start + timedelta(days=20 + 11 * i + 5 * s_index)
            rows.append([f"{gemeente}-{segment}-{year}-{i}", NAMES[gemeente], segment, f"{aanmelding:%d-%m-%Y}",
                         f"{start:%d-%m-%Y}", f"{einde:%d-%m-%Y}", "Aanbieder A" if i % 3 else "Aanbieder B",
                         "ja" if segment == "1" else "nee"])
    return make_csv(rows)


POPULATION = make_csv([["code", "naam", "regio", "inwoners", "jeugdigen_0_17", "jaar"]] + [
    [code, NAMES[code], "Zuid-Holland Zuid", str(40000 + 1000 * i), str(8000 + 500 * i), str(year)]
    for i, code in enumerate(ZHZ) for year in YEARS
])


def _build(path: Path, hidden: dict[tuple[str, str, int], int]) -> None:
    con = db.connect(path)
    load_reference(con)
    for name, data, kind in (("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten"),
                             ("bevolking.csv", POPULATION, "gemeenten"),
                             ("trajecten.csv", _trajecten(hidden), "trajecten")):
        report = load(con, name, data, kind)
        assert report.ok, report.problems
    con.close()


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    paths = {}
    for name, hidden in VARIANTS.items():
        paths[name] = tmp_path_factory.mktemp(f"privacy_{name}") / "jeugdhulp.duckdb"
        _build(paths[name], hidden)
    yield paths


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """The file's hash in a source line differs between the two files (not a count): leave it out."""
    out = frame.reset_index(drop=True).copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(lambda v: re.sub(r"sha256 [0-9a-f]+", "sha256 …", v) if isinstance(v, str) else v)
    return out


def _gemeente_selections() -> list[list[str]]:
    """Every subset of Hardinxveld, Alblasserdam and Dordrecht, the whole region (empty), and the whole region
    but one hidden gemeente: each pair that differs by one gemeente is a subtraction an attacker can make."""
    subsets = [list(c) for size in range(4) for c in itertools.combinations(["GM0482", "GM0505", "GM0523"], size)]
    return subsets + [[g for g in ZHZ if g != "GM0523"], [g for g in ZHZ if g != "GM0482"]]


def _selections() -> Iterator[dict[str, object]]:
    for gemeenten in _gemeente_selections():
        for segmenten in ([], ["3"], ["1", "3"]):
            for jaar_van, jaar_tot in ((2022, 2022), (2020, 2022)):
                yield dict(regio="ZHZ", gemeenten=gemeenten, segmenten=segmenten, jaar_van=jaar_van, jaar_tot=jaar_tot)


def _views(con: duckdb.DuckDBPyConnection, s: dict[str, object]) -> dict[str, pd.DataFrame]:
    """What the pages query for one selection (the same functions, the same arguments)."""
    span = {k: s[k] for k in ("regio", "gemeenten", "segmenten", "jaar_van", "jaar_tot")}
    out = {
        "kerncijfers": queries.kerncijfers(con, s["regio"], s["gemeenten"], s["segmenten"], s["jaar_tot"]),
        "volumes_per_segment": queries.volumes_per_segment(con, **span),
        "ambulant_per_bed": queries.ambulant_per_bed(con, s["regio"], s["gemeenten"], s["jaar_van"], s["jaar_tot"]),
        "aanbieders": queries.aanbieders(con, s["regio"], s["gemeenten"], s["segmenten"], s["jaar_tot"]),
        "aanbieders_per_segment": queries.aanbieders_per_segment(con, s["regio"], s["gemeenten"], s["segmenten"],
                                                                 s["jaar_tot"]),
    }
    for measure in ("wachttijd", "verblijfsduur"):
        for per, frame in queries.kpi_bundel(con, measure, **span).items():
            out[f"{measure}_{per}"] = frame
    return out


def _target_views(con: duckdb.DuckDBPyConnection, gemeenten: list[str]) -> dict[str, pd.DataFrame]:
    """The residential target for a selection of gemeenten (it takes no segments or span of years)."""
    out = {}
    for segment in (None, "1"):
        out[f"doel_status_{segment}"] = queries.doel_status(con, "ZHZ", gemeenten, "residentieel_volume", segment,
                                                            2020, 2025, -30.0, 2022)
        for groep in ("selectie", "inkoopmodel"):
            out[f"doel_jaarreeks_{segment}_{groep}"] = queries.doel_jaarreeks(con, "ZHZ", gemeenten,
                                                                              "residentieel_volume", segment, groep)
    return out


def _per_gemeente_views(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Views that show every gemeente at once (maps, per-gemeente bars, the profile's groups)."""
    out = {}
    for year, segmenten in itertools.product(YEARS, ([], ["3"], ["1"], ["1", "3"])):
        out[f"volumes_per_gemeente_{year}_{segmenten}"] = queries.volumes_per_gemeente(con, "ZHZ", segmenten, year)
    for year in YEARS:
        out[f"kaart_{year}"] = queries.kaart_gemeenten(con, year)
    for gemeente in ZHZ:
        others = [g for g in ZHZ if g != gemeente]
        for comparable in (others, others[:2], ["GM0523"], ["GM0482", "GM0523"]):
            out[f"profiel_{gemeente}_{comparable}"] = queries.vergelijking_per_jaar(con, gemeente, comparable, 2020, 2022)
    return out


def test_the_two_databases_really_differ_in_the_hidden_cells(variants):
    """The control: without disclosure control the cells are told apart (so the tests below can fail)."""
    raw = {}
    for name, path in variants.items():
        with duckdb.connect(str(path), read_only=True) as con:
            raw[name] = con.execute("SELECT gemeente_code, segment_code, jaar, jeugdigen FROM mart_trajecten_segment_jaar"
                                    " WHERE (gemeente_code, segment_code, jaar) IN (('GM0523', '3', 2022),"
                                    " ('GM0482', '1', 2022)) ORDER BY ALL").fetchall()
    assert raw == {"laag": [("GM0482", "1", 2022, 2), ("GM0523", "3", 2022, 1)],
                   "hoog": [("GM0482", "1", 2022, 4), ("GM0523", "3", 2022, 4)]}


def test_the_region_total_minus_the_gemeenten_shown_gives_the_fixed_value_not_the_count(variants):
    """The issue's example: 'Per segment' for the region next to 'Per gemeente' for segment 3 in 2022."""
    for name, path in variants.items():
        with duckdb.connect(str(path), read_only=True) as con:
            region = queries.volumes_per_segment(con, "ZHZ", [], ["3"], 2022, 2022)
            per_gemeente = queries.volumes_per_gemeente(con, "ZHZ", ["3"], 2022)
        hidden = per_gemeente.loc[per_gemeente["gemeente_code"] == "GM0523"].iloc[0]
        assert bool(hidden["jeugdigen_klein"]) and pd.isna(hidden["jeugdigen"]), name
        assert region["jeugdigen"].iloc[0] - per_gemeente["jeugdigen"].sum() == 3, name


def _walk(path: Path, collect: Callable[[duckdb.DuckDBPyConnection], dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as con:
        return collect(con)


def test_no_selection_of_gemeenten_segments_and_years_tells_the_hidden_counts_apart(variants):
    def collect(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
        out = {}
        for s in _selections():
            for name, frame in _views(con, s).items():
                out[f"{name} {json.dumps(s)}"] = frame
        for gemeenten in _gemeente_selections():
            for name, frame in _target_views(con, gemeenten).items():
                out[f"{name} {gemeenten}"] = frame
        return out

    laag, hoog = (_walk(variants[name], collect) for name in ("laag", "hoog"))
    assert laag.keys() == hoog.keys()
    for key in laag:
        pdt.assert_frame_equal(_normalised(laag[key]), _normalised(hoog[key]), obj=key)


def test_maps_per_gemeente_charts_and_profile_groups_do_not_tell_them_apart(variants):
    laag, hoog = (_walk(variants[name], _per_gemeente_views) for name in ("laag", "hoog"))
    for key in laag:
        pdt.assert_frame_equal(_normalised(laag[key]), _normalised(hoog[key]), obj=key)


# --- every page, as a reader sees it --------------------------------------------------------------

PAGES = ["pages/overzicht.py", "pages/gemeente.py", "pages/uitgaven.py", "pages/volumes.py", "pages/wachttijden.py",
         "pages/doelen.py", "pages/consultatie.py", "pages/bronnen.py", "pages/geschiedenis.py"]
LINKS = [{"regio": "ZHZ", "jaren": "2020,2022"},
         {"regio": "ZHZ", "jaren": "2022,2022", "segmenten": "3"},
         {"regio": "ZHZ", "jaren": "2020,2022", "gemeenten": "GM0482,GM0505,GM0512,GM0531", "segmenten": "1,3"},
         {"regio": "ZHZ", "jaren": "2020,2022", "gemeenten": "GM0523", "gemeente": "GM0523"}]


def _page_text(at: object) -> list[str]:
    """Everything a reader sees on a page: texts, numbers, tables and charts (the data of every download)."""
    seen = []
    for kind in ("title", "subheader", "header", "markdown", "caption", "info", "warning", "error", "success"):
        seen += [f"{kind}: {e.value}" for e in at.get(kind)]
    seen += [f"metric: {m.label} {m.value} {m.proto.body}" for m in at.metric]
    seen += [f"dataframe: {_normalised(d.value).to_csv()}" for d in at.dataframe]
    seen += [f"chart: {chart.proto.spec}" for chart in at.get("plotly_chart")]
    return [_not_counts(s) for s in seen]


def _not_counts(text: str) -> str:
    """Leave out what differs between the two databases but is no count: the files' hashes and load times."""
    text = re.sub(r"sha256 [0-9a-f]+|\b[0-9a-f]{12}\b", "<hash>", text)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?|\d+ \w+ \d{4} om \d{2}:\d{2}", "<tijd>", text)


@pytest.mark.parametrize("page", PAGES, ids=[Path(p).stem for p in PAGES])
def test_no_page_tells_the_hidden_counts_apart(variants, page, monkeypatch):
    seen: dict[str, list[list[str]]] = {}
    for name, path in variants.items():
        monkeypatch.setenv("JEUGDHULP_DB", str(path))
        st.cache_resource.clear()
        st.cache_data.clear()
        seen[name] = []
        for link in LINKS:
            at = open_app(path, link)
            at.switch_page(page).run()
            assert not at.exception, [e.value for e in at.exception]
            seen[name].append(_page_text(at))
    st.cache_resource.clear()
    st.cache_data.clear()
    for link, laag, hoog in zip(LINKS, seen["laag"], seen["hoog"], strict=True):
        assert laag == hoog, (link, [(a, b) for a, b in zip(laag, hoog, strict=False) if a != b][:2])


def test_a_gemeente_made_only_of_hidden_cells(con):
    """Distinct youths per gemeente when every cell is hidden: 1-4 youths keep their count (shown as "<5");
    more than that counts 3 per hidden cell — never the real number, which the cells would give away."""
    rows = [["client", "gemeente", "segment", "startdatum", "einddatum"]]
    rows += [[f"D{i}", "Dordrecht", "1", "01-02-2022", "30-06-2022"] for i in range(2)]          # cell of 2
    rows += [[f"D{i}", "Dordrecht", "3", "01-02-2022", "30-06-2022"] for i in range(2, 5)]       # cell of 3
    rows += [["G1", "Gorinchem", "1", "01-02-2022", "30-06-2022"], ["G1", "Gorinchem", "3", "01-03-2022", ""]]
    assert load(con, "trajecten.csv", make_csv(rows), "trajecten").ok
    assert con.execute("SELECT gemeente_code, jaar, jeugdigen, jeugdigen_residentieel FROM mart_jeugdigen_gemeente_jaar"
                       " ORDER BY ALL").fetchall() == [
        ("GM0505", 2022, 6, 2),     # 5 youths in two hidden cells: 3 + 3; residential: 2 youths in one cell: keeps 2
        ("GM0512", 2022, 1, 1),     # one youth in two hidden cells: keeps 1
    ]
    shown = queries.kerncijfers(con, "ZHZ", ["GM0512"], [], 2022).set_index("scope")
    assert pd.isna(shown.at["selectie", "jeugdigen_in_zorg"]) and bool(shown.at["selectie", "jeugdigen_in_zorg_klein"])
    assert shown.at["regio", "jeugdigen_in_zorg"] == 6 + 3      # Gorinchem's 1 counts as 3 in the region


# --- attacker probes for the statistics and the provider table ----------------------------------------

def test_the_provider_table_gives_no_count_to_subtract(variants):
    """With a count per provider, the region's segment total (exact on Volumes) minus the named providers gave
    'overig' back, and with it a count of 1-4. The table now names providers and says how many are 'overig'."""
    def collect(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
        return {json.dumps(s): queries.aanbieders(con, s["regio"], s["gemeenten"], s["segmenten"], s["jaar_tot"])
                for s in _selections()}

    laag, hoog = (_walk(variants[name], collect) for name in ("laag", "hoog"))
    for key in laag:
        assert not [c for c in laag[key].columns if "jeugdigen" in c or "trajecten" in c], key
        pdt.assert_frame_equal(laag[key], hoog[key], obj=key)
    columns = ["aanbieder", "aanbieders_in_groep", "overig", "rang"]
    with duckdb.connect(str(variants["hoog"]), read_only=True) as con:
        # GM0523, segment 3, 2022 is a hidden cell (4 youths here): its providers are not named, only 'overig',
        # which names no provider but stands for at least one — and gives no number of youths.
        alone = queries.aanbieders(con, "ZHZ", ["GM0523"], ["3"], 2022)
        assert alone[columns].values.tolist() == [[queries.OVERIG_AANBIEDERS, 1, True, 1]]
        # The region, segment 3, 2022 (cells of 9, 7, 5 and 6 youths; provider B for youth 0, 3, 6 of a cell):
        #   Aanbieder A: GM0482 6, GM0505 4 -> 3, GM0512 3 -> 3, GM0531 4 -> 3 = 15 -> named
        #   Aanbieder B: GM0482 3 -> 3, GM0505 3 -> 3, GM0512 2 -> 3, GM0531 2 -> 3 = 12 -> named
        #   GM0523's hidden cell: one row without a provider -> overig, at least 1 provider
        region = queries.aanbieders(con, "ZHZ", [], ["3"], 2022)
        assert region[columns].values.tolist() == [["Aanbieder A", 1, False, 1], ["Aanbieder B", 1, False, 2],
                                                   [queries.OVERIG_AANBIEDERS, 1, True, 3]]


WAITS_5 = [18, 29, 70, 87, 102]
WAITS_12 = [3, 5, 8, 12, 15, 21, 26, 30, 41, 55, 60, 94]


def test_statistics_never_rest_on_fewer_than_ten_cases(con):
    """A reviewer recovered all five waits of a cell of 5 from its statistics: p25, median and p75 are single
    children's values, and p10, p90 and the mean give back the other two. Fewer than 10 cases: n only."""
    rows = [["client", "gemeente", "segment", "aanmelddatum", "startdatum", "einddatum"]]
    for year, aanmelding, waits in ((2022, date(2022, 2, 1), WAITS_5), (2023, date(2023, 1, 10), WAITS_12)):
        rows += [[f"D{year}-{i}", "Dordrecht", "3", f"{aanmelding:%d-%m-%Y}", f"{aanmelding + timedelta(days=wait):%d-%m-%Y}",
                  ""] for i, wait in enumerate(waits)]
    assert load(con, "trajecten.csv", make_csv(rows), "trajecten").ok
    frame = queries.wachttijd(con, "ZHZ", ["GM0505"], [], 2022, 2023).set_index("jaar")
    statistics = ["gemiddeld", "mediaan", "p10", "p25", "p75", "p90"]
    # 2022: one visible cell of 5 -> n = 5, and nothing else
    assert frame.at[2022, "aantal"] == 5 and not frame.at[2022, "aantal_klein"]
    assert frame.loc[2022, statistics].isna().all()
    # 2023: 12 cases, sorted 3 5 8 12 15 21 26 30 41 55 60 94 (sum 370), positions p/100 * 11, whole days:
    #   mean 370 / 12 = 30.83 -> 31; p10 at 1.1 -> 5 + 0.1 * 3 = 5.3 -> 5; p25 at 2.75 -> 8 + 0.75 * 4 = 11;
    #   median at 5.5 -> 21 + 0.5 * 5 = 23.5 -> 24 (half to even); p75 at 8.25 -> 41 + 0.25 * 14 = 44.5 -> 44;
    #   p90 at 9.9 -> 55 + 0.9 * 5 = 59.5 -> 60
    assert frame.at[2023, "aantal"] == 12
    assert frame.loc[2023, statistics].tolist() == [31.0, 24.0, 5.0, 11.0, 44.0, 60.0]


def _export_parts(path: Path, page: str, link: dict[str, str]) -> list[str]:
    """Every chart of a page put on a slide, exported as offline HTML and as PowerPoint: the text of every part."""
    from datetime import UTC, datetime

    from dashboard import state
    from jeugdhulp import export, presentatie

    at = open_app(path, link)
    at.switch_page(page).run()
    for index in range(len([b for b in at.button if b.label == "Naar presentatie"])):
        [b for b in at.button if b.label == "Naar presentatie"][index].click().run()
        assert not at.exception, [e.value for e in at.exception]
    token = at.session_state["presentatie"]
    dias = presentatie.dias(state.cursor(), token)
    assert dias, "no slide was added"
    moment = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    parts = [export.to_html(dias, "Titel", "Ondertitel", moment)]
    parts += _zip_text(export.to_pptx(dias, "Titel", "Ondertitel", moment))
    presentatie.clear(state.cursor(), token)
    return [_not_counts(part) for part in parts]


def _zip_text(data: bytes, prefix: str = "") -> list[str]:
    """The parts of an Office file as text, the workbooks inside PowerPoint charts opened too; without
    docProps/core.xml, whose timestamps are the moment of writing."""
    import io
    import zipfile

    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in sorted(book.namelist()):
            if name.endswith("docProps/core.xml"):
                continue
            content = book.read(name)
            parts += (_zip_text(content, f"{prefix}{name}/") if name.endswith(".xlsx")
                      else [f"{prefix}{name}: {content.decode('utf-8', 'replace')}"])
    return parts


@pytest.mark.parametrize("page", ["pages/volumes.py", "pages/wachttijden.py", "pages/gemeente.py"],
                         ids=["volumes", "wachttijden", "gemeente"])
def test_no_slide_html_or_powerpoint_tells_the_hidden_counts_apart(variants, page, monkeypatch):
    """What leaves the app as a file: every chart of the page on a slide, then the offline HTML and the PowerPoint
    deck (including the workbook inside each chart) — identical for the two databases."""
    from jeugdhulp import presentatie

    monkeypatch.setattr(presentatie, "MAX_DIAS_PER_MINUUT", 100)
    seen = {}
    for name, path in variants.items():
        monkeypatch.setenv("JEUGDHULP_DB", str(path))
        st.cache_resource.clear()
        st.cache_data.clear()
        seen[name] = _export_parts(path, page, LINKS[1] if page != "pages/gemeente.py" else LINKS[3])
    st.cache_resource.clear()
    st.cache_data.clear()
    assert len(seen["laag"]) == len(seen["hoog"]) > 1
    assert [a for a, b in zip(seen["laag"], seen["hoog"], strict=True) if a != b] == []
