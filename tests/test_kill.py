"""An interrupted import (DESIGN.md: "A refused or interrupted import leaves the database as it was").

`python -m loaders import` runs as a subprocess on a large trajecten CSV and is SIGKILLed midway:
once while it checks the file, once while it writes the rows inside its transaction. Afterwards the
database opens with every table row for row as before (row counts and row-hash sums per table, the
batch table in full), and the next import works normally."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_csv
from tests.corpus import trajecten_csv

PROJECT_DIR = Path(__file__).resolve().parent.parent
ROWS = 300_000          # about 3 s of checking and 1 s of writing: time enough to kill it in either phase

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the open database")


def environment(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("JEUGDHULP_DB", "JEUGDHULP_PSEUDONIEM_SLEUTEL", "JEUGDHULP_SLEUTELBESTAND")}
    env["JEUGDHULP_SLEUTELBESTAND"] = str(work / "sleutel.key")
    return env


def loaders_cli(work: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=PROJECT_DIR, env=environment(work),
                          capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(work dir with the key file and big.csv, database with the default data), made once: the first
    command on an empty database loads the default data (seconds), which must not be what gets killed."""
    work = tmp_path_factory.mktemp("kill")
    database = work / "prepared.duckdb"
    done = loaders_cli(work, "--db", str(database), "history")
    assert done.returncode == 0, done.stdout + done.stderr
    (work / "big.csv").write_bytes(trajecten_csv(ROWS))
    return work, database


def fingerprint(path: Path) -> tuple[dict[str, tuple[int, int]], list[tuple]]:
    """Per table its row count and the sum of its rows' hashes (equal sums: the same rows, whatever their
    order), and the batch table in full."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        per_table = {t: con.execute(f'SELECT count(*), coalesce(sum(hash("{t}")), 0) FROM "{t}"').fetchone() for t in tables}
        batches = con.execute("SELECT batch_id, kind, bestand, status, rijen FROM batch ORDER BY 1").fetchall()
        return per_table, batches
    finally:
        con.close()


def holds_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path.resolve()) for fd in os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, ProcessLookupError):
        return False   # the process (or that descriptor) went away while looking


def wait_until(process: subprocess.Popen, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the import ended (exit {process.returncode}) before it {what}; use a bigger file"
        assert time.monotonic() < deadline, f"the import never {what}"
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["controleren", "schrijven"])
def test_killed_import_leaves_the_database_as_it_was(prepared: tuple[Path, Path], tmp_path: Path, moment: str) -> None:
    work, template = prepared
    database = tmp_path / "jeugdhulp.duckdb"
    shutil.copy(template, database)
    big = work / "big.csv"
    before = fingerprint(database)
    size = database.stat().st_size

    process = subprocess.Popen([sys.executable, "-m", "loaders", "--db", str(database), "import", str(big)],
                               cwd=PROJECT_DIR, env=environment(work),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(process, lambda: holds_open(process.pid, database), "opened the database")
        if moment == "controleren":
            time.sleep(0.5)   # reading and checking 300.000 rows takes seconds
        else:
            # DuckDB writes a large insert to the file before its commit: the file grows inside the transaction.
            wait_until(process, lambda: database.stat().st_size > size, "started writing rows")
        assert process.poll() is None, "the import ended before it could be killed; use a bigger file"
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    after = fingerprint(database)
    assert {t: n for t, (n, _) in after[0].items()} == {t: n for t, (n, _) in before[0].items()}   # counts first
    assert after == before

    small = tmp_path / "klein.csv"
    small.write_bytes(make_csv([["client", "gemeente", "segment", "startdatum"],
                                ["K1", "Dordrecht", "4A", "01-01-2024"], ["K2", "Gorinchem", "4B", "01-02-2024"]]))
    done = loaders_cli(work, "--db", str(database), "import", str(small))
    assert done.returncode == 0, done.stdout + done.stderr
    batches = fingerprint(database)[1]
    assert [(b, kind, name, rows) for b, kind, name, _, rows in batches[:-1]] == [
        (b, kind, name, rows) for b, kind, name, _, rows in before[1]]
    # the killed import used up no batch number
    assert batches[-1] == (before[1][-1][0] + 1, "trajecten", "klein.csv", "actief", 2)
