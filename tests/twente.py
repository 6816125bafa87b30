"""Export files of a region the seed documents do not cover (Twente), as a controller there would have them: the
region's own segment list, population, spend as a pivot table (gemeenten down, years across) and trajecten with
iJw product codes only (no segment column). Fictitious figures for tests; deterministic."""

from __future__ import annotations

import datetime as dt
import random

from tests.conftest import make_csv, make_xlsx

# The 14 gemeenten of jeugdregio Twente (CBS 2026), as an export names them ('Hengelo', not 'Hengelo (O.)').
GEMEENTEN = ("Almelo", "Borne", "Dinkelland", "Enschede", "Haaksbergen", "Hellendoorn", "Hengelo", "Hof van Twente",
             "Losser", "Oldenzaal", "Rijssen-Holten", "Tubbergen", "Twenterand", "Wierden")
YEARS = (2022, 2023, 2024)
SEGMENTS = (("T1", "Jeugdhulp thuis en in de wijk", "ambulant"), ("T2", "Dagbehandeling", "daghulp"),
            ("T3", "Pleegzorg en gezinshuizen", "pleegzorg"), ("T4", "Verblijf met behandeling", "residentieel"),
            ("T5", "Crisis", "crisis"))
# Product codes of the JZ21 list and the segment they must land in.
PRODUCTS = (("45A48", "T1", 50), ("45A53", "T1", 20), ("41A03", "T2", 10), ("44A11", "T4", 6), ("43A41", "T4", 6),
            ("46A05", "T5", 3))


def segmenten() -> bytes:
    return make_csv([["Regio", "Segment", "Omschrijving", "Vorm"],
                     *[["Twente", code, naam, vorm] for code, naam, vorm in SEGMENTS]])


def bevolking() -> bytes:
    rng = random.Random(15)
    rows = [["Gemeentecode", "Gemeente", "Jeugdregio", "Jaar", "Inwoners", "Jeugdigen 0-17"]]
    codes = {"Almelo": "GM0141", "Borne": "GM0147", "Dinkelland": "GM1774", "Enschede": "GM0153",
             "Haaksbergen": "GM0158", "Hellendoorn": "GM0163", "Hengelo": "GM0164", "Hof van Twente": "GM1735",
             "Losser": "GM0168", "Oldenzaal": "GM0173", "Rijssen-Holten": "GM1742", "Tubbergen": "GM0183",
             "Twenterand": "GM1700", "Wierden": "GM0189"}
    for name in GEMEENTEN:
        inwoners = rng.randrange(20_000, 160_000, 500)
        for year in YEARS:
            rows.append([codes[name], name, "Twente", year, inwoners, int(inwoners * 0.2)])
    return make_csv(rows)


def uitgaven() -> bytes:
    """Spend per gemeente and segment, years across, as a pivot table writes it (title row, a total row)."""
    rng = random.Random(16)
    header = ["Gemeente", "Perceel", *[f"Som van Totaal bedrag {y}" for y in YEARS]]
    rows: list[list[object]] = [["Realisatie jeugdhulp Twente"], [], header]
    totals = [0.0] * len(YEARS)
    for name in GEMEENTEN:
        for code, _, _ in SEGMENTS:
            amounts = [round(rng.uniform(50_000, 2_000_000), 2) for _ in YEARS]
            totals = [t + a for t, a in zip(totals, amounts, strict=True)]
            rows.append([name, code, *amounts])
    rows.append(["Eindtotaal", "", *[round(t, 2) for t in totals]])
    return make_xlsx({"Realisatie": rows})


def trajecten() -> bytes:
    """About 900 trajectories with product codes only, aanmelddatum for the waits."""
    rng = random.Random(17)
    rows: list[list[object]] = [["Cliëntnummer", "Gemeente", "Productcode", "Aanmelddatum", "Begindatum", "Einddatum"]]
    weights = [w for _, _, w in PRODUCTS]
    number = 0
    for name in GEMEENTEN:
        for _ in range(65):
            number += 1
            code = rng.choices([p for p, _, _ in PRODUCTS], weights)[0]
            start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365))
            aanmelding = start - dt.timedelta(days=rng.randrange(3, 120))
            end = start + dt.timedelta(days=rng.randrange(20, 500))
            rows.append([f"TW-{number:05d}", name, code, aanmelding.strftime("%d-%m-%Y"), start.strftime("%d-%m-%Y"),
                         end.strftime("%d-%m-%Y") if end < dt.date(2025, 1, 1) else ""])
    return make_xlsx({"Trajecten": rows})
