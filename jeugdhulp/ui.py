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

EXAMPLE_TEXT = (
    "Voorbeelddata (fictief): deze cijfers zijn verzonnen om het dashboard te laten zien. "
    "Ze zeggen niets over de echte gemeenten."
)


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
        st.dataframe(export, hide_index=True, width="stretch")
