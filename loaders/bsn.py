"""The BSN guard (DESIGN.md: a column that looks like BSNs is refused): the 11-proef and the rule that
decides whether a whole column holds citizen service numbers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from loaders.parse import is_blank


def elfproef(digits: str) -> bool:
    """The BSN 11-proef: 9 digits, weighted 9..2 and -1, sum divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


# The BSN guard (DESIGN.md: a column that looks like BSNs is refused). A random nine-digit number passes the
# 11-proef one time in eleven, so a column where at least half the filled cells pass holds BSNs, not chance:
BSN_SHARE = 0.5          # of the filled cells of a column, every row counted (a BSN repeats per trajectory)
BSN_MIN_CELLS = 3        # "a few": one or two passing cells in a small file say little
BSN_MIN_DISTINCT = 2     # one repeated number (a provider's AGB code, one date) is not a list of persons
# A header that says BSN needs no statistics: one passing value is enough.
_BSN_HEADERS = ("bsn", "burgerservicenummer", "sofinummer")


def _bsn_candidates(uniques: np.ndarray) -> np.ndarray:
    """Each distinct value as the nine-digit number a BSN would be (-1 where it cannot be one).

    Numbers (Excel drops a leading zero, so 8 digits count too), also written as text (856885253.0,
    8.56885253e+08); text whose digits are nine, or ten with a leading zero, whatever stands around or between
    them (1234.56.789, 123 456 789, NL856885253, 856/885/253, 856885253-A); plain 8-digit text.
    Eight digits that read as a date (20240103 or 03012024) are left out: iJw exports write dates so."""
    numbers = np.full(len(uniques), -1, dtype=np.int64)
    if not len(uniques):
        return numbers
    kinds = np.fromiter((1 if isinstance(u, str) else 2 if isinstance(u, (int, float)) and not isinstance(u, bool)
                         else 0 for u in uniques), dtype=np.int8, count=len(uniques))
    numeric = kinds == 2
    if numeric.any():
        values = np.array(uniques[numeric], dtype=np.float64)
        whole = (values == np.floor(values)) & (values >= 10_000_000) & (values < 1_000_000_000)
        picked = np.full(len(values), -1, dtype=np.int64)
        picked[whole] = values[whole].astype(np.int64)
        numbers[numeric] = picked
    text = kinds == 1
    if text.any():
        raw = pd.Series(uniques[text], dtype="object").str.strip()
        picked = np.full(len(raw), -1, dtype=np.int64)
        # A number that a spreadsheet or pandas wrote as text: 856885253.0, 8.56885253e+08.
        numeric_text = raw.str.fullmatch(r"[+-]?\d+(\.0+)?|[+-]?\d(\.\d+)?[eE][+-]?\d+").to_numpy(dtype=bool)
        as_number = pd.to_numeric(raw[numeric_text], errors="coerce").to_numpy(dtype=np.float64)
        whole = (as_number == np.floor(as_number)) & (as_number >= 10_000_000) & (as_number < 1_000_000_000)
        from_number = np.full(len(as_number), -1, dtype=np.int64)
        from_number[whole] = as_number[whole].astype(np.int64)
        picked[numeric_text] = from_number
        # Otherwise the digits, whatever stands around or between them (NL856885253, 856/885/253, 856885253-A,
        # 123 456 789): nine of them, or ten with a leading zero. A plain 8-digit text is a number that lost its
        # leading zero, as above.
        digits = raw.str.replace(r"\D", "", regex=True)
        digits = digits.where(~(digits.str.len().eq(10) & digits.str.startswith("0")), digits.str[1:])
        plain_eight = raw.str.fullmatch(r"\d{8}").to_numpy(dtype=bool)
        nine = (digits.str.len().eq(9).to_numpy(dtype=bool) | plain_eight) & ~numeric_text
        picked[nine] = digits[nine].astype(np.int64).to_numpy()
        numbers[text] = picked
    eight = (numbers >= 10_000_000) & (numbers < 100_000_000)
    high, low = numbers // 10_000, numbers % 10_000
    yyyymmdd = (high >= 1900) & (high < 2100) & (low // 100 >= 1) & (low // 100 <= 12) & (low % 100 >= 1) & (low % 100 <= 31)
    day, month, year = numbers // 1_000_000, numbers // 10_000 % 100, numbers % 10_000
    ddmmyyyy = (day >= 1) & (day <= 31) & (month >= 1) & (month <= 12) & (year >= 1900) & (year < 2100)
    numbers[eight & (yyyymmdd | ddmmyyyy)] = -1
    return numbers


def _elfproef_numbers(numbers: np.ndarray) -> np.ndarray:
    """elfproef() on an array of nine-digit numbers (a leading zero implied), all at once."""
    digits = (numbers[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    return (numbers > 0) & ((digits @ weights) % 11 == 0)


def bsn_column(header: object, values: np.ndarray) -> bool:
    """Whether a column holds BSNs, by the rule above; every row is looked at, each distinct value once."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    blank = np.fromiter((is_blank(u) for u in uniques), dtype=bool, count=len(uniques))
    return bsn_counts(header, uniques[~blank], counts[~blank], int(counts[~blank].sum()))


def bsn_counts(header: object, uniques: np.ndarray, counts: np.ndarray, filled: int) -> bool:
    """bsn_column on a column given as distinct filled values and how often each occurs; `filled` counts
    every filled cell (the values left out of `uniques` must be ones that cannot be a BSN)."""
    if filled == 0 or not len(uniques):
        return False
    passing = _elfproef_numbers(_bsn_candidates(uniques))
    if not passing.any():
        return False
    key = re.sub(r"[^a-z]", "", str(header or "").lower())
    if any(name in key for name in _BSN_HEADERS):
        return True
    cells = int(counts[passing].sum())
    return cells >= BSN_MIN_CELLS and int(passing.sum()) >= BSN_MIN_DISTINCT and cells / filled >= BSN_SHARE
