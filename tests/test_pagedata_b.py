"""Page data of the waiting-time, target, sources and history pages (jeugdhulp.pagedata), loaded without
Streamlit from the example database, as the pages, the bench and these tests all get it."""

from __future__ import annotations

import pandas as pd
import pytest

from jeugdhulp import kpi, queries, tables
from jeugdhulp.pagedata import bronnen, doelen, geschiedenis, wachttijden
from jeugdhulp.selectie import Selectie
from loaders.defaults import REFERENCE_DIR
from tests.conftest import load, make_csv

GRJR = Selectie(regio="GRJR", regio_naam="Rijnmond (GRJR)", gemeenten=(), gemeente_namen=(), jaar_van=2019,
                jaar_tot=2024, segmenten=())
ALBRANDSWAARD_CRISIS = Selectie(regio="GRJR", regio_naam="Rijnmond (GRJR)", gemeenten=("GM0613",),
                                gemeente_namen=("Albrandswaard",), jaar_van=2019, jaar_tot=2024, segmenten=("F",))
ZHZ = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=(), gemeente_namen=(), jaar_van=2019,
               jaar_tot=2022, segmenten=())
EXAMPLE_SOURCE = "voorbeelddata (fictief)"


def test_trajecten_provenance_per_region(example):
    assert queries.trajecten_herkomst(example, "ZHZ") == (EXAMPLE_SOURCE, True)
    shown = tables.with_source(pd.DataFrame({"jaar": [2024]}), "bron A", False)
    assert shown.to_dict("records") == [{"jaar": 2024, "bron": "bron A", "voorbeeld": False}]


def test_wachttijden_statistics_per_year_in_whole_days(example):
    data = wachttijden.load(example, GRJR)
    assert (data.bron, data.voorbeeld) == (EXAMPLE_SOURCE, True)
    wacht = data.wacht
    assert wacht["jaar"].tolist() == [2019, 2020, 2021, 2022, 2023, 2024]
    assert wacht["aantal"].tolist() == [10911, 8928, 10708, 10196, 10587, 10546]
    assert wacht["mediaan"].tolist() == [68.0, 69.0, 70.0, 70.0, 70.0, 70.0]
    for column in ("gemiddeld", "mediaan", "p10", "p25", "p75", "p90"):
        assert (wacht[column] == wacht[column].round()).all(), column
    assert set(wacht["norm_dagen"]) == {1.0}          # the GRJR crisis norm: within one day
    assert data.duur["jaar"].tolist() == [2019, 2020, 2021, 2022, 2023, 2024]
    assert data.duur["mediaan"].tolist() == [463.0, 415.0, 368.0, 350.0, 377.0, 382.0]
    # GRJR has two purchasing models, so both measures come per model too.
    assert data.wacht_modellen["inkoopmodel"].nunique() == 2 and data.duur_modellen["inkoopmodel"].nunique() == 2
    assert data.wacht_segment["segment"].iloc[0] == "Behandeling met verblijf (pakket B)"
    table = data.met_bron(data.wacht)
    assert set(table["bron"]) == {EXAMPLE_SOURCE} and table["voorbeeld"].all()


def test_wachttijden_small_groups_have_no_statistics(example):
    wacht = wachttijden.load(example, ALBRANDSWAARD_CRISIS).wacht.set_index("jaar")
    # 7 or 8 waits: shown as counts, but under 10 visible cases no median or percentile.
    assert wacht.loc[[2019, 2020, 2021, 2023], "aantal"].tolist() == [8, 7, 7, 7]
    assert not wacht.loc[[2019, 2020, 2021, 2023], "aantal_klein"].any()
    assert wacht[["gemiddeld", "mediaan", "p90", "binnen_norm"]].isna().all().all()
    # A count of 1-4 is masked: flagged _klein.
    assert wacht.loc[2022, "aantal_klein"] and wacht.loc[2024, "aantal_klein"]


def test_wachttijden_providers_without_counts(example):
    data = wachttijden.load(example, GRJR)
    assert data.segmenten == ["Behandeling met verblijf (pakket B)", "Alternatief thuis (pakket C)",
                              "Dagbehandeling en -besteding (pakket D)", "Specialistische ambulante hulp (pakket E)",
                              "Crisis (pakket F)"]
    assert data.aanbieders_per_segment["aanbieders"].tolist() == [4, 3, 4, 12, 2]
    pakket_b = data.aanbieders_van("Behandeling met verblijf (pakket B)")
    assert pakket_b.columns.tolist() == ["rang", "aanbieder", "aanbieders_in_groep"]   # no counts of youths
    # Every provider of pakket B has at least 5 youths in 2024: all four by name, no 'overig' line.
    assert pakket_b["aanbieder"].tolist() == ["Wooncentrum De Haven", "Behandelcentrum Zuid", "Huize Vlinder",
                                              "Jeugdzorgcentrum Oost"]
    assert pakket_b["rang"].tolist() == [1, 2, 3, 4]
    # In MIJOV's 'Wonen en verblijf Groep' some gemeente has a provider with 1-4 youths: it joins 'overig'.
    groep = queries.aanbieders(example, regio="MIJOV", gemeenten=[], segmenten=["WVGR"], jaar=2024)
    assert groep["rang"].tolist() == [1, 2, 3, 4, 5] and groep["aanbieder"].iloc[-1] == queries.OVERIG_AANBIEDERS
    assert not {"jeugdigen", "trajecten"} & set(data.aanbieders.columns)
    # The same list as the page asked for one segment alone.
    alone = queries.aanbieders(example, regio="GRJR", gemeenten=[], segmenten=["B"], jaar=2024)
    assert pakket_b.to_dict("records") == alone[["rang", "aanbieder", "aanbieders_in_groep"]].to_dict("records")
    assert data.geleverd.empty                        # no KPI values of soort 'kpi' loaded in the example


def test_doelen_default_target_status_per_gemeente_and_model(example):
    data = doelen.load(example, GRJR)
    assert list(data.labels.values()) == ["Residentiële zorg, segment B – Behandeling met verblijf (pakket B): -30% in 2025",
                                          "Pleegzorg en gezinshuizen, segment C – Alternatief thuis (pakket C): +30% in 2025"]
    assert data.keuze == next(iter(data.labels)) and (data.basisjaar, data.doeljaar) == (2021, 2025)
    # The base years are the region's years (those of the year slider) before the target year.
    assert data.basisjaren[data.keuze] == [j for j in queries.jaren(example, "GRJR") if j < 2025]
    assert data.basisjaren[data.keuze][data.basisjaar_index[data.keuze]] == 2021
    status = data.status
    gemeenten = queries.gemeenten(example, regio="GRJR")
    assert (status["niveau"] == "gemeente").sum() == len(gemeenten) == 13
    assert status.loc[status["niveau"] == "selectie", "naam"].tolist() == ["Hele regio"]
    assert status.loc[status["niveau"] == "inkoopmodel", "naam"].tolist() == [
        "regionale inkoop (12 gemeenten, indeling 2021)", "taakgericht (MVS, eigen model)"]
    assert len(data.status_tabel) == 13 + 1 + 2
    rotterdam = data.status_tabel.set_index("Naam").loc["Rotterdam"]
    assert (rotterdam["Status"], rotterdam["Basiswaarde"], rotterdam["Laatste waarde"]) == (kpi.NIET_OP_KOERS, "574",
                                                                                            "567")
    # Every gemeente has at least 5 youths in segment B (a hidden value: test_doelen_status_hides_a_small_value).
    assert data.status_tabel.set_index("Naam").loc["Albrandswaard", "Laatste waarde"] == "32"
    # The models together hold the region: their base values add up to the selection's.
    models = status.loc[status["niveau"] == "inkoopmodel", "basiswaarde"]
    assert models.sum() == data.mijn["basiswaarde"] == 1225
    assert data.metric_label == "Status Regio Rijnmond (GRJR): -30% in 2025 t.o.v. 2021"
    assert (data.metric_waarde, data.metric_delta) == ("Niet op koers", "nu 1.139, doel 858, trend 1.101")
    assert data.per_model and data.titel == "Residentiële zorg: -30% in 2025 — Regio Rijnmond (GRJR)"
    assert "Gemeten in segment B – Behandeling met verblijf (pakket B)." in data.definitie


def test_doelen_other_base_year_and_target(example):
    default = doelen.load(example, GRJR)
    other = doelen.load(example, GRJR, doel=default.keuze, basisjaar=2019)
    assert other.metric_label.endswith("t.o.v. 2019") and other.metric_delta != default.metric_delta
    pleegzorg = [k for k, label in default.labels.items() if label.startswith("Pleegzorg")][0]
    assert doelen.load(example, GRJR, doel=pleegzorg).titel.startswith("Pleegzorg en gezinshuizen: +30% in 2025")


def test_doelen_status_hides_a_small_value(con):
    # Tiny data, as no gemeente of the calibrated example has 1-4 youths in segment B: Albrandswaard has 3 youths in
    # segment B in 2021 and 3 in 2024, Rotterdam 10 in 2021 and 8 in 2024 (target: -30% in 2025 t.o.v. 2021).
    assert load(con, "doelen_standaard.csv", (REFERENCE_DIR / "doelen_standaard.csv").read_bytes(), "doelen").ok
    rows = [["clientnummer", "gemeente", "segment", "startdatum", "einddatum"]]
    for code, prefix, in_2021, in_2024 in (("GM0613", "A", 3, 3), ("GM0599", "R", 10, 8)):
        rows += [[f"{prefix}{i}", code, "B", "01-03-2021", "30-11-2021"] for i in range(in_2021)]
        rows += [[f"{prefix}{i + 100}", code, "B", "01-03-2024", "30-11-2024"] for i in range(in_2024)]
    assert load(con, "trajecten.csv", make_csv(rows), "trajecten").ok
    table = doelen.load(con, GRJR).status_tabel.set_index("Naam")
    assert (table.loc["Albrandswaard", "Basiswaarde"], table.loc["Albrandswaard", "Laatste waarde"]) == ("<5", "<5")
    assert (table.loc["Rotterdam", "Basiswaarde"], table.loc["Rotterdam", "Laatste waarde"]) == ("10", "8")


def test_doelen_without_a_target(example):
    data = doelen.load(example, ZHZ)
    assert data.labels == {} and data.keuze is None and data.status.empty and not data.per_model
    assert data.titel == "Jeugdigen in residentiële zorg — Regio Zuid-Holland Zuid"
    assert data.reeks["groep"].unique().tolist() == ["Hele regio"]
    assert data.definitie == kpi.DOEL_KPIS["residentieel_volume"]
    assert data.ratio["jaar"].tolist() == [2019, 2020, 2021, 2022] and set(data.ratio["inkoopmodel"]) == {"regionaal"}
    assert data.stuurvariabelen.empty            # ZHZ's sources name no steering variables (GRJR's do)
    assert len(doelen.load(example, GRJR).stuurvariabelen) == 35


def test_bronnen_without_the_role_carry_no_names_or_people_counts(example):
    viewer = bronnen.load(example, GRJR, controller=False)
    assert "gebruiker" not in viewer.batches.columns
    trajecten = viewer.batches[viewer.batches["kind"] == "trajecten"]
    # Numbers stay numbers here (the table shows them in Dutch notation, the downloads keep them numbers).
    assert len(trajecten) == 1 and trajecten["rijen"].isna().all()
    assert viewer.batches.set_index("bestand").at["gemeenten.csv", "rijen"] == 31
    assert set(viewer.batches["voorbeeld"]) == {"ja (fictief)", "nee"} and viewer.voorbeeld
    controller = bronnen.load(example, GRJR, controller=True)
    assert set(controller.batches["gebruiker"]) == {"standaardgegevens"}
    assert controller.batches.loc[controller.batches["kind"] == "trajecten", "rijen"].tolist() == [224_708]
    assert viewer.segmenten["segment_code"].tolist()[:2] == ["B", "C"]
    assert not viewer.segmenten.isna().any().any()


def test_geschiedenis_without_the_role_carries_no_names_or_people_counts(example):
    viewer = geschiedenis.load(example, GRJR, controller=False)
    # The controlegetal (checksum) is for controllers only.
    assert not {"gebruiker", "jeugdigen", "trajecten", "sha256"} & set(viewer.geschiedenis.columns)
    # newest first: the three tables of the fictitious national comparison came last
    assert viewer.geschiedenis["batch_id"].tolist() == list(range(16, 0, -1))
    assert viewer.geschiedenis["kind"].tolist()[:4] == ["cbs", "cbs", "cbs", "trajecten"]
    assert viewer.geschiedenis.loc[viewer.geschiedenis["kind"] == "trajecten", "rijen"].isna().all()
    # The costs in a trajecten file are the care of its children: a file of a few trajecten would tell a viewer what
    # the care of a few children cost. Controllers only.
    assert viewer.geschiedenis.iloc[3][["kind", "bedrag_eur"]].isna().tolist() == [False, True]
    assert viewer.actief[13] == "voorbeeld_trajecten.csv" and viewer.keuze_label(13) == "13 — voorbeeld_trajecten.csv"
    controller = geschiedenis.load(example, GRJR, controller=True)
    assert {"gebruiker", "jeugdigen", "trajecten"} <= set(controller.geschiedenis.columns)
    assert controller.geschiedenis.iloc[3]["rijen"] == 224_708
    assert controller.geschiedenis.iloc[3]["bedrag_eur"] == pytest.approx(3_454_018_779.00)
    assert controller.geschiedenis["sha256"].str.len().max() == 12
    assert controller.actief == viewer.actief
