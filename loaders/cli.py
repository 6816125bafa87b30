"""Command line for controllers, the same code as the upload page (DESIGN.md, Command line; run through
loaders/__main__.py):

    python -m loaders check  FILE...               validate only, print the report
    python -m loaders import FILE... [--replace]   load; exit 0 ok, 1 refused (database unchanged), 2 usage
    python -m loaders history                      batches, with file name, hash, rows, time
    python -m loaders undo BATCH_ID
    python -m loaders cbs [--tabel CODE ...]      fetch CBS StatLine tables (needs internet; exit 1 without)
    python -m loaders controller                   set the controller password (hash stored; no restart)
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from jeugdhulp import db, fmt, tables, voortgang
from jeugdhulp.voortgang import progress_bar
from loaders import apart, cbs, cbs_fetch, controller
from loaders.defaults import ensure_loaded, terminal_progress
from loaders.formats import KINDS
from loaders.importer import (
    FileReport,
    InputFile,
    WriterBusy,
    check_against_database,
    history,
    import_file,
    undo_batch,
)
from loaders.read import size_problem
from loaders.reference import Reference
from loaders.secret import pseudonym_key
from loaders.segmenten import UndoRefused
from loaders.validate import SheetResult

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, as the contract wants
        self.print_usage(sys.stderr)
        print(f"fout: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _table_code(text: str) -> str:
    """A CBS table as typed: 85099ned is 85099NED."""
    return next((code for code in cbs.TABELLEN if code.lower() == text.lower()), text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal seconden tussen 0 en 3600")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m loaders", description="Inlezen van jeugdhulpgegevens in de Inkoopmonitor.")
    parser.add_argument("--db", help="pad van de database (anders $JEUGDHULP_DB of data/jeugdhulp.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="alleen controleren en het rapport tonen")
    check.add_argument("files", nargs="+", type=Path)
    kinds = [k.name for k in KINDS.values() if k.uploadable]   # the upload page's list, segmenten included
    check.add_argument("--soort", choices=kinds)
    load = commands.add_parser("import", help="inlezen; niets wordt geschreven als er een fout is")
    load.add_argument("files", nargs="+", type=Path)
    load.add_argument("--replace", action="store_true", help="eerdere cijfers van dezelfde soort, regio en jaren vervangen")
    load.add_argument("--soort", choices=kinds)
    commands.add_parser("history", help="ingelezen batches tonen")
    undo = commands.add_parser("undo", help="een batch ongedaan maken")
    undo.add_argument("batch_id", type=int)
    fetch = commands.add_parser("cbs", help="CBS StatLine-tabellen ophalen voor de landelijke vergelijking (internet)")
    fetch.add_argument("--tabel", action="append", type=_table_code, choices=list(cbs.TABELLEN),
                       help="alleen deze tabel (mag vaker); anders alle drie")
    fetch.add_argument("--timeout", type=_seconds, default=60.0, help="seconden per verzoek aan CBS (standaard 60)")
    commands.add_parser("controller", help="het wachtwoord voor controllers instellen (werkt meteen, zonder herstart)")
    for sub in (check, load, undo, fetch, commands.choices["controller"]):
        sub.add_argument("--db", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    commands.choices["history"].add_argument("--db", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    return parser


def _terminal(value: object) -> str:
    """A value of the history as the terminal shows it: missing is '-', and a control character (a file name or user
    name came from an upload: an escape sequence could clear the screen or rewrite earlier lines) becomes '?'."""
    if not isinstance(value, str) and pd.isna(value):
        return "-"
    return "".join("?" if unicodedata.category(ch).startswith("C") else ch for ch in str(value))


def _dutch_time(moment: object) -> str:
    """A batch's geladen_op (stored in UTC without a zone) in Dutch local time, as the pages show it."""
    if not isinstance(moment, datetime) or pd.isna(moment):
        return "-"
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%d %H:%M:%S")


def _history_table(frame: pd.DataFrame) -> str:
    """The batches with Dutch headers and numbers: number, kind, file, the first 12 characters of its sha256, rows,
    status, example or not, region, years, by whom, when (to the second) and the batch it replaces."""
    table = pd.DataFrame({
        "nr": frame["batch_id"].map(str),
        "soort": frame["kind"].map(_terminal),
        "bestand": frame["bestand"].map(_terminal),
        "sha256": frame["sha256"].map(lambda h: _terminal(h)[:12]),
        "regels": frame["rijen"].map(lambda n: fmt.number(n) if pd.notna(n) else "-"),   # rows, not people
        "status": frame["status"].map(_terminal),
        "voorbeeld": frame["voorbeeld"].map(lambda v: "ja" if v is True or v == 1 else "nee"),
        "regio": frame["regio_code"].map(_terminal),
        "jaren": frame["jaren"].map(_terminal),
        "door": frame["gebruiker"].map(_terminal),
        "ingelezen": frame["geladen_op"].map(_dutch_time),
        "vervangt": frame["vervangt"].map(lambda b: str(int(b)) if pd.notna(b) else "-"),
    })
    return table.to_string(index=False) if len(table) else "geen ingelezen batches"


def _say(line: str) -> None:
    """Print one line of a report with its control characters neutralised (_terminal)."""
    print(_terminal(line))


def _print_report(report: FileReport, action: str) -> None:
    """The report of one file, a line per sheet, note and problem. Values quoted from the file go through _terminal:
    a cell of a CSV (or an Excel cell written as _x001B_) can hold an escape sequence."""
    status = "OK" if report.ok else "GEWEIGERD"
    _say(f"{report.name}: {status} ({action}; sha256 {report.sha256[:12]})" if report.sha256
         else f"{report.name}: {status} ({action})")
    for sheet in report.sheets:
        totals = ", ".join(f"{tables.TOTAL_LABELS.get(k, k)} {fmt.eur(v, 2) if k.endswith('_eur') else fmt.number(v)}"
                           for k, v in sheet.totals.items())   # as the upload page says them
        _say(f"  blad {sheet.sheet!r}: {sheet.kind}, {fmt.number(sheet.rows)} regels" + (f"; totaal {totals}" if totals else ""))
    for note in report.notes:
        _say(f"  let op: {note}")
    for problem in report.problems:
        where = ", ".join(x for x in (
            f"blad {problem.sheet!r}" if problem.sheet else "",
            f"rij {problem.row}" if problem.row else "",
            f"kolom {problem.column!r}" if problem.column else "",
        ) if x)
        _say(f"  [{problem.code}] {where}: {problem.message}" if where else f"  [{problem.code}] {problem.message}")
    if report.batch_ids:
        _say(f"  batch {', '.join(map(str, report.batch_ids))}")


def _read(path: Path, kind: str | None) -> InputFile | FileReport | None:
    """The file's bytes; or, for a file over the size limit, its refusal without reading it (a 400 MB
    file would otherwise sit in memory whole before being refused)."""
    try:
        too_big = size_problem(path.stat().st_size)
        if too_big:
            return FileReport(path.name, "", problems=[too_big])
        return InputFile(path.name, path.read_bytes(), kind)
    except OSError as exc:
        print(f"{path}: kan niet gelezen worden ({exc.strerror})", file=sys.stderr)
        return None


def _check_or_import(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, key: bytes) -> int:
    """`check` or `import` of every file named; a file over the size limit is refused unread."""
    uploads = [_read(p, args.soort) for p in args.files]
    if any(u is None for u in uploads):
        return EXIT_USAGE
    refused = False
    for upload in uploads:
        if isinstance(upload, FileReport):
            _print_report(upload, "gecontroleerd" if args.command == "check" else "database ongewijzigd")
            refused = True
            continue
        bar = progress_bar(sys.stderr, upload.name)
        try:
            checked = _checked(con, upload, key, bar)
            if args.command == "check":
                check_against_database(con, *checked, key=key)
                report = checked[0]
            else:
                report = import_file(con, upload, replace=args.replace, key=key, progress=bar, checked=checked)
        finally:
            if bar is not None:
                bar.close()
        _print_report(report, "gecontroleerd" if args.command == "check" else
                      "ingelezen" if report.ok else "database ongewijzigd")
        refused = refused or not report.ok
    return EXIT_REFUSED if refused else EXIT_OK


def _checked(con: duckdb.DuckDBPyConnection, upload: InputFile, key: bytes,
             progress: voortgang.Voortgang | None) -> tuple[FileReport, list[SheetResult]]:
    """The check as the app makes it (loaders.apart.check: a workbook in a child with capped memory and time; a child
    that died or was stopped refuses the file)."""
    return apart.check(con, upload, key, Reference.from_db(con), progress)


def cbs_client() -> cbs.Client:
    """The `cbsodata` module (the only part that talks to the network); tests replace this function."""
    import cbsodata  # noqa: PLC0415 - imported when fetching only: the app never needs it

    return cbsodata   # type: ignore[return-value]


def _fetch_cbs(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> int:
    """`cbs`: fetch, then load in one transaction (loaders/cbs_fetch.py)."""
    code = cbs_fetch.fetch_and_load(con, args.tabel or list(cbs.TABELLEN), cbs_client(), args.timeout,
                                    lambda report: _print_report(report, "ingelezen" if report.ok else
                                                                 "database ongewijzigd"))
    return EXIT_OK if code == 0 else EXIT_REFUSED


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "controller":   # needs no database: the app may hold it open
        return controller.set_password()
    try:
        con = db.connect(args.db)
    except duckdb.IOException as exc:
        # DuckDB lets one process write a file; usually the dashboard holds it.
        print(f"De database {db.database_path(args.db)} kan niet geopend worden: {exc}.\n"
              "Is het dashboard nog actief? Stop het, of lees het bestand in via de uploadpagina.", file=sys.stderr)
        return EXIT_REFUSED
    try:
        try:
            key = pseudonym_key()   # the same order as the app: environment, secrets.toml, key file
        except ValueError as exc:   # a secrets.toml that is no TOML
            print(exc, file=sys.stderr)
            return EXIT_REFUSED
        ensure_loaded(con, key, progress=terminal_progress())   # the first start takes 20-60 s
        if args.command in ("check", "import"):
            return _check_or_import(con, args, key)
        if args.command == "cbs":
            return _fetch_cbs(con, args)
        if args.command == "history":
            print(_history_table(history(con)))
            return EXIT_OK
        if args.command == "undo":
            try:
                done = undo_batch(con, args.batch_id)
            except (WriterBusy, UndoRefused) as exc:   # segment names in the message came from a file
                print(_terminal(str(exc)), file=sys.stderr)
                return EXIT_REFUSED
            if done:
                print(f"batch {args.batch_id} is ongedaan gemaakt")
                return EXIT_OK
            print(f"batch {args.batch_id} bestaat niet of is niet actief", file=sys.stderr)
            return EXIT_REFUSED
    finally:
        con.close()
    return EXIT_USAGE
