"""A validated sheet in its table's columns: renamed, with what the import derives (regio, segment from the product
code, stay from the product or its category, hashed client numbers come later) and the checks only the derived columns
allow. One gemeente that was merged into another has its rows summed under the new one."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from loaders import cbs, ijw, segmenten
from loaders.problems import Problem
from loaders.reference import Reference
from loaders.validate import SheetResult

# Where each kind's rows go, and which columns (an allow-list: identifiers never come from input).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "uitgaven": ("uitgaven", ("gemeente_code", "regio_code", "segment_code", "jaar", "periode", "soort", "bedrag_eur")),
    "volumes": ("volumes", ("gemeente_code", "regio_code", "segment_code", "jaar", "periode", "jeugdigen", "trajecten")),
    "trajecten": ("trajecten", ("client_key", "gemeente_code", "regio_code", "segment_code", "productcategorie",
                                "productcode", "aanmelddatum", "startdatum", "einddatum", "aanbieder", "verblijf",
                                "bedrag_eur")),
    "kpi": ("kpi_waarde", ("kpi", "jaar", "waarde", "regio_code", "gemeente_code", "segment_code", "periode", "eenheid")),
    "doelen": ("doel", ("kpi", "basisjaar", "doeljaar", "doelwaarde", "wijziging_pct", "regio_code", "gemeente_code",
                        "segment_code", "bron")),
    "consultatie": ("consultatie", ("regio_code", "gemeente_code", "document", "punt", "thema", "thema2", "standpunt",
                                    "samenvatting", "reactie_uitkomst", "reactie", "bron_regel", "vindplaats")),
    "gemeenten": ("gemeente_jaar", ("gemeente_code", "jaar", "inwoners", "jeugdigen_0_17")),
    "broncijfers": ("bron_cijfer", ("regio_code", "gemeente_code", "jaar", "maat", "onderdeel", "waarde", "eenheid",
                                    "soort", "document", "regel", "toelichting", "onzeker",
                                    "vindplaats")),
    "segmenten": ("segment", ("regio_code", "segment_code", "naam", "vorm", "residentieel", "structuur", "volgorde",
                              "aliassen", "toelichting", "bron")),
    "cbs": ("cbs_cijfer", tuple(cbs.COLUMNS)),
    "bronkpi": ("bron_kpi", ("regio_code", "onderdeel", "kpi", "definitie", "richting", "streefwaarde", "eenheid",
                             "streefjaar", "toelichting", "regel", "vindplaats")),
}
# Keys that may exist only once among active facts (DESIGN: duplicated keys are refused).
# (Population per gemeente and year needs none: the newest active batch wins in stg_gemeente_jaar.)
FACT_KEYS: dict[str, tuple[str, ...]] = {
    "uitgaven": ("gemeente_code", "segment_code", "jaar", "periode", "soort"),
    "volumes": ("gemeente_code", "segment_code", "jaar", "periode"),
}
_STAY_VORMEN = {"residentieel", "gesloten", "gezinshuis", "pleegzorg"}


def to_table(result: SheetResult, ref: Reference) -> pd.DataFrame:
    """Rename and derive the validated columns into the table's columns."""
    kind = result.kind.name
    frame = result.frame.copy().rename(columns={"segment": "segment_code"})
    derive = _DERIVE.get(kind)
    if derive is not None:
        frame = derive(frame, ref)
    if kind in _SUMMED and "gemeente" in frame and (frame["gemeente"] != frame["gemeente_code"]).any():
        frame = _sum_merged(frame, kind)
    _, columns = TABLES[kind]
    for column in columns:
        if column not in frame and column != "client_key":
            frame[column] = None
    kept = ["client" if c == "client_key" else c for c in columns]
    extra = [c for c in ("naam", "regio", "inkoopmodel", "bron") if kind == "gemeenten" and c in frame and c not in columns]
    return frame[["_rij", *kept, *extra]]


def _trajecten(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """The product category from the code, the segment from the product where none is given, and the stay."""
    if "productcategorie" not in frame and "productcode" in frame:
        frame["productcategorie"] = frame["productcode"].str[:2]
    elif "productcode" in frame:
        frame["productcategorie"] = frame["productcategorie"].fillna(frame["productcode"].str[:2])
    for column in ("segment_code", "productcode", "productcategorie"):
        if column not in frame:
            frame[column] = None
    missing = frame["segment_code"].isna()
    if missing.any():
        frame.loc[missing, "segment_code"] = _segments_for_products(ref, frame.loc[missing])
    # verblijf: as given; else as the iJw product list says; else from the category (stays); else from the
    # segment's vorm.
    given = frame["verblijf"] if "verblijf" in frame else pd.Series(None, index=frame.index, dtype="object")
    # Each distinct product code looked up once (Series.map of a dict on a million text cells takes a quarter second).
    positions, codes = pd.factorize(frame["productcode"])
    per_code = np.array([ijw.verblijf(c) for c in codes] + [None], dtype=object)
    from_product = pd.Series(per_code[positions], index=frame.index, dtype="object")
    given = given.astype("object").where(given.notna(), from_product)
    category = frame["productcategorie"]
    from_category = category.isin(ijw.STAY_CATEGORIES).where(category.notna())
    stay_segments = {f"{r}|{c}" for (r, c), vorm in ref.segment_vorm.items() if vorm in _STAY_VORMEN}
    from_segment = (frame["regio_code"].astype("string") + "|" + frame["segment_code"].astype("string")).isin(
        stay_segments).fillna(False)
    frame["verblijf"] = given.astype("object").where(given.notna(), from_category.astype("object").where(
        from_category.notna(), from_segment)).astype(bool)
    return frame


def _gemeenten(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """The CBS code as the gemeente; a gemeente merged into one other under its successor's code, name and region."""
    frame = frame.rename(columns={"code": "gemeente_code"})
    frame["gemeente"] = frame["gemeente_code"]
    merged = {code: ref.merged(code) for code in frame["gemeente_code"].dropna().unique()}
    single = {code: m.opvolgers[0] for code, m in merged.items() if m is not None and len(m.opvolgers) == 1}
    mapped = frame["gemeente_code"].isin(list(single))
    frame["gemeente_code"] = frame["gemeente_code"].replace(single)
    frame.loc[mapped, "naam"] = frame.loc[mapped, "gemeente_code"].map(ref.gemeente_names)
    frame.loc[frame["gemeente_code"].isin(list(single.values())), "regio"] = frame["gemeente_code"].map(
        ref.gemeente_regio)
    return frame


def _segmenten(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """Residential as given, else from the vorm; an uploaded list's structure and its order as in the file."""
    del ref
    frame = frame.rename(columns={"code": "segment_code"})
    given = frame["residentieel"] if "residentieel" in frame else pd.Series(None, index=frame.index, dtype="object")
    frame["residentieel"] = given.astype("object").where(
        given.notna(), frame["vorm"].isin(segmenten.RESIDENTIAL_VORMEN)).astype(bool)
    frame["structuur"] = segmenten.UPLOADED_STRUCTURE
    frame["volgorde"] = range(1, len(frame) + 1)
    return frame


def _broncijfers(frame: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    del ref
    frame["onzeker"] = frame.get("toelichting", pd.Series("", index=frame.index)).fillna("").str.startswith(
        "toewijzing onzeker")
    return frame


_DERIVE: dict[str, Callable[[pd.DataFrame, Reference], pd.DataFrame]] = {
    "trajecten": _trajecten, "gemeenten": _gemeenten, "segmenten": _segmenten, "broncijfers": _broncijfers}


# Kinds whose rows of merged gemeenten add up to one row of their successor, and the columns that are summed.
_SUMMED = {"uitgaven": ("bedrag_eur",), "volumes": ("jeugdigen", "trajecten"), "gemeenten": ("inwoners", "jeugdigen_0_17")}


def _sum_merged(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Rows of gemeenten that merged since (Brielle, Hellevoetsluis and Westvoorne in 2022) become one row of
    their successor (Voorne aan Zee) per key; a sum stays blank only when all its parts are."""
    key = [c for c in (*FACT_KEYS.get(kind, ()), *(("gemeente_code", "jaar") if kind == "gemeenten" else ()))
           if c in frame]
    sums = [c for c in _SUMMED[kind] if c in frame]
    rest = {c: "first" for c in frame.columns if c not in key and c not in sums}
    grouped = frame.groupby(key, dropna=False, sort=False)
    result = grouped.agg({**rest, **{c: lambda s: s.sum(min_count=1) for c in sums}}).reset_index()
    return result.sort_values("_rij", kind="stable").reset_index(drop=True)


def _segments_for_products(ref: Reference, frame: pd.DataFrame) -> list[str | None]:
    """The segment of each trajectory that names none, from its product code or category (loaders.ijw): the
    region's first segment of the most specific vorm it has. Each distinct (regio, code, category) once."""
    keys = list(zip(frame["regio_code"], frame["productcode"], frame["productcategorie"], strict=True))
    found = {key: _segment_for_product(ref, *key) for key in set(keys)}
    return [found[key] for key in keys]


def _segment_for_product(ref: Reference, regio: str | None, productcode: object, categorie: object) -> str | None:
    codes_by_vorm: dict[str, str] = {}
    for (segment_regio, code), vorm in ref.segment_vorm.items():   # in the region's order: the first one wins
        if segment_regio == regio:
            codes_by_vorm.setdefault(vorm, code)
    productcode = None if productcode is None or pd.isna(productcode) else productcode
    for vorm in ijw.vormen(productcode, categorie):
        if vorm in codes_by_vorm:
            return codes_by_vorm[vorm]
    return None


def derived_problems(result: SheetResult, frame: pd.DataFrame, ref: Reference) -> list[Problem]:
    """Trajecten whose product code or category points to a vorm the region has no segment for."""
    if result.kind.name != "trajecten":
        return []
    missing = frame[frame["segment_code"].isna()]
    problems = []
    for row, code, cat, regio in zip(missing["_rij"], missing["productcode"], missing["productcategorie"],
                                     missing["regio_code"], strict=True):
        named = f"productcode {code}" if isinstance(code, str) else f"productcategorie {cat}"
        vormen = ijw.vormen(code if isinstance(code, str) else None, cat)
        problems.append(Problem("geen-segment-voor-vorm", sheet=result.sheet, row=int(row),
                                column="productcode" if isinstance(code, str) else "productcategorie",
                                value=f"{named} (vorm {' of '.join(vormen)})" if vormen else named,
                                limit=ref.regio_names.get(str(regio), str(regio))))
    return problems
