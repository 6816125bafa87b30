"""Presentations: the charts a reader collected, stored as snapshots in DuckDB under a random token.

No Streamlit here: the page and the exports read the same `Dia` objects, and tests can build a
presentation with a plain connection. Every statement uses bound parameters; the token is never
part of the SQL text.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from jeugdhulp import db
from jeugdhulp.throttle import SlidingWindow

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_DIAS = 60
KEEP_DAYS = 365     # a presentation nobody added to for a year is removed at the next start
# Anyone may store slides without logging in, so storage is bounded. A map slide is about 400 kB of JSON;
# a full presentation of maps fits in MAX_BYTES_PER_PRESENTATIE, and all presentations together never
# take more than MAX_BYTES_TOTAAL of the database: when that is reached, new slides are refused.
MAX_BYTES_PER_DIA = 2_000_000
MAX_BYTES_PER_PRESENTATIE = 30_000_000
MAX_BYTES_TOTAAL = 500_000_000
MAX_DIAS_PER_MINUUT = 10     # per session; the app asks new_rate() before each add
# Per source (client address) across its sessions, since every new session starts a new presentation: one
# address cannot fill the shared storage on its own. A presenter's day is a few decks of about 30 slides.
MAX_DIAS_PER_DAG_PER_BRON = 200

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dia:
    """One slide: a chart as the reader saw it, with what a slide must say about it."""

    dia_id: int
    positie: int
    sleutel: str
    titel: str
    definitie: str
    bron: str
    voorbeeld: bool
    figuur_json: str
    tabel_json: str

    def figure(self) -> go.Figure:
        return pio.from_json(self.figuur_json, skip_invalid=True)

    def table(self) -> pd.DataFrame:
        return pd.read_json(io.StringIO(self.tabel_json), orient="split", dtype=False)


def new_token() -> str:
    return secrets.token_urlsafe(12)


def valid_token(token: object) -> bool:
    return isinstance(token, str) and bool(TOKEN_PATTERN.match(token))


def dias(con: duckdb.DuckDBPyConnection, token: str) -> list[Dia]:
    rows = con.execute(
        "SELECT dia_id, positie, sleutel, titel, definitie, bron, voorbeeld, figuur, tabel"
        " FROM presentatie_dia WHERE presentatie = ? ORDER BY positie", [token]).fetchall()
    return [Dia(*row) for row in rows]


def count(con: duckdb.DuckDBPyConnection, token: str) -> int:
    return con.execute("SELECT count(*) FROM presentatie_dia WHERE presentatie = ?", [token]).fetchone()[0]


def stored_bytes(con: duckdb.DuckDBPyConnection) -> int:
    """What all presentations together take: the bytes of their figures and tables."""
    return con.execute("SELECT coalesce(sum(strlen(figuur) + strlen(tabel)), 0) FROM presentatie_dia").fetchone()[0]


def new_source_rate(clock: Callable[[], float] = time.monotonic) -> SlidingWindow:
    """The limit on slides one source adds over all its sessions: MAX_DIAS_PER_DAG_PER_BRON a day."""
    return SlidingWindow(MAX_DIAS_PER_DAG_PER_BRON, 24 * 3600.0, clock)


def new_rate(clock: Callable[[], float] = time.monotonic) -> SlidingWindow:
    """The limit on slides one session adds: at most MAX_DIAS_PER_MINUUT in any minute."""
    return SlidingWindow(MAX_DIAS_PER_MINUUT, 60.0, clock)


def _size(n: int) -> str:
    return f"{n // 1_000_000} MB" if n >= 1_000_000 else f"{n // 1_000} kB"


def add(con: duckdb.DuckDBPyConnection, token: str, fig: go.Figure, table: pd.DataFrame, *, sleutel: str,
        titel: str, definitie: str, bron: str, voorbeeld: bool) -> int | None:
    """Append a slide; returns its position, or None when the same figure is already in the presentation.

    Raises ValueError, with the reason in Dutch, for a malformed token, a slide too large, a full
    presentation or full storage."""
    if not valid_token(token):
        raise ValueError("ongeldige presentatiecode")
    figuur = fig.to_json()
    tabel = table.to_json(orient="split", index=False, date_format="iso", force_ascii=False)
    # strlen counts bytes in DuckDB, as len(...encode()) does here.
    size = len(figuur.encode("utf-8")) + len(tabel.encode("utf-8"))
    if size > MAX_BYTES_PER_DIA:
        raise ValueError(f"deze grafiek is te groot voor een dia (hoogstens {_size(MAX_BYTES_PER_DIA)})")
    with db.transaction(con):
        # One scan for the duplicate check and all three bounds.
        duplicate, used, last_id, used_bytes, all_bytes = con.execute(
            "SELECT count(*) FILTER (WHERE presentatie = $t AND figuur = $f), count(*) FILTER (WHERE presentatie = $t),"
            " coalesce(max(dia_id) FILTER (WHERE presentatie = $t), 0),"
            " coalesce(sum(strlen(figuur) + strlen(tabel)) FILTER (WHERE presentatie = $t), 0),"
            " coalesce(sum(strlen(figuur) + strlen(tabel)), 0) FROM presentatie_dia",
            {"t": token, "f": figuur}).fetchone()
        if duplicate:
            return None
        if used >= MAX_DIAS:
            raise ValueError(f"een presentatie heeft hoogstens {MAX_DIAS} dia's")
        if used_bytes + size > MAX_BYTES_PER_PRESENTATIE:
            raise ValueError(f"deze presentatie is vol (hoogstens {_size(MAX_BYTES_PER_PRESENTATIE)}); "
                             "haal eerst dia's weg")
        if all_bytes + size > MAX_BYTES_TOTAAL:
            log.warning("presentation storage full (%d of %d bytes): slide refused", all_bytes, MAX_BYTES_TOTAAL)
            raise ValueError("de opslag voor presentaties is vol; probeer het later opnieuw")
        con.execute(
            "INSERT INTO presentatie_dia (presentatie, dia_id, positie, sleutel, titel, definitie, bron, voorbeeld,"
            " figuur, tabel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [token, last_id + 1, used + 1, sleutel, titel, definitie, bron, voorbeeld, figuur, tabel])
    return used + 1


MAX_TITEL = 120
MAX_ONDERTITEL = 160


def kop(con: duckdb.DuckDBPyConnection, token: str) -> tuple[str, str] | None:
    """The title and subtitle of the presentation's title slide, as last set; None when never set."""
    row = con.execute("SELECT titel, ondertitel FROM presentatie_kop WHERE presentatie = ?", [token]).fetchone()
    return None if row is None else (row[0], row[1])


def set_kop(con: duckdb.DuckDBPyConnection, token: str, titel: str, ondertitel: str) -> None:
    """Keep the title slide's words with the presentation (a shared link shows them too). Only for a presentation
    that has slides: storage is bounded by them (add). Longer texts are cut to what the page's fields allow."""
    if not valid_token(token):
        raise ValueError("ongeldige presentatiecode")
    with db.transaction(con):
        if not count(con, token):
            raise ValueError("deze presentatie heeft nog geen dia's")
        con.execute("INSERT OR REPLACE INTO presentatie_kop (presentatie, titel, ondertitel, gewijzigd)"
                    " VALUES (?, ?, ?, current_timestamp)", [token, titel[:MAX_TITEL], ondertitel[:MAX_ONDERTITEL]])


def move(con: duckdb.DuckDBPyConnection, token: str, dia_id: int, step: int) -> None:
    """Move a slide up (step -1) or down (+1), swapping places with its neighbour."""
    order = [d.dia_id for d in dias(con, token)]
    if dia_id not in order:
        return
    index = order.index(dia_id)
    target = index + step
    if not 0 <= target < len(order):
        return
    order[index], order[target] = order[target], order[index]
    with db.transaction(con):
        _positions(con, token, order)


def remove(con: duckdb.DuckDBPyConnection, token: str, dia_id: int) -> None:
    order = [d.dia_id for d in dias(con, token) if d.dia_id != dia_id]
    with db.transaction(con):
        con.execute("DELETE FROM presentatie_dia WHERE presentatie = ? AND dia_id = ?", [token, dia_id])
        _positions(con, token, order)


def clear(con: duckdb.DuckDBPyConnection, token: str) -> None:
    with db.transaction(con):
        con.execute("DELETE FROM presentatie_dia WHERE presentatie = ?", [token])
        con.execute("DELETE FROM presentatie_kop WHERE presentatie = ?", [token])


def prune(con: duckdb.DuckDBPyConnection, keep_days: int = KEEP_DAYS) -> int:
    """Remove presentations whose newest slide is older than `keep_days`; returns how many slides went."""
    old = con.execute(
        "SELECT presentatie FROM presentatie_dia GROUP BY presentatie"
        " HAVING max(toegevoegd) < current_timestamp - to_days(CAST(? AS INTEGER))", [keep_days]).fetchall()
    tokens = [row[0] for row in old]
    with db.transaction(con):
        removed = con.execute("SELECT count(*) FROM presentatie_dia WHERE list_contains(?, presentatie)",
                              [tokens]).fetchone()[0]
        con.execute("DELETE FROM presentatie_dia WHERE list_contains(?, presentatie)", [tokens])
        # A title without slides (all removed one by one) goes too.
        con.execute("DELETE FROM presentatie_kop WHERE presentatie NOT IN (SELECT presentatie FROM presentatie_dia)")
    return removed


def _positions(con: duckdb.DuckDBPyConnection, token: str, order: list[int]) -> None:
    if order:
        con.execute(
            "UPDATE presentatie_dia SET positie = p.positie FROM (SELECT unnest(?) AS dia_id,"
            " generate_subscripts(?, 1) AS positie) AS p"
            " WHERE presentatie_dia.presentatie = ? AND presentatie_dia.dia_id = p.dia_id",
            [order, order, token])

