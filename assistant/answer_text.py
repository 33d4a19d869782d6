"""Turning selected, cited sentences into the answer's markdown: lead line, acronyms, contact cards, markers."""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant import texts
from assistant.answer import Citation, Passage
from assistant.grounding import clean_sentence

MARKER = re.compile(r"\[(\d+)\]")
_NAME_FOLLOWS = re.compile(r" [A-Z][a-z]")


def lead_line(audience: str, titles: list[str], uncovered_area: str = "") -> str:
    """The short line before the cited sentences, naming the source when there is only one."""
    audience = audience if audience in texts.ANSWER_LEAD else "parent"
    distinct = list(dict.fromkeys(titles))
    if len(distinct) == 1:
        lead = texts.ANSWER_LEAD[audience].format(source=distinct[0])
    else:
        lead = texts.ANSWER_LEAD_MANY[audience]
    if uncovered_area:
        lead = texts.UNCOVERED_AREA_NOTE.format(area=uncovered_area) + " " + lead
    return lead


def expand_acronyms(body: str, acronyms: Mapping[str, str]) -> str:
    """Spell out each glossary acronym the first time it appears: "EHCP (Education, Health and Care plan)".

    Skipped when the long form is already written out in the text, or the acronym is itself in brackets after
    its long form. Markdown markers are left alone.
    """
    for acronym in sorted(acronyms, key=len, reverse=True):
        expansion = acronyms[acronym]
        if not expansion or expansion.lower() in body.lower():
            continue
        pattern = re.compile(r"(?<![\w(/&-])" + re.escape(acronym) + r"s?(?![\w/&-])")
        # Not inside a name: "SEND Partnership Service" stays as it is.
        match = next((m for m in pattern.finditer(body) if not _NAME_FOLLOWS.match(body, m.end())), None)
        if match is None:
            continue
        end = match.end()
        body = body[:end] + f" ({expansion})" + body[end:]
    return body


def contact_lines(passage: Passage, n: int) -> list[str]:
    """A service record's contact details, from the record itself, under a cited heading line."""
    contact = passage.contact or {}
    name = clean_sentence(contact.get("name") or passage.title)
    lines = [texts.CONTACT_HEADING.format(name=f"**{name}**") + f" [{n}]:"]
    for key, label in texts.CONTACT_LABELS.items():
        value = clean_sentence(str(contact.get(key) or ""))
        if value:
            lines.append(f"- {label}: {value}")
    return lines if len(lines) > 1 else []


def has_contact(passage: Passage) -> bool:
    """True for a service-directory record that carries at least one way to get in touch."""
    contact = passage.contact or {}
    return passage.doc_type == "service" and any(contact.get(k) for k in texts.CONTACT_LABELS)


def citation_for(passage: Passage, n: int) -> Citation:
    """A numbered citation whose fields all come from the passage."""
    return Citation(
        n=n,
        doc_id=passage.doc_id,
        title=passage.title,
        area=passage.area,
        doc_type=passage.doc_type,
        location=passage.location,
        url=passage.url,
        reviewed=passage.reviewed,
        text=passage.text,
        contact=passage.contact,
    )


def join_answer(prefix: str, lead: str, blocks: list[str]) -> str:
    """Prefix (safeguarding), lead line and body blocks, separated by blank lines."""
    body = "\n\n".join(b for b in blocks if b)
    return "\n\n".join(part for part in (prefix, lead, body) if part)
