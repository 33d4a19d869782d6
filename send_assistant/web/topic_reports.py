"""The unmet-need report: topics of unanswered questions as Markdown, CSV, HTML and a trend chart (SVG).

Shared by `send-assistant report gaps` and the admin page; plain functions over gap_topics.Topic lists.
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter

from send_assistant.feedback.gap_topics import Topic

NATIONAL = "England-wide (national)"
CHART_TOPICS = 5  # lines on the trend chart: more is unreadable


def _area(area: str) -> str:
    return area or NATIONAL


def _counts(counter: Counter, name=str) -> str:
    return "; ".join(f"{name(k)} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def months(topics: list[Topic]) -> list[str]:
    """Every month any topic has questions in, in order."""
    return sorted({m for t in topics for m in t.months})


def topic_rows(topics: list[Topic]) -> list[list[object]]:
    """One row per topic: label, questions, by area, by month, why, examples."""
    return [
        [
            t.label,
            t.count,
            _counts(t.areas, _area),
            "; ".join(f"{m}: {t.months[m]}" for m in sorted(t.months)),
            _counts(t.reasons),
            " / ".join(f'"{e}"' for e in t.examples),
        ]
        for t in topics
    ]


TOPIC_HEADER = ["topic", "questions", "by area", "by month", "why", "example questions (redacted)"]


def area_month_rows(topics: list[Topic]) -> tuple[list[str], list[list[object]]]:
    """Questions per area (rows) and month (columns), with a total column."""
    cols = months(topics)
    totals: Counter = Counter()
    for t in topics:
        totals.update(t.area_months)
    areas = sorted({a for a, _ in totals})
    rows = [[_area(a), *(totals[(a, m)] for m in cols), sum(totals[(a, m)] for m in cols)] for a in areas]
    return ["area", *cols, "total"], rows


def _md_table(header: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ").strip()

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows])


def topics_markdown(topics: list[Topic]) -> str:
    """Topics, then questions by area and month."""
    if not topics:
        return 'No unanswered questions, "didn\'t find" or thumbs-down feedback recorded.'
    total = sum(t.count for t in topics)
    head = (
        f'Unmet need: {total} unanswered, "didn\'t find" or thumbs-down questions in {len(topics)} topics, '
        "most asked first.\n\n"
    )
    header, rows = area_month_rows(topics)
    return head + _md_table(TOPIC_HEADER, topic_rows(topics)) + "\n\nBy area and month:\n\n" + _md_table(header, rows)


def topics_csv(topics: list[Topic]) -> str:
    """One row per topic, area and month: topic, area, month, questions, examples."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["topic", "area", "month", "questions", "example questions (redacted)"])
    for t in topics:
        for (area, month), count in sorted(t.area_months.items()):
            writer.writerow([t.label, _area(area), month, count, " / ".join(t.examples)])
    return buffer.getvalue()


def trend_svg(topics: list[Topic], title: str = "Unanswered questions a month, by topic") -> str:
    """A small line chart (SVG text) of the most asked topics by month, drawn with matplotlib."""
    import matplotlib
    from matplotlib.figure import Figure

    # Figure, not pyplot: no global state, so two admin pages drawn at once cannot mix their charts.
    cols = months(topics)
    with matplotlib.rc_context({"svg.hashsalt": "send-assistant"}):  # the same data gives the same file
        fig = Figure(figsize=(7, 3.2), dpi=100)
        ax = fig.subplots()
        for t in topics[:CHART_TOPICS]:
            ax.plot(cols, [t.months.get(m, 0) for m in cols], marker="o", linewidth=2, label=t.label[:40])
        ax.set_title(title, fontsize=11)
        ax.set_ylabel("questions")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        if topics:
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Title": title, "Date": None, "Creator": None})
    return buffer.getvalue()


def topics_html(topics: list[Topic]) -> str:
    """The topics and area/month tables as escaped HTML."""
    if not topics:
        return "<p>Nothing recorded yet.</p>"
    header, rows = area_month_rows(topics)
    return html_table(TOPIC_HEADER, topic_rows(topics)) + "<h3>By area and month</h3>" + html_table(header, rows)


def html_table(header: list[str], rows: list[list[object]]) -> str:
    """An escaped HTML table."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
