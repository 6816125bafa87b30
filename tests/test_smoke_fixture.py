from tests.conftest import load, make_csv, table_snapshot


def test_uitgaven_csv_loads_literal_rows(con):
    data = make_csv([
        ["Gemeente", "Jaar", "Segment", "Bedrag"],
        ["Dordrecht", "2024", "Segment 4A", "€ 1.234,56"],
        ["alblasserdam", "2024", "4B", "(1.000)"],
    ])
    report = load(con, "u.csv", data)
    assert report.ok, report.problems
    rows = con.execute(
        "SELECT gemeente_code, segment_code, jaar, soort, bedrag_eur::DOUBLE FROM uitgaven ORDER BY gemeente_code"
    ).fetchall()
    assert rows == [("GM0482", "4B", 2024, "realisatie", -1000.0), ("GM0505", "4A", 2024, "realisatie", 1234.56)]


def test_unknown_gemeente_refused_and_nothing_written(con):
    before = table_snapshot(con)
    data = make_csv([["gemeente", "jaar", "segment", "bedrag"], ["Dordrech", "2024", "4A", "10"]])
    report = load(con, "u.csv", data)
    assert [p.code for p in report.problems] == ["onbekende-gemeente"]
    assert report.problems[0].suggestion == "Dordrecht"
    assert report.problems[0].row == 2
    assert table_snapshot(con) == before
