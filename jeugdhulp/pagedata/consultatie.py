"""Data of the page 'Wat zeiden de raden, en wat laten de cijfers zien?' (pages/consultatie.py), and of the panel
'Wat zeiden de raden hierover?' under other pages (dashboard/ui.py::raden_panel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from jeugdhulp import fmt, queries, themas
from jeugdhulp.punten import points_table, stellingen_table
from jeugdhulp.selectie import Selectie


@dataclass(frozen=True)
class ConsultatieData:
    per: str                      # the grouping of the matrix: "thema" or "kernwaarde" (kernwaarde only with the lens)
    bron: str                     # the documents shown (all when none is chosen), as the source line of every chart
    matrix: pd.DataFrame          # gemeente x thema (or kernwaarde): points by their primary theme, all documents
    per_document: tuple[tuple[str, pd.DataFrame], ...]  # the matrix of each document shown: counted apart, never summed
    kernwaarden_lens: bool        # the region is Dordrecht's, whose committee gave the kernwaarden (seed 004)
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
    punten: pd.DataFrame          # the points on it (primary or secondary theme) in the chosen documents, of the
                                  # sidebar's gemeenten when it names any, else of the whole region
    gemeenten: list[str]          # CBS codes of the gemeenten of those points, sorted
    genoemd_door: list[str]       # CBS codes of every gemeente of the region that raised it, sorted
    cijfers_voor: list[str]       # the gemeenten the answering figures are about: the sidebar's, else those that
                                  # raised it (none: the region)
    samenvatting: str             # one line: how many points of whom, and how many gemeenten in the region
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


def kort(document: str) -> str:
    """A document's own part of its title, for a chart title: 'Bijlage 4 aandachtspunten adviesraden sociaal
    domein' from 'Inkoopstrategie Jeugdhulp Zorgregio MIJOV - Bijlage 4 ...' (who raised the points stays visible)."""
    return document.rsplit(" - ", 1)[-1].strip() or document


def kernwaarden_lens(con: duckdb.DuckDBPyConnection, sel: Selectie) -> bool:
    """The Dordrecht kernwaarden apply to Dordrecht's region only."""
    return themas.KERNWAARDEN_GEMEENTE in set(queries.gemeenten(con, sel.regio)["gemeente_code"])


def load(con: duckdb.DuckDBPyConnection, sel: Selectie, documenten: Sequence[str] = (),
         per: str = "thema") -> ConsultatieData:
    """The region's consultations; the comparisons (who said what, recurring themes, stances) show every gemeente
    of the region side by side, each document's points counted apart."""
    lens = kernwaarden_lens(con, sel)
    per = per if lens else "thema"
    chosen = list(documenten)
    shown = chosen or queries.documenten(con, regio=sel.regio)
    bron = "; ".join(shown) or "geen consultaties ingelezen"
    # One read of the region's points (of the chosen documents); every view below is computed from it.
    points = queries.consultatie_punten(con, regio=sel.regio, documenten=chosen)
    matrix = queries.consultatie_matrix(con, regio=sel.regio, documenten=chosen, per=per, points=points).assign(bron=bron)
    # One matrix per document: in MIJOV the councils (Bijlage 3) and the advisory boards (Bijlage 4) raised points
    # per gemeente, and one sum would count a board's points as the council's.
    if len(shown) > 1:
        per_document = tuple((document, queries.consultatie_matrix(
            con, regio=sel.regio, documenten=[document], per=per,
            points=points[points["document"] == document]).assign(bron=document)) for document in shown)
    else:
        per_document = ((bron, matrix),)   # one document, or none ('geen consultaties ingelezen')
    ranking = queries.thema_ranking(con, regio=sel.regio, documenten=chosen, points=points).assign(bron=bron)
    reacties = queries.thema_reacties(con, regio=sel.regio, documenten=chosen, points=points).assign(bron=bron)
    options = list(ranking["thema"]) or sorted(set(points["thema"]), key=themas.name)
    return ConsultatieData(
        per=per,
        bron=bron,
        matrix=matrix,
        per_document=per_document,
        kernwaarden_lens=lens,
        kernwaarden=list(themas.KERNWAARDEN) if per == "kernwaarde" else None,
        ranking=ranking,
        reacties=reacties,
        standpunten={c: c.removeprefix("standpunt_") for c in reacties.columns if c.startswith("standpunt_")},
        uitkomsten={c: c.removeprefix("reactie_").replace("_", " ") for c in reacties.columns
                    if c.startswith("reactie_")},
        namen=dict(themas.NAMES) | {k: k.capitalize() for k in themas.KERNWAARDEN},
        themas=options,
        eerste_met_cijfers=_eerste_met_cijfers(con, sel, chosen, options, points),
        stellingen=stellingen_table(themas.stellingen()),
    )


def _eerste_met_cijfers(con: duckdb.DuckDBPyConnection, sel: Selectie, documenten: list[str],
                        options: list[str], points: pd.DataFrame | None = None) -> int:
    """The theme to open on: the first with figures that the sidebar's gemeenten raised (when it names any and
    they raised one), else the first with figures."""
    with_figures = [i for i, t in enumerate(options) if themas.measures(t)]
    if sel.gemeenten:
        own = queries.consultatie_punten(con, regio=sel.regio, gemeenten=list(sel.gemeenten), documenten=documenten) \
            if points is None else points[points["gemeente_code"].isin(list(sel.gemeenten))]
        raised = set(own["thema"]) | set(own["thema2"].dropna())
        with_figures = [i for i in with_figures if options[i] in raised] or with_figures
    return with_figures[0] if with_figures else 0


def thema_punten(con: duckdb.DuckDBPyConnection, sel: Selectie, thema: str,
                 documenten: Sequence[str] = ()) -> ThemaPunten:
    """The points on one theme: of the sidebar's gemeenten when it names any, else of the whole region."""
    alle = queries.consultatie_punten(con, regio=sel.regio, documenten=list(documenten), thema=thema)
    punten = alle[alle["gemeente_code"].isin(sel.gemeenten)] if sel.gemeenten else alle
    genoemd_door = sorted(set(alle["gemeente_code"].dropna()))
    gemeenten = sorted(set(punten["gemeente_code"].dropna()))
    if sel.gemeenten:
        samenvatting = (f"{fmt.aantal(len(punten), 'punt', 'punten')} van {sel.label}; in de regio "
                        f"{'noemde' if len(genoemd_door) == 1 else 'noemden'} "
                        f"{fmt.aantal(len(genoemd_door), 'gemeente', 'gemeenten')} dit thema")
    else:
        samenvatting = (f"{fmt.aantal(len(punten), 'punt', 'punten')} van "
                        f"{fmt.aantal(len(gemeenten), 'gemeente', 'gemeenten')}")
    return ThemaPunten(thema=thema, naam=themas.name(thema),
                       kernwaarde=themas.kernwaarde(thema) if kernwaarden_lens(con, sel) else None, punten=punten,
                       gemeenten=gemeenten, genoemd_door=genoemd_door,
                       cijfers_voor=list(sel.gemeenten) or genoemd_door, samenvatting=samenvatting,
                       tabel=points_table(punten))


def punten_over(con: duckdb.DuckDBPyConnection, sel: Selectie, measures: Sequence[str]) -> RadenPunten:
    """The points of the selected gemeenten on the themes a page's measures answer."""
    wanted = list(dict.fromkeys(t for m in measures for t in themas.themes_for(m)))
    points = queries.consultatie_punten(con, regio=sel.regio, gemeenten=list(sel.gemeenten))
    points = points[points["thema"].isin(wanted) | points["thema2"].isin(wanted)]
    return RadenPunten(themas=wanted, punten=points, tabel=points_table(points))
