"""Importing files as batches: read -> recognise -> validate -> one transaction per file.
A file with any problem writes nothing; the database after a refusal equals the one before.

It is longer than 300 lines because one import is one transaction: its steps (batch, replacement, totals, insert,
marts) and undo must be read together. What is replaced, and the notes about it, are in loaders.vervanging; a sheet's
rows in its table's columns in loaders.kolommen."""

from __future__ import annotations

import getpass
import hashlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pandas as pd
import pyarrow as pa

from jeugdhulp import db, fmt, voortgang
from loaders import cbs, fastpath, inhoud, kolommen, segmenten, vervanging
from loaders.formats import KINDS, normalise
from loaders.kolommen import FACT_KEYS, TABLES
from loaders.problems import Problem
from loaders.pseudonym import key_tag, pseudonymise_column
from loaders.read import Sheet, read_file, unpacked_megabytes
from loaders.recognise import recognise
from loaders.reference import Reference
from loaders.secret import FINGERPRINT_ROUNDS, fingerprint, new_salt, pseudonym_key, same_key
from loaders.validate import SheetResult, bsn_problems, validate_sheet

# Kinds whose rows carry keyed hashes of client ids: only one key may ever make them in one database.
PSEUDONYMISED_KINDS = frozenset({"trajecten"})
# Tables whose rows reference gemeente (migration 0001): such a gemeente row can only be updated in place.
_GEMEENTE_REFERENCES = ("gemeente_jaar", "uitgaven", "volumes", "trajecten")
# How long an import or undo waits for another one in this process before it is refused.
WRITE_WAIT_SECONDS = 30.0
# One writer per process. DuckDB lets two sessions write at once and then refuses one of them
# ("Conflict on tuple deletion" while both rebuild the marts, or a duplicate batch_id at commit).
# A second process cannot open the database for writing at all while this one has it open (DuckDB
# locks the file), so a lock within the process is all the serialising needed. The one module-level
# mutable object on purpose: it must be shared by every session of the app.
_WRITER = threading.RLock()


BUSY = "Er wordt al een bestand ingelezen (door een andere gebruiker of in een ander venster); probeer het zo opnieuw."


class WriterBusy(RuntimeError):
    """Another import or undo held the database longer than WRITE_WAIT_SECONDS, or wrote at the same time."""


@contextmanager
def single_writer() -> Iterator[None]:
    """Hold the process's writer lock for an import or undo; WriterBusy if it stays taken too long."""
    if not _WRITER.acquire(timeout=WRITE_WAIT_SECONDS):
        raise WriterBusy(BUSY)
    try:
        yield
    finally:
        _WRITER.release()


@dataclass
class InputFile:
    name: str
    data: bytes
    kind: str | None = None      # force a kind for every sheet


@dataclass
class SheetSummary:
    sheet: str
    kind: str
    rows: int
    totals: dict[str, float]


@dataclass
class FileReport:
    name: str
    sha256: str
    sheets: list[SheetSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_frame(self) -> pd.DataFrame:
        columns = ["blad", "rij", "kolom", "waarde", "code", "melding"]
        return pd.DataFrame([p.as_row() for p in self.problems], columns=columns)


def check_file(con: duckdb.DuckDBPyConnection, upload: InputFile, key: bytes | None = None,
               ref: Reference | None = None,
               progress: voortgang.Voortgang | None = None,
               fast: bool | None = None) -> tuple[FileReport, list[SheetResult]]:
    """Validate only: the report, and the validated sheets ready to load (none when the report has problems).

    A large clean trajecten workbook takes the fast path (loaders.fastpath); anything it is not sure of
    takes the precise path. `fast`: None lets the file's size decide, True tries it on any workbook
    (tests), False never."""
    ref = ref or Reference.from_db(con)
    key = key if key is not None else pseudonym_key()
    report, results = check_content(upload, ref, key, progress, fast)
    return with_key_check(con, key, report, results)


def with_key_check(con: duckdb.DuckDBPyConnection, key: bytes, report: FileReport,
                   results: list[SheetResult]) -> tuple[FileReport, list[SheetResult]]:
    """check_content's outcome with the one check that needs the database: pseudonymised sheets made with another
    key than the database's are refused."""
    report.problems.extend(_key_mismatch(con, key, results))
    return report, results if report.ok else []


def check_content(upload: InputFile, ref: Reference, key: bytes, progress: voortgang.Voortgang | None = None,
                  fast: bool | None = None) -> tuple[FileReport, list[SheetResult]]:
    """check_file without the database: the file read and validated against the reference alone (what a process of
    its own can do, loaders.apart); the sheets it gives hold client keys made with `key`, never the clients' numbers."""
    report = FileReport(upload.name, hashlib.sha256(upload.data).hexdigest())
    megabytes = unpacked_megabytes(upload.data)
    with voortgang.geschat(progress, voortgang.LEZEN, megabytes, megabytes / READ_MB_PER_SECOND) as told:
        voortgang.report(told, voortgang.LEZEN, 0, megabytes)
        report, results = _check_content(upload, ref, report, told, fast)
    if not report.ok:
        return report, []   # a refused file's sheets, with the clients' own numbers, never leave the check
    for result in results:
        if result.kind.name in PSEUDONYMISED_KINDS:
            _pseudonymise(result, key)
    return report, results


def _pseudonymise(result: SheetResult, key: bytes) -> None:
    """A checked sheet's digest (of its rows as the file has them, loaders.inhoud) and its client numbers replaced by
    their keys, both at once: the keys are hashed in DuckDB, without Python's lock, while the digest takes it."""
    with ThreadPoolExecutor(1, thread_name_prefix="inhoud") as pool:
        digest = pool.submit(inhoud.digest, result.kind.name, result.frame)
        frame = result.frame
        keys = pseudonymise_column(frame["client"], key)
        result.frame = frame.drop(columns="client").assign(client_key=keys)[
            ["client_key" if c == "client" else c for c in frame.columns]]
        result.sleutel = key_tag(key)
        result.inhoud = digest.result()


# How fast a workbook is read (guard and reader), for the estimate of reading's progress: a 1M-row export unpacks to
# 444 MB and is read in 4,6 s on the 2-core machine of the benchmarks (in two halves, loaders.halves; a smaller sheet
# read whole goes about half as fast); when it is slower, the estimate stands at 95 % until reading is done.
READ_MB_PER_SECOND = 70


def _check_content(upload: InputFile, ref: Reference, report: FileReport, progress: voortgang.Voortgang | None,
                   fast: bool | None) -> tuple[FileReport, list[SheetResult]]:
    if fast is not False and fastpath.eligible(upload.name, upload.data, force=bool(fast)):
        result = fastpath.fast_sheet(upload.name, upload.data, upload.kind, ref, progress)
        if result is not None and normalise(result.sheet) not in HELPER_SHEETS:
            results: list[SheetResult] = []
            report.notes.extend(result.notes)
            _accept(report, result, ref, results)
            return report, results
    sheets, problems = read_file(upload.name, upload.data)
    report.problems.extend(problems)
    if problems:
        return report, []
    results: list[SheetResult] = []
    unrecognised: list[Problem] = []
    for sheet in sheets:
        if not any(any(c is not None and str(c).strip() for c in row) for row in sheet.rows):
            continue  # an empty extra sheet ("Blad2") is not a problem
        if normalise(sheet.name) in HELPER_SHEETS:
            report.notes.append(f"Blad '{sheet.name}' overgeslagen: een blad met uitleg of lijsten, geen gegevens.")
            continue
        if upload.kind in (None, "cbs") and cbs.detect(sheet):   # a table downloaded from CBS StatLine
            result = cbs_result(sheet, ref)
            report.problems.extend(result.problems)
            report.notes.extend(result.notes)
            if not result.problems:
                _accept(report, result, ref, results)
            continue
        layout, found = recognise(sheet, upload.kind, ref)
        if layout is None or found:   # refused or skipped for its headers: a BSN column is still what it says
            bsn = bsn_problems(sheet, layout.header_row if layout is not None else None)
            if bsn:
                report.problems.extend(bsn)
                continue
        if layout is None:
            unrecognised.extend(found)   # no header at all: a problem only if no other sheet has data
            continue
        report.problems.extend(found)
        if found:
            continue
        voortgang.report(progress, voortgang.CONTROLEREN)
        result = validate_sheet(sheet, layout, ref, progress)   # tells the cells checked per column
        report.problems.extend(result.problems)
        report.notes.extend(result.notes)
        if not result.problems:
            _accept(report, result, ref, results)
    if unrecognised and (report.problems or not results):
        report.problems.extend(unrecognised)
    elif unrecognised:
        report.notes.extend(f"Blad '{p.sheet}' overgeslagen: er staat geen tabel met bekende kolommen in."
                            for p in unrecognised)
    report.problems.extend(_duplicates_across_sheets(results))
    if not results and not report.problems:
        report.problems.append(Problem("leeg-bestand", value=upload.name))
    return report, results


def cbs_result(sheet: Sheet, ref: Reference) -> SheetResult:
    """A StatLine download as a sheet of kind cbs (loaders/cbs.py reads it)."""
    parsed = cbs.from_sheet(sheet, ref)
    return SheetResult(sheet.name, KINDS["cbs"], parsed.frame.assign(_rij=range(1, len(parsed.frame) + 1)),
                       problems=parsed.problems, notes=parsed.notes)


def import_cbs(con: duckdb.DuckDBPyConnection, parts: list[tuple[cbs.Tabel, cbs.Parsed, str]], *,
               user: str | None = None, voorbeeld: bool = False, key: bytes | None = None) -> FileReport:
    """Load fetched CBS tables (each with its source line), one batch per table, all in one transaction."""
    frames = [p.frame for _, p, _ in parts]
    data = b"".join(cbs.to_csv(f) for f in frames)
    report = FileReport("CBS StatLine", hashlib.sha256(data).hexdigest())
    results = []
    for tabel, parsed, bron in parts:
        report.problems.extend(parsed.problems)
        report.notes.extend(parsed.notes)
        result = SheetResult(tabel.code, KINDS["cbs"], parsed.frame.assign(_rij=range(1, len(parsed.frame) + 1)),
                             bron=bron, bestand=f"voorbeeld_cbs_{tabel.code}" if voorbeeld else f"CBS StatLine {tabel.code}")
        if not parsed.problems:
            _accept(report, result, Reference(), results)
    if not report.ok:
        return report
    try:
        with single_writer():
            _write(con, InputFile(report.name, data), report, results, replace=False, user=user, bron=None,
                   voorbeeld=voorbeeld, key=key if key is not None else pseudonym_key())
    except WriterBusy:
        report.problems.append(Problem("import-bezig"))
    return report


def check_against_database(con: duckdb.DuckDBPyConnection, report: FileReport, results: list[SheetResult],
                           replace: bool = False, key: bytes | None = None) -> None:
    """What an import would still refuse given what the database holds, for a check (Controleren, `check`) to say
    so too: a file or rows loaded before, keys that already have figures (unless replacing), a changed segment."""
    if not report.ok:
        return
    key = key if key is not None else pseudonym_key()
    if not replace:
        report.problems.extend(_loaded_before(con, key, report, results))
        if report.problems:    # the whole file or sheet again: its rows need not be named one by one
            return
    for result in results:
        # The example data of the file's regions leaves the pages when a real file comes in (as _write does before
        # it looks for conflicts): its keys are no conflict, and the check says beforehand that it will go.
        example = [] if result.kind.name == "cbs" else vervanging.example_slices(con, result.kind.name, result.frame, exclude=[])
        if newly := vervanging.not_yet_hidden(con, example, -1):
            report.notes.append(vervanging.example_note(con, result.sheet, result.kind.name, newly, coming=True))
        if not replace:
            report.problems.extend(_conflicts(con, result.kind.name, result.frame, result.sheet,
                                              leaving={s[0] for s in example}))
        if not replace and result.kind.name == "trajecten":
            report.problems.extend(inhoud.trajecten_loaded_before(con, result.frame, result.sheet))
        if result.kind.name == "segmenten":
            report.problems.extend(segmenten.conflicts(con, result.frame, result.sheet))


def _loaded_before(con: duckdb.DuckDBPyConnection, key: bytes, report: FileReport,
                   results: list[SheetResult]) -> list[Problem]:
    """The same file loaded before ('al-geladen'), else the same rows in another file ('zelfde-inhoud')."""
    previous = con.execute("SELECT min(batch_id) FROM batch WHERE sha256 = ? AND status = 'actief'",
                           [report.sha256]).fetchall()[0][0]   # fetchall: no result left open
    if previous is not None:
        return [Problem("al-geladen", value=str(previous))]
    return inhoud.loaded_before(con, key, results)


def _accept(report: FileReport, result: SheetResult, ref: Reference, results: list[SheetResult]) -> None:
    """A sheet without problems: into the table's columns, its derived checks, its summary."""
    frame = kolommen.to_table(result, ref)
    report.problems.extend(kolommen.derived_problems(result, frame, ref))
    result.frame = frame
    if result.kind.name not in PSEUDONYMISED_KINDS:   # theirs beside the hashing of the keys (_pseudonymise)
        result.inhoud = inhoud.digest(result.kind.name, frame)
    result.totals = _totals(result.kind.name, frame)   # counted on the clients' numbers, before they become keys
    results.append(result)
    report.sheets.append(SheetSummary(result.sheet, result.kind.name, len(frame), result.totals))


# Sheets that a template or an export adds next to the data.
HELPER_SHEETS = {normalise(n) for n in ("Uitleg", "Lijsten", "Toelichting", "Meldingen", "Instructie", "Instructies",
                                        "Readme", "Leesmij", "Definities", "Bronnen")}


def _duplicates_across_sheets(results: list[SheetResult]) -> list[Problem]:
    """The same key on two sheets of one file (each sheet on its own is checked by the validator)."""
    problems = []
    for kind, key in FACT_KEYS.items():
        parts = [r for r in results if r.kind.name == kind]
        if len(parts) < 2:
            continue
        seen: dict[tuple, tuple[str, int]] = {}
        for result in parts:
            for row, *values in result.frame[["_rij", *key]].astype("string").fillna("").itertuples(index=False):
                where = seen.get(tuple(values))
                if where is not None and where[0] != result.sheet:
                    problems.append(Problem("dubbele-sleutel", sheet=result.sheet, row=int(row), column=key[0],
                                            value=" / ".join(v for v in values if v and v != "jaar"),
                                            limit=f"{where[1]} van blad '{where[0]}'"))
                else:
                    seen.setdefault(tuple(values), (result.sheet, int(row)))
    return problems


def _totals(kind: str, frame: pd.DataFrame) -> dict[str, float]:
    if kind == "uitgaven":   # realisatie, begroting and prognose apart: their sum means nothing
        amounts = pd.to_numeric(frame["bedrag_eur"], errors="coerce").fillna(0)
        return {f"{soort}_eur": float(amounts[frame["soort"] == soort].sum())
                for soort in ("realisatie", "begroting", "prognose") if (frame["soort"] == soort).any()}
    columns = {"volumes": ["jeugdigen", "trajecten"], "trajecten": ["bedrag_eur"]}
    # A column the file did not have (filled with blanks) has no total: not "bedrag € 0,00".
    totals = {c: float(pd.to_numeric(frame[c], errors="coerce").fillna(0).sum()) for c in columns.get(kind, [])
              if c in frame and frame[c].notna().any()}
    if kind == "trajecten":   # the history's columns for a controller: trajectories, and the distinct clients in them
        totals |= {"trajecten": float(len(frame)), "jeugdigen": float(frame["client"].str.strip().nunique())}
    return totals


def _years(kind: str, frame: pd.DataFrame) -> str | None:
    column = {"trajecten": "startdatum", "doelen": "doeljaar"}.get(kind, "jaar")
    if column not in frame or frame[column].dropna().empty:
        return None
    values = frame[column].dropna()
    years = values.dt.year if column == "startdatum" else values.astype(int)
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def _single(frame: pd.DataFrame, column: str) -> str | None:
    values = frame[column].dropna().unique() if column in frame else []
    return str(values[0]) if len(values) == 1 else None


def import_file(
    con: duckdb.DuckDBPyConnection,
    upload: InputFile,
    *,
    replace: bool = False,
    user: str | None = None,
    bron: str | None = None,
    voorbeeld: bool = False,
    key: bytes | None = None,
    ref: Reference | None = None,
    progress: voortgang.Voortgang | None = None,
    checked: tuple[FileReport, list[SheetResult]] | None = None,
) -> FileReport:
    """Validate and load one file in one transaction; on any problem nothing is written.
    `progress` hears the stages (lezen, controleren, opslaan, overzichten bijwerken) and the rows done.
    `checked`: check_file's outcome for this upload and key, made elsewhere (loaders.apart); not checked again."""
    key = key if key is not None else pseudonym_key()
    report, results = checked or check_file(con, upload, key=key, ref=ref, progress=progress)
    if not report.ok:
        return report
    if any(r.kind.name in PSEUDONYMISED_KINDS and r.sleutel != key_tag(key) for r in results):
        raise ValueError("the sheets were checked with another pseudonymisation key than this import's")
    try:
        with single_writer():
            _write(con, upload, report, results, replace=replace, user=user, bron=bron, voorbeeld=voorbeeld, key=key,
                   progress=progress)
    except WriterBusy:
        report.problems.append(Problem("import-bezig"))
    return report


def upload_source(file_name: str, moment: datetime) -> str:
    """The source line of an uploaded file's figures, as a councillor reads it: the file, the day, and that a
    controller loaded it (never a hash; the person's name is in the history, for controllers)."""
    return f"{file_name}, ingelezen op {fmt.date_nl(moment)} door een controller"


def _write(con: duckdb.DuckDBPyConnection, upload: InputFile, report: FileReport, results: list[SheetResult], *,
           replace: bool, user: str | None, bron: str | None, voorbeeld: bool, key: bytes,
           progress: voortgang.Voortgang | None = None) -> None:
    """Load validated sheets in one transaction (the caller holds the writer lock); problems go into the report."""
    if not replace:
        report.problems.extend(_loaded_before(con, key, report, results))
        if report.problems:
            return
    user = user or getpass.getuser()
    bron = bron or upload_source(upload.name, datetime.now(UTC))
    try:
        with db.transaction(con):
            report.problems.extend(_pin_key(con, key, results))
            if report.problems:
                raise _Refused
            hides_trajecten = False
            regions: set[str] = set()   # where trajecten appear or are hidden: the marts to refresh
            total_rows = sum(len(r.frame) for r in results)
            done_rows = 0
            voortgang.report(progress, voortgang.OPSLAAN, 0, total_rows)
            for result in results:
                kind = result.kind.name
                frame = result.frame
                result_bron = result.bron or bron
                if kind == "cbs" and result.bron is None and not voorbeeld:   # a StatLine download: say whose figures
                    result_bron = f"CBS StatLine {frame['tabel'].iloc[0]} ({cbs.LICENCE}), als bestand: {bron}"
                batch_id = con.execute(
                    # max + 1, not the sequence: a refused import must not even use up a number.
                    # geladen_op in UTC whatever the server's time zone; pages show Dutch time.
                    "INSERT INTO batch (batch_id, kind, bestand, sha256, inhoud, bron, voorbeeld, regio_code, jaren, rijen,"
                    " gebruiker, geladen_op) VALUES ((SELECT coalesce(max(batch_id), 0) + 1 FROM batch),"
                    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, timezone('UTC', now())) RETURNING batch_id",
                    [kind, result.bestand or upload.name, report.sha256, inhoud.stored(key, result), result_bron, voorbeeld,
                     _single(frame, "regio_code"), _years(kind, frame), len(frame), user],
                ).fetchone()[0]
                # Real figures take the example data of their family off every page for the regions they cover,
                # every year (never real and fictitious in one series); other real figures only go when the
                # controller asks to replace them (then only the years the file covers).
                if kind == "cbs":
                    slices, example = vervanging.cbs_replaced(con, frame, voorbeeld, exclude=[*report.batch_ids, batch_id])
                else:
                    slices = [] if kind == "gemeenten" or not replace else vervanging.overlapping_slices(
                        con, kind, frame, exclude=[*report.batch_ids, batch_id])
                    example = [] if voorbeeld else vervanging.example_slices(con, kind, frame,
                                                                   exclude=[*report.batch_ids, batch_id])
                slices += [s for s in example if s not in slices]
                vervanging.record_replacement(con, kind, batch_id, slices)
                hides_trajecten = hides_trajecten or vervanging.touches_trajecten(con, slices)
                regions.update(s[1] for s in slices)
                if kind == "trajecten":
                    regions.update(str(r) for r in frame["regio_code"].dropna().unique())
                if example and kind == "cbs":
                    report.notes.append("De fictieve landelijke voorbeeldcijfers staan niet meer op de pagina's: echte en "
                                        "fictieve CBS-cijfers staan nooit naast elkaar. Ongedaan maken brengt ze terug.")
                elif newly := vervanging.not_yet_hidden(con, example, batch_id):   # said once, by the first real file
                    report.notes.append(vervanging.example_note(con, result.sheet, kind, newly))
                replaced = [s for s in slices if s not in example]
                if replaced and kind == "cbs":
                    report.notes.append(vervanging.cbs_replaced_note(con, frame, sorted({s[0] for s in replaced})))
                elif replaced:
                    report.notes.append(vervanging.replaced_note(con, result.sheet, replaced))
                conflicts = [] if replace else _conflicts(con, kind, frame, result.sheet)
                if not replace and kind == "trajecten":
                    conflicts += inhoud.trajecten_loaded_before(con, frame, result.sheet)
                if conflicts:
                    report.problems.extend(conflicts)
                    raise _Refused
                for measure, total in {"rijen": float(len(frame)), **result.totals}.items():
                    con.execute("INSERT INTO batch_totaal VALUES (?, ?, ?)", [batch_id, measure, total])
                if kind == "gemeenten":
                    report.problems.extend(_update_gemeenten(con, frame, bron, result.sheet, report.notes))
                    if report.problems:
                        raise _Refused
                if kind == "segmenten":
                    report.problems.extend(segmenten.conflicts(con, frame, result.sheet))
                    if report.problems:
                        raise _Refused
                    frame = segmenten.prepare(con, frame.assign(bron=bron), result.sheet, report.notes)
                _insert(con, kind, frame, batch_id)
                report.batch_ids.append(batch_id)
                done_rows += len(frame)
                voortgang.report(progress, voortgang.OPSLAAN, done_rows, total_rows)
            if hides_trajecten or any(r.kind.name == "trajecten" for r in results):
                voortgang.report(progress, voortgang.OVERZICHTEN)
                db.refresh_marts(con, sorted(regions))
            db.refresh_uitgaven(con)   # any import may add, replace or hide spend; small, so always
            report.problems.extend(check_invariants(con))
            report.problems.extend(_segments_exist(con, report.batch_ids))
            if report.problems:
                raise _Refused
    except _Refused:
        report.batch_ids.clear()
    except duckdb.TransactionException:
        # A writer outside the lock changed the same rows; DuckDB rolled this transaction back whole.
        report.batch_ids.clear()
        report.problems.append(Problem("schrijfconflict"))


class _Refused(Exception):
    """Raised inside the transaction to roll it back."""


def _insert(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame, batch_id: int) -> None:
    table, columns = TABLES[kind]
    if kind == "gemeenten":
        frame = frame[frame["jaar"].notna()]
        if frame.empty:
            return
    # Client ids became keys when the file was checked (check_content): the clients' own numbers never get here.
    data: pd.DataFrame | pa.Table = frame[list(columns)]
    if kind == "trajecten":
        data = _as_arrow(data)
    con.register("_import_frame", data)
    try:
        con.execute(
            f"INSERT INTO {table} (batch_id, {', '.join(columns)})"  # noqa: S608 - allow-listed identifiers
            f" SELECT $batch, {', '.join(columns)} FROM _import_frame",
            {"batch": batch_id},
        )
    finally:
        con.unregister("_import_frame")


def _as_arrow(frame: pd.DataFrame) -> pd.DataFrame | pa.Table:
    """The frame as an Arrow table, which DuckDB inserts a quarter faster than a data frame (a million trajecten:
    1,35 against 1,7 s); missing values (NaN, NaT, None) become NULL either way. A column of mixed Python values
    (the precise path may give one) has no Arrow type: then the frame itself."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return frame


def _text(value: object) -> str | None:
    """A cell as text, or None when it is empty (pandas gives NaN, which DuckDB would store as 'nan')."""
    return None if value is None or pd.isna(value) or not str(value).strip() else str(value)


def _update_gemeenten(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, bron: str, sheet: str,
                      notes: list[str]) -> list[Problem]:
    """Insert new gemeenten; give known ones a plain UPDATE of only what changed.

    A known gemeente keeps its name: names come from the reference list, and a population file that spells
    one otherwise ("'s-Gravenhage" for "Den Haag", or a typo) would rename it everywhere, make later files
    with the known name fail, and not be undone with its batch. That gets a note, not a refusal.

    Not INSERT ... ON CONFLICT DO UPDATE: DuckDB executes that as delete + insert, which a gemeente that
    figures refer to refuses (ConstraintException). For the same reason a gemeente with figures cannot
    change its regio_code (an indexed column, also updated as delete + insert): that is refused in Dutch."""
    problems = []
    for row in frame.drop_duplicates("gemeente_code").to_dict("records"):
        code, naam, regio = row["gemeente_code"], row["naam"], row["regio"]
        inkoopmodel = _text(row.get("inkoopmodel"))
        # fetchall, not fetchone: an unfinished result would block the next statement on this cursor.
        found = con.execute("SELECT naam, regio_code, inkoopmodel FROM gemeente WHERE gemeente_code = ?",
                            [code]).fetchall()
        current = found[0] if found else None
        if current is None:
            con.execute("INSERT INTO gemeente (gemeente_code, naam, regio_code, inkoopmodel, bron) VALUES (?, ?, ?, ?, ?)",
                        [code, naam, regio, inkoopmodel, _text(row.get("bron")) or bron])
            continue
        if regio != current[1]:
            referenced = con.execute(
                " UNION ALL ".join(f"SELECT 1 FROM {t} WHERE gemeente_code = $code" for t in _GEMEENTE_REFERENCES)  # noqa: S608
                + " LIMIT 1", {"code": code}).fetchall()
            if referenced:
                [(regio_naam,)] = con.execute("SELECT naam FROM regio WHERE regio_code = ?", [current[1]]).fetchall()
                problems.append(Problem("gemeente-andere-regio", sheet=sheet, row=int(row["_rij"]), value=str(naam),
                                        limit=regio_naam))
                continue
            con.execute("UPDATE gemeente SET regio_code = ? WHERE gemeente_code = ?", [regio, code])
        if normalise(naam) != normalise(current[0]):
            notes.append(f"Blad '{sheet}', rij {int(row['_rij'])}: gemeente {code} heet in het bestand "
                         f"'{str(naam).strip()}'; de bekende naam '{current[0]}' is behouden (een bevolkingsbestand "
                         "wijzigt geen namen van gemeenten).")
        if inkoopmodel is not None and inkoopmodel != current[2]:
            con.execute("UPDATE gemeente SET inkoopmodel = ? WHERE gemeente_code = ?", [inkoopmodel, code])
    return problems


def _key_mismatch(con: duckdb.DuckDBPyConnection, key: bytes, results: list[SheetResult]) -> list[Problem]:
    """Pseudonymised sheets made with another key than the one the database was built with."""
    sheets = [r.sheet for r in results if r.kind.name in PSEUDONYMISED_KINDS]
    found = con.execute("SELECT zout, rondes, vingerafdruk FROM pseudoniem_sleutel").fetchall() if sheets else []
    stored = found[0] if found else None
    if stored is None or same_key(key, bytes.fromhex(stored[0]), stored[1], stored[2]):
        return []
    return [Problem("andere-sleutel", sheet=sheets[0])]


def _pin_key(con: duckdb.DuckDBPyConnection, key: bytes, results: list[SheetResult]) -> list[Problem]:
    """Inside the import's transaction: refuse another key, or record the key's fingerprint when the first
    pseudonymised data arrives (a database from before the fingerprint adopts the key of its next import)."""
    problems = _key_mismatch(con, key, results)
    if problems or con.execute("SELECT count(*) FROM pseudoniem_sleutel").fetchone()[0]:
        return problems
    writes = any(r.kind.name in PSEUDONYMISED_KINDS for r in results)
    if writes or con.execute("SELECT count(*) FROM (SELECT 1 FROM trajecten LIMIT 1)").fetchone()[0]:
        salt = new_salt()
        con.execute("INSERT INTO pseudoniem_sleutel (zout, rondes, vingerafdruk) VALUES (?, ?, ?)",
                    [salt.hex(), FINGERPRINT_ROUNDS, fingerprint(key, salt)])
    return []


_STAGING = {"uitgaven": "stg_uitgaven", "volumes": "stg_volumes"}


def _conflicts(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame, sheet: str,
               leaving: frozenset[int] | set[int] = frozenset()) -> list[Problem]:
    """Rows whose key already has visible figures in the database (`leaving`: batches whose figures of the file's
    regions leave the pages with this file, the example data a real file replaces)."""
    key = FACT_KEYS.get(kind)
    if key is None:
        return []
    con.register("_import_keys", frame[["_rij", *key]])
    try:
        join = " AND ".join(f"f.{c} = k.{c}" for c in key)
        rows = con.execute(
            f"SELECT k._rij, min(f.batch_id) FROM _import_keys AS k JOIN {_STAGING[kind]} AS f ON {join}"  # noqa: S608
            " WHERE NOT list_contains($leaving, f.batch_id) GROUP BY k._rij ORDER BY k._rij",
            {"leaving": sorted(leaving)},
        ).fetchall()
    finally:
        con.unregister("_import_keys")
    return [Problem("bestaat-al", sheet=sheet, row=int(r), limit=str(b)) for r, b in rows[:50]]


def check_invariants(con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """Data invariants after an import: fact keys unique among the visible (active, not replaced) facts."""
    problems = []
    for kind, key in FACT_KEYS.items():
        columns = ", ".join(key)
        duplicated = con.execute(
            f"SELECT count(*) FROM (SELECT {columns} FROM {_STAGING[kind]} GROUP BY {columns} HAVING count(*) > 1)"  # noqa: S608
        ).fetchone()[0]
        if duplicated:
            problems.append(Problem("dubbele-sleutel", sheet=_STAGING[kind], value=f"{duplicated} sleutels", limit="database"))
    return problems


def _segments_exist(con: duckdb.DuckDBPyConnection, batch_ids: list[int]) -> list[Problem]:
    """Every fact of these batches names a segment its region has: a file checked against an older segment list
    (another import changed it meanwhile) is refused, never stored with a segment no page can show."""
    missing = con.execute(
        " UNION ALL ".join(
            f"SELECT DISTINCT regio_code, segment_code FROM {table} AS f WHERE list_contains($batches, batch_id)"  # noqa: S608
            " AND segment_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM segment AS s"
            " WHERE s.regio_code = f.regio_code AND s.segment_code = f.segment_code)"
            for table in ("uitgaven", "volumes", "trajecten")),
        {"batches": batch_ids}).fetchall()
    return [Problem("onbekend-segment", value=str(code), limit=str(regio)) for regio, code in missing[:5]]


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> bool:
    """Undo a batch: its facts leave every view; what it replaced is shown again.
    Waits for an import in progress; WriterBusy (a Dutch message) if that takes too long."""
    with single_writer():
        try:
            return _undo(con, batch_id)
        except duckdb.TransactionException as exc:
            raise WriterBusy("Tegelijk werd iets anders in de database geschreven; probeer het opnieuw.") from exc


def _undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> bool:
    with db.transaction(con):
        row = con.execute("SELECT status, kind FROM batch WHERE batch_id = ?", [batch_id]).fetchone()
        if row is None or row[0] != "actief":
            return False
        con.execute("UPDATE batch SET status = 'ongedaan' WHERE batch_id = ?", [batch_id])
        # Batches it replaced whole become active again, unless another active batch still replaces them.
        con.execute(
            "UPDATE batch SET status = 'actief' WHERE status = 'vervangen' AND batch_id IN ("
            " SELECT oud_batch_id FROM vervanging WHERE nieuw_batch_id = $b"
            " EXCEPT SELECT v.oud_batch_id FROM vervanging v JOIN batch n ON n.batch_id = v.nieuw_batch_id"
            " WHERE n.status = 'actief')",
            {"b": batch_id},
        )
        if row[1] == "cbs":   # fictitious CBS figures stay hidden while any real CBS table is active
            con.execute(
                "UPDATE batch SET status = 'vervangen' WHERE kind = 'cbs' AND voorbeeld AND status = 'actief'"
                " AND EXISTS (SELECT 1 FROM batch WHERE kind = 'cbs' AND NOT voorbeeld AND status = 'actief')")
        if row[1] == "segmenten":
            segmenten.undo(con, batch_id)   # UndoRefused while figures use its segments: all rolled back
        if row[1] in ("trajecten", "volumes"):   # trajecten feed the marts; real volumes hide example trajecten
            # The regions of its own rows and of the slices it hid, which show again.
            regions = [r for (r,) in con.execute(
                "SELECT DISTINCT regio_code FROM trajecten WHERE batch_id = $b"
                " UNION SELECT regio_code FROM vervanging WHERE nieuw_batch_id = $b", {"b": batch_id}).fetchall()]
            db.refresh_marts(con, regions)
        db.refresh_uitgaven(con)
    return True


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT batch_id, kind, bestand, sha256, rijen, status, voorbeeld, regio_code, jaren, gebruiker, geladen_op,"
        " vervangt FROM batch ORDER BY batch_id"
    ).df()
