"""Benchmark: importing a trajecten workbook, next to the bare read of the same file.

For N rows (default 1,000,000) it writes a trajecten .xlsx once (xlsxwriter, fixed seed; cached in
bench/out/) shaped like a controller's export: cliëntnummer, gemeente by name or CBS code, segment
by name, productcode, aanmeld-/start-/einddatum as Excel dates, aanbieder and bedrag. It then times:

- bare read: python-calamine's CalamineWorkbook + to_python() of the sheet, nothing else;
- import: loaders.importer.import_file into a fresh database (read, recognise, validate every cell,
  pseudonymise, one transaction with the insert and the mart refresh), split into its phases;
- pandas: pandas.read_excel(engine="openpyxl") plus the same checks done the plain pandas way
  (gemeente and segment lookup, date parsing, duplicate keys) — what a simple loader would do.

It prints the medians and the ratio import / bare read (target <= 1.3). Nothing is asserted.

    python -m bench.importeren                 # 1,000,000 rows (writing the file once takes ~2 min)
    python -m bench.importeren --rows 100000   # quick
    python -m bench.importeren --skip-pandas   # leave out the slow openpyxl baseline
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from python_calamine import CalamineWorkbook

from jeugdhulp import db
from loaders import importer
from loaders.defaults import SOURCES_DIR, load_reference
from loaders.importer import InputFile, import_file
from loaders.read import read_file
from loaders.recognise import recognise
from loaders.reference import Reference
from loaders.validate import validate_sheet

OUT = Path(__file__).parent / "out"
KEY = b"bench-import-key"
GEMEENTEN = ["Dordrecht", "Zwijndrecht", "Gorinchem", "GM0482", "Papendrecht", "Sliedrecht", "Molenlanden",
             "Hoeksche Waard", "Hendrik-Ido-Ambacht", "hardinxveld-giessendam"]
SEGMENTEN = ["4A", "4B", "Segment 1", "2", "3", "5", "7", "Segment 6"]
HEADER = ["Cliëntnummer", "Gemeente", "Segment", "Productcode", "Aanmelddatum", "Startdatum", "Einddatum",
          "Aanbieder", "Bedrag"]


def write_workbook(rows: int, path: Path) -> None:
    rng = np.random.default_rng(2024)
    gemeente = rng.integers(0, len(GEMEENTEN), rows)
    segment = rng.integers(0, len(SEGMENTEN), rows)
    start = rng.integers(0, 2500, rows)
    duration = rng.integers(1, 700, rows)
    wait = rng.integers(0, 120, rows)
    # Three in ten rows are a second trajectory of the client in the row before, starting later.
    repeat = (np.arange(rows) % 10) >= 7
    client = np.where(repeat, np.arange(rows) - 1, np.arange(rows))
    start = np.where(repeat, np.roll(start, 1) + 200, start)
    base = dt.datetime(2019, 1, 1)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("trajecten")
    date = book.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_row(0, 0, HEADER)
    for i in range(rows):
        begin = base + dt.timedelta(days=int(start[i]))
        r = i + 1
        sheet.write_string(r, 0, f"C{client[i]:08d}")
        sheet.write_string(r, 1, GEMEENTEN[gemeente[i]])
        sheet.write_string(r, 2, SEGMENTEN[segment[i]])
        sheet.write_string(r, 3, "45A48")
        sheet.write_datetime(r, 4, begin - dt.timedelta(days=int(wait[i])), date)
        sheet.write_datetime(r, 5, begin, date)
        if i % 7:
            sheet.write_datetime(r, 6, begin + dt.timedelta(days=int(duration[i])), date)
        sheet.write_string(r, 7, f"Aanbieder {gemeente[i] * 3 + segment[i] % 3}")
        sheet.write_number(r, 8, float(duration[i]) * 45.5)
    book.close()


def bare_read(data: bytes) -> int:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(workbook.get_sheet_by_index(0).to_python())


def fresh_database(folder: Path) -> tuple[object, Reference]:
    con = db.connect(folder / f"import-{time.monotonic_ns()}.duckdb")
    load_reference(con)
    report = import_file(con, InputFile("gemeenten.csv", (SOURCES_DIR / "gemeenten.csv").read_bytes(), "gemeenten"),
                         user="bench", key=KEY)
    assert report.ok, report.problems
    return con, Reference.from_db(con)


def phases(con: object, ref: Reference, data: bytes) -> dict[str, float]:
    """The import split into its steps, timed one by one (same code as import_file)."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    sheets, _ = read_file("trajecten.xlsx", data)
    times["lezen"] = time.perf_counter() - t
    t = time.perf_counter()
    layout, _ = recognise(sheets[0], None, ref)
    result = validate_sheet(sheets[0], layout, ref)
    times["valideren"] = time.perf_counter() - t
    assert not result.problems, result.problems[:3]
    t = time.perf_counter()
    frame = importer._to_table(result, ref)   # noqa: SLF001 - timing the private step on purpose
    times["omzetten"] = time.perf_counter() - t
    t = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO batch (batch_id, kind, bestand, sha256, bron, rijen, gebruiker) "
                "VALUES (999, 'trajecten', 'x', 'x', 'bench', 0, 'bench')")
    importer._insert(con, "trajecten", frame, 999, KEY)   # noqa: SLF001
    times["invoegen"] = time.perf_counter() - t
    t = time.perf_counter()
    db.refresh_marts(con)
    con.execute("ROLLBACK")
    times["marts"] = time.perf_counter() - t
    return times


def pandas_baseline(data: bytes, ref: Reference) -> float:
    t = time.perf_counter()
    frame = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    frame["gemeente_code"] = frame["Gemeente"].map(lambda g: (ref.gemeente(g) or (None,))[0])
    frame["segment_code"] = frame["Segment"].map(lambda s: ref.segment("ZHZ", s))
    for column in ("Aanmelddatum", "Startdatum", "Einddatum"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce", dayfirst=True)
    frame["Bedrag"] = pd.to_numeric(frame["Bedrag"], errors="coerce")
    bad = frame["gemeente_code"].isna() | frame["segment_code"].isna() | frame["Startdatum"].isna()
    duplicated = frame.duplicated(["Cliëntnummer", "gemeente_code", "segment_code", "Productcode", "Startdatum"])
    assert not bad.any() and not duplicated.any()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.importeren")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pandas", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"trajecten-{args.rows}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        write_workbook(args.rows, path)
        print(f"werkboek geschreven in {time.perf_counter() - t:.1f} s: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    data = path.read_bytes()

    bare = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        count = bare_read(data)
        bare.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as folder:
        imports = []
        for _ in range(args.repeat):
            con, ref = fresh_database(Path(folder))
            t = time.perf_counter()
            report = import_file(con, InputFile(path.name, data), user="bench", key=KEY, ref=ref)
            imports.append(time.perf_counter() - t)
            assert report.ok, report.problems[:3]
            con.close()
        con, ref = fresh_database(Path(folder))
        split = phases(con, ref, data)
        pandas_s = None if args.skip_pandas else pandas_baseline(data, ref)
        con.close()

    bare_s, import_s = statistics.median(bare), statistics.median(imports)
    print(f"\n{args.rows:,} trajecten ({count - 1:,} rows read), {len(data) / 1e6:.1f} MB, median of {args.repeat}")
    print(f"{'step':<34}{'seconds':>10}{'x bare read':>14}")
    print(f"{'calamine bare read':<34}{bare_s:>10.2f}{1:>14.2f}")
    print(f"{'import_file (everything)':<34}{import_s:>10.2f}{import_s / bare_s:>14.2f}   target <= 1.30")
    for step, seconds in split.items():
        print(f"{'  ' + step:<34}{seconds:>10.2f}{seconds / bare_s:>14.2f}")
    if pandas_s is not None:
        print(f"{'pandas.read_excel(openpyxl) + checks':<34}{pandas_s:>10.2f}{pandas_s / bare_s:>14.2f}")


if __name__ == "__main__":
    main()
