"""The fictitious example dataset (fixed random seed): population, spend (begroting and
realisatie) per segment 2019-2025 and about 50,000 trajecten, for every gemeente.

Nothing here is real: magnitudes are plausible, the numbers are invented, and every batch
loaded from here is marked voorbeeld so each page and export says so."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

SEED = 20140101
YEARS = tuple(range(2019, 2026))
TRAJECTEN_TARGET = 50_000
FIRST_START = dt.date(2017, 1, 1)
SPAN_DAYS = (dt.date(YEARS[-1], 12, 31) - FIRST_START).days

# Rounded inhabitant numbers of the order of magnitude of each gemeente (example values, not CBS figures).
INWONERS = {
    "GM0482": 20_700, "GM0505": 121_000, "GM0512": 38_000, "GM0523": 18_500, "GM0531": 32_000,
    "GM1963": 89_000, "GM1978": 45_000, "GM0590": 32_500, "GM0610": 25_800, "GM0642": 45_500,
    "GM0200": 166_000, "GM0213": 21_000, "GM0232": 33_500, "GM0244": 12_500, "GM0246": 18_800,
    "GM0262": 34_000, "GM0285": 24_800, "GM0301": 48_500,
    "GM0613": 27_000, "GM0489": 50_000, "GM0502": 67_500, "GM1924": 52_000, "GM0542": 29_500,
    "GM1621": 64_000, "GM1930": 86_000, "GM0597": 47_000, "GM0599": 664_000, "GM1992": 71_000,
    "GM0556": 34_000, "GM0606": 80_000, "GM0622": 75_000,
}

# Share of spend per segment (weights are normalised per region); only segments in use get spend.
SPEND_WEIGHTS = {
    "ZHZ": {"1": 18, "2": 12, "3": 9, "4A": 14, "4B": 30, "5": 4, "6": 5, "7": 8},
    "GRJR": {"B": 28, "C": 17, "D": 9, "E": 40, "F": 6},
    "MIJOV": {"BEGCR": 0.2, "BEGGR": 3, "BEGIN": 22, "BEH": 45, "OPSL": 0.05, "RESP": 1.3, "VERBL": 16,
              "VERV": 2, "WVCR": 1, "WVGR": 8, "WVIN": 0.6, "ZCO": 0.1},
}
# Share of trajectories per segment: many short ambulant ones, few residential ones.
COUNT_WEIGHTS = {
    "ZHZ": {"1": 9, "2": 6, "3": 8, "4A": 28, "4B": 33, "5": 4, "6": 4, "7": 10},
    "GRJR": {"B": 11, "C": 9, "D": 10, "E": 64, "F": 6},
    "MIJOV": {"BEGCR": 1, "BEGGR": 8, "BEGIN": 33, "BEH": 38, "OPSL": 0.3, "RESP": 3, "VERBL": 7,
              "VERV": 4, "WVCR": 1, "WVGR": 4, "WVIN": 1, "ZCO": 0.7},
}
# Per vorm: median wait (days), median duration (days), daily cost (EUR), iJw category, share with stay.
VORM_PROFILE = {
    "ambulant": (35, 170, 45, "45", 0.0),
    "daghulp": (40, 220, 95, "41", 0.0),
    "pleegzorg": (25, 420, 70, "44", 1.0),
    "gezinshuis": (30, 380, 160, "44", 1.0),
    "residentieel": (60, 260, 330, "43", 1.0),
    "gesloten": (10, 150, 600, "43", 1.0),
    "crisis": (1, 21, 420, "46", 0.35),
    "vervoer": (14, 200, 15, "42", 0.0),
    "overig": (30, 150, 40, "50", 0.0),
}
# Fictitious providers per kind of care; each region contracts its own mix with a few large ones.
PROVIDERS = {
    "ambulant": ["Kompas Jeugd", "Opvoedpunt West", "Ambulant Team Oost", "Praktijk De Brug", "Kind & Co Hulp",
                 "Jeugd-ggz Noord", "Praktijk Vlinderslag", "Gezinscoach Plus", "Praktijk Zonnepit",
                 "Stichting Horizonzorg", "Jeugdpraktijk Rivierenland", "Praktijk Het Kompas"],
    "daghulp": ["Dagcentrum De Meander", "Dagbehandeling De Linde", "Kind & Co Hulp", "Zorgboerderij De Hoeve"],
    "pleegzorg": ["Pleegzorg Samen", "Gezinshuis Het Anker", "Gezinshuizen Regio"],
    "gezinshuis": ["Gezinshuis Het Anker", "Gezinshuizen Regio", "Pleegzorg Samen"],
    "residentieel": ["Wooncentrum De Haven", "Behandelcentrum Zuid", "Huize Vlinder", "Jeugdzorgcentrum Oost"],
    "gesloten": ["Behandelcentrum Zuid"],
    "crisis": ["Crisisdienst Regio", "Huize Vlinder"],
    "vervoer": ["Vervoer Plus Dienst", "Taxi Jeugdvervoer"],
    "overig": ["Stichting Horizonzorg", "Zorggroep Eiland", "Kompas Jeugd", "Praktijk De Brug", "Respijthuis De Boei"],
}


def _rng() -> np.random.Generator:
    return np.random.default_rng(SEED)


def population(gemeenten: pd.DataFrame) -> pd.DataFrame:
    """gemeenten (code, naam, regio) -> one row per gemeente and year with example inwoners/jeugdigen."""
    rng = _rng()
    rows = []
    for code, naam, regio in gemeenten[["code", "naam", "regio"]].itertuples(index=False):
        base = INWONERS[code]
        youth_share = rng.uniform(0.185, 0.225)
        for year in YEARS:
            growth = (1 + 0.004) ** (year - YEARS[0])
            inwoners = int(round(base * growth, -1))
            rows.append({"code": code, "naam": naam, "regio": regio, "jaar": year, "inwoners": inwoners,
                         "jeugdigen_0_17": int(round(inwoners * youth_share * (1 - 0.002 * (year - YEARS[0]))))})
    return pd.DataFrame(rows)


def spend(pop: pd.DataFrame, gemeente_regio: dict[str, str]) -> pd.DataFrame:
    """Begroting and realisatie per gemeente, segment and year."""
    rng = _rng()
    rows = []
    for code in sorted(gemeente_regio):
        regio = gemeente_regio[code]
        weights = SPEND_WEIGHTS[regio]
        total_weight = sum(weights.values())
        level = rng.uniform(0.8, 1.25)      # some gemeenten spend more per youth than others
        for year in YEARS:
            youths = int(pop.loc[(pop["code"] == code) & (pop["jaar"] == year), "jeugdigen_0_17"].iloc[0])
            per_youth = 1400 * level * 1.06 ** (year - YEARS[0])
            for segment, weight in weights.items():
                drift = 1.0
                if segment in ("1", "B", "VERBL", "WVGR"):
                    drift = 0.95 ** (year - YEARS[0])   # less residential care over the years
                realisatie = youths * per_youth * weight / total_weight * drift * rng.uniform(0.9, 1.1)
                begroting = realisatie * rng.uniform(0.9, 1.03)
                for soort, amount in (("begroting", begroting), ("realisatie", realisatie)):
                    rows.append({"gemeente": code, "jaar": year, "segment": segment, "soort": soort,
                                 "bedrag": round(amount, 2)})
    return pd.DataFrame(rows)


def trajecten(pop: pd.DataFrame, gemeente_regio: dict[str, str], segment_vorm: dict[tuple[str, str], str]) -> pd.DataFrame:
    """About 50,000 trajecten 2019-2025 with aanmeld-, start- and einddatum, provider and cost."""
    rng = _rng()
    youth_2019 = pop[pop["jaar"] == YEARS[0]].set_index("code")["jeugdigen_0_17"]
    scale = TRAJECTEN_TARGET / youth_2019.sum()
    last_day = dt.date(YEARS[-1], 12, 31)
    parts = []
    client_counter = 0
    for code in sorted(gemeente_regio):
        regio = gemeente_regio[code]
        weights = COUNT_WEIGHTS[regio]
        segments = list(weights)
        probabilities = np.array([weights[s] for s in segments], dtype=float)
        probabilities /= probabilities.sum()
        n = max(60, int(round(youth_2019[code] * scale)))
        segment = rng.choice(segments, size=n, p=probabilities)
        # Start dates spread over 2017-2025 (so 2019 already has the youths who started earlier);
        # residential starts fall year on year (the 30% target).
        start_offsets = rng.uniform(0, SPAN_DAYS, size=n)
        vorm = np.array([segment_vorm[(regio, s)] for s in segment])
        residential = np.isin(vorm, ["residentieel", "gesloten"])
        # Each gemeente has its own pace: some cut residential care fast, some hardly or not at all.
        pace = rng.uniform(-0.02, 0.16)
        late = np.clip(start_offsets / 365 * pace, -0.5, 0.95)
        keep = ~residential | (rng.uniform(size=n) > late)
        segment, vorm, start_offsets = segment[keep], vorm[keep], start_offsets[keep]
        n = len(segment)
        profile = np.array([VORM_PROFILE[v] for v in vorm], dtype=object)
        wait = np.maximum(0, rng.lognormal(np.log(profile[:, 0].astype(float) + 1), 0.6)).round()
        duration = np.maximum(1, rng.lognormal(np.log(profile[:, 1].astype(float)), 0.7)).round()
        start = pd.Timestamp(FIRST_START) + pd.to_timedelta(start_offsets.round(), unit="D")
        aanmeld = start - pd.to_timedelta(wait, unit="D")
        end = start + pd.to_timedelta(duration, unit="D")
        ended = end <= pd.Timestamp(last_day)
        # Some youths get a second trajectory: reuse an earlier client id of the same gemeente.
        ids = client_counter + np.arange(n)
        repeat = rng.uniform(size=n) < 0.18
        ids[repeat] = client_counter + rng.integers(0, max(1, n), size=int(repeat.sum()))
        client_counter += n
        stay = rng.uniform(size=n) < profile[:, 4].astype(float)
        cost = np.where(ended, duration, (pd.Timestamp(last_day) - start).days) * profile[:, 2].astype(float)
        providers = np.empty(n, dtype=object)
        for kind in np.unique(vorm):
            pool = PROVIDERS[kind]
            share = 1 / np.arange(1, len(pool) + 1) ** 1.2      # a few large providers, a long tail
            where = vorm == kind
            providers[where] = rng.choice(pool, size=int(where.sum()), p=share / share.sum())
        parts.append(pd.DataFrame({
            "clientnummer": [f"VB{i:07d}" for i in ids],
            "gemeente": code,
            "segment": segment,
            "productcategorie": profile[:, 3],
            "aanmelddatum": aanmeld.strftime("%d-%m-%Y"),
            "startdatum": start.strftime("%d-%m-%Y"),
            "einddatum": np.where(ended, end.strftime("%d-%m-%Y"), ""),
            "aanbieder": providers,
            "verblijf": np.where(stay, "ja", "nee"),
            "bedrag": np.round(cost.astype(float), 2),
        }))
    frame = pd.concat(parts, ignore_index=True)
    # A client id may appear twice in one segment with the same start: keep the first.
    return frame.drop_duplicates(["clientnummer", "gemeente", "segment", "startdatum"]).reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """As a controller's Excel would export it: ';' separated, decimal comma."""
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=";", decimal=",", index=False)
    return buffer.getvalue().encode("utf-8")
