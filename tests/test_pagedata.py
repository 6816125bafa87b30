"""Page data (jeugdhulp.pagedata): what each page shows, loaded without Streamlit from the example database, as
the pages and these tests get it."""

from __future__ import annotations

import pytest

from jeugdhulp.pagedata import volumes
from jeugdhulp.selectie import Selectie

ZHZ_2022 = Selectie(regio="ZHZ", regio_naam="Zuid-Holland Zuid", gemeenten=(), gemeente_namen=(), jaar_van=2019,
                    jaar_tot=2022, segmenten=())


def test_volumes_per_segment_and_per_gemeente(example):
    data = volumes.load(example, ZHZ_2022)
    assert sorted(data.per_segment["jaar"].unique()) == [2019, 2020, 2021, 2022]
    assert len(data.per_gemeente) == 10 and set(data.per_gemeente["gemeente"]) >= {"Dordrecht", "Hardinxveld-Giessendam"}
    # The region's rate is its published total (a gemeente shown as "<5" counts as 3) over its youths 0-17.
    frame = data.per_gemeente
    published = frame["jeugdigen"].sum() + 3 * frame["jeugdigen_klein"].sum()
    assert data.regio_per_1000 == pytest.approx(1000 * published / frame["jeugdigen_0_17"].sum())
    assert data.gemiddelde_gemeente == pytest.approx(frame["jeugdigen"].dropna().mean())
    assert data.voorbeeld is True and "voorbeelddata" in data.bron_per_segment


def test_the_filter_bar_offers_the_regions_gemeenten_segments_and_years(example):
    from jeugdhulp.pagedata import keuzes

    regios = keuzes.regios(example)
    # The three regions with figures first, then the other 39 jeugdregio's by name.
    assert list(regios.items())[:4] == [("MIJOV", "Midden-IJssel/Oost-Veluwe"), ("GRJR", "Rijnmond (GRJR)"),
                                        ("ZHZ", "Zuid-Holland Zuid"), ("ACHTERHOEK", "Achterhoek")]
    assert len(regios) == 42
    zhz = keuzes.van_regio(example, "ZHZ")
    assert list(zhz.gemeenten)[:2] == ["GM0482", "GM0505"] and zhz.gemeenten["GM0505"] == "Dordrecht"
    assert len(zhz.gemeenten) == 10
    assert list(zhz.segmenten) == ["1", "2", "3", "4A", "4B", "5", "6", "7"]
    assert zhz.jaren[-1] == 2025 and zhz.standaard_jaar == 2025
