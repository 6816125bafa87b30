"""A region's segment list: the standard one (one segment per vorm) for a region that has none of its own, and a
controller's own list loaded as the kind `segmenten`.

The lists in data/referentie/segmenten.csv (ZHZ, GRJR, MIJOV) come from the seed documents. Every other region
starts with the standard list, so its figures load by vorm or by iJw product code without a code change. When a
controller loads the region's own list, the standard segments no figure uses yet make way for it; undoing that
upload removes its segments again (refused while figures still use them) and brings the standard list back when
the region has nothing else left.
"""

from __future__ import annotations

import csv

import duckdb
import pandas as pd

from jeugdhulp import db
from loaders import ijw
from loaders.problems import Problem
from loaders.reference import REFERENCE_DIR, STANDARD_STRUCTURE

STANDARD_SOURCE = "standaardindeling van het dashboard: één segment per vorm van zorg"
STANDARD_NOTE = ("Deze regio heeft (nog) geen eigen segmenten in het dashboard; de cijfers staan per vorm van zorg. "
                 "Een controller kan de eigen segmentenlijst van de regio inlezen.")
UPLOADED_STRUCTURE = "eigen lijst (ingelezen)"
# Vormen that count for the residential reduction target unless a list says otherwise (DESIGN: residentieel,
# gesloten; crisis only with a stay, which is a trajectory's verblijf, not its segment).
RESIDENTIAL_VORMEN = frozenset({"residentieel", "gesloten"})
# Where standard segments still in use go when a region loads its own list: behind its own segments.
_BEHIND = 1000
# Tables whose active rows use a region's segments.
_USERS = ("uitgaven", "volumes", "trajecten", "kpi_waarde", "doel")


class UndoRefused(Exception):
    """An undo that would leave figures without their segment; the message says so in Dutch."""


def _read_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def standard_aliases() -> dict[str, list[str]]:
    """Names a standard segment is also known by in an export: the iJw categories whose first vorm it is, by code
    ("45") and by description ("Jeugdhulp ambulant"; the 2015 ones without their "(2015) " prefix)."""
    found: dict[str, list[str]] = {}
    for row in _read_csv("jz020_productcategorie.csv"):
        vormen = ijw.CATEGORIE_VORM.get(row["productcategorie"])
        if vormen:
            names = [row["productcategorie"]]
            if not row["omschrijving"].startswith("Overige categorie"):
                names.append(row["omschrijving"].removeprefix("(2015) "))
            found.setdefault(vormen[0], []).extend(names)
    return found


def add_standard(con: duckdb.DuckDBPyConnection, regions: list[str]) -> None:
    """Give each of `regions` that has no segment at all the standard list (inside the caller's transaction)."""
    aliases = pd.DataFrame([(vorm, "|".join(names)) for vorm, names in standard_aliases().items()],
                           columns=["vorm", "aliassen"])
    with db.registered(con, {"standaard_aliassen": aliases}):
        _insert_standard(con, regions)


def _insert_standard(con: duckdb.DuckDBPyConnection, regions: list[str]) -> None:
    con.execute(
        "INSERT INTO segment (regio_code, segment_code, naam, vorm, residentieel, structuur, volgorde, aliassen,"
        " toelichting, bron)"
        " SELECT r.regio_code, v.vorm, v.naam, v.vorm, list_contains($residential, v.vorm), $structure, v.volgorde,"
        "  a.aliassen, $note, $source"
        " FROM regio AS r CROSS JOIN vorm AS v LEFT JOIN standaard_aliassen AS a USING (vorm)"
        " WHERE list_contains($regions, r.regio_code)"
        "  AND NOT EXISTS (SELECT 1 FROM segment AS s WHERE s.regio_code = r.regio_code)"
        " ORDER BY r.regio_code, v.volgorde",
        {"residential": sorted(RESIDENTIAL_VORMEN), "structure": STANDARD_STRUCTURE, "note": STANDARD_NOTE,
         "source": STANDARD_SOURCE, "regions": list(regions)},
    )


def _users(con: duckdb.DuckDBPyConnection, regio: str) -> dict[str, set[int]]:
    """Segment codes of `regio` -> the batches whose rows use them: active ones, and replaced ones (a replaced
    batch comes back when its replacement is undone)."""
    union = " UNION ".join(
        f"SELECT DISTINCT t.segment_code, t.batch_id FROM {table} AS t JOIN batch AS b USING (batch_id)"  # noqa: S608
        " WHERE b.status <> 'ongedaan' AND t.regio_code = $regio AND t.segment_code IS NOT NULL" for table in _USERS)
    found: dict[str, set[int]] = {}
    for code, batch in con.execute(union, {"regio": regio}).fetchall():
        found.setdefault(code, set()).add(batch)
    return found


def _used(con: duckdb.DuckDBPyConnection, regio: str) -> set[str]:
    return set(_users(con, regio))


def conflicts(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, sheet: str) -> list[Problem]:
    """A segment the region already has under the same code, changed (another name or vorm): refused. Read-only,
    so a check (Controleren) reports it as the import would."""
    problems = []
    rows = zip(frame["_rij"], frame["regio_code"], frame["segment_code"], frame["naam"], frame["vorm"], strict=True)
    for excel_row, regio, code, naam, vorm in rows:
        known = con.execute("SELECT naam, vorm FROM segment WHERE regio_code = ? AND segment_code = ?",
                            [regio, code]).fetchall()
        if known and (known[0][0] != naam or known[0][1] != vorm):
            problems.append(Problem("segment-bestaat", sheet=sheet, row=int(excel_row), column="code",
                                    value=str(code), limit=f"{known[0][0]} ({known[0][1]})"))
    return problems


def prepare(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, sheet: str, notes: list[str]) -> pd.DataFrame:
    """Make room for a list's rows (inside the import's transaction): standard segments no figure uses leave its
    regions, those still in use move behind the region's own ones (and the notes say so); the rows get the places
    after the region's segments (a segment's place is unique in its region: the pages key on it). Returns the
    rows still to insert: a segment the region has already, unchanged, is simply known."""
    frame = frame.copy()
    for regio in frame["regio_code"].dropna().unique():
        used = _used(con, regio)
        con.execute("DELETE FROM segment WHERE regio_code = $regio AND structuur = $standard"
                    " AND NOT list_contains($used, segment_code)",
                    {"regio": regio, "standard": STANDARD_STRUCTURE, "used": sorted(used)})
        kept = [naam for (naam,) in con.execute(
            "SELECT naam FROM segment WHERE regio_code = $regio AND structuur = $standard ORDER BY volgorde",
            {"regio": regio, "standard": STANDARD_STRUCTURE}).fetchall()]
        if kept:
            con.execute("UPDATE segment SET volgorde = volgorde + $behind WHERE regio_code = $regio"
                        " AND structuur = $standard AND volgorde < $behind",
                        {"regio": regio, "standard": STANDARD_STRUCTURE, "behind": _BEHIND})
            notes.append(f"De standaardsegmenten {', '.join(kept)} van {regio} blijven naast de eigen segmenten "
                         "bestaan: er staan al cijfers op. Wilt u die cijfers op de eigen segmenten, maak dan die "
                         "inleesrondes ongedaan en lees ze opnieuw in.")
    fresh = ~known(con, frame)
    frame = frame[fresh]
    last = {regio: con.execute("SELECT coalesce(max(volgorde), 0) FROM segment WHERE regio_code = ?"
                               " AND volgorde < ?", [regio, _BEHIND]).fetchall()[0][0]
            for regio in frame["regio_code"].dropna().unique()}
    frame["volgorde"] = frame["regio_code"].map(last) + frame.groupby("regio_code").cumcount() + 1
    return frame


def known(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.Series:
    """Rows whose segment the region has already, unchanged: not inserted again."""
    existing = {(r, c) for r, c in con.execute("SELECT regio_code, segment_code FROM segment").fetchall()}
    return pd.Series([(r, c) in existing for r, c in zip(frame["regio_code"], frame["segment_code"], strict=True)],
                     index=frame.index, dtype=bool)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Remove the segments of an undone list (inside the undo's transaction); UndoRefused while figures use them."""
    rows = con.execute("SELECT regio_code, segment_code, naam FROM segment WHERE batch_id = ?", [batch_id]).fetchall()
    for regio in sorted({r for r, _, _ in rows}):
        users = _users(con, regio)
        names = [naam for r, code, naam in rows if r == regio and code in users]
        batches = sorted({b for r, code, _ in rows if r == regio for b in users.get(code, ())})
        if names:
            raise UndoRefused(
                f"De segmenten van deze inleesronde worden nog gebruikt door cijfers ({', '.join(names[:5])}"
                f"{' en meer' if len(names) > 5 else ''}): inleesronde {', '.join(map(str, batches))}. Maak die "
                "eerst ongedaan.")
    con.execute("DELETE FROM segment WHERE batch_id = ?", [batch_id])
    add_standard(con, sorted({r for r, _, _ in rows}))
