"""`python -m loaders controller`: ask a new controller password twice and store only its hash where the running
app reads it at every check (jeugdhulp/wachtwoord.py), so the role works without a restart. Exit 0 when set,
1 when nothing changed (too short or long, mistyped, broken off, or the file cannot be written)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable

from jeugdhulp import wachtwoord


def set_password(read: Callable[[str], str] | None = None) -> int:
    """`controller`: ask a new password twice (getpass), store only its hash where the running app reads it."""
    read = read or getpass.getpass
    try:
        first = read("Nieuw wachtwoord voor controllers: ")
        problem = wachtwoord.length_problem(first) or (
            None if read("Nog een keer: ") == first else "De wachtwoorden verschillen.")
    except (EOFError, KeyboardInterrupt):
        problem = "Afgebroken."
    if problem:
        print(f"{problem} Er is niets veranderd.", file=sys.stderr)
        return 1
    try:
        path = wachtwoord.store(first)
    except OSError as exc:
        print(f"Het wachtwoord kan niet bewaard worden in {wachtwoord.password_file()} ({exc.strerror}); er is niets "
              "veranderd.", file=sys.stderr)
        return 1
    print(f"Het wachtwoord voor controllers is ingesteld (alleen de hash, in {path}). Het dashboard gebruikt het "
          "meteen, zonder herstart; een eerder wachtwoord werkt niet meer.")
    return 0
