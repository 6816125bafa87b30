"""Tables and figures as a reader sees them, without Streamlit: Dutch labels and numbers, masked counts as
"<5", sources and the example flag, and the CSV and Excel files behind every download."""

from __future__ import annotations

import io

import pandas as pd

from jeugdhulp import fmt, kpi, safe

EXAMPLE_TEXT = (
    "Voorbeelddata (fictief): deze cijfers zijn verzonnen om het dashboard te laten zien. "
    "Ze zeggen niets over de echte gemeenten."
)

MIXED_TEXT = (
    "Op deze pagina staan echte en fictieve cijfers naast elkaar, nooit in één reeks: bij elk cijfer staat de bron. "
    "Waar 'voorbeelddata' staat, zijn de cijfers verzonnen."
)


SMALL = f"<{fmt.SMALL_COUNT}"
NIET_GETOOND = "niet getoond"   # a figure left out because it would come close to a hidden count
# The line under every chart (and slide) that leaves a value out, chosen by hidden_note.
HIDDEN_NOTE = (
    "Een onderbroken lijn, een ontbrekend punt of <5: minder dan 5 jeugdigen (of te weinig gevallen voor een "
    "betrouwbaar cijfer); het getal wordt niet getoond, zodat niemand herleidbaar is."
)
SMALL_COUNT_NOTE = (
    "Kleine aantallen: een aantal van 1 tot en met 4 staat als <5 en telt in elk totaal als 3, zodat het niet "
    "terug te rekenen is; een totaal kan daardoor enkele jeugdigen afwijken."
)


def ratio(numerator: float, denominator: float) -> float | None:
    """A share or average that is simply absent (not infinite) when there is nothing to divide by."""
    if denominator is None or pd.isna(denominator) or denominator == 0 or pd.isna(numerator):
        return None
    return float(numerator) / float(denominator)


# A figure derived from real and example inputs (real spend per example number of youths) is partly example:
# its frame carries deels_voorbeeld_<part> next to the example flag of its own measure.
PARTLY_EXAMPLE_PARTS = {"deels_voorbeeld_bevolking": "inwoners 0-17"}


def example_parts(*frames: pd.DataFrame) -> list[str]:
    """The inputs that are fictitious example data in figures whose own measure is real (or example)."""
    return [part for column, part in PARTLY_EXAMPLE_PARTS.items()
            if any(column in f and bool(f[column].fillna(False).any()) for f in frames)]


def example_label(*frames: pd.DataFrame) -> str:
    """'Voorbeelddata (fictief)', 'Deels voorbeelddata: inwoners 0-17 fictief', or '' for real figures only."""
    if any_example(*frames):
        return "Voorbeelddata (fictief)"
    parts = example_parts(*frames)
    return f"Deels voorbeelddata: {', '.join(parts)} fictief" if parts else ""


def example_flag(*frames: pd.DataFrame) -> bool | str:
    """What a chart marks: True for example data, the 'Deels voorbeelddata' label when only an input is, else False."""
    if any_example(*frames):
        return True
    return example_label(*frames) or False


def any_example(*frames: pd.DataFrame) -> bool:
    return any(bool(f[c].fillna(False).any()) for f in frames for c in f.columns if c.startswith("voorbeeld"))


def any_real(*frames: pd.DataFrame) -> bool:
    """A figure that is not example data (its voorbeeld flag false, not unknown)."""
    return any(bool((f[c] == False).any()) for f in frames for c in f.columns if c.startswith("voorbeeld"))  # noqa: E712


def sources(*frames: pd.DataFrame) -> str:
    found: list[str] = []
    for frame in frames:
        for column in [c for c in frame.columns if c.startswith("bron")]:
            for value in frame[column].dropna():
                for part in str(value).split("; "):
                    if part and part not in found:
                        found.append(part)
    return "; ".join(found) or "geen gegevens"


def same_status(per_jaar: pd.DataFrame, measures_by_status: dict[str, list[str]]) -> tuple[pd.DataFrame, bool]:
    """A frame of groups per jaar (groep 'gemeente' and the groups it is compared with) with the other groups'
    measures left out in a year where their status column ('echt', 'voorbeeld', 'gemengd') differs from the
    gemeente's own: real figures are never compared with example ones. Also whether anything was left out."""
    out = per_jaar.copy()
    removed = False
    emptied = pd.Series(True, index=out.index)   # rows of which every measure was left out
    for status, measures in measures_by_status.items():
        if status not in out:
            continue
        own = out[out["groep"] == "gemeente"].set_index("jaar")[status]
        mine = out["jaar"].map(own)
        differs = (out["groep"] != "gemeente") & out[status].notna() & mine.notna() & (out[status] != mine)
        removed = removed or bool(differs.any())
        emptied &= differs
        for column in measures:
            if column in out:
                out.loc[differs, column] = None
    # A row left out whole lends the chart neither its source nor its example mark.
    for column in [c for c in out.columns if c.startswith(("bron", "voorbeeld"))]:
        out[column] = out[column].astype("object").where(~emptied, None)
    return out.drop(columns=[c for c in measures_by_status if c in out]), removed


def same_status_groups(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """A frame of groups (groep 'gemeente' and the groups it is compared with) without the groups whose example
    flag differs from the gemeente's: real figures are never set next to example ones. Also whether any left."""
    own = frame.loc[frame["groep"] == "gemeente", "voorbeeld"]
    if own.empty:
        return frame, False
    other = (frame["groep"] != "gemeente") & (frame["voorbeeld"].astype(bool) != bool(own.iloc[0]))
    return frame[~other].reset_index(drop=True), bool(other.any())


def with_source(frame: pd.DataFrame, bron: str, voorbeeld: bool) -> pd.DataFrame:
    """A KPI table computed from the marts with the trajecten provenance (bron, voorbeeld) added."""
    return frame.assign(bron=bron, voorbeeld=voorbeeld)


def export_frame(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
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
    for column, part in PARTLY_EXAMPLE_PARTS.items():
        if column in frame and bool(frame[column].fillna(False).any()):
            out[f"{part.capitalize()} voorbeelddata (fictief)"] = frame[column].map({True: "ja", False: "nee"})
    if "bron" in frame:
        out["Bron"] = frame["bron"]
    return out


def hidden_note(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    """HIDDEN_NOTE when the chart of `frame`, shown with its table of `columns`, leaves a value out: a count of 1-4
    in one of those columns (its '<col>_klein' flag: '<5', a gap) or a statistic withheld because it would rest on
    fewer than kpi.MIN_CASES_STATISTICS cases (a row with cases but without the statistic); else ''."""
    for column in columns:
        flag = frame.get(f"{column}_klein")
        if flag is not None and flag.fillna(False).astype(bool).any():
            return HIDDEN_NOTE
    statistics = [c for c in columns if c in kpi.STATISTICS and c in frame]
    if statistics and "aantal" in frame:
        withheld = (frame["aantal"].fillna(0) > 0) & frame[statistics].isna().any(axis=1)
        if withheld.any():
            return HIDDEN_NOTE
    return ""


def is_share(column: object, values: pd.Series) -> bool:
    """A column of fractions shown as percentages: its label says 'Aandeel' and every number lies in 0..1."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return str(column).strip().lower().startswith("aandeel") and not numbers.empty and bool(numbers.between(0, 1).all())


def dutch_numbers(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """A copy for display: numbers as Dutch text (1.234,5), whatever the browser's locale; blanks empty."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            continue
        # A column of numbers may also hold text such as "<5" (masked counts): format the numbers, keep the text.
        numbers = values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).astype(bool)
        texts = values.map(lambda v: isinstance(v, str)).astype(bool)
        if pd.api.types.is_bool_dtype(values) or not (
            pd.api.types.is_numeric_dtype(values) or (numbers.any() and (numbers | texts | values.isna()).all())
        ):
            out[column] = values.astype("object").where(values.notna(), "")
            continue
        if column.lower() in ("jaar", "batch", "batch_id", "rij") or column.startswith("Jaar"):
            out[column] = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
            continue
        if is_share(column, values):
            out[column] = values.map(lambda v: v if isinstance(v, str) else "" if pd.isna(v) else fmt.pct(v))
            continue
        places = (decimals or {}).get(column)
        if places is None:
            numeric = values if pd.api.types.is_numeric_dtype(values) else values[numbers]
            whole = numeric.dropna().map(lambda v: float(v).is_integer()).all()
            places = 0 if whole else 2
        out[column] = values.map(lambda v, p=places: v if isinstance(v, str) else "" if pd.isna(v) else fmt.number(v, p))
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    # Semicolons and a decimal comma, with a BOM: what Dutch Excel opens without a wizard. Cells are written
    # as text by safe.csv_frame: counts whole (170, also next to "<5"), text that reads as a formula quoted.
    # CRLF as line end, so that a CR inside a cell is quoted rather than ending the row.
    return safe.csv_frame(frame).to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_excel(frame: pd.DataFrame, title: str, note: str) -> bytes:
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            # Excel has no time zones: Dutch local time, as the page shows it.
            frame[column] = frame[column].dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)
    buffer = io.BytesIO()
    # Text stays text: no formulas or links from names in a file (safe.XLSX_OPTIONS).
    # Dates and times as the pages write them: 04-12-2026 14:05, not 2026-12-04 14:05:31.482.
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": safe.XLSX_OPTIONS},
                        datetime_format="dd-mm-yyyy hh:mm", date_format="dd-mm-yyyy") as writer:
        frame.to_excel(writer, sheet_name="Gegevens", index=False)
        sheet = writer.sheets["Gegevens"]
        money = writer.book.add_format({"num_format": "#,##0.00"})   # Dutch Excel shows 3.454.018.779,00
        for index, column in enumerate(frame.columns):
            width = max(len(str(column)), *(len(str(v)) for v in frame[column].head(200))) if len(frame) else len(str(column))
            amounts = safe.is_money_label(str(column)) and pd.api.types.is_numeric_dtype(frame[column])
            sheet.set_column(index, index, min(60, width + 2), money if amounts else None)
        # The note once: a table without a note of its own passes its title (fresh eyes saw it twice).
        lines = [title, *([note] if note and note != title else [])]
        pd.DataFrame({"Toelichting": lines}).to_excel(writer, sheet_name="Toelichting", index=False)
    return buffer.getvalue()


TOTAL_LABELS = {"realisatie_eur": "realisatie", "begroting_eur": "begroting", "prognose_eur": "prognose",
                "bedrag_eur": "bedrag", "jeugdigen": "jeugdigen", "trajecten": "trajecten"}


STAT_COLUMNS = {"jaar": "Jaar", "aantal": "Aantal", "gemiddeld": "Gemiddeld (dagen)", "mediaan": "Mediaan (dagen)",
                "p10": "10e percentiel", "p25": "25e percentiel", "p75": "75e percentiel", "p90": "90e percentiel"}




def segment_naam(code: str, naam: object) -> str:
    """A segment as a reader meets it: its code with its name ('segment B – Behandeling met verblijf')."""
    return f"segment {code} – {naam}" if isinstance(naam, str) and naam else f"segment {code}"


def doel_label(row: pd.Series, met_segment: bool = True) -> str:
    """'Residentiële zorg, segment B – Behandeling met verblijf (pakket B): -30% in 2025'; without the segment for a
    chart title, where the definition under the chart names it (a long title runs into the example mark)."""
    name = {"residentieel_volume": "Residentiële zorg", "pleegzorg_gezinshuis_volume": "Pleegzorg en gezinshuizen"}
    segment = (f", {segment_naam(row['segment_code'], row.get('segment_naam'))}"
               if met_segment and isinstance(row["segment_code"], str) else "")
    return f"{name.get(row['kpi'], row['kpi'])}{segment}: {fmt.pct_change(float(row['wijziging_pct']) / 100, 0)} " \
           f"in {int(row['doeljaar'])}"


def status_table(status: pd.DataFrame) -> pd.DataFrame:
    """The status per gemeente and model as a reader sees it (queries.doel_status): counts under 5 as '<5', and
    what would come close to them — the target next to a hidden base, the trend next to a hidden last value —
    'niet getoond'."""
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
    base_small = status["basiswaarde_klein"] | (status["basiswaarde"].isna() & (status["status"] == kpi.TE_WEINIG))
    last_small = status["laatste_waarde_klein"]
    out.loc[base_small, "Basiswaarde"] = SMALL
    out.loc[base_small, "Doel"] = NIET_GETOOND
    out.loc[last_small, "Laatste waarde"] = SMALL
    out.loc[last_small, "Trend in doeljaar"] = NIET_GETOOND
    return out


def doel_toelichting(row: pd.Series) -> str | None:
    """The line under a target's status (a row of queries.doel_status): now, the target and the trend in the target
    year; no trend when the last value is hidden, no line at all when there are too few figures for a status."""
    if row["status"] == kpi.TE_WEINIG:
        return None
    if row["laatste_waarde_klein"]:
        return f"nu {SMALL}, doel {fmt.number(row['doelwaarde'], 0)}"
    return (f"nu {fmt.count(row['laatste_waarde'])}, doel {fmt.number(row['doelwaarde'], 0)}, "
            f"trend {fmt.number(row['prognose'], 0)}")


def bron_kpi_table(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.assign(streefwaarde=frame["streefwaarde"].map(
        lambda v: "zonder streefwaarde" if pd.isna(v) else fmt.number(v, 0)),
        # a year as a year (2025, not 2.025), and named for what it is: the target's year in the source
        streefjaar=frame["streefjaar"].map(lambda v: "" if pd.isna(v) else str(int(v))))
    return dutch_numbers(out).rename(columns={
        "onderdeel": "Onderdeel", "kpi": "KPI", "definitie": "Definitie", "richting": "Richting",
        "streefwaarde": "Streefwaarde", "eenheid": "Eenheid", "streefjaar": "Streefjaar", "toelichting": "Toelichting",
        "vindplaats": "Vindplaats in het document"}).drop(columns=["regel"])
