"""Data of the page 'Wat zeiden de raden, en wat laten de cijfers zien?' (pages/consultatie.py), and of the panel
'Wat zeiden de raden hierover?' under other pages (dashboard/ui.py::raden_panel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import queries, tables, themas
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class ConsultatieData:
    per: str                      # the grouping of the matrix: "thema" or "kernwaarde"
    bron: str                     # the documents shown (all when none is chosen), as the source line of every chart
    matrix: pd.DataFrame          # gemeente x thema (or kernwaarde): points by their primary theme
    kernwaarden: list[str] | None  # the order of the matrix's columns when grouped by kernwaarde, else None
    ranking: pd.DataFrame         # themes by the number of gemeenten that raised them
    reacties: pd.DataFrame        # per theme: points per stance and per outcome of the board's response
    standpunten: dict[str, str]   # column of reacties -> stance label
    uitkomsten: dict[str, str]    # column of reacties -> outcome label
    namen: dict[str, str]         # theme or kernwaarde code -> its name
    themas: list[str]             # the themes to choose from, most-named first
    eerste_met_cijfers: int       # index in themas of the first theme that has figures (0 if none has)
    stellingen: pd.DataFrame      # the Dordrecht kernwaarden with their propositions, as a table


@dataclass(frozen=True)
class ThemaPunten:
    thema: str                    # the theme's code
    naam: str                     # its name
    kernwaarde: str | None        # its kernwaarde, if it has one
    punten: pd.DataFrame          # the points on it (primary or secondary theme) in the chosen documents
    gemeenten: list[str]          # CBS codes of the gemeenten that raised it, sorted
    tabel: pd.DataFrame           # the points as the page's table


@dataclass(frozen=True)
class RadenPunten:
    themas: list[str]             # the themes the page's measures answer
    punten: pd.DataFrame          # the selected gemeenten's points on those themes (primary or secondary)
    tabel: pd.DataFrame           # the points as the panel's table

    @property
    def namen(self) -> str:
        return ", ".join(themas.name(t) for t in self.themas)


def documenten(con: duckdb.DuckDBPyConnection, sel: Selectie) -> list[str]:
    """The region's consultation documents: the choices of the page's document filter."""
    return queries.documenten(con, regio=sel.regio)


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, documenten: Sequence[str] = (),
         per: str = "thema") -> ConsultatieData:
    chosen = list(documenten)
    bron = "; ".join(chosen or queries.documenten(con, regio=sel.regio)) or "geen consultaties ingelezen"
    matrix = queries.consultatie_matrix(con, regio=sel.regio, documenten=chosen, per=per).assign(bron=bron)
    ranking = queries.thema_ranking(con, regio=sel.regio, documenten=chosen).assign(bron=bron)
    reacties = queries.thema_reacties(con, regio=sel.regio, documenten=chosen).assign(bron=bron)
    options = list(ranking["thema"]) or sorted(
        set(queries.consultatie_punten(con, regio=sel.regio, documenten=chosen)["thema"]), key=themas.name)
    return ConsultatieData(
        per=per,
        bron=bron,
        matrix=matrix,
        kernwaarden=list(themas.KERNWAARDEN) if per == "kernwaarde" else None,
        ranking=ranking,
        reacties=reacties,
        standpunten={c: c.removeprefix("standpunt_") for c in reacties.columns if c.startswith("standpunt_")},
        uitkomsten={c: c.removeprefix("reactie_").replace("_", " ") for c in reacties.columns
                    if c.startswith("reactie_")},
        namen=dict(themas.NAMES) | {k: k.capitalize() for k in themas.KERNWAARDEN},
        themas=options,
        eerste_met_cijfers=next((i for i, t in enumerate(options) if themas.measures(t)), 0),
        stellingen=tables.stellingen_table(themas.stellingen()),
    )


def thema_punten(con: duckdb.DuckDBPyConnection, sel: Selectie, thema: str,
                 documenten: Sequence[str] = ()) -> ThemaPunten:
    """The points on one theme (all gemeenten of the region: the sidebar's gemeenten do not apply)."""
    punten = queries.consultatie_punten(con, regio=sel.regio, documenten=list(documenten), thema=thema)
    return ThemaPunten(thema=thema, naam=themas.name(thema), kernwaarde=themas.kernwaarde(thema), punten=punten,
                       gemeenten=sorted(set(punten["gemeente_code"].dropna())), tabel=tables.points_table(punten))


def punten_over(con: duckdb.DuckDBPyConnection, sel: Selectie, measures: Sequence[str]) -> RadenPunten:
    """The points of the selected gemeenten on the themes a page's measures answer."""
    wanted = list(dict.fromkeys(t for m in measures for t in themas.themes_for(m)))
    points = queries.consultatie_punten(con, regio=sel.regio, gemeenten=list(sel.gemeenten))
    points = points[points["thema"].isin(wanted) | points["thema2"].isin(wanted)]
    return RadenPunten(themas=wanted, punten=points, tabel=tables.points_table(points))
