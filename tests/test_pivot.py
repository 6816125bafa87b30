"""Excel's own pivot-table layout (issue 10, item 15), as Dutch and English Excel write it: the value
field "Som van Bedrag 2024" / "Sum of Jeugdigen" (often the only place the year stands), "Rijlabels" /
"Row Labels", "Kolomlabels" / "Column Labels", "Eindtotaal" / "Grand Total"; gemeenten as columns and
segments as rows, or the other way round. Every refusal leaves the database as it was."""

from __future__ import annotations

from tests.corpus import openpyxl_book, xlsxwriter_book
from tests.test_loaders_input import UITGAVEN, VOLUMES, con, db_path, loaded, refused, rows, template_db, where

__all__ = ["con", "db_path", "template_db"]   # the fixtures, shared with test_loaders_input


# --- item 15: Excel's own pivot-table layout --------------------------------------------------------

# Dutch Excel, compact layout: the value field (with the year) top left, report filter area above it.
PIVOT_NL = [
    ["Som van Bedrag 2024"],
    [],
    ["Som van Bedrag 2024", "Kolomlabels"],
    ["Rijlabels", "Dordrecht", "Gorinchem", "Zwijndrecht", "Eindtotaal"],
    [1, 100, 50, None, 150],
    [2, 10, 20, 30, 60],
    ["4A", 5, None, 5, 10],
    ["Eindtotaal", 115, 70, 35, 220],
]
PIVOT_NL_ROWS = [("GM0505", "1", 2024, 100.0), ("GM0505", "2", 2024, 10.0), ("GM0505", "4A", 2024, 5.0),
                 ("GM0512", "1", 2024, 50.0), ("GM0512", "2", 2024, 20.0),
                 ("GM0642", "2", 2024, 30.0), ("GM0642", "4A", 2024, 5.0)]


def test_dutch_pivot_with_gemeenten_as_columns_loads(con):
    report = loaded(con, "draaitabel.xlsx", xlsxwriter_book({"Draaitabel": PIVOT_NL}))
    assert report.notes == [
        "Blad 'Draaitabel': draaitabel van Excel; rijlabels gelezen als segment, 3 gemeenten als kolommen, "
        "waarden uit 'Som van Bedrag 2024'.",
        "Blad 'Draaitabel': jaar 2024 gehaald uit waardeveld 'Som van Bedrag 2024'.",
        "Blad 'Draaitabel': kopregel gevonden op rij 4; de regels erboven zijn overgeslagen.",
        "Blad 'Draaitabel': 1 totaalregel weggelaten; die klopt met de onderdelen.",
    ]
    assert [(s.kind, s.rows, s.totals) for s in report.sheets] == [("uitgaven", 7, {"realisatie_eur": 220.0})]
    assert rows(con, UITGAVEN) == PIVOT_NL_ROWS


def test_pivot_as_the_issue_describes_it_rijlabels_kolomlabels_row_then_the_items(con):
    data = openpyxl_book({"Blad1": [
        ["Som van Bedrag 2024"],
        ["Rijlabels", "Kolomlabels"],
        *PIVOT_NL[3:],
    ]})
    loaded(con, "draaitabel.xlsx", data)
    assert rows(con, UITGAVEN) == PIVOT_NL_ROWS


def test_english_pivot_transposed_volumes_with_the_year_in_the_sheet_name(con):
    data = xlsxwriter_book({"Volumes 2023": [
        ["Sum of Jeugdigen", "Column Labels"],
        ["Row Labels", 1, "4A", "Segment 5", "Grand Total"],
        ["Dordrecht", 12, 8, None, 20],
        ["Gorinchem", 7, 4, 3, 14],
        ["Grand Total", 19, 12, 3, 34],
    ]})
    report = loaded(con, "pivot.xlsx", data)
    assert report.notes[:2] == [
        "Blad 'Volumes 2023': draaitabel van Excel; rijlabels gelezen als gemeente, 3 segmenten als kolommen, "
        "waarden uit 'Sum of Jeugdigen'.",
        "Blad 'Volumes 2023': jaar 2023 gehaald uit bladnaam 'Volumes 2023'.",
    ]
    assert [(s.kind, s.rows, s.totals) for s in report.sheets] == [("volumes", 5, {"jeugdigen": 34.0})]   # no trajecten
    assert rows(con, VOLUMES) == [("GM0505", "1", 2023, 12), ("GM0505", "4A", 2023, 8),
                                  ("GM0512", "1", 2023, 7), ("GM0512", "4A", 2023, 4), ("GM0512", "5", 2023, 3)]


def test_english_pivot_uitgaven_with_gemeenten_as_columns(con):
    data = openpyxl_book({"Sheet1": [
        ["Sum of Bedrag 2024", "Column Labels"],
        ["Row Labels", "Dordrecht", "Gorinchem", "Zwijndrecht", "Grand Total"],
        *PIVOT_NL[4:7],
        ["Grand Total", 115, 70, 35, 220],
    ]})
    loaded(con, "pivot.xlsx", data)
    assert rows(con, UITGAVEN) == PIVOT_NL_ROWS


def test_pivot_with_field_names_value_field_top_left_and_column_field_header(con):
    # Tabular layout: the value field in A1, the column field's name over the items, the row field named.
    data = xlsxwriter_book({"Draaitabel": [
        ["Som van Bedrag 2024", "Gemeente"],
        ["Segment", "Dordrecht", "Gorinchem", "Zwijndrecht", "Eindtotaal"],
        *PIVOT_NL[4:],
    ]})
    loaded(con, "draaitabel.xlsx", data)
    assert rows(con, UITGAVEN) == PIVOT_NL_ROWS


def test_pivot_with_field_names_transposed_volumes_with_a_report_filter_on_the_year(con):
    data = openpyxl_book({"Draaitabel": [
        ["Jaar", 2022],
        [],
        ["Som van Aantal jeugdigen", "Segment"],
        ["Gemeente", "1", "2", "Eindtotaal"],
        ["Sliedrecht", 4, 6, 10],
        ["Papendrecht", 5, None, 5],
        ["Eindtotaal", 9, 6, 15],
    ]})
    report = loaded(con, "draaitabel.xlsx", data)
    assert "Blad 'Draaitabel': jaar 2022 gehaald uit rapportfilter 'Jaar'." in report.notes
    assert rows(con, VOLUMES) == [("GM0590", "1", 2022, 5), ("GM0610", "1", 2022, 4), ("GM0610", "2", 2022, 6)]


def test_pivot_with_a_wrong_eindtotaal_is_refused_as_a_total_mismatch(con):
    wrong = [*PIVOT_NL[:-1], ["Eindtotaal", 115, 75, 35, 225]]
    report = refused(con, "draaitabel.xlsx", xlsxwriter_book({"Draaitabel": wrong}))
    # The row's own Eindtotaal (225) is the sum of its cells; the column total of Gorinchem is not.
    assert where(report) == [("totaal-klopt-niet", "Draaitabel", 8, "Gorinchem", "75,00", "70,00")]
    assert report.problems[0].col == 2
    assert "ontbrekende-kolom" not in [p.code for p in report.problems]


def test_transposed_pivot_with_a_wrong_segment_total_points_at_its_column(con):
    data = xlsxwriter_book({"Volumes 2023": [
        ["Som van Jeugdigen", "Kolomlabels"],
        ["Rijlabels", "1", "4A", "Eindtotaal"],
        ["Dordrecht", 12, 8, 20],
        ["Gorinchem", 7, 4, 11],
        ["Eindtotaal", 19, 13, 32],
    ]})
    report = refused(con, "pivot.xlsx", data)
    assert [(p.code, p.row, p.column, p.value, p.limit, p.col) for p in report.problems] == [
        ("totaal-klopt-niet", 5, "4A", "13,00", "12,00", 2)]


def test_pivot_with_an_unknown_segment_column_is_reported_once_on_the_header_row(con):
    data = xlsxwriter_book({"Volumes 2023": [
        ["Som van Jeugdigen", "Kolomlabels"],
        ["Rijlabels", "1", "Segment 9", "Eindtotaal"],
        ["Dordrecht", 12, 8, 20],
        ["Gorinchem", 7, 4, 11],
    ]})
    report = refused(con, "pivot.xlsx", data)
    assert [(p.code, p.row, p.column, p.value) for p in report.problems] == [
        ("onbekend-segment", 2, "Segment 9", "Segment 9")]
