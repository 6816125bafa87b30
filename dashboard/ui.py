"""Shared page parts: the example-data mark, a chart with its caption (definition and source),
and downloads of the table behind it as CSV and Excel — with masked counts shown as "<5"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, state
from jeugdhulp import bronfeiten, charts, fmt, grafieken, presentatie, safe, tables
from jeugdhulp.punten import points_on_screen
from jeugdhulp.selectie import Selectie
from loaders.formats import Kind
from loaders.importer import FileReport


def example_mark(voorbeeld: bool, gemengd: bool = False) -> None:
    """The page's banner: all figures fictitious, or (gemengd) real and example figures side by side."""
    if voorbeeld and gemengd:
        st.warning(tables.MIXED_TEXT, icon=":material/science:")
    elif voorbeeld:
        st.warning(tables.EXAMPLE_TEXT, icon=":material/science:")


DOCUMENT_BADGE = f":green-badge[:material/description: {bronfeiten.STATUS}]"


def feit_toelichting(feiten: list[bronfeiten.Feit], extra: str = "") -> str:
    """The caption under figures from a public document: status, source lines, a narrower scope, and `extra`
    (e.g. that the example figures around them stand apart)."""
    sources = "; ".join(f"{safe.md(f.soort)}{f' {f.jaar}' if f.jaar else ''} {safe.md(f.cijfer)}: {safe.md(f.bron)}"
                        for f in feiten)
    scopes = "; ".join(dict.fromkeys(safe.md(f.reikwijdte) for f in feiten if f.reikwijdte))
    # The status as words, not as DOCUMENT_BADGE: a caption's 60% opacity fades a badge's text below 4,5:1.
    return (f"**Status.** {bronfeiten.STATUS}  \n**Bron.** {sources}"
            + (f"  \n**Reikwijdte.** {scopes}" if scopes else "")
            + (f"  \n{extra}" if extra else ""))


def feiten(feiten: list[bronfeiten.Feit], title: str, note: str = "") -> None:
    """Figures from public documents as a block of their own, apart from example or loaded figures, each with its
    source line. Nothing when there are none."""
    if not feiten:
        return
    with st.container(border=True):
        st.markdown(f"**{safe.md(title)}** {DOCUMENT_BADGE}")
        st.markdown("\n".join(
            f"- {safe.md(f.onderwerp)}: **{safe.md(f.cijfer)}**" + (f" ({f.jaar})" if f.jaar else "")
            + f" — {safe.md(f.bron)}" for f in feiten))
        if note:
            st.caption(safe.md(note))


def page_intro(selectie: Selectie, question: str) -> None:
    st.title(question, anchor=False)
    years = selectie.jaren
    where = selectie.label if not selectie.gemeenten else f"{selectie.label} · {selectie.regio_naam}"
    st.caption(f"{safe.md(where)} · {years}"
               + (f" · {fmt.aantal(len(selectie.segmenten), 'segment', 'segmenten')}" if selectie.segmenten
                  else " · alle segmenten"))


def _downloads(export: pd.DataFrame, title: str, note: str, key: str, left: object, right: object) -> None:
    """CSV (for Dutch Excel) and .xlsx (with an explanation sheet) of a table, in two given columns. Both are made when
    clicked, not on every run: an Excel file per chart on every page view held the server's interpreter lock for
    tens of milliseconds each (issue 14, measured under bench/last.py)."""
    left.download_button("CSV", lambda: tables.to_csv(export), file_name=f"{fmt.slug(title)}.csv", mime="text/csv",
                         key=f"{key}_csv", icon=":material/download:")
    right.download_button("Excel", lambda: tables.to_excel(export, title, note), file_name=f"{fmt.slug(title)}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                          icon=":material/download:")


def chart(fig: go.Figure, frame: pd.DataFrame, columns: dict[str, str], *, key: str, title: str,
          definition: str, on_select: bool = False, hidden_note: str | None = None) -> object | None:
    """A chart not among jeugdhulp.grafieken's standard ones: see `show`."""
    return show(grafieken.Grafiek(fig, frame, columns, key, title, definition, hidden_note), on_select=on_select)


def show(g: grafieken.Grafiek | grafieken.Prepared, on_select: bool = False) -> object | None:
    """One chart: the figure, a line saying why a value is missing where one is, a caption with definition and
    source, the table behind it, and a button that adds the chart to the reader's presentation (what it stores is
    grafieken.prepare's, as for a ready-made deck). With `on_select`, clicks select points and the selection event
    is returned. A Prepared (state.grafiek: shared by every session) is only read here."""
    p = g if isinstance(g, grafieken.Prepared) else grafieken.prepare(g)
    config = {**charts.PLOTLY_CONFIG, "toImageButtonOptions": {"filename": fmt.slug(p.naam), "scale": 2}}
    # theme=None: the figure as charts.py made it, the same on the page, on a slide and in a PNG; Streamlit's chart
    # theme would grey the axis texts to 3,7:1. `alt` gives the chart its accessible name (role="img").
    drawn = dict(key=f"{p.key}_chart", config=config, theme=None, alt=chart_name(p.fig, p.naam))
    if on_select:
        event = st.plotly_chart(p.fig, on_select="rerun", selection_mode="points", **drawn)
    else:
        st.plotly_chart(p.fig, **drawn)
        event = None
    if p.note:
        st.caption(f":material/visibility_off: {safe.md(p.note)}")
    # Definitions name gemeenten and tables.sources name uploaded files: both shown as text, never as markdown.
    st.caption(f"**Definitie.** {safe.md(p.definitie)}  \n**Bron.** {safe.md(p.bron)}")
    if p.label:      # not inside the caption: its 60% opacity would fade the badge's text below 4,5:1
        st.markdown(f":orange-badge[{p.label}]")
    note = (f"Definitie: {p.definitie} Bron: {p.bron}."
            + (f" {tables.EXAMPLE_TEXT}" if p.voorbeeld else f" {p.label}." if p.label else ""))
    left, right, add, _ = st.columns([1, 1, 2, 3])
    _downloads(p.export, p.naam, note, p.key, left, right)
    add.button("Naar presentatie", key=f"{p.key}_dia", icon=":material/slideshow:",
               help="Voeg deze grafiek, zoals u hem nu ziet, als dia toe aan uw presentatie (pagina Presentatie).",
               on_click=_add_slide, args=(p.fig, p.export), kwargs=p.about)
    with st.expander("Tabel bij deze grafiek"):
        st.dataframe(tables.dutch_numbers(p.export), hide_index=True, width="stretch")
    return event


def chart_name(fig: go.Figure, title: str) -> str:
    """The chart's accessible name: 'Grafiek: ' and its title as shown (plain text, without markup)."""
    shown = safe.plotly_plain(fig.layout.title.text) if fig.layout.title and fig.layout.title.text else ""
    return f"Grafiek: {shown or title}"


def table_text(value: object) -> str:
    """A cell as markdown-safe text; a whole number stored as a float (a column with gaps) without ',0', and a code
    word such as 'niet_overgenomen' as words, so it can wrap like them."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return safe.md(str(value).replace("_", " "))


def text_table(frame: pd.DataFrame, *, key: str, title: str, note: str = "", hide: tuple[str, ...] = (),
               shown: pd.DataFrame | None = None) -> None:
    """A table of long texts (summaries, responses) shown whole: every cell wraps instead of being cut off at the
    column's edge, as in st.dataframe. st.table reads cells as markdown, so every cell is escaped text. Columns in
    `hide` are left out on screen (so the others fit the page's width) but stay in the CSV and Excel downloads;
    `shown` is a shorter form of `frame` for the screen (points_on_screen)."""
    shown = (frame if shown is None else shown).drop(columns=[c for c in hide if c in frame])
    shown = shown.astype(object).where(shown.notna(), "").map(table_text)
    st.table(shown, hide_index=True, border="horizontal")
    left, right, _ = st.columns([1, 1, 5])
    _downloads(frame, title, note or title, key, left, right)


def table(frame: pd.DataFrame, *, key: str, title: str, note: str = "", **dataframe_args: object) -> None:
    """A table as shown, with the same CSV and Excel downloads as a chart's table: numbers in Dutch notation on the
    screen (1.234,5, whatever the browser's locale), and as numbers in the downloads, so that Excel can add them up."""
    config = dataframe_args.get("column_config") or {}
    st.dataframe(_on_screen(frame, config), hide_index=True, width="stretch", **dataframe_args)
    export = _as_configured(frame, config)
    left, right, _ = st.columns([1, 1, 5])
    _downloads(export, title, note or title, key, left, right)


def _on_screen(frame: pd.DataFrame, config: dict) -> pd.DataFrame:
    """tables.dutch_numbers of the columns that no NumberColumn or CheckboxColumn of `config` draws itself."""
    typed = [column for column, setting in config.items() if column in frame and isinstance(setting, dict)
             and (setting.get("type_config") or {}).get("type") in ("number", "checkbox", "progress")]
    shown = tables.dutch_numbers(frame.drop(columns=typed))
    return shown.assign(**{column: frame[column] for column in typed})[list(frame.columns)]


def _as_configured(frame: pd.DataFrame, config: dict) -> pd.DataFrame:
    """The table as the reader sees it: columns hidden on screen (config None) left out, the others under
    the label the screen shows."""
    hidden = [c for c, setting in config.items() if setting is None and c in frame]
    labels = {column: setting if isinstance(setting, str) else setting["label"] for column, setting in config.items()
              if isinstance(setting, str) or (isinstance(setting, dict) and setting.get("label"))}   # column_config.*: dicts
    return frame.drop(columns=hidden).rename(columns=labels)


# Process-wide on purpose, like the login throttle: every new tab is a new session and a new presentation.
_SLIDES_PER_SOURCE = presentatie.new_source_rate()


def _add_slide(fig: go.Figure, table: pd.DataFrame, **about: object) -> None:
    # Slides are stored without a login: a session may add only so many per minute, a source so many a day.
    rate = st.session_state.setdefault("presentatie_tempo", presentatie.new_rate())
    if not rate.allow("dia"):
        st.toast(f"Niet toegevoegd: u voegt te snel dia's toe (hoogstens {presentatie.MAX_DIAS_PER_MINUUT} per "
                 "minuut). Probeer het zo opnieuw.", icon=":material/error:")
        return
    if not _SLIDES_PER_SOURCE.allow(auth.client_source()):
        st.toast(f"Niet toegevoegd: vanaf dit adres zijn vandaag al {presentatie.MAX_DIAS_PER_DAG_PER_BRON} dia's "
                 "gemaakt. Morgen kan het weer.", icon=":material/error:")
        return
    try:
        position = presentatie.add(state.cursor(), state.presentatie_token(create=True), fig, table, **about)
    except ValueError as error:
        st.toast(f"Niet toegevoegd: {safe.md(error)}.", icon=":material/error:")
        return
    if position is None:
        st.toast("Deze grafiek staat al in uw presentatie.", icon=":material/info:")
    else:
        st.toast(f"Toegevoegd als dia {position}. Bekijk en orden uw dia's op de pagina Presentatie.",
                 icon=":material/slideshow:")


# Problems that are not the file's: the same file can be loaded a moment later.
_TRY_AGAIN = frozenset({"import-bezig", "schrijfconflict"})


def import_report(report: FileReport, loaded: bool) -> None:
    """What a controller sees after checking or loading one file."""
    if report.problems and all(p.code in _TRY_AGAIN for p in report.problems):
        # Not the file's fault: one plain sentence to try again, no table of "fouten".
        st.warning(f"**{safe.md(report.name)}** is niet ingelezen. {safe.md(report.problems[0].message)}",
                   icon=":material/hourglass_top:")
        return
    if report.ok:
        verb = "ingelezen" if loaded else "gecontroleerd: geen fouten"
        batches = (f" ({'inleesrondes' if len(report.batch_ids) > 1 else 'inleesronde'} "
                   f"{', '.join(map(str, report.batch_ids))})" if report.batch_ids else "")
        st.success(f"**{safe.md(report.name)}** is {verb}{batches}.", icon=":material/check_circle:")
    else:
        meldingen = fmt.aantal(len(report.problems), "melding", "meldingen")
        st.error(f"**{safe.md(report.name)}** is geweigerd: {meldingen}. Er is niets ingelezen; "
                 "de database is ongewijzigd.", icon=":material/block:")
    if report.sheets:
        rows = []
        for sheet in report.sheets:
            totals = "; ".join(f"{tables.TOTAL_LABELS.get(k, k)} {fmt.eur(v, 2) if k.endswith('_eur') else fmt.number(v)}"
                               for k, v in sheet.totals.items())
            rows.append({"Blad": sheet.sheet, "Soort": sheet.kind, "Regels": fmt.number(sheet.rows), "Totalen": totals})
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for note in report.notes:
        st.caption(f":material/info: {safe.md(note)}")
    if report.problems:
        problems = report.problem_frame()
        # A problem of the whole file has no row: blank (the grid shows a missing number as "None").
        problems["rij"] = [("" if pd.isna(r) else str(int(r))) for r in problems["rij"]]
        st.dataframe(problems, hide_index=True, width="stretch", row_height=_row_height(problems["melding"]),
                     column_config={"rij": st.column_config.TextColumn("Rij"),
                                    "blad": "Blad", "kolom": "Kolom", "code": "Code",
                                    # a whole sentence as a value must not squeeze the message off the screen
                                    "waarde": st.column_config.TextColumn("Waarde", width="medium"),
                                    "melding": st.column_config.TextColumn("Melding", width="large")})


# The grid cuts a text off at the column's edge unless its rows are tall enough to wrap it: a message of the
# problem table gets the lines it needs in the "large" column (at least 400 px, about 65 characters a line; a
# little less is counted to be safe), up to MESSAGE_MAX_LINES (every message is whole in the report too).
MESSAGE_CHARS_PER_LINE = 60
MESSAGE_MAX_LINES = 6
MESSAGE_MIN_WRAPPED_LINES = 3
_LINE_PX, _ROW_PADDING_PX = 21, 14


def _row_height(messages: pd.Series) -> int:
    """The height of a problem table's rows: the lines its longest message needs (one line: the grid's own 35 px)."""
    longest = int(messages.astype(str).str.len().max()) if len(messages) else 0
    lines = min(-(-longest // MESSAGE_CHARS_PER_LINE), MESSAGE_MAX_LINES)
    # Streamlit 1.67 wraps a cell only in rows taller than 4rem (64 px): a message of two lines gets three.
    return _ROW_PADDING_PX + _LINE_PX * (max(lines, MESSAGE_MIN_WRAPPED_LINES) if lines > 1 else 1)


def format_table(kind: Kind) -> pd.DataFrame:
    """The 'verwacht formaat' help of a kind, from the same column contract validation uses."""
    return pd.DataFrame([
        {"Kolom": c.name, "Verplicht": "ja" if c.required else "nee", "Ook herkend als": ", ".join(c.synonyms),
         "Uitleg": c.help}
        for c in kind.columns
    ])


def raden_panel(sel: Selectie, *measures: str) -> None:
    """'Wat zeiden de raden hierover?': the consultation points of the selected gemeenten on the themes
    this page's figures answer."""
    from dashboard.state import load
    from jeugdhulp.pagedata import consultatie

    raden = load(consultatie.punten_over, sel, measures=list(measures))
    with st.expander(f"Wat zeiden de raden hierover? ({fmt.aantal(len(raden.punten), 'punt', 'punten')})"):
        if raden.punten.empty:
            st.write("Geen punten van de gekozen gemeenten over " + raden.namen + ".")
        else:
            text_table(raden.tabel, key="raden_panel_punten", title="Wat zeiden de raden hierover",
                       shown=points_on_screen(raden.tabel))
            st.caption("Thema's: " + raden.namen + ". Samenvattingen in eigen woorden.")


def answering_charts(sel: Selectie, thema: str, gemeenten: list[str]) -> None:
    """The charts that answer a theme, for the gemeenten that raised it (within the chosen region): one per
    measure of the theme, as jeugdhulp.pagedata.consultatie_cijfers.MATEN describes it."""
    from jeugdhulp import themas
    from jeugdhulp.pagedata import consultatie_cijfers

    if not themas.measures(thema):
        st.info("Bij dit thema horen geen cijfers in dit dashboard; de punten staan hieronder.")
        return
    if not gemeenten:
        st.info("Dit thema is alleen regionaal genoemd; de cijfers hieronder gelden voor de hele regio.")
    data = state.load(consultatie_cijfers.load, sel, thema=thema, gemeenten=gemeenten)
    st.subheader(f"Wat de cijfers laten zien — {safe.md(data.label)}", anchor=False)
    for cijfers in data.cijfers:
        maat = consultatie_cijfers.MATEN[cijfers.maat]
        chart(maat.figuur(cijfers.frame, data.view, cijfers.bron, cijfers.voorbeeld), cijfers.tabel, maat.kolommen,
              key=f"consultatie_{thema}_{cijfers.maat}", title=maat.titel, definition=maat.definitie)
