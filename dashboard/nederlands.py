"""Dutch in place of the English that Streamlit's own widgets write and no parameter changes: static CSS of our
own constants hides the English text and shows the Dutch in its place (CSS content counts in the accessible name)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import streamlit as st

# A choice list whose typed text matches nothing: Streamlit says "No results" (Streamlit 1.67, for a selectbox and a
# multiselect alike). The lists are drawn outside the widget, at the end of the page, hence a rule for the page.
LEEG_NL = "Niets gevonden"
_LEGE_LIJST = ":is([data-testid='stSelectboxVirtualDropdown'], [data-testid='stMultiSelectDropdown']) " \
    "[role='listbox'][data-empty='true'] [role='option'] span"
# Below a text field being typed in: "Press Enter to apply" or "Press Enter to submit form", then the count of
# characters ("3/256"). Every text field of the dashboard has max_chars, so the hint is the first of two parts.
ENTER_NL = "Druk op Enter"
_ENTER = "[data-testid='InputInstructions'] > span:first-child:not(:last-child)"


def pagina() -> None:
    """Streamlit's English of every page in Dutch (the filter bar calls it): an empty choice list, the hint below a
    text field."""
    st.html(f"""<style>
{_LEGE_LIJST}, {_ENTER} {{ font-size: 0; }}
{_LEGE_LIJST}::after {{ content: "{LEEG_NL}"; font-size: 0.875rem; }}
{_ENTER}::after {{ content: "{ENTER_NL}"; font-size: 0.75rem; }}
</style>""")


UPLOAD_BUTTON_NL = "Bestanden kiezen"


def upload_instructions_nl(types: list[str]) -> str:
    """What the uploader says beside its button, in Dutch: drop or choose, the size limit, the file types."""
    limit = st.get_option("server.maxUploadSize")
    return f"Sleep bestanden hierheen of kies ze · tot {limit} MB per bestand · {', '.join(t.upper() for t in types)}"


def uploader(key: str, types: list[str]) -> None:
    """The texts of the file uploader with `key` in Dutch. st.file_uploader (Streamlit 1.67) has no parameter for
    its button ("Upload") or instructions ("100MB per file • XLSX…"), so static CSS of our own constants hides
    them and shows the Dutch text in their place (CSS content counts in the accessible name). A chosen file's chip
    gives its size in English notation ("5.2KB") that CSS cannot rewrite: it is hidden, the name stays."""
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    st.html(f"""<style>
{scope} button [data-testid='stMarkdownContainer'] p {{ display: none; }}
{scope} button [data-testid='stMarkdownContainer']::after {{ content: "{UPLOAD_BUTTON_NL}"; }}
{scope} [data-testid='stFileUploaderDropzoneInstructions'] span {{ display: none; }}
{scope} [data-testid='stFileUploaderDropzoneInstructions'] > div::after {{ content: "{upload_instructions_nl(types)}"; }}
.st-key-{key} [data-testid='stFileChipName'] + div {{ display: none; }}
</style>""")


# A link to a page that does not exist: Streamlit runs the default page under a box of its own, "Page not found" and
# "The page that you have requested does not seem to exist. Running the app's main page.", in English.
NIET_GEVONDEN_TITEL = "Pagina niet gevonden"
NIET_GEVONDEN_TEKST = "Deze pagina bestaat niet (meer). U ziet het Overzicht."
_BOX = "[data-testid='stDialog'] [role='dialog']"


def onbekende_pagina(url: str | None, known: set[str]) -> None:
    """When the browser asked for a page that is not among `known` (the url paths of the pages), say so in Dutch: the
    box Streamlit shows gets a Dutch title and text, and the page names the link. Only then, because the rule is about
    any dialog box (the dashboard has no others; a hidden box would keep the page inert, so it is translated)."""
    path = unquote(urlsplit(url or "").path).strip("/")
    if not path or path in known:
        return
    st.html(f"""<style>
{_BOX} h2, {_BOX} h2 + div {{ font-size: 0; }}
{_BOX} h2::after {{ content: "{NIET_GEVONDEN_TITEL}"; font-size: 1.5rem; }}
{_BOX} h2 + div::after {{ content: "{NIET_GEVONDEN_TEKST}"; font-size: 1rem; }}
</style>""")
    # The link's path is named only when it looks like a page's name: a crafted link must not put a sentence of its
    # own on the dashboard ("bel dit nummer"), even escaped.
    named = f"De pagina '{path}'" if _PAGINANAAM.fullmatch(path) else "De gevraagde pagina"
    st.warning(f"{named} bestaat niet. U ziet het Overzicht; kies een andere pagina in de zijbalk.",
               icon=":material/link_off:")


_PAGINANAAM = re.compile(r"[a-z0-9_-]{1,40}")
