"""Turn an Answer into safe chat-message markup: the answer text, then numbered source cards.

Everything that came from a user or a source is text, never markup: HTML is escaped, Markdown link and image
syntax is neutralised, and the only links on the page are the http(s), mailto: and tel: links built here from
validated values. The Chatbot's own sanitiser is a second line of defence, not the first.
"""

from __future__ import annotations

import html
import re
from datetime import date

from assistant import texts
from assistant.answer import SAFEGUARDING, Answer, Citation

_SAFE_URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+$")
# A Markdown link whose target is a plain http(s)/mailto/tel address may stay a link; any other is text.
_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,200})\]\(\s*((?:https?://|mailto:|tel:)[^\s()<>\"'`]+)\s*\)", re.IGNORECASE)
# Characters that would let text become Markdown structure we do not want: links, images, code, raw HTML.
_MD_SPECIAL = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "`": "\\`", "<": "&lt;", ">": "&gt;", "&": "&amp;"})


def safe_url(url: str | None) -> str | None:
    """The URL if it is a well-formed http(s) address, else None (javascript:, data:, relative, junk)."""
    if not url:
        return None
    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    return url if _SAFE_URL_RE.match(url) else None


def escape_markdown(text: str) -> str:
    """Text that renders exactly as typed: no HTML, no links, no images, no code spans.

    Bold, italics and lists still work, because the answer text legitimately uses them.
    """
    return (text or "").translate(_MD_SPECIAL)


def answer_markdown(text: str) -> str:
    """The answer's Markdown with everything but safe http(s)/mailto/tel links and emphasis made literal."""
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        target = html.escape(target, quote=True)
        links.append(f'<a href="{target}" rel="noopener noreferrer">{html.escape(label)}</a>')
        return f"\x00{len(links) - 1}\x00"

    protected = _MD_LINK_RE.sub(keep, (text or "").replace("\x00", ""))
    escaped = escape_markdown(protected)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], escaped)


def _readable_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day.strftime('%B %Y')}"


def _e(text: object) -> str:
    """HTML-escape text for element content or a quoted attribute; newlines become line breaks.

    Blank lines must never appear inside the HTML block, or the Markdown renderer would end it early.
    """
    return html.escape(str(text), quote=True).replace("\r", "").replace("\n", "<br>")


def _tel_link(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    if len(re.sub(r"\D", "", digits)) < 3:
        return _e(phone)
    return f'<a href="tel:{_e(digits)}">{_e(phone)}</a>'


def _mail_link(email: str) -> str:
    email = email.strip()
    if not _EMAIL_RE.match(email):
        return _e(email)
    return f'<a href="mailto:{_e(email)}">{_e(email)}</a>'


def _web_link(url: str, label: str | None = None) -> str:
    safe = safe_url(url)
    if not safe:
        return _e(label or url)
    return f'<a href="{_e(safe)}" rel="noopener noreferrer">{_e(label or url)}</a>'


_CONTACT_FIELDS = (("phone", _tel_link), ("email", _mail_link), ("website", _web_link), ("opening_times", _e),
                   ("address", _e))  # fmt: skip


def _contact_list(contact: dict[str, str]) -> str:
    items = []
    for key, render in _CONTACT_FIELDS:
        value = contact.get(key)
        if value and str(value).strip():
            label = texts.CONTACT_LABELS.get(key, key)
            items.append(f"<dt>{_e(label)}</dt><dd>{render(str(value).strip())}</dd>")
    return f'<dl class="sa-contact">{"".join(items)}</dl>' if items else ""


def source_card(citation: Citation) -> str:
    """One numbered source: title (linked when it has a safe URL), area, location, reviewed date, passage."""
    contact = citation.contact or {}
    name = contact.get("name") or citation.title
    url = safe_url(citation.url)
    title = _web_link(url, name) if url else _e(name)
    meta = [_e(citation.area or "England-wide (national)")]
    if citation.location:
        meta.append(_e(citation.location))
    reviewed = _readable_date(citation.reviewed)
    meta.append(f"Reviewed {_e(reviewed)}" if reviewed else "Review date not recorded")
    if contact and name != citation.title:
        meta.insert(0, _e(citation.title))
    kind = "sa-card sa-card-service" if contact else "sa-card"
    return (
        f'<li class="{kind}">'
        f'<p class="sa-card-title"><span class="sa-num">[{int(citation.n)}]</span> {title}</p>'
        f"{_contact_list(contact) if contact else ''}"
        f'<p class="sa-card-meta">{" · ".join(meta)}</p>'
        f"<details><summary>Show the quoted passage from source {int(citation.n)}</summary>"
        f'<blockquote class="sa-passage">{_e(citation.text)}</blockquote></details>'
        f"</li>"
    )


def sources_html(citations: list[Citation]) -> str:
    """The numbered source cards under an answer, in one HTML block (no blank lines)."""
    if not citations:
        return ""
    cards = "".join(source_card(c) for c in sorted(citations, key=lambda c: c.n))
    return (
        f'<section class="sa-sources" aria-label="{_e(texts.WEB_SOURCES_HEADING)}">'
        f'<p class="sa-sources-title"><strong>{_e(texts.WEB_SOURCES_HEADING)}</strong></p>'
        f'<ol class="sa-cards">{cards}</ol></section>'
    )


# Phone numbers in the urgent signposting become tap-to-call links: on a phone, in a crisis, that matters.
_URGENT_PHONE_RE = re.compile(r"(?<![\w.])(999|111|116 123|0\d{2,4}(?: \d{3,4}){1,2})(?![\w])")


def _call_links(markdown: str) -> str:
    return _URGENT_PHONE_RE.sub(lambda m: f'<a href="tel:{m.group(1).replace(" ", "")}">{m.group(1)}</a>', markdown)


def split_safeguarding(answer: Answer) -> tuple[str, str]:
    """(urgent signposting, the rest) for a safeguarding answer; ("", text) otherwise."""
    text = answer.answer or ""
    if answer.status != SAFEGUARDING or not text.startswith(texts.SAFEGUARDING_LEAD):
        return "", text
    head, _, rest = text.partition("\n\n")
    return head, rest


def answer_message(answer: Answer) -> str:
    """The whole assistant chat message for a finished answer."""
    urgent, body = split_safeguarding(answer)
    parts = []
    if urgent:
        # Blank lines around the Markdown let the renderer format the list inside the box.
        parts.append(f'<div class="sa-urgent">\n\n{_call_links(answer_markdown(urgent))}\n\n</div>')
    if body.strip():
        parts.append(answer_markdown(body))
    cards = sources_html(answer.citations)
    if cards:
        parts.append(cards)
    return "\n\n".join(parts)


def partial_message(text: str) -> str:
    """A streamed, unfinished answer: the text so far, escaped the same way as the final one."""
    return answer_markdown(text)


_ALL_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def question_message(question: str) -> str:
    """The user's own message, shown exactly as typed: no Markdown at all, not even emphasis or lists."""
    escaped = _ALL_MD_PUNCTUATION.sub(r"\\\1", question or "")
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
