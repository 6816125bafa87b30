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
each. Line references inside our own notes and paraphrases ("(r. 1172-1225)") become the same kind of place
("(§ 3.2)"), so no internal line number reaches a reader. Nothing here runs in the app or in tests: it reads the
seed texts, which only a developer has.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Columns of our own words that may cite lines as "r. 642-644"
TEXT_COLUMNS = ("note", "baseline_note", "response_summary_nl")
_CITATION = re.compile(r"\br\. (\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*)")

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



def _zhz_gemeenten() -> tuple[str, ...]:
    with (DATA_DIR / "bronnen" / "gemeenten.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(r["naam"] for r in csv.DictReader(handle) if r["regio"] == "Zuid-Holland Zuid")


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
    place, out, gemeenten = "inleiding", [], _zhz_gemeenten()
    for line in lines:
        text = line.strip()
        for naam in gemeenten:
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


# The source notes of our reference files name the seed documents by number: the reader gets the document's name.
DOCUMENTS = {"000": "Nota van reactie zienswijzen ZHZ", "001": "Inkoopstrategie GRJR", "002": "Inkoopstrategie MIJOV",
             "003": "Tussenbericht inkoopproces jeugdhulp 2022 (SOJ)", "004": "Dordtse commissie, inkoopkader"}
REFERENCE_NOTES = ("referentie/segmenten.csv", "referentie/doelen_standaard.csv")


def reference_note(places: dict[str, list[str]], text: str) -> str:
    """'seed 001 §4.2 (r. 2079)' -> 'Inkoopstrategie GRJR § 4.2'; 'Inkoopstrategie GRJR r. 202: ...' ->
    'Inkoopstrategie GRJR § 1.1: ...'; a memo without sections keeps only its name."""
    if not re.search(r"seed \d{3}|\br\. \d", text):
        return text   # already rewritten: running the tool twice changes nothing
    number = m.group(1) if (m := re.search(r"seed (\d{3})", text)) else "001"
    text = re.sub(r"seed \d{3}", DOCUMENTS[number], text)
    text = re.sub(r" ?§ ?\d\.\d", "", text) if number == "001" else text   # said again from the line below
    text = re.sub(r"\br\. (\d+(?:-\d+)?(?:(?:, | en )\d+(?:-\d+)?)*)",
                  lambda m: vindplaats(places.get(number, []), re.sub(r",| en ", ";", m.group(1))), text)
    text = re.sub(r"Bijlage 2 \(bijlage 2\)", "bijlage 2", text)
    text = re.sub(r" \(\)| \((§ [^)]*)\)", lambda m: f" {m.group(1)}" if m.group(1) else "", text).strip()
    return re.sub(f"^({re.escape(DOCUMENTS[number])}) (?=§|bij|bijlage)", r"\1, ", text)


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
            for text in TEXT_COLUMNS:
                if row.get(text):
                    row[text] = _CITATION.sub(
                        lambda m, n=number: vindplaats(places[n], m.group(1).replace(",", ";")), row[text])
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(name, sorted({r["vindplaats"] for r in rows}))
    for name in REFERENCE_NOTES:
        path = DATA_DIR / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            row["bron"] = reference_note(places, row["bron"])
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(name, sorted({r["bron"][:60] for r in rows}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
