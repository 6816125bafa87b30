"""The fictitious example dataset (fixed random seed): population, spend (begroting and
realisatie) per segment 2019-2025 and about 225,000 trajecten 2017-2025, for every gemeente.

Individual numbers are invented, but calibrated (data/README.md, "The example dataset"): youths
in care, spend per youth, residential share, waits and stays follow public national orders of
magnitude, and the region totals equal the real totals the purchasing strategies give (MIJOV
realisatie 2023, GRJR realisatie and begroting 2019). Every batch loaded from here is marked
voorbeeld, so each page and export says so. It is longer than 300 lines because the calibration
constants, each with its source, sit next to the generator that applies them."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

SEED = 20140101
YEARS = tuple(range(2019, 2026))
FIRST_START = dt.date(2017, 1, 1)   # 2017-2018 are a run-in, so that 2019 already has youths who started earlier
LAST_DAY = dt.date(YEARS[-1], 12, 31)
START_YEARS = tuple(range(FIRST_START.year, YEARS[-1] + 1))

# Inhabitants on 1 January 2024 (CBS StatLine 70072NED, "Regionale kerncijfers Nederland"), rounded to 500;
# other years follow at 0.5% growth a year. Only Zwijndrecht was checked against the table (data/README.md).
INWONERS = {
    "GM0482": 21_000, "GM0505": 122_000, "GM0512": 38_000, "GM0523": 18_500, "GM0531": 32_000,
    "GM1963": 89_500, "GM1978": 45_500, "GM0590": 32_500, "GM0610": 25_500, "GM0642": 45_000,
    "GM0200": 167_000, "GM0213": 21_500, "GM0232": 33_500, "GM0244": 12_500, "GM0246": 19_000,
    "GM0262": 34_000, "GM0285": 25_000, "GM0301": 48_500,
    "GM0613": 26_500, "GM0489": 50_500, "GM0502": 68_000, "GM1924": 52_000, "GM0542": 29_500,
    "GM1621": 64_500, "GM1930": 86_000, "GM0597": 47_500, "GM0599": 670_500, "GM1992": 71_500,
    "GM0556": 34_000, "GM0606": 80_500, "GM0622": 75_000,
}
INWONERS_YEAR = 2024
POPULATION_GROWTH = 0.005
YOUTH_SHARE = (0.18, 0.22)          # 0-17 of inhabitants; 19% nationally in 2024

# Youths in care per 1,000 youths 0-17 in 2019, per region (a gemeente varies by up to 15% around it).
# National: about one youth in ten gets jeugdhulp in a year (CBS Jeugdmonitor). The GRJR example holds
# only the regionally bought packages B-F (specialised care), so a smaller share of youths is in it.
# The regions the example covers: those of the seed documents (every other region starts empty).
REGIONS = ("ZHZ", "GRJR", "MIJOV")
PREVALENCE = {"ZHZ": 118.0, "MIJOV": 122.0, "GRJR": 62.0}
# Use of care per year, relative to 2019: a dip in 2020 (CBS: use fell in the first COVID year), then
# about 1% growth a year (Jeugdautoriteit, Stand van de Jeugdzorg 2024: +1% in 2022 and 2023).
USE_TREND = {2017: 0.93, 2018: 0.965, 2019: 1.0, 2020: 0.96, 2021: 1.0, 2022: 1.01, 2023: 1.02, 2024: 1.03,
             2025: 1.04}
# Spend per youth in care in 2019 (EUR) and its yearly growth (tariffs and heavier care). Regions with a
# real total (REAL_TOTALS) are scaled by one factor to it, so for them only their own level is used.
SPEND_PER_YOUTH_IN_CARE = 13_000.0
SPEND_GROWTH = 0.045
# Real totals the example must equal to the cent: (regio, jaar, soort) -> EUR (data/bronnen/figures_*.csv).
REAL_TOTALS = {
    ("MIJOV", 2023, "realisatie"): 98_673_332,      # figures_mijov.csv: all productgroepen, 8 gemeenten
    ("GRJR", 2019, "realisatie"): 235_900_000,      # figures_grjr.csv: jaarrekening GR, regionally bought care
    ("GRJR", 2019, "begroting"): 206_000_000,       # figures_grjr.csv: begroting GR
}
BEGROTING_RATIO = (0.86, 1.0)       # budgets were below realisation in every year 2015-2019 (GRJR figures)

# Share of spend per segment in 2019 (weights are normalised per region). Residential segments lose weight
# each year at the gemeente's pace (RESIDENTIAL_PACE); the money moves to the other segments.
SPEND_WEIGHTS = {
    "ZHZ": {"1": 18, "2": 9, "3": 9, "4A": 17, "4B": 32, "5": 4, "6": 4, "7": 7},
    "GRJR": {"B": 28, "C": 17, "D": 9, "E": 40, "F": 6},
    # MIJOV: the 2023 pie of the strategy (Bijlage 2) as far as legible; the rest by order of magnitude.
    "MIJOV": {"BEGCR": 0.04, "BEGGR": 3.1, "BEGIN": 22.2, "BEH": 42, "OPSL": 0.02, "RESP": 1.3, "VERBL": 18,
              "VERV": 3, "WVCR": 1.0, "WVGR": 8.5, "WVIN": 0.56, "ZCO": 0.05},
}
# Share of trajectories per segment in 2019: mostly ambulant, about 5% residential (CBS 2021: 6-7% of
# started trajecten are with a stay, of which pleegzorg and family homes about a third).
COUNT_WEIGHTS = {
    "ZHZ": {"1": 4.5, "2": 2.5, "3": 7, "4A": 40, "4B": 34, "5": 2.5, "6": 3, "7": 6.5},
    "GRJR": {"B": 7, "C": 7, "D": 9, "E": 74, "F": 3},
    "MIJOV": {"BEGCR": 0.5, "BEGGR": 8, "BEGIN": 33, "BEH": 40, "OPSL": 0.3, "RESP": 3, "VERBL": 3.5,
              "VERV": 5, "WVCR": 0.7, "WVGR": 1.5, "WVIN": 1.5, "ZCO": 1},
}
RESIDENTIAL_PACE = (0.01, 0.11)   # yearly cut of residential care per gemeente: some hardly, some fast
# Per vorm: median wait (days, aanmelding to start), median duration (days), cost per day in care (EUR),
# iJw category, share with a stay. Waits and durations are lognormal (WAIT_SIGMA, DURATION_SIGMA).
VORM_PROFILE = {
    "ambulant": (42, 230, 22, "45", 0.0),
    "daghulp": (35, 280, 65, "41", 0.0),
    "pleegzorg": (30, 620, 75, "44", 1.0),
    "gezinshuis": (40, 500, 170, "44", 1.0),
    "residentieel": (50, 230, 330, "43", 1.0),
    "gesloten": (7, 150, 600, "43", 1.0),
    "crisis": (0.5, 25, 300, "46", 0.35),
    "vervoer": (14, 280, 20, "42", 0.0),
    "overig": (25, 180, 35, "50", 0.0),
}
WAIT_SIGMA = 0.7
DURATION_SIGMA = 0.8
# Waits differ per region: GRJR reports 13-14 weeks on average for ambulant package E (jeugdhulprijnmond.nl,
# 2023), the MIJOV strategy 3 to 6 months on average; for ZHZ no figure is known (national order).
WAIT_FACTOR = {"ZHZ": 1.0, "GRJR": 1.75, "MIJOV": 2.2}
# A youth in care has one trajectory or more (CBS 2021: about 1.4 running trajecten per youth a year);
# a further trajectory starts during the first one.
EXTRA_TRAJECTORIES = 0.5
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
# Segments whose vorm is residential, and those of foster care and family homes (data/referentie/segmenten.csv).
RESIDENTIAL_SEGMENTS = {"ZHZ": ("1",), "GRJR": ("B",), "MIJOV": ("VERBL", "WVGR")}
HOME_LIKE_SEGMENTS = {"ZHZ": ("2",), "GRJR": ("C",), "MIJOV": ()}


def _rng(stream: int) -> np.random.Generator:
    """One independent stream per part, so changing one part leaves the others as they were."""
    return np.random.default_rng([SEED, stream])


def population(gemeenten: pd.DataFrame) -> pd.DataFrame:
    """gemeenten (code, naam, regio) -> one row per gemeente and year with example inwoners/jeugdigen."""
    rng = _rng(1)
    frame = gemeenten[["code", "naam", "regio"]].reset_index(drop=True)
    youth_share = rng.uniform(*YOUTH_SHARE, size=len(frame))
    years = np.array(YEARS)
    base = frame["code"].map(INWONERS).to_numpy(dtype=float)
    inwoners = np.round(base[:, None] * (1 + POPULATION_GROWTH) ** (years - INWONERS_YEAR)[None, :], -1)
    youths = np.round(inwoners * youth_share[:, None] * (1 - 0.002 * (years - YEARS[0]))[None, :])
    out = frame.loc[frame.index.repeat(len(years))].reset_index(drop=True)
    out["jaar"] = np.tile(years, len(frame))
    out["inwoners"] = inwoners.ravel().astype(int)
    out["jeugdigen_0_17"] = youths.ravel().astype(int)
    return out


class _Plan:
    """Per gemeente (sorted by code): the youths in care to aim at per start year and the realisatie per year."""

    def __init__(self, pop: pd.DataFrame, gemeente_regio: dict[str, str]) -> None:
        rng = _rng(2)
        self.codes = sorted(gemeente_regio)
        self.regio = np.array([gemeente_regio[c] for c in self.codes])
        n = len(self.codes)
        prevalence_level = rng.uniform(0.85, 1.15, size=n)
        spend_level = rng.uniform(0.88, 1.12, size=n)
        self.pace = rng.uniform(*RESIDENTIAL_PACE, size=n)
        youths = (pop.pivot(index="code", columns="jaar", values="jeugdigen_0_17")
                  .reindex(index=self.codes, columns=list(YEARS)).to_numpy(dtype=float))
        prevalence = np.array([PREVALENCE[r] for r in self.regio]) * prevalence_level
        # Youths in care per start year 2017-2025 (2017 and 2018 from the 2019 population).
        youths_all = np.concatenate([youths[:, :1]] * (YEARS[0] - START_YEARS[0]) + [youths], axis=1)
        trend = np.array([USE_TREND[y] for y in START_YEARS])
        self.in_care = youths_all * prevalence[:, None] / 1000 * trend[None, :]
        in_care = self.in_care[:, START_YEARS.index(YEARS[0]):]
        growth = (1 + SPEND_GROWTH) ** (np.array(YEARS) - YEARS[0])
        noise = rng.uniform(0.97, 1.03, size=in_care.shape)
        self.realisatie = in_care * SPEND_PER_YOUTH_IN_CARE * spend_level[:, None] * growth[None, :] * noise
        for (regio, year, soort), total in REAL_TOTALS.items():
            if soort == "realisatie":
                rows = self.regio == regio
                self.realisatie[rows] *= total / self.realisatie[rows, YEARS.index(year)].sum()

    def residential_factor(self, years: np.ndarray) -> np.ndarray:
        """Per gemeente and year: the weight of residential care relative to 2019."""
        return (1 - self.pace[:, None]) ** (np.asarray(years) - YEARS[0])[None, :]


def _segment_weights(weights: dict[str, float], residential: np.ndarray, factor: np.ndarray,
                     home_like: np.ndarray) -> np.ndarray:
    """Weights (rows: factor) with residential segments scaled by factor; what residential care loses goes to
    foster care and family homes where a region has them (the GRJR +30% target), otherwise to all others."""
    base = np.array(list(weights.values()), dtype=float)
    base /= base.sum()
    out = np.where(residential, base, 0.0)[None, :] * factor[:, None] + np.where(residential, 0.0, base)[None, :]
    lost = 1.0 - out.sum(axis=1)
    receivers = home_like if home_like.any() else ~residential
    share = np.where(receivers, base, 0.0)
    return out + lost[:, None] * (share / share.sum())[None, :]


def _round_to_total(amounts: np.ndarray, total: float | None) -> np.ndarray:
    """Amounts rounded to cents; with a total, the largest cell absorbs the rounding so the sum is exact."""
    cents = np.round(amounts * 100).astype(np.int64)
    if total is not None and len(cents):
        cents[np.argmax(cents)] += int(round(total * 100)) - int(cents.sum())
    return cents / 100


def spend(pop: pd.DataFrame, gemeente_regio: dict[str, str]) -> pd.DataFrame:
    """Begroting and realisatie per gemeente, segment and year; region totals equal REAL_TOTALS exactly."""
    plan = _Plan(pop, gemeente_regio)
    rng = _rng(3)
    years = np.array(YEARS)
    parts = []
    for regio in sorted(set(plan.regio)):
        rows = np.flatnonzero(plan.regio == regio)
        weights = SPEND_WEIGHTS[regio]
        segments = np.array(list(weights))
        residential = np.isin(segments, RESIDENTIAL_SEGMENTS[regio])
        home_like = np.isin(segments, HOME_LIKE_SEGMENTS[regio])
        factor = plan.residential_factor(years)[rows].ravel()             # (gemeente, year) flattened
        shares = _segment_weights(weights, residential, factor, home_like)
        shares *= rng.uniform(0.9, 1.1, size=shares.shape)
        shares /= shares.sum(axis=1, keepdims=True)
        realisatie = plan.realisatie[rows].ravel()[:, None] * shares         # (gemeente*year, segment)
        begroting = realisatie * rng.uniform(*BEGROTING_RATIO, size=realisatie.shape)
        year_of = np.tile(years, len(rows))
        for soort, amounts in (("realisatie", realisatie), ("begroting", begroting)):
            rounded = np.empty_like(amounts)
            for year in YEARS:
                cells = year_of == year
                total = REAL_TOTALS.get((regio, year, soort))
                scale = 1.0 if total is None else total / amounts[cells].sum()
                rounded[cells] = _round_to_total(amounts[cells].ravel() * scale, total).reshape(-1, len(segments))
            parts.append(pd.DataFrame({
                "gemeente": np.repeat(np.array(plan.codes)[rows], len(years) * len(segments)),
                "jaar": np.repeat(year_of, len(segments)),
                "segment": np.tile(segments, len(year_of)),
                "soort": soort,
                "bedrag": rounded.ravel(),
            }))
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["gemeente", "jaar", "segment", "soort"], kind="stable").reset_index(drop=True)


def _episodes(rng: np.random.Generator, arrival: np.ndarray, probabilities: np.ndarray,
              vorm_of_segment: np.ndarray, wait_factor: float) -> dict[str, np.ndarray]:
    """The trajectories of youths who come into care on day `arrival` (days since FIRST_START): a first
    trajectory on that day and EXTRA_TRAJECTORIES more on average during it. `probabilities` holds one row
    of segment probabilities per youth. Returns one array per field, one element per trajectory."""
    count = 1 + rng.poisson(EXTRA_TRAJECTORIES, size=len(arrival))
    owner = np.repeat(np.arange(len(arrival)), count)
    first = np.zeros(len(owner), dtype=bool)
    first[np.concatenate([[0], np.cumsum(count)[:-1]])] = True
    cumulative = np.cumsum(probabilities, axis=1)[owner]
    segment = (rng.uniform(size=(len(owner), 1)) > cumulative).sum(axis=1)
    segment = np.minimum(segment, probabilities.shape[1] - 1)
    vorm = vorm_of_segment[segment]
    profile = np.array([VORM_PROFILE[v][:3] for v in vorm_of_segment], dtype=float)[segment]
    duration = np.maximum(1, np.round(rng.lognormal(np.log(profile[:, 1]), DURATION_SIGMA)))
    # A further trajectory starts while the first runs (a youth's care changes or is combined).
    first_duration = duration[first][owner]
    start = arrival[owner] + np.where(first, 0, np.ceil(rng.uniform(size=len(owner)) * first_duration))
    wait = np.round(rng.lognormal(np.log(profile[:, 0] * wait_factor), WAIT_SIGMA))
    return {"owner": owner, "segment": segment, "vorm": vorm, "start": start, "duration": duration,
            "wait": wait, "daily": profile[:, 2]}


def _still_counted(rng: np.random.Generator, probabilities: np.ndarray, vorm_of_segment: np.ndarray) -> np.ndarray:
    """P[k]: the chance that a youth coming into care in some year is still in care in the k-th year after
    (k = 0 is 1), estimated on a sample; used to find how many youths must come into care each year."""
    sample = 20_000
    arrival = rng.uniform(0, 365, size=sample)
    ep = _episodes(rng, arrival, np.repeat(probabilities[None, :], sample, axis=0), vorm_of_segment, 1.0)
    last_day = np.zeros(sample)
    np.maximum.at(last_day, ep["owner"], ep["start"] + ep["duration"])
    years_on = np.floor(last_day / 365.25).astype(int)
    return np.array([(years_on >= k).mean() for k in range(len(START_YEARS))])


def _arrivals(in_care: np.ndarray, still: np.ndarray, still_run_in: np.ndarray) -> np.ndarray:
    """Youths coming into care per gemeente and year such that those in care (new plus still in care from
    earlier years) meet `in_care`. The first year has no earlier youths: everyone in care then starts in it,
    with the mix of kinds of care of youths already in care (`_run_in`), who stay on as `still_run_in` says."""
    arrivals = np.zeros_like(in_care)
    arrivals[:, 0] = in_care[:, 0]
    for y in range(1, in_care.shape[1]):
        earlier = arrivals[:, 0] * still_run_in[y] + sum(arrivals[:, y - k] * still[k] for k in range(1, y))
        arrivals[:, y] = np.maximum(in_care[:, y] - earlier, 0.2 * in_care[:, y])
    return arrivals


def _run_in(probabilities: np.ndarray, vorm_of_segment: np.ndarray) -> np.ndarray:
    """The kinds of care of the youths in care at a given moment: the flow's mix weighted by how long each kind
    lasts (long foster care is more common among those in care than among those starting)."""
    median_duration = np.array([VORM_PROFILE[v][1] for v in vorm_of_segment], dtype=float)
    weighted = probabilities * median_duration
    return weighted / weighted.sum(axis=-1, keepdims=True)


def trajecten(pop: pd.DataFrame, gemeente_regio: dict[str, str], segment_vorm: dict[tuple[str, str], str]) -> pd.DataFrame:
    """About 225,000 trajecten 2017-2025 with aanmeld-, start- and einddatum, provider and cost: per gemeente
    and year about as many youths in care as the plan aims at."""
    plan = _Plan(pop, gemeente_regio)
    rng = _rng(4)
    last = (LAST_DAY - FIRST_START).days
    year_start = np.array([(dt.date(y, 1, 1) - FIRST_START).days for y in START_YEARS] + [last + 1])
    parts = []
    client_counter = 0
    for regio in sorted(set(plan.regio)):
        rows = np.flatnonzero(plan.regio == regio)
        weights = COUNT_WEIGHTS[regio]
        segments = np.array(list(weights))
        vorm_of_segment = np.array([segment_vorm[(regio, s)] for s in segments])
        residential = np.isin(segments, RESIDENTIAL_SEGMENTS[regio])
        home_like = np.isin(segments, HOME_LIKE_SEGMENTS[regio])
        base = _segment_weights(weights, residential, np.ones(1), home_like)[0]
        still = _still_counted(rng, base, vorm_of_segment)
        still_run_in = _still_counted(rng, _run_in(base, vorm_of_segment), vorm_of_segment)
        arrivals = np.round(_arrivals(plan.in_care[rows], still, still_run_in)).astype(int)  # (gemeente, year)
        per_cell = arrivals.ravel()
        gemeente = np.repeat(np.repeat(rows, len(START_YEARS)), per_cell)
        year_index = np.repeat(np.tile(np.arange(len(START_YEARS)), len(rows)), per_cell)
        arrival = np.floor(year_start[year_index] + rng.uniform(size=len(year_index))
                           * (year_start[year_index + 1] - year_start[year_index]))
        # Residential care falls year on year at the gemeente's pace; foster care and family homes take over.
        factor = plan.residential_factor(np.array(START_YEARS))[gemeente, year_index]
        probabilities = _segment_weights(weights, residential, factor, home_like)
        run_in = year_index == 0
        probabilities[run_in] = _run_in(probabilities[run_in], vorm_of_segment)
        ep = _episodes(rng, arrival, probabilities, vorm_of_segment, WAIT_FACTOR[regio])
        keep = ep["start"] <= last
        ep = {k: v[keep] for k, v in ep.items()}
        owner, vorm = ep["owner"], ep["vorm"]
        n = len(owner)
        end = ep["start"] + ep["duration"]
        ended = end <= last
        days_in_care = np.where(ended, ep["duration"], last - ep["start"] + 1)
        # Billed as days in care times a whole-euro daily tariff, as most iJw products are.
        cost = days_in_care.astype(np.int64) * ep["daily"].astype(np.int64)
        stay_share = np.array([VORM_PROFILE[v][4] for v in vorm_of_segment])[ep["segment"]]
        stay = rng.uniform(size=n) < stay_share
        providers = np.empty(n, dtype=object)
        for kind in np.unique(vorm):
            pool = PROVIDERS[kind]
            share = 1 / np.arange(1, len(pool) + 1) ** 1.2      # a few large providers, a long tail
            where = vorm == kind
            providers[where] = rng.choice(pool, size=int(where.sum()), p=share / share.sum())
        origin = np.datetime64(FIRST_START, "D")
        start = origin + ep["start"].astype(np.int64).astype("timedelta64[D]")
        parts.append(pd.DataFrame({
            "clientnummer": "VB" + pd.Series(client_counter + owner).astype(str).str.zfill(7),
            "gemeente": np.array(plan.codes)[gemeente[owner]],
            "segment": segments[ep["segment"]],
            "productcategorie": np.array([VORM_PROFILE[v][3] for v in vorm_of_segment])[ep["segment"]],
            "aanmelddatum": _dutch_dates(start - ep["wait"].astype(np.int64).astype("timedelta64[D]")),
            "startdatum": _dutch_dates(start),
            "einddatum": np.where(ended, _dutch_dates(origin + end.astype(np.int64).astype("timedelta64[D]")), ""),
            "aanbieder": providers,
            "verblijf": np.where(stay, "ja", "nee"),
            "bedrag": cost,
        }))
        client_counter += len(arrival)
    frame = pd.concat(parts, ignore_index=True)
    # A youth may get two trajectories in one segment on the same day: keep the first.
    return frame.drop_duplicates(["clientnummer", "gemeente", "segment", "startdatum"]).reset_index(drop=True)


def _dutch_dates(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> 'dd-mm-jjjj', as a Dutch export writes dates (each distinct day formatted once)."""
    unique, inverse = np.unique(days, return_inverse=True)
    iso = pd.Series(np.datetime_as_string(unique, unit="D"))
    return (iso.str[8:10] + "-" + iso.str[5:7] + "-" + iso.str[0:4]).to_numpy(dtype=object)[inverse]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """As a controller's Excel would export it: ';' separated, decimal comma."""
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=";", decimal=",", index=False)
    return buffer.getvalue().encode("utf-8")
