"""Benchmark: building a presentation and exporting it, next to the naive way of writing the same HTML.

On the default + example data (a fresh temporary database) it adds N slides (the spend, volume and wait
charts the pages draw, per gemeente of ZHZ until N are reached) and times, as medians of R runs:

- add: presentatie.add of all N slides (each its own transaction, as the button does);
- load: presentatie.dias, reading the N snapshots back;
- html: export.to_html (plotly.js embedded once, one section per slide), with its size;
- naive html: each figure through plotly's own `fig.to_html(include_plotlyjs=True)`, joined — what you get
  by saving every chart as its own offline file: plotly.js repeated N times;
- pptx: export.to_pptx with native charts, with its size.

Nothing is asserted; figures are printed.

    python -m bench.exporteren               # 30 slides, 5 runs
    python -m bench.exporteren --slides 60 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from jeugdhulp import charts, db, export, presentatie, queries, tables
from loaders.defaults import ensure_loaded

KEY = b"bench-export-key"


def _figures(con, count: int) -> list[tuple[object, object, str]]:
    gemeenten = queries.gemeenten(con, regio="ZHZ")["gemeente_code"].tolist()
    found = []
    for code in gemeenten:
        trend = queries.uitgaven_trend(con, regio="ZHZ", gemeenten=[code], segmenten=[], jaar_van=2019, jaar_tot=2025)
        per_segment = queries.uitgaven_per_segment(con, regio="ZHZ", gemeenten=[code], segmenten=[], jaar_van=2019,
                                                   jaar_tot=2025)
        wacht = queries.wachttijd(con, regio="ZHZ", gemeenten=[code], segmenten=[], jaar_van=2019, jaar_tot=2025)
        found += [
            (charts.begroting_realisatie(trend, "selectie_eur", f"Uitgaven {code}", tables.sources(trend), True), trend,
             f"trend_{code}"),
            (charts.per_segment_stacked(per_segment, "realisatie_eur", f"Per segment {code}", tables.sources(per_segment),
                                        True, "€ mln"), per_segment, f"segment_{code}"),
            (charts.stats_per_year(wacht, [("mediaan", "Mediaan"), ("p90", "90e percentiel")], f"Wachttijd {code}",
                                   "voorbeeld", True, "Dagen"), wacht, f"wacht_{code}"),
        ]
        if len(found) >= count:
            break
    return found[:count]


def _median(runs: list[float]) -> str:
    return f"{statistics.median(runs) * 1000:8.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        con = db.connect(Path(folder) / "bench.duckdb")
        ensure_loaded(con, KEY)
        figures = _figures(con, args.slides)
        timings: dict[str, list[float]] = {k: [] for k in ("add", "load", "html", "naive", "pptx")}
        sizes: dict[str, int] = {}
        now = datetime.now(UTC)
        for _ in range(args.runs):
            token = presentatie.new_token()
            start = time.perf_counter()
            for fig, frame, key in figures:
                presentatie.add(con, token, fig, tables.export_frame(frame, {c: c for c in frame.columns}), sleutel=key,
                                titel=fig.layout.title.text, definitie="bench", bron=tables.sources(frame), voorbeeld=True)
            timings["add"].append(time.perf_counter() - start)
            start = time.perf_counter()
            dias = presentatie.dias(con, token)
            timings["load"].append(time.perf_counter() - start)
            start = time.perf_counter()
            html = export.to_html(dias, "Bench", "ZHZ", now)
            timings["html"].append(time.perf_counter() - start)
            start = time.perf_counter()
            naive = "\n".join(fig.to_html(include_plotlyjs=True, full_html=True) for fig, _, _ in figures)
            timings["naive"].append(time.perf_counter() - start)
            start = time.perf_counter()
            pptx = export.to_pptx(dias, "Bench", "ZHZ", now)
            timings["pptx"].append(time.perf_counter() - start)
            sizes = {"html": len(html.encode()), "naive": len(naive.encode()), "pptx": len(pptx)}
            presentatie.clear(con, token)
        con.close()
    mb = 1024 * 1024
    print(f"{len(figures)} slides, median of {args.runs} runs")
    print(f"  add to presentation  {_median(timings['add'])}  ({len(figures)} transactions)")
    print(f"  load snapshots       {_median(timings['load'])}")
    print(f"  html export          {_median(timings['html'])}  {sizes['html'] / mb:6.1f} MB")
    print(f"  naive html baseline  {_median(timings['naive'])}  {sizes['naive'] / mb:6.1f} MB"
          f"  (ours: {statistics.median(timings['html']) / statistics.median(timings['naive']):.2f}x time,"
          f" {sizes['html'] / sizes['naive']:.2f}x size)")
    print(f"  pptx export          {_median(timings['pptx'])}  {sizes['pptx'] / mb:6.1f} MB (native charts)")


if __name__ == "__main__":
    main()
