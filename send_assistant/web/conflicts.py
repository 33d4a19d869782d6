"""Conflicting details: one service whose sources give different phone numbers, emails or addresses.

Families meet "contradictory information" when the Local Offer page, the service directory feed and a PDF list
different numbers for one team. Services are matched by normalised name across every indexed record that
carries contact details (Open Referral services, directory pages); a detail conflicts when, after
normalising (digits of a phone number, lower-case email, postcode of an address), the sources disagree.
Part of `report stale` and the admin page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

FIELDS = ("phone", "email", "address")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_NAME_NOISE = re.compile(r"\b(the|service|services|team|ltd|limited|cic)\b")


@dataclass(frozen=True)
class SourcedValue:
    """One source's value for a detail."""

    value: str
    doc_id: str
    title: str
    source: str  # the record's URL, else its doc_id
    reviewed: str


@dataclass(frozen=True)
class Conflict:
    """A service's detail on which its sources disagree."""

    service: str
    field: str
    values: tuple[SourcedValue, ...]


def normalise_name(name: str) -> str:
    """A service name for matching: lower case, '&' as 'and', no punctuation or filler words."""
    text = name.lower().replace("&", " and ")
    text = _NAME_NOISE.sub(" ", re.sub(r"[^a-z0-9&]+", " ", text))
    return " ".join(text.split())


def normalise_value(field: str, value: str) -> str:
    """The part of a detail that must agree: a phone's digits (+44 as 0), an email, an address's postcode."""
    if field == "phone":
        digits = re.sub(r"\D", "", value.split("(")[0])
        return "0" + digits[2:] if digits.startswith("44") else digits
    if field == "email":
        return value.strip().lower()
    match = _POSTCODE.search(value)
    return f"{match.group(1)} {match.group(2)}".upper() if match else " ".join(re.findall(r"[a-z0-9]+", value.lower()))


def conflicting_details(documents: Iterable[dict]) -> list[Conflict]:
    """Conflicts among documents' metadata (doc_id, title, url, reviewed, contact), by service then detail."""
    by_name: dict[str, list[dict]] = {}
    for doc in documents:
        contact = doc.get("contact") or {}
        name = str(contact.get("name") or doc.get("title") or "")
        if contact and normalise_name(name):
            by_name.setdefault(normalise_name(name), []).append(doc)
    out = []
    for docs in by_name.values():
        if len(docs) < 2:
            continue
        for field in FIELDS:
            values = [_sourced(d, field) for d in docs if (d.get("contact") or {}).get(field)]
            if len({normalise_value(field, v.value) for v in values}) > 1:
                name = str(docs[0]["contact"].get("name") or docs[0].get("title"))
                out.append(Conflict(name, field, tuple(sorted(values, key=lambda v: v.doc_id))))
    return sorted(out, key=lambda c: (c.service.lower(), FIELDS.index(c.field)))


def _sourced(doc: dict, field: str) -> SourcedValue:
    doc_id = str(doc.get("doc_id") or doc.get("id") or "")
    return SourcedValue(
        value=str(doc["contact"][field]),
        doc_id=doc_id,
        title=str(doc.get("title") or doc_id),
        source=str(doc.get("url") or doc_id),
        reviewed=str(doc.get("reviewed") or "not recorded"),
    )


CONFLICT_HEADER = ["service", "detail", "value", "source", "reviewed"]


def conflict_rows(conflicts: list[Conflict]) -> list[list[str]]:
    """One row per source of each conflict."""
    return [[c.service, c.field, v.value, v.source, v.reviewed] for c in conflicts for v in c.values]


def conflicts_markdown(conflicts: list[Conflict]) -> str:
    """The conflicting-details section of the stale report."""
    if not conflicts:
        return "No conflicting details: no service has different phone numbers, emails or addresses in two sources."
    services = len({c.service for c in conflicts})
    lines = [
        f"Conflicting details across sources: {len(conflicts)} (in {services} service{'s' if services > 1 else ''})",
        "",
        "| " + " | ".join(CONFLICT_HEADER) + " |",
        "|" + "---|" * len(CONFLICT_HEADER),
    ]
    for row in conflict_rows(conflicts):
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |")
    return "\n".join(lines)
