"""Benchmark: how fast do the dashboard pages get their figures from DuckDB, at 1M and 10M trajecten?

For every size it generates N synthetic trajecten (numpy, fixed seed; pseudonymised 24-hex client keys
with ~35% of rows for a client seen before, the 31 gemeenten weighted by size, segments valid for the
region, start 2017-2025, ~15% without einddatum, an aanmelddatum on every row, a verblijf flag that
follows the segment, ~300 providers with a skewed share) and builds a fresh DuckDB file in a temp dir
with the real schema, reference data, gemeenten, example population and spend, the sources' KPIs, the
councils' consultation points and the default targets (through the importer). It reports:

- load: the trajecten bulk insert (one INSERT ... SELECT from an Arrow table, one batch row) and
  jeugdhulp.db.refresh_marts (the import-time cost of the marts), also per mart;
- per page (the filter bar's choices, Overzicht, Uitgaven, Volumes, Wachttijden, Doelen for GRJR only with its
  default target: residential youths in segment B -30% from 2021 to 2025, Gemeenteprofiel, Consultatie with the
  theme it opens on and its figures, Bronnen, Prognose, Wat als? with the region's targets) and selection (ZHZ with
  GM0505, 2019-2025; all of GRJR): median and
  p95 wall time and the median CPU time over --repeat runs of the page's data loads, made as pages/*.py make them
  (jeugdhulp.pagedata.<page>.load and the councils' panel, bench/pages.py; a fresh cursor per load, no
  st.cache_data: the first view after an import), after one warm-up view, all pages before the raw frame is
  loaded (a process as the app's: no 10M-row frame in memory, no baseline run between the views),
  next to a pandas baseline (for the pages it re-implements) that computes the same figures per page view from
  the raw trajecten frame held in memory (year expansion and distinct youths per gemeente/segment/year, as
  sql/marts/*.sql do; waits, stays and their percentiles from the rows) — what an app without marts would do.
  Ratio = pandas median / DuckDB median; the target is p95 <= 100 ms per page view (issue 14, at 10M);
- per page view, the slowest queries inside it (execute + fetch, each named after its sql/ file) in separate runs;
- check: once per size, that every compared figure of every page (the frames inside the pages' data,
  bench/pages.py FIELDS) equals the pandas baseline (counts and the waits' and stays' statistics, in whole
  days, exactly; other figures within 1e-9 relative; tables the page holds only as Dutch text, as text),
  and that the Doelen page chose the default target. With --dump/--against, every field of every page view's
  results (the pages without a baseline too) is compared with a dump made by another version of the code.

Nothing is asserted; figures are printed. Run from the project root:

    python -m bench                      # 1,000,000 and 10,000,000 trajecten, 15 runs (< 15 min, 2 cores)
    python -m bench --quick              # 100,000 trajecten, 5 runs (< 1 min)
    python -m bench --sizes 100000 2000000 --repeat 7
    python -m bench --quick --dump /tmp/before.pkl      # then, on the changed code: --against /tmp/before.pkl

It is longer than 300 lines because it keeps the run, the check, the comparison with another version's results
and the report of one benchmark together, so the figures in the notes come from one readable place.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import math
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from bench import baseline, database, pages, synth

DEFAULT_SIZES = (1_000_000, 10_000_000)
LARGE = 5_000_000            # from this size on the pandas baseline runs at most PANDAS_REPEAT_LARGE times
PANDAS_REPEAT_LARGE = 3
TARGET_MS = 100.0        # the goal: every page view <= 100 ms p95 at 10M trajecten
VOLATILE = {"geladen_op"}   # columns --against leaves out: the time a batch was loaded into the built database
TOP_QUERIES = 5          # the slowest queries listed per page view


@dataclass
class PageResult:
    size: int
    selectie: str
    page: str
    duckdb_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)     # the process's CPU time (all threads) of each DuckDB run
    pandas_s: list[float] = field(default_factory=list)
    per_load_s: dict[str, list[float]] = field(default_factory=dict)   # per load of the page (pages.PAGES)
    per_query_s: dict[str, list[float]] = field(default_factory=dict)  # 'load:query' -> seconds per page view


@dataclass
class SizeResult:
    size: int
    generate_s: float
    timings: database.Timings
    compared: int = 0
    differences: list[str] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)
    against: tuple[str, int, list[str]] | None = None    # --against: the dump, fields compared, differences


def _ms(values: list[float], q: float = 50) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _views() -> list[tuple[pages.Selectie, str]]:
    """Every (selection, page) measured, in report order."""
    return [(sel, page) for sel in pages.SELECTIES for page in pages.PAGES if pages.applies(page, sel)]


def check(con: object, raw: database.RawData) -> tuple[int, list[str], dict[str, object]]:
    """Every compared figure of every page and selection, DuckDB against pandas; and every page's results (for
    --dump/--against)."""
    compared, differences, loaded_all = 0, [], {}
    for sel, page in _views():
        loaded, _ = pages.run_page(con, page, sel)
        loaded_all[f"{sel.label} {page}"] = loaded
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
    return compared, differences, loaded_all


def _same_value(a: object, b: object) -> bool:
    """Equal as a page shows it: frames by value (floats within 1e-9 relative), dataclasses field by field."""
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        if not (isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame)):
            return False
        if a.empty and b.empty:
            return list(a.columns) == list(b.columns)
        # When a batch was loaded differs per built database: not a figure.
        a, b = a.drop(columns=list(VOLATILE & set(a.columns))), b.drop(columns=list(VOLATILE & set(b.columns)))
        try:
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                          check_exact=False, rtol=1e-9, atol=1e-9)
        except AssertionError:
            return False
        return True
    if isinstance(a, pd.Series) or isinstance(b, pd.Series):
        return _same_value(pd.DataFrame([a]), pd.DataFrame([b])) if isinstance(a, pd.Series) and isinstance(
            b, pd.Series) else False
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return type(a).__name__ == type(b).__name__ and all(
            _same_value(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return (np.isnan(a) and np.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def against(loaded_all: dict[str, object], path: Path) -> tuple[int, list[str]]:
    """Every page's whole results (every field of every load, compared or not) against a --dump of another
    version of the code on the same data: a change must not move any figure."""
    with path.open("rb") as handle:
        before = pickle.load(handle)
    checked, differences = 0, []
    for view, loads in loaded_all.items():
        for label, value in loads.items():
            old = before.get(view, {}).get(label)
            fields = dataclasses.fields(value) if dataclasses.is_dataclass(value) else ()
            for f in fields or [None]:
                new_v = getattr(value, f.name) if f else value
                old_v = getattr(old, f.name, None) if f else old
                checked += 1
                if old is None or not _same_value(new_v, old_v):
                    differences.append(f"{view} {label}{'.' + f.name if f else ''}")
    return checked, differences


def bench_size(size: int, repeat: int, pandas_repeat: int, seed: int, query_repeat: int,
               dump: Path | None = None, compare_with: Path | None = None) -> SizeResult:
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
        # The DuckDB page views first, in a process as the app's: without the raw frame and the pandas baseline's
        # garbage in memory (at 10M they made the p95 of unrelated pages up to twice their median).
        timed_views = []
        for sel, page in _views():
            timed = PageResult(size, sel.label, page)
            gc.collect()
            pages.run_page(con, page, sel)    # warm-up: the first view after the build (not in the figures)
            for _ in range(repeat):
                run_started, cpu_started = time.perf_counter(), time.process_time()
                _, seconds = pages.run_page(con, page, sel)
                timed.duckdb_s.append(time.perf_counter() - run_started)
                timed.cpu_s.append(time.process_time() - cpu_started)
                for name, value in seconds.items():
                    timed.per_load_s.setdefault(name, []).append(value)
            # Separate runs for the time per query (the timing wrapper adds a little; not in the page's figures).
            for _ in range(query_repeat):
                per_query: dict[str, float] = {}
                pages.run_page(con, page, sel, per_query=per_query)
                for name, value in per_query.items():
                    timed.per_query_s.setdefault(name, []).append(value)
            timed_views.append((sel, page, timed))
        raw = database.raw_data(con, table)
        del table
        gc.collect()
        result.compared, result.differences, loaded_all = check(con, raw)
        _log(f"[{size:,}] check: {'equal' if not result.differences else f'{len(result.differences)} differences'}")
        if dump is not None:
            target = dump.with_name(f"{dump.stem}_{size}{dump.suffix}")
            with target.open("wb") as handle:
                pickle.dump(loaded_all, handle)
            _log(f"[{size:,}] every page's results written to {target}")
        if compare_with is not None:
            source = compare_with.with_name(f"{compare_with.stem}_{size}{compare_with.suffix}")
            result.against = (str(source), *against(loaded_all, source))
            _log(f"[{size:,}] against {source}: {len(result.against[2])} differences of {result.against[1]} fields")
        del loaded_all
        for sel, page, timed in timed_views:
            for _ in range(pandas_repeat if pages.compared(page) else 0):
                run_started = time.perf_counter()
                baseline.run_page(raw, page, sel)
                timed.pandas_s.append(time.perf_counter() - run_started)
            result.pages.append(timed)
            pandas_text = f"{_ms(timed.pandas_s):9.1f} ms" if timed.pandas_s else "        -"
            _log(f"[{size:,}] {sel.label:<13} {page:<11} duckdb {_ms(timed.duckdb_s):8.1f} ms"
                 f" (p95 {_ms(timed.duckdb_s, 95):6.1f}, cpu {_ms(timed.cpu_s):6.1f})   pandas {pandas_text}")
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


def report(results: list[SizeResult], repeat: int, top: int = TOP_QUERIES) -> str:
    load_rows = [[f"{r.size:,}", f"{r.generate_s:.1f}", f"{r.timings.setup_s:.1f}", f"{r.timings.insert_s:.1f}",
                  f"{r.size / max(r.timings.insert_s, 1e-9) / 1e6:.2f}", f"{r.timings.refresh_marts_s:.1f}",
                  f"{r.timings.mart_rows:,}", f"{r.timings.file_mb:.0f}"] for r in results]
    page_rows, load_rows_, query_rows = [], [], []
    for r in results:
        for p in r.pages:
            median, p95 = _ms(p.duckdb_s), _ms(p.duckdb_s, 95)
            pandas_median = _ms(p.pandas_s) if p.pandas_s else None
            page_rows.append([f"{r.size:,}", p.selectie, p.page, f"{median:.1f}", f"{p95:.1f}", f"{_ms(p.cpu_s):.1f}",
                              f"{pandas_median:.1f}" if pandas_median is not None else "-", str(len(p.pandas_s)),
                              _ratio(pandas_median / median) if pandas_median is not None else "-",
                              _verdict(median, p95)])
            for name, values in p.per_load_s.items():
                load_rows_.append([f"{r.size:,}", p.selectie, f"{p.page}.{name}", f"{_ms(values):.1f}",
                                   f"{_ms(values, 95):.1f}"])
            runs = p.per_query_s.get(pages.EXECUTIONS, [0])
            ranked = sorted(((k, v) for k, v in p.per_query_s.items() if k != pages.EXECUTIONS),
                            key=lambda item: -_ms(item[1]))
            for name, values in ranked[:top]:
                query_rows.append([f"{r.size:,}", p.selectie, f"{p.page} {name}", f"{_ms(values):.1f}",
                                   f"{_ms(values, 95):.1f}", f"{max(runs):.0f}"])
    mart_rows = [[f"{r.size:,}", name, "", f"{seconds:.2f}", f"{rows:,}" if name.startswith("mart_") else ""]
                 for r in results for name, (seconds, rows) in r.timings.marts.items()]
    targets = []
    for r in results:
        met = [f"{p.selectie} {p.page}" for p in r.pages if _ms(p.duckdb_s, 95) <= TARGET_MS]
        missed = [f"{p.selectie} {p.page} ({_ms(p.duckdb_s, 95):.0f} ms)" for p in r.pages
                  if _ms(p.duckdb_s, 95) > TARGET_MS]
        targets.append(f"p95 <= {TARGET_MS:.0f} ms at {r.size:,}: met by {len(met)} of {len(r.pages)} page views"
                       + (f"; missed by {', '.join(missed)}" if missed else ""))
    checks = []
    n_compared = sum(1 for _, page in _views() if pages.compared(page))
    for r in results:
        if not r.differences:
            checks.append(f"check {r.size:,}: equal ({r.compared:,} figures on {n_compared} page views with a "
                          "pandas baseline, DuckDB = pandas)")
        else:
            checks.append(f"check {r.size:,}: {len(r.differences)} differences of {r.compared:,} figures:")
            checks += [f"  {d}" for d in r.differences[:20]]
            if len(r.differences) > 20:
                checks.append(f"  ... and {len(r.differences) - 20} more")
        if r.against is not None:
            source, fields, found = r.against
            checks.append(f"against {source}: " + ("every field of every page view equal" if not found else
                                                   f"{len(found)} of {fields} fields differ: " + ", ".join(found[:20])))
    return "\n\n".join([
        "Load (seconds; insert = the trajecten bulk insert, refresh_marts = jeugdhulp.db.refresh_marts)\n"
        + _table(["size", "", "", "generate_s", "setup_s", "insert_s", "insert_Mrows/s", "refresh_marts_s",
                  "mart_rows", "db_mb"], [[row[0], "", "", *row[1:]] for row in load_rows]),
        f"Pages (DuckDB over {repeat} runs; pandas baseline from the raw trajecten frame; ratio = pandas/DuckDB;"
        " '-': a page timed only; cpu = the process's CPU time of a run, all threads: less noisy than wall time when"
        " other processes share the cores)\n"
        + _table(["size", "selection", "page", "duckdb_median_ms", "duckdb_p95_ms", "cpu_median_ms", "pandas_median_ms",
                  "pandas_runs", "ratio", f"target(p95<={TARGET_MS:.0f}ms)"], page_rows),
        "Marts (jeugdhulp.db.refresh_marts per statement, in its order; rows after the refresh)\n"
        + _table(["size", "mart", "", "seconds", "rows"], mart_rows),
        "Loads (DuckDB, per call: the page's pagedata loads, and the councils' panel 'raden')\n"
        + _table(["size", "selection", "page.load", "median_ms", "p95_ms"], load_rows_),
        f"Slowest queries per page view (execute + fetch, summed per page view when a load runs one twice; the "
        f"{top} slowest of the page's queries, in separate runs)\n"
        + _table(["size", "selection", "page load:query", "median_ms", "p95_ms", "queries_run_in_page"], query_rows),
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
    parser.add_argument("--query-repeat", type=int, help="runs per page view timing each query (default 5; 3 "
                                                         "with --quick)")
    parser.add_argument("--top", type=int, default=TOP_QUERIES, help="slowest queries listed per page view")
    parser.add_argument("--dump", type=Path, help="write every page view's results (all fields) to DUMP_<size>.pkl")
    parser.add_argument("--against", type=Path, help="compare every page view's results with a --dump made on "
                                                     "another version of the code (same sizes and seed)")
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
        query_repeat = args.query_repeat or (3 if args.quick else 5)
        results.append(bench_size(size, repeat, pandas_repeat, args.seed, query_repeat, args.dump, args.against))
        gc.collect()
    print(report(results, repeat, args.top))
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average (1 min) {load_before:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end on {os.cpu_count()} cores (other processes add noise to p95)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
