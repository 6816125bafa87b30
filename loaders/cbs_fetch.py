"""`python -m loaders cbs`: fetch the CBS tables through cbsodata, then load them in one transaction. A table that
cannot be fetched (no connection, an HTTP error, no JSON) loads none of them and says so in one Dutch line."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import duckdb

from jeugdhulp import fmt
from loaders import cbs
from loaders.importer import FileReport, import_cbs
from loaders.reference import Reference

NO_CONNECTION = ("Geen verbinding met CBS StatLine (opendata.cbs.nl); er is niets ingelezen. Controleer de "
                 "internetverbinding, of download de tabellen op StatLine als CSV en lees ze in.")


def _plain(text: str) -> str:
    """An error text from the network, safe in a terminal: control characters become '?'."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", text)[:200]


def fetch_and_load(con: duckdb.DuckDBPyConnection, codes: list[str], client: cbs.Client, timeout: float,
                   print_report: Callable[[FileReport], None]) -> int:
    """0 when loaded (or unchanged since the last fetch), 1 when refused or not fetched (nothing changed)."""
    import requests  # noqa: PLC0415 - a dependency of cbsodata, needed only here

    ref = Reference.from_db(con)
    fetched = fmt.date_nl(datetime.now(UTC))
    parts = []
    for code in codes:
        tabel = cbs.TABELLEN[code]
        try:
            parsed = cbs.from_odata(tabel, client, ref, timeout=timeout)
        except (requests.ConnectionError, requests.Timeout):
            print(NO_CONNECTION, file=sys.stderr)
            return 1
        except (requests.RequestException, ValueError) as exc:   # HTTP error (unknown table) or no JSON
            print(f"CBS StatLine gaf geen bruikbaar antwoord voor tabel {code} ({_plain(str(exc))}); "
                  "er is niets ingelezen.", file=sys.stderr)
            return 1
        parts.append((tabel, parsed, cbs.source_line(tabel, fetched)))
    report = import_cbs(con, parts)
    if [p.code for p in report.problems] == ["al-geladen"]:
        print(f"De CBS-cijfers zijn niet veranderd sinds inleesronde {report.problems[0].value}; er is niets ingelezen.")
        return 0
    print_report(report)
    return 0 if report.ok else 1
