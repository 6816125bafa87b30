"""The problems validation finds on one sheet: each with the row and header text as the user sees them,
the first MAX_PROBLEMS_PER_CODE of a code in full and a count of the rest."""

from __future__ import annotations

from loaders.problems import Problem
from loaders.read import Sheet
from loaders.recognise import Layout
from loaders.reference import Reference

MAX_PROBLEMS_PER_CODE = 200


def display(value: object) -> str:
    """A cell as the user typed it: 2024.0 (how a reader gives whole numbers) as 2024, None as ''."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


# A problem quotes at most this much of its cell (a text over the limit of its column is thousands of characters).
QUOTED_CHARS = 200


def _shortened(text: str) -> str:
    return text if len(text) <= QUOTED_CHARS else text[:QUOTED_CHARS] + "…"


class Findings:
    """The sheet being validated (its layout changes once a wide table is unpivoted) and its problems."""

    def __init__(self, sheet: Sheet, layout: Layout, ref: Reference) -> None:
        self.sheet, self.layout, self.ref = sheet, layout, ref
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}

    def problem(self, code: str, row: int, column: str, value: object, limit: str = "", suggestion: str = "",
                col: int | None = None) -> None:
        # A file with a million bad cells gets the first ones in full and a count of the rest.
        seen = self.counts.get(code, 0)
        self.counts[code] = seen + 1
        if seen >= MAX_PROBLEMS_PER_CODE:
            return
        position = col if col is not None else self.layout.columns.get(column)
        header = self.header_text(position) if col is not None else self.layout.headers.get(column, column)
        self.problems.append(Problem(
            code, sheet=self.sheet.name, row=row, column=header,
            value="" if value is None else _shortened(str(value)), limit=limit, suggestion=suggestion, col=position,
        ))

    def header_text(self, position: int | None) -> str:
        cells = self.sheet.rows[self.layout.header_row]
        if position is None or position >= len(cells) or cells[position] is None:
            return ""
        return display(cells[position]).strip()

    def summarise(self) -> None:
        for code, count in self.counts.items():
            if count > MAX_PROBLEMS_PER_CODE:
                self.problems.append(Problem("meer-meldingen", sheet=self.sheet.name,
                                             value=str(count - MAX_PROBLEMS_PER_CODE), limit=code))


def dutch_amount(number: float) -> str:
    """An amount in a problem's value or limit, as a Dutch reader writes it: 1.234,50."""
    return f"{number:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
