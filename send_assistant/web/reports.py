"""Content-owner reports: documents due for review (stale) and questions the sources could not answer (gaps).

Shared by `send-assistant report` and the admin page; plain functions over plain data, no web framework.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from send_assistant.feedback.store import GapRow

_AGE_RE = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.IGNORECASE)
NO_DATE = "not recorded"


def cutoff_date(older_than: str, today: date | None = None) -> date:
    """The date `older_than` ago: "90d", "6w", "12m" or "2y". Raises ValueError on anything else."""
    match = _AGE_RE.match(older_than or "")
    if not match:
        raise ValueError(f"age must look like 90d, 6w, 12m or 2y, not {older_than!r}")
    amount, unit = int(match.group(1)), match.group(2).lower()
    today = today or date.today()
    if unit == "d":
        return today - timedelta(days=amount)
    if unit == "w":
        return today - timedelta(weeks=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):  # clamp 31 March minus one month to the end of February
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(older_than)  # unreachable: day 28 always exists


@dataclass(frozen=True)
class StaleDocument:
    """A document whose last review is older than the cutoff (or has no review date)."""

    doc_id: str
    title: str
    area: str
    reviewed: str
    age_days: int | None
    url: str


def _parse(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def stale_documents(documents: list[dict], cutoff: date, today: date | None = None) -> list[StaleDocument]:
    """Documents reviewed before `cutoff`, oldest first, then those with no review date at all."""
    today = today or date.today()
    out = []
    for doc in documents:
        reviewed = _parse(doc.get("reviewed"))
        if reviewed is not None and reviewed >= cutoff:
            continue
        out.append(
            StaleDocument(
                doc_id=str(doc.get("id") or doc.get("doc_id") or ""),
                title=str(doc.get("title") or ""),
                area=str(doc.get("area") or ""),
                reviewed=reviewed.isoformat() if reviewed else NO_DATE,
                age_days=(today - reviewed).days if reviewed else None,
                url=str(doc.get("url") or ""),
            )
        )
    return sorted(out, key=lambda d: (d.age_days is None, -(d.age_days or 0), d.doc_id))


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _md_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _area(area: str) -> str:
    return area or "England-wide (national)"


def stale_markdown(stale: list[StaleDocument], older_than: str) -> str:
    """The stale report as a Markdown table."""
    if not stale:
        return f"No documents are older than {older_than} since review."
    rows = [
        [d.doc_id, d.title, _area(d.area), d.reviewed, "" if d.age_days is None else d.age_days, d.url] for d in stale
    ]
    heading = f"Documents not reviewed in the last {older_than}: {len(stale)}\n\n"
    return heading + _md_table(["id", "title", "area", "reviewed", "age (days)", "url"], rows)


_QUESTION_OFF = "(question text not stored)"


def _gap_rows(gaps: list[GapRow]) -> list[list[object]]:
    return [[_area(g.area), g.question or _QUESTION_OFF, g.count, g.last_seen, g.reasons] for g in gaps]


GAP_HEADER = ["area", "question (redacted)", "count", "last asked", "why"]


def gaps_markdown(gaps: list[GapRow]) -> str:
    """The gaps report as Markdown: one table, grouped by area, with a total per area."""
    if not gaps:
        return 'No unanswered questions or "didn\'t find" feedback recorded.'
    totals: dict[str, int] = {}
    for g in gaps:
        totals[_area(g.area)] = totals.get(_area(g.area), 0) + g.count
    summary = "\n".join(f"- {area}: {count}" for area, count in totals.items())
    return f"Unanswered questions by area:\n\n{summary}\n\n" + _md_table(GAP_HEADER, _gap_rows(gaps))


def gaps_csv(gaps: list[GapRow]) -> str:
    """The gaps report as CSV (header row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(GAP_HEADER)
    writer.writerows(_gap_rows(gaps))
    return buffer.getvalue()


def _html_table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def admin_page(documents: list[dict] | None, gaps: list[GapRow], older_than: str) -> str:
    """A plain, accessible HTML page with both reports (all text escaped)."""
    try:
        stale = stale_documents(documents, cutoff_date(older_than)) if documents is not None else None
    except ValueError:
        older_than = "12m"
        stale = stale_documents(documents or [], cutoff_date(older_than))
    if stale is None:
        stale_html = "<p>The document list is not available from this server.</p>"
    elif not stale:
        stale_html = f"<p>No documents are older than {html.escape(older_than)} since review.</p>"
    else:
        rows = [[d.doc_id, d.title, _area(d.area), d.reviewed, d.age_days or "", d.url] for d in stale]
        stale_html = _html_table(["id", "title", "area", "reviewed", "age (days)", "url"], rows)
    gaps_html = _html_table(GAP_HEADER, _gap_rows(gaps)) if gaps else "<p>Nothing recorded yet.</p>"
    style = (
        "body{font-family:system-ui,Arial,sans-serif;color:#0b0c0c;max-width:1100px;margin:0 auto;padding:16px}"
        "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;text-align:left;"
        "padding:6px;vertical-align:top}"
    )
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Content reports</title><style>{style}</style></head><body><main>"
        "<h1>Content reports</h1>"
        '<p>Questions grouped into topics, conflicting details across sources and "you said, we did" responses: '
        '<a href="/admin/insight">unmet need</a> (same token).</p>'
        f"<h2>Documents not reviewed in the last {html.escape(older_than)}</h2>{stale_html}"
        f"<h2>Questions the sources could not answer</h2>{gaps_html}"
        "</main></body></html>"
    )
