"""What the filter bar offers: the regions, and per region its gemeenten, segments, years with figures and the
default last year (dashboard.state.filter_bar draws it)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries


@dataclass(frozen=True)
class RegioKeuzes:
    gemeenten: dict[str, str]       # CBS code -> name, in name order
    segmenten: dict[str, str]       # segment code -> name, in the region's order
    jaren: list[int]                # years with figures (queries.jaren: spend, volumes; none: an empty list)
    standaard_jaar: int | None      # the last year with realised spend for at least half of the gemeenten


def regios(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Region code -> name: the regions with figures first, then the others, each by name."""
    frame: pd.DataFrame = queries.regios(con)
    return dict(zip(frame["regio_code"], frame["naam"], strict=True))


def van_regio(con: duckdb.DuckDBPyConnection, regio: str) -> RegioKeuzes:
    gemeenten = queries.gemeenten(con, regio)
    segmenten = queries.segmenten(con, regio)
    return RegioKeuzes(
        gemeenten=dict(zip(gemeenten["gemeente_code"], gemeenten["naam"], strict=True)),
        segmenten=dict(zip(segmenten["segment_code"], segmenten["segment"], strict=True)),
        jaren=queries.jaren(con, regio),
        standaard_jaar=queries.standaard_jaar(con, regio),
    )
