"""The DuckDB database: opening it, migrating its schema, and rebuilding views and marts.

Migrations in sql/migrations/NNNN_*.sql run once each, in order, and are recorded in
schema_versie; views (sql/views) are recreated on every start; marts (sql/marts) are refreshed
inside each import transaction, for the gemeenten the import touches (refresh_marts).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent / "sql"
PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "data" / "jeugdhulp.duckdb"

def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--db PATH wins, then $JEUGDHULP_DB, then data/jeugdhulp.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("JEUGDHULP_DB")
    return Path(env) if env else DEFAULT_DB


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        match = re.match(r"(\d{4})_(.+)\.sql$", path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_versie'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(versie), 0) FROM schema_versie").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[int]:
    """Apply pending migrations (each in its own transaction); return the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_versie ("
        " versie INTEGER PRIMARY KEY, naam VARCHAR NOT NULL,"
        " toegepast_op TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    current = schema_version(con)
    applied = []
    for version, name, path in migrations():
        if version <= current or (up_to is not None and version > up_to):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_versie (versie, naam) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    if up_to is None or up_to >= max(v for v, _, _ in migrations()):
        create_views(con)
        if any(v in applied for v in (2, 4, 7)) and current >= 1:
            # A database from before (some of) the marts existed: fill them from its trajecten.
            with transaction(con):
                refresh_marts(con)
        if 9 in applied:
            with transaction(con):
                refresh_uitgaven(con)   # spend as a table (migration 9): filled from the spend already there
    return applied


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view; a view whose dependency is not there yet is retried after the others."""
    pending = {p.stem: p.read_text(encoding="utf-8") for p in sorted((SQL_DIR / "views").glob("*.sql"))}
    while pending:
        failed: dict[str, str] = {}
        last_error: Exception | None = None
        for name, sql in pending.items():
            try:
                con.execute(sql)
            except duckdb.CatalogException as exc:
                failed[name], last_error = sql, exc
        if len(failed) == len(pending):
            raise RuntimeError(f"views cannot be created: {', '.join(failed)}") from last_error
        pending = failed


def refresh_uitgaven(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild mart_uitgaven_gemeente_jaar from the active spend (sql/refresh); call inside the transaction of every
    write that can change it: an import of any kind (it can replace or hide spend) and an undo. Whole: it is small."""
    con.execute((SQL_DIR / "refresh" / "mart_uitgaven_gemeente_jaar.sql").read_text(encoding="utf-8"))


MART_ORDER = ("tmp_traject_jaar", "tmp_cel_jeugdige", "tmp_jeugdige_jaar", "mart_trajecten_segment_jaar",
              "mart_jeugdigen_gemeente_jaar", "mart_kpi_gemeente_jaar", "mart_aanbieder_jaar",
              "mart_verblijfsduur_dag", "mart_wachttijd_dag")
# The temporary tables the files of MART_ORDER make (in the order to drop them), and the scope.
TEMPORARY_TABLES = ("tmp_jeugdige_jaar", "tmp_cel_verborgen", "tmp_cel_jeugdige", "tmp_traject_jaar", "mart_scope")
# The year open trajectories run to: the last year in all the data (sql/marts/tmp_traject_jaar.sql).
_PEIL_SQL = ("SELECT year(greatest(max(startdatum), coalesce(max(einddatum), max(startdatum)))) FROM stg_trajecten")


def refresh_marts(con: duckdb.DuckDBPyConnection, regions: list[str] | None = None) -> None:
    """Refresh the materialised aggregates of trajecten; call inside the import's transaction.

    `regions`: only the gemeenten of these regions changed (an import or undo knows which regions its rows
    and the slices it hides or shows lie in); their mart rows are rebuilt and the others kept. None, or a
    change of the last year in the data (open trajectories of every gemeente run to it), rebuilds all.

    The convention every file in sql/marts follows (a new mart must too): refresh_marts first fills the
    temporary table mart_scope(gemeente_code) with the gemeenten to rebuild (all of them for a full
    rebuild); a mart file deletes only its rows of those gemeenten,
        DELETE FROM mart_x WHERE gemeente_code IN (SELECT gemeente_code FROM mart_scope);
    and reads either tmp_traject_jaar (already limited to them) or stg_trajecten with the same filter. A
    mart must be a function of each gemeente's own rows (every mart is grouped by gemeente_code); a file
    whose rows are not per gemeente must say DELETE FROM mart_x (no WHERE) and read everything, and
    then refresh_marts is only correct when called with regions=None for it (add it to _WHOLE_ONLY)."""
    if regions is not None and _WHOLE_ONLY:
        regions = None
    if regions is not None:
        before = con.execute("SELECT max(jaar) FROM mart_trajecten_segment_jaar").fetchone()[0]
        after = con.execute(_PEIL_SQL).fetchone()[0]
        if before is None or after is None or before != after:
            regions = None
    con.execute("CREATE OR REPLACE TEMP TABLE mart_scope AS SELECT gemeente_code FROM gemeente"
                " WHERE $regions IS NULL OR list_contains($regions, regio_code)",
                {"regions": None if regions is None else sorted(set(regions))})
    try:
        for name in MART_ORDER:
            con.execute((SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8"))
    finally:
        for temporary in TEMPORARY_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {temporary}")


# Marts that cannot be refreshed per gemeente (none today): any of them makes every refresh a full one.
_WHOLE_ONLY: tuple[str, ...] = ()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, frames: dict[str, object]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Data frames readable by name in SQL for the duration of the block."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield con
    finally:
        for name in frames:
            con.unregister(name)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def connect(path: str | os.PathLike[str] | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate the database at `path`."""
    target = database_path(path)
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target), read_only=read_only)
    if not read_only:
        migrate(con)
    return con
