"""Helpers for the browser tests: a `streamlit run` server on a free port against a temp database,
and the Chromium launch options (Debian's /usr/bin/chromium; never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def app_env(db_path: Path, key_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "JEUGDHULP_PSEUDONIEM_SLEUTEL"}
    # No controller password file of the developer's (python -m loaders controller) in a test's server.
    env.update(JEUGDHULP_DB=str(db_path), JEUGDHULP_SLEUTELBESTAND=str(key_file),
               JEUGDHULP_CONTROLLERBESTAND=str(db_path.parent / "controller-wachtwoord"))
    return env


def build_database(env: dict[str, str]) -> None:
    """Fill an empty database with the defaults and example data (the CLI does this on first use)."""
    subprocess.run([sys.executable, "-m", "loaders", "--db", env["JEUGDHULP_DB"], "history"],
                   cwd=PROJECT_DIR, env=env, check=True, capture_output=True, timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    snapshot: Path | None = None   # a copy of the database as the server started on it, free to open

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_server(env: dict[str, str], log: Path, timeout: float = 60) -> Server:
    """`streamlit run app.py` in its own process group; returns once /_stcore/health answers."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"streamlit did not answer on {server.url} within {timeout} s:\n{server.log_tail()}")


@contextmanager
def serve_example(base: Path, **env_extra: str | None) -> Iterator[Server]:
    """`streamlit run app.py` on a fresh database with the defaults and example data in `base`.

    Tests read expected figures from `server.snapshot`, a copy taken before the server opened the file:
    DuckDB lets no other process open a database a server holds, not even read-only."""
    require_chromium()
    env = app_env(base / "jeugdhulp.duckdb", base / "pseudoniem.key")
    for name, value in env_extra.items():    # None removes a variable the test run may have set
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    build_database(env)
    snapshot = base / "kopie.duckdb"
    shutil.copyfile(base / "jeugdhulp.duckdb", snapshot)
    server = start_server(env, base / "streamlit.log")
    server.snapshot = snapshot
    try:
        yield server
    finally:
        server.stop()


RERUN_MS = 30_000
FLOW_TIMEOUT_S = 90


def require_chromium() -> None:
    import pytest

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package (never `playwright install`)")


def wait_idle(page: object, timeout_ms: int = RERUN_MS) -> None:
    """Wait until Streamlit says the script is not running: a widget touched during a rerun can be redrawn and
    lose what was done to it (an uploaded file, a click on a chart)."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
        timeout=timeout_ms)


def download(page: object, button: object, folder: Path, timeout_ms: int = RERUN_MS) -> Path:
    """Click a download button once the script is idle and save what it gives under its suggested name. A button
    clicked while a rerun redraws it can lose the click (a deferred download's data is registered per run), which
    made CI fail once; a user would click again, a test must not need to."""
    wait_idle(page)
    button.wait_for(state="visible", timeout=timeout_ms)
    with page.expect_download(timeout=timeout_ms) as info:
        button.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def screenshot(page: object, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def run_in_browser(flow: Callable[[object], None], shots: Path, name: str = "playwright",
                   timeout_s: float = FLOW_TIMEOUT_S) -> None:
    """Run `flow(page)` on a fresh page of headless Chromium in a thread of its own (Playwright's sync API
    refuses a second instance in a thread that runs one, as tests/test_browser.py keeps one open per
    session); a failure is re-raised in the test's thread, with a screenshot of the page."""
    import pytest
    from playwright import sync_api

    failures: list[BaseException] = []

    def target() -> None:
        try:
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL").new_page()
                    page.set_default_timeout(RERUN_MS)
                    try:
                        flow(page)
                    except BaseException:
                        screenshot(page, shots / "mislukt.png")
                        raise
                finally:
                    browser.close()
        except BaseException as exc:  # re-raised in the test's own thread below
            failures.append(exc)

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    thread.join(timeout=timeout_s)
    if thread.is_alive():
        pytest.fail(f"the browser flow did not finish within {timeout_s} s")
    if failures:
        raise failures[0]
