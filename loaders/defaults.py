"""The embedded default data, loaded into an empty database on first start: reference data
(regions, forms of care, segments), the gemeenten, every sourced figure, KPI and consultation
from data/bronnen, and the fictitious example dataset — all through the upload code path."""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from jeugdhulp import db, voortgang
from loaders import example, example_cbs, segmenten
from loaders.importer import FileReport, InputFile, import_cbs, import_file
from loaders.reference import Reference

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REFERENCE_DIR = DATA_DIR / "referentie"
SOURCES_DIR = DATA_DIR / "bronnen"
DEFAULT_USER = "standaardgegevens"
EXAMPLE_SOURCE = "voorbeelddata (fictief)"
GEMEENTEN_FILE = "gemeenten_2026_jeugdregio.csv"
GEMEENTEN_SOURCE = ("CBS, gemeentelijke indeling op 1 januari 2026 (CC BY 4.0); jeugdregio volgens "
                    "i-Sociaal-Lab/jaapjunior (data/referentie/gemeenten_2026_jeugdregio.csv)")

# (file in data/bronnen, kind, provenance shown next to its figures)
SOURCE_FILES = (
    ("gemeenten.csv", "gemeenten", "data/bronnen/gemeenten.csv (indeling uit de brondocumenten; GRJR: openbaar lidmaatschap)"),
    ("figures_grjr.csv", "broncijfers", "Inkoopstrategie GRJR, paragraaf per cijfer"),
    ("figures_mijov.csv", "broncijfers", "Inkoopstrategie Jeugdhulp Zorgregio MIJOV, paragraaf of bijlage per cijfer"),
    ("kpis_grjr.csv", "bronkpi", "Inkoopstrategie GRJR, paragraaf per KPI"),
    ("kpis_mijov.csv", "bronkpi", "Inkoopstrategie Jeugdhulp Zorgregio MIJOV, paragraaf of bijlage per KPI"),
    ("consultation_zhz.csv", "consultatie", "Nota van reactie zienswijzen ZHZ, per gemeente"),
    ("consultation_mijov.csv", "consultatie", "Inkoopstrategie MIJOV, bijlage 3"),
    ("consultation_adviesraden_mijov.csv", "consultatie", "Inkoopstrategie MIJOV, bijlage 4"),
    ("consultation_grjr.csv", "consultatie", "Inkoopstrategie GRJR, § 1.7 en § 1.8"),
    ("../referentie/doelen_standaard.csv", "doelen", "doelen uit de brondocumenten (data/referentie/doelen_standaard.csv)"),
)


class DefaultDataError(RuntimeError):
    """The embedded data did not load: a bug in the shipped files, never a user's fault."""


@dataclass
class LoadSummary:
    reports: list[FileReport]

    @property
    def batches(self) -> int:
        return sum(len(r.batch_ids) for r in self.reports)


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM regio").fetchone()[0] == 0


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Regions, forms of care, segments and the gemeenten of the whole country (data/referentie): what is not in
    the database yet is added, nothing there is changed, so it also brings an older database up to date.

    A region without a segment list of its own gets the standard one: one segment per vorm. Set-based (one
    statement per table): a few hundred single inserts took over a second."""
    regios = pd.read_csv(REFERENCE_DIR / "regios.csv", dtype=str, keep_default_na=False)
    vormen = pd.read_csv(REFERENCE_DIR / "vormen.csv", dtype=str)
    own = pd.read_csv(REFERENCE_DIR / "segmenten.csv", dtype=str, keep_default_na=False)
    gemeenten = pd.read_csv(REFERENCE_DIR / GEMEENTEN_FILE, dtype=str)
    region_of = {key: code for code, naam, aliases in regios[["regio_code", "naam", "aliassen"]].itertuples(index=False)
                 for key in (naam, *aliases.split("|")) if key}
    gemeenten["regio_code"] = gemeenten["jeugdzorgregio"].map(region_of)
    frames = {"ref_regios": regios, "ref_vormen": vormen, "ref_segmenten": own, "ref_gemeenten": gemeenten}
    with db.transaction(con), db.registered(con, frames):
        con.execute("INSERT INTO regio (regio_code, naam, bron, aliassen) SELECT regio_code, naam, bron,"
                    " nullif(aliassen, '') FROM ref_regios ON CONFLICT DO NOTHING")
        con.execute("UPDATE regio SET aliassen = nullif(r.aliassen, '') FROM ref_regios AS r"
                    " WHERE regio.regio_code = r.regio_code AND regio.aliassen IS NULL AND r.aliassen <> ''")
        con.execute("INSERT INTO vorm SELECT vorm, naam, met_verblijf = 'true', volgorde::INTEGER FROM ref_vormen"
                    " ON CONFLICT DO NOTHING")
        con.execute(
            "INSERT INTO segment (regio_code, segment_code, naam, vorm, residentieel, structuur, volgorde, aliassen,"
            " toelichting, bron) SELECT regio_code, segment_code, naam, vorm, residentieel = 'true', structuur,"
            " volgorde::INTEGER, nullif(aliassen, ''), nullif(toelichting, ''), bron FROM ref_segmenten ON CONFLICT DO NOTHING")
        segmenten.add_standard(con, list(regios["regio_code"]))   # regions without a list (none of their own yet)
        con.execute("INSERT INTO gemeente (gemeente_code, naam, regio_code, provincie, bron)"
                    " SELECT gm_code, gemeentenaam, regio_code, provincie, $bron FROM ref_gemeenten ON CONFLICT DO NOTHING",
                    {"bron": GEMEENTEN_SOURCE})
        con.execute("UPDATE gemeente SET provincie = g.provincie FROM ref_gemeenten AS g"
                    " WHERE gemeente.gemeente_code = g.gm_code AND gemeente.provincie IS NULL")


def _load(con: duckdb.DuckDBPyConnection, upload: InputFile, bron: str, voorbeeld: bool, key: bytes,
          ref: Reference | None = None) -> FileReport:
    report = import_file(con, upload, user=DEFAULT_USER, bron=bron, voorbeeld=voorbeeld, key=key, ref=ref)
    if not report.ok:
        details = "; ".join(p.message + f" ({p.sheet} r{p.row})" for p in report.problems[:5])
        raise DefaultDataError(f"{upload.name}: {details}")
    return report


REFERENCE_STAGE = "regio's, gemeenten, vormen en segmenten"
EXAMPLE_FILES = ("voorbeeld_gemeenten.csv", "voorbeeld_uitgaven.csv", "voorbeeld_trajecten.csv")


def load_defaults(con: duckdb.DuckDBPyConnection, key: bytes, with_example: bool = True,
                  progress: voortgang.Voortgang | None = None) -> LoadSummary:
    """Fill an empty database. Raises DefaultDataError if a shipped file does not validate. `progress` hears each
    file as its stage, with the files done of all."""
    total = 1 + len(SOURCE_FILES) + (len(EXAMPLE_FILES) if with_example else 0)
    voortgang.report(progress, REFERENCE_STAGE, 0, total)
    load_reference(con)
    reports = []
    for done, (file_name, kind, bron) in enumerate(SOURCE_FILES, start=1):
        path = SOURCES_DIR / file_name
        voortgang.report(progress, path.name, done, total)
        reports.append(_load(con, InputFile(path.name, path.read_bytes(), kind), bron, False, key))
    if with_example:
        reports.extend(load_example(con, key, lambda stage, done, _: voortgang.report(
            progress, stage, 1 + len(SOURCE_FILES) + done, total)))
    voortgang.report(progress, voortgang.STANDAARDGEGEVENS, total, total)
    return LoadSummary(reports)


def load_example(con: duckdb.DuckDBPyConnection, key: bytes,
                 progress: voortgang.Voortgang | None = None) -> list[FileReport]:
    ref = Reference.from_db(con)
    gemeenten = con.execute(
        "SELECT g.gemeente_code AS code, g.naam, r.naam AS regio, g.regio_code FROM gemeente g JOIN regio r USING (regio_code)"
        " WHERE list_contains($regions, g.regio_code) ORDER BY g.gemeente_code", {"regions": list(example.REGIONS)}
    ).df()
    pop = example.population(gemeenten)
    gemeente_regio = dict(zip(gemeenten["code"], gemeenten["regio_code"], strict=True))
    # Made one at a time, as each is loaded: the progress shows what takes the time.
    frames = (
        ("gemeenten", lambda: pop.drop(columns=[])),
        ("uitgaven", lambda: example.spend(pop, gemeente_regio)),
        ("trajecten", lambda: example.trajecten(pop, gemeente_regio, ref.segment_vorm)),
    )
    reports = []
    for done, (name, (kind, frame)) in enumerate(zip(EXAMPLE_FILES, frames, strict=True)):
        voortgang.report(progress, name, done, len(EXAMPLE_FILES))
        reports.append(_load(con, InputFile(name, example.to_csv_bytes(frame()), kind), EXAMPLE_SOURCE, True, key, ref))
    reports.append(load_example_cbs(con, key))
    return reports


def load_example_cbs(con: duckdb.DuckDBPyConnection, key: bytes) -> FileReport:
    """The fictitious national table (loaders/example_cbs.py) for every gemeente, so Vergelijken shows offline."""
    codes = [c for (c,) in con.execute("SELECT gemeente_code FROM gemeente ORDER BY gemeente_code").fetchall()]
    report = import_cbs(con, example_cbs.parts(codes, EXAMPLE_SOURCE), user=DEFAULT_USER, voorbeeld=True, key=key)
    if not report.ok:
        raise DefaultDataError(f"voorbeeld CBS: {report.problems[0].message}")
    return report


def ensure_loaded(con: duckdb.DuckDBPyConnection, key: bytes,
                  progress: voortgang.Voortgang | None = None) -> LoadSummary | None:
    """Load the defaults into an empty database; in a database made by an older version, load the
    embedded source files it does not have yet. Return what was loaded, or None. `progress` hears each file."""
    if is_empty(con):
        return load_defaults(con, key, progress=progress)
    if not con.execute("SELECT count(*) FROM batch WHERE gebruiker = ?", [DEFAULT_USER]).fetchone()[0]:
        return None   # a database filled some other way (tests, a fresh region): leave it alone
    load_reference(con)   # an older database learns the gemeenten and regions it does not know yet
    known = {row[0] for row in con.execute("SELECT bestand FROM batch").fetchall()}
    reports = []
    if con.execute("SELECT bool_or(voorbeeld AND kind <> 'cbs'), count(*) FILTER (kind = 'cbs') = 0 FROM batch"
                   ).fetchone() == (True, True):   # example data from before the national comparison
        reports.append(load_example_cbs(con, key))
    for name, kind, bron in SOURCE_FILES:
        if Path(name).name in known:
            continue
        voortgang.report(progress, Path(name).name)
        report = import_file(con, InputFile(Path(name).name, (SOURCES_DIR / name).read_bytes(), kind),
                             user=DEFAULT_USER, bron=bron, key=key)
        if report.ok:
            reports.append(report)
        else:   # an upgrade must never stop the app: the file is simply not added
            print(f"standaardbestand {name} niet toegevoegd: {report.problems[0].message}", file=sys.stderr)
    if not reports:
        return None
    return LoadSummary(reports)


def terminal_progress() -> voortgang.Voortgang | None:
    """A callback that shows the first build on stderr, one line rewritten in place, when stderr is a terminal;
    None otherwise (a log or a pipe gets no progress noise)."""
    if not sys.stderr.isatty():
        return None
    started = time.monotonic()

    def show(stage: str, done: int, total: int) -> None:
        end = "\n" if total and done >= total else ""
        print(f"\rDatabase klaarzetten: {voortgang.tekst(stage, done, total)} — {time.monotonic() - started:.0f} s"
              "\033[K", end=end,
              file=sys.stderr, flush=True)

    return show
