"""A fresh benchmark database: the real schema, reference data, gemeenten, example population and spend,
the sources' figures and KPIs, the consultation points and the default targets (through the importer), then
the synthetic trajecten in one bulk insert and the mart refresh, timed (in total and per mart)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jeugdhulp import db
from loaders import example
from loaders.defaults import REFERENCE_DIR, SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file
from loaders.reference import Reference

BENCH_KEY = b"bench-pseudonym-key"   # never the real key file: nothing here is pseudonymised again
BENCH_USER = "bench"
BENCH_SOURCE = "benchmark: synthetische trajecten (fictief)"
_TRAJECT_COLUMNS = ("client_key", "gemeente_code", "regio_code", "segment_code", "productcategorie", "aanmelddatum",
                    "startdatum", "einddatum", "aanbieder", "verblijf", "bedrag_eur")


@dataclass
class Timings:
    setup_s: float = 0.0          # schema, reference data, gemeenten, population, spend, source figures
    insert_s: float = 0.0         # the trajecten bulk insert (one batch row)
    refresh_marts_s: float = 0.0  # jeugdhulp.db.refresh_marts inside a transaction, as the importer runs it
    mart_rows: int = 0            # rows in all marts together
    file_mb: float = 0.0
    # Per statement of refresh_marts (in its order): the mart (or tmp table) -> (seconds, rows after it).
    marts: dict[str, tuple[float, int]] = field(default_factory=dict)


class _TimedConnection:
    """Passed to jeugdhulp.db.refresh_marts instead of the connection: times each statement it executes,
    named after the sql/marts file it comes from, so the per-mart cost is measured in the one real refresh."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._names = {(db.SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8"): name for name in db.MART_ORDER}
        self.seconds: dict[str, float] = {}

    def execute(self, sql: str, *args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        name = self._names.get(sql) or " ".join(sql.split()).rstrip(";")[:60]
        started = time.perf_counter()
        result = self._con.execute(sql, *args, **kwargs)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        return result

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def _import(con: duckdb.DuckDBPyConnection, name: str, data: bytes, kind: str, voorbeeld: bool,
            ref: Reference | None = None) -> None:
    report = import_file(con, InputFile(name, data, kind), user=BENCH_USER, bron=f"benchmark: {name}",
                         voorbeeld=voorbeeld, key=BENCH_KEY, ref=ref)
    if not report.ok:
        raise RuntimeError(f"{name}: " + "; ".join(p.message for p in report.problems[:5]))


def create(path: Path) -> duckdb.DuckDBPyConnection:
    """Schema, reference data and everything except trajecten, as the default loader would load them."""
    con = db.connect(path)
    load_reference(con)
    _import(con, "gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten", False)
    _import(con, "figures_grjr.csv", (SOURCES_DIR / "figures_grjr.csv").read_bytes(), "broncijfers", False)
    for name in ("kpis_grjr.csv", "kpis_mijov.csv"):          # the Doelen page's 'Stuurvariabelen'
        _import(con, name, (SOURCES_DIR / name).read_bytes(), "bronkpi", False)
    # The councils' points: the 'Wat zeiden de raden hierover?' panel of the spend and KPI pages.
    for name in ("consultation_zhz.csv", "consultation_mijov.csv", "consultation_adviesraden_mijov.csv",
                 "consultation_grjr.csv"):
        _import(con, name, (SOURCES_DIR / name).read_bytes(), "consultatie", False)
    # The default targets (GRJR: residential care -30% and foster care +30% by 2025, crisis within 1 day),
    # as loaders.defaults loads them: the Doelen page's target and the Wachttijden page's norm.
    _import(con, "doelen_standaard.csv", (REFERENCE_DIR / "doelen_standaard.csv").read_bytes(), "doelen", False)
    ref = Reference.from_db(con)
    gemeenten = con.execute(
        "SELECT g.gemeente_code AS code, g.naam, r.naam AS regio, g.regio_code FROM gemeente g"
        " JOIN regio r USING (regio_code) WHERE list_contains($regions, g.regio_code) ORDER BY g.gemeente_code",
        {"regions": list(example.REGIONS)},   # the example's regions, as loaders.defaults.load_example
    ).df()
    pop = example.population(gemeenten)
    gemeente_regio = dict(zip(gemeenten["code"], gemeenten["regio_code"], strict=True))
    _import(con, "voorbeeld_gemeenten.csv", example.to_csv_bytes(pop), "gemeenten", True, ref)
    _import(con, "voorbeeld_uitgaven.csv", example.to_csv_bytes(example.spend(pop, gemeente_regio)), "uitgaven",
            True, ref)
    return con


def insert_trajecten(con: duckdb.DuckDBPyConnection, table: pa.Table) -> int:
    """All rows in one INSERT ... SELECT from the registered Arrow table, under one batch row."""
    column_list = ", ".join(_TRAJECT_COLUMNS)
    with db.transaction(con):
        # Numbered as loaders.importer numbers batches (max + 1), with the totals it records.
        batch_id = con.execute(
            "INSERT INTO batch (batch_id, kind, bestand, sha256, bron, voorbeeld, regio_code, jaren, rijen, gebruiker)"
            " VALUES ((SELECT coalesce(max(batch_id), 0) + 1 FROM batch), 'trajecten', ?, ?, ?, true, NULL,"
            " '2017-2025', ?, ?) RETURNING batch_id",
            [f"bench_trajecten_{table.num_rows}.arrow", f"bench-{table.num_rows}", BENCH_SOURCE, table.num_rows,
             BENCH_USER],
        ).fetchone()[0]
        totals = {"rijen": float(table.num_rows), "bedrag_eur": float(pc.sum(table["bedrag_eur"]).as_py() or 0.0)}
        for measure, total in totals.items():
            con.execute("INSERT INTO batch_totaal VALUES (?, ?, ?)", [batch_id, measure, total])
        con.register("_bench_trajecten", table)
        try:
            con.execute(f"INSERT INTO trajecten (batch_id, {column_list})"
                        f" SELECT $batch_id, {column_list} FROM _bench_trajecten", {"batch_id": batch_id})
        finally:
            con.unregister("_bench_trajecten")
    return batch_id


def build(path: Path, table: pa.Table) -> tuple[duckdb.DuckDBPyConnection, Timings]:
    timings = Timings()
    started = time.perf_counter()
    con = create(path)
    timings.setup_s = time.perf_counter() - started

    started = time.perf_counter()
    insert_trajecten(con, table)
    timings.insert_s = time.perf_counter() - started

    timed = _TimedConnection(con)
    started = time.perf_counter()
    with db.transaction(con):
        db.refresh_marts(timed)
    timings.refresh_marts_s = time.perf_counter() - started

    con.execute("CHECKPOINT")
    for name, seconds in timed.seconds.items():
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] if name.startswith("mart_") else 0
        timings.marts[name] = (seconds, rows)
    timings.mart_rows = sum(rows for _, rows in timings.marts.values())
    timings.file_mb = path.stat().st_size / 1e6
    return con, timings


@dataclass
class RawData:
    """What a page would need without marts: the raw tables as pandas frames, held in memory."""

    trajecten: pd.DataFrame
    uitgaven: pd.DataFrame
    bevolking: pd.DataFrame
    gemeente: pd.DataFrame
    segment: pd.DataFrame
    bron_cijfer: pd.DataFrame
    doel: pd.DataFrame
    bron_kpi: pd.DataFrame
    kpi_waarde: pd.DataFrame
    consultatie: pd.DataFrame
    batch: pd.DataFrame


def raw_data(con: duckdb.DuckDBPyConnection, table: pa.Table) -> RawData:
    """The small tables read back from the database; the trajecten frame straight from the generated table
    (the same rows as inserted: codes as categoricals, dates as datetime64, client keys as strings)."""
    active = "JOIN batch USING (batch_id) WHERE batch.status = 'actief'"
    return RawData(
        trajecten=table.to_pandas(date_as_object=False),
        # The spend rows that count (active, not replaced): the staging view, not an aggregate.
        uitgaven=con.execute(
            "SELECT gemeente_code, regio_code, segment_code, jaar, soort, bedrag_eur::DOUBLE AS bedrag_eur"
            " FROM stg_uitgaven").df(),
        bevolking=con.execute("SELECT f.gemeente_code, f.jaar, f.jeugdigen_0_17, f.batch_id"
                              f" FROM gemeente_jaar AS f {active}").df(),
        gemeente=con.execute("SELECT gemeente_code, naam, regio_code, inkoopmodel FROM gemeente").df(),
        segment=con.execute("SELECT regio_code, segment_code, naam, vorm, residentieel, volgorde FROM segment").df(),
        bron_cijfer=con.execute(
            "SELECT f.regio_code, f.jaar, f.maat, f.soort, f.waarde, f.onzeker, f.onderdeel, f.document, f.regel"
            f" FROM bron_cijfer AS f {active}").df(),
        doel=con.execute("SELECT f.kpi, f.basisjaar, f.doeljaar, f.doelwaarde, f.wijziging_pct, f.regio_code,"
                         " f.gemeente_code, f.segment_code, coalesce(f.bron, batch.bron) AS bron, f.batch_id,"
                         f" batch.voorbeeld FROM doel AS f {active}").df(),
        bron_kpi=con.execute("SELECT f.regio_code, f.onderdeel, f.kpi, f.definitie, f.richting, f.streefwaarde,"
                             " f.eenheid, f.streefjaar, f.toelichting, f.regel"
                             f" FROM bron_kpi AS f {active}").df(),
        kpi_waarde=con.execute("SELECT f.kpi, f.jaar, f.waarde, f.eenheid, f.regio_code, f.gemeente_code, f.segment_code,"
                               f" f.periode, batch.bron, batch.voorbeeld FROM kpi_waarde AS f {active}").df(),
        consultatie=con.execute("SELECT f.regio_code, f.gemeente_code, f.document, f.punt, f.thema, f.thema2,"
                                " f.standpunt, f.samenvatting, f.reactie_uitkomst, f.reactie, f.bron_regel"
                                f" FROM consultatie AS f {active}").df(),
        batch=con.execute("SELECT batch_id, kind, bestand, bron, voorbeeld, status FROM batch").df(),
    )
