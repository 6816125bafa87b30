"""Benchmark: importing a trajecten workbook, next to the bare read of the same file.

For N rows (default 1,000,000) it writes a trajecten .xlsx once (xlsxwriter, fixed seed; cached in
bench/out/) shaped like a controller's export: cliëntnummer, gemeente by name or CBS code, segment
by name, productcode, aanmeld-/start-/einddatum as Excel dates, aanbieder and bedrag. It then times,
each run in a child process of its own (so wall time, CPU time of the whole process with every thread,
and peak memory (VmHWM) are measured the same way for both):

- bare read: python-calamine's CalamineWorkbook + to_python() of the sheet, nothing else;
- import: loaders.importer.import_file into a copy of a database holding the default data with the
  example data (as on a first start), so the import replaces ZHZ's example trajecten as in real use:
  read, recognise, validate every cell, pseudonymise, one transaction with the insert and the marts;
  split into its stages by the progress callback (lezen, controleren, opslaan, overzichten bijwerken);
- command line: `python -m loaders import FILE` into another copy, as a controller runs it: the check in a child
  process (loaders.apart, as in the app), so it adds that process's start and the transfer of the checked
  sheets; the figure a controller sees; also against the bare read run as a command of its own (Python's start, the
  reader's import and reading the file from disk counted on both sides);
- pandas (optional): pandas.read_excel(engine="openpyxl") plus the same checks done the plain pandas way.

It prints the medians and the ratios import / bare read (target <= 1.3 for time, <= 1.5 for memory).
Nothing is asserted.

    python -m bench.importeren                 # 1,000,000 rows (writing the file once takes ~2 min)
    python -m bench.importeren --rows 100000   # quick
    python -m bench.importeren --with-pandas   # add the slow openpyxl baseline

It is longer than 300 lines because every run it compares (the bare read, the import, the command line and the bare
read as a command) must be measured the same way, memory included, and that is easiest to see in one place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from python_calamine import CalamineWorkbook

from jeugdhulp import db, voortgang
from loaders.defaults import load_defaults
from loaders.importer import InputFile, import_file
from loaders.reference import Reference

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


def template_database(folder: Path) -> Path:
    """A database with the default data and the example data, built once per run; each import gets a copy."""
    path = folder / "template.duckdb"
    con = db.connect(path)
    load_defaults(con, KEY, with_example=True)
    con.execute("CHECKPOINT")
    con.close()
    return path


class _MemorySampler:
    """This process's resident memory plus the machine's shared memory beyond what it was at the start, sampled every
    10 ms: a file in memory (loaders.halves writes the two halves of a large sheet into memfd files) is no part of a
    process's resident memory, but it is memory. On a quiet machine the shared memory that grows is ours."""

    def __init__(self) -> None:
        self.start, self.peak, self._stop = _shared_bytes(), 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            resident = _proc_kilobytes("/proc/self/status", "VmRSS:") * 1024
            self.peak = max(self.peak, resident + max(_shared_bytes() - self.start, 0))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 1024 ** 3


def _shared_bytes() -> int:
    return _proc_kilobytes("/proc/meminfo", "Shmem:") * 1024


def _proc_kilobytes(path: str, field: str) -> int:
    """A field of /proc/self/status or /proc/meminfo in kB (0 when it is not there)."""
    for line in Path(path).read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def _child(mode: str, file: Path, database: Path | None) -> None:
    """Runs in the child process: one measurement, printed as JSON on stdout."""
    data = file.read_bytes()
    sampler = _MemorySampler()
    stages: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "bare":
        bare_read(data)
    else:
        con = db.connect(database)
        wall, cpu = time.perf_counter(), time.process_time()
        last = ["", wall]

        def progress(stage: str, done: int, total: int) -> None:
            if stage != last[0]:
                now = time.perf_counter()
                if last[0]:
                    stages[last[0]] = stages.get(last[0], 0.0) + now - last[1]
                last[:] = [stage, now]

        report = import_file(con, InputFile(file.name, data), user="bench", key=KEY, progress=progress)
        assert report.ok, report.problems[:3]
        stages[last[0]] = stages.get(last[0], 0.0) + time.perf_counter() - last[1]
        con.close()
    elapsed, used = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": elapsed, "cpu": used, "stages": stages, "rss_gb": _peak_rss_gb(),
                      "memory_gb": sampler.stop()}))


def _peak_rss_gb() -> float:
    """This process's peak resident memory since it started (VmHWM; resource's ru_maxrss of a child would
    also count the parent's memory it was forked with before exec)."""
    peak = _proc_kilobytes("/proc/self/status", "VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024


def measure(mode: str, file: Path, database: Path | None = None) -> dict[str, object]:
    """One measurement in a child process: its own wall and CPU time and peak memory."""
    command = [sys.executable, "-m", "bench.importeren", "--child", mode, str(file)]
    if database is not None:
        command.append(str(database))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parent.parent)
    out = process.stdout.read() if process.stdout else b""
    if process.wait():
        raise RuntimeError(f"child {mode} failed ({process.returncode})")
    return json.loads(out.decode().strip().splitlines()[-1])


# The bare read as a command of its own: the floor for the command line, which also starts Python and reads the file.
BARE_COMMAND = ("import io, sys; from python_calamine import CalamineWorkbook; "
                "CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], 'rb').read())).get_sheet_by_index(0).to_python()")


def measure_command_line(file: Path, database: Path | None) -> dict[str, object]:
    """The import as a controller runs it: `python -m loaders import FILE`, which checks the file in a child process
    of its own (loaders.apart, as the app does) and loads it in its transaction; without a database, the bare read as a
    command (BARE_COMMAND). Wall time from start to exit, CPU time of the command and its child, peak memory of the
    larger of the two (os.wait4's rusage)."""
    environment = {**os.environ, "JEUGDHULP_DB": str(database), "JEUGDHULP_PSEUDONIEM_SLEUTEL": KEY.decode()}
    command = ["-m", "loaders", "import", str(file)] if database is not None else ["-c", BARE_COMMAND, str(file)]
    wall = time.perf_counter()
    process = subprocess.Popen([sys.executable, *command], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=Path(__file__).resolve().parent.parent)
    errors = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - wall
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command[:2]} ended with {process.returncode}: {errors.decode()[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_gb": usage.ru_maxrss / 1024 ** 2}


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


def _median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)   # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.importeren")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--with-pandas", action="store_true")
    parser.add_argument("--skip-pandas", action="store_true", help="(the default; kept for old scripts)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, file, *database = args.child
        _child(mode, Path(file), Path(database[0]) if database else None)
        return
    OUT.mkdir(exist_ok=True)
    path = OUT / f"trajecten-{args.rows}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        write_workbook(args.rows, path)
        print(f"werkboek geschreven in {time.perf_counter() - t:.1f} s: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    data = path.read_bytes()

    bare: list[dict[str, object]] = []
    imports: list[dict[str, object]] = []
    commands: list[dict[str, object]] = []
    bare_commands: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        template = template_database(Path(folder))
        for run in range(args.repeat):   # interleaved, so a busy moment of the machine hits both
            bare.append(measure("bare", path))
            copy = Path(folder) / f"import-{run}.duckdb"
            shutil.copyfile(template, copy)
            imports.append(measure("import", path, copy))
            shutil.copyfile(template, copy)
            commands.append(measure_command_line(path, copy))
            bare_commands.append(measure_command_line(path, None))
            copy.unlink()
        pandas_s = None
        if args.with_pandas:
            con = db.connect(template)
            pandas_s = pandas_baseline(data, Reference.from_db(con))
            con.close()

    rows = [("calamine bare read", bare), ("import_file (everything)", imports),
            ("python -m loaders import", commands)]
    print(f"\n{args.rows:,} trajecten, {len(data) / 1e6:.1f} MB, median of {args.repeat}, each in its own process")
    print(f"{'':<30}{'wall s':>9}{'x bare':>8}{'cpu s':>9}{'x bare':>8}{'peak GB':>9}{'x bare':>8}")
    floor = {key: _median(bare, key) for key in ("wall", "cpu", "rss_gb")}
    for label, runs in rows:
        cells = "".join(f"{_median(runs, key):>9.2f}{_median(runs, key) / floor[key]:>8.2f}"
                        for key in ("wall", "cpu", "rss_gb"))
        print(f"{label:<30}{cells}")
    # The command line against the bare read as a command: both start Python, import their readers and read the file.
    command_floor = {key: _median(bare_commands, key) for key in ("wall", "cpu", "rss_gb")}
    print(f"{'bare read as a command':<30}" + "".join(f"{command_floor[key]:>9.2f}{'':>8}" for key in ("wall", "cpu", "rss_gb")))
    print(f"{'  command line x that':<30}" + "".join(f"{'':>9}{_median(commands, key) / command_floor[key]:>8.2f}"
                                                   for key in ("wall", "cpu", "rss_gb")))
    print(f"{'  target':<30}{'':>9}{'<=1.30':>8}{'':>9}{'<=1.30':>8}{'':>9}{'<=1.50':>8}")
    # Peak memory with the files in memory (sampled; the column above is the kernel's peak of resident memory only).
    for label, runs in rows[:2]:
        print(f"{'  ' + label + ', + memory files':<48}{_median(runs, 'memory_gb'):>9.2f}"
              f"{_median(runs, 'memory_gb') / _median(bare, 'memory_gb'):>8.2f}")
    for stage in voortgang.IMPORT_STAGES:
        seconds = statistics.median(float(run["stages"].get(stage, 0.0)) for run in imports)   # type: ignore[union-attr]
        print(f"{'  ' + stage:<30}{seconds:>9.2f}{seconds / floor['wall']:>8.2f}")
    if pandas_s is not None:
        print(f"{'pandas.read_excel + checks':<30}{pandas_s:>9.2f}{pandas_s / floor['wall']:>8.2f}")


if __name__ == "__main__":
    main()
