"""Page data of the Gemeenteprofiel (jeugdhulp.pagedata.gemeente) on the example database, as a reader sees it,
and the registry of the charts that answer a consultation theme (jeugdhulp.pagedata.consultatie_cijfers)."""

from __future__ import annotations

import pytest

from jeugdhulp import themas
from jeugdhulp.pagedata import consultatie_cijfers, gemeente
from jeugdhulp.selectie import Selectie

ZHZ_2025 = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=(), gemeente_namen=(), jaar_van=2019,
                    jaar_tot=2025, segmenten=())
GRJR_2025 = Selectie(regio="GRJR", regio_naam="Rijnmond (GRJR)", gemeenten=(), gemeente_namen=(), jaar_van=2019,
                     jaar_tot=2025, segmenten=())


def test_gemeente_choices_and_the_choice(example):
    names = gemeente.namen(example, ZHZ_2025)
    assert len(names) == 10 and names["GM0505"] == "Dordrecht" and names["GM0590"] == "Papendrecht"
    # The link wins when the region has it; then the filter bar's first gemeente; else the region's first.
    assert gemeente.kies(names, "GM0512", "GM0590") == "GM0512"
    assert gemeente.kies(names, "GM0599", "GM0590", "GM0505") == "GM0590"    # Rotterdam: another region
    assert gemeente.kies(names, None) == "GM0482"                           # Alblasserdam, the first by name


def test_dordrecht_2025_against_its_region_and_five_of_its_size(example):
    data = gemeente.load(example, ZHZ_2025, gemeente="GM0505")
    assert (data.code, data.naam, data.jaar) == ("GM0505", "Dordrecht", 2025)
    # The five nearest in youths 0-17 (Dordrecht 24.872), from any region.
    assert data.vergelijkbaar["gemeente"].tolist() == ["Apeldoorn", "Hoeksche Waard", "Nissewaard", "Schiedam",
                                                       "Voorne aan Zee"]
    assert data.vergelijkbaar_tekst.startswith("Apeldoorn (Midden-IJssel/Oost-Veluwe, 32.276 jeugdigen), Hoeksche "
                                               "Waard (Zuid-Holland Zuid, 16.155 jeugdigen)")
    assert "in 2025 het dichtst bij dat van Dordrecht" in data.vergelijkbaar_regel
    # Three groups in every year of the selection, named for the charts.
    assert sorted(data.per_jaar["jaar"].unique()) == list(range(2019, 2026))
    assert set(data.per_jaar["groep"]) == {"gemeente", "regio", "vergelijkbaar"}
    assert set(data.per_jaar_benoemd["groep"]) == {"Dordrecht", "Regio Zuid-Holland Zuid", "Vergelijkbare gemeenten"}
    assert set(data.mix_benoemd["groep"]) == {"Dordrecht", "Regio Zuid-Holland Zuid", "Vergelijkbare gemeenten"}
    # The key figures of 2025 with the region and the comparable gemeenten under them.
    assert [k.label for k in data.kerncijfers] == ["Uitgaven per jeugdige (0-17)", "Jeugdigen in zorg per 1.000",
                                                   "Residentieel per 1.000", "Inwoners van 0-17 jaar"]
    assert data.kerncijfers[3].waarde == "24.872"
    assert data.kerncijfers[3].toelichting == "regio 90.561 · vergelijkbaar 95.004"
    assert data.kerncijfers[0].waarde == "€ 2.016"
    # The region has no target on residential or foster care; the waits and stays of the gemeente and the region.
    tab = gemeente.doelen_tab(example, ZHZ_2025, gemeente="GM0505")
    assert tab.doelen == ()
    assert [d.label for d in tab.duren] == ["Mediaan wachttijd", "Mediaan verblijfsduur"]
    assert tab.duren[0].toelichting.startswith("regio ") and "Dordrecht: 2.466 trajecten" in tab.duren[0].toelichting
    assert data.voorbeeld and tab.voorbeeld_trajecten and "voorbeelddata" in tab.bron_trajecten
    # Dordrecht's council raised points; the chart counts them per theme.
    raad = gemeente.raad_tab(example, ZHZ_2025, gemeente="GM0505")
    assert len(raad.punten) > 0 and raad.themas["punten"].sum() <= len(raad.punten)


def test_the_map_per_scope_masks_small_counts(example):
    data = gemeente.kaart_tab(example, ZHZ_2025)
    regio, nederland = data.kaartbeelden
    assert (regio.scope, regio.waar, len(regio.frame)) == ("regio", "regio Zuid-Holland Zuid", 10)
    assert regio.grenzen == tuple(sorted(gemeente.namen(example, ZHZ_2025)))
    assert (nederland.scope, nederland.waar, nederland.grenzen, len(nederland.frame)) == ("nederland", "Nederland",
                                                                                          None, 31)
    # No gemeente of the calibrated example has 1-4 youths in residential care (the hidden case: test_gemeente.py,
    # test_kaart_gemeenten_masks_each_count_with_its_rate): Gorinchem's 49 of its 1.004 youths in care are shown,
    # with their rate per 1.000 of its 7.347 youths 0-17.
    gorinchem = data.kaart.set_index("gemeente_code").loc["GM0512"]
    assert not gorinchem["jeugdigen_residentieel_klein"] and gorinchem["jeugdigen_residentieel"] == 49
    assert gorinchem["residentieel_per_1000"] == pytest.approx(49 / 7_347 * 1000)
    assert gorinchem["jeugdigen"] == 1004 and not gorinchem["jeugdigen_klein"]
    assert not data.kaart["jeugdigen_residentieel_klein"].any() and not data.kaart["jeugdigen_klein"].any()
    # A click on a gemeente of another region opens that region.
    assert data.regio_van("GM0599") == "GRJR" and data.regio_van("GM9999") is None and data.regio_van(None) is None


def test_rotterdam_against_the_targets_of_its_region(example):
    data = gemeente.doelen_tab(example, GRJR_2025, gemeente="GM0599")
    assert [(d.label, d.waarde) for d in data.doelen] == [
        ("Pleegzorg en gezinshuizen, segment C – Alternatief thuis (pakket C): +30% in 2025 t.o.v. 2021", "Niet op koers"),
        ("Residentiële zorg, segment B – Behandeling met verblijf (pakket B): -30% in 2025 t.o.v. 2021", "Niet op koers")]
    # Rotterdam's youths in segment B: 574 in 2021, 555 in 2025; the target is 70% of 574.
    assert data.doelen[1].toelichting == "nu 555, doel 402, trend 556"
    raad = gemeente.raad_tab(example, GRJR_2025, gemeente="GM0599")
    assert raad.punten.empty and raad.themas.empty      # GRJR: regional consultations only


# --- the charts that answer a theme -------------------------------------------------------------

def test_every_measure_of_the_vocabulary_has_exactly_one_chart():
    named = {m for theme in themas.THEMES.values() for m in theme.maten}
    assert set(consultatie_cijfers.MATEN) == set(themas.MEASURES), "a chart for every measure, none for another"
    assert named <= set(consultatie_cijfers.MATEN), "a theme names a measure that has no chart"
    assert len({m.titel for m in consultatie_cijfers.MATEN.values()}) == len(consultatie_cijfers.MATEN)
    assert all(m.definitie.strip() and m.kolommen for m in consultatie_cijfers.MATEN.values())


def test_the_figures_of_a_theme_raised_by_two_gemeenten(example):
    data = consultatie_cijfers.load(example, ZHZ_2025, thema="kostenbeheersing", gemeenten=["GM0505", "GM0590"])
    assert data.label == "Dordrecht, Papendrecht" and data.view.gemeenten == ("GM0505", "GM0590")
    assert [c.maat for c in data.cijfers] == ["uitgaven", "per_jeugdige"]
    uitgaven, per_jeugdige = data.cijfers
    assert set(uitgaven.tabel["soort"]) == {"begroting", "realisatie"}
    assert set(per_jeugdige.tabel["soort"]) == {"realisatie"} and len(per_jeugdige.frame) == len(uitgaven.frame)
    assert uitgaven.voorbeeld and "voorbeelddata" in uitgaven.bron
    # Figures from trajecten carry the source of the trajecten batches in their table.
    wacht = consultatie_cijfers.load(example, ZHZ_2025, thema="wachttijden", gemeenten=[])
    assert wacht.label == "Regio Zuid-Holland Zuid" and [c.maat for c in wacht.cijfers] == ["wachttijd"]
    assert set(wacht.cijfers[0].tabel["bron"]) == {wacht.cijfers[0].bron} and wacht.cijfers[0].tabel["voorbeeld"].all()
    assert consultatie_cijfers.load(example, ZHZ_2025, thema="algemeen", gemeenten=[]).cijfers == ()


@pytest.mark.parametrize("thema", [t for t in themas.CODES if themas.measures(t)])
def test_every_chart_of_a_theme_draws(example, thema):
    data = consultatie_cijfers.load(example, ZHZ_2025, thema=thema, gemeenten=["GM0505"])
    for cijfers in data.cijfers:
        maat = consultatie_cijfers.MATEN[cijfers.maat]
        figure = maat.figuur(cijfers.frame, data.view, cijfers.bron, cijfers.voorbeeld)
        assert figure.layout.title.text and data.label in figure.layout.title.text
        assert set(maat.kolommen) <= set(cijfers.tabel.columns)
