"""Developer tool, run once by hand: turn the line numbers our CSVs cite (lines of the text extraction of the
source PDFs) into a place a reader can find in the real document, and write it as the column `vindplaats`.

    python -m loaders.vindplaats /work/shared/seeds

Method. A page number is only usable when the extracted text shows every page break; none of the five texts
does (seed 002 shows three page numbers in 2,300 lines, seed 000 two, seed 001 one), so every reference is a
section instead: the numbered heading the cited line falls under, found by reading the text from the top.
- Inkoopstrategie GRJR (seed 001): "Inleiding", "Hoofdstuk N: ..." and sub-headings "N.M Title" / "N.M: Title"
  whose N is the current chapter -> "§ 1.4", or "hoofdstuk 2" / "inleiding" before the first sub-heading.
- Inkoopstrategie MIJOV (seed 002): "N. UPPERCASE TITLE" chapters, "N.M Title" sub-headings of the current
  chapter, "BIJLAGE N" appendices (sub-headings inside an appendix are ignored) -> "§ 2.1", "hoofdstuk 8",
  "bijlage 3".
- Nota van reactie ZHZ (seed 000): a table with one block per gemeente -> "bij Alblasserdam".
- Dordtse commissie (seed 004): slides titled "Inkoopkader – <kernwaarde>" -> "dia Gelijkheid".
A cell citing several lines ("1456; 2179", "42; 878-884") gets the places of their first lines, in order, once
each. Nothing here runs in the app or in tests: it reads the seed texts, which only a developer has.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# CSV in data/ -> (seed number, column holding the cited lines)
FILES = {
    "bronnen/figures_grjr.csv": ("001", "source_line"),
    "bronnen/kpis_grjr.csv": ("001", "source_line"),
    "bronnen/consultation_grjr.csv": ("001", "source_line"),
    "bronnen/figures_mijov.csv": ("002", "source_line"),
    "bronnen/kpis_mijov.csv": ("002", "source_line"),
    "bronnen/consultation_mijov.csv": ("002", "source_line"),
    "bronnen/consultation_adviesraden_mijov.csv": ("002", "source_line"),
    "bronnen/consultation_zhz.csv": ("000", "source_line"),
    "referentie/kernwaarden.csv": ("004", "regel"),
}

ZHZ_GEMEENTEN = ("Alblasserdam", "Dordrecht", "Gorinchem", "Hardinxveld-Giessendam", "Hoeksche Waard",
                 "Molenlanden", "Papendrecht", "Sliedrecht", "Zwijndrecht")


def _grjr(lines: list[str]) -> list[str]:
    place, chapter, out = "inleiding", 0, []
    for line in lines:
        text = line.strip()
        if m := re.match(r"Hoo?f?d?stuk (\d+):", text):
            chapter = int(m.group(1))
            place = f"hoofdstuk {chapter}"
        elif (m := re.match(r"(\d)\.(\d):? +[A-Z]", text)) and int(m.group(1)) == chapter:
            place = f"§ {m.group(1)}.{m.group(2)}"
        out.append(place)
    return out


def _mijov(lines: list[str]) -> list[str]:
    place, chapter, bijlage, out = "inleiding", 0, False, []
    for line in lines:
        text = line.strip()
        if m := re.match(r"BIJLAGE (\d+)\b", text):
            place, bijlage = f"bijlage {m.group(1)}", True
        elif not bijlage and (m := re.match(r"(\d{1,2})\. +[A-Z]{3,}", text)) and text.upper() == text:
            chapter = int(m.group(1))
            place = f"hoofdstuk {chapter}"
        elif not bijlage and (m := re.match(r"(\d{1,2})\.(\d) +[A-Z][a-z]", text)) and int(m.group(1)) == chapter:
            place = f"§ {m.group(1)}.{m.group(2)}"
        out.append(place)
    return out


def _zhz(lines: list[str]) -> list[str]:
    place, out = "inleiding", []
    for line in lines:
        text = line.strip()
        for naam in ZHZ_GEMEENTEN:
            # A block starts with the gemeente's name alone on a line (Hardinxveld-Giessendam is broken in two).
            if text in (naam, naam.split("-")[-1]):
                place = f"bij {naam}"
        out.append(place)
    return out


def _dordrecht(lines: list[str]) -> list[str]:
    place, out = "dia 1", []
    for line in lines:
        if m := re.match(r"Inkoopkader [-–] (\w+)", line.strip()):
            place = f"dia {m.group(1).capitalize()}"
        out.append(place)
    return out


SECTIONS = {"000": _zhz, "001": _grjr, "002": _mijov, "004": _dordrecht}


def first_lines(cited: str) -> list[int]:
    """'42; 878-884' -> [42, 878]."""
    return [int(m.group(1)) for part in cited.split(";") if (m := re.match(r"\s*(\d+)", part))]


def vindplaats(places: list[str], cited: str) -> str:
    """The places of the cited lines, once each: '§ 1.4' or '§ 3.3 en § 4.2'."""
    found = list(dict.fromkeys(places[n - 1] for n in first_lines(cited) if 0 < n <= len(places)))
    return ", ".join(found[:-1]) + " en " + found[-1] if len(found) > 1 else "".join(found)


def main(seeds: Path) -> None:
    places = {}
    for number, sections in SECTIONS.items():
        (text,) = seeds.glob(f"{number}_*.txt")
        places[number] = sections(text.read_text(encoding="utf-8").splitlines())
    for name, (number, column) in FILES.items():
        path = DATA_DIR / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        fields = list(rows[0]) + ([] if "vindplaats" in rows[0] else ["vindplaats"])
        for row in rows:
            row["vindplaats"] = vindplaats(places[number], row[column] or "")
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(name, sorted({r["vindplaats"] for r in rows}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
