"""Numbered source cards under an answer, and the plain-text form of an answer for "Copy answer".

A card says what a parent needs to judge a source at a glance: a short title, the area it covers (or
England-wide), the section it came from without report codes or staff names, when it was last reviewed, and a
warning when that was more than two years ago. Each card has an id per answer and number, so a [n] marker in the
answer can link to it.
"""

from __future__ import annotations

import html
import re
from datetime import date

from send_assistant.answering import texts
from send_assistant.answering.answer import Citation

STALE_AFTER_DAYS = 2 * 365 + 1
_SAFE_URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+$")
# "2F. ", "3A) ", "1. ": a report's own section code.
_SECTION_CODE = re.compile(r"^\s*(?:\d{1,2}[A-Za-z]?|[A-Z]\d{0,2})[.)]\s+")
# "(objectives 8,9)"; "(universal and SEN support, objectives 2,3,4,5)" keeps its words.
_OBJECTIVES = re.compile(r",?\s*\bobjectives?\s+[\d,\s&and]+(?=\))", re.IGNORECASE)
# "- lead Chris Wilford", "– lead officer Mary Kearney Knowles", ")– Ali Woodiwiss": who owns a workstream.
_LEAD = re.compile(r"\s*[-–—]\s*lead(?:\s+officer)?\b.*$", re.IGNORECASE)
_NAME_AFTER_BRACKET = re.compile(r"(\))\s*[-–—]\s*[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,3}\s*$")
# Contents-page leftovers: "Key indicators:.....", "Local context\t3".
_CONTENTS_NOISE = re.compile(r"\s*\.{2,}\s*\d*|\t+\d+")
_TRAILING_NOISE = re.compile(r"[\s:;,]+$")
MAX_SECTION_CHARS = 90


def safe_url(url: str | None) -> str | None:
    """The URL if it is a well-formed http(s) address, else None (javascript:, data:, relative, junk)."""
    if not url:
        return None
    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    return url if _SAFE_URL_RE.match(url) else None


def e(text: object) -> str:
    """HTML-escape text for element content or a quoted attribute; newlines become line breaks.

    Blank lines must never appear inside the HTML block, or the Markdown renderer would end it early.
    """
    return html.escape(str(text), quote=True).replace("\r", "").replace("\n", "<br>")


def attr(text: str) -> str:
    """Text for a quoted attribute, newlines kept as character references (no raw line breaks)."""
    return html.escape(text, quote=True).replace("\r", "").replace("\n", "&#10;")


def _clean_section(part: str) -> str:
    part = _CONTENTS_NOISE.sub("", _SECTION_CODE.sub("", part.replace("**", "")))
    part = _LEAD.sub("", part)
    part = _NAME_AFTER_BRACKET.sub(r"\1", part)
    part = _OBJECTIVES.sub("", part).replace("()", "")
    part = re.sub(r"\s+", " ", part).strip()
    part = re.sub(r"\s*\(\s*\)", "", part)
    part = _TRAILING_NOISE.sub("", part) or part
    if len(part) > MAX_SECTION_CHARS:
        part = part[:MAX_SECTION_CHARS].rsplit(" ", 1)[0] + "…"
    return part


def clean_location(location: str | None) -> str:
    """A citation's location as a reader wants it: section names without codes, objectives or staff names.

    "2F. Children and young people with EHCP (objectives 8,9) - lead Chris Wilford" -> "Children and young
    people with EHCP". The raw location stays in the Answer JSON; only the page shows this.
    """
    parts = [_clean_section(p) for p in re.split(r"\s+>\s+", location or "")]
    return " > ".join(p for p in parts if p)


def readable_date(value: str | None) -> str | None:
    """ "2018-07-01" -> "1 July 2018"; anything unreadable is returned as it is."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day.strftime('%B %Y')}"


def is_stale(reviewed: str | None, today: date | None = None) -> bool:
    """True when the review date is more than two years before today."""
    try:
        day = date.fromisoformat((reviewed or "")[:10])
    except ValueError:
        return False
    return ((today or date.today()) - day).days > STALE_AFTER_DAYS


def card_id(answer_id: str, n: int) -> str:
    """The HTML id of source card n under one answer ([n] markers link to it)."""
    return f"sa-src-{re.sub(r'[^A-Za-z0-9_-]', '', answer_id or 'a')}-{int(n)}"


def display_title(citation: Citation) -> str:
    """The contact's name for a service record, else the manifest's short title, else the full title."""
    contact = citation.contact or {}
    return contact.get("name") or getattr(citation, "short_title", None) or citation.title


def tel_link(phone: str) -> str:
    """A tap-to-call link for a phone number with enough digits; plain text otherwise."""
    digits = re.sub(r"[^\d+]", "", phone)
    if len(re.sub(r"\D", "", digits)) < 3:
        return e(phone)
    return f'<a href="tel:{e(digits)}">{e(phone)}</a>'


def mail_link(email: str) -> str:
    """A mailto: link for a well-formed address; plain text otherwise."""
    email = email.strip()
    if not _EMAIL_RE.match(email):
        return e(email)
    return f'<a href="mailto:{e(email)}">{e(email)}</a>'


def web_link(url: str, label: str | None = None) -> str:
    """A link for a safe http(s) address; the label (or the address) as plain text otherwise."""
    safe = safe_url(url)
    if not safe:
        return e(label or url)
    return f'<a href="{e(safe)}" rel="noopener noreferrer">{e(label or url)}</a>'


_CONTACT_FIELDS = (("phone", tel_link), ("email", mail_link), ("website", web_link), ("opening_times", e),
                   ("address", e))  # fmt: skip


def _contact_list(contact: dict[str, str]) -> str:
    items = []
    for key, render in _CONTACT_FIELDS:
        value = contact.get(key)
        if value and str(value).strip():
            label = texts.CONTACT_LABELS.get(key, key)
            items.append(f"<dt>{e(label)}</dt><dd>{render(str(value).strip())}</dd>")
    return f'<dl class="sa-contact">{"".join(items)}</dl>' if items else ""


def _meta(citation: Citation) -> list[str]:
    meta = [e(citation.area or texts.WEB_CARD_NATIONAL)]
    section = clean_location(citation.location)
    if section:
        meta.append(e(section))
    reviewed = readable_date(citation.reviewed)
    meta.append(e(texts.WEB_CARD_REVIEWED.format(date=reviewed)) if reviewed else e(texts.WEB_CARD_NO_DATE))
    return meta


def source_card(citation: Citation, answer_id: str = "", cited: int = 0, today: date | None = None) -> str:
    """One numbered source: short title (linked when it has a safe URL), area, section, review date, passage."""
    contact = citation.contact or {}
    name = display_title(citation)
    url = safe_url(citation.url)
    title = web_link(url, name) if url else e(name)
    stale = f'<p class="sa-stale">{e(texts.WEB_CARD_STALE)}</p>' if is_stale(citation.reviewed, today) else ""
    if cited:
        words = texts.WEB_CARD_CITED[1] if cited == 1 else texts.WEB_CARD_CITED["many"].format(n=cited)
        cited_line = f'<p class="sa-card-cited">{e(words)}</p>'
    else:
        cited_line = ""
    full = f'<p class="sa-card-from">{e(texts.WEB_CARD_FROM.format(title=citation.title))}</p>'
    kind = "sa-card sa-card-service" if contact else "sa-card"
    return (
        f'<li class="{kind}" id="{card_id(answer_id, citation.n)}" tabindex="-1">'
        f'<p class="sa-card-title"><span class="sa-num">[{int(citation.n)}]</span> {title}</p>'
        f"{_contact_list(contact) if contact else ''}"
        f'<p class="sa-card-meta">{" · ".join(_meta(citation))}</p>{stale}{cited_line}'
        f"<details><summary>{e(texts.WEB_CARD_PASSAGE.format(n=int(citation.n)))}</summary>"
        f"{full if name != citation.title else ''}"
        f'<blockquote class="sa-passage">{e(citation.text)}</blockquote></details>'
        f"</li>"
    )


def sources_html(citations: list[Citation], answer_id: str = "", cited: dict[int, int] | None = None) -> str:
    """The numbered source cards under an answer, in one HTML block (no blank lines)."""
    if not citations:
        return ""
    cited = cited or {}
    cards = "".join(source_card(c, answer_id, cited.get(c.n, 0)) for c in sorted(citations, key=lambda c: c.n))
    return (
        f'<section class="sa-sources" aria-label="{e(texts.WEB_SOURCES_HEADING)}">'
        f'<p class="sa-sources-title"><strong>{e(texts.WEB_SOURCES_HEADING)}</strong></p>'
        f'<ol class="sa-cards">{cards}</ol></section>'
    )


def plain_source(citation: Citation) -> str:
    """One source as a line of plain text: "[1] Title, area, section, reviewed date: https://..."."""
    parts = [display_title(citation), citation.area or texts.WEB_CARD_NATIONAL]
    section = clean_location(citation.location)
    if section:
        parts.append(section)
    reviewed = readable_date(citation.reviewed)
    parts.append(texts.WEB_CARD_REVIEWED.format(date=reviewed) if reviewed else texts.WEB_CARD_NO_DATE)
    line = f"[{int(citation.n)}] " + ", ".join(parts)
    url = safe_url(citation.url) or safe_url((citation.contact or {}).get("website"))
    return f"{line}: {url}" if url else line
