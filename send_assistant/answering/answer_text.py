"""Turning selected, cited sentences into the answer's markdown: lead line, acronyms, contact cards, markers."""

from __future__ import annotations

import re
from collections.abc import Mapping

from send_assistant.answering import texts
from send_assistant.answering.answer import Citation, Passage
from send_assistant.answering.grounding import clean_sentence, split_sentences, strip_label

MARKER = re.compile(r"\[(\d+)\]")
_NAME_FOLLOWS = re.compile(r" [A-Z][a-z]")


def scope_of(citation_areas: list[str], area: str) -> str:
    """ "local", "national" or "mixed": whose documents the cited passages are (national: area "")."""
    local = any(a and a == area for a in citation_areas)
    national = any(not a for a in citation_areas)
    return "mixed" if local and national else "local" if local else "national"


def known_areas_note(known: list[str]) -> str:
    """ "The areas I have local documents for are: A, B and C." ("" when there are none)."""
    known = [a for a in known if a]
    if not known:
        return ""
    listed = ", ".join(known[:-1]) + " and " + known[-1] if len(known) > 1 else known[0]
    return texts.KNOWN_AREAS_NOTE.format(known=listed)


def lead_line(
    citation_areas: list[str], area: str, covered: bool = True, known: list[str] | None = None
) -> tuple[str, str]:
    """The line before the cited sentences, saying whose documents the answer comes from, and the answer's scope.

    With an area chosen and only national passages cited, it says the council's documents don't cover this.
    """
    scope = scope_of(citation_areas, area)
    if area and not covered:
        note = known_areas_note(known or [])
        lead = " ".join(p for p in (texts.UNCOVERED_AREA_NOTE.format(area=area), note, texts.LEAD_NATIONAL) if p)
    elif scope == "local":
        lead = texts.LEAD_LOCAL.format(area=area)
    elif scope == "mixed":
        lead = texts.LEAD_MIXED.format(area=area)
    elif area:
        lead = texts.LEAD_NATIONAL_FALLBACK.format(area=area)
    else:
        lead = texts.LEAD_NATIONAL
    return lead, scope


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
        match = next(
            (
                m
                for m in pattern.finditer(body)
                if not _NAME_FOLLOWS.match(body, m.end()) and not body[m.end() :].lstrip().startswith("(")
            ),
            None,
        )
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
        short_title=passage.short_title,
    )


def join_answer(prefix: str, lead: str, blocks: list[str]) -> str:
    """Prefix (safeguarding), lead line and body blocks, separated by blank lines."""
    body = "\n\n".join(b for b in blocks if b)
    return "\n\n".join(part for part in (prefix, lead, body) if part)


def cite_each(text: str, marker: str) -> str:
    """Each sentence of a text with its marker after it, paragraph labels dropped: a list's introduction that
    brings the sentences before it ("...a SEND Improvement Team. This additional capacity will include;") is
    cited sentence by sentence, as prose is."""
    return " ".join(f"{s} {marker}" for s in (strip_label(t) for t, _ in split_sentences(text)) if s)
