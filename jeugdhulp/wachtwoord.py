"""The controller password: its hash (PBKDF2), the check in constant time, and the file in which
`python -m loaders controller` stores it. The app reads that file on every check, so a password set by the
command works at once, without a restart. No Streamlit here: the command line uses it too."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
from pathlib import Path

PBKDF2_ITERATIONS = 240_000
# NIST SP 800-63B asks at least 8 characters of a user-chosen secret; a password shared by a team and
# guessable from anywhere gets more.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256     # the login field takes no more, and longer input is refused without hashing
ENV_FILE = "JEUGDHULP_CONTROLLERBESTAND"
PREFIX = "pbkdf2_sha256$"


def hash_password(password: str, salt: str | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    """pbkdf2_sha256$<iterations>$<salt>$<hex digest>"""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations).hex()
    return f"{PREFIX}{iterations}${salt}${digest}"


_HASH = re.compile(r"pbkdf2_sha256\$([1-9][0-9]{3,7})\$([0-9a-f]{8,64})\$[0-9a-f]{64}")
INVALID_FILE = "!ongeldig-bestand"     # what configured_password gives for a password file without a valid hash


def valid_hash(text: str) -> bool:
    """A hash of ours: 1.000 to 99.999.999 iterations, a hex salt, a hex digest (anything else is refused)."""
    return _HASH.fullmatch(text) is not None


def password_matches(attempt: str, configured: str) -> bool:
    """Compare a typed password with the configured one (hash or plain text) in constant time."""
    if configured.startswith(PREFIX):
        match = _HASH.fullmatch(configured)
        if match is None:
            return False
        return hmac.compare_digest(hash_password(attempt, match.group(2), int(match.group(1))), configured)
    # Plain text in the configuration: compare digests, so the time does not depend on the text.
    return hmac.compare_digest(hashlib.sha256(attempt.encode("utf-8")).digest(),
                               hashlib.sha256(configured.encode("utf-8")).digest())


def password_file() -> Path:
    """$JEUGDHULP_CONTROLLERBESTAND, else beside the pseudonym key in the user's configuration folder."""
    explicit = os.environ.get(ENV_FILE)
    return Path(explicit) if explicit else config_dir() / "controller-wachtwoord"


def config_dir() -> Path:
    """The user's configuration folder of the app ($XDG_CONFIG_HOME or ~/.config): key file, password file."""
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "inkoopmonitor-jeugdhulp"


def stored_hash() -> str | None:
    """The hash the command stored; INVALID_FILE for a file that exists but holds no valid hash (unreadable,
    garbage, a plain password: the role is then off, never taken from elsewhere); None without a file."""
    path = password_file()
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return INVALID_FILE
    return text if valid_hash(text) else INVALID_FILE


def length_problem(password: str) -> str | None:
    """Why a new password is refused, in Dutch, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Het wachtwoord is korter dan {MIN_PASSWORD_LENGTH} tekens."
    if not password.strip():
        return "Het wachtwoord bestaat alleen uit spaties."
    if len(password.encode("utf-16-le")) // 2 > MAX_PASSWORD_LENGTH:   # the field counts as JavaScript does
        return f"Het wachtwoord is langer dan {MAX_PASSWORD_LENGTH} tekens; zo'n wachtwoord past niet in het aanmeldveld."
    return None


def store(password: str) -> Path:
    """Write the hash of `password` (never the password) to the file, readable by its owner only, in one step:
    a reader sees the old file or the new one, never half of it."""
    target = password_file()
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".controller-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(hash_password(password) + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
