"""Page data of the pages Overzicht, Uitgaven and Consultatie and of the 'Wat zeiden de raden hierover?' panel
(jeugdhulp.pagedata), loaded without Streamlit from the example database (and one tiny dataset for a case the
calibrated example does not have): facts a user sees on those pages."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from jeugdhulp.pagedata import consultatie, overzicht, uitgaven
from jeugdhulp.selectie import Selectie
from tests.conftest import load, make_csv

ZHZ_2022 = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=(), gemeente_namen=(), jaar_van=2019,
                    jaar_tot=2022, segmenten=())
DORDRECHT_2022 = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=("GM0505",),
                          gemeente_namen=("Dordrecht",), jaar_van=2019, jaar_tot=2022, segmenten=())
HARDINXVELD_2022 = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=("GM0523",),
                            gemeente_namen=("Hardinxveld-Giessendam",), jaar_van=2019, jaar_tot=2022, segmenten=())
ZHZ_DOCUMENT = "Nota van reactie zienswijzen Inkoopkader jeugdhulp 2022 e.v."
UITGAVEN_MEASURES = ["uitgaven", "per_jeugdige", "segmenten"]   # what pages/uitgaven.py asks the panel for


def region(code: str) -> Selectie:
    return Selectie(regio=code, regio_naam=code, gemeenten=(), gemeente_namen=(), jaar_van=2019, jaar_tot=2022,
                    segmenten=())


# --- Overzicht ---------------------------------------------------------------------------------------------

def test_overzicht_of_dordrecht_against_the_region(example):
    data = overzicht.load(example, DORDRECHT_2022)
    assert data.jaar == 2022
    assert (data.selectie.scope, data.regio.scope) == ("selectie", "regio")
    assert data.selectie.realisatie_eur == pytest.approx(44_254_422.67)
    assert data.selectie.begroting_eur == pytest.approx(41_423_521.87)
    assert data.verschil_begroting_eur == pytest.approx(44_254_422.67 - 41_423_521.87)
    assert data.afwijking_begroting == pytest.approx(44_254_422.67 / 41_423_521.87 - 1)
    assert data.verandering == pytest.approx(44_254_422.67 / 40_231_751.69 - 1)
    assert (data.selectie.jeugdigen_in_zorg, data.selectie.jeugdigen_0_17) == (3345, 24_652)
    assert (data.regio.jeugdigen_in_zorg, data.regio.jeugdigen_0_17) == (10_970, 89_759)
    # The trend: begroting and realisatie in every year chosen, Dordrecht's share of the region's spend.
    assert sorted(data.trend["jaar"].unique()) == [2019, 2020, 2021, 2022]
    assert set(data.trend["soort"]) == {"begroting", "realisatie"}
    assert (data.trend["selectie_eur"] < data.trend["regio_eur"]).all()
    assert data.voorbeeld is True and data.voorbeeld_trend is True
    assert data.bron_uitgaven.startswith("voorbeelddata") and data.bron_trend.startswith("voorbeelddata")


def test_overzicht_of_the_whole_region_is_the_region(example):
    data = overzicht.load(example, ZHZ_2022)
    assert data.selectie.realisatie_eur == pytest.approx(data.regio.realisatie_eur)
    assert data.selectie.jeugdigen_in_zorg == data.regio.jeugdigen_in_zorg == 10_970
    last = data.trend[(data.trend["jaar"] == 2022) & (data.trend["soort"] == "realisatie")]
    assert last["selectie_eur"].iloc[0] == pytest.approx(data.selectie.realisatie_eur)


def test_overzicht_masks_a_small_count_and_the_share_built_on_it(con):
    # The calibrated example has no gemeente with 1-4 youths in residential care, so a tiny dataset: in 2022
    # Hardinxveld-Giessendam has 8 youths in segment 4A, 3 of whom are also in segment 1 (residential, a hidden
    # cell that counts as 3: 8 + 3 = 11 published), and Dordrecht 6 youths in segment 1.
    population = [["code", "naam", "regio", "inwoners", "jeugdigen_0_17", "jaar"],
                  ["GM0523", "Hardinxveld-Giessendam", "Zuid-Holland Zuid", "18500", "4000", "2022"],
                  ["GM0505", "Dordrecht", "Zuid-Holland Zuid", "122000", "24000", "2022"]]
    assert load(con, "bevolking.csv", make_csv(population), "gemeenten").ok
    spend = [["gemeente", "jaar", "segment", "soort", "bedrag"], ["GM0523", "2022", "4A", "realisatie", "100000"]]
    assert load(con, "uitgaven.csv", make_csv(spend), "uitgaven").ok
    trajecten = ([["clientnummer", "gemeente", "segment", "startdatum"]]
                 + [[f"H{i}", "GM0523", "4A", "01-02-2022"] for i in range(8)]
                 + [[f"H{i}", "GM0523", "1", "01-03-2022"] for i in range(3)]
                 + [[f"D{i}", "GM0505", "1", "01-03-2022"] for i in range(6)])
    assert load(con, "trajecten.csv", make_csv(trajecten), "trajecten").ok
    data = overzicht.load(con, HARDINXVELD_2022)
    assert data.selectie.jeugdigen_in_zorg == 11 and not data.selectie.jeugdigen_in_zorg_klein
    assert math.isnan(data.selectie.jeugdigen_residentieel) and data.selectie.jeugdigen_residentieel_klein
    assert math.isnan(data.selectie.aandeel_residentieel)
    assert data.regio.jeugdigen_residentieel == 9          # 3 (hidden cell) + 6


def test_overzicht_compares_with_no_year_and_no_begroting_it_does_not_have(con):
    """The first year of spend has no year before it, and realisatie without begroting has nothing to compare
    with: no comparison at all (NaN would show as "– t.o.v. 2022" with an arrow)."""
    spend = [["gemeente", "jaar", "segment", "soort", "bedrag"],
             ["Dordrecht", "2023", "4A", "realisatie", "120"], ["Dordrecht", "2023", "4A", "begroting", "100"],
             ["Dordrecht", "2024", "4A", "realisatie", "90"]]
    assert load(con, "uitgaven.csv", make_csv(spend), "uitgaven").ok
    first = overzicht.load(con, replace(DORDRECHT_2022, jaar_van=2023, jaar_tot=2023))
    assert (first.verandering, first.afwijking_begroting, first.verschil_begroting_eur) == (None, pytest.approx(0.2), 20)
    second = overzicht.load(con, replace(DORDRECHT_2022, jaar_van=2023, jaar_tot=2024))
    assert (second.verandering, second.afwijking_begroting, second.verschil_begroting_eur) == (pytest.approx(-0.25),
                                                                                                None, None)


# --- Uitgaven ----------------------------------------------------------------------------------------------

def test_uitgaven_per_youth_per_gemeente_and_per_segment(example):
    data = uitgaven.load(example, DORDRECHT_2022)
    # Per jeugdige: the realisatie rows of the trend, one per year.
    assert list(data.realisatie["jaar"]) == [2019, 2020, 2021, 2022] and set(data.realisatie["soort"]) == {"realisatie"}
    assert data.realisatie["selectie_eur_per_jeugdige"].iloc[-1] == pytest.approx(44_254_422.67 / 24_652)
    # Per gemeente: all ten gemeenten of the region, whatever the selection; the region's average over them.
    frame = data.per_gemeente
    assert len(frame) == 10 and {"Dordrecht", "Molenlanden", "Alblasserdam"} <= set(frame["gemeente"])
    assert frame.loc[frame["eur_per_jeugdige"].idxmax(), "gemeente"] == "Hardinxveld-Giessendam"
    assert frame["jeugdigen_0_17"].sum() == 89_759
    assert data.regio_per_jeugdige == pytest.approx(frame["realisatie_eur"].sum() / 89_759)
    assert data.regio_per_jeugdige == pytest.approx(data.realisatie["regio_eur_per_jeugdige"].iloc[-1])
    # Per segment: the last year's eight segments, whose shares add up to the whole.
    assert set(data.laatste_jaar["jaar"]) == {2022} and len(data.laatste_jaar) == 8
    assert data.laatste_jaar["aandeel"].sum() == pytest.approx(1.0)
    assert sorted(data.per_segment["jaar"].unique()) == [2019, 2020, 2021, 2022]
    assert data.voorbeeld is True and "voorbeelddata" in data.bron_per_segment


def test_uitgaven_grjr_source_figures_are_published_not_example(example):
    assert uitgaven.load(example, ZHZ_2022).grjr.empty      # GRJR's own figures: for a GRJR selection only
    data = uitgaven.load(example, Selectie(regio="GRJR", regio_naam="Rijnmond (GRJR)", gemeenten=(),
                                           gemeente_namen=(), jaar_van=2019, jaar_tot=2022, segmenten=()))
    grjr = data.grjr
    assert sorted(grjr["jaar"].unique()) == [2015, 2016, 2017, 2018, 2019] and len(grjr) == 10
    assert not grjr["voorbeeld"].any()
    assert data.bron_grjr == "Inkoopstrategie GRJR, § 1.4"
    realisatie_2019 = grjr[(grjr["jaar"] == 2019) & (grjr["soort"] == "realisatie")]["bedrag_eur"]
    assert list(realisatie_2019) == [235_900_000.0]


# --- Consultatie -------------------------------------------------------------------------------------------

def test_consultatie_zhz_by_theme(example):
    assert consultatie.documenten(example, ZHZ_2022) == [ZHZ_DOCUMENT]
    data = consultatie.load(example, ZHZ_2022)
    assert data.bron == ZHZ_DOCUMENT and set(data.matrix["bron"]) == {ZHZ_DOCUMENT}
    assert data.per == "thema" and data.kernwaarden is None
    # The most-named theme has no figures, so the theme chosen first is the next one.
    assert data.themas[:2] == ["governance_rol_raad", "lokaal_regionaal"] and data.eerste_met_cijfers == 1
    assert data.ranking.iloc[0][["thema", "gemeenten"]].tolist() == ["governance_rol_raad", 10]
    assert data.matrix["punten"].sum() == 80
    assert data.standpunten == {"standpunt_kritiek": "kritiek", "standpunt_steunt": "steunt",
                                "standpunt_verzoek": "verzoek", "standpunt_vraag": "vraag", "standpunt_zorg": "zorg"}
    assert data.uitkomsten["reactie_niet_overgenomen"] == "niet overgenomen"
    assert data.namen["lokaal_regionaal"] == "Lokaal of regionaal" and data.namen["gelijkheid"] == "Gelijkheid"
    assert list(data.stellingen.columns) == ["Kernwaarde", "Vraag", "Stelling", "Vindplaats"]


def test_consultatie_by_kernwaarde_leaves_out_algemeen(example):
    data = consultatie.load(example, ZHZ_2022, per="kernwaarde")
    assert data.kernwaarden == ["gelijkheid", "efficiency", "vrijheid", "zekerheid"]
    assert set(data.matrix["thema"]) == set(data.kernwaarden)
    assert data.matrix["punten"].sum() == 69   # the 80 points less the 11 on 'algemeen'


def test_consultatie_one_document_of_two(example):
    documents = consultatie.documenten(example, region("MIJOV"))
    assert len(documents) == 2
    everything = consultatie.load(example, region("MIJOV"))
    one = consultatie.load(example, region("MIJOV"), documenten=documents[:1])
    assert everything.bron == "; ".join(documents) and one.bron == documents[0]
    assert (everything.matrix["punten"].sum(), one.matrix["punten"].sum()) == (133, 74)


def test_consultatie_grjr_has_no_gemeente_to_rank(example):
    data = consultatie.load(example, region("GRJR"))
    assert data.ranking.empty
    # The themes then come from the points, by name; the default is the first with figures.
    assert data.themas[:3] == ["inkoopmodel", "kwaliteit_fraude", "lokaal_regionaal"] and data.eerste_met_cijfers == 2
    assert data.uitkomsten == {"reactie_geen reactie": "geen reactie"}
    punten = consultatie.thema_punten(example, region("GRJR"), thema="lokaal_regionaal")
    assert len(punten.punten) == 1 and punten.gemeenten == []


def test_thema_punten_of_one_theme(example):
    punten = consultatie.thema_punten(example, ZHZ_2022, thema="lokaal_regionaal")
    assert (punten.naam, punten.kernwaarde) == ("Lokaal of regionaal", "vrijheid")
    assert len(punten.punten) == 9 and len(punten.tabel) == 9
    assert punten.gemeenten == ["GM0482", "GM0505", "GM0512", "GM0523", "GM0610", "GM1963", "GM1978"]
    assert ((punten.punten["thema"] == "lokaal_regionaal") | (punten.punten["thema2"] == "lokaal_regionaal")).all()


def test_raden_panel_points_of_the_selected_gemeenten(example):
    region_wide = consultatie.punten_over(example, ZHZ_2022, UITGAVEN_MEASURES)
    assert region_wide.themas == ["kostenbeheersing", "beschikkingsvrij", "lokaal_regionaal"]
    assert region_wide.namen == "Kostenbeheersing, Beschikkingsvrije hulp, Lokaal of regionaal"
    assert len(region_wide.punten) == len(region_wide.tabel) == 18
    dordrecht = consultatie.punten_over(example, DORDRECHT_2022, UITGAVEN_MEASURES)
    assert list(zip(dordrecht.tabel["Gemeente"], dordrecht.tabel["Punt"], strict=True)) == [
        ("Dordrecht", "1"), ("Dordrecht", "2"), ("Dordrecht", "5"), ("Dordrecht", "7c")]
    assert consultatie.punten_over(example, ZHZ_2022, ["geen_maat"]).punten.empty
