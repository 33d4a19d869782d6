"""Turn an Answer into safe chat-message markup: a heading naming the area, the answer, the council's own
signposts, numbered source cards, and a "Copy answer" button carrying the answer as plain text.

Everything that came from a user or a source is text, never markup: HTML is escaped, Markdown link and image
syntax is neutralised, and the only links on the page are the http(s), mailto:, tel: and same-page links built
here from validated values. The Chatbot's own sanitiser is a second line of defence, not the first.
"""

from __future__ import annotations

import html
import re

from send_assistant.answering import texts
from send_assistant.answering.answer import NOT_FOUND, SAFEGUARDING, Answer
from send_assistant.answering.area_profiles import AreaProfile
from send_assistant.web.cards import card_id, e, plain_source, safe_url, source_card, sources_html, web_link

__all__ = ["answer_message", "escape_markdown", "plain_text", "question_message", "safe_url", "source_card",
           "sources_html"]  # fmt: skip

# A Markdown link whose target is a plain http(s)/mailto/tel address may stay a link; any other is text.
_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,200})\]\(\s*((?:https?://|mailto:|tel:)[^\s()<>\"'`]+)\s*\)", re.IGNORECASE)
# Characters that would let text become Markdown structure we do not want: links, images, code, raw HTML.
_MD_SPECIAL = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "`": "\\`", "<": "&lt;", ">": "&gt;", "&": "&amp;"})
_ESCAPED_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")
_SIGNPOST_WORDS = re.compile(r"\b(SENDIASS|IASS|Local Offer|advice and support service)\b", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Text that renders exactly as typed: no HTML, no links, no images, no code spans.

    Bold, italics and lists still work, because the answer text legitimately uses them.
    """
    return (text or "").translate(_MD_SPECIAL)


def answer_markdown(text: str, answer_id: str = "", numbers: frozenset[int] = frozenset()) -> str:
    """The answer's Markdown with everything but safe links and emphasis made literal.

    [n] markers for which there is a source card become links to that card.
    """
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        target = html.escape(target, quote=True)
        links.append(f'<a href="{target}" rel="noopener noreferrer">{html.escape(label)}</a>')
        return f"\x00{len(links) - 1}\x00"

    def marker(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        target = card_id(answer_id, n)
        label = e(texts.WEB_SOURCE_LINK_LABEL.format(n=n))
        # Gradio's chat sanitiser drops aria-label, so the accessible name is hidden text inside the link.
        hidden = f'<span class="sa-visually-hidden">{label}: </span>'
        return f'<a class="sa-ref" href="#{target}" data-card="{target}">{hidden}[{n}]</a>'

    protected = _MD_LINK_RE.sub(keep, (text or "").replace("\x00", ""))
    escaped = _ESCAPED_MARKER.sub(marker, escape_markdown(protected))
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], escaped)


def cited_counts(text: str) -> dict[int, int]:
    """How many sentences (or list items) of the answer cite each source number."""
    counts: dict[int, int] = {}
    for sentence in _SENTENCE_END.split(text or ""):
        for n in {int(m) for m in _MARKER.findall(sentence)}:
            counts[n] = counts.get(n, 0) + 1
    return counts


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


def area_label(area: str, profile: AreaProfile | None = None) -> str:
    """The area as shown to people: its display name, or "England-wide" when none was chosen."""
    if not area:
        return texts.WEB_ENGLAND_WIDE
    return profile.name if profile is not None else area


def scope_of(answer: Answer) -> str:
    """The answer's scope ("local", "national", "mixed"), from the Answer when it says, else from its sources."""
    scope = getattr(answer, "scope", None)
    if scope in texts.WEB_SCOPE:
        return scope
    areas = {bool(c.area) for c in answer.citations}
    if not areas:
        return ""
    if areas == {True}:
        return "local"
    return "national" if areas == {False} else "mixed"


def scope_sentence(answer: Answer, profile: AreaProfile | None = None) -> str:
    """One line saying whether the answer is about the council or England-wide ("" when it has no sources)."""
    scope = scope_of(answer)
    if scope == "national":
        return texts.WEB_SCOPE["national"]
    local = {c.area for c in answer.citations if c.area}
    area = answer.area or (next(iter(local)) if len(local) == 1 else "")
    if not scope or not area:
        return ""
    return texts.WEB_SCOPE[scope].format(area=area_label(area, profile if area == answer.area else None))


def _wants_signposts(answer: Answer) -> bool:
    if answer.status in (NOT_FOUND, SAFEGUARDING):
        return True
    if any(c.contact for c in answer.citations):
        return True
    return bool(_SIGNPOST_WORDS.search(answer.answer or ""))


def _signposts(profile: AreaProfile | None) -> list[tuple[str, str, str]]:
    """(label, name, url) for the council's Local Offer, SENDIASS and parent carer forum."""
    if profile is None:
        return []
    rows = [(texts.WEB_HELP_LOCAL_OFFER, profile.local_offer), (texts.WEB_HELP_SENDIASS, profile.sendiass)]
    if profile.parent_carer_forum:
        rows.append((texts.WEB_HELP_FORUM, profile.parent_carer_forum))
    return [(label, s.name, s.url) for label, s in rows]


def _already_said(answer: Answer, rows: list[tuple[str, str, str]]) -> bool:
    """True when the answer text already names every signpost and there is no address to add."""
    if not rows or any(url for _, _, url in rows):
        return False
    return all(name and name in answer.answer for _, name, _ in rows)


def signposts_html(answer: Answer, profile: AreaProfile | None = None) -> str:
    """The chosen council's Local Offer and SENDIASS (links only where the area profile has an address)."""
    if not _wants_signposts(answer) or _already_said(answer, _signposts(profile)):
        return ""
    if not answer.area or profile is None:
        if answer.area:
            return ""
        return f'<div class="sa-signposts"><p>{e(texts.WEB_HELP_NO_AREA)}</p></div>'
    items = []
    for label, name, url in _signposts(profile):
        shown = web_link(url, name or url) if safe_url(url) else e(name or texts.WEB_HELP_UNKNOWN)
        items.append(f"<li>{e(label)}: {shown}</li>")
    heading = e(texts.WEB_HELP_HEADING.format(area=profile.name))
    return f'<div class="sa-signposts"><p><strong>{heading}</strong></p><ul>{"".join(items)}</ul></div>'


def _about(answer: Answer, profile: AreaProfile | None) -> str:
    """The area an answer is about: the chosen one, else the one local area all its sources share."""
    if answer.area:
        return area_label(answer.area, profile)
    areas = {c.area for c in answer.citations}
    return next(iter(areas)) if len(areas) == 1 and "" not in areas else texts.WEB_ENGLAND_WIDE


def answer_heading(answer: Answer, profile: AreaProfile | None = None) -> str:
    """The heading each answer starts with (focus moves here), naming the area it is about."""
    text = texts.WEB_ANSWER_HEADING.format(area=_about(answer, profile))
    return f'<h3 class="sa-answer-heading" tabindex="-1">{e(text)}</h3>'


def _intro(answer: Answer, profile: AreaProfile | None) -> str:
    lines = []
    corrected = getattr(answer, "corrected_question", None)
    if corrected:
        lines.append(f'<p class="sa-corrected">{e(texts.WEB_CORRECTED.format(question=corrected))}</p>')
    scope = scope_sentence(answer, profile)
    if scope:
        lines.append(f'<p class="sa-scope">{e(scope)}</p>')
    return "".join(lines)


def answer_message(answer: Answer, profile: AreaProfile | None = None) -> str:
    """The whole assistant chat message for a finished answer."""
    numbers = frozenset(int(c.n) for c in answer.citations)
    urgent, body = split_safeguarding(answer)
    parts = [answer_heading(answer, profile) + _intro(answer, profile)]
    if urgent:
        # Blank lines around the Markdown let the renderer format the list inside the box.
        parts.append(f'<div class="sa-urgent">\n\n{_call_links(answer_markdown(urgent))}\n\n</div>')
    if body.strip():
        parts.append(answer_markdown(body, answer.id, numbers))
    tail = signposts_html(answer, profile)
    tail += sources_html(answer.citations, answer.id, cited_counts(body))
    # The sanitiser drops data- attributes, so the plain text rides in a hidden element beside the button.
    plain = html.escape(plain_text(answer, profile), quote=False).replace("\r", "").replace("\n", "&#10;")
    tail += (
        f'<div class="sa-tools"><button type="button" class="sa-copy">{e(texts.WEB_COPY)}</button>'
        f'<pre class="sa-plain">{plain}</pre></div>'
    )
    parts.append(tail)
    return "\n\n".join(parts)


def _plain(markdown: str) -> str:
    text = _MD_LINK_RE.sub(lambda m: f"{m.group(1)} ({m.group(2)})", markdown or "")
    return re.sub(r"\*\*|__", "", text).strip()


def plain_text(answer: Answer, profile: AreaProfile | None = None) -> str:
    """The answer as plain text for the clipboard: heading, answer, council signposts, numbered sources."""
    lines = [texts.WEB_ANSWER_HEADING.format(area=_about(answer, profile))]
    corrected = getattr(answer, "corrected_question", None)
    if corrected:
        lines.append(texts.WEB_CORRECTED.format(question=corrected))
    lines += ["", _plain(answer.answer)]
    if _wants_signposts(answer) and answer.area and profile is not None:
        lines += ["", texts.WEB_HELP_HEADING.format(area=profile.name) + ":"]
        for label, name, url in _signposts(profile):
            shown = name or texts.WEB_HELP_UNKNOWN
            lines.append(f"- {label}: {shown}" + (f" ({safe_url(url)})" if safe_url(url) else ""))
    if answer.citations:
        lines += ["", texts.WEB_SOURCES_HEADING + ":"]
        lines += [plain_source(c) for c in sorted(answer.citations, key=lambda c: c.n)]
    return "\n".join(lines).strip()


def partial_message(text: str) -> str:
    """A streamed, unfinished answer: the text so far, escaped the same way as the final one."""
    return answer_markdown(text)


_ALL_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def question_message(question: str, area: str | None = None) -> str:
    """The user's own message, shown exactly as typed (no Markdown at all), with the area it was asked for."""
    escaped = _ALL_MD_PUNCTUATION.sub(r"\\\1", question or "")
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if area is None:
        return escaped
    asked = e(texts.WEB_ASKED_FOR.format(area=area or texts.WEB_ENGLAND_WIDE))
    return f'{escaped}\n\n<p class="sa-asked-for">{asked}</p>'
