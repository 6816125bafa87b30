"""The forecast of spend and youths in care for the next years (issue 16, part 1): a robust trend on yearly figures
with an 80% range and a back-test, and spend split into volume and price where both are known. Pure functions on
plain numbers, no database, no Streamlit; the page prints METHODE under its charts.

Trend: the Theil-Sen line (kpi.theil_sen: the median of the rises between every two years, so one odd year does not
tip it); spend, where youths in care are known, as the youths' trend times the trend of the cost per youth. Range:
about 80% of years fall within 1,28 times the typical distance of the past years to the line, widening with the
square root of the years ahead. Back-test: for each of the last (at most three) years, the forecast made
from the years before it (at least three), against what happened; the mean of the absolute percentage errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jeugdhulp.kpi import theil_sen

MIN_JAREN = 4          # fewer years give no forecast: a trend through three points says little
HORIZON = 3            # years ahead
Z80 = 1.2816           # the normal distribution's 90th percentile: 80% between -Z80 and +Z80
BACKTEST_JAREN = 3     # the last years each forecast from the years before them
MIN_FIT = 3            # years a back-test forecast is made from, at least

METHODE = (
    "Hoe de prognose werkt: door de jaarcijfers trekken we een trendlijn. De helling is de middelste van alle "
    "stijgingen per jaar tussen twee jaren, zodat één uitschieter de lijn niet omtrekt. De lijn doorgetrokken geeft "
    "de prognose. De band eromheen is het gebied waarin de uitkomst ongeveer 8 van de 10 keer valt als de komende "
    "jaren even grillig zijn als de vorige: hoe verder vooruit, hoe breder. Zijn zowel de uitgaven als het aantal "
    "jeugdigen in zorg bekend, dan trekken we twee lijnen: één door het aantal jeugdigen en één door de kosten per "
    "jeugdige. De prognose is het product van beide, zodat de prijsontwikkeling van de afgelopen jaren doorloopt. "
    "Verwacht u een extra prijsstijging bovenop die lijn, zoals een bijzondere indexatie, stel die dan bovenaan de "
    "pagina in; standaard is er geen extra stijging. Anders volgt de prognose de trend van de uitgaven zelf. De "
    "toets: voor elk van de laatste jaren maken we de prognose opnieuw alsof dat jaar nog niet bekend was, en "
    "vergelijken die met wat er werkelijk gebeurde. Met minder dan 4 jaar cijfers maken we geen prognose."
)


@dataclass(frozen=True)
class Prognose:
    """A forecast: the years ahead with their middle value and 80% range, how the series was read, and how good
    the same method would have been on the last years known."""
    jaren: tuple[int, ...]
    midden: tuple[float, ...]
    laag: tuple[float, ...]
    hoog: tuple[float, ...]
    helling: float                         # change per year of the trend (of the volume where split)
    backtest: float | None                 # mean absolute percentage error, 0.05 = 5%; None without a test year
    backtest_jaren: tuple[int, ...]
    gesplitst: bool = False                # spend as volume times price
    prijs: float | None = None             # the cost per youth in care on its trend in the last year (split only)
    prijs_helling: float | None = None     # its change per year
    te_laag: int = 0                       # back-test years the forecast was below what happened


def _clean(jaren: Sequence[int], waarden: Sequence[float | None]) -> tuple[np.ndarray, np.ndarray]:
    pairs = sorted((int(j), float(w)) for j, w in zip(jaren, waarden, strict=True)
                   if w is not None and not math.isnan(float(w)))
    return np.array([p[0] for p in pairs], dtype=float), np.array([p[1] for p in pairs], dtype=float)


def _spreiding(x: np.ndarray, y: np.ndarray, slope: float, intercept: float) -> float:
    """The typical distance of the years to the line: the root of the mean squared residual, over n - 2 (two
    numbers were taken from the data to draw the line)."""
    residuals = y - (intercept + slope * x)
    return float(math.sqrt(float(np.sum(residuals ** 2)) / (len(x) - 2))) if len(x) > 2 else 0.0


def _punt(x: np.ndarray, y: np.ndarray, jaar: int) -> float:
    slope, intercept = theil_sen(x, y)
    return intercept + slope * jaar


def trend(jaren: Sequence[int], waarden: Sequence[float | None], horizon: int = HORIZON) -> Prognose | None:
    """The trend forecast of one series for `horizon` years after its last; None for fewer than MIN_JAREN years
    with a value. Values below zero are cut to zero (no negative spend or youths)."""
    x, y = _clean(jaren, waarden)
    if len(x) < MIN_JAREN:
        return None
    slope, intercept = theil_sen(x, y)
    sigma = _spreiding(x, y, slope, intercept)
    last = int(x[-1])
    ahead = tuple(range(last + 1, last + horizon + 1))
    mid = [max(0.0, intercept + slope * j) for j in ahead]
    half = [Z80 * sigma * math.sqrt(h) for h in range(1, horizon + 1)]
    tested, errors = _backtest(x, y, lambda xs, ys, j: _punt(xs, ys, j))
    return Prognose(ahead, tuple(mid), tuple(max(0.0, m - d) for m, d in zip(mid, half, strict=True)),
                    tuple(m + d for m, d in zip(mid, half, strict=True)), slope,
                    float(np.mean(np.abs(errors))) if errors else None, tested,
                    te_laag=sum(1 for e in errors if e > 0))


def _backtest(x: np.ndarray, y: np.ndarray, forecast: object) -> tuple[tuple[int, ...], list[float]]:
    """One-year-ahead forecasts for the last BACKTEST_JAREN years, each from the years before it (at least MIN_FIT),
    as signed fractions of what happened, positive where the forecast was too low (a year of 0 cannot be tested)."""
    tested, errors = [], []
    for index in range(max(MIN_FIT, len(x) - BACKTEST_JAREN), len(x)):
        if y[index] == 0:
            continue
        predicted = forecast(x[:index], y[:index], int(x[index]))
        errors.append((y[index] - predicted) / abs(y[index]))      # > 0: the forecast was too low
        tested.append(int(x[index]))
    return tuple(tested), errors


def uitgaven(jaren: Sequence[int], uitgaven_eur: Sequence[float | None], jeugdigen: Sequence[float | None] | None,
             prijsstijging: float = 0.0, horizon: int = HORIZON) -> Prognose | None:
    """Spend for the next years. With youths in care for at least MIN_JAREN of the same years: the trend of the
    youths times the trend of the cost per youth in care (so the price development of the past years goes on, as
    "nothing changes" means), raised by an extra `prijsstijging` a year on top (0.02 = 2%; default none). Otherwise
    the trend of spend itself, and `prijsstijging` is not applied. None for fewer than MIN_JAREN years of spend."""
    if jeugdigen is not None:
        both = [(j, e, v) for j, e, v in zip(jaren, uitgaven_eur, jeugdigen, strict=True)
                if e is not None and v is not None and not math.isnan(float(e)) and not math.isnan(float(v))
                and float(v) > 0]
        if len(both) >= MIN_JAREN:
            return _gesplitst(sorted(both), prijsstijging, horizon)
    return trend(jaren, uitgaven_eur, horizon)


def _gesplitst(rows: list[tuple[int, float, float]], prijsstijging: float, horizon: int) -> Prognose:
    """Spend as volume times price, each on its own trend; the range from how far the known years' spend lies from
    that product (over n - 2), widening with the square root of the years ahead."""
    x = np.array([r[0] for r in rows], dtype=float)
    spend = np.array([r[1] for r in rows], dtype=float)
    youths = np.array([r[2] for r in rows], dtype=float)
    price = spend / youths

    def product(xs: np.ndarray, n: int, jaar: float) -> float:
        return max(0.0, _punt(xs, youths[:n], jaar)) * max(0.0, _punt(xs, price[:n], jaar))

    fitted = np.array([product(x, len(x), j) for j in x])
    sigma = float(math.sqrt(float(np.sum((spend - fitted) ** 2)) / (len(x) - 2)))
    last = int(x[-1])
    ahead = tuple(range(last + 1, last + horizon + 1))
    mid = [product(x, len(x), j) * (1 + prijsstijging) ** h for h, j in enumerate(ahead, start=1)]
    half = [Z80 * sigma * math.sqrt(h) * (1 + prijsstijging) ** h for h in range(1, horizon + 1)]
    # The back-test: both trends up to the year before (no extra rise: the test asks how good the method is).
    tested, errors = _backtest(x, spend, lambda xs, ys, j: product(xs, len(xs), j))
    slope, _ = theil_sen(x, youths)
    return Prognose(ahead, tuple(mid), tuple(max(0.0, m - d) for m, d in zip(mid, half, strict=True)),
                    tuple(m + d for m, d in zip(mid, half, strict=True)), slope,
                    float(np.mean(np.abs(errors))) if errors else None, tested, gesplitst=True,
                    prijs=float(_punt(x, price, last)), prijs_helling=float(theil_sen(x, price)[0]),
                    te_laag=sum(1 for e in errors if e > 0))
