"""The consultation points as tables: every column for the downloads (points_table), six for the screen
(points_on_screen), and the Dordrecht kernwaarden with their statements."""

from __future__ import annotations

import pandas as pd

from jeugdhulp import themas


def points_table(points: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Gemeente": points["gemeente"], "Punt": points["punt"], "Thema": points["thema"].map(themas.name),
        "Tweede thema": points["thema2"].map(lambda t: themas.name(t) if isinstance(t, str) else ""),
        "Standpunt": points["standpunt"].fillna(""), "Samenvatting": points["samenvatting"],
        "Reactie": points["reactie_uitkomst"].fillna(""), "Reactie van het bestuur": points["reactie"].fillna(""),
        "Document": points["document"], "Vindplaats": points["vindplaats"].fillna(""),
    })


def points_on_screen(table: pd.DataFrame) -> pd.DataFrame:
    """A points_table as the page shows it, in six columns so the summaries have room to wrap: both themes in one
    column, the board's response after its outcome, the document beside the place only when the points come from
    more than one document. The downloads keep every column of points_table."""
    def themes(first: str, second: str) -> str:
        return f"{first}; ook: {second}" if second else first

    def response(outcome: str, text: str) -> str:
        outcome = outcome.replace("_", " ").capitalize()
        return f"{outcome}: {text}" if outcome and text else outcome or text

    several = table["Document"].nunique() > 1
    return pd.DataFrame({
        "Gemeente": table["Gemeente"],
        "Thema": [themes(a, b) for a, b in zip(table["Thema"], table["Tweede thema"], strict=True)],
        "Standpunt": table["Standpunt"], "Samenvatting": table["Samenvatting"],
        "Reactie van het bestuur": [response(str(a), str(b)) for a, b in
                                    zip(table["Reactie"], table["Reactie van het bestuur"], strict=True)],
        "Vindplaats": [f"{d}, {v}" if several and v else d if several else v
                       for d, v in zip(table["Document"], table["Vindplaats"], strict=True)],
    })


def stellingen_table(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"Kernwaarde": r["kernwaarde"].capitalize(), "Vraag": r["omschrijving"],
                          "Stelling": r["stelling"], "Vindplaats": f"Dordtse commissie, {r['vindplaats']}"} for r in rows])
