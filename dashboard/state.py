"""Streamlit glue: the one cached DuckDB connection, cached query results, and the shared
filter bar (regio, gemeenten, jaren, segmenten) that survives page changes and lives in the URL.

A little longer than 300 lines because the links that open a page on a given view (after an upload, a ready deck)
belong with the filter bar whose URL rules they follow; apart they would each need the other's private helpers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TypeVar

import duckdb
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import jobs, nederlands
from jeugdhulp import db, grafieken, presentatie, queries, safe
from jeugdhulp.pagedata import keuzes
from jeugdhulp.selectie import Selectie
from loaders.defaults import ensure_loaded
from loaders.secret import pseudonym_key

DATABASE_JOB = "state_database"
FILTER_KEYS = ("regio", "gemeenten", "jaren", "segmenten")
# Other URL parameters the filter bar must keep when it rewrites the URL: the slide shown in the slide view.
# The presentation token is kept from the session. (The profile's gemeente is the filter bar's first gemeente; an
# older link's ?gemeente= is read once, as ?gemeenten=.)
# A page's own choices that a link keeps: the slide shown, the forecast's price rise, the scenario's knobs.
EXTRA_URL_KEYS = ("dia", "prijsstijging", "residentieel", "pleegzorg", "ambulant", "prijs", "instroom", "bereikt",
                  "vergelijkjaar")
T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _database() -> jobs.Job:
    """The one connection per Streamlit process, opened (and on first start filled) in a job, so that every session
    can show what is being loaded; the job is shared by all sessions, hence cache_resource."""
    return jobs.start("De database wordt klaargezet (eerste start: standaard- en voorbeeldgegevens laden)",
                      _open_and_fill, what=" bij het klaarzetten van de database")


def _open_and_fill(job: jobs.Job) -> duckdb.DuckDBPyConnection:
    con = db.connect()
    # The key from the same lookup as the command line (environment, .streamlit/secrets.toml, key file),
    # not st.secrets: one key for every path, or the same youths are counted twice.
    ensure_loaded(con, pseudonym_key(), progress=job.progress)
    presentatie.prune(con)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """One connection per Streamlit process; every use takes its own cursor. Waits for the first build."""
    job = _database()
    job.wait()
    if job.exception is not None:
        _database.clear()          # not kept: the next run tries again (a database held by the command line)
        raise job.exception
    return job.result


def wait_for_database() -> None:
    """First start: show what is being loaded until the database is ready, then run the page (app.py calls this)."""
    job = _database()
    # Opening a filled database is quick and tells no stage; only a build (or an upgrade adding files) is shown.
    while job.running and not job.stages:
        job.wait(0.05)
    if job.running:
        st.session_state[DATABASE_JOB] = job
        jobs.watch(DATABASE_JOB)
        st.stop()


def cursor() -> duckdb.DuckDBPyConnection:
    return connection().cursor()




@st.cache_data(ttl=2, show_spinner=False)
def _data_version() -> str:
    # Asked once per page view rather than before every query; an import in the app clears all caches,
    # one from the command line is seen within two seconds.
    return queries.data_version(cursor())




def load(loader: Callable[..., T], sel: Selectie, **options: object) -> T:
    """A page's data: `loader(cursor, sel, **options)` from jeugdhulp.pagedata, cached until the data changes."""
    return _cached_load(loader, f"{loader.__module__}.{loader.__qualname__}", sel,
                        json.dumps(options, sort_keys=True, default=list), _data_version())


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_load(_loader: Callable[..., T], name: str, sel: Selectie, options_json: str, version: str) -> T:
    del name, version   # the cache key only (the loader itself is not hashed: its name stands for it)
    return _loader(cursor(), sel, **json.loads(options_json))


def grafiek(builder: Callable[..., grafieken.Grafiek], loader: Callable[..., object], sel: Selectie, *args: object,
            **options: object) -> grafieken.Prepared:
    """A standard chart made ready to draw: `builder(load(loader, sel, **options), sel, *args)` through
    grafieken.prepare, built once per data version and selection and shared by every session (cache_resource: the
    same object, not a copy). Building a plotly figure is most of a page view's server time once its data is cached
    (Uitgaven: 124 ms of figures per view); a reader walking the pages rebuilt the same figures on every visit. The
    Prepared is never changed after this: ui.show only reads it."""
    cached = _cached_kaart if builder is grafieken.gemeente_kaart else _cached_grafiek
    return cached(builder, loader, f"{builder.__module__}.{builder.__qualname__}",
                  f"{loader.__module__}.{loader.__qualname__}", sel, json.dumps(args),
                  json.dumps(options, sort_keys=True, default=list), _data_version())


def _build_grafiek(builder: Callable[..., grafieken.Grafiek], loader: Callable[..., object], sel: Selectie,
                   args_json: str, options_json: str) -> grafieken.Prepared:
    data = load(loader, sel, **json.loads(options_json))
    return grafieken.prepare(builder(data, sel, *json.loads(args_json)))


# A chart holds some 0,1 MB; a map of the whole country 3 MB (every gemeente's border): maps have a bound of their own.
@st.cache_resource(max_entries=256, show_spinner=False)
def _cached_grafiek(_builder: Callable[..., grafieken.Grafiek], _loader: Callable[..., object], builder_name: str,
                    loader_name: str, sel: Selectie, args_json: str, options_json: str,
                    version: str) -> grafieken.Prepared:
    del builder_name, loader_name, version   # the cache key only
    return _build_grafiek(_builder, _loader, sel, args_json, options_json)


@st.cache_resource(max_entries=24, show_spinner=False)
def _cached_kaart(_builder: Callable[..., grafieken.Grafiek], _loader: Callable[..., object], builder_name: str,
                  loader_name: str, sel: Selectie, args_json: str, options_json: str, version: str) -> grafieken.Prepared:
    del builder_name, loader_name, version   # the cache key only
    return _build_grafiek(_builder, _loader, sel, args_json, options_json)


@st.cache_data(max_entries=64, show_spinner=False)
def _regios(version: str) -> dict[str, str]:
    del version
    return keuzes.regios(cursor())


@st.cache_data(max_entries=16, show_spinner=False)
def alle_regios(version: str) -> dict[str, str]:
    """Every region the database knows (all jeugdregio's), code -> name, by name: for an upload's templates."""
    del version
    rows = cursor().execute("SELECT regio_code, naam FROM regio ORDER BY naam").fetchall()
    return dict(rows)


@st.cache_data(max_entries=64, show_spinner=False)
def _regio_keuzes(regio: str, version: str) -> keuzes.RegioKeuzes:
    del version
    return keuzes.van_regio(cursor(), regio)


# A link never needs more values than there are gemeenten in the country; more is noise or an attack.
MAX_URL_VALUES = 400


def _from_url(key: str) -> list[str]:
    """The comma-separated values of a URL parameter; callers keep only those they know."""
    values = st.query_params.get_all(key)
    return [v for value in values for v in value.split(",") if v][:MAX_URL_VALUES]


def whole_number(value: str | None, digits: int) -> int | None:
    """A URL value as a non-negative whole number of at most `digits` ASCII digits, else None.

    str.isdigit() accepts '²' and other scripts' digits that int() refuses or reads differently."""
    if value is None or not (0 < len(value) <= digits) or not value.isascii() or not value.isdecimal():
        return None
    return int(value)


def years_from_url(values: list[str]) -> tuple[int, int] | None:
    """`?jaren=2019,2025` as (first, last) in order; anything else (one value, three, not years) is None."""
    years = [whole_number(v, digits=4) for v in values]
    if len(years) != 2 or None in years:
        return None
    low, high = sorted(years)
    return low, high


def filter_bar() -> Selectie:
    """Draw the shared filters in the sidebar (called once, by app.py) and mirror them in the URL."""
    version = _data_version()
    regio_names = _regios(version)
    regio_codes = list(regio_names)
    state = st.session_state
    if _history_navigation():
        # The browser's Back or Forward button: the URL it went back to is the view to show, as a link would be
        # (the widgets' values it sends are those of the page the reader leaves).
        _forget_selection()
    if "filter_regio" not in state:
        # First run of this session, or Back/Forward: take the view from the link, if there is one.
        # Codes once each (a link may repeat one), in the order given; jaren keep their two values ("2026,2026").
        # Codes are upper case (GM0599, GRJR); a link typed by hand may not be.
        url_gemeenten = list(dict.fromkeys(c.upper() for c in _from_url("gemeenten") or _from_url("gemeente")[:1]))
        asked = st.query_params.get("regio")
        linked = {c.upper(): c for c in regio_codes}.get((asked or "").upper())
        state["filter_url_regio_onbekend"] = asked if asked and linked is None else None
        if linked is None:   # a link with gemeenten alone opens their region
            known = _gemeenten_overal(version)
            linked = next((known[c][1] for c in url_gemeenten if c in known and known[c][1] in regio_codes), None)
        state["filter_regio"] = linked or ("ZHZ" if "ZHZ" in regio_codes else regio_codes[0])
        state["filter_url_gemeenten"] = url_gemeenten
        state["filter_url_segmenten"] = list(dict.fromkeys(_from_url("segmenten")))
        state["filter_url_jaren"] = _from_url("jaren")

    with st.sidebar:
        nederlands.pagina()
        st.markdown("### Selectie")
        # Every filter widget gets the reader's current choice as its default too (index=, default=, value=), not
        # only through its key: the browser has been seen to forget a widget's value when a click came during a rerun,
        # and it then sends the widget's default (the first region, Midden-IJssel/Oost-Veluwe, opened instead of the
        # reader's). With the current choice as default, forgetting it changes nothing. (Both at once would make
        # Streamlit warn; .streamlit/config.toml turns that warning off.)
        regio = st.selectbox("Regio", regio_codes, index=regio_codes.index(state["filter_regio"]), key="filter_regio",
                             format_func=regio_names.get)
        keuze = _regio_keuzes(regio, version)
        gemeente_names, segment_names = keuze.gemeenten, keuze.segmenten
        years = keuze.jaren or [2019, 2025]

        # The gemeenten of another region that a link named come back when the reader opens that region.
        elders = state.setdefault("filter_link_elders", {})
        if regio in elders and "filter_url_gemeenten" not in state:
            state["filter_url_gemeenten"] = elders.pop(regio)
        skipped_gemeenten = _reset_if_invalid("filter_gemeenten", gemeente_names, "filter_url_gemeenten")
        skipped_segmenten = _reset_if_invalid("filter_segmenten", segment_names, "filter_url_segmenten")
        # select_all=False: Streamlit's bulk options ("Select all", "Select 2 matches") cannot be translated.
        gemeenten = st.multiselect("Gemeenten", list(gemeente_names), default=state.get("filter_gemeenten"),
                                   key="filter_gemeenten",
                                   format_func=gemeente_names.get, placeholder="Hele regio", select_all=False,
                                   help="Leeg laten om de hele regio te zien.")
        last = keuze.standaard_jaar or years[-1]
        default_years = (max(years[0], last - 6), last)
        url_years = years_from_url(state.pop("filter_url_jaren", None) or [])
        if url_years is not None:
            low, high = url_years
            state["filter_jaren"] = (max(low, years[0]), min(high, years[-1]))
        if "filter_jaren" not in state or not (years[0] <= state["filter_jaren"][0] <= state["filter_jaren"][1] <= years[-1]):
            state["filter_jaren"] = default_years
        elif state.get("filter_jaren_grenzen") != (years[0], years[-1]):
            # New bounds (an import added a year) make Streamlit see a new slider and forget its value;
            # setting it again in this run keeps the reader's choice.
            state["filter_jaren"] = tuple(state["filter_jaren"])
        state["filter_jaren_grenzen"] = (years[0], years[-1])
        if years[0] < years[-1]:
            jaren = st.slider("Jaren", years[0], years[-1], value=tuple(state["filter_jaren"]), key="filter_jaren")
        else:
            jaren = (years[0], years[0])
        segmenten = st.multiselect("Segmenten", list(segment_names), default=state.get("filter_segmenten"),
                                   key="filter_segmenten",
                                   format_func=segment_names.get, placeholder="Alle segmenten", select_all=False,
                                   help="Leeg laten voor alle segmenten van de regio.")

    unknown_regio = state.pop("filter_url_regio_onbekend", None)
    if skipped_gemeenten or skipped_segmenten or unknown_regio:   # said once, on the run that read the link
        known = _gemeenten_overal(version)
        for code in skipped_gemeenten:
            if code in known and known[code][1] in regio_names:
                state["filter_link_elders"].setdefault(known[code][1], []).append(code)
        st.warning(_skipped_text(skipped_gemeenten, skipped_segmenten, unknown_regio, regio_names[regio], regio_names,
                                 known), icon=":material/link_off:")
    token = presentatie_token()
    st.query_params.from_dict({
        "regio": regio,
        **({"gemeenten": ",".join(gemeenten)} if gemeenten else {}),
        "jaren": f"{jaren[0]},{jaren[1]}",
        **({"segmenten": ",".join(segmenten)} if segmenten else {}),
        **{key: st.query_params[key] for key in EXTRA_URL_KEYS if key in st.query_params},
        **({"presentatie": token} if token else {}),
    })
    return Selectie(
        regio=regio, regio_naam=regio_names[regio],
        gemeenten=tuple(gemeenten), gemeente_namen=tuple(gemeente_names[g] for g in gemeenten),
        jaar_van=int(jaren[0]), jaar_tot=int(jaren[1]), segmenten=tuple(segmenten),
    )


def _forget_selection() -> None:
    """Drop the filter bar's choices: its next run starts afresh from the URL, as a session's first run does."""
    for key in FILTER_KEYS:
        st.session_state.pop(f"filter_{key}", None)


def _history_navigation() -> bool:
    """Whether the browser's Back or Forward button started this run. Streamlit 1.67 marks such a run on its script
    context (it restores widgets bound to the URL by it) but has no public API for it yet."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and getattr(ctx, "is_history_navigation", False))


def choose_gemeente(code: str) -> None:
    """Make `code` the filter bar's first gemeente from the next run on (the profile's choice, a click on its map):
    one of the chosen gemeenten moves to the front, another replaces them. Applied by filter_bar before it draws the
    multiselect, so it works from a callback and before st.rerun() alike."""
    current = [c for c in st.session_state.get("filter_gemeenten", []) if c != code]
    chosen = code in st.session_state.get("filter_gemeenten", [])
    st.session_state["filter_url_gemeenten"] = [code, *current] if chosen else [code]


def open_region(regio: str, gemeenten: Sequence[str] = ()) -> None:
    """Open another region on the next run as its link would: the filter bar starts afresh from the URL (this
    region, these gemeenten or else those of the URL, and the years and segments of the URL that it has), as on the
    first run of a session. One change of the URL: one step in the browser's history, and a link that works."""
    st.query_params.update({"regio": regio, **({"gemeenten": ",".join(gemeenten)} if gemeenten else {})})
    st.session_state.pop("filter_regio", None)


# The page that shows a kind of figures best, for the link after an upload.
PAGE_OF_KIND = {"uitgaven": "pages/uitgaven.py", "volumes": "pages/volumes.py", "trajecten": "pages/volumes.py",
                "kpi": "pages/wachttijden.py", "doelen": "pages/doelen.py", "consultatie": "pages/consultatie.py",
                "gemeenten": "pages/overzicht.py"}


def show_view(page: str, regio: str, jaar_van: int, jaar_tot: int, gemeenten: Sequence[str] = ()) -> None:
    """Go to a page on a fresh selection: these gemeenten (none: the whole region), all segments, these years (after
    an upload: the view of what was loaded). The filter bar starts afresh from the URL, as on the first run of a
    session (which writes the reader's presentation back into it)."""
    _forget_selection()
    st.switch_page(page, query_params={"regio": regio, "jaren": f"{jaar_van},{jaar_tot}",
                                       **({"gemeenten": ",".join(gemeenten)} if gemeenten else {})})


def view_selectie(regio: str, jaar_van: int, jaar_tot: int, gemeenten: Sequence[str] = ()) -> Selectie:
    """The selection a link to a view makes (show_view): these gemeenten or the whole region, all segments."""
    keuze = _regio_keuzes(regio, _data_version())
    gemeenten = tuple(g for g in gemeenten if g in keuze.gemeenten)
    return Selectie(regio=regio, regio_naam=_regios(_data_version())[regio], gemeenten=gemeenten,
                    gemeente_namen=tuple(keuze.gemeenten[g] for g in gemeenten), jaar_van=jaar_van, jaar_tot=jaar_tot,
                    segmenten=())


def open_presentation(token: str, regio: str, jaar_van: int, jaar_tot: int, gemeenten: Sequence[str] = ()) -> None:
    """Make `token` the reader's presentation and open it, on the selection it was made for."""
    st.session_state["presentatie"] = token
    st.session_state["presentatie_link"] = token
    show_view("pages/presentatie.py", regio, jaar_van, jaar_tot, gemeenten)


def presentatie_token(create: bool = False) -> str | None:
    """The reader's presentation: taken from the link on the first run of a session, created on first use,
    and written into the URL by the filter bar so a reload or a shared link finds it again."""
    state = st.session_state
    if "presentatie" not in state:
        from_url = st.query_params.get("presentatie")
        state["presentatie_link"] = from_url     # what the link said, so the page can say when it led nowhere
        state["presentatie"] = from_url if presentatie.valid_token(from_url) else None
    if state["presentatie"] is None and create:
        state["presentatie"] = presentatie.new_token()
    return state["presentatie"]


def _reset_if_invalid(key: str, valid: dict[str, str], url_key: str) -> list[str]:
    """Keep a multiselect's value within the options of the current region; the values of a link (or of a choice
    passed on as one) that the region does not have are returned, so the reader can be told."""
    state = st.session_state
    from_url = state.pop(url_key, None)
    if from_url is not None:
        state[key] = [v for v in from_url if v in valid]
        return [v for v in from_url if v not in valid]
    if key in state:
        state[key] = [v for v in state[key] if v in valid]
    return []


@st.cache_data(max_entries=4, show_spinner=False)
def _gemeenten_overal(version: str) -> dict[str, tuple[str, str]]:
    """Every gemeente the database knows, in any region: code -> (name, region code)."""
    del version
    rows = cursor().execute("SELECT gemeente_code, naam, regio_code FROM gemeente").fetchall()
    return {code: (naam, regio) for code, naam, regio in rows}


def _skipped_text(gemeenten: list[str], segmenten: list[str], regio: str | None, regio_naam: str,
                  regio_names: dict[str, str], known: dict[str, tuple[str, str]]) -> str:
    """Why values of a link are not in the selection: a region the dashboard does not have, a gemeente of another
    region (named, with its region: opening that region selects it), codes no gemeente has (any more), segments the
    region does not have. The link's text is shown as text, each value cut at 20 characters, at most five of each."""
    def quoted(values: list[str]) -> str:
        shown = [f"'{safe.md(v[:20])}{'…' if len(v) > 20 else ''}'" for v in values[:5]]
        more = len(values) - len(shown)
        listed = ", ".join(shown[:-1]) + " en " + shown[-1] if len(shown) > 1 else shown[0]
        return listed + (f" (en nog {more})" if more else "")

    parts = [f"{quoted([regio])} is geen regio in dit dashboard; dit is {safe.md(regio_naam)}"] if regio else []
    elders = [c for c in gemeenten if c in known]
    parts += [f"{safe.md(known[c][0])} ({safe.md(c)}) hoort bij {safe.md(regio_names.get(known[c][1], known[c][1]))}: "
              "kies die regio in de zijbalk, dan staat de gemeente erbij" for c in elders[:5]]
    unknown = [c for c in gemeenten if c not in known]
    if unknown:
        parts.append(f"{quoted(unknown)} {'is geen gemeente' if len(unknown) == 1 else 'zijn geen gemeenten'} in dit "
                     "dashboard (een opgeheven of samengevoegde gemeente heeft een nieuwe code)")
    if segmenten:
        parts.append(f"{safe.md(regio_naam)} heeft geen segment {quoted(segmenten)}")
    return "Niet alles uit de link staat in de selectie. " + "; ".join(parts) + "."


def require_app() -> None:
    """First call of every page: make sure app.py (navigation, filter bar) ran before the page.

    A deep link as the very first request after the server started makes Streamlit run the page
    script alone, because it still assumes the legacy pages/ folder layout until the first
    st.navigation call. Switch that assumption off and rerun, so the entry point runs first."""
    if "filter_selectie" not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(max_entries=64, show_spinner=False)
def template(kind: str, regio: str, version: str) -> bytes:
    """The Excel template of a kind for a region (built once per data version, not on every rerun)."""
    del version
    from loaders.reference import Reference
    from loaders.template import build_template

    return build_template(kind, Reference.from_db(cursor()), regio)


def data_version() -> str:
    return _data_version()


def selectie() -> Selectie:
    """The selection made by the filter bar in this run (app.py stores it before the page runs)."""
    require_app()
    return st.session_state["filter_selectie"]
