"""Line- and fragment-level cleaning shared by the loaders.

Real Local Offer text is messy: HTML table fragments pasted into plain text, markdown bold, footnote markers,
running footers repeated on every page, tables of contents. These helpers turn such text into clean sentences
without deciding structure; send_assistant/ingest/loaders/text.py decides what is a heading, a paragraph or a list item.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

# A footnote marker such as <sup>1</sup> carries no meaning once the footnote is inline text.
_SUP = re.compile(r"<sup>\s*[\w*†‡§]{0,3}\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
_BOLD = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
# "3. Key indicators:....." / "Safeguarding.....16" / "1. Local context<TAB>3"
_TOC_DOTS = re.compile(r"(\.{4,}|…{2,}|(\. ){4,})\s*\d{0,4}\s*$")
_TOC_TAB = re.compile(r"^[^\t]{2,100}\t+\s*\d{1,4}\s*$")
_CONTENTS = re.compile(r"^\W*(table of )?contents\W*$", re.IGNORECASE)
_FRAGMENT_TAG = re.compile(r"<(/?)(ul|ol|li|p|br|div|td|th|tr)\b[^>]*>", re.IGNORECASE)
# An inline list written as "<ul> - item - item": a dash preceded by space and followed by the next item's start.
_INLINE_ITEM_SPLIT = re.compile(r"(?:^|\s)-\s*(?=[A-Z0-9“\"'(‘£])")

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]  # fmt: skip
    )
}
_MONTHS.update({name[:3]: num for name, num in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_DATE_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_DATE_SLASH = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def normalise_space(text: str) -> str:
    """Collapse runs of spaces/tabs/non-breaking spaces into one space and trim."""
    return _SPACES.sub(" ", text).strip()


def strip_inline_markup(text: str) -> str:
    """Remove footnote markers, HTML tags, markdown bold and link syntax; unescape entities.

    Link targets are kept only when they are real web addresses, so a reader can still follow them.
    """
    text = _SUP.sub("", text)
    text = _MD_LINK.sub(_link_text, text)
    text = _TAG.sub(" ", text)
    text = _BOLD.sub("", text)
    text = html.unescape(text)
    return normalise_space(text)


def _link_text(match: re.Match[str]) -> str:
    label, target = match.group(1), match.group(2)
    if target.startswith(("http://", "https://")) and target.rstrip("/") not in label and label not in target:
        return f"{label} ({target})"
    return label


def is_bold_only(text: str) -> bool:
    """True when the whole line is wrapped in ** ** (a common way of writing a heading in pasted text)."""
    t = text.strip()
    return len(t) > 4 and t.startswith("**") and t.endswith("**") and "**" not in t[2:-2]


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry: text followed by dot leaders and/or a page number."""
    return bool(_TOC_DOTS.search(line.rstrip()) or _TOC_TAB.match(line.rstrip()))


def is_contents_heading(line: str) -> bool:
    """The "Contents" line that introduces a table of contents."""
    return bool(_CONTENTS.match(strip_inline_markup(line)))


def repeat_key(line: str) -> str:
    """Normalised form of a line used to spot boilerplate repeated across a document."""
    return strip_inline_markup(line).lower()


def repeated_lines(lines: Iterable[str], min_count: int = 3, min_words: int = 6) -> set[str]:
    """Keys of lines that occur min_count+ times: running footers, footnotes pasted on every page.

    Short lines ("Response", "Yes") repeat legitimately as headings or answers, so they need min_words.
    """
    counts = Counter(repeat_key(line) for line in lines if line.strip())
    return {key for key, n in counts.items() if n >= min_count and len(key.split()) >= min_words}


def split_html_fragment(text: str) -> list[tuple[str, str]]:
    """Split text holding HTML fragments (<p>, <ul> with "- item - item") into (kind, text) pieces.

    kind is "paragraph" or "list_item". Each "- x" inside an inline <ul> becomes its own list item.
    Markup inside pieces is stripped.
    """
    pieces: list[tuple[str, str]] = []
    in_list = False
    pos = 0
    for match in _FRAGMENT_TAG.finditer(text):
        _emit_fragment(text[pos : match.start()], in_list, pieces)
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag in ("ul", "ol"):
            in_list = not closing
        elif tag == "p" and not closing:  # a <p> cannot sit inside a list: an unclosed pasted <ul> ends here
            in_list = False
        pos = match.end()
    _emit_fragment(text[pos:], in_list, pieces)
    return pieces


def _emit_fragment(raw: str, in_list: bool, pieces: list[tuple[str, str]]) -> None:
    if not strip_inline_markup(raw):
        return
    if in_list or re.match(r"\s*-\s*[A-Z0-9]", raw):
        for item in _INLINE_ITEM_SPLIT.split(raw):
            cleaned = strip_inline_markup(item)
            if cleaned:
                pieces.append(("list_item", cleaned))
    else:
        pieces.append(("paragraph", strip_inline_markup(raw)))


def has_html_fragment(text: str) -> bool:
    """True when a line carries block-level HTML (<p>, <ul>, <li>...) that needs splitting."""
    return bool(_FRAGMENT_TAG.search(text))


def parse_date(text: str) -> str | None:
    """Find the first date in text ("3 March 2025", "March 3, 2025", "2025-03-03", "03/03/2025") as YYYY-MM-DD.

    Slash dates are read day-first, as UK sites write them.
    """
    found: list[tuple[int, tuple[int, int, int]]] = []
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), (int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _DATE_DMY.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            found.append((m.start(), (int(m.group(3)), month, int(m.group(1)))))
    for m in _DATE_MDY.finditer(text):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            found.append((m.start(), (int(m.group(3)), month, int(m.group(2)))))
    for m in _DATE_SLASH.finditer(text):
        found.append((m.start(), (int(m.group(3)), int(m.group(2)), int(m.group(1)))))
    for _, (year, month, day) in sorted(found):
        if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None
