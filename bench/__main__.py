"""Benchmark: how fast do the dashboard pages get their figures from DuckDB, at 1M and 10M trajecten?

For every size it generates N synthetic trajecten (numpy, fixed seed; pseudonymised 24-hex client keys
with ~35% of rows for a client seen before, the 31 gemeenten weighted by size, segments valid for the
region, start 2017-2025, ~15% without einddatum, an aanmelddatum on every row, a verblijf flag that
follows the segment, ~300 providers with a skewed share) and builds a fresh DuckDB file in a temp dir
with the real schema, reference data, gemeenten, example population and spend, the sources' KPIs, the
councils' consultation points and the default targets (through the importer). It reports:

- load: the trajecten bulk insert (one INSERT ... SELECT from an Arrow table, one batch row) and
  jeugdhulp.db.refresh_marts (the import-time cost of the marts), also per mart;
- per page (Overzicht, Uitgaven, Volumes, Wachttijden; Doelen for GRJR only, with its default target:
  residential youths in segment B -30% from 2021 to 2025) and selection (ZHZ with GM0505, 2019-2025;
  all of GRJR): median and p95 over --repeat runs of the page's data loads, made as pages/*.py make
  them (jeugdhulp.pagedata.<page>.load and the councils' panel, bench/pages.py; a fresh cursor per load,
  no st.cache_data: the first view after an import),
  next to a pandas baseline that computes the same figures per page view from the raw trajecten frame
  held in memory (year expansion and distinct youths per gemeente/segment/year, as sql/marts/*.sql do;
  waits, stays and their percentiles from the rows) — what an app without marts would do.
  Ratio = pandas median / DuckDB median; the target is 150 ms per page;
- check: once per size, that every compared figure of every page (the frames inside the pages' data,
  bench/pages.py FIELDS) equals the pandas baseline (counts and the waits' and stays' statistics, in whole
  days, exactly; other figures within 1e-9 relative; tables the page holds only as Dutch text, as text),
  and that the Doelen page chose the default target.

Nothing is asserted; figures are printed. Run from the project root:

    python -m bench                      # 1,000,000 and 10,000,000 trajecten, 15 runs (< 15 min, 2 cores)
    python -m bench --quick              # 100,000 trajecten, 5 runs (< 1 min)
    python -m bench --sizes 100000 2000000 --repeat 7
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench import baseline, database, pages, synth

DEFAULT_SIZES = (1_000_000, 10_000_000)
LARGE = 5_000_000            # from this size on the pandas baseline runs at most PANDAS_REPEAT_LARGE times
PANDAS_REPEAT_LARGE = 3
TARGET_MS = 150.0


@dataclass
class PageResult:
    size: int
    selectie: str
    page: str
    duckdb_s: list[float] = field(default_factory=list)
    pandas_s: list[float] = field(default_factory=list)
    per_query_s: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class SizeResult:
    size: int
    generate_s: float
    timings: database.Timings
    compared: int = 0
    differences: list[str] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)


def _ms(values: list[float], q: float = 50) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _views() -> list[tuple[pages.Selectie, str]]:
    """Every (selection, page) measured, in report order."""
    return [(sel, page) for sel in pages.SELECTIES for page in pages.PAGES if pages.applies(page, sel)]


def check(con: object, raw: database.RawData) -> tuple[int, list[str]]:
    """Every compared figure of every page and selection, DuckDB against pandas."""
    compared, differences = 0, []
    for sel, page in _views():
        loaded, _ = pages.run_page(con, page, sel)
        expected = baseline.run_page(raw, page, sel)
        for name, frame in pages.frames(page, loaded).items():
            count, found = baseline.compare(name, frame, expected[name])
            compared += count
            differences += [f"{sel.label} {page}: {d}" for d in found]
        if page == "doelen":
            keuze = pages.doel_keuze(loaded["doelen"])
            compared += len(pages.STANDAARD_DOEL)
            differences += [f"{sel.label} doelen: the page chose {name}={keuze[name]!r}, not the default {value!r}"
                            for name, value in pages.STANDAARD_DOEL.items() if keuze[name] != value]
    return compared, differences


def bench_size(size: int, repeat: int, pandas_repeat: int, seed: int) -> SizeResult:
    started = time.perf_counter()
    table = synth.trajecten(size, seed=seed)
    result = SizeResult(size, time.perf_counter() - started, database.Timings())
    _log(f"[{size:,}] generated in {result.generate_s:.1f} s")
    with tempfile.TemporaryDirectory(prefix="jeugdhulp-bench-") as tmp:
        con, result.timings = database.build(Path(tmp) / "bench.duckdb", table)
        t = result.timings
        _log(f"[{size:,}] database: setup {t.setup_s:.1f} s, insert {t.insert_s:.1f} s, "
             f"refresh_marts {t.refresh_marts_s:.1f} s ("
             + ", ".join(f"{name} {seconds:.1f}" for name, (seconds, _) in t.marts.items()) + ")")
        raw = database.raw_data(con, table)
        del table
        gc.collect()
        result.compared, result.differences = check(con, raw)
        _log(f"[{size:,}] check: {'equal' if not result.differences else f'{len(result.differences)} differences'}")
        for sel, page in _views():
            timed = PageResult(size, sel.label, page)
            gc.collect()    # the baseline's garbage is not the page's cost
            for _ in range(repeat):
                run_started = time.perf_counter()
                _, seconds = pages.run_page(con, page, sel)
                timed.duckdb_s.append(time.perf_counter() - run_started)
                for name, value in seconds.items():
                    timed.per_query_s.setdefault(name, []).append(value)
            for _ in range(pandas_repeat):
                run_started = time.perf_counter()
                baseline.run_page(raw, page, sel)
                timed.pandas_s.append(time.perf_counter() - run_started)
            result.pages.append(timed)
            _log(f"[{size:,}] {sel.label:<13} {page:<11} duckdb {_ms(timed.duckdb_s):8.1f} ms"
                 f"   pandas {_ms(timed.pandas_s):9.1f} ms")
        con.close()
    return result


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) if i < 3 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True)))]
    for row in rows:
        lines.append("  ".join(c.ljust(w) if i < 3 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return "\n".join(lines)


def _ratio(value: float) -> str:
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"


def _verdict(median_ms: float, p95_ms: float) -> str:
    if p95_ms <= TARGET_MS:
        return "ok"
    return "p95 MISS" if median_ms <= TARGET_MS else "MISS"


def report(results: list[SizeResult], repeat: int) -> str:
    load_rows = [[f"{r.size:,}", f"{r.generate_s:.1f}", f"{r.timings.setup_s:.1f}", f"{r.timings.insert_s:.1f}",
                  f"{r.size / max(r.timings.insert_s, 1e-9) / 1e6:.2f}", f"{r.timings.refresh_marts_s:.1f}",
                  f"{r.timings.mart_rows:,}", f"{r.timings.file_mb:.0f}"] for r in results]
    page_rows, query_rows = [], []
    for r in results:
        for p in r.pages:
            median, p95, pandas_median = _ms(p.duckdb_s), _ms(p.duckdb_s, 95), _ms(p.pandas_s)
            page_rows.append([f"{r.size:,}", p.selectie, p.page, f"{median:.1f}", f"{p95:.1f}",
                              f"{pandas_median:.1f}", str(len(p.pandas_s)), _ratio(pandas_median / median),
                              _verdict(median, p95)])
            for name, values in p.per_query_s.items():
                query_rows.append([f"{r.size:,}", p.selectie, f"{p.page}.{name}", f"{_ms(values):.1f}",
                                   f"{_ms(values, 95):.1f}"])
    mart_rows = [[f"{r.size:,}", name, "", f"{seconds:.2f}", f"{rows:,}" if name.startswith("mart_") else ""]
                 for r in results for name, (seconds, rows) in r.timings.marts.items()]
    targets = []
    for r in results:
        met = [f"{p.selectie} {p.page}" for p in r.pages if _ms(p.duckdb_s) <= TARGET_MS]
        missed = [f"{p.selectie} {p.page} ({_ms(p.duckdb_s):.0f} ms)" for p in r.pages if _ms(p.duckdb_s) > TARGET_MS]
        targets.append(f"median <= {TARGET_MS:.0f} ms at {r.size:,}: met by {len(met)} of {len(r.pages)} page views"
                       + (f"; missed by {', '.join(missed)}" if missed else ""))
    checks = []
    for r in results:
        if not r.differences:
            checks.append(f"check {r.size:,}: equal ({r.compared:,} figures on {len(_views())} page views "
                          f"({len(pages.PAGES)} pages x {len(pages.SELECTIES)} selections, Doelen for GRJR only), "
                          "DuckDB = pandas)")
        else:
            checks.append(f"check {r.size:,}: {len(r.differences)} differences of {r.compared:,} figures:")
            checks += [f"  {d}" for d in r.differences[:20]]
            if len(r.differences) > 20:
                checks.append(f"  ... and {len(r.differences) - 20} more")
    return "\n\n".join([
        "Load (seconds; insert = the trajecten bulk insert, refresh_marts = jeugdhulp.db.refresh_marts)\n"
        + _table(["size", "", "", "generate_s", "setup_s", "insert_s", "insert_Mrows/s", "refresh_marts_s",
                  "mart_rows", "db_mb"], [[row[0], "", "", *row[1:]] for row in load_rows]),
        f"Pages (DuckDB over {repeat} runs; pandas baseline from the raw trajecten frame; ratio = pandas/DuckDB)\n"
        + _table(["size", "selection", "page", "duckdb_median_ms", "duckdb_p95_ms", "pandas_median_ms",
                  "pandas_runs", "ratio", f"target(<={TARGET_MS:.0f}ms)"], page_rows),
        "Marts (jeugdhulp.db.refresh_marts per statement, in its order; rows after the refresh)\n"
        + _table(["size", "mart", "", "seconds", "rows"], mart_rows),
        "Loads (DuckDB, per call: the page's pagedata load, and the councils' panel 'raden')\n"
        + _table(["size", "selection", "page.load", "median_ms", "p95_ms"], query_rows),
        "\n".join(targets),
        "\n".join(checks),
    ])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=lambda v: int(v.replace("_", "").replace(",", "")),
                        help="numbers of trajecten (default: 1000000 10000000)")
    parser.add_argument("--repeat", type=int, help="timed runs per page (default 15; 5 with --quick)")
    parser.add_argument("--pandas-repeat", type=int,
                        help=f"runs of the pandas baseline (default: --repeat, at most {PANDAS_REPEAT_LARGE} "
                             f"from {LARGE:,} trajecten)")
    parser.add_argument("--quick", action="store_true", help="100,000 trajecten, 5 runs")
    parser.add_argument("--seed", type=int, default=synth.SEED)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = args.sizes or ([100_000] if args.quick else list(DEFAULT_SIZES))
    repeat = args.repeat or (5 if args.quick else 15)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results = []
    for size in sizes:
        pandas_repeat = args.pandas_repeat or (repeat if size < LARGE else min(repeat, PANDAS_REPEAT_LARGE))
        results.append(bench_size(size, repeat, pandas_repeat, args.seed))
        gc.collect()
    print(report(results, repeat))
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average (1 min) {load_before:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end on {os.cpu_count()} cores (other processes add noise to p95)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
