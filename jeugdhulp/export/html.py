"""The offline HTML slide show: one self-contained file with plotly.js, the slide show's CSS and JS
(slideshow.css, slideshow.js next to this module) and the page skeleton (slideshow.html) all inline,
so it opens without any network. Text that can come from uploaded files is escaped."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from string import Template

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs as _read_plotlyjs

from jeugdhulp import fmt, safe, tables, voortgang
from jeugdhulp.export.slides import (
    EXAMPLE_MARK,
    SLIDE_CONFIG,
    SLIDE_TITLE_PX,
    example_mark,
    hidden_note,
    is_number,
    slide_figure,
)
from jeugdhulp.presentatie import Dia

_HERE = Path(__file__).parent


@cache
def get_plotlyjs() -> str:
    """plotly.js (4.6 MB), read from the plotly package once per process rather than on every export."""
    return _read_plotlyjs()


@cache
def _resource(name: str) -> str:
    """A file next to this module, read once per process, without its final newline."""
    return (_HERE / name).read_text(encoding="utf-8").rstrip("\n")


def to_html(dias: Sequence[Dia], title: str, subtitle: str, generated: datetime,
            progress: voortgang.Voortgang | None = None) -> str:
    """A single HTML file: a title slide and one slide per chart, navigable by buttons and keys. `progress` hears the
    charts done ("dia's maken", done, total)."""
    esc = safe.html_text
    # The mark each chart carries ('DEELS VOORBEELDDATA: ...' for a chart only partly of example data), read from
    # the stored figure before slide_figure takes it out.
    marks = [example_mark(d.figuur_json) or (EXAMPLE_MARK if d.voorbeeld else "") for d in dias]
    parts = [
        '<section class="dia titelblad">',
        f"<h1>{esc(title)}</h1>",
        f'<p class="bron">{esc(subtitle)}</p>',
        f'<p class="definitie">{len(dias)} {"grafiek" if len(dias) == 1 else "grafieken"} · gemaakt op '
        f"{esc(fmt.datetime_nl(generated))}"
        " met de Inkoopmonitor Jeugdhulp. Pijltjestoetsen, PageUp/PageDown of de knoppen onderaan om te bladeren;"
        " B voor een zwart scherm; een nummer en Enter om naar die dia te gaan.</p>",
        (f'<p><span class="voorbeeld">{EXAMPLE_MARK}</span> Een of meer grafieken tonen verzonnen voorbeelddata; '
         "die zeggen niets over de echte gemeenten.</p>") if EXAMPLE_MARK in marks else
        ('<p><span class="voorbeeld">DEELS VOORBEELDDATA</span> Een of meer grafieken rekenen met verzonnen '
         "voorbeelddata; wat fictief is, staat op de dia.</p>") if any(marks) else "",
        "</section>",
    ]
    config = {**SLIDE_CONFIG, "responsive": True}
    for number, (dia, mark) in enumerate(zip(dias, marks, strict=True), start=1):
        voortgang.report(progress, voortgang.DIAS, number - 1, len(dias))
        figure_html = pio.to_html(slide_figure(dia.figuur_json, height=None), include_plotlyjs=False,
                                  full_html=False, config=config, div_id=f"grafiek-{number}", default_width="100%",
                                  default_height="100%", validate=False)
        parts += [
            f'<section class="dia" id="dia-{number}">',
            '<div class="kop">', f"<h1>{esc(dia.titel)}</h1>",
            f'<span class="voorbeeld">{esc(mark)}</span>' if mark else "", "</div>",
            f'<div class="grafiek">{figure_html}</div>',
            f'<p class="verborgen">{esc(note)}</p>' if (note := hidden_note(json.loads(dia.figuur_json))) else "",
            f'<p class="bron"><strong>Bron:</strong> {esc(dia.bron)}</p>',
            f'<p class="definitie"><strong>Definitie:</strong> {esc(dia.definitie)}</p>',
            f"<details><summary>Tabel bij deze grafiek</summary>{_html_table(dia.table())}</details>",
            "</section>",
        ]
    voortgang.report(progress, voortgang.DIAS, len(dias), len(dias))
    # Values are inserted as they are (substitute does not look into them); only `title` and the slides
    # carry text from files, escaped above. plotly.js itself is inline: no CDN, no MathJax.
    return Template(_resource("slideshow.html")).substitute(
        title=esc(title),
        style=Template(_resource("slideshow.css")).substitute(title_px=SLIDE_TITLE_PX),
        plotlyjs=get_plotlyjs(),
        slides="\n".join(p for p in parts if p),
        script=_resource("slideshow.js"),
    )


def _html_table(table: pd.DataFrame) -> str:
    # Decimals per column, as on screen: whole numbers without, others with two (1.500 next to 1.667,35 never).
    # Amounts in euros to the euro (a handout, not a ledger); a year as a year (2019, never 2.019).
    decimals = [0 if _euros(c) or all(float(v).is_integer() for v in table[c] if is_number(v) and not pd.isna(v))
                else 2 for c in table.columns]
    years = [str(c).strip().lower() in ("jaar", "basisjaar", "doeljaar", "peiljaar") for c in table.columns]
    shares = [tables.is_share(c, table[c]) for c in table.columns]      # 12,5%, as the chart says, not 0,12
    esc = safe.html_text
    rows = ["<table><thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in table.columns) + "</tr></thead><tbody>"]
    for record in table.itertuples(index=False):
        cells = []
        for value, places, year, share in zip(record, decimals, years, shares, strict=True):
            if is_number(value):
                text = ("" if pd.isna(value) else str(int(value)) if year else fmt.pct(value) if share
                        else fmt.number(value, places))
                cells.append(f'<td class="getal">{esc(text)}</td>')
            else:
                text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
                cells.append(f"<td>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


def _euros(column: object) -> bool:
    """A column of amounts in euros, by its label ('Realisatie (EUR)', '€ per jeugdige')."""
    return "€" in str(column) or re.search(r"\b(eur|euro)\b", str(column), re.IGNORECASE) is not None
