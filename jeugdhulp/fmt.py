"""The one place that formats numbers the Dutch way (Babel): € 1.234.567, 12,5%, 1,2 mln."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"
PLOTLY_SEPARATORS = ",."      # decimal comma, thousands point
SMALL_COUNT = 5               # counts under this are shown as "<5" (as CBS does)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def eur(value: float | None, decimals: int = 0) -> str:
    """€ 1.234.567"""
    if _missing(value):
        return "–"
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = f"¤ {body};¤ -{body}"
    return format_currency(value, "EUR", format=pattern, locale=LOCALE, currency_digits=False)


def eur_compact(value: float | None) -> str:
    """€ 1,2 mln / € 3,4 mld / € 12.345 — for axis-free places like headline figures."""
    if _missing(value):
        return "–"
    size = abs(value)
    if size >= 1e9:
        return f"€ {number(value / 1e9, 1)} mld"
    if size >= 1e6:
        return f"€ {number(value / 1e6, 1)} mln"
    return eur(value)


def number(value: float | None, decimals: int = 0) -> str:
    """1.234 / 12,5"""
    if _missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def pct(fraction: float | None, decimals: int = 1) -> str:
    """0.125 -> 12,5%"""
    if _missing(fraction):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(fraction, format=pattern, locale=LOCALE)


def pct_short(fraction: float | None, sign: bool = False) -> str:
    """A percentage someone chose, with a decimal only where it has one: 2% / 2,5% (with `sign`: +2% / -2,5%)."""
    if _missing(fraction):
        return "–"
    decimals = 0 if round(fraction * 100, 6).is_integer() else 1
    return pct_change(fraction, decimals) if sign else pct(fraction, decimals)


def pct_change(fraction: float | None, decimals: int = 1) -> str:
    """+4,2% / -3,0%"""
    if _missing(fraction):
        return "–"
    sign = "+" if fraction > 0 else ""
    return sign + pct(fraction, decimals)


def eur_change(value: float | None) -> str:
    """+€ 1,2 mln / -€ 3,4 mln / € 0: a difference in euros with its sign in front (eur_compact's sizes)."""
    if _missing(value):
        return "–"
    if round(value) == 0:
        return "€ 0"
    return ("+" if value > 0 else "-") + eur_compact(abs(value))


def count(value: float | None) -> str:
    """A count of people as it may be shown in public: under 5 becomes '<5'."""
    if _missing(value):
        return "–"
    if 0 < value < SMALL_COUNT:
        return f"<{SMALL_COUNT}"
    return number(value)


def datetime_nl(moment: datetime) -> str:
    """30 november 2026 om 23:10 (Dutch local time when the moment carries a time zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    return f"{format_date(moment, format='long', locale=LOCALE)} om {moment:%H:%M}"


def date_nl(moment: date | datetime) -> str:
    """2 december 2026 (for a moment with a time zone: the Dutch local date)."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    return format_date(moment, format="long", locale=LOCALE)


def slug(text: str, length: int = 60) -> str:
    """A file name from a title: 'Uitgaven per jeugdige, 2025' -> 'uitgaven-per-jeugdige-2025'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:length]


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """A count with its noun in the right form: '1 punt', '18 punten', '0 gemeenten', '1.234 trajecten'."""
    return f"{number(n)} {enkelvoud if n == 1 else meervoud}"
