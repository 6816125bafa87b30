"""Cell parsers for Dutch exports: numbers (€ 1.234,56, (1.234)), years, dates (Excel serials,
dd-mm-jjjj, ISO) and yes/no. Each returns the value, or raises ValueError with the problem code."""

from __future__ import annotations

import datetime as dt
import re

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NUMBER_CHARS = re.compile(r"[€\s\u00a0]|EUR|eur")


class CellError(ValueError):
    def __init__(self, code: str, limit: str = "") -> None:
        super().__init__(code)
        self.code, self.limit = code, limit   # limit: what the message offers instead ("ja, nee")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value
    )


def parse_number(value: object) -> float:
    """'€ 1.234,56' -> 1234.56; '(1.234)' -> -1234; '1,234.56' (English) -> 1234.56."""
    if isinstance(value, bool):
        raise CellError("geen-getal")
    if isinstance(value, (int, float)):
        return float(value)
    negative, text = _sign(_NUMBER_CHARS.sub("", str(value)).strip())
    if not text or not re.fullmatch(r"[0-9.,]+", text):
        raise CellError("geen-getal")
    if "," in text and "." in text:
        # Whichever separator comes last is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
        # Dutch thousands: 1.234 or 1.234.567 (an export never writes 1.234 for one point two)
        text = text.replace(".", "")
    number = float(text)
    return -number if negative else number


def _sign(text: str) -> tuple[bool, str]:
    """Whether an amount is negative, and its digits without the signs: (1.234), -1.234, 1.234-."""
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    if re.search(r",-+$", text):  # € 1.234,- : whole euros
        text = re.sub(r",-+$", "", text)
    elif text.endswith("-"):  # accounting style 1.234-
        negative, text = not negative, text[:-1]
    return negative, text


def parse_count(value: object) -> int:
    number = parse_number(value)
    if number != int(number):
        raise CellError("geen-geheel-getal")
    if number < 0:
        raise CellError("negatief-aantal")
    return int(number)


def parse_year(value: object) -> int:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    try:
        number = parse_number(value) if not isinstance(value, str) else float(value.strip())
    except (CellError, ValueError):
        raise CellError("geen-jaar") from None
    if number != int(number):
        raise CellError("geen-jaar")
    return int(number)


_DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), ("y", "m", "d")),
    (re.compile(r"(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
)


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 80000:  # Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("geen-datum")
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.0)?", text):
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise CellError("geen-datum")


_YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}


def parse_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError("ongeldige-waarde", limit="ja, nee")
