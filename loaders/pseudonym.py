"""Pseudonymising client ids: a keyed hash, computed in Python for tests and in DuckDB on import.
The construction must never change: stored client keys of earlier imports would no longer match."""

from __future__ import annotations

import hashlib


def pseudonym_keys(key: bytes) -> tuple[str, str]:
    """Inner and outer keys derived from the secret, for a nested keyed hash (NMAC construction)."""
    return hashlib.sha256(key + b":in").hexdigest(), hashlib.sha256(key + b":out").hexdigest()


def pseudonymise(client_id: str, key: bytes) -> str:
    """Keyed hash of a client id: stable per key, not reversible without it.

    sha256(k_out || sha256(k_in || id)), first 24 hex digits; the import computes the same in
    DuckDB (PSEUDONYM_SQL) so a million ids cost no Python loop."""
    inner, outer = pseudonym_keys(key)
    digest = hashlib.sha256((inner + client_id.strip()).encode("utf-8")).hexdigest()
    return hashlib.sha256((outer + digest).encode("utf-8")).hexdigest()[:24]


PSEUDONYM_SQL = "left(sha256(concat($k_out, sha256(concat($k_in, trim(client))))), 24)"


def pseudonym_params(key: bytes) -> dict[str, str]:
    """The bound parameters PSEUDONYM_SQL reads ($k_in, $k_out) for one secret."""
    inner, outer = pseudonym_keys(key)
    return {"k_in": inner, "k_out": outer}
