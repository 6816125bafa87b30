"""Synthetic trajecten for the benchmark: N rows generated with numpy (fixed seed) as one Arrow table,
shaped like what the importer stores (pseudonymised client keys, codes, dates, provider, cost).

Every row has an aanmelddatum (wait by vorm, as the example data) and a verblijf flag consistent with
its segment: always for a residential segment, else by the vorm's share with a stay (pleegzorg and
gezinshuis always, crisis about a third, ambulant care never). Providers come per vorm from a pool of
the example data's named providers followed by a long tail of small ones, drawn with a Zipf-like skew
(a few large providers, many with a handful of youths), so that the provider marts and the
'overig' grouping of the Aanbieders tab see realistic numbers of distinct providers."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from loaders.example import COUNT_WEIGHTS, INWONERS, PROVIDERS, VORM_PROFILE

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEED = 20250101
FIRST_START = dt.date(2017, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
REPEAT_SHARE = 0.35     # share of trajecten that belong to a client already seen in an earlier row
MOVED_SHARE = 0.03      # of those, the share registered in another gemeente (a youth who moved)
OPEN_SHARE = 0.15       # share of trajecten without einddatum
CLIENT_KEY_BYTES = 12   # loaders.pseudonym keeps 24 hex characters of the keyed hash
# Providers per vorm: the example data's named ones first (the large ones), then this many small ones.
PROVIDER_TAIL = {"ambulant": 150, "daghulp": 30, "pleegzorg": 6, "gezinshuis": 15, "residentieel": 30,
                 "crisis": 6, "vervoer": 8, "overig": 40}
PROVIDER_SKEW = 1.2     # weight of the provider of rank k: 1 / k ** PROVIDER_SKEW (as loaders.example)
_EPOCH = dt.date(1970, 1, 1)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


@dataclass(frozen=True)
class Gebied:
    """The gemeenten (with region and size weight) and the valid segments per region."""

    gemeente_codes: np.ndarray      # str, one per gemeente
    gemeente_regio: np.ndarray      # str, region code per gemeente
    gemeente_weight: np.ndarray     # probability per gemeente (by inhabitants)
    segments: dict[str, list[tuple[str, str, float, bool]]]   # regio -> [(segment_code, vorm, weight, residentieel)]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def gebied() -> Gebied:
    regio_by_name = {r["naam"]: r["regio_code"] for r in _read_csv(DATA_DIR / "referentie" / "regios.csv")}
    rows = _read_csv(DATA_DIR / "bronnen" / "gemeenten.csv")
    codes = np.array([r["code"] for r in rows])
    weight = np.array([INWONERS[c] for c in codes], dtype=float)
    segments: dict[str, list[tuple[str, str, float, bool]]] = {}
    for row in _read_csv(DATA_DIR / "referentie" / "segmenten.csv"):
        # Segments the example data does not weigh (e.g. GRJR's new opdrachten) get a small share.
        count_weight = COUNT_WEIGHTS.get(row["regio_code"], {}).get(row["segment_code"], 1.0)
        segments.setdefault(row["regio_code"], []).append(
            (row["segment_code"], row["vorm"], count_weight, row["residentieel"] == "true"))
    return Gebied(codes, np.array([regio_by_name[r["regio"]] for r in rows]), weight / weight.sum(), segments)


def _days(day: dt.date) -> int:
    return (day - _EPOCH).days


def _hex_keys(rng: np.random.Generator, n: int) -> np.ndarray:
    """n random keys as an (n, 24) uint8 array of lowercase hex characters."""
    raw = rng.integers(0, 256, size=(n, CLIENT_KEY_BYTES), dtype=np.uint8)
    hexed = np.empty((n, 2 * CLIENT_KEY_BYTES), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 0x0F]
    return hexed


def _string_array(chars: np.ndarray) -> pa.Array:
    """An (n, width) uint8 array of ASCII characters as an Arrow string array, without Python objects."""
    n, width = chars.shape
    chars = np.ascontiguousarray(chars)
    offsets = np.arange(n + 1, dtype=np.int64) * width
    return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(chars)])


def _dictionary(indices: np.ndarray, values: list[str] | np.ndarray) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int16)), pa.array(list(values), pa.string()))


def provider_pools() -> tuple[list[str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """All provider names, and per vorm the indices of its providers into them with their probabilities."""
    names: list[str] = []
    index: dict[str, int] = {}
    pools: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for vorm in sorted(set(PROVIDERS) | set(PROVIDER_TAIL)):
        pool = list(PROVIDERS.get(vorm, [])) + [f"Jeugdhulp {vorm} {i:03d}" for i in range(1, PROVIDER_TAIL.get(vorm, 0) + 1)]
        for name in pool:
            if name not in index:
                index[name] = len(names)
                names.append(name)
        weight = 1 / np.arange(1, len(pool) + 1) ** PROVIDER_SKEW
        pools[vorm] = (np.array([index[name] for name in pool], dtype=np.int16), weight / weight.sum())
    return names, pools


def trajecten(n: int, area: Gebied | None = None, seed: int = SEED) -> pa.Table:
    """n synthetic trajecten 2017-2025, columns as in the trajecten table (without batch_id)."""
    area = area or gebied()
    rng = np.random.default_rng(seed)

    # Clients and their gemeente: the first rows introduce clients, the rest reuse one of them.
    n_clients = max(1, round(n * (1 - REPEAT_SHARE)))
    client = np.empty(n, dtype=np.int64)
    client[:n_clients] = np.arange(n_clients)
    client[n_clients:] = rng.integers(0, n_clients, size=n - n_clients)
    gemeente = np.empty(n, dtype=np.int16)
    gemeente[:n_clients] = rng.choice(len(area.gemeente_codes), size=n_clients, p=area.gemeente_weight)
    gemeente[n_clients:] = gemeente[client[n_clients:]]
    moved = np.flatnonzero(rng.random(n) < MOVED_SHARE)
    moved = moved[moved >= n_clients]
    gemeente[moved] = rng.choice(len(area.gemeente_codes), size=len(moved), p=area.gemeente_weight)
    order = rng.permutation(n)      # exports are not sorted by client
    client, gemeente = client[order], gemeente[order]

    regio_codes = sorted(area.segments)
    regio_of_gemeente = np.array([regio_codes.index(r) for r in area.gemeente_regio], dtype=np.int16)
    regio = regio_of_gemeente[gemeente]

    # Segment valid for the region, weighted as in the example data.
    segment_codes: list[str] = []
    segment_vorm: list[str] = []
    segment_residential: list[bool] = []
    segment = np.empty(n, dtype=np.int16)
    for index, code in enumerate(regio_codes):
        rows = np.flatnonzero(regio == index)
        choices = area.segments[code]
        weights = np.array([w for _, _, w, _ in choices], dtype=float)
        first = len(segment_codes)
        segment_codes += [s for s, _, _, _ in choices]
        segment_vorm += [v for _, v, _, _ in choices]
        segment_residential += [r for _, _, _, r in choices]
        segment[rows] = first + rng.choice(len(choices), size=len(rows), p=weights / weights.sum())

    # Per vorm: wait, duration, daily cost, iJw category and share with a stay (as the example data).
    vormen = sorted(set(segment_vorm))
    profile = [VORM_PROFILE.get(v, VORM_PROFILE["overig"]) for v in vormen]
    vorm = np.array([vormen.index(v) for v in segment_vorm], dtype=np.int16)[segment]
    wait_median = np.array([p[0] for p in profile], dtype=float)[vorm]
    duration_median = np.array([p[1] for p in profile], dtype=float)[vorm]
    day_cost = np.array([p[2] for p in profile], dtype=float)[vorm]
    categories = sorted({p[3] for p in profile})
    category = np.array([categories.index(p[3]) for p in profile], dtype=np.int16)[vorm]
    stay_share = np.array([p[4] for p in profile], dtype=float)[vorm]

    first_day, last_day = _days(FIRST_START), _days(LAST_DAY)
    start = rng.integers(first_day, last_day + 1, size=n)
    wait = np.rint(rng.lognormal(np.log(wait_median + 1), 0.6))
    aanmeld = start - wait.astype(np.int64)
    duration = np.maximum(1, np.rint(rng.lognormal(np.log(duration_median), 0.7))).astype(np.int64)
    end = start + duration
    # Still running at the last day, plus some more so that about OPEN_SHARE has no einddatum.
    running = end > last_day
    extra = max(0.0, (OPEN_SHARE - running.mean()) / max(1e-9, 1 - running.mean()))
    open_ = running | (rng.random(n) < extra)
    days_in_care = np.where(open_, last_day - start + 1, duration)
    cost = np.round(days_in_care * day_cost * rng.lognormal(0.0, 0.2, size=n), 2)
    # A residential segment always means a stay (e.g. MIJOV's 'Wonen en verblijf Crisis', vorm crisis).
    verblijf = (rng.random(n) < stay_share) | np.array(segment_residential, dtype=bool)[segment]
    provider_names, pools = provider_pools()
    provider = np.empty(n, dtype=np.int16)
    for index, name in enumerate(vormen):
        rows = np.flatnonzero(vorm == index)
        members, probabilities = pools.get(name, pools["overig"])
        provider[rows] = members[rng.choice(len(members), size=len(rows), p=probabilities)]

    keys = _hex_keys(rng, n_clients)
    return pa.table({
        "client_key": _string_array(keys[client]),
        "gemeente_code": _dictionary(gemeente, area.gemeente_codes),
        "regio_code": _dictionary(regio, regio_codes),
        "segment_code": _dictionary(segment, segment_codes),
        "productcategorie": _dictionary(category, categories),
        "aanmelddatum": pa.array(aanmeld.astype(np.int32)).cast(pa.date32()),
        "startdatum": pa.array(start.astype(np.int32)).cast(pa.date32()),
        "einddatum": pa.array(end.astype(np.int32), mask=open_).cast(pa.date32()),
        "aanbieder": _dictionary(provider, provider_names),
        "verblijf": pa.array(verblijf),
        "bedrag_eur": pa.array(cost),
    })
