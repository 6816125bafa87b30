"""The controller role: who may upload and undo data. Viewing needs no role.

Two ways to become a controller, whichever is configured:
- OpenID Connect via st.login when secrets.toml has an [auth] section; controllers are listed by
  e-mail in `controllers` (secrets) or $JEUGDHULP_CONTROLLERS (comma separated);
- otherwise a shared controller password: set with `python -m loaders controller` (its hash in a file the app
  reads on every check, so no restart), or from secrets (`controller_wachtwoord`) or
  $JEUGDHULP_CONTROLLER_WACHTWOORD, either as plain text (at least 12 characters) or as a pbkdf2 hash
  made with `python -m dashboard.auth` — compared in constant time. Failed attempts are logged and
  throttled per source and over the whole process.
With neither configured, nobody can upload and the Gegevens pages explain how to enable it.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from jeugdhulp import wachtwoord
from jeugdhulp.throttle import SlidingWindow
from jeugdhulp.wachtwoord import MIN_PASSWORD_LENGTH, PBKDF2_ITERATIONS, hash_password, password_matches

__all__ = ["MIN_PASSWORD_LENGTH", "PBKDF2_ITERATIONS", "hash_password", "password_matches"]   # re-exported
ENV_PASSWORD = "JEUGDHULP_CONTROLLER_WACHTWOORD"  # noqa: S105 - a variable name, not a password
ENV_CONTROLLERS = "JEUGDHULP_CONTROLLERS"
_SESSION_KEY = "auth_controller"
MAX_ATTEMPT_LENGTH = wachtwoord.MAX_PASSWORD_LENGTH   # longer input is no password anyone types: not hashed
# Five failures from one source lock that source for a quarter of an hour; twenty failures from any
# sources together (many sessions or addresses guessing in parallel) lock every login for five minutes.
MAX_FAILURES_PER_SOURCE = 5
FAILURE_WINDOW_S = 15 * 60
MAX_FAILURES_OVERALL = 20
OVERALL_WINDOW_S = 5 * 60
_SLOW_DOWN_S = 1.0                # after each failure in a session, on top of the limits above
_ALL = "*"

log = logging.getLogger(__name__)


class LoginThrottle:
    """Failed controller logins, counted per source and over all sources in a sliding window."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_source = SlidingWindow(MAX_FAILURES_PER_SOURCE, FAILURE_WINDOW_S, clock)
        self._overall = SlidingWindow(MAX_FAILURES_OVERALL, OVERALL_WINDOW_S, clock)

    def wait(self, source: str) -> float:
        """Seconds before `source` may try again; 0 when it may try now."""
        return max(self._per_source.wait(source), self._overall.wait(_ALL), 0.0)

    def failed(self, source: str) -> None:
        self._per_source.hit(source)
        self._overall.hit(_ALL)

    def succeeded(self, source: str) -> None:
        self._per_source.forget(source)

    def clear(self) -> None:
        self._per_source.clear()
        self._overall.clear()


# Process-wide on purpose: a limit per session is no limit, since every new browser tab is a new session.
# Module state lives as long as the Streamlit process, like the connection in state.connection().
_THROTTLE = LoginThrottle()


def login_throttle() -> LoginThrottle:
    return _THROTTLE


def attempt_login(attempt: str, configured: str, source: str, guard: LoginThrottle) -> tuple[bool, str | None]:
    """Check a typed password unless `source` (or everyone) is locked out.

    Returns (logged in, refusal in Dutch or None). A locked source is refused even with the right
    password, or the lock would still tell a guesser when they are right. Failures are logged with the
    time and the source, never with what was typed."""
    wait = guard.wait(source)
    if wait > 0:
        log.warning("controller login refused from %s at %s: locked for %.0f s more", source, _now(), wait)
        minutes = math.ceil(wait / 60)
        return False, f"Te veel mislukte pogingen. Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw."
    if len(attempt) <= MAX_ATTEMPT_LENGTH and password_matches(attempt, configured):
        guard.succeeded(source)
        log.info("controller login from %s at %s", source, _now())
        return True, None
    guard.failed(source)
    log.warning("controller login failed from %s at %s", source, _now())
    return False, None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def client_source() -> str:
    """Where a login attempt comes from, for the throttle and the log (see source_of)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    forwarded = st.context.headers.get_all("X-Forwarded-For")
    ctx = get_script_run_ctx()
    return source_of(st.context.ip_address, forwarded if isinstance(forwarded, list) else [],
                     ctx.session_id if ctx is not None else "onbekend")


def source_of(address: object, forwarded: list[str], session_id: str) -> str:
    """The client's address, else this session.

    st.context.ip_address is the address of the connection; it is None for a connection from this machine,
    which is also how a reverse proxy on the same host connects. Only then is the last X-Forwarded-For entry
    used (the one the proxy itself added); a client connecting directly could write anything there."""
    if isinstance(address, str) and address:
        return address[:64]
    entries = [e.strip() for value in forwarded if isinstance(value, str) for e in value.split(",")]
    if entries and entries[-1]:
        return entries[-1][:64]
    return f"sessie {session_id}"


def password_problem(configured: str) -> str | None:
    """Why a configured password cannot be used, in Dutch, or None. A hash hides its length: it is checked
    when it is made (`python -m dashboard.auth`)."""
    if configured == wachtwoord.INVALID_FILE:
        return ("het wachtwoordbestand van `python -m loaders controller` bevat geen geldige hash; stel het wachtwoord "
                "opnieuw in met die opdracht")
    if configured.startswith("pbkdf2_sha256$") and not wachtwoord.valid_hash(configured):
        return "de ingestelde hash van het wachtwoord voor controllers is ongeldig"
    if not configured.startswith("pbkdf2_sha256$") and len(configured) < MIN_PASSWORD_LENGTH:
        return f"het ingestelde wachtwoord voor controllers is korter dan {MIN_PASSWORD_LENGTH} tekens"
    return None


def _secret(name: str) -> object | None:
    try:
        return st.secrets.get(name, None)
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None


def oidc_configured() -> bool:
    return _secret("auth") is not None


def configured_password() -> str | None:
    """The password set with `python -m loaders controller` (read on every call: no restart needed; it is the
    newest way, so it wins), else `controller_wachtwoord` in secrets, else $JEUGDHULP_CONTROLLER_WACHTWOORD."""
    value = wachtwoord.stored_hash() or _secret("controller_wachtwoord") or os.environ.get(ENV_PASSWORD)
    return str(value) if value else None


def controller_emails() -> set[str]:
    listed = _secret("controllers")
    if listed is None:
        listed = [e for e in os.environ.get(ENV_CONTROLLERS, "").split(",") if e.strip()]
    return {str(e).strip().lower() for e in listed}


@dataclass(frozen=True)
class Controller:
    name: str        # e-mail for OIDC, "controller (wachtwoord)" for the shared password


def current_controller() -> Controller | None:
    """The controller of this session, without drawing anything."""
    if oidc_configured():
        user = st.user
        if user.get("is_logged_in") and str(user.get("email", "")).lower() in controller_emails():
            return Controller(str(user.get("email")))
        return None
    configured = configured_password()
    # The session remembers which password it logged in with (its digest): a new password signs everyone out.
    if (configured and password_problem(configured) is None
            and st.session_state.get(_SESSION_KEY) == _digest(configured)):
        return Controller("controller (wachtwoord)")
    return None


def require_controller() -> Controller | None:
    """Return the controller, or draw what a viewer needs to become one and return None."""
    found = current_controller()
    if found is not None:
        return found
    if oidc_configured():
        if st.user.get("is_logged_in"):
            st.error(f"U bent ingelogd als {st.user.get('email')}, maar dat adres staat niet in de lijst van "
                     "controllers. Vraag de beheerder om u toe te voegen.")
            st.button("Uitloggen", on_click=st.logout)
        else:
            st.info("Gegevens inlezen en ongedaan maken kan alleen een controller. Log in met uw organisatie-account.")
            st.button("Inloggen", on_click=st.login, type="primary")
        return None
    configured = configured_password()
    problem = password_problem(configured) if configured else None
    if problem:
        st.warning(f"Inlezen is uitgeschakeld: {problem}.")
        st.markdown(
            f"Een beheerder stelt een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens in, bij voorkeur als hash "
            "gemaakt met `python -m dashboard.auth`, in `controller_wachtwoord` (`.streamlit/secrets.toml`) of de "
            "omgevingsvariabele `JEUGDHULP_CONTROLLER_WACHTWOORD`."
        )
        return None
    if configured:
        st.info("Gegevens inlezen en ongedaan maken kan alleen een controller.")
        with st.form("auth_form"):
            attempt = st.text_input("Wachtwoord voor controllers", type="password", max_chars=MAX_ATTEMPT_LENGTH)
            if st.form_submit_button("Aanmelden", type="primary"):
                allowed, refusal = attempt_login(attempt, configured, client_source(), login_throttle())
                if allowed:
                    st.session_state[_SESSION_KEY] = _digest(configured)
                    st.rerun()
                if refusal:
                    st.error(refusal)
                else:
                    time.sleep(_SLOW_DOWN_S)  # slows down guessing within this session
                    st.error("Dat wachtwoord klopt niet.")
        return None
    st.warning("Inlezen is uitgeschakeld: er is geen controller-rol ingesteld.")
    st.markdown(
        "Een beheerder zet dit aan op een van twee manieren (zie README):\n\n"
        "1. **Inloggen met uw organisatie** (bijvoorbeeld Microsoft Entra): een `[auth]`-sectie in "
        "`.streamlit/secrets.toml` en de e-mailadressen van controllers in `controllers = [...]`;\n"
        "2. **Een wachtwoord voor controllers**: op de server `python -m loaders controller` (vraagt het "
        "wachtwoord twee keer en zet het meteen aan, zonder herstart), of `controller_wachtwoord` in "
        "`.streamlit/secrets.toml` of de omgevingsvariabele `JEUGDHULP_CONTROLLER_WACHTWOORD`."
    )
    return None


def _digest(configured: str) -> str:
    """What a session keeps of the password it logged in with: a digest, never the password or its hash."""
    return hashlib.sha256(b"inkoopmonitor-sessie/" + configured.encode("utf-8")).hexdigest()


def sign_out() -> None:
    if oidc_configured():
        st.logout()
    st.session_state.pop(_SESSION_KEY, None)


def main(read: Callable[[str], str] = getpass.getpass) -> int:
    """`python -m dashboard.auth`: ask a new controller password twice and print its hash."""
    first = read("Nieuw wachtwoord voor controllers: ")
    if first != read("Nog een keer: "):
        print("De wachtwoorden verschillen.", file=sys.stderr)
        return 2
    if len(first) < MIN_PASSWORD_LENGTH:
        print(f"Het wachtwoord is korter dan {MIN_PASSWORD_LENGTH} tekens.", file=sys.stderr)
        return 2
    print(hash_password(first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
