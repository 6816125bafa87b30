"""Benchmark: what a reader feels — every page's full load in Chromium against a bare Streamlit page, in one run.

Starts two servers on free ports: the floor, a bare Streamlit page with one small plotly chart and a table
(bench/hello/app.py), and the dashboard on a fresh temporary database with the default and example data
(built before timing starts, as the first start does). Then, in Debian's Chromium (never `playwright install`):

- cold: each page's first visit after the server started (Streamlit's caches empty, as after an import);
- load: --rounds visits per page, each in a fresh browser context (no browser cache: a newcomer's visit),
  timed from navigation until Streamlit is idle and the charts have stopped changing for 1,5 s;
- click: in one session, a click on each page's link in the sidebar, timed the same way (the quiet 1,5 s
  not counted).

It prints per page the median and max load, the cold load, the median click, and each median as a ratio to
the bare page's median in the same run. The issue's goals: load <= 2x the bare page, click <= 1,5x.
Nothing is asserted; figures are printed.

    python -m bench.paginas                 # 5 rounds per page
    python -m bench.paginas --rounds 3 --pages "" gemeente
    python -m bench.paginas --trajecten 0 1000000   # also with 1M synthetic trajecten added (bench.synth)

How a load is timed follows ../shared/tools/page_load.py (the workplace's tool), with one change: the load ends only
once Streamlit says the script has finished (page_load.py can stop at a quiet stretch while the server computes).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HELLO = Path(__file__).resolve().parent / "hello" / "app.py"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
# url path -> the link's text in the sidebar (app.py's navigation)
PAGES = {
    "": "Overzicht", "gemeente": "Gemeenteprofiel", "vergelijken": "Vergelijken met Nederland", "uitgaven": "Uitgaven",
    "volumes": "Jeugdigen en trajecten",
    "wachttijden": "Wachttijd en verblijfsduur", "doelen": "Doel residentiële zorg", "prognose": "Prognose",
    "scenario": "Wat als? (scenario)",
    "consultatie": "Wat zeiden de raden?", "presentatie": "Presentatie", "bronnen": "Bronnen en gegevens",
    "inlezen": "Gegevens inlezen", "geschiedenis": "Geschiedenis",
}
QUIET = 1.5          # seconds without change that count as "done" (not part of the time)
# The app's own "script finished" flag comes first: until Streamlit has run the page once, a quiet stretch
# (the server still computing) is not the end of the load (page_load.py's state alone can stop there early).
STATE_JS = """() => [
  document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState ?? 'none',
  !!document.querySelector('[data-testid="stStatusWidget"]'),
  !!document.querySelector('[data-testid="stSkeleton"]'),
  document.querySelectorAll('.js-plotly-plot .main-svg').length,
  document.querySelectorAll('.stSpinner').length,
  document.querySelectorAll('[data-testid="stElementContainer"]').length]"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(script: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{script.name} did not start; see {log}")


def _settle(page, started: float) -> float:
    """Seconds from `started` to the last change of (running, skeleton, charts drawn, spinners, elements)."""
    last_state, last_change = None, time.perf_counter()
    while time.perf_counter() - started < 90:
        state = page.evaluate(STATE_JS)
        if state != last_state:
            last_state, last_change = state, time.perf_counter()
        elif state[0] == "notRunning" and time.perf_counter() - last_change >= QUIET:
            break
        page.wait_for_timeout(50)
    return last_change - started


def load(browser, url: str) -> float:
    """A newcomer's visit: a fresh context, navigation until quiet."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    seconds = _settle(page, started)
    context.close()
    return seconds


def clicks(browser, base: str, paths: list[str]) -> dict[str, float]:
    """In one session: from Overzicht, a click on each page's sidebar link."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    _settle(page, time.perf_counter())
    times = {}
    for path in paths:
        link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=PAGES[path], exact=True)
        started = time.perf_counter()
        link.click()
        times[path] = _settle(page, started)
    context.close()
    return times


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _add_trajecten(db_path: Path, rows: int) -> None:
    """Add `rows` synthetic trajecten (bench.synth, marked as example data) and refresh the marts, as an import
    of that many rows would leave the database."""
    from bench import database, synth
    from jeugdhulp import db

    con = db.connect(db_path)
    try:
        database.insert_trajecten(con, synth.trajecten(rows))
        with db.transaction(con):
            db.refresh_marts(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def run(rounds: int, paths: list[str], trajecten: int = 0) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-paginas-") as tmp:
        base = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "JEUGDHULP_PSEUDONIEM_SLEUTEL"}
        env.update(JEUGDHULP_DB=str(base / "db.duckdb"), JEUGDHULP_SLEUTELBESTAND=str(base / "sleutel"))
        build = time.perf_counter()
        subprocess.run([sys.executable, "-m", "loaders", "--db", env["JEUGDHULP_DB"], "history"],
                       cwd=PROJECT, env=env, check=True, capture_output=True)
        if trajecten:
            _add_trajecten(base / "db.duckdb", trajecten)
        added = f" and {trajecten:,} synthetic trajecten".replace(",", ".") if trajecten else ""
        print(f"database with default and example data{added} built in {time.perf_counter() - build:.1f} s")
        hello, hello_url = _serve(HELLO, env, base / "hello.log")
        app, app_url = _serve(PROJECT / "app.py", env, base / "app.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                floor_cold = load(browser, hello_url + "/")
                cold = {path: load(browser, f"{app_url}/{path}") for path in paths}
                floor = [load(browser, hello_url + "/") for _ in range(rounds)]
                warm = {path: [load(browser, f"{app_url}/{path}") for _ in range(rounds)] for path in paths}
                click = [clicks(browser, app_url, [q for q in paths if q]) for _ in range(rounds)]
                browser.close()
        finally:
            _stop(app)
            _stop(hello)
    bare = statistics.median(floor)
    print(f"bare Streamlit page (bench/hello): {bare:.2f} s median, {max(floor):.2f} s max, {floor_cold:.2f} s cold"
          f" — {rounds} rounds, fresh browser context each")
    print(f"{'page':<28}{'load':>8}{'max':>8}{'cold':>8}{'x bare':>8}{'click':>8}{'x bare':>8}")
    for path in paths:
        median = statistics.median(warm[path])
        clicked = [c[path] for c in click if path in c]
        click_text = (f"{statistics.median(clicked):7.2f}s{statistics.median(clicked) / bare:7.2f}x"
                      if clicked else f"{'':>8}{'':>8}")
        print(f"{PAGES[path]:<28}{median:7.2f}s{max(warm[path]):7.2f}s{cold[path]:7.2f}s{median / bare:7.2f}x"
              f"{click_text}")
    medians = [statistics.median(warm[p]) for p in paths]
    print(f"slowest page {max(medians) / bare:.2f}x the bare page (goal <= 2x); median page {statistics.median(medians):.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.paginas", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="visits per page (default 5)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES),
                        help="url paths ('' is Overzicht); default every page")
    parser.add_argument("--trajecten", nargs="+", type=lambda v: int(v.replace("_", "").replace(".", "")),
                        default=[0], help="synthetic trajecten added to the default data, one run per size "
                                          "(default 0; e.g. 0 1000000)")
    args = parser.parse_args(argv)
    for size in args.trajecten:
        run(args.rounds, args.pages, size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
