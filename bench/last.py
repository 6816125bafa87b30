"""Load run: ten readers walk every page while a controller imports a large trajecten workbook through the page.

Starts the app (`streamlit run app.py`) on a fresh temporary database with the default and example data and a
controller password, then, in Debian's Chromium (never `playwright install`), with one browser:

1. single session: one reader clicks through all 14 pages of the sidebar once untimed (the figures are cached per data
   version for every session, and the readers later find them so), then --rounds times timed; each click is timed
   until Streamlit has finished the script and the page stopped changing (the quiet tail not counted);
2. under load: a controller logs in on "Gegevens inlezen" and uploads a trajecten workbook of --rows rows
   (bench/importeren.py writes it once, cached in bench/out/); --sessions readers open the app (one after another,
   not timed: ten first loads at once would measure the newcomers on two cores, not the import); then the
   controller clicks Inlezen and, once the import shows its status, the readers walk every page at once, again and
   again, until the import ended.
   One more session (the probe) opens Overzicht afresh every second meanwhile, to see when the new figures
   appear. The visits that began between the click and the report are the ones under load. Before the click the
   readers walk every page once at once without an import: what they cost each other on these cores, so the
   import's own share can be told apart.

It prints per session the pages walked and the errors (a Streamlit exception element on a page, or a page that
failed to load), the p95 page time under load against the single session's p95 (the issue's goal <= 2x), the
visits over twice that p95 with the import's stage when they began, the import's wall time (click to the report)
with the stages the controller saw, and whether the readers saw the old data until the import committed: each
Overzicht visit records its key figures; before the controller's page reached the last stage ("overzichten
bijwerken", inside the transaction) no reader may see the new ones.
Nothing is asserted. Figures on a shared 2-core machine are noisy: the ten browsers draw their charts on the same
cores as the server and its import. (Pinning the browsers to one core and the server to the other was tried: the
one core could not draw ten sessions' charts, and the readers without an import were slower than with it unpinned.)

`--lezen S`: each reader reads a page for S seconds on average (between half and one and a half times S, drawn with a
fixed seed per reader) before clicking the next, in both walks of the readers, and starts each walk within one reading
time, so that ten readers do not click at the same moment; the single session walks without reading. With the default
0 the readers click as fast as the pages come: a stress test in which ten browsers and the server share two cores,
rather than councillors reading charts.

`--zonder-browser`: the readers, the single session and the probe speak Streamlit's websocket protocol instead
(bench/protokol.py): each page is timed from asking for it to the end of its script, so the figures are the server's
share alone, without ten browsers drawing charts on the server's two cores. The controller still uses the browser.

    python -m bench.last                    # 1,000,000 rows
    python -m bench.last --rows 100000      # quicker
    python -m bench.last --lezen 10         # readers that read each page about 10 s
    python -m bench.last --zonder-browser   # the server's share: readers without a browser

The module is longer than 300 lines because the server, the readers, the controller and the report of one run
belong together; each part is short.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import protokol
from bench.importeren import OUT, write_workbook

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
PASSWORD = "bench-last-wachtwoord"  # noqa: S105 - a throwaway password of a throwaway server
# The sidebar's links (app.py's navigation), in order.
PAGES = ["Overzicht", "Gemeenteprofiel", "Vergelijken met Nederland", "Uitgaven", "Jeugdigen en trajecten",
         "Wachttijd en verblijfsduur", "Doel residentiële zorg", "Prognose", "Wat als? (scenario)", "Wat zeiden de raden?",
         "Presentatie", "Bronnen en gegevens", "Gegevens inlezen", "Geschiedenis"]
QUIET = 0.75          # seconds without change that count as "done" (not part of the time)
PAGE_TIMEOUT = 180.0  # a page that takes longer counts as failed
PROBE_PAUSE = 1.0     # seconds between the probe's fresh visits of Overzicht
STATE_JS = """() => [
  document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState ?? 'none',
  !!document.querySelector('[data-testid="stStatusWidget"]'),
  !!document.querySelector('[data-testid="stSkeleton"]'),
  document.querySelectorAll('.js-plotly-plot .main-svg').length,
  document.querySelectorAll('.stSpinner').length,
  document.querySelectorAll('[data-testid="stElementContainer"]').length]"""
# The import's status box (the expander saying what is read in) and its progress bar, as text; null: not there.
STATUS_JS = """(main) => {
  const box = [...main.querySelectorAll('[data-testid="stExpander"]')].find(e => e.innerText.includes('wordt ingelezen'));
  const bar = main.querySelector('[data-testid="stProgress"]');
  return [box ? box.innerText : null, bar ? bar.innerText : null];
}"""
ERRORS_JS = """() => document.querySelectorAll('[data-testid="stException"]').length"""
METRICS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMetricValue"]')).map(e => e.innerText).join(' | ')"""


@dataclass
class Session:
    name: str
    times: list[float] = field(default_factory=list)
    visits: list[tuple[float, float, str]] = field(default_factory=list)   # (started, seconds, page) per timed visit
    errors: list[str] = field(default_factory=list)
    # (started, ended, key figures of Overzicht) for every Overzicht visit, perf_counter seconds
    overzicht: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Import:
    clicked: float = 0.0
    ended: float = 0.0
    result: str = ""
    stages: list[tuple[float, str]] = field(default_factory=list)   # (seconds after the click, status line)
    last_stage_at: float | None = None   # perf_counter when "overzichten bijwerken" was first seen


# The browser fetches the workbook itself and hands it to the uploader: Playwright's set_input_files sends a file
# under 50 MB inline through its protocol, which took the bench process past 11 GB for the 1M-row workbook (48,7 MB).
UPLOAD_JS = """async ([url, name]) => {
  const blob = await (await fetch(url)).blob();
  const input = document.querySelector('[data-testid="stFileUploaderDropzoneInput"]');
  const files = new DataTransfer();
  files.items.add(new File([blob], name, {type: blob.type}));
  input.files = files.files;
  input.dispatchEvent(new Event('change', {bubbles: true}));
}"""


class _FileHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")   # fetched from the app's origin
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _serve_file(path: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `path`'s folder on a free port, in a thread of this process; the URL of the file."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_FileHandler, directory=str(path.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{path.name}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false",
         # The code must not change under a run: a file saved meanwhile would otherwise reload modules mid-run.
         "--server.fileWatcherType", "none"],
        cwd=PROJECT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    _stop(process)
    raise RuntimeError(f"the app did not start; see {log}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _say(text: str) -> None:
    """What the run is doing, on stderr as it happens (the report comes at the end, on stdout)."""
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


async def _settle(page, started: float) -> float:
    """Seconds from `started` to the last change of the page's state, once Streamlit has finished the script."""
    last_state, last_change = None, time.perf_counter()
    while time.perf_counter() - started < PAGE_TIMEOUT:
        state = await page.evaluate(STATE_JS)
        if state != last_state:
            last_state, last_change = state, time.perf_counter()
        elif state[0] == "notRunning" and time.perf_counter() - last_change >= QUIET:
            return last_change - started
        await page.wait_for_timeout(50)
    raise TimeoutError(f"not settled after {PAGE_TIMEOUT:.0f} s")


class _BrowserReader:
    """A reader in Chromium: its own browser context with the app open in one tab."""

    def __init__(self, context, page) -> None:
        self.context, self.page = context, page
        self.metrics = ""    # the key figures of the page shown last, joined by " | "
        self.errors = 0      # exception elements on the page shown last

    @classmethod
    async def open(cls, browser, url: str) -> _BrowserReader:
        context = await browser.new_context(viewport={"width": 1440, "height": 900})
        reader = cls(context, await context.new_page())
        await reader.page.goto(url + "/", timeout=PAGE_TIMEOUT * 1000)
        await _settle(reader.page, time.perf_counter())
        await reader._read()
        return reader

    async def visit(self, title: str) -> float:
        """Click a page's sidebar link; seconds until the page was drawn."""
        link = self.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True)
        started = time.perf_counter()
        await link.click(timeout=PAGE_TIMEOUT * 1000)
        seconds = await _settle(self.page, started)
        await self._read()
        return seconds

    async def _read(self) -> None:
        self.errors = await self.page.evaluate(ERRORS_JS)
        self.metrics = await self.page.evaluate(METRICS_JS)

    async def close(self) -> None:
        await self.context.close()


async def _visit(reader, session: Session, title: str) -> None:
    """Go to a page and time it; an exception element or a failure is an error of the session."""
    started = time.perf_counter()
    try:
        seconds = await reader.visit(title)
        session.times.append(seconds)
        session.visits.append((started, seconds, title))
        if reader.errors:
            session.errors.append(f"{title}: {reader.errors} foutmelding(en) op de pagina")
        if title == "Overzicht":
            session.overzicht.append((started, time.perf_counter(), reader.metrics))
    except Exception as exc:   # a timeout or a lost page is what this run counts, not a reason to stop
        session.errors.append(f"{title}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")


async def _walk(opener, session: Session, rounds: int | None, stop: asyncio.Event | None,
                opened: object | None = None, keep: bool = False, reading: float = 0.0) -> None:
    """Walk every page `rounds` times, or until `stop` is set (the walk then in progress is finished). `opener`: an
    async callable giving a new reader (in a browser, or over the protocol); `opened`: a reader opened beforehand, so
    the walk times clicks only; `keep`: leave it open. `reading`: the mean seconds spent reading a page before the
    next click (not timed)."""
    reader = opened or await opener()
    pause = random.Random(session.name.split(" zonder")[0])   # the same reader reads alike in both walks
    try:
        if reading:   # readers do not all click at the same moment: each starts within one reading time
            await asyncio.sleep(pause.uniform(0, reading))
        walked = 0
        while (rounds is not None and walked < rounds) or (stop is not None and (walked == 0 or not stop.is_set())):
            for title in PAGES:
                await _visit(reader, session, title)
                if rounds is None and stop is not None and stop.is_set():
                    break   # under load: the import ended; the visits after it are not under load
                if reading:
                    await asyncio.sleep(pause.uniform(0.5, 1.5) * reading)
            walked += 1
    finally:
        if not keep:
            await reader.close()


async def _probe(opener, session: Session, stop: asyncio.Event) -> None:
    """Open Overzicht in a new session every PROBE_PAUSE seconds until `stop`, and record its key figures each time
    (not timed). Without the pause a probe without a browser opened 13 sessions a second: a load of its own."""
    first = True
    while not stop.is_set():
        if not first:
            await asyncio.sleep(PROBE_PAUSE)
        first = False
        started = time.perf_counter()
        try:
            reader = await opener()
            try:
                session.overzicht.append((started, time.perf_counter(), reader.metrics))
                if reader.errors:
                    session.errors.append("Overzicht: foutmelding op de pagina")
            finally:
                await reader.close()
        except Exception as exc:   # counted, as for the readers
            session.errors.append(f"Overzicht: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")


async def _controller(browser, url: str, file_url: str, workbook: Path, go: asyncio.Event, uploaded: asyncio.Event,
                      started: asyncio.Event, done: asyncio.Event, result: Import, shot: Path) -> None:
    """Log in on Gegevens inlezen, upload the workbook, wait for `go`, click Inlezen and follow the status to the end."""
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    main = page.locator('[data-testid="stMain"]')
    try:
        await page.goto(url + "/inlezen", timeout=PAGE_TIMEOUT * 1000)
        await page.get_by_label("Wachtwoord voor controllers").fill(PASSWORD)
        await page.get_by_role("button", name="Aanmelden").click()
        await page.locator('[data-testid="stFileUploaderDropzoneInput"]').wait_for(state="attached",
                                                                                   timeout=PAGE_TIMEOUT * 1000)
        await page.evaluate(UPLOAD_JS, [file_url, workbook.name])
        inlezen = page.get_by_role("button", name="Inlezen", exact=True)
        await inlezen.wait_for(timeout=PAGE_TIMEOUT * 1000)
        while not await inlezen.is_enabled():
            await page.wait_for_timeout(200)
        uploaded.set()
        _say("controller: workbook uploaded, waiting for the readers")
        await go.wait()
        result.clicked = time.perf_counter()
        _say("controller: clicking Inlezen")
        # A click while the script reruns can be lost (the button is drawn anew): click once the page is settled,
        # and again if after 30 s neither the import's status nor a message has appeared.
        await _settle(page, time.perf_counter())
        await inlezen.click()
        started_at = time.perf_counter()
        while not await main.locator('[data-testid="stExpander"], [data-testid="stAlert"]').filter(
                has_text=re.compile("wordt ingelezen|" + re.escape(workbook.name))).count():
            if time.perf_counter() - result.clicked > PAGE_TIMEOUT:
                result.result = f"no status {PAGE_TIMEOUT:.0f} s after the click (screenshot: {shot.with_suffix('.wacht.png')})"
                await page.screenshot(path=str(shot.with_suffix(".wacht.png")))
                result.ended = time.perf_counter()
                return
            if time.perf_counter() - started_at > 30 and await inlezen.is_enabled():
                result.stages.append((time.perf_counter() - result.clicked, "klik op Inlezen herhaald"))
                await _settle(page, time.perf_counter())
                await inlezen.click()
                started_at = time.perf_counter()
            await page.wait_for_timeout(250)
        started.set()
        status = main.locator('[data-testid="stExpander"]').filter(has_text="wordt ingelezen")
        alert = main.locator('[data-testid="stAlert"]').filter(has_text=workbook.name)
        shot_taken = False
        seen = ""
        while time.perf_counter() - result.clicked < 1200:
            if await alert.count():
                result.result = (await alert.first.inner_text()).strip()
                break
            if await status.count():
                # The status box and its bar come and go with the fragment's reruns: read both in one step in the
                # page (a locator counted a moment ago may be gone when its text is asked for).
                text, bar = await main.evaluate(STATUS_JS)
                if text is None:
                    await page.wait_for_timeout(250)
                    continue
                line = bar if bar is not None else " / ".join(text.split("\n"))
                if line != seen:
                    _say(f"controller: {line.strip()[:100]}")
                    seen = line
                    result.stages.append((time.perf_counter() - result.clicked, line.strip()))
                if "overzichten bijwerken" in line and result.last_stage_at is None:
                    result.last_stage_at = time.perf_counter()
                if not shot_taken and "controleren: " in line and " van " in line:
                    await page.wait_for_timeout(300)    # the fragment's elements drawn, not their placeholders
                    await page.screenshot(path=str(shot), full_page=False)
                    shot_taken = True
            await page.wait_for_timeout(250)
        result.ended = time.perf_counter()
    finally:
        started.set()
        done.set()
        await context.close()


async def _run(url: str, workbook: Path, sessions: int, rounds: int, shot: Path, reading: float,
               without_browser: bool) -> tuple[Session, list[Session], list[Session], Session, Import]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # The readers, the single session and the probe; the controller is always in the browser.
        opener = functools.partial(protokol.Lezer.open, url) if without_browser else \
            functools.partial(_BrowserReader.open, browser, url)
        # The single session walks once untimed first: the figures of each page are cached per data version for
        # every session, so the readers find them computed; a single p95 made of first computations would flatter
        # the ratio.
        await _walk(opener, Session("opwarmen"), 1, None)
        alone = Session("alleen")
        await _walk(opener, alone, rounds, None)

        go, uploaded, started, done = asyncio.Event(), asyncio.Event(), asyncio.Event(), asyncio.Event()
        result = Import()
        files, file_url = _serve_file(workbook)
        controller = asyncio.create_task(_controller(browser, url, file_url, workbook, go, uploaded, started, done, result,
                                                      shot))
        await uploaded.wait()
        readers = [Session(f"lezer {i + 1}") for i in range(sessions)]
        # Every reader has its first page open before the import starts: ten newcomers at once would measure their
        # own first loads on the two cores, not their pages while the import runs.
        opened = [await opener() for _ in readers]
        _say(f"{len(opened)} readers have the app open; one walk of them all without an import")
        # The same readers walking at once without an import: what the readers cost each other on these cores.
        together = [Session(f"lezer {i + 1} zonder import") for i in range(sessions)]
        await asyncio.gather(*(_walk(opener, s, 1, None, reader, keep=True, reading=reading)
                               for s, reader in zip(together, opened, strict=True)))
        # The click first, on a quiet server (a click made while ten sessions keep the server busy was lost again
        # and again in this run's first version), then the readers walk from the moment the import shows its status.
        go.set()
        await started.wait()
        walks = [asyncio.create_task(_walk(opener, s, None, done, reader, reading=reading))
                 for s, reader in zip(readers, opened, strict=True)]
        probe = Session("peiler")
        walks.append(asyncio.create_task(_probe(opener, probe, done)))
        await asyncio.gather(controller, *walks)
        # After the commit: what a fresh visit shows (the caches of other sessions follow within seconds).
        after = Session("na afloop")
        await _walk(opener, after, 1, None)
        readers.append(after)
        await browser.close()
        files.shutdown()
    return alone, together, readers, probe, result


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.last", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the trajecten workbook (default 1.000.000)")
    parser.add_argument("--sessions", type=int, default=10, help="readers at once (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="walks of the single session (default 2)")
    parser.add_argument("--lezen", type=float, default=0.0,
                        help="mean seconds a reader reads a page before the next click (default 0: no reading)")
    parser.add_argument("--zonder-browser", action="store_true",
                        help="readers, single session and probe over Streamlit's websocket protocol (bench/protokol.py)"
                             " instead of in Chromium: the server's share of a page time, without drawing")
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    workbook = OUT / f"trajecten-{args.rows}.xlsx"
    if not workbook.exists():
        started = time.perf_counter()
        write_workbook(args.rows, workbook)
        print(f"workbook of {args.rows} rows written in {time.perf_counter() - started:.0f} s: {workbook}")
    print(f"workbook {workbook.name}: {workbook.stat().st_size / 1e6:.1f} MB; {os.cpu_count()} cores, shared by the server "
          f"and the browsers; readers read {f'{args.lezen:g} s per page on average' if args.lezen else 'nothing'}; "
          f"readers {'over the websocket protocol, nothing drawn' if args.zonder_browser else 'in Chromium'}")

    with tempfile.TemporaryDirectory(prefix="bench-last-") as tmp:
        base = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("JEUGDHULP_PSEUDONIEM_SLEUTEL", "JEUGDHULP_CONTROLLERS")}
        env.update(JEUGDHULP_DB=str(base / "db.duckdb"), JEUGDHULP_SLEUTELBESTAND=str(base / "sleutel"),
                   JEUGDHULP_CONTROLLER_WACHTWOORD=PASSWORD)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "loaders", "--db", env["JEUGDHULP_DB"], "history"],
                       cwd=PROJECT, env=env, check=True, capture_output=True)
        print(f"database with default and example data built in {time.perf_counter() - started:.1f} s")
        app, url = _serve(env, base / "app.log")
        shot = OUT / f"last-voortgang-{args.rows}.png"
        try:
            alone, together, readers, probe, result = asyncio.run(_run(url, workbook, args.sessions, args.rounds,
                                                                       shot, args.lezen,
                                                                       args.zonder_browser))
        finally:
            _stop(app)
            log = (base / "app.log").read_text(errors="replace")
    _print(alone, together, readers, probe, result, log, shot)
    return 0


def _print(alone: Session, together: list[Session], readers: list[Session], probe: Session, result: Import,
           log: str, shot: Path) -> None:
    # Under load: the readers' visits that began while the import ran (click to report).
    under_load = [seconds for s in readers[:-1] for started, seconds, _ in s.visits
                  if result.clicked <= started <= (result.ended or started)]
    print(f"\nsingle session: {len(alone.times)} pages, p95 {_p95(alone.times):.2f} s, median "
          f"{statistics.median(alone.times):.2f} s, errors {len(alone.errors)}")
    for error in alone.errors:
        print(f"  {error}")
    print(f"under load ({len(readers) - 1} readers while importing):")
    for session in readers:
        times = f"p95 {_p95(session.times):.2f} s, median {statistics.median(session.times):.2f} s" \
            if session.times else "no page loaded"
        print(f"  {session.name:<10} {len(session.times):>3} pages, {len(session.errors)} errors, {times}")
        for error in session.errors[:5]:
            print(f"      {error}")
    if under_load:
        ratio = _p95(under_load) / _p95(alone.times)
        print(f"{len(under_load)} visits began while the import ran")
        without = [t for s in together for t in s.times]
        if without:
            print(f"the same readers walking at once without an import: p95 {_p95(without):.2f} s, median "
                  f"{statistics.median(without):.2f} s ({len(without)} visits); with the import: "
                  f"{_p95(under_load) / _p95(without):.2f}x that p95")
        print(f"p95 page time under load {_p95(under_load):.2f} s vs single session {_p95(alone.times):.2f} s: "
              f"{ratio:.2f}x (goal <= 2x); median {statistics.median(under_load):.2f} s vs "
              f"{statistics.median(alone.times):.2f} s")
    print(f"import wall time (click to report): {result.ended - result.clicked:.1f} s — {result.result or 'no report'}")
    for seconds, line in result.stages:
        print(f"  {seconds:7.1f} s  {line}")
    _print_slow(alone, readers[:-1], result)
    before = {figures for s in [alone] for _, _, figures in s.overzicht}
    after = {figures for _, _, figures in readers[-1].overzicht}
    commit = result.last_stage_at or result.ended
    # A visit whose key figures were not all drawn yet ('' or fewer than the single session saw) is neither old nor
    # new: the metrics appear one after the other.
    metrics = max((len(f.split(" | ")) for f in before if f), default=0)

    def whole(figures: str) -> bool:
        return bool(figures) and len(figures.split(" | ")) == metrics

    during = [(end, figures) for s in [*readers[:-1], probe] for start, end, figures in s.overzicht
              if start >= result.clicked and end <= commit and whole(figures)]
    early_new = [f for _, f in during if f not in before]
    print(f"readers' Overzicht visits while the import ran (before its last stage): {len(during)}, showing the old "
          f"figures: {sum(f in before for _, f in during)}, new figures before the commit: {len(early_new)}"
          f" — {'old data until commit' if not early_new else 'NEW DATA SEEN EARLY'}")
    print(f"  Overzicht before: {sorted(before)}\n  after: {sorted(after)}\n  probe (fresh Overzicht loads): "
          f"{len(probe.overzicht)} loads, {len(probe.errors)} errors; figures by seconds after the click: "
          + ", ".join(f"{end - result.clicked:.0f} s {'old' if f in before else 'new' if whole(f) else 'not drawn yet'}"
                      for _, end, f in probe.overzicht))
    for error in probe.errors[:5]:
        print(f"      {error}")
    early = sorted({f for s in [*readers[:-1], probe] for start, end, f in s.overzicht
                    if end <= commit and whole(f) and f not in before})
    if early:
        print(f"  figures seen before the commit that the single session never saw: {early}")
    tracebacks = log.count("Traceback")
    print(f"server log: {tracebacks} tracebacks; screenshot of the progress: {shot if shot.exists() else 'none'}")


def _stage_at(result: Import, moment: float) -> str:
    """The import's stage the controller saw last before `moment` (perf_counter); 'before'/'after' the import."""
    if moment < result.clicked:
        return "before the click"
    if moment > result.ended:
        return "after the report"
    seen = [line for seconds, line in result.stages if result.clicked + seconds <= moment]
    return (seen[-1].split(":")[0] if seen else "clicked, no status yet")[:40]


def _print_slow(alone: Session, readers: list[Session], result: Import) -> None:
    """The visits under load slower than twice the single session's p95: when (seconds after the click), which page,
    and the import's stage when they started, so a slow page can be put down to what the import was doing."""
    limit = 2 * _p95(alone.times)
    slow = sorted((started, seconds, title, session.name) for session in readers
                  for started, seconds, title in session.visits if seconds > limit)
    print(f"visits under load over 2x the single p95 ({limit:.2f} s): {len(slow)} of "
          f"{sum(len(s.visits) for s in readers)}")
    by_stage: dict[str, list[float]] = {}
    for started, seconds, _, _ in slow:
        by_stage.setdefault(_stage_at(result, started), []).append(seconds)
    for stage, times in by_stage.items():
        print(f"  during '{stage}': {len(times)} visits, longest {max(times):.1f} s")
    for started, seconds, title, name in slow[:25]:
        print(f"  {started - result.clicked:7.1f} s  {seconds:5.1f} s  {title} ({name})")


if __name__ == "__main__":
    raise SystemExit(main())
