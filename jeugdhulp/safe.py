"""Text from uploaded files is data, never markup or a formula: one helper per place it is written to
(markdown, plotly labels, HTML, CSV and Excel cells), used by every page, chart and writer."""

from __future__ import annotations

import html
import math
import re
from numbers import Integral, Number

import numpy as np
import pandas as pd

# xlsxwriter's defaults turn a string starting with '=' into a formula and one looking like a URL into a
# link. Text from a file must stay text (OWASP "CSV injection"), so every workbook we write uses these.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

# A cell starting with one of these is read by Excel, LibreOffice and Google Sheets as a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# ...unless it is only a number as we write it ourselves ("-3,0%", "+4,2%", "1.234,5"): no formula there.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.]*(,\d+)?\s?%?")


def is_number(value: object) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def csv_text(value: str) -> str:
    """A text cell for CSV: a single quote in front when a spreadsheet would read it as a formula
    (also after leading spaces, which Excel skips)."""
    if value.lstrip(" ").startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_number(value: float) -> str:
    """A number for Dutch Excel: whole numbers without decimals (170, not 170.0, whose point Dutch Excel
    reads as a thousands separator), others with a decimal comma and no thousands separator."""
    value = round(value, 6)              # no float noise (0,30000000000000004); no figure here has finer precision
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text:                      # 1e-05: spreadsheets want the digits written out
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def csv_cell(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):   # as the pages say it, not True/False
        return "ja" if value else "nee"
    if isinstance(value, Integral):
        return str(int(value))
    if is_number(value):
        return csv_number(float(value))
    if isinstance(value, pd.Timestamp):   # as the page shows it: Dutch time, to the minute (a date alone as a date)
        local = value.tz_convert("Europe/Amsterdam") if value.tzinfo is not None else value
        return local.strftime("%d-%m-%Y" if local == local.normalize() else "%d-%m-%Y %H:%M")
    return csv_text(str(value))


_EURO_LABEL = re.compile(r"€|\bEUR\b")   # "€ per jeugdige", "Realisatie (EUR)", "EUR per jeugdige"


def is_money_label(label: str) -> bool:
    """A column of euros by its label ("Realisatie (EUR)", "€ per jeugdige")."""
    return bool(_EURO_LABEL.search(label))


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the text a CSV file holds: numbers Dutch, formulas neutralised, blanks empty."""
    # A column of amounts (its label has €) in cents, as the page shows it; other numbers as they are.
    euros = {position for position, label in enumerate(frame.columns) if is_money_label(str(label))}
    columns = {position: [csv_cell(round(v, 2) if position in euros and is_number(v) else v)
                          for v in frame.iloc[:, position]] for position in range(frame.shape[1])}
    out = pd.DataFrame(columns, index=frame.index)
    out.columns = [csv_text(str(c)) for c in frame.columns]
    return out


# CommonMark lets any ASCII punctuation be escaped by a backslash. These are the ones that start markup in
# Streamlit's markdown: emphasis, code, links and images, raw HTML, LaTeX, :colour[] directives, icons and
# emoji (:name:), tables, strike-through and entities.
_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>$:|&!#])")
# At the start of a line: headings, lists, quotes, setext underlines.
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


# remark-gfm (Streamlit's markdown) links bare URLs and e-mail addresses even when every markup character is
# escaped: mdast-util-gfm-autolink-literal looks for "http://", "https://", "www." and "x@y.z" in the text
# after escapes are resolved. A word joiner (U+2060: invisible, no line break) right after "http", "www" or
# "@" breaks each of those patterns and the micromark tokenizer's too; the reader sees the same text.
WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp)(?=:)|www(?=\.)|@")


def md(text: object) -> str:
    """Text from a file, safe inside st.markdown/caption/title/metric labels: shown literally, on one line,
    and a URL or e-mail address in it is no link."""
    flat = _AUTOLINK_START.sub(lambda m: m.group(0) + WORD_JOINER, " ".join(str(text).split()))
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    # The backslash goes before the punctuation ("1\\." for a list number): before a digit it would show.
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)


def plotly_text(value: object) -> object:
    """A label, title or hover text for plotly, which renders a subset of HTML (<a href>, <b>, <br>...) in
    all of them: text from a file shown as text. Non-text values (years, numbers) pass unchanged."""
    return html.escape(value, quote=False) if isinstance(value, str) else value


def plotly_texts(values: object) -> list:
    return [plotly_text(v) for v in values]


def plotly_plain(text: object) -> str:
    """The plain text of a plotly label (for PowerPoint and slide titles): our own line breaks as spaces,
    entities back to the characters they stand for."""
    return html.unescape(str(text or "").replace("<br>", " "))


def html_text(value: object) -> str:
    """Text for our own HTML (the offline presentation)."""
    return html.escape("" if value is None else str(value))


# Characters XML 1.0 cannot hold (C0 controls but tab, newline and return; DEL; non-characters; lone surrogates).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """Text an Office file can hold: control characters, which a file can carry but nobody sees, left out (lxml
    refuses them, and one in a gemeente's name would stop the whole PowerPoint export)."""
    return _XML_INVALID.sub("", str(value))


# Browsers escape these three in the file name of a multipart upload (WHATWG HTML, "multipart/form-data encoding
# algorithm"), and Streamlit hands the name on as sent: 'Realisatie "voorlopig".xlsx' arrives as
# 'Realisatie %22voorlopig%22.xlsx'.
_FORM_ESCAPES = {"%22": '"', "%0A": " ", "%0D": " "}


def upload_name(name: str) -> str:
    """An uploaded file's name as the controller gave it: a double quote back, a line break a space."""
    for escaped, plain in _FORM_ESCAPES.items():
        name = name.replace(escaped, plain)
    return name
