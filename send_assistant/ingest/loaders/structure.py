"""Structure decisions for text-like sources: tables, numbered paragraphs, broken lines, headings and levels.

Input is the RawBlocks the line scanner found (send_assistant/ingest/loaders/text.py); output is clean model Blocks.
RawBlock is defined here, beside the decisions that read it, so the scanner imports this module and not the reverse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from send_assistant.ingest import clean
from send_assistant.ingest.model import Block

# "2.23 text", "9.14. text", "2. text" at the start of a paragraph
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,3})*)\.?\s+(?=\S)")
_DECIMAL = re.compile(r"^(\d{1,2}\.\d{1,3})\.?\s")
# Section headings like "3A. Strategic leadership" or "1. Local Context"
_SECTION_NUMBER = re.compile(r"^(\d{1,2}[A-Z]|\d{1,2})\.?\s+[A-Z]")
_TERMINAL = (".", "!", "?", ":", ";")
_NOT_HEADING_START = re.compile(
    r"^(dear|yours|kind regards|best wishes|tel\b|telephone|email|phone|cc\b|(yes|no|n/?a|none|tbc)\W*$)", re.I
)
_FIELD = re.compile(r"^[^:]{1,40}:\s+\S")  # "Date: 29 September 2020" is a form field, not a heading
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")  # an address line, not a heading
_DATE_ONLY = re.compile(r"^(\d{1,2}(st|nd|rd|th)? )?[A-Z][a-z]{2,8},? \d{4}$")
_FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "of", "in", "to", "for", "with", "from", "by", "on", "at", "is", "are", "was",
    "were", "be", "that", "which", "who", "their", "its", "our", "as", "not", "but", "this", "these", "such",
}  # fmt: skip


@dataclass
class RawBlock:
    """A block before structure decisions: where it came from and how it was written."""

    kind: str  # heading, paragraph, list_item, table
    text: str
    page: int | None
    gap_before: bool  # a blank line or page break came before it
    level: int = 0
    indent: int = 0
    number: str | None = None
    in_table: bool = False  # a cell of a table whose columns became headed sections
    locked: bool = False  # built from a table row: never promoted to a heading nor joined to its neighbours
    bold: bool = False
    explicit_heading: bool = False  # a markdown # heading: trusted as written
    rows: list[list[str]] = field(default_factory=list)
    last_line: str = ""  # the last physical line, for deciding where hard-wrapped paragraphs end


def number_of(text: str) -> str | None:
    """The numbered-paragraph label a text starts with ("2.23", "5"), or None."""
    match = _NUMBER.match(text)
    return match.group(1) if match else None


def finish_blocks(raws: list[RawBlock]) -> list[Block]:
    """Expand tables and HTML fragments, number paragraphs, rejoin broken lines, detect headings and levels."""
    expanded: list[RawBlock] = []
    for raw in raws:
        expanded.extend(_expand(raw))
    _number_paragraphs(expanded)
    for raw in expanded:
        if raw.kind == "heading" and raw.explicit_heading and _DATE_ONLY.match(raw.text):
            raw.kind, raw.explicit_heading = "paragraph", False  # "#### 12 February 2020" dates a letter
    merged = _merge_continuations(expanded)
    _detect_headings(merged)
    return _assign_levels(merged)


def _expand(raw: RawBlock) -> list[RawBlock]:
    """Tables become headed columns or "key: value" lines; inline HTML becomes paragraphs and list items."""

    if raw.kind == "table":
        return _expand_table(raw)
    if raw.kind != "heading" and clean.has_html_fragment(raw.text):
        out = []
        for i, (kind, text) in enumerate(clean.split_html_fragment(raw.text)):
            out.append(RawBlock(kind, text, raw.page, raw.gap_before if i == 0 else kind == "paragraph"))
        return out
    raw.text = clean.strip_inline_markup(raw.text)
    return [raw] if raw.text else []


def _expand_table(raw: RawBlock) -> list[RawBlock]:

    rows = [_trim(row) for row in raw.rows]
    rows = [row for row in rows if row]
    header = rows[0] if len(rows) > 1 else None
    if header and all(len(c.split()) <= 15 and not clean.has_html_fragment(c) for c in header):
        data = rows[1:]
        rich = any(clean.has_html_fragment(c) or len(c.split()) > 20 for row in data for c in row)
        if rich:  # a "Strengths | Areas for improvement" grid: each column read as its own headed section
            out: list[RawBlock] = []
            for j, title in enumerate(header):
                out.append(RawBlock("heading", clean.strip_inline_markup(title), raw.page, True, level=-1))
                for row in data:
                    if j < len(row) and row[j]:
                        out.extend(_expand(RawBlock("paragraph", row[j], raw.page, True)))
            for block in out:
                block.in_table = True
            return out
        lines = []
        for row in data:
            pairs = [
                f"{clean.strip_inline_markup(h)}: {clean.strip_inline_markup(v)}"
                for h, v in zip(header, row, strict=False)
                if v
            ]
            lines.append("; ".join(pairs))
        return [RawBlock("paragraph", line, raw.page, True, locked=True) for line in lines if line]
    out = []
    for row in rows:
        text = " | ".join(clean.strip_inline_markup(c) for c in row if c)
        if text:
            out.append(RawBlock("paragraph", text, raw.page, True, locked=True))
    return out


def _trim(row: list[str]) -> list[str]:
    while row and not row[-1].strip():
        row = row[:-1]
    return [c.strip() for c in row]


def _number_paragraphs(raws: list[RawBlock]) -> None:
    """Numbered paragraphs ("2.23 ...", a standalone "5. ...") are paragraphs with a number, not list items."""
    for i, raw in enumerate(raws):
        if raw.kind == "heading":
            continue
        if raw.kind == "list_item":
            nxt = raws[i + 1] if i + 1 < len(raws) else None
            standalone = raw.gap_before and (nxt is None or nxt.gap_before or nxt.kind != "list_item")
            if _DECIMAL.match(raw.text) or (standalone and _NUMBER.match(raw.text)):
                raw.kind = "paragraph"
        if raw.kind == "paragraph":
            match = _NUMBER.match(raw.text)
            if match:
                raw.number = match.group(1)


def _merge_continuations(raws: list[RawBlock]) -> list[RawBlock]:
    """Rejoin text split by a page break or pasted layout ("... the Council's Portfolio" / "Holder for ...")."""
    out: list[RawBlock] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is not None and raw.gap_before and _continues(prev, raw):
            prev.text = f"{prev.text} {raw.text}"
            continue
        out.append(raw)
    return out


def _continues(prev: RawBlock, raw: RawBlock) -> bool:
    if prev.kind not in ("paragraph", "list_item") or raw.kind not in ("paragraph", "list_item") or not raw.text:
        return False
    if prev.locked or raw.locked or prev.in_table != raw.in_table:
        return False
    if raw.number or prev.text.endswith(_TERMINAL) or prev.text.endswith(")"):
        return False
    first = raw.text[0]
    if first.islower():
        return True
    if raw.kind != "paragraph" or _heading_like(raw.text):
        return False
    last_word = prev.text.rsplit(None, 1)[-1].lower()
    return prev.text.endswith(",") or last_word in _FUNCTION_WORDS or len(prev.text.split()) >= 20


def _heading_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 12 and not text.endswith((".", ",", ";", ":", "!")) and not text[0].islower()


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _detect_headings(raws: list[RawBlock]) -> None:
    """Promote short standalone lines to headings: ALL CAPS, bold-only, "3A. Section", short title lines."""
    for i in range(len(raws) - 1, -1, -1):
        raw = raws[i]
        if raw.kind != "paragraph" or not raw.gap_before or raw.locked:
            continue
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if nxt is not None and not nxt.gap_before:
            continue
        style = _heading_style(raw, nxt)
        if style:
            raw.kind = "heading"
            raw.level = {"caps": -2, "numbered": -3, "plain": -4}[style]


def _heading_style(raw: RawBlock, nxt: RawBlock | None) -> str | None:
    text = raw.text
    words = text.split()
    if not words or nxt is None or _NOT_HEADING_START.match(text) or "@" in text or "www." in text:
        return None
    if raw.number and "." not in raw.number and len(words) <= 60 and nxt.kind == "heading" and nxt.level == -4:
        # "2. BCCG has only very recently ..." heads a section when a short heading ("Context") follows it
        return "numbered"
    if text.endswith((".", ",", ";", ":", "!")) or text[0].islower() or not any(c.isalpha() for c in text):
        return None
    if _DATE_ONLY.match(text) or _FIELD.match(text) or _POSTCODE.search(text):
        return None
    followed_by_text = (
        nxt.kind in ("list_item", "table")
        or (nxt.kind == "heading" and nxt.level == -1)  # a table whose columns carry their own headings
        or (nxt.kind == "paragraph" and (len(nxt.text.split()) >= 8 or nxt.text.endswith((".", ":"))))
    )
    if _SECTION_NUMBER.match(text) and raw.number is None and len(words) <= 20 and followed_by_text:
        return "numbered"  # "3A. Strategic leadership ..." (a letter after the digit: never a paragraph number)
    if raw.number:
        # "1. Local Context" is a heading; "2.3 The plan ..." never is
        return "numbered" if "." not in raw.number and len(words) <= 8 and followed_by_text else None
    if len(words) <= 12 and _is_caps(text):
        return "caps"
    if len(words) <= 12 and (raw.bold or len(words) <= 10) and followed_by_text:
        return "plain"
    return None


def _assign_levels(raws: list[RawBlock]) -> list[Block]:
    """Markdown headings keep their level; detected styles rank caps > numbered > plain; table columns nest.

    Text after a headed table belongs to the section the table sits in, so that section's heading is repeated
    to close the table's column headings.
    """
    has_markdown = any(r.explicit_heading for r in raws)
    detected = {-2: 2 if has_markdown else 1, -3: 2, -4: 3}
    blocks: list[Block] = []
    parent: Block | None = None  # the last heading outside any table
    in_table = False
    for raw in raws:
        if in_table and not raw.in_table and parent is not None and raw.kind != "heading":
            blocks.append(Block("heading", parent.text, level=parent.level, page=parent.page))
        in_table = raw.in_table
        if raw.kind != "heading":
            blocks.append(Block(raw.kind, raw.text, page=raw.page, number=raw.number))
            continue
        if raw.level == -1:  # table column heading: one below the heading the table sits under
            level = (parent.level if parent else 0) + 1
        else:
            level = detected.get(raw.level, raw.level)
        block = Block("heading", raw.text, level=level, page=raw.page)
        if raw.level != -1:
            parent = block
        blocks.append(block)
    return blocks
