"""Helpers for the browser tests: a `streamlit run` server on a free port against a temp database,
and the Chromium launch options (Debian's /usr/bin/chromium; never `playwright install`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def app_env(db_path: Path, key_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "JEUGDHULP_PSEUDONIEM_SLEUTEL"}
    env.update(JEUGDHULP_DB=str(db_path), JEUGDHULP_SLEUTELBESTAND=str(key_file))
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
