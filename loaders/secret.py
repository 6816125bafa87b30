"""The key for pseudonymising client ids: from the environment, or generated once and kept in a
file outside the repository (never in the database)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_KEY = "JEUGDHULP_PSEUDONIEM_SLEUTEL"
ENV_FILE = "JEUGDHULP_SLEUTELBESTAND"


def key_file() -> Path:
    explicit = os.environ.get(ENV_FILE)
    if explicit:
        return Path(explicit)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "inkoopmonitor-jeugdhulp" / "pseudoniem.key"


def pseudonym_key(explicit: str | None = None) -> bytes:
    """The keyed-hash key: an explicit value (e.g. from Streamlit secrets), $JEUGDHULP_PSEUDONIEM_SLEUTEL,
    or the key file (created with a random key on first use)."""
    value = explicit or os.environ.get(ENV_KEY)
    if value:
        return value.encode("utf-8")
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode("utf-8")
