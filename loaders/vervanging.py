"""What an import takes off the pages: the slices (regio, jaar) of earlier batches a file replaces, the example data
real figures replace, and the notes that say so. Every function runs inside the import's transaction (or the check's
read), on the connection it is given; loaders.importer calls them in that order: find, record, tell."""

from __future__ import annotations

import duckdb
import pandas as pd

# Facts whose replacement can hide single (regio, jaar) slices; other kinds are replaced whole.
_SLICE_SQL = {
    "uitgaven": "SELECT DISTINCT regio_code, jaar FROM uitgaven WHERE batch_id = ?",
    "volumes": "SELECT DISTINCT regio_code, jaar FROM volumes WHERE batch_id = ?",
    "trajecten": "SELECT DISTINCT regio_code, year(startdatum) FROM trajecten WHERE batch_id = ?",
    "gemeenten": "SELECT DISTINCT g.regio_code, p.jaar FROM gemeente_jaar AS p JOIN gemeente AS g USING (gemeente_code)"
                 " WHERE p.batch_id = ?",
}
# Real figures of a kind take the example data of these kinds off the pages: counts of youths come from
# volumes or from trajecten, so real ones of either replace the example trajecten (which also carry the
# waits and stays: fictitious waits beside real counts would be one page mixing both).
_EXAMPLE_FAMILY = {
    "uitgaven": ("uitgaven",),
    "volumes": ("volumes", "trajecten"),
    "trajecten": ("volumes", "trajecten"),
    "gemeenten": ("gemeenten",),
}
_FAMILY_NAMES = {"uitgaven": "uitgaven", "volumes": "aantallen, wachttijden en verblijfsduur",
                 "trajecten": "aantallen, wachttijden en verblijfsduur", "gemeenten": "inwoners en jeugdigen 0-17"}


def _frame_slices(kind: str, frame: pd.DataFrame) -> set[tuple[str, int]]:
    if kind == "gemeenten":
        with_population = frame[frame["jaar"].notna()] if "jaar" in frame else frame.iloc[0:0]
        return {(str(r), int(y)) for r, y in with_population[["regio", "jaar"]].itertuples(index=False, name=None)}
    if kind not in _SLICE_SQL:
        return {(str(r), 0) for r in frame.get("regio_code", pd.Series(dtype="object")).dropna().unique()}
    years = frame["startdatum"].dt.year if kind == "trajecten" else frame["jaar"]
    pairs = pd.DataFrame({"r": frame["regio_code"], "y": years}).dropna().drop_duplicates()
    return {(str(r), int(y)) for r, y in pairs.itertuples(index=False, name=None)}


def _batch_slices(con: duckdb.DuckDBPyConnection, kind: str, batch_id: int, regions: list[str]) -> set[tuple[str, int]]:
    if kind in _SLICE_SQL:
        return {(str(r), int(y)) for r, y in con.execute(_SLICE_SQL[kind], [batch_id]).fetchall()}
    return {(str(r), 0) for (r,) in con.execute(
        "SELECT DISTINCT regio_code FROM batch WHERE batch_id = ? AND regio_code IS NOT NULL", [batch_id]
    ).fetchall()} or {(r, 0) for r in regions}


def _active_batches(con: duckdb.DuckDBPyConnection, kinds: tuple[str, ...], regions: list[str],
                    only_example: bool) -> list[tuple[int, str]]:
    return con.execute(
        "SELECT batch_id, kind FROM batch WHERE list_contains(?::VARCHAR[], kind) AND status = 'actief'"
        " AND (voorbeeld OR NOT ?) AND (regio_code IS NULL OR list_contains(?::VARCHAR[], regio_code))"
        " ORDER BY batch_id",
        [list(kinds), only_example, regions],
    ).fetchall()


def overlapping_slices(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame,
                        exclude: list[int]) -> list[tuple[int, str, int, bool]]:
    """(old batch, regio, jaar, whole batch covered) for every active batch of the kind the file overlaps
    (batches created in this import excluded)."""
    new = _frame_slices(kind, frame)
    regions = sorted({r for r, _ in new})
    found = []
    for batch_id, _ in _active_batches(con, (kind,), regions, only_example=False):
        if batch_id in exclude:
            continue
        old = _batch_slices(con, kind, batch_id, regions)
        overlap = old & new
        found.extend((batch_id, r, y, old <= new) for r, y in sorted(overlap))
    return found


def example_slices(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame,
                    exclude: list[int]) -> list[tuple[int, str, int, bool]]:
    """(example batch, regio, jaar, whole batch covered) for every year of the example data of the kind's
    family in the regions the file covers: real figures replace a region's fictitious ones in all years."""
    family = _EXAMPLE_FAMILY.get(kind)
    regions = sorted({r for r, _ in _frame_slices(kind, frame)})
    if family is None or not regions:
        return []
    found = []
    for batch_id, old_kind in _active_batches(con, family, regions, only_example=True):
        if batch_id in exclude:
            continue
        old = _batch_slices(con, old_kind, batch_id, regions)
        covered = {(r, y) for r, y in old if r in regions}
        # Never 'whole': the example batch stays active and only its slices are hidden, so a later real file
        # records its own slices too, and undoing either file shows only what no other real file hides.
        found.extend((batch_id, r, y, False) for r, y in sorted(covered))
    return found


def cbs_replaced(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, voorbeeld: bool, exclude: list[int]
                  ) -> tuple[list[tuple[int, str, int, bool]], list[tuple[int, str, int, bool]]]:
    """(replaced, of which example) batches of a CBS table: a new fetch or upload of a table replaces its earlier
    batch whole; real CBS figures also replace every fictitious CBS batch, of all tables (already hidden ones too,
    so undoing one real table keeps them hidden while another real one is active)."""
    tabel = str(frame["tabel"].iloc[0])
    rows = con.execute(
        "SELECT DISTINCT b.batch_id, b.voorbeeld FROM batch AS b JOIN cbs_cijfer AS c USING (batch_id)"
        " WHERE NOT list_contains($exclude, b.batch_id) AND ((b.status = 'actief' AND c.tabel = $tabel)"
        " OR (NOT $voorbeeld AND b.voorbeeld AND b.status IN ('actief', 'vervangen')))",
        {"exclude": exclude, "tabel": tabel, "voorbeeld": voorbeeld}).fetchall()
    slices = [(int(b), "NL", 0, True) for b, _ in sorted(rows)]
    example = [(int(b), "NL", 0, True) for b, is_example in sorted(rows) if is_example and not voorbeeld]
    return slices, example


def cbs_replaced_note(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, batches: list[int]) -> str:
    """What a new CBS table takes off the pages: the earlier batch whole, so also years this one does not have."""
    old = {y for (y,) in con.execute("SELECT DISTINCT jaar FROM cbs_cijfer WHERE list_contains($b, batch_id)",
                                     {"b": batches}).fetchall()}
    lost = sorted(old - {int(y) for y in frame["jaar"].unique()})
    note = f"CBS-tabel {frame['tabel'].iloc[0]}: vervangt inleesronde {', '.join(map(str, batches))}"
    if lost:
        note += (f"; de jaren {', '.join(map(str, lost))} staan niet in dit bestand en zijn daarna niet meer te zien "
                 "(ongedaan maken brengt ze terug)")
    return note + "."


def touches_trajecten(con: duckdb.DuckDBPyConnection, slices: list[tuple[int, str, int, bool]]) -> bool:
    """Whether the replaced slices include trajecten (then the marts, built from them, must be rebuilt)."""
    batches = sorted({s[0] for s in slices})
    return bool(batches) and con.execute(
        "SELECT count(*) FROM batch WHERE kind = 'trajecten' AND list_contains(?::INTEGER[], batch_id)", [batches]
    ).fetchone()[0] > 0


def not_yet_hidden(con: duckdb.DuckDBPyConnection, slices: list[tuple[int, str, int, bool]],
                    batch_id: int) -> list[tuple[int, str, int, bool]]:
    """The example slices that no other batch already hid (a second real file hides them too, silently): an active one,
    or one this file replaces (a replacement takes over what the file it replaces hid)."""
    hidden = set(con.execute(
        "SELECT v.oud_batch_id, v.regio_code, v.jaar FROM vervanging AS v JOIN batch AS b ON b.batch_id = v.nieuw_batch_id"
        " WHERE v.nieuw_batch_id <> $batch AND (b.status = 'actief' OR b.batch_id IN"
        "   (SELECT oud_batch_id FROM vervanging WHERE nieuw_batch_id = $batch))", {"batch": batch_id}).fetchall())
    return [s for s in slices if (s[0], s[1], s[2]) not in hidden]


def example_note(con: duckdb.DuckDBPyConnection, sheet: str, kind: str,
                  slices: list[tuple[int, str, int, bool]], coming: bool = False) -> str:
    """What a real file does to the example data of its regions: said by the import, and (`coming`) by the check."""
    names = dict(con.execute("SELECT regio_code, naam FROM regio").fetchall())
    regions = ", ".join(names.get(r, r) for r in sorted({s[1] for s in slices}))
    if coming:
        return (f"Blad '{sheet}': bij inlezen gaat de voorbeelddata ({_FAMILY_NAMES[kind]}) van {regions} uit alle "
                "jaren van de pagina's, ook waar dit bestand geen cijfers heeft, zodat echte en fictieve cijfers nooit "
                "door elkaar staan. Ongedaan maken van het bestand brengt ze terug.")
    return (f"Blad '{sheet}': de voorbeelddata ({_FAMILY_NAMES[kind]}) van {regions} is uit alle jaren weggehaald, "
            "zodat echte en fictieve cijfers nooit door elkaar staan. Ongedaan maken van dit bestand brengt ze terug.")


def replaced_note(con: duckdb.DuckDBPyConnection, sheet: str, slices: list[tuple[int, str, int, bool]]) -> str:
    """What a replacing file took off the pages: per earlier batch, its region and years (all of its rows there,
    not only the keys this file has)."""
    names = dict(con.execute("SELECT regio_code, naam FROM regio").fetchall())
    parts = []
    for batch in sorted({s[0] for s in slices}):
        mine = [s for s in slices if s[0] == batch]
        years = sorted({s[2] for s in mine})
        regions = ", ".join(names.get(r, r) for r in sorted({s[1] for s in mine}))
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        parts.append(f"inleesronde {batch} ({regions}, {span})")
    return (f"Blad '{sheet}': vervangen, dus niet meer op de pagina's: alle cijfers van deze soort uit "
            f"{'; '.join(parts)}, ook die dit bestand niet noemt. Ongedaan maken van dit bestand brengt ze terug.")


def record_replacement(con: duckdb.DuckDBPyConnection, kind: str, batch_id: int,
                        slices: list[tuple[int, str, int, bool]]) -> None:
    if slices:
        con.execute("UPDATE batch SET vervangt = ? WHERE batch_id = ?", [slices[0][0], batch_id])
    for old_batch, regio, jaar, whole in slices:
        con.execute("INSERT INTO vervanging VALUES (?, ?, ?, ?)", [batch_id, old_batch, regio, jaar])
        if whole or kind not in _SLICE_SQL:
            con.execute("UPDATE batch SET status = 'vervangen' WHERE batch_id = ? AND status = 'actief'", [old_batch])
