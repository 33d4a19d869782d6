from datetime import date

import pytest

from send_assistant.feedback.store import GapRow
from send_assistant.web import reports

TODAY = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("12m", date(2025, 3, 31)),
        ("1m", date(2026, 2, 28)),
        ("2y", date(2024, 3, 31)),
        ("90d", date(2025, 12, 31)),
        ("2w", date(2026, 3, 17)),
        (" 18M ", date(2024, 9, 30)),
    ],
)
def test_cutoff_date(spec, expected) -> None:
    assert reports.cutoff_date(spec, TODAY) == expected


@pytest.mark.parametrize("spec", ["", "12", "m", "twelve months", "-3m", "12x"])
def test_bad_age_rejected(spec) -> None:
    with pytest.raises(ValueError):
        reports.cutoff_date(spec, TODAY)


DOCS = [
    {"id": "fresh", "title": "Fresh", "area": "Bedford Borough", "reviewed": "2026-01-01", "url": None},
    {"id": "old", "title": "Old | piped", "area": "Worcestershire", "reviewed": "2018-11-13", "url": "https://w.gov"},
    {"id": "older", "title": "Older", "area": "", "reviewed": "2017-01-01", "url": None},
    {"id": "undated", "title": "Undated", "area": "", "reviewed": None, "url": None},
]


def test_stale_documents_oldest_first_then_undated() -> None:
    stale = reports.stale_documents(DOCS, date(2025, 3, 31), TODAY)
    assert [d.doc_id for d in stale] == ["older", "old", "undated"]
    assert stale[0].age_days == (TODAY - date(2017, 1, 1)).days
    assert stale[2].reviewed == reports.NO_DATE


def test_stale_markdown_table() -> None:
    md = reports.stale_markdown(reports.stale_documents(DOCS, date(2025, 3, 31), TODAY), "12m")
    lines = md.splitlines()
    assert lines[0].startswith("Documents not reviewed in the last 12m: 3")
    assert lines[2] == "| id | title | area | reviewed | age (days) | url |"
    assert "Old \\| piped" in md and "England-wide (national)" in md
    assert reports.stale_markdown([], "12m").startswith("No documents")


GAPS = [
    GapRow("", "where is help?", 1, "2026-01-02T00:00:00+00:00", "not_found"),
    GapRow("Worcestershire", "sensory room, [postcode]?", 3, "2026-02-01T00:00:00+00:00", "didn't find, not_found"),
    GapRow("Worcestershire", "", 2, "2026-02-02T00:00:00+00:00", "out_of_scope"),
]


def test_gaps_markdown_grouped_with_totals() -> None:
    md = reports.gaps_markdown(GAPS)
    assert "- England-wide (national): 1" in md and "- Worcestershire: 5" in md
    assert "| Worcestershire | sensory room, [postcode]? | 3 |" in md
    assert "(question text not stored)" in md


def test_gaps_csv() -> None:
    lines = reports.gaps_csv(GAPS).splitlines()
    assert lines[0] == "area,question (redacted),count,last asked,why"
    expected = 'Worcestershire,"sensory room, [postcode]?",3,2026-02-01T00:00:00+00:00,"didn\'t find, not_found"'
    assert lines[2] == expected


def test_admin_page_escapes_everything() -> None:
    page = reports.admin_page([{"id": "<x>", "title": "<script>", "reviewed": None}], GAPS, "12m")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert reports.admin_page(None, [], "12m").count("not available") == 1
