"""The controller role: who may upload and undo data. Viewing needs no role.

Two ways to become a controller, whichever is configured:
- OpenID Connect via st.login when secrets.toml has an [auth] section; controllers are listed by
  e-mail in `controllers` (secrets) or $JEUGDHULP_CONTROLLERS (comma separated);
- otherwise a shared controller password from secrets (`controller_wachtwoord`) or
  $JEUGDHULP_CONTROLLER_WACHTWOORD, either as plain text or as a pbkdf2 hash made with
  `python -m jeugdhulp.auth` — compared in constant time.
With neither configured, nobody can upload and the Gegevens pages explain how to enable it.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import secrets
import sys
import time
from dataclasses import dataclass

import streamlit as st

PBKDF2_ITERATIONS = 240_000
ENV_PASSWORD = "JEUGDHULP_CONTROLLER_WACHTWOORD"  # noqa: S105 - a variable name, not a password
ENV_CONTROLLERS = "JEUGDHULP_CONTROLLERS"
_SESSION_KEY = "auth_controller"


def hash_password(password: str, salt: str | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    """pbkdf2_sha256$<iterations>$<salt>$<hex digest>"""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def password_matches(attempt: str, configured: str) -> bool:
    """Compare a typed password with the configured one (hash or plain text) in constant time."""
    if configured.startswith("pbkdf2_sha256$"):
        _, iterations, salt, _ = configured.split("$", 3)
        return hmac.compare_digest(hash_password(attempt, salt, int(iterations)), configured)
    # Plain text in the configuration: compare digests, so the time does not depend on the text.
    return hmac.compare_digest(hashlib.sha256(attempt.encode("utf-8")).digest(),
                               hashlib.sha256(configured.encode("utf-8")).digest())


def _secret(name: str) -> object | None:
    try:
        return st.secrets.get(name, None)
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None


def oidc_configured() -> bool:
    return _secret("auth") is not None


def configured_password() -> str | None:
    value = _secret("controller_wachtwoord") or os.environ.get(ENV_PASSWORD)
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
    if configured_password() and st.session_state.get(_SESSION_KEY):
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
    if configured:
        st.info("Gegevens inlezen en ongedaan maken kan alleen een controller.")
        with st.form("auth_form"):
            attempt = st.text_input("Wachtwoord voor controllers", type="password")
            if st.form_submit_button("Aanmelden", type="primary"):
                if password_matches(attempt, configured):
                    st.session_state[_SESSION_KEY] = True
                    st.rerun()
                time.sleep(1.0)  # slows down guessing
                st.error("Dat wachtwoord klopt niet.")
        return None
    st.warning("Inlezen is uitgeschakeld: er is geen controller-rol ingesteld.")
    st.markdown(
        "Een beheerder zet dit aan op een van twee manieren (zie README):\n\n"
        "1. **Inloggen met uw organisatie** (bijvoorbeeld Microsoft Entra): een `[auth]`-sectie in "
        "`.streamlit/secrets.toml` en de e-mailadressen van controllers in `controllers = [...]`;\n"
        "2. **Een wachtwoord voor controllers**: `controller_wachtwoord` in `.streamlit/secrets.toml` of de "
        "omgevingsvariabele `JEUGDHULP_CONTROLLER_WACHTWOORD` (bij voorkeur als hash, gemaakt met "
        "`python -m jeugdhulp.auth`)."
    )
    return None


def sign_out() -> None:
    if oidc_configured():
        st.logout()
    st.session_state.pop(_SESSION_KEY, None)


if __name__ == "__main__":
    first = getpass.getpass("Nieuw wachtwoord voor controllers: ")
    if first != getpass.getpass("Nog een keer: ") or len(first) < 10:
        print("De wachtwoorden verschillen of zijn korter dan 10 tekens.", file=sys.stderr)
        sys.exit(2)
    print(hash_password(first))
