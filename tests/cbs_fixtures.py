"""Small CBS StatLine tables in the shape cbsodata 1.3.5 returns them (OData v3: DataProperties with Type, Key,
Title, Unit; dimension tables with Key, Title, Status; TypedDataSet with raw, space-padded keys and None for a
cell CBS did not publish). Shapes as documented by cbsodata's README and CBS's open data pages; never fetched.

Figures are made up for the tests; they only need to be checkable by hand."""

from __future__ import annotations

import copy
from typing import Any

import requests

REGIONS = [
    {"Key": "NL01  ", "Title": "Nederland"},
    {"Key": "PV23  ", "Title": "Overijssel (PV)"},
    {"Key": "GM0505", "Title": "Dordrecht"},
    {"Key": "GM0153", "Title": "Enschede"},
    {"Key": "GM0164", "Title": "Hengelo (O.)"},
    {"Key": "GM0501", "Title": "Brielle"},          # merged into Voorne aan Zee (GM1992) in 2023
    {"Key": "GM0530", "Title": "Hellevoetsluis"},
    {"Key": "GM0614", "Title": "Westvoorne"},
    {"Key": "GM1992", "Title": "Voorne aan Zee"},
]
PERIODS = [
    {"Key": "2018JJ00", "Title": "2018", "Status": "Definitief"},
    {"Key": "2022JJ00", "Title": "2022", "Status": "Definitief"},
    {"Key": "2023JJ00", "Title": "2023*", "Status": "Voorlopig"},
    {"Key": "2023MM01", "Title": "2023 januari", "Status": "Voorlopig"},
]
VORMEN = [
    {"Key": "A045561", "Title": "JZ Totaal jeugdzorg"},
    {"Key": "A045560", "Title": "JH 1 Totaal jeugdhulp"},
    {"Key": "A042503", "Title": "JH 121 Totaal jeugdhulp zonder verblijf"},
    {"Key": "A017916", "Title": "Uitgevoerd door wijkteam"},
    {"Key": "A027918", "Title": "JH 122 Totaal jeugdhulp met verblijf"},
    {"Key": "A027919", "Title": "JB 1 Totaal jeugdbescherming"},
    {"Key": "A027920", "Title": "JR 1 Totaal jeugdreclassering"},
]

# (regio key, period key) -> (jeugdzorg, jeugdhulp, zonder verblijf, wijkteam, met verblijf, JB, JR)
YOUTHS: dict[tuple[str, str], tuple[Any, ...]] = {
    ("NL01  ", "2022JJ00"): (480000, 440000, 420000, 200000, 40000, 40000, 10000),
    ("PV23  ", "2022JJ00"): (30000, 28000, 27000, 12000, 2000, 2500, 600),
    ("GM0505", "2018JJ00"): (2000, 1900, 1800, 800, 150, 150, 40),
    ("GM0505", "2022JJ00"): (2600, 2395, 2300, 900, 180, 210, 55),
    ("GM0505", "2023JJ00"): (2700, 2500, 2400, 950, 175, 200, 50),
    ("GM0505", "2023MM01"): (900, 800, 780, 300, 60, 70, 20),
    ("GM0153", "2022JJ00"): (2900, 2700, 2600, 1000, 220, 250, 60),
    ("GM0164", "2022JJ00"): (1300, 1200, 1150, None, 85, 110, None),
    ("GM0501", "2022JJ00"): (300, 280, 270, 100, 15, 25, 5),
    ("GM0530", "2022JJ00"): (700, 650, 620, 250, 35, 60, 10),
    ("GM0614", "2022JJ00"): (250, 230, 225, 80, None, 20, None),
    ("GM1992", "2023JJ00"): (1300, 1200, 1150, 450, 55, 100, 15),
}


def _youth_rows() -> list[dict[str, Any]]:
    rows = []
    for (regio, periode), values in YOUTHS.items():
        for vorm, value in zip(VORMEN, values, strict=True):
            rows.append({"ID": len(rows), "VormenVanJeugdzorg": vorm["Key"], "RegioS": regio, "Perioden": periode,
                         "JongerenMetJeugdzorg_1": value, "JongerenMetJeugdzorgRelatief_2": 1.5})
    return rows


def table_85099() -> dict[str, Any]:
    return {
        "DataProperties": [
            {"Key": "VormenVanJeugdzorg", "Type": "Dimension", "Title": "Vormen van jeugdzorg"},
            {"Key": "RegioS", "Type": "GeoDimension", "Title": "Regio's"},
            {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"},
            {"Key": "JongerenMetJeugdzorg_1", "Type": "Topic", "Title": "Jongeren met jeugdzorg", "Unit": "aantal"},
            {"Key": "JongerenMetJeugdzorgRelatief_2", "Type": "Topic", "Title": "Jongeren met jeugdzorg (relatief)",
             "Unit": "%"},
        ],
        "VormenVanJeugdzorg": VORMEN, "RegioS": REGIONS, "Perioden": PERIODS,
        "TypedDataSet": _youth_rows(),
    }


# (regio, period) -> (begroot jeugdzorg, gerealiseerd jeugdzorg, gerealiseerd jeugdhulp) in 1 000 euro
COSTS = {
    ("NL01  ", "2022JJ00"): (5_000_000, 5_400_000, 4_800_000),
    ("GM0505", "2022JJ00"): (40_000, 43_500, 38_000),
    ("GM0153", "2022JJ00"): (45_000, 47_250, 42_000),
    ("GM0164", "2022JJ00"): (None, 21_000, None),
    ("GM0501", "2022JJ00"): (4_000, 4_100, 3_600),
    ("GM0530", "2022JJ00"): (9_000, 9_200, 8_300),
    ("GM0614", "2022JJ00"): (3_000, 3_300, 2_900),
}


def table_83454() -> dict[str, Any]:
    rows = []
    for (regio, periode), (begroot, jz, jh) in COSTS.items():
        for vorm, real, budget in (("A045561", jz, begroot), ("A045560", jh, None)):
            rows.append({"ID": len(rows), "VormenVanJeugdzorg": vorm, "Regio": regio, "Perioden": periode,
                         "BegroteKosten_1": budget, "GerealiseerdeKosten_2": real})
    return {
        "DataProperties": [
            {"Key": "VormenVanJeugdzorg", "Type": "Dimension", "Title": "Vormen van jeugdzorg"},
            {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"},
            {"Key": "Regio", "Type": "GeoDimension", "Title": "Regio"},
            {"Key": "BegroteKosten_1", "Type": "Topic", "Title": "Begrote kosten", "Unit": "1 000 euro"},
            {"Key": "GerealiseerdeKosten_2", "Type": "Topic", "Title": "Gerealiseerde kosten", "Unit": "1 000 euro"},
        ],
        "VormenVanJeugdzorg": VORMEN, "Regio": REGIONS, "Perioden": PERIODS,
        "TypedDataSet": rows,
    }


AGES = [{"Key": "10000  ", "Title": "Totaal"}] + [{"Key": f"{10010 + a:<7}", "Title": f"{a} jaar"} for a in range(100)]
# gemeente -> youths per single age 0-17 in 2022
POPULATION = {"NL01  ": 190000, "GM0505": 1300, "GM0153": 1700, "GM0164": 900, "GM0501": 150, "GM0530": 420,
              "GM0614": 140}


def table_03759() -> dict[str, Any]:
    rows = []
    for regio, per_age in POPULATION.items():
        for age in AGES:
            for sex in ("T001038", "3000   "):
                rows.append({"ID": len(rows), "Geslacht": sex, "Leeftijd": age["Key"], "BurgerlijkeStaat": "T001019",
                             "RegioS": regio, "Perioden": "2022JJ00",
                             "BevolkingOp1Januari_1": per_age if sex == "T001038" else per_age // 2,
                             "GemiddeldeBevolking_2": per_age})
    return {
        "DataProperties": [
            {"Key": "Geslacht", "Type": "Dimension", "Title": "Geslacht"},
            {"Key": "Leeftijd", "Type": "Dimension", "Title": "Leeftijd"},
            {"Key": "BurgerlijkeStaat", "Type": "Dimension", "Title": "Burgerlijke staat"},
            {"Key": "RegioS", "Type": "GeoDimension", "Title": "Regio's"},
            {"Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"},
            {"Key": "BevolkingOp1Januari_1", "Type": "Topic", "Title": "Bevolking op 1 januari", "Unit": "aantal"},
            {"Key": "GemiddeldeBevolking_2", "Type": "Topic", "Title": "Gemiddelde bevolking", "Unit": "aantal"},
        ],
        "Geslacht": [{"Key": "T001038", "Title": "Totaal mannen en vrouwen"}, {"Key": "3000   ", "Title": "Mannen"}],
        "Leeftijd": AGES,
        "BurgerlijkeStaat": [{"Key": "T001019", "Title": "Totaal burgerlijke staat"}],
        "RegioS": REGIONS, "Perioden": PERIODS,
        "TypedDataSet": rows,
    }


def tables() -> dict[str, dict[str, Any]]:
    """Fresh copies: a test may change them."""
    return copy.deepcopy({"85099NED": table_85099(), "83454NED": table_83454(), "03759ned": table_03759()})


class FakeClient:
    """cbsodata's get_meta and download_data over the fixture tables. download_data applies the part of the
    $filter we rely on for the population table (the Geslacht total), as the service would."""

    def __init__(self, data: dict[str, dict[str, Any]] | None = None, error: Exception | None = None) -> None:
        self.data = data if data is not None else tables()
        self.error = error
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def _table(self, table_id: str) -> dict[str, Any]:
        if self.error is not None:
            raise self.error
        if table_id not in self.data:
            raise requests.HTTPError(f"Downloading table '{table_id}' failed. 404 Client Error")
        return self.data[table_id]

    def get_meta(self, table_id: str, name: str, **kwargs: Any) -> list[dict[str, Any]]:
        self.calls.append((table_id, name, kwargs))
        return copy.deepcopy(self._table(table_id)[name])

    def download_data(self, table_id: str, dir: str | None = None, typed: bool = False,  # noqa: A002
                      select: list[str] | None = None, filters: str | None = None,
                      **kwargs: Any) -> dict[str, list[dict[str, Any]]]:
        self.calls.append((table_id, "download_data", {"typed": typed, "filters": filters, **kwargs}))
        table = copy.deepcopy(self._table(table_id))
        rows = table["TypedDataSet"]
        if filters and "Geslacht eq 'T001038'" in filters:
            rows = [r for r in rows if r["Geslacht"] == "T001038"]
        table["TypedDataSet"] = rows
        return table
