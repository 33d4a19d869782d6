"""The unmet-need report: Markdown, CSV, trend chart, and `report gaps` with topics."""

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime

from send_assistant.feedback.gap_topics import Topic
from send_assistant.web import topic_reports


def _topic(label: str, rows: dict[tuple[str, str], int], examples: list[str]) -> Topic:
    areas, months = Counter(), Counter()
    for (area, month), n in rows.items():
        areas[area] += n
        months[month] += n
    return Topic(
        key=label.replace(", ", "-"), label=label, count=sum(rows.values()), areas=areas, months=months,
        area_months=Counter(rows), reasons=Counter({"not_found": sum(rows.values())}), examples=examples,
    )  # fmt: skip


TOPICS = [
    _topic("holiday, clubs", {("Luton", "2026-07"): 2, ("", "2026-08"): 1}, ["summer clubs?", "holiday | clubs"]),
    _topic("school, transport", {("Luton", "2026-06"): 1}, ["transport to special school"]),
]


def test_markdown_has_topics_then_area_by_month():
    md = topic_reports.topics_markdown(TOPICS)
    assert md.startswith("Unmet need: 4 unanswered")
    assert "| holiday, clubs | 3 | Luton 2; England-wide (national) 1 | 2026-07: 2; 2026-08: 1 |" in md
    assert '"holiday \\| clubs"' in md  # pipes in questions escaped
    assert "| area | 2026-06 | 2026-07 | 2026-08 | total |" in md
    assert "| Luton | 1 | 2 | 0 | 3 |" in md
    assert topic_reports.topics_markdown([]).startswith("No unanswered")


def test_csv_one_row_per_topic_area_and_month():
    rows = list(csv.reader(io.StringIO(topic_reports.topics_csv(TOPICS))))
    assert rows[0] == ["topic", "area", "month", "questions", "example questions (redacted)"]
    assert ["holiday, clubs", "England-wide (national)", "2026-08", "1"] == rows[1][:4]
    assert len(rows) == 4


def test_trend_chart_is_svg_with_a_line_per_topic():
    svg = topic_reports.trend_svg(TOPICS)
    root = ET.fromstring(svg.encode())
    assert root.tag.endswith("svg")
    assert "holiday, clubs" in svg and "school, transport" in svg
    assert svg == topic_reports.trend_svg(TOPICS)  # the same data draws the same file


def test_report_gaps_groups_questions_into_topics_and_draws_the_chart(settings, monkeypatch, capsys, tmp_path):
    from doubles import HashEmbedder

    from send_assistant.cli.main import main
    from send_assistant.feedback.store import FeedbackStore

    store = FeedbackStore(settings.feedback_path, now=lambda: datetime(2026, 8, 1, tzinfo=UTC))
    for n, q in enumerate(["summer holiday clubs", "holiday clubs in summer", "sensory room"]):
        store.add_unanswered(answer_id=str(n), status="not_found", area="Luton", audience="parent", question=q)
    monkeypatch.setenv("SEND_ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SEND_ASSISTANT_EMBEDDER", HashEmbedder.name)  # registered by conftest.py
    chart = tmp_path / "trend.svg"
    assert main(["report", "gaps", "--chart", str(chart)]) == 0
    md = capsys.readouterr().out
    assert "in 2 topics" in md and "| summer, holiday, clubs | 2 |" in md and "Every question:" in md
    assert chart.read_text().lstrip().startswith("<?xml") and "<svg" in chart.read_text()
    assert main(["report", "gaps", "--format", "topics-csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith('"summer, holiday, clubs",Luton,2026-08,2,')
