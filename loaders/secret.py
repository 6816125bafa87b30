"""The key for pseudonymising client ids, found in one order by every path (app, command line,
default-data loader), and its fingerprint: proof that two keys are equal without storing either."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tomllib
from functools import lru_cache
from pathlib import Path

from jeugdhulp import wachtwoord

ENV_KEY = "JEUGDHULP_PSEUDONIEM_SLEUTEL"
ENV_FILE = "JEUGDHULP_SLEUTELBESTAND"
SECRETS_NAME = "pseudoniem_sleutel"
PROJECT_DIR = Path(__file__).resolve().parent.parent
# The files Streamlit reads st.secrets from, the project's own first because it wins there too
# (docs.streamlit.io, "Secrets management": a project file overrides the global one).
SECRETS_FILES: tuple[Path, ...] = (PROJECT_DIR / ".streamlit" / "secrets.toml",
                                   Path.home() / ".streamlit" / "secrets.toml")
# PBKDF2 rounds for the fingerprint: a guessed key costs as much to test against it as against the
# client keys themselves, and a stolen database gives no precomputed shortcut (salt per database).
FINGERPRINT_ROUNDS = 200_000
_FINGERPRINT_CONTEXT = b"inkoopmonitor-jeugdhulp/pseudoniem-sleutel/vingerafdruk/v1"


def key_file() -> Path:
    explicit = os.environ.get(ENV_FILE)
    if explicit:
        return Path(explicit)
    return wachtwoord.config_dir() / "pseudoniem.key"


def _from_secrets_files() -> str | None:
    for path in SECRETS_FILES:
        try:
            with path.open("rb") as handle:
                values = tomllib.load(handle)
        except FileNotFoundError:
            continue
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path} is geen geldig TOML-bestand ({exc}); herstel het of verwijder het.") from exc
        value = values.get(SECRETS_NAME)
        if value:
            return str(value)
    return None


def pseudonym_key() -> bytes:
    """The keyed-hash key, the first of: $JEUGDHULP_PSEUDONIEM_SLEUTEL; `pseudoniem_sleutel` in the
    project's .streamlit/secrets.toml (then ~/.streamlit/secrets.toml), the file the app's st.secrets
    reads; the key file (created with a random key on first use)."""
    value = os.environ.get(ENV_KEY) or _from_secrets_files()
    if value:
        return value.encode("utf-8")
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode("utf-8")


def new_salt() -> bytes:
    return secrets.token_bytes(16)


@lru_cache(maxsize=8)
def fingerprint(key: bytes, salt: bytes, rounds: int = FINGERPRINT_ROUNDS) -> str:
    """PBKDF2-HMAC-SHA256 of a fixed context string, keyed by the key and salted per database (hex)."""
    return hashlib.pbkdf2_hmac("sha256", key, salt + _FINGERPRINT_CONTEXT, rounds).hex()


def same_key(key: bytes, salt: bytes, rounds: int, stored: str) -> bool:
    return hmac.compare_digest(fingerprint(key, salt, rounds), stored)
