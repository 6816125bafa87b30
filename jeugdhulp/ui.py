"""Shared page parts: the example-data mark, a chart with its caption (definition and source),
and downloads of the table behind it as CSV and Excel — with masked counts shown as "<5"."""

from __future__ import annotations

import io
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from jeugdhulp import fmt
from jeugdhulp.state import Selectie
from loaders.formats import Kind
from loaders.importer import FileReport

EXAMPLE_TEXT = (
    "Voorbeelddata (fictief): deze cijfers zijn verzonnen om het dashboard te laten zien. "
    "Ze zeggen niets over de echte gemeenten."
)


def ratio(numerator: float, denominator: float) -> float | None:
    """A share or average that is simply absent (not infinite) when there is nothing to divide by."""
    if denominator is None or pd.isna(denominator) or denominator == 0 or pd.isna(numerator):
        return None
    return float(numerator) / float(denominator)


def example_mark(voorbeeld: bool) -> None:
    if voorbeeld:
        st.warning(EXAMPLE_TEXT, icon=":material/science:")


def page_intro(selectie: Selectie, question: str) -> None:
    st.title(question)
    years = str(selectie.jaar_van) if selectie.jaar_van == selectie.jaar_tot else f"{selectie.jaar_van}–{selectie.jaar_tot}"
    where = selectie.label if not selectie.gemeenten else f"{selectie.label} · {selectie.regio_naam}"
    st.caption(f"{where} · {years}"
               + (f" · {len(selectie.segmenten)} segment(en)" if selectie.segmenten else " · alle segmenten"))


def any_example(*frames: pd.DataFrame) -> bool:
    return any(bool(f[c].fillna(False).any()) for f in frames for c in f.columns if c.startswith("voorbeeld"))


def sources(*frames: pd.DataFrame) -> str:
    found: list[str] = []
    for frame in frames:
        for column in [c for c in frame.columns if c.startswith("bron")]:
            for value in frame[column].dropna():
                for part in str(value).split("; "):
                    if part and part not in found:
                        found.append(part)
    return "; ".join(found) or "geen gegevens"


def _export_frame(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The table as a reader sees it: Dutch column names, masked counts as '<5', example flag spelled out."""
    out = pd.DataFrame(index=frame.index)
    for column, label in columns.items():
        if column not in frame:
            continue
        values = frame[column]
        small = frame.get(f"{column}_klein")
        if small is not None:
            values = values.astype("object").where(~small.fillna(False), f"<{fmt.SMALL_COUNT}")
        out[label] = values
    if "voorbeeld" in frame:
        out["Voorbeelddata (fictief)"] = frame["voorbeeld"].map({True: "ja", False: "nee"})
    if "bron" in frame:
        out["Bron"] = frame["bron"]
    return out


def dutch_numbers(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A copy for display: numbers as Dutch text (1.234,5), whatever the browser's locale; blanks empty."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            continue
        if pd.api.types.is_bool_dtype(values) or not (
            pd.api.types.is_numeric_dtype(values) or values.map(lambda v: isinstance(v, (int, float))).all()
        ):
            out[column] = values.astype("object").where(values.notna(), "")
            continue
        if column.lower() in ("jaar", "batch", "batch_id", "rij") or column.startswith("Jaar"):
            out[column] = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
            continue
        places = (decimals or {}).get(column)
        if places is None:
            whole = values.dropna().map(lambda v: float(v).is_integer()).all()
            places = 0 if whole else 2
        out[column] = values.map(lambda v, p=places: "" if isinstance(v, str) or pd.isna(v) else fmt.number(v, p))
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    # Semicolons and a decimal comma, with a BOM: what Dutch Excel opens without a wizard.
    return frame.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def to_excel(frame: pd.DataFrame, title: str, note: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        frame.to_excel(writer, sheet_name="Gegevens", index=False)
        sheet = writer.sheets["Gegevens"]
        for index, column in enumerate(frame.columns):
            width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200))) if len(frame) else len(str(column))
            sheet.set_column(index, index, min(60, width + 2))
        pd.DataFrame({"Toelichting": [title, note]}).to_excel(writer, sheet_name="Toelichting", index=False)
    return buffer.getvalue()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def chart(fig: go.Figure, frame: pd.DataFrame, columns: dict[str, str], *, key: str, title: str,
          definition: str) -> None:
    """One chart: the figure, a caption with definition and source, and the table behind it."""
    voorbeeld = any_example(frame)
    st.plotly_chart(fig, key=f"{key}_chart", config={"displaylogo": False,
                                                     "toImageButtonOptions": {"filename": _slug(title), "scale": 2}})
    bron = sources(frame)
    st.caption(f"**Definitie.** {definition}  \n**Bron.** {bron}"
               + ("  \n:orange-badge[Voorbeelddata (fictief)]" if voorbeeld else ""))
    export = _export_frame(frame, columns)
    note = f"Definitie: {definition} Bron: {bron}." + (f" {EXAMPLE_TEXT}" if voorbeeld else "")
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("CSV", to_csv(export), file_name=f"{_slug(title)}.csv", mime="text/csv",
                         key=f"{key}_csv", icon=":material/download:")
    right.download_button("Excel", to_excel(export, title, note), file_name=f"{_slug(title)}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", icon=":material/download:")
    with st.expander("Tabel bij deze grafiek"):
        st.dataframe(dutch_numbers(export), hide_index=True, width="stretch")


def import_report(report: FileReport, loaded: bool) -> None:
    """What a controller sees after checking or loading one file."""
    if report.ok:
        verb = "ingelezen" if loaded else "gecontroleerd: geen fouten"
        batches = f" (batch {', '.join(map(str, report.batch_ids))})" if report.batch_ids else ""
        st.success(f"**{report.name}** is {verb}{batches}.", icon=":material/check_circle:")
    else:
        st.error(f"**{report.name}** is geweigerd: {len(report.problems)} melding(en). Er is niets ingelezen; "
                 "de database is ongewijzigd.", icon=":material/block:")
    if report.sheets:
        rows = []
        for sheet in report.sheets:
            totals = "; ".join(f"{TOTAL_LABELS.get(k, k)} {fmt.eur(v, 2) if k == 'bedrag_eur' else fmt.number(v)}"
                               for k, v in sheet.totals.items())
            rows.append({"Blad": sheet.sheet, "Soort": sheet.kind, "Regels": fmt.number(sheet.rows), "Totalen": totals})
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for note in report.notes:
        st.caption(f":material/info: {note}")
    if report.problems:
        st.dataframe(report.problem_frame(), hide_index=True, width="stretch",
                     column_config={"rij": st.column_config.NumberColumn("Rij", format="%d"),
                                    "blad": "Blad", "kolom": "Kolom", "waarde": "Waarde", "code": "Code",
                                    "melding": st.column_config.TextColumn("Melding", width="large")})


TOTAL_LABELS = {"bedrag_eur": "bedrag", "jeugdigen": "jeugdigen", "trajecten": "trajecten"}


def format_table(kind: Kind) -> pd.DataFrame:
    """The 'verwacht formaat' help of a kind, from the same column contract validation uses."""
    return pd.DataFrame([
        {"Kolom": c.name, "Verplicht": "ja" if c.required else "nee", "Ook herkend als": ", ".join(c.synonyms),
         "Uitleg": c.help}
        for c in kind.columns
    ])


STAT_COLUMNS = {"jaar": "Jaar", "aantal": "Aantal", "gemiddeld": "Gemiddeld (dagen)", "mediaan": "Mediaan (dagen)",
                "p10": "10e percentiel", "p25": "25e percentiel", "p75": "75e percentiel", "p90": "90e percentiel"}


def trajecten_provenance() -> tuple[str, bool]:
    """Source line and example flag for figures computed from trajecten (the marts carry no per-row source)."""
    from jeugdhulp.state import query

    batches = query("batches")
    active = batches[(batches["status"] == "actief") & (batches["kind"] == "trajecten")]
    return "; ".join(sorted(set(active["bron"]))) or "geen trajecten ingelezen", bool(active["voorbeeld"].any())


def with_source(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the trajecten provenance (bron, voorbeeld) to a KPI table computed from the marts."""
    bron, voorbeeld = trajecten_provenance()
    return frame.assign(bron=bron, voorbeeld=voorbeeld)


DOEL_KPIS = {
    "residentieel_volume": "Unieke jeugdigen in residentiële zorg per jaar (bij een segment: in dat segment), "
                           "per gemeente geteld en opgeteld.",
    "pleegzorg_gezinshuis_volume": "Unieke jeugdigen in pleegzorg of een gezinshuis per jaar (bij een segment: in dat "
                                   "segment), per gemeente geteld en opgeteld.",
}


def doel_label(row: pd.Series) -> str:
    name = {"residentieel_volume": "Residentiële zorg", "pleegzorg_gezinshuis_volume": "Pleegzorg en gezinshuizen"}
    segment = f", segment {row['segment_code']}" if isinstance(row["segment_code"], str) else ""
    return f"{name.get(row['kpi'], row['kpi'])}{segment}: {fmt.pct_change(float(row['wijziging_pct']) / 100, 0)} " \
           f"in {int(row['doeljaar'])}"


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    """The status per gemeente and model as a reader sees it: counts under 5 as '<5'."""
    out = pd.DataFrame({
        "Niveau": status["niveau"].map({"gemeente": "gemeente", "selectie": "selectie", "inkoopmodel": "inkoopmodel"}),
        "Naam": status["naam"],
        "Status": status["status"],
        "Basiswaarde": status["basiswaarde"].map(fmt.count),
        "Laatste jaar": status["laatste_jaar"].map(lambda v: "" if pd.isna(v) else str(int(v))),
        "Laatste waarde": status["laatste_waarde"].map(fmt.count),
        "Trend in doeljaar": status["prognose"].map(lambda v: fmt.number(v, 0)),
        "Doel": status["doelwaarde"].map(lambda v: fmt.number(v, 0)),
    })
    small = status["basiswaarde_klein"] | (status["basiswaarde"].isna() & (status["status"] == "te weinig gegevens"))
    out.loc[small, ["Basiswaarde", "Laatste waarde", "Trend in doeljaar", "Doel"]] = "<5"
    return out


def bron_kpi_table(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.assign(streefwaarde=frame["streefwaarde"].map(
        lambda v: "zonder streefwaarde" if pd.isna(v) else fmt.number(v, 0)))
    return dutch_numbers(out).rename(columns={
        "onderdeel": "Onderdeel", "kpi": "KPI", "definitie": "Definitie", "richting": "Richting",
        "streefwaarde": "Streefwaarde", "eenheid": "Eenheid", "streefjaar": "Jaar", "toelichting": "Toelichting",
        "regel": "Regel in de bron"})
